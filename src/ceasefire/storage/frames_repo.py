"""Columnar reads of the record for statistics, bulletins and exports: one row per incident.

The frame is read as the record stood at an instant (`as_of`): incidents created by then, each
with the zone assignment that was current then (the latest computed by that instant; the
history of assignments is kept, so this is exact), so that a bulletin cut at an instant can be
produced again later with the same counts. With `as_of=None` it is the record now.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Connection, Select, and_, func, select
from sqlalchemy.sql.selectable import Subquery

from ceasefire.storage.schema import incidents, zone_assignments

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


def incident_query(
    *, as_of: datetime | None = None, since: date | None = None, until: date | None = None
) -> Select[tuple[object, ...]]:
    """The SELECT behind `incident_frame`, for callers that stream it (large exports)."""
    i, za = incidents, zone_assignments
    chosen = _assignment_ids(as_of)
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
            i.c.status,
            i.c.source_name,
            i.c.source_url,
            za.c.zone_id,
            za.c.zone_version,
            za.c.relation.label("zone_relation"),
            za.c.share.label("zone_share"),
        )
        .select_from(i)
        .outerjoin(chosen, chosen.c.incident_id == i.c.id)
        .outerjoin(za, za.c.id == chosen.c.assignment_id)
        .order_by(i.c.date_start, i.c.id)
    )
    if as_of is not None:
        query = query.where(i.c.created_at <= as_of)
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
    return pd.DataFrame(result.fetchall(), columns=list(FRAME_COLUMNS))
