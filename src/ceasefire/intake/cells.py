"""Intake: the cell parsers the dataset adapters share (ids, counts, codes, dates, coordinates).

Each parser takes the column name and the cell text and either returns a typed value or raises
`CellError` naming both, so every rejection reads the same: `latitude '36,2': not a decimal
number ...`. Parsers are strict on purpose (BAD_INPUTS §4.2, §4.3): ASCII digits only (Python's
`float` would accept Arabic-Indic digits, `nan` and `1_000`), ISO dates unless a format is
declared, no silent swap of latitude and longitude.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TypeVar

from ceasefire.errors import InvalidGeometry
from ceasefire.geo.boundaries import find_governorate
from ceasefire.geo.geometry import validate_point
from ceasefire.intake.rows import FLAG_DEFAULT_DATE, CellError

T = TypeVar("T")

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}\Z")
_INT = re.compile(r"[0-9]{1,12}\Z")
_DEGREES = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{1,15})?\Z")
_MISSING = frozenset({"", "nan", "null", "none", "na", "n/a"})
_DEFAULT_DATES = frozenset({date(1900, 1, 1), date(1970, 1, 1)})
_ADMIN_SUFFIX = re.compile(r"\s+(governorate|province|muhafazah)\Z", re.IGNORECASE)


def external_id(field: str, value: str) -> str:
    """A source's own id: 1-64 characters of letters, digits and `._:/-`, as written."""
    if not _ID.match(value):
        raise CellError(field, value, "not a usable id (1-64 letters, digits or ._:/-, no spaces)")
    return value


def required_text(field: str, value: str) -> str:
    if not value.strip():
        raise CellError(field, value, "is empty")
    return value


def count(field: str, value: str) -> int:
    """A whole number of 0 or more (fatalities, precision codes, epoch seconds)."""
    if not _INT.match(value):
        raise CellError(field, value, "not a whole number of 0 or more")
    return int(value)


def optional_count(field: str, value: str) -> int | None:
    return None if value == "" else count(field, value)


def coded(field: str, value: str, table: Mapping[int, T]) -> T:
    """A numeric code looked up in a codebook table; an unknown code names the known ones."""
    number = count(field, value)
    if number not in table:
        raise CellError(field, value, f"not a known code (expected one of {', '.join(map(str, sorted(table)))})")
    return table[number]


def iso_date(field: str, value: str) -> date:
    """YYYY-MM-DD only: `01/02/2017` is ambiguous and refused (BAD_INPUTS row 26)."""
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise CellError(field, value, "not an ISO 8601 date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CellError(field, value, "not a calendar date") from None


def check_date(field: str, value: str, day: date, *, today: date) -> tuple[str, ...]:
    """Refuse a date in the future; flag a likely placeholder date (BAD_INPUTS rows 24, 27).

    `today` is the UTC date of the import: a day of slack covers Damascus being ahead of UTC.
    """
    if day > today + timedelta(days=1):
        raise CellError(field, value, f"is in the future (the import runs on {today.isoformat()})")
    return (FLAG_DEFAULT_DATE,) if day in _DEFAULT_DATES else ()


def utc_today() -> date:
    return datetime.now(UTC).date()


def is_missing(value: str) -> bool:
    """Empty, NaN or null in any case: the spellings of "no value" (BAD_INPUTS row 20)."""
    return value.strip().casefold() in _MISSING


def degrees(field: str, value: str) -> float:
    """Decimal degrees with a dot; DMS, comma decimals and non-ASCII digits are refused."""
    if is_missing(value):
        raise CellError(field, value, "is missing; a row without a location is accepted only as 'location unknown'")
    if not _DEGREES.match(value):
        raise CellError(field, value, "not a decimal number of degrees (e.g. 35.93; no DMS, no comma decimals)")
    return float(value)


def point(lat_field: str, lat_value: str, lon_field: str, lon_value: str) -> tuple[float, float]:
    """(lon, lat) after range, Null Island and area-of-interest checks; never swapped."""
    lat = degrees(lat_field, lat_value)
    lon = degrees(lon_field, lon_value)
    problem = _point_problem(lon, lat)
    if problem is not None:
        raise CellError(f"{lat_field}/{lon_field}", f"{lat_value},{lon_value}", problem)
    return lon, lat


@lru_cache(maxsize=65536)
def _point_problem(lon: float, lat: float) -> str | None:
    """The AOI check of `ceasefire.geo.geometry`, cached: datasets repeat the same town
    coordinates thousands of times, and each polygon test costs microseconds."""
    try:
        validate_point(lon, lat)
    except InvalidGeometry as error:
        return error.message
    return None


@lru_cache(maxsize=4096)
def admin1(name: str) -> str | None:
    """The OCHA governorate name for a source's spelling ("Idlib" -> "Idleb"); the source's
    own text when it names no governorate; None when empty."""
    text = name.strip()
    if not text:
        return None
    found = find_governorate(text) or find_governorate(_ADMIN_SUFFIX.sub("", text))
    return found.name if found is not None else text
