"""Zone assignment: which zone version, in force on an incident's day, holds its place. Runs
after geocoding, before assessment; re-runs on the affected incidents when a zone is amended.

Points are assigned in bulk with no Python loop per point (`geo.containment`: a date-segment
and cell-grid lookup, then shapely `contains_xy` on prepared polygons for the points near a
line; 1M points in about 0.05 s). Places known only to a
district or province are compared by area instead (`assign_place`), so that a governorate
half inside a zone is `possibly` in it, with the share, rather than in or out by the luck of
its centroid.

Overlapping zones: a point goes to the *smallest* zone version (by true area) that contains
it, the most specific area drawn; equal areas fall back to (zone id, version). The rule does
not depend on the order the versions are passed in.

Security zones: with `security_km`, a point outside every zone but within that distance of
a zone's line is placed in that zone's security zone (`security_zone_id`), the belt the
memorandum puts along each area's line. Points inside a zone stay there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from ceasefire.domain.common import Place
from ceasefire.domain.incidents import ZoneAssignment
from ceasefire.domain.statuses import GeoPrecision, ZoneKind, ZoneRelation
from ceasefire.domain.zones import Zone, ZoneVersion, versions_in_force
from ceasefire.geo.aoi import area_km2, buffer_km, projection_centre
from ceasefire.geo.boundaries import admin1_polygons, find_governorate
from ceasefire.geo.containment import first_containing, near

_CACHE_LIMIT = 1024
_shapes: dict[tuple[Any, ...], tuple[object, BaseGeometry, float]] = {}


def security_zone_id(zone_id: str) -> str:
    """The id of the security zone along `zone_id`'s line, e.g. 'idlib-security-zone'."""
    return f"{zone_id}-security-zone"


def _cached(key: tuple[Any, ...], anchor: object, build: Callable[[], BaseGeometry]) -> tuple[BaseGeometry, float]:
    """A prepared geometry and its area (km²), built once per geometry object.

    ZoneVersion holds a plain dict, which cannot be hashed; the cache keys on the dict's id
    and keeps a reference to it (`anchor`), so the id cannot be reused while cached.
    """
    hit = _shapes.get(key)
    if hit is not None and hit[0] is anchor:
        return hit[1], hit[2]
    geom: BaseGeometry = build()
    shapely.prepare(geom)
    if len(_shapes) >= _CACHE_LIMIT:
        _shapes.clear()
    _shapes[key] = (anchor, geom, area_km2(geom))
    return geom, _shapes[key][2]


def _version_key(version: ZoneVersion) -> tuple[Any, ...]:
    return (version.zone_id, version.version, version.valid_from, id(version.geometry))


def _zone_entry(version: ZoneVersion) -> tuple[BaseGeometry, float]:
    return _cached(("zone", *_version_key(version)), version.geometry, lambda: shape(version.geometry))


def zone_shape(version: ZoneVersion) -> BaseGeometry:
    """The prepared shapely geometry of a zone version (cached)."""
    return _zone_entry(version)[0]


def security_belt(version: ZoneVersion, width_km: float) -> BaseGeometry:
    """The band `width_km` wide outside a zone version's line, in lon/lat (cached)."""
    if width_km <= 0:
        raise ValueError(f"security zone width must be positive, got {width_km} km")

    def build() -> BaseGeometry:
        inner = shape(version.geometry)
        return buffer_km(inner, width_km).difference(inner)

    return _cached(("belt", width_km, *_version_key(version)), version.geometry, build)[0]


def security_zone(zone: Zone, width_km: float) -> Zone:
    """The derived security zone along `zone`'s line: one belt version per zone version, same dates.

    Marked approximate, with the method, because the memorandum left the belts' width to the
    joint working group.
    """
    versions = tuple(
        replace(
            v,
            zone_id=security_zone_id(zone.id),
            geometry=_rounded_geojson(security_belt(v, width_km)),
            approximate=True,
            method=f"band {width_km:g} km wide outside the line of {zone.id} version {v.version}",
        )
        for v in zone.versions
    )
    return Zone(
        id=security_zone_id(zone.id),
        agreement_id=zone.agreement_id,
        name=f"{zone.name} security zone",
        kind=ZoneKind.SECURITY_ZONE,
        versions=versions,
        parent_id=zone.id,
    )


