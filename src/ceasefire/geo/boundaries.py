"""Governorates (admin1) and the national outline: names, spellings, packaged polygons.

Geocoding, zone building and statistics all speak of governorates by OCHA's English name
(NAME_EN of the COD-AB file: "Idleb", "Dar'a", "Rural Damascus"). Sources spell them a dozen
ways and GeoNames numbers them with its own admin1 codes, so this module is the one place that
maps every spelling and code to the OCHA name and P-code. The names table is static (loading
it costs nothing); the polygons load lazily from the package on first use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ceasefire.errors import InvalidInput
from ceasefire.geo.names import fold, normalise

if TYPE_CHECKING:  # shapely loads on first use of a polygon, keeping name look-ups fast
    from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True, slots=True)
class Governorate:
    """One of Syria's 14 governorates as OCHA names it, with the spellings met in sources."""

    name: str
    pcode: str
    geonames_code: str
    name_ar: str
    aliases: tuple[str, ...]


#: OCHA NAME_EN, P-code, GeoNames admin1 code (SY.01..SY.14), Arabic name, other spellings.
GOVERNORATES: tuple[Governorate, ...] = (
    Governorate("Damascus", "SY01", "13", "دمشق", ("Dimashq", "Damascus Governorate", "Damascus city")),
    Governorate("Aleppo", "SY02", "09", "حلب", ("Halab", "Alep", "Aleppo Governorate")),
    Governorate(
        "Rural Damascus",
        "SY03",
        "08",
        "ريف دمشق",
        (
            "Rif Dimashq",
            "Rif-Dimashq",
            "Reef Damascus",
            "Rif Damascus",
            "Damascus countryside",
            "Rural Damascus Governorate",
            "Damascus Countryside Governorate",
        ),
    ),
    Governorate("Homs", "SY04", "11", "حمص", ("Hims", "Hums", "Homs Governorate")),
    Governorate("Hama", "SY05", "10", "حماة", ("Hamah", "Hamat", "Hama Governorate")),
    Governorate(
        "Lattakia",
        "SY06",
        "02",
        "اللاذقية",
        ("Latakia", "Al Ladhiqiyah", "Al-Ladhiqiyah", "Lattaquie", "Latakia Governorate"),
    ),
    Governorate("Idleb", "SY07", "12", "إدلب", ("Idlib", "Edlib", "Idlib Governorate")),
    Governorate(
        "Al-Hasakeh",
        "SY08",
        "01",
        "الحسكة",
        ("Al-Hasakah", "Al Hasakah", "Hasakah", "Hasaka", "Hassakeh", "Hasakeh", "Al-Hasakah Governorate"),
    ),
    Governorate(
        "Deir-ez-Zor",
        "SY09",
        "07",
        "دير الزور",
        (
            "Deir ez-Zor",
            "Deir ez Zor",
            "Dayr az Zawr",
            "Deir al-Zour",
            "Deir Ezzor",
            "Deir el-Zour",
            "Deir Ez-Zor Governorate",
        ),
    ),
    Governorate("Tartous", "SY10", "14", "طرطوس", ("Tartus", "Tartouss", "Tartus Governorate")),
    Governorate("Ar-Raqqa", "SY11", "04", "الرقة", ("Raqqa", "Ar-Raqqah", "Ar Raqqah", "Rakka", "Raqqa Governorate")),
    Governorate("Dar'a", "SY12", "06", "درعا", ("Daraa", "Deraa", "Dara", "Der'a", "Daraa Governorate")),
    Governorate(
        "As-Sweida",
        "SY13",
        "05",
        "السويداء",
        ("As-Suwayda", "As Suwayda", "Suwayda", "Sweida", "Suwaida", "Soueida", "As-Suwayda Governorate"),
    ),
    Governorate(
        "Quneitra",
        "SY14",
        "03",
        "القنيطرة",
        ("Qunaitera", "Al Qunaytirah", "Qunaytirah", "Kuneitra", "Quneitra Governorate"),
    ),
)

_BY_PCODE = {g.pcode: g for g in GOVERNORATES}
_BY_GEONAMES_CODE = {g.geonames_code: g for g in GOVERNORATES}


@cache
def _alias_index() -> dict[str, Governorate]:
    index: dict[str, Governorate] = {}
    for gov in GOVERNORATES:
        for spelling in (gov.name, gov.name_ar, *gov.aliases):
            index.setdefault(fold(spelling), gov)
            index.setdefault(normalise(spelling), gov)
    return index


def find_governorate(name: str) -> Governorate | None:
    """The governorate a spelling names ('Idlib', 'Rif Dimashq', 'SY07', 'حمص'), or None."""
    text = name.strip()
    if text.upper() in _BY_PCODE:
        return _BY_PCODE[text.upper()]
    index = _alias_index()
    return index.get(fold(text)) or index.get(normalise(text))


def governorate(name: str) -> Governorate:
    """Like `find_governorate`, but an unknown name is an error that lists the known ones."""
    found = find_governorate(name)
    if found is None:
        known = ", ".join(g.name for g in GOVERNORATES)
        raise InvalidInput(f"unknown governorate {name!r}; known: {known}")
    return found


def governorate_by_geonames_code(code: str) -> Governorate:
    """Map GeoNames' admin1 code for Syria ('12', or 'SY.12') to the OCHA governorate."""
    key = code.strip().removeprefix("SY.").zfill(2)
    if key not in _BY_GEONAMES_CODE:
        raise InvalidInput(f"unknown GeoNames admin1 code {code!r} for Syria (expected 01..14)")
    return _BY_GEONAMES_CODE[key]


def _read_package_geojson(filename: str) -> dict[str, Any]:
    resource = resources.files("ceasefire").joinpath("data", "boundaries", filename)
    data: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return data


@cache
def admin1_polygons() -> dict[str, BaseGeometry]:
    """OCHA governorate polygons (2016) by OCHA English name, in P-code order, prepared."""
    import shapely
    from shapely.geometry import shape

    data = _read_package_geojson("syr_admin1_ocha_2016.geojson")
    polygons = {f["properties"]["NAME_EN"]: shape(f["geometry"]) for f in data["features"]}
    expected = [g.name for g in GOVERNORATES]
    if sorted(polygons) != sorted(expected):
        raise InvalidInput(f"packaged admin1 file names {sorted(polygons)}, expected {sorted(expected)}")
    for polygon in polygons.values():
        shapely.prepare(polygon)  # repeated point tests (building data, extraction) get an index
    return {name: polygons[name] for name in expected}


@cache
def country_outline() -> BaseGeometry:
    """Syria's outline (Natural Earth 1:10m), for checks that a point lies in the country."""
    from shapely.geometry import shape

    data = _read_package_geojson("syr_admin0_naturalearth_10m.geojson")
    return shape(data["features"][0]["geometry"])


def governorate_at(lon: float, lat: float) -> Governorate | None:
    """The governorate whose OCHA polygon contains the point, or None outside all of them.

    A per-point helper for building data; bulk assignment belongs to the vectorised code.
    """
    from shapely import Point

    point = Point(lon, lat)
    for name, polygon in admin1_polygons().items():
        if polygon.covers(point):
            return governorate(name)
    return None
