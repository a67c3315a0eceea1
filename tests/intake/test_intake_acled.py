"""ACLED adapter: the fixture round-trips, revisions are versions, deletions, rejections."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from ceasefire.domain.statuses import ClaimKind, DatePrecision, EventType, GeoPrecision, ReportKind, Side
from ceasefire.intake import acled
from ceasefire.intake.csv_reading import InvalidFile, Position
from ceasefire.intake.rows import DeletionRow, ParsedRow, RejectedRow, Row, SkippedRow, dataset_source, row_sha256

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "intake"
RECEIVED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
TODAY = date(2026, 1, 5)


def parse(name: str, **options: Any) -> list[Row]:
    with (FIXTURES / name).open("rb") as stream:
        return list(acled.parse(stream, received_at=RECEIVED, today=TODAY, **options))


def parsed(name: str) -> list[ParsedRow]:
    rows = parse(name)
    assert all(isinstance(row, ParsedRow) for row in rows), [r for r in rows if not isinstance(r, ParsedRow)]
    return [row for row in rows if isinstance(row, ParsedRow)]


E, B, V = EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.BATTLES, EventType.VIOLENCE_AGAINST_CIVILIANS
D, W, M = DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH
EXPECTED = [
    # id, version, type, sub-type, start, end, precision, place, geo, admin1, lon, lat, sides, fatalities
    ("SYR17001", 1498000000, E, "Air/drone strike", "2017-06-01", "2017-06-01", D, "Ariha", GeoPrecision.TOWN,
     "Idleb", 36.6103, 35.8126, (Side.RUSSIA, Side.CIVILIANS), 3),
    ("SYR17002", 1498100000, B, "Armed clash", "2017-05-30", "2017-06-05", W, "Harasta", GeoPrecision.DISTRICT,
     "Rural Damascus", 36.365, 33.5586, (Side.GOVERNMENT, Side.OPPOSITION), 7),
    ("SYR17003", 1498200000, E, "Shelling/artillery/missile attack", "2017-06-01", "2017-06-30", M, "Ar-Rastan",
     GeoPrecision.PROVINCE, "Homs", 36.7325, 34.9269, (Side.GOVERNMENT, None), 0),
    ("SYR17004", 1498300000, V, "Abduction/forced disappearance", "2017-06-20", "2017-06-20", D, "Idlib",
     GeoPrecision.TOWN, "Idleb", 36.6339, 35.9306, (Side.HTS, Side.CIVILIANS), 0),
    ("SYR17005", 1498400000, B, "Armed clash", "2017-06-22", "2017-06-22", D, "Ar-Raqqa", GeoPrecision.TOWN,
     "Ar-Raqqa", 39.0079, 35.9528, (Side.ISIS, Side.SDF), 12),
    ("SYR17006", 1499600000, EventType.STRATEGIC_DEVELOPMENTS, "Agreement", "2017-07-09", "2017-07-09", D, "Dar'a",
     GeoPrecision.TOWN, "Dar'a", 36.1021, 32.6189, (Side.RUSSIA, Side.USA), 0),
    ("SYR17007", 1494500000, E, "Shelling/artillery/missile attack", "2017-05-06", "2017-05-06", D, "Kafr Zeita",
     GeoPrecision.TOWN, "Hama", 36.6017, 35.3736, (Side.GOVERNMENT, Side.CIVILIANS), 1),
    ("SYR17008", 1498500000, EventType.PROTESTS, "Peaceful protest", "2017-06-03", "2017-06-03", D, "Maarat al Numan",
     GeoPrecision.TOWN, "Idleb", 36.6736, 35.6433, (Side.CIVILIANS, None), 0),
]  # fmt: skip


def test_every_fixture_row_parses_to_the_event_the_codebook_describes() -> None:
    rows = parsed("acled_syria_2017.csv")
    assert [row.record for row in rows] == list(range(2, 10))
    for row, expected in zip(rows, EXPECTED, strict=True):
        event_id, version, kind, sub, start, end, precision, place, geo, admin1, lon, lat, sides, deaths = expected
        (claim,) = row.claims
        assert (row.external_id, row.version) == (event_id, version)
        assert (claim.event_type, claim.sub_event_type) == (kind, sub)
        assert claim.date is not None and claim.place is not None
        assert (claim.date.start.isoformat(), claim.date.end.isoformat(), claim.date.precision) == (
            start,
            end,
            precision,
        )
        assert (claim.place.name, claim.place.precision, claim.place.admin1) == (place, geo, admin1)
        assert (claim.place.lon, claim.place.lat) == (lon, lat)
        assert claim.perpetrator is not None
        assert (claim.perpetrator.side, claim.target.side if claim.target else None) == sides
        assert claim.fatalities.best == deaths and claim.fatalities.low is None
        assert row.flags == () and row.deleted is False


def test_one_row_field_by_field_keeps_the_original_and_its_hash() -> None:
    row = parsed("acled_syria_2017.csv")[3]
    report, (claim,) = row.report, row.claims
    assert report.kind is ReportKind.DATASET_ROW
    assert report.source_id == row.source.id == "dataset:acled"
    assert report.external_id == "SYR17004"
    assert report.received_at == RECEIVED
    assert (
        report.original["notes"]
        == 'Fixture: local sources said "two men" were taken, at a checkpoint,\nafter a dispute.'
    )
    assert report.original["event_id_cnty"] == "SYR17004" and len(report.original) == len(acled.COLUMNS)
    assert report.sha256 == row_sha256(report.original)
    assert report.title == "Abduction/forced disappearance: Idlib, 2017-06-20"
    assert claim.kind is ClaimKind.INCIDENT
    assert claim.report_id == report.id and claim.id.startswith("clm-")
    assert claim.attributed_to == "Enab Baladi"
    assert claim.perpetrator is not None and claim.perpetrator.name == "Hayat Tahrir al Sham"
    assert claim.details["notes"] == report.original["notes"]
    assert claim.details["civilian_targeting"] is True
    assert claim.details["directional"] is True
    assert claim.details["interaction"] == "27"


def test_importing_the_same_file_twice_yields_the_same_ids() -> None:
    first = parsed("acled_syria_2017.csv")
    again = parsed("acled_syria_2017.csv")
    assert [r.report.id for r in first] == [r.report.id for r in again]
    assert [r.claims[0].id for r in first] == [r.claims[0].id for r in again]
    assert len({r.report.id for r in first}) == len(first)


def test_a_revision_is_the_same_event_with_a_newer_version_and_a_new_report() -> None:
    original = parsed("acled_syria_2017.csv")[1]
    (revised,) = parsed("acled_syria_2017_revised.csv")
    assert revised.external_id == original.external_id == "SYR17002"
    assert revised.version is not None and original.version is not None
    assert revised.version > original.version
    assert revised.report.id != original.report.id
    assert (original.claims[0].fatalities.best, revised.claims[0].fatalities.best) == (7, 9)


def test_the_deleted_events_list_yields_deletions_with_their_times() -> None:
    with (FIXTURES / "acled_deleted.csv").open("rb") as stream:
        rows = list(acled.parse_deletions(stream))
    source = dataset_source("ACLED")
    assert rows == [
        DeletionRow(2, 52, source, "SYR17005", datetime(2017, 7, 14, 2, 40, tzinfo=UTC)),
        DeletionRow(3, 72, source, "SYR17008", datetime(2017, 7, 14, 2, 41, 40, tzinfo=UTC)),
    ]


def test_a_bad_deletion_row_is_rejected_on_its_own() -> None:
    rows = list(acled.parse_deletions(io.BytesIO(b"event_id_cnty,deleted_timestamp\nSYR1,soon\nSYR2,1500000000\n")))
    assert (
        isinstance(rows[0], RejectedRow)
        and rows[0].reason == "deleted_timestamp 'soon': not a whole number of 0 or more"
    )
    assert isinstance(rows[1], DeletionRow)


REJECTIONS = [
    (2, "event_type", "not one of ACLED's event types"),
    (3, "latitude/longitude", "did you swap lat/lon?"),
    (4, "event_date", "not a date in ACLED's formats"),
    (5, "time_precision", "not a known code (expected one of 1, 2, 3)"),
    (6, "latitude/longitude", "Null Island"),
    (7, "latitude", "no DMS, no comma decimals"),
    (8, "fatalities", "not a whole number of 0 or more"),
    (9, None, "record 9 has 5 fields, the header has 31"),
    (10, "sub_event_type", "not a sub-event type of 'Battles'"),
    (11, "event_date", "is in the future"),
    (12, "latitude", "is missing"),
]


def test_each_bad_row_is_rejected_with_its_record_number_field_and_reason() -> None:
    rows = parse("acled_syria_2017_bad.csv")
    assert all(isinstance(row, RejectedRow) for row in rows)
    assert len(rows) == len(REJECTIONS)
    for row, (record, field, reason) in zip(rows, REJECTIONS, strict=True):
        assert isinstance(row, RejectedRow)
        assert (row.record, row.field) == (record, field)
        assert reason in row.reason
    swapped = rows[1]
    assert isinstance(swapped, RejectedRow) and isinstance(swapped.raw, dict)
    assert swapped.raw["event_id_cnty"] == "SYR17102" and swapped.value == "39.0079,35.9528"
    ragged = rows[7]
    assert isinstance(ragged, RejectedRow) and ragged.raw == (
        "SYR17108",
        "2017-06-01",
        "2017",
        "1",
        "Political violence",
    )


def test_a_year_that_disagrees_with_the_date_is_rejected() -> None:
    data = _fixture_with(event_date="2017-06-01", year="2016")
    (row,) = list(acled.parse(io.BytesIO(data), today=TODAY))
    assert isinstance(row, RejectedRow) and row.reason == "year '2016': disagrees with event_date '2017-06-01'"


def test_a_placeholder_date_is_accepted_with_a_flag() -> None:
    (row,) = list(acled.parse(io.BytesIO(_fixture_with(event_date="1970-01-01", year="1970")), today=TODAY))
    assert isinstance(row, ParsedRow) and row.flags == ("default-date",)


def test_event_types_and_dates_in_acleds_other_spellings_are_accepted() -> None:
    data = _fixture_with(event_type="strategic Developments", sub_event_type="agreement", event_date="9 July 2017")
    (row,) = list(acled.parse(io.BytesIO(data), today=TODAY))
    assert isinstance(row, ParsedRow)
    assert row.claims[0].event_type is EventType.STRATEGIC_DEVELOPMENTS
    assert row.claims[0].sub_event_type == "Agreement"
    assert row.claims[0].date is not None and row.claims[0].date.start == date(2017, 7, 9)


def test_a_file_missing_a_required_column_fails_before_any_row() -> None:
    header = ",".join(c for c in acled.COLUMNS if c != "geo_precision")
    with pytest.raises(InvalidFile, match="lacks required column\\(s\\) 'geo_precision'"):
        next(acled.parse(io.BytesIO(header.encode() + b"\n")))


def test_a_semicolon_export_reads_when_its_delimiter_is_declared() -> None:
    text = (FIXTURES / "acled_syria_2017.csv").read_text(encoding="utf-8")
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(csv.reader(io.StringIO(text, newline="")))
    rows = list(acled.parse(io.BytesIO(out.getvalue().encode()), delimiter=";", received_at=RECEIVED, today=TODAY))
    assert [r.report.id for r in rows if isinstance(r, ParsedRow)] == [
        r.report.id for r in parsed("acled_syria_2017.csv")
    ]


def test_resuming_from_a_checkpoint_yields_exactly_the_remaining_rows() -> None:
    everything = parsed("acled_syria_2017.csv")
    stop = everything[3]
    with (FIXTURES / "acled_syria_2017.csv").open("rb") as stream:
        rest = list(acled.parse(stream, resume=Position(stop.offset, stop.record), received_at=RECEIVED, today=TODAY))
    assert rest == everything[4:]


def _fixture_with(**changes: str) -> bytes:
    text = (FIXTURES / "acled_syria_2017.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    row = {**rows[5], **changes}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=acled.COLUMNS)
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue().encode()


def test_a_country_filter_skips_other_countries_of_a_regional_export() -> None:
    data = _fixture_with(country="Lebanon")
    (row,) = list(acled.parse(io.BytesIO(data), countries=frozenset({"Syria"}), today=TODAY))
    assert isinstance(row, SkippedRow) and row.reason == "country 'Lebanon' is not imported"
    (kept,) = list(acled.parse(io.BytesIO(_fixture_with()), countries=frozenset({"Syria"}), today=TODAY))
    assert isinstance(kept, ParsedRow)