def _rounded_geojson(geom: BaseGeometry) -> dict[str, Any]:
    rounded = shapely.set_precision(geom, 1e-7)
    return dict(mapping(rounded))


def priority(versions: Sequence[ZoneVersion]) -> list[int]:
    """Indices of `versions`, most specific first: smallest true area, then zone id, version."""
    areas = [_zone_entry(v)[1] for v in versions]
    return sorted(range(len(versions)), key=lambda i: (areas[i], versions[i].zone_id, versions[i].version))


@dataclass(frozen=True, slots=True)
class PointAssignments:
    """The zone of each point: `zone_index` into `versions` (-1 none); `security` marks points
    placed in the security zone along that version's line rather than inside it."""

    versions: tuple[ZoneVersion, ...]
    zone_index: NDArray[np.intp]
    security: NDArray[np.bool_]

    def __len__(self) -> int:
        return int(self.zone_index.size)

    def zone_ids(self) -> NDArray[np.object_]:
        """The zone id per point (a security zone's own id for belt points), None outside."""
        table = np.array([None, *(v.zone_id for v in self.versions)], dtype=object)
        ids = table[self.zone_index + 1]
        if self.security.any():
            ids[self.security] = [security_zone_id(z) for z in ids[self.security]]
        return ids

    def version_numbers(self) -> NDArray[np.int64]:
        """The ZoneVersion.version used per point, -1 outside."""
        table = np.array([-1, *(v.version for v in self.versions)], dtype=np.int64)
        return table[self.zone_index + 1]

    def counts(self) -> dict[str, int]:
        """Points per zone id (security zones under their own id); points in no zone omitted."""
        ids = self.zone_ids()
        found = ids[self.zone_index >= 0]
        names, counts = np.unique(found.astype(str), return_counts=True)
        return {str(n): int(c) for n, c in zip(names, counts, strict=True)}

    def assignment(self, i: int) -> ZoneAssignment:
        """The domain record for point `i`, to store with its incident."""
        k = int(self.zone_index[i])
        if k < 0:
            return ZoneAssignment(None, None, ZoneRelation.OUTSIDE, 0.0)
        v = self.versions[k]
        zone_id = security_zone_id(v.zone_id) if self.security[i] else v.zone_id
        return ZoneAssignment(zone_id, v.version, ZoneRelation.INSIDE, 1.0)


def assign_points(
    lon: ArrayLike,
    lat: ArrayLike,
    day: ArrayLike,
    versions: Sequence[ZoneVersion],
    *,
    security_km: float | None = None,
) -> PointAssignments:
    """Assign each point to the zone version in force on its `day` (datetime64[D]) that contains it.

    Points on a zone's line count as outside it (`contains`, as PostGIS `ST_Contains`) but,
    with `security_km`, inside its security zone. Points before every version's `valid_from`
    are in no zone; so are points whose day is NaT.
    """
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    d = np.asarray(day, dtype="datetime64[D]")
    if not x.shape == y.shape == d.shape or x.ndim != 1:
        raise ValueError(f"lon, lat and day must be 1-D arrays of one length, got {x.shape}, {y.shape}, {d.shape}")
    versions = tuple(versions)
    order = priority(versions)
    shapes = [zone_shape(versions[i]) for i in order]
    belts = [security_belt(versions[i], security_km) for i in order] if security_km is not None else []
    # Only points in the joint bounding box of all zones (and belts) need any further work.
    rows = near(x, y, belts or shapes)
    xs, ys = x[rows], y[rows]
    group, active = date_segments(d[rows], versions)
    active = active[:, order]
    ranked = first_containing(xs, ys, shapes, group=group, active=active)
    security = np.zeros(x.size, dtype=bool)
    if belts:
        out = np.flatnonzero(ranked < 0)
        in_belt = first_containing(xs[out], ys[out], belts, group=group[out], active=active, boundary="include")
        ranked[out] = in_belt
        security[rows[out]] = in_belt >= 0
    zone_index = np.full(x.size, -1, dtype=np.intp)
    zone_index[rows] = np.array([*order, -1], dtype=np.intp)[ranked]  # ranked -1 picks the final -1
    return PointAssignments(versions=versions, zone_index=zone_index, security=security)


