"""The map's layers other than incidents: zone versions in force on a day (with the security
zones drawn along their lines) and the packaged boundaries that make the base map offline."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib.resources import files
from typing import Any

from shapely.geometry import mapping, shape

from ceasefire.domain.agreements import Agreement
from ceasefire.domain.zones import Zone, ZoneVersion
from ceasefire.errors import NotFound
from ceasefire.geo.assign import security_zone
from ceasefire.storage import zones_repo
from ceasefire.storage.record import Record
from ceasefire.workflows.agreements import stored_agreement, stored_agreements
from ceasefire.workflows.zones import zones_in_force

#: The base-map layers shipped in ceasefire/data/boundaries, by the name the API serves them under.
BOUNDARIES = {
    "country": "syr_admin0_naturalearth_10m.geojson",
    "governorates": "syr_admin1_ocha_2016.geojson",
}
#: Base-map outlines need no sub-10 m detail; 0.001° keeps the file small for slow links.
_BASEMAP_TOLERANCE = 0.001


def agreements(record: Record) -> list[Agreement]:
    return stored_agreements(record)


def agreement(record: Record, agreement_id: str) -> Agreement:
    return stored_agreement(record, agreement_id)


def zone_features(
    record: Record, at: date | None, *, security_km: float, agreement_id: str | None = None
) -> list[dict[str, Any]]:
    """GeoJSON features of every zone version in force on `at` (the latest when None),
    followed by the security zone along each de-escalation area's line."""
    with record.reader() as conn:
        zones = zones_repo.load_zones(conn, agreement_id)
    belts = [security_zone(z, security_km) for z in zones if z.kind == "de-escalation-area" and z.versions]
    return [_feature(z, v, derived=False) for z, v in zones_in_force(zones, at)] + [
        _feature(z, v, derived=True) for z, v in zones_in_force(belts, at)
    ]


def _feature(zone: Zone, v: ZoneVersion, *, derived: bool) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": f"{zone.id}@{v.version}",
        "geometry": v.geometry,
        "properties": {
            "zone_id": zone.id,
            "name": zone.name,
            "kind": str(zone.kind),
            "agreement_id": zone.agreement_id,
            "version": v.version,
            "valid_from": v.valid_from,
            "valid_to": v.valid_to,
            "status": str(v.status),
            "basis": v.basis,
            "approximate": v.approximate,
            "method": v.method,
            "derived": derived,
        },
    }


@lru_cache(maxsize=len(BOUNDARIES))
def boundary_bytes(name: str) -> bytes:
    """A packaged boundary layer, simplified for the base map, as GeoJSON bytes."""
    import orjson

    filename = BOUNDARIES.get(name)
    if filename is None:
        raise NotFound(f"no boundary layer {name!r}; layers: {', '.join(BOUNDARIES)}")
    data = orjson.loads((files("ceasefire") / "data" / "boundaries" / filename).read_bytes())
    features = []
    for f in data.get("features", []):
        geom = shape(f["geometry"]).simplify(_BASEMAP_TOLERANCE, preserve_topology=True)
        props = f.get("properties") or {}
        keep = {k: v for k, v in props.items() if isinstance(v, str | int | float) and len(str(v)) < 200}
        features.append({"type": "Feature", "geometry": mapping(geom), "properties": keep})
    return orjson.dumps({"type": "FeatureCollection", "features": features})
