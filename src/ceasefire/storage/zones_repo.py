"""Stored zones and zone versions. Versions are only ever added, or closed with a valid_to."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime

from shapely.geometry import shape
from sqlalchemy import Connection, insert, select, update

from ceasefire.domain.statuses import ZoneKind, ZoneStatus
from ceasefire.domain.zones import Zone, ZoneVersion
from ceasefire.storage.schema import zone_versions, zones


def insert_zone(conn: Connection, zone: Zone, position: int) -> None:
    """Store a zone; `position` keeps the order of the agreement file (zone 1, 2, 3, 4)."""
    conn.execute(
        insert(zones).values(
            id=zone.id,
            agreement_id=zone.agreement_id,
            name=zone.name,
            kind=str(zone.kind),
            parent_id=zone.parent_id,
            position=position,
        )
    )
    for version in zone.versions:
        insert_version(conn, version)


def insert_version(conn: Connection, v: ZoneVersion) -> None:
    min_lon, min_lat, max_lon, max_lat = shape(v.geometry).bounds
    conn.execute(
        insert(zone_versions).values(
            zone_id=v.zone_id,
            version=v.version,
            geometry=v.geometry,
            valid_from=v.valid_from,
            valid_to=v.valid_to,
            status=str(v.status),
            basis=v.basis,
            approximate=v.approximate,
            method=v.method,
            min_lon=min_lon,
            min_lat=min_lat,
            max_lon=max_lon,
            max_lat=max_lat,
            created_at=datetime.now(UTC),
        )
    )


def close_version(conn: Connection, zone_id: str, version: int, valid_to: date) -> None:
    conn.execute(
        update(zone_versions)
        .where(zone_versions.c.zone_id == zone_id, zone_versions.c.version == version)
        .values(valid_to=valid_to)
    )


def load_zones(conn: Connection, agreement_id: str | None = None) -> list[Zone]:
    """Every zone with all its versions, in the order they were loaded."""
    query = select(zones).order_by(zones.c.agreement_id, zones.c.position)
    if agreement_id is not None:
        query = query.where(zones.c.agreement_id == agreement_id)
    zone_rows = list(conn.execute(query))
    versions: dict[str, list[ZoneVersion]] = defaultdict(list)
    for r in conn.execute(select(zone_versions).order_by(zone_versions.c.zone_id, zone_versions.c.version)):
        versions[r.zone_id].append(
            ZoneVersion(
                zone_id=r.zone_id,
                version=r.version,
                geometry=dict(r.geometry),
                valid_from=r.valid_from,
                valid_to=r.valid_to,
                status=ZoneStatus(r.status),
                basis=r.basis,
                approximate=r.approximate,
                method=r.method,
            )
        )
    return [Zone(r.id, r.agreement_id, r.name, ZoneKind(r.kind), tuple(versions[r.id]), r.parent_id) for r in zone_rows]
