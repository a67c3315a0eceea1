"""Governorate assignment of points with the packaged OCHA polygons."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from ceasefire.errors import NotFound
from ceasefire.geo.admin1 import admin1_geometry, admin1_index, admin1_table, assign_admin1


def test_city_points_get_their_governorate_name_and_pcode() -> None:
    # Idlib city, Aleppo city, Daraa city, Homs city, Damascus (Umayyad Square), Raqqa city.
    lon = [36.6346, 37.1613, 36.1021, 36.7233, 36.2925, 39.0125]
    lat = [35.9306, 36.2021, 32.6189, 34.7324, 33.5136, 35.9528]
    names, pcodes = assign_admin1(lon, lat)
    assert names.tolist() == ["Idleb", "Aleppo", "Dar'a", "Homs", "Damascus", "Ar-Raqqa"]
    assert pcodes.tolist() == ["SY07", "SY02", "SY12", "SY04", "SY01", "SY11"]


def test_points_outside_syria_get_none() -> None:
    names, pcodes = assign_admin1([35.5, 44.4], [33.9, 33.3])  # Beirut, Baghdad
    assert names.tolist() == [None, None]
    assert pcodes.tolist() == [None, None]


def test_point_on_a_shared_border_goes_to_the_lowest_pcode() -> None:
    shared = admin1_geometry("Idleb").boundary.intersection(admin1_geometry("Aleppo").boundary)
    vertex = shapely.get_coordinates(shared)[0]
    on_border = shapely.Point(vertex)
    assert admin1_geometry("Idleb").covers(on_border) and admin1_geometry("Aleppo").covers(on_border)
    names, _ = assign_admin1([vertex[0]], [vertex[1]])
    assert names.tolist() == ["Aleppo"]  # SY02 before SY07


def test_empty_input_gives_empty_arrays() -> None:
    names, pcodes = assign_admin1(np.array([]), np.array([]))
    assert names.size == 0 and pcodes.size == 0


def test_mismatched_arrays_are_refused() -> None:
    with pytest.raises(ValueError, match="one length"):
        admin1_index([36.0, 37.0], [35.0])


def test_table_is_in_pcode_order() -> None:
    assert [g.pcode for g in admin1_table()] == [f"SY{i:02d}" for i in range(1, 15)]


def test_vectorised_assignment_agrees_with_covers_on_random_points() -> None:
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(35.6, 42.4, 2000), rng.uniform(32.3, 37.4, 2000)
    names, _ = assign_admin1(lon, lat)
    for x, y, name in zip(lon[:300], lat[:300], names[:300], strict=True):
        expected = next((g.name for g in admin1_table() if admin1_geometry(g.pcode).covers(shapely.Point(x, y))), None)
        assert name == expected


@pytest.mark.parametrize(
    ("spelling", "pcode"),
    [
        ("Idlib", "SY07"),
        ("Idleb", "SY07"),
        ("Daraa", "SY12"),
        ("Dar'a", "SY12"),
        ("Deraa", "SY12"),
        ("Rif Dimashq", "SY03"),
        ("Rural Damascus", "SY03"),
        ("Quneitra", "SY14"),
        ("Hasakah", "SY08"),
        ("Al-Hasakeh", "SY08"),
        ("Deir ez-Zor", "SY09"),
        ("Deir-ez-Zor", "SY09"),
        ("Raqqa", "SY11"),
        ("Ar-Raqqa", "SY11"),
        ("Tartus", "SY10"),
        ("Tartous", "SY10"),
        ("Sweida", "SY13"),
        ("As-Sweida", "SY13"),
        ("SY05", "SY05"),
    ],
)
def test_governorate_polygon_is_found_by_common_spellings(spelling: str, pcode: str) -> None:
    assert admin1_geometry(spelling).equals(admin1_geometry(pcode))
    assert admin1_geometry(spelling) is admin1_geometry(pcode)


def test_unknown_governorate_name_is_not_found_and_lists_the_known() -> None:
    with pytest.raises(NotFound, match="no governorate is called 'Atlantis'; known: Damascus, Aleppo"):
        admin1_geometry("Atlantis")


def test_module_example_still_holds() -> None:
    import doctest

    from ceasefire.geo import admin1

    result = doctest.testmod(admin1)
    assert result.attempted > 0 and result.failed == 0
