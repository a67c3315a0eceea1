"""GeoNames country dumps (SY.zip / SY.txt) into the user's gazetteer. Set-up step of geocoding.

The packaged gazetteer holds only the populated places of a few public extracts; a user who
downloads GeoNames' full country file gets every village, hill and wadi (about 26,000
features for Syria). The file is read as a stream in GeoNames' published format
(https://download.geonames.org/export/dump/readme.txt): 19 tab-separated columns, alternate
names comma-separated in column 4, no header. A zip may also hold `alternateNamesV2.txt`
(or the older `alternateNames.txt`), whose names are added to their places. A malformed row
stops the import with an error naming the file, the line and the field, and nothing is
written. Imported places land in `<data_dir>/gazetteer/places.tsv`, keyed by GeoNames id, so
importing the same file again changes nothing.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from ceasefire.errors import InvalidInput
from ceasefire.geo import gazetteer_store
from ceasefire.geo.boundaries import GOVERNORATES, admin1_polygons, governorate_by_geonames_code
from ceasefire.geo.gazetteer import GazetteerPlace
from ceasefire.geo.names import worth_indexing
from ceasefire.settings import Settings

GEONAME_COLUMNS = (
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature class",
    "feature code",
    "country code",
    "cc2",
    "admin1 code",
    "admin2 code",
    "admin3 code",
    "admin4 code",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modification date",
)
FEATURE_CLASSES = frozenset("AHLPRSTUV")
#: alternateNames "languages" that are codes or links, not names.
PSEUDO_LANGUAGES = frozenset({"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "tcid", "fr_1793"})
ALTERNATE_FILES = ("alternateNamesV2.txt", "alternateNames.txt")
SOURCE = "GeoNames dump"


@dataclass(frozen=True)
class ImportSummary:
    """What an import did to the user's gazetteer."""

    path: Path
    read: int
    added: int
    updated: int
    unchanged: int
    written: bool


def _field(fields: list[str], name: str) -> str:
    return fields[GEONAME_COLUMNS.index(name)]


def _number(fields: list[str], name: str, where: str, low: float, high: float) -> float:
    value = _field(fields, name)
    try:
        number = float(value)
    except ValueError:
        raise InvalidInput(f"{where}: field {name!r} is {value!r}, not a number") from None
    if not low <= number <= high:
        raise InvalidInput(f"{where}: field {name!r} is {value!r}, outside {low}..{high}")
    return number


def parse_geoname(line: str, where: str) -> GazetteerPlace:
    """One row of the 19-column format as a place (admin1 from the code, for Syria)."""
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != len(GEONAME_COLUMNS):
        raise InvalidInput(f"{where}: {len(fields)} tab-separated fields, expected {len(GEONAME_COLUMNS)}")
    geonameid, name = _field(fields, "geonameid"), _field(fields, "name").strip()
    if not geonameid.isdigit():
        raise InvalidInput(f"{where}: field 'geonameid' is {geonameid!r}, not a whole number")
    if not name:
        raise InvalidInput(f"{where}: field 'name' is empty")
    lat = _number(fields, "latitude", where, -90, 90)
    lon = _number(fields, "longitude", where, -180, 180)
    fclass = _field(fields, "feature class")
    if fclass and fclass not in FEATURE_CLASSES:
        raise InvalidInput(
            f"{where}: field 'feature class' is {fclass!r}, not one of {''.join(sorted(FEATURE_CLASSES))}"
        )
    population = _field(fields, "population") or "0"
    if not population.isdigit():
        raise InvalidInput(f"{where}: field 'population' is {population!r}, not a whole number")
    admin1 = pcode = None
    code = _field(fields, "admin1 code")
    if _field(fields, "country code") == "SY" and code not in ("", "00"):
        try:
            gov = governorate_by_geonames_code(code)
        except InvalidInput as exc:
            raise InvalidInput(f"{where}: field 'admin1 code': {exc.message}") from None
        admin1, pcode = gov.name, gov.pcode
    names = [_field(fields, "asciiname"), *_field(fields, "alternatenames").split(",")]
    return GazetteerPlace(
        id=f"geonames:{geonameid}",
        name=name,
        alternate_names=tuple(dict.fromkeys(n.strip() for n in names if n.strip() != name and worth_indexing(n))),
        lon=lon,
        lat=lat,
        feature_class=fclass,
        feature_code=_field(fields, "feature code"),
        population=int(population),
        admin1=admin1,
        admin1_pcode=pcode,
        source=SOURCE,
    )


def read_geonames(stream: IO[str], origin: str) -> Iterator[GazetteerPlace]:
    """Places from a stream in the 19-column format; a header line naming 'geonameid' is skipped."""
    for number, line in enumerate(stream, start=1):
        if not line.strip() or (number == 1 and line.startswith("geonameid\t")):
            continue
        yield parse_geoname(line, f"{origin}:{number}")


