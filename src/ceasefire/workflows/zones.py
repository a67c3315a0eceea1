"""Zone amendments: a new version from a date, and the re-assignment of the incidents it moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from shapely.geometry import shape

from ceasefire.domain.statuses import ZoneStatus
from ceasefire.domain.zones import AmendmentError, Zone, ZoneVersion, amend
from ceasefire.errors import Conflict, InvalidGeometry, InvalidInput, NotFound
from ceasefire.geo.geometry import validate_zone_geometry
from ceasefire.geo.strict_json import loads_strict
from ceasefire.storage import incidents_repo, zones_repo
from ceasefire.storage.record import Record
from ceasefire.workflows.assessment import reassess
from ceasefire.workflows.assignment import assignments_for

MAX_ZONE_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class AmendResult:
    version: ZoneVersion
    closed: ZoneVersion | None
    incidents_checked: int
    incidents_moved: int
    warnings: tuple[str, ...]


def read_geometry_file(path: str | Path, *, zone_id: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Read and validate a GeoJSON geometry for a zone; errors name the file and the position."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc.strerror}") from None
    try:
        obj = loads_strict(raw, max_bytes=MAX_ZONE_FILE_BYTES, max_depth=64)
        valid = validate_zone_geometry(obj, name=zone_id)
    except (InvalidGeometry, InvalidInput) as exc:
        raise type(exc)(f"{path.name}: {exc.message}", pointer=exc.pointer) from None
    return valid.geojson, valid.warnings


def zones_in_force(zones: list[Zone], day: date | None) -> list[tuple[Zone, ZoneVersion]]:
    """Each zone with its version in force on `day` (its latest version when `day` is None)."""
    out = []
    for z in zones:
        v = z.current if day is None else z.version_at(day)
        if v is not None:
            out.append((z, v))
    return out


def amend_zone(
    record: Record,
    zone_id: str,
    geometry: dict[str, Any],
    *,
    valid_from: date,
    basis: str,
    status: ZoneStatus = ZoneStatus.AGREED,
    warnings: tuple[str, ...] = (),
    actor: str | None = None,
) -> AmendResult:
    """Add a version of a zone and re-assign, in the same transaction, only the incidents the
    change can affect: those dated from `valid_from` on, inside the old or new outline."""
    with record.transaction(actor) as tx:
        zones = zones_repo.load_zones(tx.conn)
        zone = next((z for z in zones if z.id == zone_id), None)
        if zone is None:
            raise NotFound(f"no zone {zone_id!r}; known zones: {', '.join(z.id for z in zones) or 'none'}")
        try:
            amended, new, closed = amend(zone, geometry, valid_from=valid_from, basis=basis, status=status)
        except AmendmentError as exc:
            raise Conflict(str(exc)) from None
        if closed is not None:
            zones_repo.close_version(tx.conn, zone.id, closed.version, valid_from)
        zones_repo.insert_version(tx.conn, new)
        tx.audit(
            "zone.version.added",
            "zone",
            zone.id,
            {
                "version": new.version,
                "valid_from": new.valid_from,
                "basis": basis,
                "status": str(status),
                "closed_version": closed.version if closed else None,
                "geometry": geometry,
                "warnings": list(warnings),
            },
        )
        old_bounds = shape(zone.current.geometry).bounds if zone.current else shape(geometry).bounds
        new_bounds = shape(geometry).bounds
        bbox = (
            min(old_bounds[0], new_bounds[0]),
            min(old_bounds[1], new_bounds[1]),
            max(old_bounds[2], new_bounds[2]),
            max(old_bounds[3], new_bounds[3]),
        )
        candidates = incidents_repo.candidates_for_amendment(tx.conn, zone.id, valid_from, bbox)
        all_zones = [amended if z.id == zone.id else z for z in zones]
        proposed = assignments_for(candidates, all_zones)
        moved = incidents_repo.differing_assignments(tx.conn, proposed)
        if moved:
            incidents_repo.replace_assignments(tx.conn, moved, cause=f"zone {zone.id} amended (version {new.version})")
            for incident_id, items in moved.items():
                tx.audit(
                    "incident.zone.reassigned",
                    "incident",
                    incident_id,
                    {"zone": zone.id, "version": new.version, "assignments": [_plain(a) for a in items]},
                )
            # The verdicts of the moved incidents rest on the zone version: re-assess them here.
            reassess(tx, sorted(moved), f"zone {zone.id} amended (version {new.version})")
    return AmendResult(new, closed, len(candidates), len(moved), warnings)


def _plain(a: Any) -> dict[str, Any]:
    return {"zone_id": a.zone_id, "zone_version": a.zone_version, "relation": str(a.relation), "share": a.share}