def date_segments(
    day: NDArray[np.datetime64], versions: Sequence[ZoneVersion]
) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
    """Split time at every version's start and end: each day's segment (-1: before the first
    start, or no date) and which versions are in force in each segment (segments × versions).

    Versions change only at these dates, so one lookup per point replaces a date mask per
    version.
    """
    edges = sorted({v.valid_from for v in versions} | {v.valid_to for v in versions if v.valid_to is not None})
    if not edges:
        return np.full(day.size, -1, dtype=np.intp), np.zeros((0, len(versions)), dtype=bool)
    starts = np.array(edges, dtype="datetime64[D]")
    group = np.searchsorted(starts, day, side="right").astype(np.intp) - 1
    group[np.isnat(day)] = -1
    active = np.array([[v.in_force_on(edge) for v in versions] for edge in edges], dtype=bool)
    return group, active


_POINT_LIKE = (GeoPrecision.POINT, GeoPrecision.TOWN)
_AREA_LIKE = (GeoPrecision.DISTRICT, GeoPrecision.PROVINCE, GeoPrecision.COUNTRY)
#: Shares this close to 0 or 1 count as disjoint or inside, so that a border digitised a little
#: differently in two sources does not make a neighbouring governorate "possibly" in a zone.
SHARE_TOLERANCE = 1e-4
_shares: dict[tuple[int, int], tuple[BaseGeometry, BaseGeometry, float]] = {}


def assign_place(
    place: Place,
    day: date,
    zones: Sequence[Zone],
    *,
    place_geometry: BaseGeometry | None = None,
    security_km: float | None = None,
) -> ZoneAssignment:
    """Relate a place, known to its precision, to the zone versions in force on `day`.

    - no zone in force (e.g. before entry into force): OUTSIDE, no zone;
    - point or town: INSIDE the zone version containing it (share 1.0), else OUTSIDE;
    - district, province or country with its area (`place_geometry`; for a province the OCHA
      governorate is looked up by name when none is given): INSIDE when the area lies within
      a zone, POSSIBLY with the overlapping `share` of its area when it straddles one (the
      zone with the largest share wins), OUTSIDE when disjoint from all;
    - an area-precision place with no area but a point inside a zone: POSSIBLY, share None;
    - unresolved or of unknown precision: UNKNOWN.
    Shares are ratios of true areas (equal-area projection centred on the place).
    """
    versions = versions_in_force(zones, day)
    if not versions:
        return ZoneAssignment(None, None, ZoneRelation.OUTSIDE, 0.0)
    if place.precision in _POINT_LIKE:
        if place.lon is None or place.lat is None:
            return ZoneAssignment(None, None, ZoneRelation.UNKNOWN)
        days = np.array([np.datetime64(day, "D")])
        found = assign_points([place.lon], [place.lat], days, versions, security_km=security_km)
        return found.assignment(0)
    if place.precision not in _AREA_LIKE:
        return ZoneAssignment(None, None, ZoneRelation.UNKNOWN)
    area = place_geometry if place_geometry is not None else _province_area(place)
    if area is None:
        return _centroid_only(place, day, versions)
    return _by_area(area, versions, security_km)


