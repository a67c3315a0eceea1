"""Zone geometries and incident points at the edge: BAD_INPUTS §4.1 and §4.2, one row per test."""

from __future__ import annotations

from typing import Any

import pytest
import shapely

from ceasefire.errors import InvalidGeometry
from ceasefire.geo.aoi import AOI
from ceasefire.geo.geometry import validate_point, validate_zone_collection, validate_zone_geometry

# A 0.2° square near Idlib city, counter-clockwise, and a hole inside it.
SQUARE = [[36.5, 35.8], [36.7, 35.8], [36.7, 36.0], [36.5, 36.0], [36.5, 35.8]]
HOLE = [[36.55, 35.85], [36.55, 35.9], [36.6, 35.9], [36.6, 35.85], [36.55, 35.85]]


def polygon(*rings: list[list[float]]) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [list(map(list, ring)) for ring in rings]}


def test_valid_square_passes_unchanged_without_warnings() -> None:
    ok = validate_zone_geometry(polygon(SQUARE), name="idlib")
    assert ok.geojson == polygon(SQUARE)
    assert ok.warnings == ()
    assert ok.shape.area == pytest.approx(0.04)


def test_unclosed_ring_is_rejected_with_pointer() -> None:
    with pytest.raises(InvalidGeometry, match="zone 'idlib': ring 0 not closed") as err:
        validate_zone_geometry(polygon([*SQUARE[:-1], [36.5, 35.81]]), name="idlib")
    assert err.value.pointer == "/coordinates/0"


def test_bulk_importer_may_close_an_unclosed_ring_with_a_warning() -> None:
    ok = validate_zone_geometry(polygon(SQUARE[:-1]), name="idlib", close_rings=True)
    assert ok.geojson == polygon(SQUARE)
    assert any("was not closed" in w for w in ok.warnings)


def test_ring_with_three_positions_is_rejected() -> None:
    with pytest.raises(InvalidGeometry, match="ring 0 has 3 positions; a closed ring needs at least 4"):
        validate_zone_geometry(polygon([[36.5, 35.8], [36.7, 35.8], [36.5, 35.8]]), name="idlib")


def test_bow_tie_polygon_is_rejected_with_intersection_point() -> None:
    bow_tie = [[36.5, 35.7], [36.7, 35.9], [36.7, 35.7], [36.5, 35.9], [36.5, 35.7]]
    with pytest.raises(InvalidGeometry) as err:
        validate_zone_geometry(polygon(bow_tie), name="idlib")
    assert err.value.message == "zone 'idlib': ring 0 self-intersects at (36.6, 35.8)"
    assert err.value.pointer == "/coordinates/0"


def test_clockwise_exterior_is_accepted_and_normalised() -> None:
    ok = validate_zone_geometry(polygon(SQUARE[::-1]), name="idlib")
    assert shapely.is_ccw(ok.shape.exterior)
    assert ok.geojson["coordinates"][0] == SQUARE
    assert ok.warnings == ("zone 'idlib': ring 0 was clockwise; normalised to counter-clockwise",)


def test_counter_clockwise_hole_is_normalised_to_clockwise() -> None:
    ok = validate_zone_geometry(polygon(SQUARE, HOLE[::-1]), name="idlib")
    assert not shapely.is_ccw(ok.shape.interiors[0])
    assert "ring 1 was counter-clockwise" in ok.warnings[0]


def test_hole_outside_the_shell_is_rejected() -> None:
    far_hole = [[36.8, 35.85], [36.8, 35.9], [36.85, 35.9], [36.85, 35.85], [36.8, 35.85]]
    with pytest.raises(InvalidGeometry, match=r"ring 1 \(a hole\) lies outside the shell") as err:
        validate_zone_geometry(polygon(SQUARE, far_hole), name="idlib")
    assert err.value.pointer == "/coordinates/1"


def test_overlapping_holes_are_rejected() -> None:
    shifted = [[x + 0.02, y + 0.02] for x, y in HOLE]
    with pytest.raises(InvalidGeometry, match=r"ring 1 and ring 2 \(holes\) overlap at"):
        validate_zone_geometry(polygon(SQUARE, HOLE, shifted), name="idlib")


def test_bbox_wider_than_ten_degrees_is_rejected() -> None:
    wide = [[30.0, 35.0], [42.0, 35.0], [42.0, 36.0], [30.0, 36.0], [30.0, 35.0]]
    with pytest.raises(InvalidGeometry, match="bounding box spans 12° × 1°, more than 10°"):
        validate_zone_geometry(polygon(wide), name="idlib")


def test_polygon_outside_the_area_of_interest_is_rejected_naming_the_position() -> None:
    cyprus = [[33.0, 35.0], [33.2, 35.0], [33.2, 35.2], [33.0, 35.2], [33.0, 35.0]]
    with pytest.raises(InvalidGeometry, match=r"ring 0 position 0 \(33, 35\) lies outside the area of interest"):
        validate_zone_geometry(polygon(cyprus), name="idlib")