def read_alternate_names(stream: IO[str], origin: str) -> dict[str, list[str]]:
    """alternateNamesV2 (10 columns) or alternateNames (8): names by place id, codes and
    historic names left out."""
    names: dict[str, list[str]] = defaultdict(list)
    for number, line in enumerate(stream, start=1):
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) not in (8, 10):
            raise InvalidInput(f"{origin}:{number}: {len(fields)} tab-separated fields, expected 10 (or 8)")
        geonameid, language, name, historic = fields[1], fields[2], fields[3].strip(), fields[7]
        if not geonameid.isdigit():
            raise InvalidInput(f"{origin}:{number}: field 'geonameid' is {geonameid!r}, not a whole number")
        if language not in PSEUDO_LANGUAGES and historic != "1" and worth_indexing(name):
            names[f"geonames:{geonameid}"].append(name)
    return names


@contextmanager
def _open_text(archive: zipfile.ZipFile, member: str) -> Iterator[IO[str]]:
    with archive.open(member) as raw, io.TextIOWrapper(raw, encoding="utf-8") as text:
        yield text


def _read_alternates_file(path: Path) -> dict[str, list[str]]:
    """A separate alternate-names file: GeoNames' alternatenames/SY.zip or its .txt."""
    if not path.is_file():
        raise InvalidInput(f"alternate-names file {str(path)!r} does not exist")
    if not zipfile.is_zipfile(path):
        with path.open(encoding="utf-8") as stream:
            return read_alternate_names(stream, str(path))
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.namelist() if m.endswith(".txt") and not m.lower().startswith("readme")]
        if len(members) != 1:
            raise InvalidInput(f"{path}: expected one alternate-names file in the zip, found {members or 'none'}")
        with _open_text(archive, members[0]) as stream:
            return read_alternate_names(stream, f"{path}!{members[0]}")


def _country_rows(path: Path, alternates: dict[str, list[str]]) -> Iterator[GazetteerPlace]:
    if not zipfile.is_zipfile(path):
        with path.open(encoding="utf-8") as stream:
            yield from read_geonames(stream, str(path))
        return
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.namelist() if m.endswith(".txt") and not m.lower().startswith("readme")]
        extra = [m for m in members if Path(m).name in ALTERNATE_FILES]
        main = [m for m in members if m not in extra]
        if len(main) != 1:
            raise InvalidInput(f"{path}: expected one country file (e.g. SY.txt) in the zip, found {main or 'none'}")
        if extra:
            with _open_text(archive, extra[0]) as stream:
                for key, names in read_alternate_names(stream, f"{path}!{extra[0]}").items():
                    alternates.setdefault(key, []).extend(names)
        with _open_text(archive, main[0]) as stream:
            yield from read_geonames(stream, f"{path}!{main[0]}")


def read_dump(path: Path, alternate_names: Path | None = None) -> Iterator[GazetteerPlace]:
    """Every place of a country dump (`.zip` or `.txt`), streamed, with the names of an
    alternate-names file inside the zip or given separately added to their places."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"GeoNames file {str(path)!r} does not exist")
    alternates = _read_alternates_file(Path(alternate_names)) if alternate_names else {}
    for place in _country_rows(path, alternates):
        more = [n for n in alternates.get(place.id, ()) if n != place.name]
        yield replace(place, alternate_names=tuple(dict.fromkeys((*place.alternate_names, *more)))) if more else place


def _governorates_from_polygons(places: list[GazetteerPlace]) -> list[GazetteerPlace]:
    """Set admin1 from the OCHA polygon containing each point, as the packaged data does;
    a point outside every polygon keeps the admin1 code GeoNames gave it."""
    import numpy as np
    import shapely

    lon = np.array([p.lon for p in places], dtype=float)
    lat = np.array([p.lat for p in places], dtype=float)
    found: list[str | None] = [None] * len(places)
    for name, polygon in admin1_polygons().items():
        shapely.prepare(polygon)
        for i in np.flatnonzero(shapely.contains_xy(polygon, lon, lat)):
            found[i] = name
    pcodes = {g.name: g.pcode for g in GOVERNORATES}
    return [
        p if name is None or name == p.admin1 else replace(p, admin1=name, admin1_pcode=pcodes[name])
        for p, name in zip(places, found, strict=True)
    ]


def import_dump(path: Path, settings: Settings | None = None, *, alternate_names: Path | None = None) -> ImportSummary:
    """Merge a GeoNames dump into the user's gazetteer; a repeated import writes nothing."""
    settings = settings or Settings()
    places = list(read_dump(Path(path), alternate_names))
    if not places:
        raise InvalidInput(f"{path}: no GeoNames rows found")
    places = _governorates_from_polygons(places)
    target = gazetteer_store.user_gazetteer_path(settings)
    existing = {p.id: p for p in gazetteer_store.read_places(target)} if target.is_file() else {}
    merged = dict(existing)
    added = updated = unchanged = 0
    for place in places:
        old = merged.get(place.id)
        if old is None:
            added += 1
        elif gazetteer_store.format_row(old) == gazetteer_store.format_row(place):
            unchanged += 1
        else:
            updated += 1
        merged[place.id] = place
    written = gazetteer_store.write_places(target, merged.values())
    return ImportSummary(target, len(places), added, updated, unchanged, written)
