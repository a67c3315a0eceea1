"""What the map and the incident list read: one flat row per incident with its current zone and
whether it is published, the audit feed that says which incidents changed, and publications.

An incident is published when it came from an open-data import (a file of already published
events, `import_id` set) or when an analyst published it; everything else stays inside the
centre until then.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, Select, and_, func, insert, select

from ceasefire.storage.schema import audit_events, audit_head, incidents, publications, zone_assignments

_BATCH = 5000


@dataclass(frozen=True, slots=True)
class ListingRow:
    """The fields of an incident that lists, filters and map markers need."""

    id: str
    date_start: date
    date_end: date
    date_precision: str
    event_type: str
    sub_event_type: str | None
    place: str
    lon: float | None
    lat: float | None
    geo_precision: str
    admin1: str | None
    perpetrator_side: str | None
    target_side: str | None
    fatalities_best: int | None
    status: str
    zone: str | None
    zone_relation: str | None
    published: bool


def _listing_query() -> Select[tuple[object, ...]]:
    i, a = incidents.c, zone_assignments.c
    return (
        select(
            i.id,
            i.date_start,
            i.date_end,
            i.date_precision,
            i.event_type,
            i.sub_event_type,
            i.place_name,
            i.lon,
            i.lat,
            i.geo_precision,
            i.admin1,
            i.perpetrator_side,
            i.target_side,
            i.fatalities_best,
            i.status,
            a.zone_id,
            a.relation,
            (i.import_id.is_not(None) | publications.c.incident_id.is_not(None)).label("published"),
        )
        .select_from(
            incidents.outerjoin(publications, publications.c.incident_id == i.id).outerjoin(
                zone_assignments, and_(a.incident_id == i.id, a.current.is_(True))
            )
        )
        .order_by(i.id, a.id)
    )


def _rows(conn: Connection, query: Select[tuple[object, ...]]) -> Iterator[ListingRow]:
    """Rows of the listing query, the first current assignment of each incident only."""
    last: str | None = None
    for r in conn.execution_options(stream_results=True, yield_per=_BATCH).execute(query):
        if r.id == last:
            continue
        last = r.id
        yield ListingRow(
            r.id,
            r.date_start,
            r.date_end,
            r.date_precision,
            r.event_type,
            r.sub_event_type,
            r.place_name,
            r.lon,
            r.lat,
            r.geo_precision,
            r.admin1,
            r.perpetrator_side,
            r.target_side,
            r.fatalities_best,
            r.status,
            r.zone_id,
            r.relation,
            bool(r.published),
        )


def all_listing_rows(conn: Connection) -> Iterator[ListingRow]:
    return _rows(conn, _listing_query())


def listing_rows(conn: Connection, ids: Sequence[str]) -> list[ListingRow]:
    out: list[ListingRow] = []
    for k in range(0, len(ids), _BATCH):
        out.extend(_rows(conn, _listing_query().where(incidents.c.id.in_(list(ids[k : k + _BATCH])))))
    return out


def audit_seq(conn: Connection) -> int:
    """The sequence number of the newest audit event (0 for an empty record)."""
    return int(conn.execute(select(audit_head.c.seq).where(audit_head.c.id == 1)).scalar() or 0)


def changed_incidents(conn: Connection, after_seq: int, *, limit: int) -> tuple[set[str], int] | None:
    """Ids of incidents named by audit events after `after_seq`, and the newest seq seen; None
    when more than `limit` events came in (the caller then re-reads everything)."""
    newest = audit_seq(conn)
    count = (
        conn.execute(select(func.count()).select_from(audit_events).where(audit_events.c.seq > after_seq)).scalar()
        or 0
    )
    if count > limit:
        return None
    ids = conn.execute(
        select(audit_events.c.entity_id).where(
            audit_events.c.seq > after_seq, audit_events.c.seq <= newest, audit_events.c.entity_type == "incident"
        )
    ).scalars()
    return set(ids), newest


def is_published(conn: Connection, incident_id: str) -> bool | None:
    """Whether the incident is published; None when there is no such incident."""
    row = conn.execute(
        select(incidents.c.import_id, publications.c.incident_id.label("pub"))
        .select_from(incidents.outerjoin(publications, publications.c.incident_id == incidents.c.id))
        .where(incidents.c.id == incident_id)
    ).first()
    if row is None:
        return None
    return row.import_id is not None or row.pub is not None


def publish(conn: Connection, incident_id: str, actor: str) -> bool:
    """Record the publication; False when it was already published that way."""
    if conn.execute(select(publications.c.incident_id).where(publications.c.incident_id == incident_id)).first():
        return False
    conn.execute(insert(publications).values(incident_id=incident_id, published_at=datetime.now(UTC), actor=actor))
    return True
