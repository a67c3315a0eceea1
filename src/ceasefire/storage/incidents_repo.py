"""Stored incidents and their zone assignments (current and superseded)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, or_, select, update

from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.incidents import Incident, ZoneAssignment
from ceasefire.domain.statuses import DatePrecision, EventType, GeoPrecision, IncidentStatus, Side, ZoneRelation
from ceasefire.settings import Settings
from ceasefire.storage import bulk
from ceasefire.storage.schema import incidents, zone_assignments

_BATCH = 5000


def existing_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), _BATCH):
        chunk = ids[i : i + _BATCH]
        found.update(conn.execute(select(incidents.c.id).where(incidents.c.id.in_(chunk))).scalars())
    return found


def _row(inc: Incident, import_id: int | None, now: datetime) -> dict[str, Any]:
    return {
        "id": inc.id,
        "event_type": str(inc.event_type),
        "sub_event_type": inc.sub_event_type,
        "date_start": inc.date.start,
        "date_end": inc.date.end,
        "date_precision": str(inc.date.precision),
        "place_name": inc.place.name,
        "lon": inc.place.lon,
        "lat": inc.place.lat,
        "geo_precision": str(inc.place.precision),
        "admin1": inc.place.admin1,
        "perpetrator_name": inc.perpetrator.name if inc.perpetrator else None,
        "perpetrator_side": str(inc.perpetrator.side) if inc.perpetrator else None,
        "target_name": inc.target.name if inc.target else None,
        "target_side": str(inc.target.side) if inc.target else None,
        "fatalities_low": inc.fatalities.low,
        "fatalities_best": inc.fatalities.best,
        "fatalities_high": inc.fatalities.high,
        "status": str(inc.status),
        "source_name": inc.source_name,
        "source_url": inc.source_url,
        "notes": inc.notes,
        "import_id": import_id,
        "created_at": now,
    }


def insert_incidents(conn: Connection, items: Sequence[Incident], import_id: int | None) -> None:
    now = datetime.now(UTC)
    for i in range(0, len(items), _BATCH):
        conn.execute(insert(incidents), [_row(x, import_id, now) for x in items[i : i + _BATCH]])


def to_incident(r: Any) -> Incident:
    return Incident(
        id=r.id,
        event_type=EventType(r.event_type),
        sub_event_type=r.sub_event_type,
        date=DateInterval(r.date_start, r.date_end, DatePrecision(r.date_precision)),
        place=Place(r.place_name, r.lon, r.lat, GeoPrecision(r.geo_precision), r.admin1),
        perpetrator=ActorRef(r.perpetrator_name, Side(r.perpetrator_side)) if r.perpetrator_name else None,
        target=ActorRef(r.target_name, Side(r.target_side)) if r.target_name else None,
        fatalities=Fatalities(r.fatalities_low, r.fatalities_best, r.fatalities_high),
        status=IncidentStatus(r.status),
        source_name=r.source_name,
        source_url=r.source_url,
        notes=r.notes,
    )


def load_incidents(conn: Connection, *, ids: Iterable[str] | None = None, since: date | None = None) -> list[Incident]:
    query = select(incidents).order_by(incidents.c.date_start, incidents.c.id)
    if ids is not None:
        query = query.where(incidents.c.id.in_(list(ids)))
    if since is not None:
        query = query.where(incidents.c.date_end >= since)
    return [to_incident(r) for r in conn.execute(query)]


def candidates_for_amendment(
    conn: Connection, zone_id: str, valid_from: date, bbox: tuple[float, float, float, float]
) -> list[Incident]:
    """Incidents an amendment from `valid_from` can move: on or after that date and either
    currently assigned to the zone or its security zone, or inside the union of old and new
    bounding boxes widened by the security belt's width (a belt reaches past the box)."""
    min_lon, min_lat, max_lon, max_lat = _widened(bbox, Settings().security_zone_km)
    assigned = select(zone_assignments.c.incident_id).where(
        zone_assignments.c.current.is_(True),
        # a derived security zone is stored as "<zone>-security-zone" (see zone_assignments)
        zone_assignments.c.zone_id.in_([zone_id, f"{zone_id}-security-zone"]),
    )
    in_box = and_(
        incidents.c.lon.between(min_lon, max_lon),
        incidents.c.lat.between(min_lat, max_lat),
    )
    query = (
        select(incidents)
        .where(incidents.c.date_end >= valid_from, or_(incidents.c.id.in_(assigned), in_box, incidents.c.lon.is_(None)))
        .order_by(incidents.c.id)
    )
    return [to_incident(r) for r in conn.execute(query)]


