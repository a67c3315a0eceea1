"""Intake adapter: GDELT 2.0 events exports (`*.export.CSV`) into reports and incident claims.

A GDELT 2.0 events file is tab-separated, unquoted, without a header, 61 columns in the
order of `COLUMNS` (GDELT Event Codebook 2.0). GDELT codes the whole world's news, so most
rows are not ours: a row whose CAMEO root code is not 18-20 (violence, see `cameo`) or whose
action took place outside `countries` (FIPS 10-4 codes; Syria is "SY") is yielded as a
`SkippedRow`, counted but not quarantined. A violent row in scope that fails validation is
rejected like any other.

Mappings: the event date is `SQLDATE` (day precision). `ActionGeo_Type` 1 (country) becomes
COUNTRY, 2 and 5 (US state, world ADM1) PROVINCE, 3 and 4 (US and world city) TOWN.
`ActionGeo_ADM1Code` "SY09" is a FIPS admin1 code, which for Syria is GeoNames' own, so it
maps to the OCHA governorate. Actors get sides from their CAMEO codes and names
(`cameo.actor_side`). GDELT gives no fatalities. The claim is attributed to `SOURCEURL`, the
article GDELT coded it from. GDELT never revises an event, so there is no version stamp.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import BinaryIO

from ceasefire.domain.common import ActorRef, DateInterval, Place
from ceasefire.domain.reports import Claim, Report
from ceasefire.domain.statuses import ClaimKind, GeoPrecision, ReportKind, Side
from ceasefire.errors import InvalidInput
from ceasefire.geo.boundaries import governorate_by_geonames_code
from ceasefire.intake import cameo, cells
from ceasefire.intake.csv_reading import CsvFormat, CsvReader, InvalidFile, Position, RaggedRecord, Record
from ceasefire.intake.rows import (
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

#: The 61 columns of a GDELT 2.0 events export, in file order.
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
FORMAT = CsvFormat(delimiter="\t", columns=COLUMNS, quoting=False)

GEO_TYPE: dict[int, GeoPrecision] = {
    1: GeoPrecision.COUNTRY,
    2: GeoPrecision.PROVINCE,
    3: GeoPrecision.TOWN,
    4: GeoPrecision.TOWN,
    5: GeoPrecision.PROVINCE,
}
_DETAILS = (
    "EventCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "IsRootEvent", "DATEADDED", "Actor1Code", "Actor2Code", "ActionGeo_FeatureID",
)  # fmt: skip


def parse(
    stream: BinaryIO,
    *,
    source_name: str = "GDELT",
    countries: frozenset[str] = frozenset({"SY"}),
    received_at: datetime | None = None,
    resume: Position | None = None,
    today: date | None = None,
) -> Iterator[Row]:
    """Yield a `ParsedRow`, `RejectedRow` or `SkippedRow` per record, in file order.

    An empty `countries` keeps violent events anywhere (they still pass the AOI check).
    Raises `InvalidFile` when the first record does not have GDELT 2.0's 61 fields: the file
    is then another format (GDELT 1.0 has 57 or 58), not a file with one bad row.
    """
    reader = CsvReader(stream, FORMAT, resume=resume)
    context = RowContext.start(source_name, COLUMNS, received_at=received_at, today=today)
    for item in reader:
        if isinstance(item, RaggedRecord):
            if item.number == 1:
                raise InvalidFile(
                    f"record 1 has {len(item.cells)} tab-separated fields; a GDELT 2.0 events export has "
                    f"{len(COLUMNS)} and no header (GDELT 1.0 files have 57 or 58)",
                    record=1,
                    offset=item.offset,
                )
            yield RejectedRow(item.number, item.offset, item.reason, item.cells)
            continue
        try:
            yield _event(item, context, countries)
        except CellError as error:
            yield reject(item.number, item.offset, item.cells, error)


def sql_date(field: str, value: str) -> date:
    """GDELT's YYYYMMDD."""
    if len(value) != 8 or not value.isascii() or not value.isdigit():
        raise CellError(field, value, "not a GDELT date (YYYYMMDD)")
    return cells.iso_date(field, f"{value[:4]}-{value[4:6]}-{value[6:]}")


def _admin1(code: str) -> str | None:
    if len(code) == 4 and code.startswith("SY"):
        try:
            return governorate_by_geonames_code(code[2:]).name
        except InvalidInput:
            return None
    return None


def _event(record: Record, context: RowContext, countries: frozenset[str]) -> Row:
    row = record.cells
    code = row["EventCode"]
    if not (code.isascii() and code.isdigit() and 2 <= len(code) <= 4):
        raise CellError("EventCode", code, "not a CAMEO event code (2-4 digits)")
    mapped = cameo.event(code)
    if mapped is None:
        return SkippedRow(record.number, record.offset, f"CAMEO {code} is not violence (root codes 18-20 only)")
    country = row["ActionGeo_CountryCode"]
    if countries and country not in countries:
        where = f"in {country!r}" if country else "without an action location"
        return SkippedRow(record.number, record.offset, f"event {where}, outside {', '.join(sorted(countries))}")

    event_id = cells.external_id("GLOBALEVENTID", row["GLOBALEVENTID"])
    day = sql_date("SQLDATE", row["SQLDATE"])
    flags = cells.check_date("SQLDATE", row["SQLDATE"], day, today=context.today)
    precision = cells.coded("ActionGeo_Type", row["ActionGeo_Type"], GEO_TYPE)
    lon, lat = cells.point("ActionGeo_Lat", row["ActionGeo_Lat"], "ActionGeo_Long", row["ActionGeo_Long"])
    actor1 = _actor(row["Actor1Code"], row["Actor1Name"])
    actor2 = _actor(row["Actor2Code"], row["Actor2Name"])
    sub = mapped.sub_event_type
    if mapped.code == "192":
        sub = cameo.occupation(actor1.side if actor1 else Side.UNKNOWN)
    url = row["SOURCEURL"]
    place_name = row["ActionGeo_FullName"] or country

    source = context.source
    sha = context.hash_row(row)
    rid = report_id(source, event_id, None, sha)
    details: dict[str, object] = {key: row[key] for key in _DETAILS if row[key]}
    details["cameo"] = mapped.label
    claim = Claim(
        id=claim_id(rid, 0),
        report_id=rid,
        kind=ClaimKind.INCIDENT,
        attributed_to=url or source.name,
        date=DateInterval.day(day),
        place=Place(place_name, lon, lat, precision, _admin1(row["ActionGeo_ADM1Code"])),
        event_type=mapped.event_type,
        sub_event_type=sub,
        perpetrator=actor1,
        target=actor2,
        details=details,
    )
    report = Report(
        id=rid,
        source_id=source.id,
        kind=ReportKind.DATASET_ROW,
        sha256=sha,
        received_at=context.received_at,
        title=f"{mapped.label}: {place_name}, {day.isoformat()}",
        url=url if url.startswith(("https://", "http://")) else None,
        external_id=event_id,
        original=row,
    )
    return ParsedRow(record.number, record.offset, source, event_id, None, report, (claim,), flags=flags)


def _actor(code: str, name: str) -> ActorRef | None:
    if not code and not name:
        return None
    return ActorRef(name or code, cameo.actor_side(code, name))
