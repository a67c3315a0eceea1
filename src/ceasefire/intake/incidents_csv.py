"""The project's own incident CSV: one incident a row, ISO dates, WGS 84 decimal degrees.

Columns (header required, order free; * = required):
  id*, date*, date_end, date_precision, event_type*, sub_event_type, place*, latitude,
  longitude, geo_precision, admin1, perpetrator, perpetrator_side, target, target_side,
  fatalities_low, fatalities_best, fatalities_high, source, source_url, notes
A row either becomes an Incident or a rejection naming the column and the bad value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.incidents import Incident
from ceasefire.domain.statuses import SUB_EVENT_TYPES, DatePrecision, EventType, GeoPrecision, IncidentStatus, Side
from ceasefire.errors import InvalidGeometry, InvalidInput
from ceasefire.geo.geometry import validate_point

COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "date_end",
    "date_precision",
    "event_type",
    "sub_event_type",
    "place",
    "latitude",
    "longitude",
    "geo_precision",
    "admin1",
    "perpetrator",
    "perpetrator_side",
    "target",
    "target_side",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "source",
    "source_url",
    "notes",
)
REQUIRED: tuple[str, ...] = ("id", "date", "event_type", "place")
MAX_ID = 64


@dataclass(frozen=True)
class RowError:
    """Why one row was refused: the column and the value at fault."""

    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"column {self.column!r}: {self.reason} (got {self.value!r})"


class _Bad(Exception):
    def __init__(self, column: str, value: str, reason: str) -> None:
        self.error = RowError(column, value, reason)


def _date(column: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Bad(column, value, "not an ISO 8601 date (YYYY-MM-DD)") from None


def _int(column: str, value: str) -> int | None:
    if value == "":
        return None
    if not value.isdigit():
        raise _Bad(column, value, "not a whole number of 0 or more")
    return int(value)


def _float(column: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise _Bad(column, value, "not a decimal number (use a dot, WGS 84 degrees)") from None
    if not math.isfinite(number):
        raise _Bad(column, value, "not a finite number")
    return number


def _enum(
    column: str, value: str, kind: type[DatePrecision] | type[GeoPrecision] | type[Side] | type[EventType]
) -> str:
    allowed = [str(m) for m in kind]
    if value not in allowed:
        raise _Bad(column, value, f"must be one of {', '.join(allowed)}")
    return value


def _actor(row: dict[str, str], name_col: str, side_col: str) -> ActorRef | None:
    name, side = row.get(name_col, ""), row.get(side_col, "")
    if not name:
        if side:
            raise _Bad(name_col, name, f"is empty but {side_col} is given")
        return None
    return ActorRef(name, Side(_enum(side_col, side or "unknown", Side)))


def _place(row: dict[str, str]) -> Place:
    lat_text, lon_text = row.get("latitude", ""), row.get("longitude", "")
    if bool(lat_text) != bool(lon_text):
        column = "longitude" if lat_text else "latitude"
        raise _Bad(column, "", "latitude and longitude must both be given or both be empty")
    lon = lat = None
    if lat_text:
        lat, lon = _float("latitude", lat_text), _float("longitude", lon_text)
        try:
            lon, lat = validate_point(lon, lat)
        except (InvalidGeometry, InvalidInput) as exc:
            raise _Bad("latitude/longitude", f"{lat_text},{lon_text}", exc.message) from None
    default = GeoPrecision.TOWN if lat is not None else GeoPrecision.UNKNOWN
    precision = GeoPrecision(_enum("geo_precision", row.get("geo_precision") or str(default), GeoPrecision))
    if lat is None and precision in (GeoPrecision.POINT, GeoPrecision.TOWN):
        raise _Bad("geo_precision", str(precision), "a point or town needs latitude and longitude")
    return Place(row["place"], lon, lat, precision, row.get("admin1") or None)


def _incident(row: dict[str, str]) -> Incident:
    for column in REQUIRED:
        if not row.get(column):
            raise _Bad(column, row.get(column, ""), "is required")
    if len(row["id"]) > MAX_ID or not row["id"].isprintable():
        raise _Bad("id", row["id"][:80], f"must be printable and at most {MAX_ID} characters")
    start = _date("date", row["date"])
    end = _date("date_end", row["date_end"]) if row.get("date_end") else start
    if end < start:
        raise _Bad("date_end", row["date_end"], f"is before date {start}")
    precision = DatePrecision(_enum("date_precision", row.get("date_precision") or "day", DatePrecision))
    event_type = EventType(_enum("event_type", row["event_type"], EventType))
    sub = row.get("sub_event_type") or None
    if sub is not None and sub not in SUB_EVENT_TYPES[event_type]:
        raise _Bad("sub_event_type", sub, f"is not an ACLED sub-event type of {event_type}")
    try:
        fatalities = Fatalities(
            *(_int(c, row.get(c, "")) for c in ("fatalities_low", "fatalities_best", "fatalities_high"))
        )
    except ValueError as exc:
        raise _Bad("fatalities_low/best/high", "", str(exc)) from None
    return Incident(
        id=row["id"],
        event_type=event_type,
        sub_event_type=sub,
        date=DateInterval(start, end, precision),
        place=_place(row),
        perpetrator=_actor(row, "perpetrator", "perpetrator_side"),
        target=_actor(row, "target", "target_side"),
        fatalities=fatalities,
        status=IncidentStatus.ALLEGED,
        source_name=row.get("source") or None,
        source_url=row.get("source_url") or None,
        notes=row.get("notes", ""),
    )


def parse_row(row: dict[str, str]) -> Incident | RowError:
    """One CSV record (header → cell, cells stripped of surrounding spaces) to an incident."""
    cleaned = {k: (v or "").strip() for k, v in row.items()}
    try:
        return _incident(cleaned)
    except _Bad as bad:
        return bad.error


def check_header(header: list[str]) -> None:
    """Refuse the whole file before any row when a required column is missing or unknown."""
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    dupes = sorted({c for c in header if header.count(c) > 1})
    if missing or unknown or dupes:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(repr(c) for c in unknown)}")
        if dupes:
            parts.append(f"duplicate column(s) {', '.join(dupes)}")
        raise InvalidInput("incident CSV header: " + "; ".join(parts) + f". Columns are: {', '.join(COLUMNS)}")
