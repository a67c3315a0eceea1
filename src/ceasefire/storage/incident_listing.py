"""What the map and the incident list read: one flat row per incident with its current zone and
whether it is published, the audit feed that says which incidents changed, and publications.

An incident is published when it came from an open-data import (a file of already published
events, `import_id` set) or when an analyst published it; everything else stays inside the
centre until then.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection, Select, and_, func, insert, select

from ceasefire.domain.statuses import Verdict
from ceasefire.storage.active_incidents import hidden_ids
from ceasefire.storage.schema import (
    audit_events,
    audit_head,
    incidents,
    publications,
    verdicts,
    zone_assignments,
)

_BATCH = 5000


class ListingRow(NamedTuple):
    """The fields of an incident that lists, filters and map markers need (a tuple: a million
    of them are built at once, and a frozen dataclass is several times slower to make)."""

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
    verdict: str | None


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


#: Verdicts from gravest to mildest: a list shows an incident's gravest current verdict.
GRAVITY = (
    Verdict.VIOLATION,
    Verdict.CONTESTED,
    Verdict.INSUFFICIENT_INFORMATION,
    Verdict.EXEMPT,
    Verdict.NOT_A_VIOLATION,
    Verdict.OUTSIDE_SCOPE,
)
_RANK = {str(v): k for k, v in enumerate(GRAVITY)}


def _gravest(conn: Connection, ids: Sequence[str] | None) -> dict[str, str]:
    query = select(verdicts.c.incident_id, verdicts.c.verdict).where(verdicts.c.current.is_(True))
    if ids is not None:
        query = query.where(verdicts.c.incident_id.in_(list(ids)))
    out: dict[str, str] = {}
    for r in conn.execute(query):
        held = out.get(r.incident_id)
        if held is None or _RANK.get(r.verdict, 99) < _RANK.get(held, 99):
            out[r.incident_id] = r.verdict
    return out


def _rows(
    conn: Connection,
    query: Select[tuple[object, ...]],
    ids: Sequence[str] | None = None,
    shared: dict[Any, Any] | None = None,
) -> Iterator[ListingRow]:
    """Rows of the listing query, the first current assignment of each incident only, without
    withdrawn or merged-away incidents (`active_incidents`)."""
    gravest = _gravest(conn, ids)
    retired = hidden_ids(conn)
    # Repeated values (dates, codes, zone ids) are shared, not held a million times over.
    s = (shared if shared is not None else {}).setdefault
    last: str | None = None
    result = conn.execution_options(stream_results=True, yield_per=_BATCH).execute(query)
    # Positional tuples: a million rows read by attribute name cost seconds more.
    for (
        id_,
        start,
        end,
        d_prec,
        etype,
        sub,
        place,
        lon,
        lat,
        g_prec,
        adm1,
        p_side,
        t_side,
        dead,
        status,
        zone,
        rel,
        pub,
    ) in cast(Iterator[tuple[Any, ...]], result.tuples()):
        if id_ == last or id_ in retired:
            continue
        last = id_
        yield ListingRow(
            id_,
            s(start, start),
            s(end, end),
            s(d_prec, d_prec),
            s(etype, etype),
            s(sub, sub),
            place,
            lon,
            lat,
            s(g_prec, g_prec),
            s(adm1, adm1),
            s(p_side, p_side),
            s(t_side, t_side),
            dead,
            s(status, status),
            s(zone, zone),
            s(rel, rel),
            bool(pub),
            gravest.get(id_),
        )


def all_listing_rows(conn: Connection, shared: dict[Any, Any] | None = None) -> Iterator[ListingRow]:
    return _rows(conn, _listing_query(), None, shared)


def listing_rows(conn: Connection, ids: Sequence[str], shared: dict[Any, Any] | None = None) -> list[ListingRow]:
    out: list[ListingRow] = []
    for k in range(0, len(ids), _BATCH):
        chunk = list(ids[k : k + _BATCH])
        out.extend(_rows(conn, _listing_query().where(incidents.c.id.in_(chunk)), chunk, shared))
    return out


def audit_seq(conn: Connection) -> int:
    """The sequence number of the newest audit event (0 for an empty record)."""
    return int(conn.execute(select(audit_head.c.seq).where(audit_head.c.id == 1)).scalar() or 0)


def changed_incidents(conn: Connection, after_seq: int, *, limit: int) -> tuple[set[str], int] | None:
    """Ids of incidents named by audit events after `after_seq`, and the newest seq seen; None
    when more than `limit` events came in (the caller then re-reads everything)."""
    newest = audit_seq(conn)
    count = (
        conn.execute(select(func.count()).select_from(audit_events).where(audit_events.c.seq > after_seq)).scalar() or 0
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
