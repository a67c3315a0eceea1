"""Approximate Astana zones: listed towns inside, government-held cities outside, reproducible."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from ceasefire.errors import InvalidGeometry
from ceasefire.geo.gazetteer import Gazetteer
from ceasefire.geo.geometry import validate_zone_geometry
from ceasefire.geo.zone_builder import METHOD, build_zone, build_zones, dumps, locate, packaged_path, write_zones
from ceasefire.geo.zone_specs import ASTANA_ZONES, TownRef, ZoneSpec

ZONE_IDS = ["idlib", "northern-homs", "eastern-ghouta", "south"]


@pytest.fixture(scope="module")
def packaged() -> dict[str, Any]:
    collection: dict[str, Any] = json.loads(packaged_path().read_text(encoding="utf-8"))
    return collection


@pytest.fixture(scope="module")
def zones(packaged: dict[str, Any]) -> dict[str, BaseGeometry]:
    return {f["properties"]["id"]: shape(f["geometry"]) for f in packaged["features"]}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.packaged()


def _point(gazetteer: Gazetteer, name: str, admin1: str) -> Point:
    place = locate(TownRef(name, admin1), gazetteer)
    assert place is not None and place.lon is not None and place.lat is not None, f"{name} is not located"
    return Point(place.lon, place.lat)


def test_the_four_zones_have_the_agreed_ids_in_order(packaged: dict[str, Any]) -> None:
    assert packaged["type"] == "FeatureCollection"
    assert [f["properties"]["id"] for f in packaged["features"]] == ZONE_IDS


@pytest.mark.parametrize("spec", ASTANA_ZONES, ids=lambda s: s.id)
def test_every_located_town_lies_in_its_zone(
    spec: ZoneSpec, zones: dict[str, BaseGeometry], gazetteer: Gazetteer
) -> None:
    located = [t for t in spec.towns if locate(t, gazetteer) is not None]
    assert len(located) >= 5
    outside = [t.name for t in located if not zones[spec.id].covers(_point(gazetteer, t.name, t.admin1))]
    assert outside == []


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("Damascus", "Damascus"),
        ("Jaramana", "Rural Damascus"),
        ("Homs", "Homs"),
        ("Latakia", "Lattakia"),
        ("Hama", "Hama"),
        ("Aleppo", "Aleppo"),
        ("Suqaylabiyah", "Hama"),
        ("Mhardeh", "Hama"),
        ("Izra", "Dar'a"),
        ("Sheikh Miskin", "Dar'a"),
        ("Khan Arnabah", "Quneitra"),
    ],
)
def test_government_held_cities_are_in_no_zone(
    name: str, admin1: str, zones: dict[str, BaseGeometry], gazetteer: Gazetteer
) -> None:
    point = _point(gazetteer, name, admin1)
    assert [zone_id for zone_id, zone in zones.items() if zone.covers(point)] == []


def test_the_quneitra_countryside_is_in_the_south_but_not_the_occupied_golan(
    zones: dict[str, BaseGeometry], gazetteer: Gazetteer
) -> None:
    assert zones["south"].covers(_point(gazetteer, "Quneitra", "Quneitra"))
    assert not zones["south"].covers(_point(gazetteer, "Fiq", "Quneitra"))


def test_zones_do_not_overlap(zones: dict[str, BaseGeometry]) -> None:
    ids = list(zones)
    assert all(zones[a].intersection(zones[b]).area == 0 for i, a in enumerate(ids) for b in ids[i + 1 :])


def test_properties_mark_the_outlines_approximate_with_the_method(packaged: dict[str, Any]) -> None:
    for feature in packaged["features"]:
        props = feature["properties"]
        assert props["kind"] == "de-escalation-area" and props["approximate"] is True
        assert props["method"].startswith(METHOD) and "buffer" in props["method"]
        assert props["towns"] and isinstance(props["towns_unlocated"], list)
    idlib = packaged["features"][0]["properties"]
    assert "Tel Mannas" in idlib["towns_unlocated"] and "Khan Shaykhun" in idlib["towns"]
    assert idlib["towns_unconfirmed"] == ["Kabani", "Atarib"]


def test_geometries_are_valid_rfc7946_and_pass_the_zone_validator(packaged: dict[str, Any]) -> None:
    for feature in packaged["features"]:
        geometry = shape(feature["geometry"])
        assert geometry.is_valid
        polygons = [geometry] if geometry.geom_type == "Polygon" else list(geometry.geoms)
        assert all(p.exterior.is_ccw and not any(r.is_ccw for r in p.interiors) for p in polygons)
        validate_zone_geometry(feature["geometry"], name=feature["properties"]["id"])


def test_coordinates_carry_at_most_six_decimals() -> None:
    numbers = re.findall(r"-?\d+\.(\d+)", packaged_path().read_text(encoding="utf-8").split('"geometry"', 1)[1])
    assert numbers and max(len(digits) for digits in numbers) <= 6


def test_regenerating_gives_the_identical_file() -> None:
    assert dumps(build_zones()) == packaged_path().read_text(encoding="utf-8")


def test_writing_the_same_zones_again_leaves_the_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "zones.geojson"
    collection = build_zones()
    assert write_zones(target, collection) is True
    assert write_zones(target, collection) is False


def test_a_zone_without_any_located_town_is_an_error_naming_it(gazetteer: Gazetteer) -> None:
    spec = ZoneSpec("nowhere", "Nowhere", (TownRef("Xqzwv Plmk", "Idleb"),), ("Idleb",), buffer_km=5.0)
    with pytest.raises(InvalidGeometry, match="nowhere"):
        build_zone(spec, gazetteer)


def test_a_town_in_another_governorate_than_listed_is_not_used(gazetteer: Gazetteer) -> None:
    assert locate(TownRef("Douma", "Idleb"), gazetteer) is None
    assert locate(TownRef("Douma", "Rural Damascus"), gazetteer) is not None


def test_town_lists_follow_the_zone_description(shared_data: Path) -> None:
    text = (shared_data / "zones" / "zones_description.md").read_text(encoding="utf-8")
    blocks = re.split(r"\n- Zone \d", text.split("## Towns named", 1)[1])[1:]
    assert len(blocks) == len(ASTANA_ZONES)
    for spec, block in zip(ASTANA_ZONES, blocks, strict=True):
        listed = block.split("Sources")[0]
        assert [t.name for t in spec.towns if t.name not in listed] == [], spec.id
