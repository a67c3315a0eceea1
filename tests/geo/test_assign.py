"""Zone assignment of points (vectorised) and of places known to a precision."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest
import shapely
from pyproj import Geod

from ceasefire.domain.common import Place
from ceasefire.domain.statuses import GeoPrecision, ZoneKind, ZoneRelation
from ceasefire.domain.zones import Zone, ZoneVersion, amend
from ceasefire.geo.admin1 import admin1_geometry
from ceasefire.geo.assign import (
    assign_place,
    assign_places,
    assign_points,
    security_belt,
    security_zone,
    security_zone_id,
    share_of_area,
)

IN_FORCE = date(2017, 5, 6)
AMENDED = date(2017, 9, 15)
GEOD = Geod(ellps="WGS84")


def box(minx: float, miny: float, maxx: float, maxy: float) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy], [minx, miny]]]}


def zone(zone_id: str, geometry: dict[str, Any], valid_from: date = IN_FORCE) -> Zone:
    version = ZoneVersion(zone_id=zone_id, version=1, geometry=geometry, valid_from=valid_from, basis="test")
    return Zone(zone_id, "astana", zone_id, ZoneKind.DE_ESCALATION_AREA, (version,))


def days(*values: str) -> np.ndarray:
    return np.array(values, dtype="datetime64[D]")


NORTH = zone("north", box(36.0, 35.0, 37.0, 36.0))
SOUTH = zone("south", box(36.0, 32.5, 36.5, 33.0))


def test_point_inside_zone_is_assigned_to_the_version_in_force() -> None:
    found = assign_points([36.5], [35.5], days("2017-06-01"), NORTH.versions)
    assert found.zone_ids().tolist() == ["north"]
    assert found.version_numbers().tolist() == [1]


def test_point_before_entry_into_force_is_in_no_zone() -> None:
    found = assign_points([36.5], [35.5], days("2017-05-05"), NORTH.versions)
    assert found.zone_index.tolist() == [-1]
    assert found.zone_ids().tolist() == [None]


def test_point_outside_every_zone_is_in_no_zone() -> None:
    found = assign_points(
        [38.0, 36.2], [35.5, 33.2], days("2017-06-01", "2017-06-01"), [*NORTH.versions, *SOUTH.versions]
    )
    assert found.zone_index.tolist() == [-1, -1]


def test_points_follow_the_version_in_force_on_their_day() -> None:
    amended, _, _ = amend(NORTH, box(36.0, 35.0, 36.4, 36.0), valid_from=AMENDED, basis="JWG map")
    # (36.7, 35.5) is in version 1 only; the amendment shrank the zone to west of 36.4.
    found = assign_points(
        [36.7, 36.7, 36.2], [35.5, 35.5, 35.5], days("2017-09-14", "2017-09-15", "2017-09-15"), amended.versions
    )
    assert found.zone_ids().tolist() == ["north", None, "north"]
    assert found.version_numbers().tolist() == [1, -1, 2]


def test_day_without_a_date_is_in_no_zone() -> None:
    found = assign_points([36.5], [35.5], np.array(["NaT"], dtype="datetime64[D]"), NORTH.versions)
    assert found.zone_index.tolist() == [-1]


def test_overlapping_zones_go_to_the_smallest_whatever_the_order() -> None:
    inner = zone("inner", box(36.4, 35.4, 36.6, 35.6))
    for versions in ([*NORTH.versions, *inner.versions], [*inner.versions, *NORTH.versions]):
        found = assign_points([36.5, 36.1], [35.5, 35.1], days("2017-06-01", "2017-06-01"), versions)
        assert found.zone_ids().tolist() == ["inner", "north"]


def test_point_on_a_zone_line_is_outside_it() -> None:
    found = assign_points([36.0], [35.5], days("2017-06-01"), NORTH.versions)
    assert found.zone_index.tolist() == [-1]


def test_arrays_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="one length"):
        assign_points([36.5, 36.6], [35.5], days("2017-06-01"), NORTH.versions)


def test_counts_are_per_zone_and_omit_points_in_no_zone() -> None:
    found = assign_points(
        [36.5, 36.6, 36.2, 40.0],
        [35.5, 35.6, 32.8, 35.0],
        days(*["2017-06-01"] * 4),
        [*NORTH.versions, *SOUTH.versions],
    )
    assert found.counts() == {"north": 2, "south": 1}


def _east_of_line(km: float) -> tuple[float, float]:
    """A point `km` east of NORTH's eastern line (lon 37.0) at lat 35.5."""
    lon, lat, _ = GEOD.fwd(37.0, 35.5, 90.0, km * 1000.0)
    return lon, lat


