"""Geometry validation at the edge: every zone polygon and incident point passes here before
the record or the assignment code sees it (BAD_INPUTS §4.1 rows 1-17, §4.2 rows 18-22).

A negotiated boundary is evidence, so nothing here repairs one: a self-intersecting ring is
rejected with the point where it crosses, never passed through `make_valid`. Only changes
that cannot alter the drawn area are made, each with a warning: winding normalised to a
counter-clockwise exterior (RFC 7946 §3.1.6), altitude dropped, duplicate consecutive
vertices removed, coordinates rounded to 7 decimals (about 1 cm).

>>> clockwise = [[36.5, 35.7], [36.5, 35.9], [36.8, 35.9], [36.5, 35.7]]
>>> ok = validate_zone_geometry({"type": "Polygon", "coordinates": [clockwise]}, name="demo")
>>> ok.geojson["coordinates"][0][1]
[36.8, 35.9]
>>> print(ok.warnings[0])
zone 'demo': ring 0 was clockwise; normalised to counter-clockwise
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import MultiPolygon, Polygon
from shapely.validation import explain_validity

from ceasefire.errors import InvalidGeometry
from ceasefire.geo.aoi import AOI, syria_aoi
from ceasefire.geo.strict_json import json_pointer

MAX_VERTICES = 10_000
MAX_FEATURES = 5_000
MAX_SPAN_DEGREES = 10.0
DECIMALS = 7
_GEOS_POINT = re.compile(r"\[\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)")

Path = list[str | int]
Ring = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ValidGeometry:
    """A zone geometry that passed validation: normalised GeoJSON, its shapely form, and what
    was changed on the way (each warning belongs in the import log)."""

    geojson: dict[str, Any]
    shape: Polygon | MultiPolygon
    warnings: tuple[str, ...]


def validate_zone_geometry(
    obj: Any,
    *,
    name: str,
    aoi: AOI | None = None,
    max_vertices: int = MAX_VERTICES,
    max_span_degrees: float = MAX_SPAN_DEGREES,
    close_rings: bool = False,
) -> ValidGeometry:
    """Check a Polygon or MultiPolygon (bare, in a Feature, or a one-feature collection).

    Raises `InvalidGeometry` naming the zone, the ring and the position, with a JSON pointer.
    `aoi` defaults to Syria plus 50 km. `close_rings` is for the bulk importer only: it closes
    an unclosed ring with a warning instead of rejecting it.
    """
    check = _Checker(name, aoi or syria_aoi(), max_vertices, max_span_degrees, close_rings)
    return check.run(obj)


def validate_zone_collection(
    obj: Any,
    *,
    id_property: str = "id",
    aoi: AOI | None = None,
    max_features: int = MAX_FEATURES,
) -> dict[str, ValidGeometry]:
    """Validate every feature of a FeatureCollection of zones, keyed by its `id_property`.

    The feature count is checked before any geometry (BAD_INPUTS row 8); each error's
    pointer starts at the feature (`/features/3/geometry/coordinates/0`).
    """
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection":
        raise InvalidGeometry("expected a GeoJSON FeatureCollection of zones")
    if "crs" in obj:
        raise InvalidGeometry("a 'crs' member is not accepted: RFC 7946 coordinates are WGS 84", pointer="/crs")
    features = obj.get("features")
    if not isinstance(features, list):
        raise InvalidGeometry("'features' must be an array", pointer="/features")
    if len(features) > max_features:
        raise InvalidGeometry(f"{len(features)} features exceed the limit of {max_features} per import")
    found: dict[str, ValidGeometry] = {}
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        zone_id = props.get(id_property) if isinstance(props, dict) else None
        if not isinstance(zone_id, str) or not zone_id:
            raise InvalidGeometry(f"feature {i} has no string '{id_property}' property", pointer=f"/features/{i}")
        if zone_id in found:
            raise InvalidGeometry(f"feature {i} repeats zone id '{zone_id}'", pointer=f"/features/{i}")
        try:
            found[zone_id] = validate_zone_geometry(feature, name=zone_id, aoi=aoi)
        except InvalidGeometry as exc:
            raise InvalidGeometry(exc.message, pointer=f"/features/{i}{exc.pointer or ''}") from None
    return found


def validate_point(lon: Any, lat: Any, *, aoi: AOI | None = None) -> tuple[float, float]:
    """Check an incident's coordinates and return them as floats, unchanged.

    Swapped axes are the commonest error in incident data; when the swapped pair would lie
    in the AOI the message says so, but the caller must fix the data: never auto-swap.
    """
    area = aoi or syria_aoi()
    for label, value in (("longitude", lon), ("latitude", lat)):
        if value is None or (isinstance(value, str) and not value.strip()):
            raise InvalidGeometry(
                f"{label} is missing; a report without a location must say location_unknown=true",
                pointer=f"/{label[:3]}",
            )
        if isinstance(value, bool) or not isinstance(value, Real):
            raise InvalidGeometry(f"{label} {value!r} is not a number (decimal degrees only)", pointer=f"/{label[:3]}")
        if not math.isfinite(float(value)):
            raise InvalidGeometry(f"{label} is {value}; a coordinate must be a finite number", pointer=f"/{label[:3]}")
    x, y = float(lon), float(lat)
    if not -180.0 <= x <= 180.0:
        raise InvalidGeometry(f"longitude {x:g} is outside [-180, 180]", pointer="/lon")
    if not -90.0 <= y <= 90.0:
        raise InvalidGeometry(f"latitude {y:g} is outside [-90, 90]", pointer="/lat")
    if x == 0.0 and y == 0.0:
        raise InvalidGeometry("point (0, 0) ('Null Island') is almost certainly a default value, not a location")
    if not area.contains_point(x, y):
        hint = ""
        if -90.0 <= x <= 90.0 and area.contains_point(y, x):
            hint = f"; did you swap lat/lon? (lon {y:g}, lat {x:g} would be inside)"
        raise InvalidGeometry(f"point (lon {x:g}, lat {y:g}) lies outside the area of interest ({area.name}){hint}")
    return x, y


def _fmt(value: float) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _at(x: float, y: float) -> str:
    return f"({_fmt(x)}, {_fmt(y)})"


class _Checker:
    """One validation run; keeps the zone's name and the warnings for the messages."""

    def __init__(self, name: str, aoi: AOI, max_vertices: int, max_span: float, close_rings: bool) -> None:
        self.name = name
        self.aoi = aoi
        self.max_vertices = max_vertices
        self.max_span = max_span
        self.close_rings = close_rings
        self.warnings: list[str] = []
        self.multi = False

    def fail(self, message: str, path: Path | None = None) -> InvalidGeometry:
        pointer = json_pointer(path) if path is not None else None
        return InvalidGeometry(f"zone '{self.name}': {message}", pointer=pointer)

    def warn(self, message: str) -> None:
        self.warnings.append(f"zone '{self.name}': {message}")

    def ring_label(self, part: int, ring: int) -> str:
        return f"polygon {part} ring {ring}" if self.multi else f"ring {ring}"

    def run(self, obj: Any) -> ValidGeometry:
        geometry, path = self.unwrap(obj)
        kind = geometry.get("type")
        if kind not in ("Polygon", "MultiPolygon"):
            raise self.fail(
                f"geometry type {kind!r} is not accepted; a zone is a Polygon or MultiPolygon", [*path, "type"]
            )
        self.multi = kind == "MultiPolygon"
        coords = geometry.get("coordinates")
        parts_raw = coords if self.multi else [coords]
        if not isinstance(parts_raw, list) or (self.multi and not parts_raw):
            raise self.fail("coordinates must be a non-empty array", [*path, "coordinates"])
        self.check_vertex_count(parts_raw, path)
        parts: list[list[Ring]] = []
        for p, rings_raw in enumerate(parts_raw):
            part_path: Path = [*path, "coordinates", p] if self.multi else [*path, "coordinates"]
            parts.append(self.read_part(rings_raw, p, part_path))
        self.check_span(parts)
        polygons = [
            self.build_polygon(rings, p, [*path, "coordinates", p] if self.multi else [*path, "coordinates"])
            for p, rings in enumerate(parts)
        ]
        self.check_parts_disjoint(polygons, path)
        shape: Polygon | MultiPolygon = MultiPolygon(polygons) if self.multi else polygons[0]
        if not shape.is_valid:
            raise self.fail(f"geometry is invalid: {explain_validity(shape)}", [*path, "coordinates"])
        self.check_aoi(parts, shape, path)
        geojson = {"type": kind, "coordinates": _coordinates(shape)}
        return ValidGeometry(geojson=geojson, shape=shape, warnings=tuple(self.warnings))

    def unwrap(self, obj: Any) -> tuple[dict[str, Any], Path]:
        """The geometry mapping inside a Feature or one-feature FeatureCollection, and its path."""
        path: Path = []
        if not isinstance(obj, dict):
            raise self.fail(f"expected a GeoJSON object, got {type(obj).__name__}")
        self.reject_crs(obj, path)
        if obj.get("type") == "FeatureCollection":
            features = obj.get("features")
            if not isinstance(features, list) or len(features) != 1:
                count = len(features) if isinstance(features, list) else "no"
                raise self.fail(f"a zone is one feature; the collection has {count} features", ["features"])
            obj, path = features[0], ["features", 0]
            if not isinstance(obj, dict):
                raise self.fail("feature is not an object", path)
            self.reject_crs(obj, path)
        if obj.get("type") == "Feature":
            geometry = obj.get("geometry")
            path = [*path, "geometry"]
            if not isinstance(geometry, dict):
                raise self.fail("feature has no geometry", path)
            self.reject_crs(geometry, path)
            return geometry, path
        return obj, path

    def reject_crs(self, obj: dict[str, Any], path: Path) -> None:
        if "crs" in obj:
            raise self.fail(
                "a 'crs' member is not accepted: RFC 7946 coordinates are WGS 84 longitude/latitude; "
                "reproject before import",
                [*path, "crs"],
            )

    def check_vertex_count(self, parts_raw: list[Any], path: Path) -> None:
        """Refuse huge geometries before touching any position (BAD_INPUTS row 8)."""
        count = 0
        for rings in parts_raw:
            if isinstance(rings, list):
                count += sum(len(ring) for ring in rings if isinstance(ring, list))
        if count > self.max_vertices:
            raise self.fail(
                f"{count} vertices exceed the limit of {self.max_vertices} per zone", [*path, "coordinates"]
            )

    def read_part(self, rings_raw: Any, part: int, path: Path) -> list[Ring]:
        if not isinstance(rings_raw, list) or not rings_raw:
            raise self.fail("a polygon needs at least an exterior ring", path)
        return [self.read_ring(raw, part, r, [*path, r]) for r, raw in enumerate(rings_raw)]

    def read_ring(self, raw: Any, part: int, r: int, path: Path) -> Ring:
        label = self.ring_label(part, r)
        if not isinstance(raw, list):
            raise self.fail(f"{label} is not an array of positions", path)
        rows: list[tuple[float, float]] = []
        for k, pos in enumerate(raw):
            rows.append(self.read_position(pos, label, k, [*path, k]))
        if len(rows) < 4:
            raise self.fail(
                f"{label} has {len(rows)} positions; a closed ring needs at least 4 (RFC 7946 §3.1.6)", path
            )
        if rows[0] != rows[-1]:
            if not self.close_rings:
                raise self.fail(
                    f"{label} not closed: first position {_at(*rows[0])} differs from last {_at(*rows[-1])}", path
                )
            rows.append(rows[0])
            self.warn(f"{label} was not closed; closed it by repeating the first position")
        ring = np.array(rows, dtype=np.float64)
        rounded = np.round(ring, DECIMALS)
        if not np.array_equal(rounded, ring) and not any("rounded" in w for w in self.warnings):
            self.warn(f"coordinates rounded to {DECIMALS} decimal places")
        keep = np.ones(len(rounded), dtype=bool)
        keep[1:] = np.any(rounded[1:] != rounded[:-1], axis=1)
        dropped = int((~keep).sum())
        if dropped:
            self.warn(f"{label}: removed {dropped} duplicate consecutive vertices")
            rounded = rounded[keep]
        if len(rounded) < 4:
            raise self.fail(f"{label} has fewer than 4 distinct positions once duplicates are removed", path)
        return rounded

    def read_position(self, pos: Any, label: str, k: int, path: Path) -> tuple[float, float]:
        if not isinstance(pos, list) or not 2 <= len(pos) <= 3:
            size = len(pos) if isinstance(pos, list) else type(pos).__name__
            extra = " (a 4th element, M or time, is not allowed by RFC 7946)" if size == 4 else ""
            raise self.fail(f"{label} position {k} must be [lon, lat] or [lon, lat, alt], got {size}{extra}", path)
        for value in pos:
            if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
                raise self.fail(f"{label} position {k} has a non-numeric or non-finite value {value!r}", path)
        x, y = float(pos[0]), float(pos[1])
        if abs(x) > 180.0 or abs(y) > 90.0:
            raise self.fail(
                f"{label} position {k} {_at(x, y)} looks like projected coordinates (metres); "
                "expected longitude, latitude in degrees",
                path,
            )
        if len(pos) == 3 and not any("altitude" in w for w in self.warnings):
            self.warn("altitude dropped from 3D positions (zones are 2D)")
        return x, y

    def check_span(self, parts: list[list[Ring]]) -> None:
        allpts = np.concatenate([ring for rings in parts for ring in rings])
        span_x = float(np.ptp(allpts[:, 0]))
        span_y = float(np.ptp(allpts[:, 1]))
        if max(span_x, span_y) > self.max_span:
            raise self.fail(
                f"bounding box spans {_fmt(span_x)}° × {_fmt(span_y)}°, more than {self.max_span:g}°; zones are local "
                "(a geometry crossing the antimeridian must be split, RFC 7946 §3.1.9)"
            )

    def build_polygon(self, rings: list[Ring], part: int, path: Path) -> Polygon:
        """Check each ring alone, then the holes against the shell, then orient."""
        ring_polys: list[Polygon] = []
        for r, ring in enumerate(rings):
            label = self.ring_label(part, r)
            if shapely.convex_hull(shapely.multipoints(ring)).area == 0.0:
                raise self.fail(f"{label} has zero area (its positions are collinear)", [*path, r])
            poly = Polygon(ring)
            if not poly.is_valid:
                reason = explain_validity(poly)
                where = _point_in(reason)
                raise self.fail(f"{label} self-intersects at {where}" if where else f"{label}: {reason}", [*path, r])
            ring_polys.append(poly)
            if shapely.is_ccw(shapely.linearrings(ring)) != (r == 0):
                direction = "clockwise" if r == 0 else "counter-clockwise"
                wanted = "counter-clockwise" if r == 0 else "clockwise"
                self.warn(f"{label} was {direction}; normalised to {wanted}")
        shell = ring_polys[0]
        for h, hole in enumerate(ring_polys[1:], start=1):
            if not shell.contains(hole):
                outside = hole.difference(shell)
                where = _at(*outside.representative_point().coords[0]) if not outside.is_empty else "its boundary"
                raise self.fail(f"{self.ring_label(part, h)} (a hole) lies outside the shell at {where}", [*path, h])
        clash = _first_overlap(ring_polys[1:])
        if clash is not None:
            g, h, where = clash[0] + 1, clash[1] + 1, clash[2]
            raise self.fail(
                f"{self.ring_label(part, g)} and {self.ring_label(part, h)} (holes) overlap at {where}", [*path, h]
            )
        polygon = shapely.orient_polygons(Polygon(rings[0], rings[1:]), exterior_cw=False)
        if not polygon.is_valid:
            reason = explain_validity(polygon)
            raise self.fail(
                f"polygon {part} is invalid: {reason}" if self.multi else f"polygon is invalid: {reason}", path
            )
        return polygon

    def check_parts_disjoint(self, polygons: list[Polygon], path: Path) -> None:
        clash = _first_overlap(polygons)
        if clash is not None:
            j, i, where = clash
            raise self.fail(f"polygons {j} and {i} overlap at {where}", [*path, "coordinates", i])

    def check_aoi(self, parts: list[list[Ring]], shape: Polygon | MultiPolygon, path: Path) -> None:
        for p, rings in enumerate(parts):
            for r, ring in enumerate(rings):
                outside = np.flatnonzero(~self.aoi.contains_xy(ring[:, 0], ring[:, 1]))
                if outside.size:
                    k = int(outside[0])
                    ring_path: Path = [*path, "coordinates", p, r, k] if self.multi else [*path, "coordinates", r, k]
                    raise self.fail(
                        f"{self.ring_label(p, r)} position {k} {_at(*ring[k])} lies outside the area of interest "
                        f"({self.aoi.name})",
                        ring_path,
                    )
        if not self.aoi.covers(shape):
            raise self.fail(f"geometry extends outside the area of interest ({self.aoi.name})")


