"""The analysts' actions and what is derived from the record, over HTTP: POST
/incidents/{id}/verify, POST /assess, GET /stats, GET /bulletins and /bulletins/{date}.

Thin: each route parses with a schema, checks the action with `domain.access` and calls the
workflow the CLI calls; errors map to HTTP in `web.errors`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query
from starlette.concurrency import run_in_threadpool

from ceasefire.domain.access import Action
from ceasefire.web.analysis_schemas import (
    AssessIn,
    AssessOut,
    BulletinList,
    BulletinOut,
    StatsOut,
    VerifyIn,
    VerifyOut,
)
from ceasefire.web.auth import RecordDep, ViewerDep, allowed
from ceasefire.web.schemas import ErrorOut
from ceasefire.web.strict_body import StrictJSONRoute
from ceasefire.workflows.assessment import assess_record
from ceasefire.workflows.bulletin_register import visible_bulletins
from ceasefire.workflows.verification import verify_incident

router = APIRouter(route_class=StrictJSONRoute, tags=["analysis"])
REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut},
    403: {"model": ErrorOut},
    422: {"model": ErrorOut},
}
#: The grouping of GET /stats, as `ceasefire stats --by` takes it.
By = Annotated[str, Query(min_length=1, max_length=200, description="e.g. zone,month (as `ceasefire stats`)")]


@router.post(
    "/incidents/{incident_id}/verify",
    response_model=VerifyOut,
    responses={**REFUSALS, 404: {"model": ErrorOut}, 409: {"model": ErrorOut}},
    summary="Change an incident's status under the verification rules (analysts)",
)
def verify(
    incident_id: Annotated[str, Path(min_length=1, max_length=64)],
    body: Annotated[VerifyIn, Body()],
    record: RecordDep,
    viewer: ViewerDep,
) -> VerifyOut:
    who = allowed(viewer, Action.VERIFY_INCIDENT)
    done = verify_incident(record, incident_id, body.status, body.method, body.note, actor=f"user:{who.name}")
    step = done.transition
    return VerifyOut(
        incident_id=done.incident_id,
        from_status=str(step.frm),
        to_status=str(step.to),
        verdicts_changed=done.verdicts_changed,
    )


@router.post(
    "/assess",
    response_model=AssessOut,
    responses=REFUSALS,
    summary="Assess every active incident against the provisions (analysts)",
)
async def assess(record: RecordDep, viewer: ViewerDep, body: Annotated[AssessIn, Body()]) -> AssessOut:
    who = allowed(viewer, Action.ASSESS)
    done = await run_in_threadpool(lambda: assess_record(record, since=body.since, actor=f"user:{who.name}"))
    return AssessOut(incidents=done.incidents, verdicts_changed=done.verdicts_changed)


@router.get("/stats", response_model=StatsOut, responses={422: {"model": ErrorOut}})
async def stats(
    record: RecordDep,
    viewer: ViewerDep,
    by: Annotated[
        str, Query(min_length=1, max_length=200, description="e.g. zone,month (as `ceasefire stats`)")
    ] = "zone",
    since: date | None = None,
    until: date | None = None,
) -> StatsOut:
    """Counts of incidents, violations and fatalities per group: aggregates, no sources."""
    # pandas loads on the first statistics request, not when the app starts.
    from ceasefire.analysis.stats import parse_dimensions, records
    from ceasefire.workflows.stats import stats_table

    allowed(viewer, Action.READ)
    dims = parse_dimensions(by)
    table = await run_in_threadpool(lambda: stats_table(record, dims, since=since, until=until))
    return StatsOut(by=[str(d) for d in dims], rows=records(table))


def _bulletin_out(b: object) -> BulletinOut:
    return BulletinOut.model_validate(b, from_attributes=True)


@router.get("/bulletins", response_model=BulletinList)
def bulletins(record: RecordDep, viewer: ViewerDep) -> BulletinList:
    """Published bulletins: the public edition for everyone, the centre's for analysts."""
    return BulletinList(items=[_bulletin_out(b) for b in visible_bulletins(record, allowed(viewer, Action.READ))])


@router.get("/bulletins/{day}", response_model=BulletinList, responses={404: {"model": ErrorOut}})
def bulletins_of(day: date, record: RecordDep, viewer: ViewerDep) -> BulletinList:
    """The bulletins published for one day, in the editions the caller may read."""
    found = visible_bulletins(record, allowed(viewer, Action.READ), day)
    return BulletinList(items=[_bulletin_out(b) for b in found])
