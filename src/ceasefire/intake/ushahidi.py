"""Intake adapter: Ushahidi CSV exports (platform v3+ and classic v2) into reports and claims.

The platform's export writes native post fields ("Post ID", "Post Status", "Created (UTC)",
"Updated (UTC)", "Post Date (UTC)", "Contact", "Sets"), then the survey's fields by label:
"Title", "Description", a location field as two columns "<label>.lat" / "<label>.lon", and
categories as one comma-joined cell. When HXL is enabled its second line holds hashtags (or
is blank); that record is skipped. The classic v2 export has "#", "INCIDENT TITLE",
"INCIDENT DATE", "LOCATION" (a place name), "DESCRIPTION", "CATEGORY", "LATITUDE",
"LONGITUDE". `Layout` declares which columns mean what; `detect_layout` picks the platform
or classic layout from the header, and a deployment with renamed survey fields passes its own.

Choices:

- Categories become event types through a mapping (`DEFAULT_CATEGORIES`: ACLED's own type
  and sub-type names plus common crowd labels, case-insensitive). The first category that
  maps decides the claim; a post none of whose categories map is rejected, so the analyst
  can extend the mapping and retry it from the quarantine rather than lose it.
- "Post Date (UTC)" is a UTC time; the incident date is the date in `local_zone`
  (Asia/Damascus) at that instant. A classic export's date has no zone and is read as local.
- A post without coordinates is rejected unless the import says `location_unknown=True`
  (BAD_INPUTS row 20); then its place is explicitly unknown and the row is flagged.
- Crowd reports are allegations (stance ALLEGES) and may carry a reporter's contact
  details, so reports are confidential to the centre unless the import says otherwise.
- "Updated (UTC)", when present, is the post's version stamp (Unix seconds); a post whose
  status is "archived" was withdrawn by the deployment's moderators and comes in `deleted`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import BinaryIO
from zoneinfo import ZoneInfo

from ceasefire.domain.common import DateInterval, Place
from ceasefire.domain.reports import Claim, Report
from ceasefire.domain.statuses import (
    SUB_EVENT_TYPES,
    ClaimKind,
    Confidentiality,
    EventType,
    GeoPrecision,
    ReportKind,
    Stance,
)
from ceasefire.intake import cells
from ceasefire.intake.csv_reading import CsvFormat, CsvReader, InvalidFile, Position, RaggedRecord, Record
from ceasefire.intake.rows import (
    FLAG_LOCATION_UNKNOWN,
    CellError,
    ParsedRow,
    RejectedRow,
    Row,
    RowContext,
    SkippedRow,
    claim_id,
    reject,
    report_id,
)

EventKind = tuple[EventType, str | None]


@dataclass(frozen=True, slots=True)
class Layout:
    """Which column holds what. `latitude`/`longitude` are separate columns; `point` is one
    "lat,lon" column; `place` a place name. `date_zone` is the zone the date column is
    written in ("UTC"), or None when it is already local."""

    post_id: str
    date: str
    categories: str
    title: str | None = None
    description: str | None = None
    latitude: str | None = None
    longitude: str | None = None
    point: str | None = None
    place: str | None = None
    status: str | None = None
    updated: str | None = None
    date_zone: str | None = "UTC"

    def __post_init__(self) -> None:
        if not (self.latitude and self.longitude) and not self.point:
            raise ValueError("a layout needs latitude and longitude columns, or one 'lat,lon' point column")

    @property
    def required(self) -> tuple[str, ...]:
        located = (self.latitude, self.longitude) if self.latitude and self.longitude else (self.point,)
        return tuple(name for name in (self.post_id, self.date, self.categories, *located) if name)


PLATFORM = Layout(
    post_id="Post ID",
    date="Post Date (UTC)",
    categories="Categories",
    title="Title",
    description="Description",
    latitude="Location.lat",
    longitude="Location.lon",
    status="Post Status",
    updated="Updated (UTC)",
)
CLASSIC = Layout(
    post_id="#",
    date="INCIDENT DATE",
    categories="CATEGORY",
    title="INCIDENT TITLE",
    description="DESCRIPTION",
    latitude="LATITUDE",
    longitude="LONGITUDE",
    place="LOCATION",
    date_zone=None,
)

_ERV, _VAC = EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.VIOLENCE_AGAINST_CIVILIANS
_CROWD_LABELS: tuple[tuple[EventKind, tuple[str, ...]], ...] = (
    ((EventType.BATTLES, "Armed clash"), ("clashes", "fighting", "ceasefire violation")),
    ((_ERV, "Shelling/artillery/missile attack"), ("shelling", "artillery", "rocket attack")),
    ((_ERV, "Air/drone strike"), ("airstrike", "air strike", "air raid", "barrel bomb", "drone strike")),
    ((_ERV, "Remote explosive/landmine/IED"), ("explosion", "car bomb", "ied", "landmine")),
    ((_ERV, "Chemical weapon"), ("chemical attack",)),
    ((_VAC, "Attack"), ("attack on civilians", "killing", "sniper fire")),
    ((_VAC, "Abduction/forced disappearance"), ("kidnapping", "abduction", "detention")),
    ((EventType.PROTESTS, "Peaceful protest"), ("protest", "demonstration")),
    ((EventType.STRATEGIC_DEVELOPMENTS, "Looting/property destruction"), ("looting",)),
)
#: Category label (case-insensitive) -> ACLED event type and sub-type.
DEFAULT_CATEGORIES: Mapping[str, EventKind] = {
    **{kind.value.casefold(): (kind, None) for kind in EventType},
    **{sub.casefold(): (kind, sub) for kind, subs in SUB_EVENT_TYPES.items() for sub in subs},
    **{label: kind for kind, labels in _CROWD_LABELS for label in labels},
}

_TIME = re.compile(r"(?:[ T]([0-2][0-9]):([0-5][0-9])(?::([0-5][0-9]))?)?\Z")
_DETAILS_MAX = 20_000


def detect_layout(header: tuple[str, ...]) -> Layout:
    """The platform layout if the header has "Post ID", the classic one if it has "#" and
    "INCIDENT TITLE"; otherwise the file is not an Ushahidi export we know."""
    if PLATFORM.post_id in header:
        return PLATFORM
    if CLASSIC.post_id in header and CLASSIC.title in header:
        return CLASSIC
    raise InvalidFile(
        "not an Ushahidi export: the header has neither 'Post ID' (platform) nor '#' and 'INCIDENT TITLE' "
        "(classic); pass a Layout naming the columns",
        record=1,
    )


def parse(
    stream: BinaryIO,
    *,
    source_name: str = "Ushahidi",
    layout: Layout | None = None,
    categories: Mapping[str, EventKind] = DEFAULT_CATEGORIES,
    location_unknown: bool = False,
    confidentiality: Confidentiality = Confidentiality.CENTRE,
    local_zone: str = "Asia/Damascus",
    received_at: datetime | None = None,
    resume: Position | None = None,
    delimiter: str = ",",
    encoding: str = "utf-8",
    today: date | None = None,
) -> Iterator[Row]:
    """Yield one `ParsedRow`, `RejectedRow` or `SkippedRow` per record, in file order.

    Raises `InvalidFile` before any row when the layout's columns are not in the header.
    """
    reader = CsvReader(stream, CsvFormat(delimiter=delimiter, encoding=encoding), resume=resume)
    chosen = layout or detect_layout(reader.header)
    missing = [name for name in chosen.required if name not in reader.header]
    if missing:
        names = ", ".join(map(repr, missing))
        raise InvalidFile(f"the header lacks column(s) {names} of the Ushahidi layout", record=1)
    context = RowContext.start(source_name, reader.header, received_at=received_at, today=today)
    folded = {key.casefold(): kind for key, kind in categories.items()}
    post = _Post(chosen, folded, location_unknown, confidentiality, ZoneInfo(local_zone), context)
    for item in reader:
        if item.number == 2 and _is_hxl_row(item.cells):
            yield SkippedRow(item.number, item.offset, "HXL hashtag row of the export")
        elif isinstance(item, RaggedRecord):
            yield RejectedRow(item.number, item.offset, item.reason, item.cells)
        else:
            try:
                yield post.parse(item)
            except CellError as error:
                yield reject(item.number, item.offset, item.cells, error)


def _is_hxl_row(cells_: dict[str, str] | tuple[str, ...]) -> bool:
    values = list(cells_.values()) if isinstance(cells_, dict) else list(cells_)
    return all(not value or value.startswith("#") for value in values)


@dataclass(frozen=True, slots=True)
class _Post:
    layout: Layout
    categories: Mapping[str, EventKind]
    location_unknown: bool
    confidentiality: Confidentiality
    zone: ZoneInfo
    context: RowContext

    def parse(self, record: Record) -> ParsedRow:
        row, layout, source = record.cells, self.layout, self.context.source
        post_id = cells.external_id(layout.post_id, row[layout.post_id])
        day = self._date(layout.date, row[layout.date], layout.date_zone)
        flags = cells.check_date(layout.date, row[layout.date], day, today=self.context.today)
        labels = [label.strip() for label in row[layout.categories].split(",") if label.strip()]
        mapped = [self.categories[label.casefold()] for label in labels if label.casefold() in self.categories]
        if not mapped:
            reason = "no category maps to an event type (extend the category mapping and retry from the quarantine)"
            raise CellError(layout.categories, row[layout.categories], reason)
        place = self._place(row)
        if not place.resolved:
            flags = (*flags, FLAG_LOCATION_UNKNOWN)
        version = None
        if layout.updated and row.get(layout.updated):
            version = int(self._instant(layout.updated, row[layout.updated]).timestamp())
        title = row.get(layout.title, "") if layout.title else ""
        description = row.get(layout.description, "") if layout.description else ""
        status = row.get(layout.status, "") if layout.status else ""

        sha = self.context.hash_row(row)
        rid = report_id(source, post_id, version, sha)
        details: dict[str, object] = {"categories": labels, "description": description[:_DETAILS_MAX]}
        if status:
            details["post_status"] = status
        claim = Claim(
            id=claim_id(rid, 0),
            report_id=rid,
            kind=ClaimKind.INCIDENT,
            attributed_to=source.name,
            date=DateInterval.day(day),
            place=place,
            event_type=mapped[0][0],
            sub_event_type=mapped[0][1],
            stance=Stance.ALLEGES,
            details=details,
        )
        report = Report(
            id=rid,
            source_id=source.id,
            kind=ReportKind.DATASET_ROW,
            sha256=sha,
            received_at=self.context.received_at,
            title=title,
            external_id=post_id,
            confidentiality=self.confidentiality,
            original=row,
        )
        archived = status.casefold() == "archived"
        return ParsedRow(record.number, record.offset, source, post_id, version, report, (claim,), archived, flags)

    def _place(self, row: dict[str, str]) -> Place:
        layout = self.layout
        name = row.get(layout.place, "") if layout.place else ""
        if layout.latitude and layout.longitude:
            lat_field, lon_field = layout.latitude, layout.longitude
            lat, lon = row[lat_field], row[lon_field]
        else:
            lat_field = lon_field = layout.point or ""
            text = row[lat_field]
            lat, _, lon = text.partition(",")
            if not cells.is_missing(text) and not lon:
                raise CellError(lat_field, text, "not a 'lat,lon' pair")
        if self.location_unknown and cells.is_missing(lat) and cells.is_missing(lon):
            return Place(name or "unknown", None, None, GeoPrecision.UNKNOWN)
        lon_value, lat_value = cells.point(lat_field, lat.strip(), lon_field, lon.strip())
        # A map click rarely marks more than the town it lands in; unnamed, it is its coordinates.
        return Place(name or f"{lat.strip()}, {lon.strip()}", lon_value, lat_value, GeoPrecision.TOWN, None)

    def _instant(self, field: str, value: str) -> datetime:
        day = cells.iso_date(field, value[:10])
        match = _TIME.match(value, 10)
        if match is None:
            raise CellError(field, value, "not a date and time (2017-06-03 14:20:00)")
        hour, minute, second = (int(part) if part else 0 for part in match.groups())
        if hour > 23:
            raise CellError(field, value, "hour is past 23")
        return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)

    def _date(self, field: str, value: str, zone: str | None) -> date:
        """The incident's local date: a UTC instant converted to `local_zone`, or a local date."""
        if cells.is_missing(value):
            raise CellError(field, value, "is empty; a post needs a date")
        instant = self._instant(field, value)
        if zone is None:
            return instant.date()
        if zone != "UTC":
            instant = instant.replace(tzinfo=ZoneInfo(zone))
        return instant.astimezone(self.zone).date()
