"""Intake adapter: ACLED CSV exports (codebook 2023+) into reports and incident claims.

One export row is one event. `event_id_cnty` is ACLED's id; `timestamp` (Unix seconds) changes
whenever ACLED revises the event, so (id, timestamp) is a version and a newer timestamp
supersedes an older one. Events ACLED withdraws are listed in a separate file of
(`event_id_cnty`, `deleted_timestamp`), read by `parse_deletions`.

Codebook mappings:

- `time_precision` 1: the actual day. 2: the source gives a week or a similar span and ACLED
  codes a day in it, so the interval is the coded day ± 3 days. 3: only the month is known
  and ACLED codes its mid-point, so the interval is the whole calendar month.
- `geo_precision` 1: a named town (TOWN). 2: part of a region or near a town, coded to a
  nearby town (DISTRICT). 3: only a larger region, coded to a natural feature or the
  provincial capital (PROVINCE).
- `event_type` must be one of ACLED's six and `sub_event_type` one of its sub-types; anything
  else is refused, not guessed.
- `actor1` becomes the claim's perpetrator and `actor2` its target. ACLED warns that its
  actor order implies no direction for battles; the claim's details say `directional`.
- `fatalities` is ACLED's conservative estimate: it becomes the best estimate.
- `event_date` is ISO (`2017-06-01`, as the API gives it) or `01 June 2017` (the website's
  export); anything else, e.g. `01/06/2017`, is ambiguous and refused.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import BinaryIO

from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.reports import Claim, Report
from ceasefire.domain.statuses import (
    SUB_EVENT_TYPES,
    ClaimKind,
    DatePrecision,
    EventType,
    GeoPrecision,
    ReportKind,
)
from ceasefire.intake import cells
from ceasefire.intake.csv_reading import CsvFormat, CsvReader, Position, RaggedRecord, Record
from ceasefire.intake.rows import (
    CellError,
    DeletionRow,
    ParsedRow,
    RejectedRow,
    Row,
    RowContext,
    claim_id,
    dataset_source,
    reject,
    report_id,
    rows_of,
)
from ceasefire.intake.sides import side_of

#: The current export's columns, in ACLED's order (since the March 2023 column changes).
COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip
#: What an event cannot do without; older exports lacking disorder_type or tags still import.
REQUIRED: tuple[str, ...] = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "actor2", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
    "fatalities", "timestamp",
)  # fmt: skip
DELETION_COLUMNS: tuple[str, ...] = ("event_id_cnty", "deleted_timestamp")

TIME_PRECISION: dict[int, DatePrecision] = {1: DatePrecision.DAY, 2: DatePrecision.WEEK, 3: DatePrecision.MONTH}
GEO_PRECISION: dict[int, GeoPrecision] = {1: GeoPrecision.TOWN, 2: GeoPrecision.DISTRICT, 3: GeoPrecision.PROVINCE}

_EVENT_TYPES = {t.value.casefold(): t for t in EventType}
_SUB_TYPES = {(t, s.casefold()): s for t, subs in SUB_EVENT_TYPES.items() for s in subs}
# ACLED's codebook spells it "protestors"; the domain list spells it "protesters".
_SUB_TYPES[(EventType.PROTESTS, "excessive force against protestors")] = "Excessive force against protesters"
_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_DETAILS = (
    "notes", "disorder_type", "assoc_actor_1", "assoc_actor_2", "inter1", "inter2", "interaction",
    "admin2", "admin3", "source_scale", "tags",
)  # fmt: skip
_DIRECTIONAL = frozenset({EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.VIOLENCE_AGAINST_CIVILIANS})


def parse(
    stream: BinaryIO,
    *,
    source_name: str = "ACLED",
    received_at: datetime | None = None,
    resume: Position | None = None,
    delimiter: str = ",",
    encoding: str = "utf-8",
    countries: frozenset[str] = frozenset(),
    today: date | None = None,
) -> Iterator[Row]:
    """Yield one `ParsedRow`, `RejectedRow` or `SkippedRow` per record of an ACLED export.

    Raises `InvalidFile` (before any row) when required columns are missing, and mid-way when
    the file itself breaks (encoding, quoting, NUL bytes). `resume` continues from a checkpoint.
    `countries` (ACLED `country` names, e.g. {"Syria"}) skips rows of other countries in a
    regional export instead of quarantining them as outside the area of interest.
    """
    reader = CsvReader(stream, CsvFormat(delimiter=delimiter, encoding=encoding, required=REQUIRED), resume=resume)
    context = RowContext.start(source_name, reader.header, received_at=received_at, today=today)
    yield from rows_of(reader, lambda item: _event(item, context), countries=countries)


def parse_deletions(
    stream: BinaryIO, *, source_name: str = "ACLED", resume: Position | None = None
) -> Iterator[DeletionRow | RejectedRow]:
    """Read ACLED's deleted-events list: one (`event_id_cnty`, `deleted_timestamp`) a row."""
    source = dataset_source(source_name)
    for item in CsvReader(stream, CsvFormat(required=DELETION_COLUMNS), resume=resume):
        if isinstance(item, RaggedRecord):
            yield RejectedRow(item.number, item.offset, item.reason, item.cells)
            continue
        try:
            event_id = cells.external_id("event_id_cnty", item.cells["event_id_cnty"])
            stamp = cells.count("deleted_timestamp", item.cells["deleted_timestamp"])
        except CellError as error:
            yield reject(item.number, item.offset, item.cells, error)
            continue
        yield DeletionRow(item.number, item.offset, source, event_id, datetime.fromtimestamp(stamp, UTC))