def test_point_just_outside_a_zone_is_in_its_security_zone_when_asked() -> None:
    lon, lat = _east_of_line(4.0)
    found = assign_points([lon, 36.5], [lat, 35.5], days("2017-06-01", "2017-06-01"), NORTH.versions, security_km=5.0)
    assert found.zone_ids().tolist() == ["north-security-zone", "north"]
    assert found.security.tolist() == [True, False]
    assert found.assignment(0).zone_id == security_zone_id("north")


def test_point_beyond_the_security_width_is_in_no_zone() -> None:
    lon, lat = _east_of_line(6.0)
    found = assign_points([lon], [lat], days("2017-06-01"), NORTH.versions, security_km=5.0)
    assert found.zone_index.tolist() == [-1]


def test_security_zone_is_ignored_unless_asked() -> None:
    lon, lat = _east_of_line(1.0)
    assert assign_points([lon], [lat], days("2017-06-01"), NORTH.versions).zone_index.tolist() == [-1]


def test_security_belt_lies_outside_the_zone() -> None:
    belt = security_belt(NORTH.versions[0], 5.0)
    assert not belt.intersection(shapely.box(36.0, 35.0, 37.0, 36.0)).area > 1e-9


def test_derived_security_zone_keeps_each_version_dates() -> None:
    amended, _, _ = amend(NORTH, box(36.0, 35.0, 36.4, 36.0), valid_from=AMENDED, basis="JWG map")
    belt_zone = security_zone(amended, 5.0)
    assert belt_zone.kind is ZoneKind.SECURITY_ZONE and belt_zone.parent_id == "north"
    assert [(v.valid_from, v.valid_to) for v in belt_zone.versions] == [(IN_FORCE, AMENDED), (AMENDED, None)]
    assert all(v.approximate for v in belt_zone.versions)


def point(lon: float | None, lat: float | None, precision: GeoPrecision = GeoPrecision.POINT) -> Place:
    return Place("somewhere", lon, lat, precision)


def test_point_place_inside_a_zone_is_inside_with_version() -> None:
    got = assign_place(point(36.5, 35.5), date(2017, 6, 1), [NORTH, SOUTH])
    assert (got.zone_id, got.zone_version, got.relation, got.share) == ("north", 1, ZoneRelation.INSIDE, 1.0)


def test_town_place_outside_all_zones_is_outside() -> None:
    got = assign_place(point(38.0, 35.5, GeoPrecision.TOWN), date(2017, 6, 1), [NORTH, SOUTH])
    assert (got.zone_id, got.relation) == (None, ZoneRelation.OUTSIDE)


def test_place_dated_before_entry_into_force_is_outside_with_no_zone() -> None:
    got = assign_place(point(36.5, 35.5), date(2017, 5, 1), [NORTH])
    assert (got.zone_id, got.zone_version, got.relation) == (None, None, ZoneRelation.OUTSIDE)


def test_unresolved_place_is_unknown() -> None:
    got = assign_place(point(None, None, GeoPrecision.UNKNOWN), date(2017, 6, 1), [NORTH])
    assert got.relation is ZoneRelation.UNKNOWN


def test_province_straddling_zone_is_possibly_with_share() -> None:
    province = shapely.box(36.5, 35.2, 37.5, 35.8)  # half of it lies in NORTH
    got = assign_place(point(37.0, 35.5, GeoPrecision.PROVINCE), date(2017, 6, 1), [NORTH], place_geometry=province)
    assert (got.zone_id, got.relation) == ("north", ZoneRelation.POSSIBLY)
    assert got.share == pytest.approx(0.5, abs=0.005)


def test_province_wholly_within_zone_is_inside() -> None:
    district = shapely.box(36.2, 35.2, 36.8, 35.8)
    got = assign_place(point(36.5, 35.5, GeoPrecision.DISTRICT), date(2017, 6, 1), [NORTH], place_geometry=district)
    assert (got.relation, got.share) == (ZoneRelation.INSIDE, 1.0)


def test_province_disjoint_from_zones_is_outside() -> None:
    far = shapely.box(39.0, 35.0, 40.0, 36.0)
    got = assign_place(point(39.5, 35.5, GeoPrecision.PROVINCE), date(2017, 6, 1), [NORTH], place_geometry=far)
    assert (got.zone_id, got.relation, got.share) == (None, ZoneRelation.OUTSIDE, 0.0)