def _widened(bbox: tuple[float, float, float, float], km: float) -> tuple[float, float, float, float]:
    """`bbox` grown by at least `km` on the ground (10 % spare for the degree approximation)."""
    min_lon, min_lat, max_lon, max_lat = bbox
    dlat = 1.1 * km / 110.574
    widest = min(89.0, max(abs(min_lat), abs(max_lat)) + dlat)
    dlon = 1.1 * km / (111.320 * math.cos(math.radians(widest)))
    return (min_lon - dlon, min_lat - dlat, max_lon + dlon, max_lat + dlat)


@dataclass(frozen=True)
class StoredAssignment:
    """One row of an incident's assignment history."""

    assignment: ZoneAssignment
    current: bool
    computed_at: datetime
    cause: str


def current_assignments(conn: Connection, incident_ids: Sequence[str]) -> dict[str, list[ZoneAssignment]]:
    out: dict[str, list[ZoneAssignment]] = {}
    for i in range(0, len(incident_ids), _BATCH):
        rows = conn.execute(
            select(zone_assignments)
            .where(
                zone_assignments.c.current.is_(True), zone_assignments.c.incident_id.in_(incident_ids[i : i + _BATCH])
            )
            .order_by(zone_assignments.c.id)
        )
        for r in rows:
            out.setdefault(r.incident_id, []).append(
                ZoneAssignment(r.zone_id, r.zone_version, ZoneRelation(r.relation), r.share)
            )
    return out


def differing_assignments(
    conn: Connection, proposed: dict[str, list[ZoneAssignment]]
) -> dict[str, list[ZoneAssignment]]:
    """Only the incidents whose proposed assignment differs from the stored current one."""
    current = current_assignments(conn, list(proposed))
    return {k: v for k, v in proposed.items() if current.get(k) != v}


def assignment_history(conn: Connection, incident_id: str) -> list[StoredAssignment]:
    rows = conn.execute(
        select(zone_assignments).where(zone_assignments.c.incident_id == incident_id).order_by(zone_assignments.c.id)
    )
    return [
        StoredAssignment(
            ZoneAssignment(r.zone_id, r.zone_version, ZoneRelation(r.relation), r.share),
            r.current,
            r.computed_at,
            r.cause,
        )
        for r in rows
    ]


def insert_assignments(conn: Connection, new: dict[str, list[ZoneAssignment]], cause: str) -> None:
    """The first assignments of incidents just created: nothing current to supersede."""
    now = datetime.now(UTC)
    rows = [
        {
            "incident_id": incident_id,
            "zone_id": a.zone_id,
            "zone_version": a.zone_version,
            "relation": str(a.relation),
            "share": a.share,
            "current": True,
            "computed_at": now,
            "cause": cause,
        }
        for incident_id, items in new.items()
        for a in items
    ]
    bulk.insert_many(conn, zone_assignments, rows)


def replace_assignments(conn: Connection, new: dict[str, list[ZoneAssignment]], cause: str) -> None:
    """Supersede the current assignments of these incidents and store the new ones."""
    ids = list(new)
    for i in range(0, len(ids), _BATCH):
        conn.execute(
            update(zone_assignments)
            .where(zone_assignments.c.incident_id.in_(ids[i : i + _BATCH]), zone_assignments.c.current.is_(True))
            .values(current=False)
        )
    insert_assignments(conn, new, cause)