def _first_overlap(polygons: list[Polygon]) -> tuple[int, int, str] | None:
    """The first pair (i < j) of polygons whose interiors overlap, with a point in the overlap.

    An STRtree finds candidate pairs, so a MultiPolygon of hundreds of parts costs no
    all-pairs loop.
    """
    if len(polygons) < 2:
        return None
    tree = shapely.STRtree(polygons)
    left, right = tree.query(polygons, predicate="intersects")
    for j, i in sorted({(min(a, b), max(a, b)) for a, b in zip(left.tolist(), right.tolist(), strict=True) if a != b}):
        overlap = polygons[j].intersection(polygons[i])
        if overlap.area > 0.0:
            return j, i, _at(*overlap.representative_point().coords[0])
    return None


def _point_in(reason: str) -> str | None:
    """The '(x, y)' of a GEOS validity reason such as 'Self-intersection[36.61 35.72]'."""
    match = _GEOS_POINT.search(reason)
    return _at(float(match.group(1)), float(match.group(2))) if match else None


def _coordinates(shape: Polygon | MultiPolygon) -> list[Any]:
    """GeoJSON coordinate arrays (lists, not tuples) of an oriented shape."""

    def rings(poly: Polygon) -> list[list[list[float]]]:
        return [[[x, y] for x, y in ring.coords] for ring in (poly.exterior, *poly.interiors)]

    if isinstance(shape, MultiPolygon):
        return [rings(poly) for poly in shape.geoms]
    return rings(shape)
