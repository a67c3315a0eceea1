"""The gazetteer's file format: one place a row, tab-separated. Read at start-up by geocoding.

The packaged gazetteer (`ceasefire/data/gazetteer/places.tsv`) and a user's gazetteer under
the data directory (filled by `ceasefire gazetteer import`) share this format. It is plain
text so that a regenerated file diffs line by line, rows are sorted by id so that writing the
same places twice gives the same bytes, and it loads with the csv module alone, fast enough
for every CLI call.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ceasefire.errors import InvalidInput

if TYPE_CHECKING:
    from ceasefire.geo.gazetteer import GazetteerPlace
    from ceasefire.settings import Settings

COLUMNS = (
    "id",
    "name",
    "alternate_names",
    "feature_class",
    "feature_code",
    "population",
    "admin1",
    "admin1_pcode",
    "lon",
    "lat",
    "source",
)
#: Separator of alternate names inside their column (GeoNames' own dumps use a comma,
#: which occurs inside names such as "Dayr al 'Asafir, Hawsh").
NAME_SEPARATOR = "|"


def _coordinate(value: float | None) -> str:
    if value is None:
        return ""
    return format(round(value, 6), ".6f").rstrip("0").rstrip(".")


def _clean(text: str) -> str:
    """Names may not carry the file's separators; they become spaces."""
    return " ".join(text.replace(NAME_SEPARATOR, " ").split())


def format_row(p: GazetteerPlace) -> str:
    """One place as its line in the file (no newline); equal lines mean equal stored places."""
    alternates = NAME_SEPARATOR.join(_clean(a) for a in p.alternate_names if _clean(a))
    row = (
        p.id,
        _clean(p.name),
        alternates,
        p.feature_class,
        p.feature_code,
        str(p.population),
        p.admin1 or "",
        p.admin1_pcode or "",
        _coordinate(p.lon),
        _coordinate(p.lat),
        _clean(p.source),
    )
    return "\t".join(row)


def format_places(places: Iterable[GazetteerPlace]) -> str:
    """The file text for `places`, rows sorted by id: the same places give the same bytes."""
    lines = ["\t".join(COLUMNS), *(format_row(p) for p in sorted(places, key=lambda place: place.id))]
    return "\n".join(lines) + "\n"


def write_places(path: Path, places: Iterable[GazetteerPlace]) -> bool:
    """Write the places to `path`; returns False (and leaves the file alone) if nothing changed."""
    text = format_places(places)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def _float(value: str, field: str, where: str) -> float | None:
    if value == "":
        return None
    try:
        return float(value)
    except ValueError:
        raise InvalidInput(f"{where}: field {field!r} is {value!r}, not a number") from None


def parse_places(text: str, origin: str) -> Iterator[GazetteerPlace]:
    """Parse the file text; `origin` names the file in errors ('places.tsv:12: ...')."""
    from ceasefire.geo.gazetteer import GazetteerPlace

    rows = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(rows, None)
    if header is None or tuple(header) != COLUMNS:
        raise InvalidInput(f"{origin}: header is {header!r}, expected {list(COLUMNS)}")
    for number, row in enumerate(rows, start=2):
        where = f"{origin}:{number}"
        if len(row) != len(COLUMNS):
            raise InvalidInput(f"{where}: {len(row)} fields, expected {len(COLUMNS)}")
        pid, name, alternates, fclass, fcode, population, admin1, pcode, lon, lat, source = row
        if not pid or not name:
            raise InvalidInput(f"{where}: a place needs an id and a name, got id={pid!r} name={name!r}")
        if not population.isdigit():
            raise InvalidInput(f"{where}: field 'population' is {population!r}, not a whole number")
        yield GazetteerPlace(
            id=pid,
            name=name,
            alternate_names=tuple(alternates.split(NAME_SEPARATOR)) if alternates else (),
            lon=_float(lon, "lon", where),
            lat=_float(lat, "lat", where),
            feature_class=fclass,
            feature_code=fcode,
            population=int(population),
            admin1=admin1 or None,
            admin1_pcode=pcode or None,
            source=source,
        )


def read_places(path: Path) -> list[GazetteerPlace]:
    """The places of a gazetteer file; a missing file is an error naming it."""
    if not path.is_file():
        raise InvalidInput(f"gazetteer file {str(path)!r} does not exist")
    return list(parse_places(path.read_text(encoding="utf-8"), str(path)))


def packaged_text() -> str:
    """The packaged gazetteer's text, read from the installed package."""
    resource = resources.files("ceasefire").joinpath("data", "gazetteer", "places.tsv")
    return resource.read_text(encoding="utf-8")


def packaged_path() -> Path:
    """Where the packaged file lives in a source checkout (the build script writes it here)."""
    return Path(__file__).resolve().parents[1] / "data" / "gazetteer" / "places.tsv"


def user_gazetteer_path(settings: Settings) -> Path:
    """The user's gazetteer, merged over the packaged one: `<data_dir>/gazetteer/places.tsv`."""
    return Path(settings.data_dir) / "gazetteer" / "places.tsv"
