"""Intake adapter: UCDP Georeferenced Event Dataset (GED 23.1+) CSV into reports and claims.

One GED row is one event of organised violence with at least one death. `id` is UCDP's event
id, stable across releases; GED has no revision stamp, so a row whose content changed in a
new release gets a new report id (the row hash stands in for the version).

Codebook mappings:

- `type_of_violence` 1 (state-based) and 2 (non-state) become Battles: GED records deaths
  in fighting between organised sides and does not code the weapon, so no sub-type is
  claimed (an air strike and a clash look alike here). 3 (one-sided) becomes Violence
  against civilians / Attack.
- `where_prec` 1: the exact place (TOWN). 2: within about 25 km of a named place, and 3: a
  district (ADM2) centroid (DISTRICT). 4: a province (ADM1) centroid (PROVINCE). 5: an area
  larger than a province, or a point between two places, and 6: the country (COUNTRY, the
  only coarser level). 7: at sea or in international airspace (UNKNOWN).
- `date_prec` 1: the day. 2: a span of 2-6 days, and 3: a week (WEEK). 4: a month (MONTH).
  5: a year (YEAR). The interval itself is `date_start`..`date_end` as UCDP gives it.
- `low`/`best`/`high` become the claim's fatalities; the split by side stays in details.
- `side_a` is the perpetrator and `side_b` the target (in one-sided violence side_b is
  "Civilians"; in state-based conflict side_a is the government).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import BinaryIO

from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.reports import Claim, Report
from ceasefire.domain.statuses import ClaimKind, DatePrecision, EventType, GeoPrecision, ReportKind
from ceasefire.intake import cells
from ceasefire.intake.csv_reading import CsvFormat, CsvReader, Position, Record
from ceasefire.intake.rows import (
    CellError,
    ParsedRow,
    Row,
    RowContext,
    claim_id,
    report_id,
    rows_of,
)
from ceasefire.intake.sides import side_of

#: GED's columns in the order of the 23.1+ CSV.
COLUMNS: tuple[str, ...] = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_new_id",
    "conflict_name", "dyad_new_id", "dyad_name", "side_a_new_id", "gwnoa", "side_a", "side_b_new_id",
    "gwnob", "side_b", "number_of_sources", "source_article", "source_office", "source_date",
    "source_headline", "source_original", "where_prec", "where_coordinates", "where_description",
    "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id",
    "region", "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "best", "high", "low",
)  # fmt: skip
REQUIRED: tuple[str, ...] = (
    "id", "type_of_violence", "side_a", "side_b", "where_prec", "latitude", "longitude",
    "date_prec", "date_start", "date_end", "best", "high", "low",
)  # fmt: skip

VIOLENCE: dict[int, tuple[EventType, str | None, str]] = {
    1: (EventType.BATTLES, None, "state-based conflict"),
    2: (EventType.BATTLES, None, "non-state conflict"),
    3: (EventType.VIOLENCE_AGAINST_CIVILIANS, "Attack", "one-sided violence"),
}
WHERE_PRECISION: dict[int, GeoPrecision] = {
    1: GeoPrecision.TOWN,
    2: GeoPrecision.DISTRICT,
    3: GeoPrecision.DISTRICT,
    4: GeoPrecision.PROVINCE,
    5: GeoPrecision.COUNTRY,
    6: GeoPrecision.COUNTRY,
    7: GeoPrecision.UNKNOWN,
}
DATE_PRECISION: dict[int, DatePrecision] = {
    1: DatePrecision.DAY,
    2: DatePrecision.WEEK,
    3: DatePrecision.WEEK,
    4: DatePrecision.MONTH,
    5: DatePrecision.YEAR,
}

# GED's CSV writes dates as "2017-06-01 00:00:00.000"; its API as "2017-06-01".
_MIDNIGHT = re.compile(r"(?:[ T]00:00:00(?:\.0{1,6})?Z?)?\Z")
_DETAILS = (
    "conflict_name", "dyad_name", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
    "event_clarity", "code_status", "where_description", "adm_2", "number_of_sources", "source_article",
    "source_date",
)  # fmt: skip


def parse(
    stream: BinaryIO,
    *,
    source_name: str = "UCDP GED",
    received_at: datetime | None = None,
    resume: Position | None = None,
    delimiter: str = ",",
    encoding: str = "utf-8",
    countries: frozenset[str] = frozenset(),
    today: date | None = None,
) -> Iterator[Row]:
    """Yield one `ParsedRow`, `RejectedRow` or `SkippedRow` per record of a GED CSV, in order.

    Raises `InvalidFile` before any row when required columns are missing. `countries` (GED
    `country` names, e.g. {"Syria"}) skips the rest of a global file instead of quarantining
    every foreign event as outside the area of interest.
    """
    reader = CsvReader(stream, CsvFormat(delimiter=delimiter, encoding=encoding, required=REQUIRED), resume=resume)
    context = RowContext.start(source_name, reader.header, received_at=received_at, today=today)
    yield from rows_of(reader, lambda item: _event(item, context), countries=countries)


def ged_date(field: str, value: str) -> date:
    """A GED date: ISO, optionally followed by a midnight time as the CSV writes it."""
    try:
        if _MIDNIGHT.match(value, 10):
            return cells.iso_date(field, value[:10])
    except CellError:
        pass
    raise CellError(field, value, "not a GED date (2017-06-01 or 2017-06-01 00:00:00.000)")


def _fatalities(row: dict[str, str]) -> Fatalities:
    low = cells.count("low", row["low"])
    best = cells.count("best", row["best"])
    high = cells.count("high", row["high"])
    if not low <= best <= high:
        raise CellError("low/best/high", f"{low}/{best}/{high}", "must satisfy low <= best <= high")
    return Fatalities(low=low, best=best, high=high)


def _event(record: Record, context: RowContext) -> ParsedRow:
    row = record.cells
    source = context.source
    event_id = cells.external_id("id", row["id"])
    kind, sub, violence = cells.coded("type_of_violence", row["type_of_violence"], VIOLENCE)
    start = ged_date("date_start", row["date_start"])
    end = ged_date("date_end", row["date_end"])
    flags = cells.check_date("date_end", row["date_end"], end, today=context.today)
    if end < start:
        raise CellError("date_end", row["date_end"], f"is before date_start {row['date_start']!r}")
    when = DateInterval(start, end, cells.coded("date_prec", row["date_prec"], DATE_PRECISION))
    precision = cells.coded("where_prec", row["where_prec"], WHERE_PRECISION)
    lon, lat = cells.point("latitude", row["latitude"], "longitude", row["longitude"])
    side_a = cells.required_text("side_a", row["side_a"])
    side_b = cells.required_text("side_b", row["side_b"])
    fatalities = _fatalities(row)
    place_name = row.get("where_coordinates") or row.get("adm_2") or row.get("adm_1") or row.get("country") or ""

    sha = context.hash_row(row)
    rid = report_id(source, event_id, None, sha)
    details: dict[str, object] = {key: row[key] for key in _DETAILS if row.get(key)}
    details["type_of_violence"] = violence
    claim = Claim(
        id=claim_id(rid, 0),
        report_id=rid,
        kind=ClaimKind.INCIDENT,
        attributed_to=row.get("source_office") or source.name,
        date=when,
        place=Place(place_name, lon, lat, precision, cells.admin1(row.get("adm_1", ""))),
        event_type=kind,
        sub_event_type=sub,
        perpetrator=ActorRef(side_a, side_of(side_a)),
        target=ActorRef(side_b, side_of(side_b)),
        fatalities=fatalities,
        details=details,
    )
    report = Report(
        id=rid,
        source_id=source.id,
        kind=ReportKind.DATASET_ROW,
        sha256=sha,
        received_at=context.received_at,
        title=row.get("source_headline") or f"{row.get('dyad_name') or violence}: {place_name}",
        external_id=event_id,
        original=row,
    )
    return ParsedRow(record.number, record.offset, source, event_id, None, report, (claim,), flags=flags)
