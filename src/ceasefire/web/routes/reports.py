"""POST /reports (monitors' reports, parties' complaints; idempotent), GET /reports and
/reports/{id} (only what the caller may see). There is no PUT or DELETE: a received report
never changes (BAD_INPUTS row 68).

The body is `intake.monitor_report.Submission`, the schema `ceasefire reports submit` reads,
and it is filed by the same workflow (`workflows.reports_submit`). The schema is closed, so a
field a role may not write (`status`, `party_id`, `received_at`) is refused with 422, not
trimmed; the submitter and a complaint's party come from the token, never from the body."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Header, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from ceasefire.domain.access import Viewer
from ceasefire.intake.monitor_report import Submission
from ceasefire.web.auth import RecordDep, SubmitterDep, ViewerDep
from ceasefire.web.schemas import ClaimOut, ErrorOut, ReportOut, ReportPage
from ceasefire.web.strict_body import StrictJSONRoute
from ceasefire.workflows import report_views
from ceasefire.workflows.incident_access import claim_view, source_label
from ceasefire.workflows.reports_submit import Submitter, submit_report

router = APIRouter(route_class=StrictJSONRoute, tags=["reports"])
IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="A client-made id (a UUID) per submission; a retry with the same key returns the same report",
    ),
]


def _report_out(record: RecordDep, viewer: Viewer, stored: report_views.StoredReport) -> ReportOut:
    r = stored.report
    claims = report_views.report_claims(record, [r.id]).get(r.id, [])
    return ReportOut(
        id=r.id,
        kind=str(r.kind),
        received_at=r.received_at,
        title=r.title,
        source=source_label(viewer, stored),
        confidentiality=str(r.confidentiality),
        party_id=r.party_id,
        observed_by=str(r.observed_by) if r.observed_by else None,
        claims=[ClaimOut(**claim_view(c, stored, viewer).__dict__) for c in claims],
    )


@router.post(
    "/reports",
    status_code=201,
    response_model=ReportOut,
    responses={
        400: {"model": ErrorOut},
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        409: {"model": ErrorOut},
        413: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
    summary="File a monitor's report or a party's complaint (idempotent by Idempotency-Key)",
)
async def post_report(
    request: Request,
    response: Response,
    record: RecordDep,
    viewer: SubmitterDep,
    body: Annotated[Submission, Body()],
    key: IdempotencyKey,
) -> ReportOut:
    submitter = Submitter.for_viewer(viewer, body.kind)
    raw = await request.body()
    done = await run_in_threadpool(
        lambda: submit_report(record, raw, submitter=submitter, key=key, actor=f"user:{viewer.name}")
    )
    stored = await run_in_threadpool(report_views.visible_report, record, viewer, done.report_id)
    response.headers["Location"] = f"/reports/{done.report_id}"
    if not done.created:
        response.headers["Idempotent-Replayed"] = "true"
    return await run_in_threadpool(_report_out, record, viewer, stored)


@router.get("/reports", response_model=ReportPage)
def list_reports(
    record: RecordDep,
    viewer: ViewerDep,
    after: Annotated[str | None, Query(min_length=1, max_length=128)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ReportPage:
    found = report_views.visible_reports(record, viewer, after=after, limit=limit + 1)
    items = [_report_out(record, viewer, s) for s in found[:limit]]
    return ReportPage(items=items, next=items[-1].id if len(found) > limit else None)


@router.get("/reports/{report_id}", response_model=ReportOut, responses={404: {"model": ErrorOut}})
def get_report(
    report_id: Annotated[str, Path(min_length=1, max_length=128)], record: RecordDep, viewer: ViewerDep
) -> ReportOut:
    return _report_out(record, viewer, report_views.visible_report(record, viewer, report_id))