def event_date(field: str, value: str) -> date:
    """ACLED's two date spellings: `2017-06-01` and `01 June 2017`."""
    if value[:1].isdigit() and "-" in value:
        return cells.iso_date(field, value)
    parts = value.split(" ")
    if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit() and parts[1].casefold() in _MONTHS:
        try:
            return date(int(parts[2]), _MONTHS[parts[1].casefold()], int(parts[0]))
        except ValueError:
            raise CellError(field, value, "not a calendar date") from None
    raise CellError(field, value, "not a date in ACLED's formats (2017-06-01 or 01 June 2017)")


def interval(day: date, precision: DatePrecision) -> DateInterval:
    """The span the codebook says contains the event, given the coded day and its precision."""
    if precision is DatePrecision.DAY:
        return DateInterval(day, day, precision)
    if precision is DatePrecision.WEEK:
        return DateInterval(day - timedelta(days=3), day + timedelta(days=3), precision)
    last = calendar.monthrange(day.year, day.month)[1]
    return DateInterval(day.replace(day=1), day.replace(day=last), precision)


def event_type(value: str) -> EventType:
    found = _EVENT_TYPES.get(value.strip().casefold())
    if found is None:
        known = ", ".join(repr(t.value) for t in EventType)
        raise CellError("event_type", value, f"not one of ACLED's event types ({known})")
    return found


def sub_event_type(kind: EventType, value: str) -> str:
    found = _SUB_TYPES.get((kind, value.strip().casefold()))
    if found is None:
        raise CellError("sub_event_type", value, f"not a sub-event type of {kind.value!r}")
    return found


def _event(record: Record, context: RowContext) -> ParsedRow:
    row = record.cells
    source = context.source
    event_id = cells.external_id("event_id_cnty", row["event_id_cnty"])
    version = cells.count("timestamp", row["timestamp"])
    day = event_date("event_date", row["event_date"])
    flags = cells.check_date("event_date", row["event_date"], day, today=context.today)
    year = row.get("year", "")
    if year and year != str(day.year):
        raise CellError("year", year, f"disagrees with event_date {row['event_date']!r}")
    when = interval(day, cells.coded("time_precision", row["time_precision"], TIME_PRECISION))
    kind = event_type(row["event_type"])
    sub = sub_event_type(kind, row["sub_event_type"])
    precision = cells.coded("geo_precision", row["geo_precision"], GEO_PRECISION)
    lon, lat = cells.point("latitude", row["latitude"], "longitude", row["longitude"])
    location = cells.required_text("location", row["location"])
    fatalities = cells.count("fatalities", row["fatalities"])
    perpetrator = cells.required_text("actor1", row["actor1"])

    sha = context.hash_row(row)
    rid = report_id(source, event_id, version, sha)
    details: dict[str, object] = {key: row[key] for key in _DETAILS if row.get(key)}
    details["civilian_targeting"] = bool(row.get("civilian_targeting"))
    details["directional"] = kind in _DIRECTIONAL
    claim = Claim(
        id=claim_id(rid, 0),
        report_id=rid,
        kind=ClaimKind.INCIDENT,
        attributed_to=row["source"] or source.name,
        date=when,
        place=Place(location, lon, lat, precision, cells.admin1(row["admin1"])),
        event_type=kind,
        sub_event_type=sub,
        perpetrator=ActorRef(perpetrator, side_of(perpetrator)),
        target=ActorRef(row["actor2"], side_of(row["actor2"])) if row["actor2"] else None,
        fatalities=Fatalities(best=fatalities),
        details=details,
    )
    report = Report(
        id=rid,
        source_id=source.id,
        kind=ReportKind.DATASET_ROW,
        sha256=sha,
        received_at=context.received_at,
        title=f"{sub}: {location}, {day.isoformat()}",
        external_id=event_id,
        original=row,
    )
    return ParsedRow(record.number, record.offset, source, event_id, version, report, (claim,), flags=flags)