def test_custom_area_of_interest_is_respected() -> None:
    cyprus = [[33.0, 35.0], [33.2, 35.0], [33.2, 35.2], [33.0, 35.2], [33.0, 35.0]]
    aoi = AOI("Cyprus", shapely.box(32.0, 34.5, 34.7, 35.8))
    assert validate_zone_geometry(polygon(cyprus), name="nicosia", aoi=aoi).shape.area > 0


def test_three_dimensional_positions_are_accepted_and_altitude_dropped() -> None:
    ok = validate_zone_geometry(polygon([[x, y, 350.0] for x, y in SQUARE]), name="idlib")
    assert ok.geojson == polygon(SQUARE)
    assert ok.warnings == ("zone 'idlib': altitude dropped from 3D positions (zones are 2D)",)


def test_four_dimensional_positions_are_rejected() -> None:
    with pytest.raises(InvalidGeometry, match="a 4th element") as err:
        validate_zone_geometry(polygon([[x, y, 0.0, 1.0] for x, y in SQUARE]), name="idlib")
    assert err.value.pointer == "/coordinates/0/0"


def test_more_vertices_than_the_cap_are_rejected_before_reading_positions() -> None:
    ring: list[Any] = ["not even a position"] * 10_001
    with pytest.raises(InvalidGeometry, match="10001 vertices exceed the limit of 10000"):
        validate_zone_geometry({"type": "Polygon", "coordinates": [ring]}, name="idlib")


def test_feature_collection_of_two_features_is_rejected() -> None:
    feature = {"type": "Feature", "properties": {}, "geometry": polygon(SQUARE)}
    with pytest.raises(InvalidGeometry, match="a zone is one feature; the collection has 2 features"):
        validate_zone_geometry({"type": "FeatureCollection", "features": [feature, feature]}, name="idlib")


def test_feature_collection_of_one_feature_is_unwrapped() -> None:
    feature = {"type": "Feature", "properties": {"id": "idlib"}, "geometry": polygon(SQUARE)}
    ok = validate_zone_geometry({"type": "FeatureCollection", "features": [feature]}, name="idlib")
    assert ok.geojson == polygon(SQUARE)


