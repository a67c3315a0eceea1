"""Zone builder: approximate outlines of the Astana de-escalation areas. Set-up, before assignment.

No official map of the four de-escalation areas of the Astana memorandum (4 May 2017) was ever
published, so ceasefire draws approximate ones, reproducibly, from what was reported. Each
listed town of an area is located with the packaged gazetteer (never a user's import, so the
result does not depend on the machine), projected to UTM zone 37N (EPSG:32637), and buffered
by a radius chosen per area for how far a town's farmland and hamlets reach; the convex hull
of the buffers, together with any governorate the memorandum names whole (Idlib; the Quneitra
countryside, taken as the part of Quneitra governorate inside Natural Earth's de facto outline
of Syria, which leaves out the occupied Golan), is clipped to the OCHA governorates the
memorandum names and those holding a listed town, within that outline of Syria.
Government-held towns near the lines are then cut out with a disc of their built-up radius,
shrunk to half the distance to the nearest listed town so that no listed town is ever cut. The
result is simplified by 50 m, snapped to a 1e-6 degree grid, oriented counter-clockwise (RFC
7946), and checked: valid, and every located town inside. Towns the gazetteer cannot place are
listed as unlocated and do not shape the outline.

`python -m ceasefire.geo.zone_builder --out PATH` regenerates
`ceasefire/data/agreements/astana-2017/zones.geojson` byte for byte.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Point, Polygon, mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from ceasefire.errors import InvalidGeometry
from ceasefire.geo.boundaries import admin1_polygons, country_outline
from ceasefire.geo.gazetteer import Gazetteer, GazetteerPlace
from ceasefire.geo.zone_specs import ASTANA_ZONES, ExcludedPlace, TownRef, ZoneSpec

#: The method paragraph of this module's docstring, cited in every feature's properties.
METHOD = " ".join((__doc__ or "").split("\n\n")[1].split())
METRIC_CRS = "EPSG:32637"
SIMPLIFY_M = 50.0
GRID_DEGREES = 1e-6
MIN_SCORE = 0.85  # a skeleton match in context or better; fuzzy guesses never shape a zone
POINT_CLASSES = frozenset("PST")  # towns and spots; regions (L) and governorates (A) have no point
MIN_PART_KM2 = 1.0


@cache
def _transformers() -> tuple[Transformer, Transformer]:
    forward = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
    inverse = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    return forward, inverse


def _apply(transformer: Transformer, geometry: BaseGeometry) -> BaseGeometry:
    def move(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, move)


def to_metric(geometry: BaseGeometry) -> BaseGeometry:
    return _apply(_transformers()[0], geometry)


def to_degrees(geometry: BaseGeometry) -> BaseGeometry:
    return _apply(_transformers()[1], geometry)


def locate(ref: TownRef | ExcludedPlace, gazetteer: Gazetteer) -> GazetteerPlace | None:
    """The gazetteer's point for a listed place, or None when it has none it can trust.

    The top candidate must score at least a skeleton match, lie in the governorate the
    listing puts it in, and be a town or spot with coordinates.
    """
    best = gazetteer.best(ref.name, admin1=ref.admin1)
    if best is None or best.score < MIN_SCORE:
        return None
    place = best.place
    if not place.located or place.feature_class not in POINT_CLASSES or place.admin1 != ref.admin1:
        return None
    return place


def _metric_point(place: GazetteerPlace) -> Point:
    point = to_metric(Point(place.lon, place.lat))
    assert isinstance(point, Point)
    return point


def _polygon_parts(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry] if not geometry.is_empty else []
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [g for part in getattr(geometry, "geoms", []) for g in _polygon_parts(part)]


def _outline(spec: ZoneSpec, towns: dict[str, GazetteerPlace], gazetteer: Gazetteer) -> tuple[BaseGeometry, list[str]]:
    """The zone in metric coordinates, and the excluded places that could not be located."""
    polygons = admin1_polygons()
    points = [_metric_point(p) for p in towns.values()]
    whole = [to_metric(polygons[name].intersection(country_outline())) for name in spec.whole]
    hull = shapely.union_all([*points, *whole]).convex_hull.buffer(spec.buffer_km * 1000)
    area = shapely.union_all([hull, *whole])
    clip_names = dict.fromkeys([*spec.governorates, *(p.admin1 for p in towns.values() if p.admin1)])
    clip = shapely.union_all([polygons[name] for name in clip_names]).intersection(country_outline())
    area = area.intersection(to_metric(clip))
    unlocated = []
    for excluded in spec.excluded:
        place = locate(excluded, gazetteer)
        if place is None:
            unlocated.append(excluded.name)
            continue
        centre = _metric_point(place)
        nearest = min(centre.distance(p) for p in points)
        area = area.difference(centre.buffer(min(excluded.radius_km * 1000, nearest / 2)))
    area = area.simplify(SIMPLIFY_M)
    parts = [p for p in _polygon_parts(area) if p.area >= MIN_PART_KM2 * 1e6 or any(p.covers(t) for t in points)]
    return shapely.union_all(parts), unlocated


def _finish(geometry: BaseGeometry, zone_id: str) -> Polygon | MultiPolygon:
    """Degrees on the 1e-6 grid, valid, counter-clockwise shells (RFC 7946)."""
    snapped = shapely.set_precision(to_degrees(geometry), GRID_DEGREES)
    parts = [orient(p, sign=1.0) for p in _polygon_parts(snapped)]
    if not parts:
        raise InvalidGeometry(f"zone {zone_id!r}: the construction left no area")
    result: Polygon | MultiPolygon = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    if not result.is_valid:
        raise InvalidGeometry(f"zone {zone_id!r}: built outline is invalid: {shapely.is_valid_reason(result)}")
    return result


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def _parameters(spec: ZoneSpec, excluded: list[str]) -> str:
    whole = f"; whole: {', '.join(spec.whole)}" if spec.whole else ""
    cut = f"; government-held places cut out: {', '.join(excluded)}" if excluded else ""
    return (
        f" Parameters for this area: buffer {spec.buffer_km:g} km; clipped to {', '.join(spec.governorates)}"
        f"{whole}{cut}."
    )


def build_zone(spec: ZoneSpec, gazetteer: Gazetteer) -> dict[str, Any]:
    """One zone as a GeoJSON Feature with the towns and the method in its properties."""
    towns: dict[str, GazetteerPlace] = {}
    unlocated: list[str] = []
    for ref in spec.towns:
        place = locate(ref, gazetteer)
        if place is None:
            unlocated.append(ref.name)
        else:
            towns[ref.name] = place
    if not towns:
        raise InvalidGeometry(f"zone {spec.id!r}: none of its towns could be located")
    metric, excluded_unlocated = _outline(spec, towns, gazetteer)
    geometry = _finish(metric, spec.id)
    outside = [name for name, p in towns.items() if not geometry.covers(Point(p.lon, p.lat))]
    if outside:
        raise InvalidGeometry(f"zone {spec.id!r}: listed towns fall outside the built outline: {outside}")
    cut = [e.name for e in spec.excluded if e.name not in excluded_unlocated]
    properties = {
        "id": spec.id,
        "name": spec.name,
        "kind": "de-escalation-area",
        "approximate": True,
        "method": METHOD + _parameters(spec, cut),
        "towns": list(towns),
        "towns_unlocated": unlocated,
        "towns_unconfirmed": [t.name for t in spec.towns if not t.confirmed],
        "excluded": cut,
        "excluded_unlocated": excluded_unlocated,
        "gazetteer_ids": {name: p.id for name, p in towns.items()},
    }
    return {"type": "Feature", "properties": properties, "geometry": _rounded(mapping(geometry))}


def build_zones(gazetteer: Gazetteer | None = None, specs: Sequence[ZoneSpec] = ASTANA_ZONES) -> dict[str, Any]:
    """The four Astana zones as a FeatureCollection (defaults: packaged gazetteer, Astana specs)."""
    gazetteer = gazetteer or Gazetteer.packaged()
    return {"type": "FeatureCollection", "features": [build_zone(spec, gazetteer) for spec in specs]}


def dumps(collection: dict[str, Any]) -> str:
    """Deterministic text: one feature a line, so a regenerated file diffs per zone."""
    features = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"


def packaged_path() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "agreements" / "astana-2017" / "zones.geojson"


def write_zones(path: Path, collection: dict[str, Any] | None = None) -> bool:
    """Write the zones file; False (file untouched) when it already holds the same bytes."""
    text = dumps(collection if collection is not None else build_zones())
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the approximate Astana zone outlines.")
    parser.add_argument("--out", type=Path, default=packaged_path(), help="where to write zones.geojson")
    args = parser.parse_args(argv)
    collection = build_zones()
    changed = write_zones(args.out, collection)
    for feature in collection["features"]:
        props = feature["properties"]
        km2 = _area_km2(shapely.geometry.shape(feature["geometry"]))
        print(f"{props['id']}: {len(props['towns'])} towns, {len(props['towns_unlocated'])} unlocated, {km2:,.0f} km²")
    print(f"{args.out} ({'written' if changed else 'unchanged'})")
    return 0


def _area_km2(geometry: BaseGeometry) -> float:
    return float(math.fsum(p.area for p in _polygon_parts(to_metric(geometry)))) / 1e6


if __name__ == "__main__":
    sys.exit(main())
