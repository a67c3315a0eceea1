"""Columnar reads of the record for statistics, bulletins and exports: one row per incident.

The frame is read as the record stood at an instant (`as_of`), so that a bulletin cut at an
instant can be produced again later with the same counts. Every part of it has a history in the
record, so this is exact: incidents created by then and not retired (merged away) at that time;
the zone assignment that was current then (the latest computed by that instant); the status
after the last change made by then; and, per provision, the latest verdict computed by then.
With `as_of=None` it is the record now.

`violation` is True when any of those verdicts is `violation`, False when the incident has
verdicts and none is, None when it has none; `verdict` is the gravest of its verdicts, in the
order of `VERDICT_GRAVITY`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Select, and_, case, func, select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from ceasefire.domain.statuses import Verdict
from ceasefire.storage.active_incidents import is_active
from ceasefire.storage.schema import (
    incident_status_history,
    incidents,
    verdicts,
    zone_assignments,
)

#: Verdicts from gravest to mildest: an incident shows the gravest of its verdicts.
VERDICT_GRAVITY = (
    Verdict.VIOLATION,
    Verdict.CONTESTED,
    Verdict.INSUFFICIENT_INFORMATION,
    Verdict.EXEMPT,
    Verdict.NOT_A_VIOLATION,
    Verdict.OUTSIDE_SCOPE,
)

#: The columns of `incident_frame`, in order; `ceasefire.analysis.stats.conform` reads a subset.
FRAME_COLUMNS = (
    "incident_id",
    "date_start",
    "date_end",
    "date_precision",
    "event_type",
    "sub_event_type",
    "place_name",
    "lon",
    "lat",
    "geo_precision",
    "admin1",
    "perpetrator_name",
    "perpetrator_side",
    "target_name",
    "target_side",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "status",
    "source_name",
    "source_url",
    "zone_id",
    "zone_version",
    "zone_relation",
    "zone_share",
    "violation",
    "verdict",
)


def _assignment_ids(as_of: datetime | None) -> Subquery:
    """Per incident, the id of its primary assignment as of the instant (or now)."""
    za = zone_assignments
    if as_of is None:
        query = select(za.c.incident_id, func.min(za.c.id).label("assignment_id")).where(za.c.current.is_(True))
    else:
        last = (
            select(za.c.incident_id, func.max(za.c.computed_at).label("computed_at"))
            .where(za.c.computed_at <= as_of)
            .group_by(za.c.incident_id)
            .subquery()
        )
        query = select(za.c.incident_id, func.min(za.c.id).label("assignment_id")).join(
            last, and_(last.c.incident_id == za.c.incident_id, last.c.computed_at == za.c.computed_at)
        )
    return query.group_by(za.c.incident_id).subquery()


def _verdict_summary(as_of: datetime | None) -> Subquery:
    """Per incident: whether any provision's verdict is a violation, and the gravest verdict's rank."""
    v = verdicts
    if as_of is None:
        chosen = select(v.c.incident_id, v.c.verdict).where(v.c.current.is_(True)).subquery()
    else:
        last = (
            select(v.c.incident_id, v.c.agreement_id, v.c.provision_id, func.max(v.c.computed_at).label("at"))
            .where(v.c.computed_at <= as_of)
            .group_by(v.c.incident_id, v.c.agreement_id, v.c.provision_id)
            .subquery()
        )
        chosen = (
            select(v.c.incident_id, v.c.verdict)
            .join(
                last,
                and_(
                    last.c.incident_id == v.c.incident_id,
                    last.c.agreement_id == v.c.agreement_id,
                    last.c.provision_id == v.c.provision_id,
                    last.c.at == v.c.computed_at,
                ),
            )
            .subquery()
        )
    rank = case(
        *((chosen.c.verdict == str(verdict), len(VERDICT_GRAVITY) - k) for k, verdict in enumerate(VERDICT_GRAVITY)),
        else_=0,
    )
    return select(chosen.c.incident_id, func.max(rank).label("gravity")).group_by(chosen.c.incident_id).subquery()


def _status_as_of(as_of: datetime) -> tuple[Subquery, Subquery]:
    """The last status change made by `as_of`, and the first made after it (whose `from_status`
    is the status at `as_of` when no earlier change exists)."""
    h = incident_status_history
    before = (
        select(h.c.incident_id, func.max(h.c.id).label("hid"))
        .where(h.c.at <= as_of)
        .group_by(h.c.incident_id)
        .subquery()
    )
    after = (
        select(h.c.incident_id, func.min(h.c.id).label("hid"))
        .where(h.c.at > as_of)
        .group_by(h.c.incident_id)
        .subquery()
    )
    return before, after


def incident_query(
    *, as_of: datetime | None = None, since: date | None = None, until: date | None = None
) -> Select[tuple[object, ...]]:
    """The SELECT behind `incident_frame`, for callers that stream it (large exports)."""
    i, za = incidents, zone_assignments
    chosen = _assignment_ids(as_of)
    summary = _verdict_summary(as_of)
    status: ColumnElement[Any] = i.c.status
    if as_of is not None:
        before, after = _status_as_of(as_of)
        h_before, h_after = incident_status_history.alias("h_before"), incident_status_history.alias("h_after")
        status = func.coalesce(h_before.c.to_status, h_after.c.from_status, i.c.status)
    query = (
        select(
            i.c.id.label("incident_id"),
            i.c.date_start,
            i.c.date_end,
            i.c.date_precision,
            i.c.event_type,
            i.c.sub_event_type,
            i.c.place_name,
            i.c.lon,
            i.c.lat,
            i.c.geo_precision,
            i.c.admin1,
            i.c.perpetrator_name,
            i.c.perpetrator_side,
            i.c.target_name,
            i.c.target_side,
            i.c.fatalities_low,
            i.c.fatalities_best,
            i.c.fatalities_high,
            status.label("status"),
            i.c.source_name,
            i.c.source_url,
            za.c.zone_id,
            za.c.zone_version,
            za.c.relation.label("zone_relation"),
            za.c.share.label("zone_share"),
            summary.c.gravity,
        )
        .select_from(i)
        .outerjoin(chosen, chosen.c.incident_id == i.c.id)
        .outerjoin(za, za.c.id == chosen.c.assignment_id)
        .outerjoin(summary, summary.c.incident_id == i.c.id)
        .order_by(i.c.date_start, i.c.id)
    )
    # Withdrawn and merged-away incidents are left out by the filter every output shares.
    query = query.where(is_active(as_of))
    if as_of is not None:
        query = (
            query.outerjoin(before, before.c.incident_id == i.c.id)
            .outerjoin(h_before, h_before.c.id == before.c.hid)
            .outerjoin(after, after.c.incident_id == i.c.id)
            .outerjoin(h_after, h_after.c.id == after.c.hid)
            .where(i.c.created_at <= as_of)
        )
    if since is not None:
        query = query.where(i.c.date_end >= since)
    if until is not None:
        query = query.where(i.c.date_start <= until)
    return query


def incident_frame(
    conn: Connection, *, as_of: datetime | None = None, since: date | None = None, until: date | None = None
) -> pd.DataFrame:
    """Incidents whose dates overlap [since, until], with their zone assignment as of `as_of`.

    Columns are `FRAME_COLUMNS`; dates are `datetime.date`, missing values None. `as_of` must be
    timezone-aware (it is compared with stored UTC instants).
    """
    if as_of is not None and as_of.tzinfo is None:
        raise ValueError("incident_frame: as_of must be timezone-aware")
    if as_of is not None:  # SQLite keeps instants as naive UTC text: compare in UTC
        as_of = as_of.astimezone(UTC)
    result = conn.execute(incident_query(as_of=as_of, since=since, until=until))
    frame = pd.DataFrame(result.fetchall(), columns=[*FRAME_COLUMNS[:-2], "gravity"])
    for column in ("fatalities_low", "fatalities_best", "fatalities_high", "zone_version"):
        frame[column] = frame[column].astype("Int64")
    gravity = pd.to_numeric(frame.pop("gravity"), errors="coerce")
    names = {len(VERDICT_GRAVITY) - k: str(v) for k, v in enumerate(VERDICT_GRAVITY)}
    frame["violation"] = (gravity == len(VERDICT_GRAVITY)).astype("boolean").where(gravity.notna(), pd.NA)
    frame["verdict"] = gravity.map(names).astype(object).where(gravity.notna(), None)
    return frame