def test_crs_member_is_rejected() -> None:
    legacy = {**polygon(SQUARE), "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}}
    with pytest.raises(InvalidGeometry, match="'crs' member is not accepted") as err:
        validate_zone_geometry(legacy, name="idlib")
    assert err.value.pointer == "/crs"


def test_projected_metres_are_rejected_as_such() -> None:
    metres = [[4063000.0, 4273000.0], [4085000.0, 4273000.0], [4085000.0, 4300000.0], [4063000.0, 4273000.0]]
    with pytest.raises(InvalidGeometry, match=r"looks like projected coordinates \(metres\)") as err:
        validate_zone_geometry(polygon(metres), name="idlib")
    assert err.value.pointer == "/coordinates/0/0"


def test_duplicate_consecutive_vertices_are_removed_with_a_warning() -> None:
    doubled = [SQUARE[0], SQUARE[1], SQUARE[1], SQUARE[2], SQUARE[3], SQUARE[3], SQUARE[4]]
    ok = validate_zone_geometry(polygon(doubled), name="idlib")
    assert ok.geojson == polygon(SQUARE)
    assert ok.warnings == ("zone 'idlib': ring 0: removed 2 duplicate consecutive vertices",)


def test_zero_area_polygon_is_rejected() -> None:
    flat = [[36.5, 35.8], [36.6, 35.8], [36.7, 35.8], [36.6, 35.8], [36.5, 35.8]]
    with pytest.raises(InvalidGeometry, match="ring 0 has zero area"):
        validate_zone_geometry(polygon(flat), name="idlib")


def test_geometry_collection_is_rejected() -> None:
    collection = {"type": "GeometryCollection", "geometries": [polygon(SQUARE)]}
    with pytest.raises(InvalidGeometry, match="'GeometryCollection' is not accepted") as err:
        validate_zone_geometry(collection, name="idlib")
    assert err.value.pointer == "/type"


def test_point_where_a_polygon_is_expected_is_rejected() -> None:
    with pytest.raises(InvalidGeometry, match="'Point' is not accepted"):
        validate_zone_geometry({"type": "Point", "coordinates": [36.6, 35.9]}, name="idlib")


def test_fifteen_decimal_coordinates_are_rounded_to_seven() -> None:
    precise = [[x + 1.23456789012345e-3, y] for x, y in SQUARE]
    ok = validate_zone_geometry(polygon(precise), name="idlib")
    assert ok.geojson["coordinates"][0][0] == [36.5012346, 35.8]
    assert ok.warnings == ("zone 'idlib': coordinates rounded to 7 decimal places",)


def test_multipolygon_with_overlapping_parts_is_rejected() -> None:
    shifted = [[x + 0.1, y] for x, y in SQUARE]
    with pytest.raises(InvalidGeometry, match="polygons 0 and 1 overlap at"):
        validate_zone_geometry({"type": "MultiPolygon", "coordinates": [[SQUARE], [shifted]]}, name="idlib")


def test_multipolygon_errors_name_the_polygon_and_ring() -> None:
    bow_tie = [[36.0, 35.0], [36.2, 35.2], [36.2, 35.0], [36.0, 35.2], [36.0, 35.0]]
    with pytest.raises(InvalidGeometry, match=r"polygon 1 ring 0 self-intersects at \(36.1, 35.1\)") as err:
        validate_zone_geometry({"type": "MultiPolygon", "coordinates": [[SQUARE], [bow_tie]]}, name="idlib")
    assert err.value.pointer == "/coordinates/1/0"


def test_non_numeric_coordinate_is_rejected() -> None:
    with pytest.raises(InvalidGeometry, match=r"position 2 has a non-numeric or non-finite value '36\.7'"):
        validate_zone_geometry(polygon([*SQUARE[:2], ["36.7", 36.0], *SQUARE[3:]]), name="idlib")


def test_point_inside_syria_is_returned_unchanged() -> None:
    assert validate_point(36.6346, 35.9306) == (36.6346, 35.9306)


def test_swapped_lat_lon_is_rejected_with_a_hint_and_not_swapped() -> None:
    with pytest.raises(InvalidGeometry, match=r"did you swap lat/lon\? \(lon 36.3, lat 33.5 would be inside\)"):
        validate_point(33.5, 36.3)


def test_point_far_outside_without_swap_explanation_gets_no_hint() -> None:
    with pytest.raises(InvalidGeometry) as err:
        validate_point(2.35, 48.85)
    assert "outside the area of interest" in err.value.message
    assert "swap" not in err.value.message


def test_longitude_out_of_range_is_rejected() -> None:
    with pytest.raises(InvalidGeometry, match=r"longitude 200 is outside \[-180, 180\]"):
        validate_point(200.0, 35.0)


def test_latitude_out_of_range_is_rejected() -> None:
    with pytest.raises(InvalidGeometry, match=r"latitude -95 is outside \[-90, 90\]"):
        validate_point(36.0, -95.0)


@pytest.mark.parametrize(
    ("missing", "reason"),
    [(None, "is missing"), ("", "is missing"), (float("nan"), "is nan; a coordinate must be"), ("NaN", "not a number")],
)
def test_missing_or_nan_coordinates_are_rejected(missing: Any, reason: str) -> None:
    with pytest.raises(InvalidGeometry, match=f"longitude .*{reason}"):
        validate_point(missing, 35.9)


def test_null_island_is_rejected_as_a_probable_default() -> None:
    with pytest.raises(InvalidGeometry, match="Null Island"):
        validate_point(0, 0.0)


def test_coordinates_as_strings_are_rejected_even_when_numeric() -> None:
    with pytest.raises(InvalidGeometry, match=r"'36\.2' is not a number"):
        validate_point("36.2", 35.9)


def feature(zone_id: str, ring: list[list[float]]) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"id": zone_id}, "geometry": polygon(ring)}


def test_zone_collection_is_validated_feature_by_feature_with_ids() -> None:
    east = [[x + 0.3, y] for x, y in SQUARE]
    found = validate_zone_collection(
        {"type": "FeatureCollection", "features": [feature("idlib", SQUARE), feature("east", east[::-1])]}
    )
    assert list(found) == ["idlib", "east"]
    assert found["east"].warnings == ("zone 'east': ring 0 was clockwise; normalised to counter-clockwise",)


def test_zone_collection_error_points_into_the_feature() -> None:
    bow_tie = [[36.5, 35.7], [36.7, 35.9], [36.7, 35.7], [36.5, 35.9], [36.5, 35.7]]
    collection = {"type": "FeatureCollection", "features": [feature("idlib", SQUARE), feature("bad", bow_tie)]}
    with pytest.raises(InvalidGeometry, match="zone 'bad': ring 0 self-intersects") as err:
        validate_zone_collection(collection)
    assert err.value.pointer == "/features/1/geometry/coordinates/0"


def test_zone_collection_over_the_feature_cap_is_rejected_before_any_geometry() -> None:
    collection = {"type": "FeatureCollection", "features": [{"not": "checked"}] * 6}
    with pytest.raises(InvalidGeometry, match="6 features exceed the limit of 5"):
        validate_zone_collection(collection, max_features=5)


def test_zone_collection_with_a_repeated_id_is_rejected() -> None:
    collection = {"type": "FeatureCollection", "features": [feature("idlib", SQUARE), feature("idlib", SQUARE)]}
    with pytest.raises(InvalidGeometry, match="feature 1 repeats zone id 'idlib'"):
        validate_zone_collection(collection)


def test_module_examples_still_hold() -> None:
    import doctest

    from ceasefire.geo import geometry, strict_json

    for module in (geometry, strict_json):
        assert doctest.testmod(module).failed == 0