def assign_places(
    places: Sequence[Place],
    days: Sequence[date],
    zones: Sequence[Zone],
    *,
    place_geometries: Sequence[BaseGeometry | None] | None = None,
    security_km: float | None = None,
) -> list[ZoneAssignment]:
    """`assign_place` for many incidents: points and towns in one vectorised pass, areas
    through the share cache of `share_of_area`."""
    if len(days) != len(places) or (place_geometries is not None and len(place_geometries) != len(places)):
        raise ValueError("places, days and place_geometries must have one entry per incident")
    versions = [v for z in zones for v in z.versions]
    points = [(i, p.lon, p.lat) for i, p in enumerate(places) if p.precision in _POINT_LIKE]
    located = [(i, x, y) for i, x, y in points if x is not None and y is not None]
    result: list[ZoneAssignment | None] = [None] * len(places)
    if located:
        rows = np.array([i for i, _, _ in located], dtype=np.intp)
        found = assign_points(
            np.array([x for _, x, _ in located], dtype=np.float64),
            np.array([y for _, _, y in located], dtype=np.float64),
            np.array([days[i] for i in rows], dtype="datetime64[D]"),
            versions,
            security_km=security_km,
        )
        for k, i in enumerate(rows):
            result[int(i)] = found.assignment(k)
    for i, place in enumerate(places):
        if result[i] is None:
            geom = place_geometries[i] if place_geometries is not None else None
            result[i] = assign_place(place, days[i], zones, place_geometry=geom, security_km=security_km)
    return [r for r in result if r is not None]


def _province_area(place: Place) -> BaseGeometry | None:
    if place.precision is not GeoPrecision.PROVINCE:
        return None
    for name in (place.name, place.admin1):
        gov = find_governorate(name) if name else None
        if gov is not None:
            return admin1_polygons()[gov.name]
    return None


def _centroid_only(place: Place, day: date, versions: Sequence[ZoneVersion]) -> ZoneAssignment:
    """An area known only by a representative point: in a zone at best possibly, else unknown."""
    if place.lon is None or place.lat is None:
        return ZoneAssignment(None, None, ZoneRelation.UNKNOWN)
    found = assign_points([place.lon], [place.lat], np.array([np.datetime64(day, "D")]), versions)
    if found.zone_index[0] < 0:
        return ZoneAssignment(None, None, ZoneRelation.UNKNOWN)
    inside = found.assignment(0)
    return ZoneAssignment(inside.zone_id, inside.zone_version, ZoneRelation.POSSIBLY, None)


def share_of_area(area: BaseGeometry, zone: BaseGeometry) -> float:
    """The fraction of `area`'s true area inside `zone`.

    Cached by the two geometry objects (references kept, so ids stay valid): zone shapes
    come from the zone cache and governorates from `geo.boundaries`, so ten thousand
    province-level incidents cost one intersection per governorate and zone version.
    """
    key = (id(area), id(zone))
    hit = _shares.get(key)
    if hit is not None and hit[0] is area and hit[1] is zone:
        return hit[2]
    centre = projection_centre(area)
    whole = area_km2(area, centre=centre)
    share = area_km2(area.intersection(zone), centre=centre) / whole if whole > 0 else 0.0
    if len(_shares) >= _CACHE_LIMIT:
        _shares.clear()
    _shares[key] = (area, zone, share)
    return share


def _by_area(area: BaseGeometry, versions: Sequence[ZoneVersion], security_km: float | None) -> ZoneAssignment:
    order = priority(versions)
    best: tuple[float, ZoneVersion] | None = None
    for i in order:
        v = versions[i]
        share = share_of_area(area, zone_shape(v))
        if share > SHARE_TOLERANCE and (best is None or share > best[0]):
            best = (share, v)
    if best is not None:
        share, v = best
        if share >= 1.0 - SHARE_TOLERANCE:
            return ZoneAssignment(v.zone_id, v.version, ZoneRelation.INSIDE, 1.0)
        return ZoneAssignment(v.zone_id, v.version, ZoneRelation.POSSIBLY, round(share, 6))
    if security_km is not None:
        for i in order:
            v = versions[i]
            share = share_of_area(area, security_belt(v, security_km))
            if share > SHARE_TOLERANCE:
                relation = ZoneRelation.INSIDE if share >= 1.0 - SHARE_TOLERANCE else ZoneRelation.POSSIBLY
                return ZoneAssignment(security_zone_id(v.zone_id), v.version, relation, round(min(share, 1.0), 6))
    return ZoneAssignment(None, None, ZoneRelation.OUTSIDE, 0.0)