def test_share_is_a_ratio_of_true_areas_not_of_square_degrees() -> None:
    area = shapely.box(36.0, 35.0, 37.0, 37.0)
    northern_half = shapely.box(36.0, 36.0, 37.0, 37.0)
    true_share = (np.sin(np.radians(37)) - np.sin(np.radians(36))) / (np.sin(np.radians(37)) - np.sin(np.radians(35)))
    assert share_of_area(area, northern_half) == pytest.approx(true_share, abs=5e-4)
    assert abs(true_share - 0.5) > 2e-3


def test_province_named_by_spelling_uses_the_ocha_governorate() -> None:
    idleb = admin1_geometry("Idleb")
    minx, miny, maxx, maxy = idleb.bounds
    covering = zone("idlib", box(minx - 0.01, miny - 0.01, maxx + 0.01, maxy + 0.01))
    got = assign_place(
        Place("Idlib province", precision=GeoPrecision.PROVINCE, admin1="Idlib"), date(2017, 6, 1), [covering]
    )
    assert (got.zone_id, got.relation, got.share) == ("idlib", ZoneRelation.INSIDE, 1.0)


def test_district_with_only_a_point_inside_a_zone_is_possibly_without_share() -> None:
    got = assign_place(point(36.5, 35.5, GeoPrecision.DISTRICT), date(2017, 6, 1), [NORTH])
    assert (got.zone_id, got.relation, got.share) == ("north", ZoneRelation.POSSIBLY, None)


def test_province_next_to_a_zone_is_possibly_in_its_security_zone() -> None:
    lon, _ = _east_of_line(3.0)
    strip = shapely.box(37.0005, 35.4, lon, 35.6)
    got = assign_place(
        point(37.01, 35.5, GeoPrecision.DISTRICT), date(2017, 6, 1), [NORTH], place_geometry=strip, security_km=5.0
    )
    assert (got.zone_id, got.relation) == ("north-security-zone", ZoneRelation.INSIDE)


def test_batch_assignment_matches_one_by_one() -> None:
    places = [
        point(36.5, 35.5),
        point(38.0, 35.5, GeoPrecision.TOWN),
        point(36.5, 35.5),
        point(None, None, GeoPrecision.UNKNOWN),
        point(37.0, 35.5, GeoPrecision.PROVINCE),
    ]
    dates = [date(2017, 6, 1), date(2017, 6, 1), date(2017, 5, 1), date(2017, 6, 1), date(2017, 6, 1)]
    geoms = [None, None, None, None, shapely.box(36.5, 35.2, 37.5, 35.8)]
    batch = assign_places(places, dates, [NORTH, SOUTH], place_geometries=geoms)
    single = [
        assign_place(p, d, [NORTH, SOUTH], place_geometry=g) for p, d, g in zip(places, dates, geoms, strict=True)
    ]
    assert batch == single
    assert [a.relation for a in batch] == [
        ZoneRelation.INSIDE,
        ZoneRelation.OUTSIDE,
        ZoneRelation.OUTSIDE,
        ZoneRelation.UNKNOWN,
        ZoneRelation.POSSIBLY,
    ]


def test_point_exactly_on_a_zone_line_is_in_its_security_zone_when_asked() -> None:
    found = assign_points([37.0], [35.5], days("2017-06-01"), NORTH.versions, security_km=5.0)
    assert found.zone_ids().tolist() == ["north-security-zone"]


def test_large_batch_on_the_grid_matches_the_plain_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from ceasefire.geo import containment

    amended, _, _ = amend(NORTH, box(36.0, 35.0, 36.4, 36.0), valid_from=AMENDED, basis="JWG map")
    versions = [*amended.versions, *SOUTH.versions, *zone("inner", box(36.1, 35.1, 36.3, 35.3)).versions]
    rng = np.random.default_rng(11)
    n = containment.GRID_MIN_POINTS + 5_000
    lon, lat = rng.uniform(35.8, 37.3, n), rng.uniform(32.3, 36.2, n)
    lon[:500] = 37.0  # on north's eastern line
    when = np.datetime64("2017-04-01") + rng.integers(0, 400, n).astype("timedelta64[D]")
    on_grid = assign_points(lon, lat, when, versions, security_km=5.0)
    monkeypatch.setattr(containment, "GRID_MIN_POINTS", 10**12)
    plain = assign_points(lon, lat, when, versions, security_km=5.0)
    assert np.array_equal(on_grid.zone_index, plain.zone_index)
    assert np.array_equal(on_grid.security, plain.security)
    # inner lies within north, so its belt does too: points there are inside north.
    assert set(on_grid.counts()) == {"north", "south", "inner", "north-security-zone", "south-security-zone"}
