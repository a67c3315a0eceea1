"""UCDP GED adapter: the fixture round-trips with the codebook's precision codes; bad rows."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ceasefire.domain.statuses import DatePrecision, EventType, GeoPrecision, Side
from ceasefire.intake import ucdp
from ceasefire.intake.csv_reading import InvalidFile
from ceasefire.intake.rows import ParsedRow, RejectedRow, Row, row_sha256

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "intake"
GED = FIXTURES / "ucdp_ged_syria_2017.csv"
TODAY = date(2026, 1, 5)


def parse_bytes(data: bytes) -> list[Row]:
    return list(ucdp.parse(io.BytesIO(data), received_at=datetime(2026, 1, 5, tzinfo=UTC), today=TODAY))


def fixture_rows() -> list[ParsedRow]:
    rows = parse_bytes(GED.read_bytes())
    assert all(isinstance(row, ParsedRow) for row in rows)
    return [row for row in rows if isinstance(row, ParsedRow)]


B, V = EventType.BATTLES, EventType.VIOLENCE_AGAINST_CIVILIANS
EXPECTED = [
    # id, type, sub, start, end, date precision, place, where precision, admin1, sides, low/best/high
    ("212001", B, None, "2017-06-02", "2017-06-02", DatePrecision.DAY, "Harasta town", GeoPrecision.TOWN,
     "Rural Damascus", (Side.GOVERNMENT, Side.OPPOSITION), (7, 7, 9)),
    ("212002", V, "Attack", "2017-06-05", "2017-06-09", DatePrecision.WEEK, "Deir ez-Zor town", GeoPrecision.DISTRICT,
     "Deir-ez-Zor", (Side.ISIS, Side.CIVILIANS), (3, 4, 6)),
    ("212003", B, None, "2017-06-01", "2017-06-30", DatePrecision.MONTH, "Ar Raqqah district", GeoPrecision.DISTRICT,
     "Ar-Raqqa", (Side.ISIS, Side.SDF), (15, 20, 25)),
    ("212004", B, None, "2017-01-01", "2017-12-31", DatePrecision.YEAR, "Hama governorate", GeoPrecision.PROVINCE,
     "Hama", (Side.GOVERNMENT, Side.ISIS), (15, 15, 15)),
    ("212005", V, "Attack", "2017-06-19", "2017-06-25", DatePrecision.WEEK, "Idlib governorate", GeoPrecision.COUNTRY,
     "Idleb", (Side.HTS, Side.CIVILIANS), (2, 2, 2)),
]  # fmt: skip


def test_every_fixture_row_parses_to_the_event_the_codebook_describes() -> None:
    rows = fixture_rows()
    assert [row.record for row in rows] == [2, 3, 4, 5, 6]
    for row, expected in zip(rows, EXPECTED, strict=True):
        event_id, kind, sub, start, end, date_precision, place, where, admin1, sides, deaths = expected
        (claim,) = row.claims
        assert claim.date is not None and claim.place is not None
        assert claim.perpetrator is not None and claim.target is not None
        assert (row.external_id, row.version) == (event_id, None)
        assert (claim.event_type, claim.sub_event_type) == (kind, sub)
        assert (claim.date.start.isoformat(), claim.date.end.isoformat(), claim.date.precision) == (
            start,
            end,
            date_precision,
        )
        assert (claim.place.name, claim.place.precision, claim.place.admin1) == (place, where, admin1)
        assert (claim.perpetrator.side, claim.target.side) == sides
        assert (claim.fatalities.low, claim.fatalities.best, claim.fatalities.high) == deaths


def test_one_row_field_by_field() -> None:
    row = fixture_rows()[0]
    report, (claim,) = row.report, row.claims
    assert report.title == "Clashes reported near Harasta"
    assert report.sha256 == row_sha256(report.original)
    assert report.original["source_article"] == 'Fixture wire, "Clashes near Harasta", 2017-06-02'
    assert claim.attributed_to == "SOHR;Reuters"
    assert claim.place is not None and (claim.place.lon, claim.place.lat) == (36.365, 33.5586)
    assert claim.details["type_of_violence"] == "state-based conflict"
    assert claim.details["deaths_a"] == "2" and claim.details["deaths_b"] == "5"
    assert claim.details["dyad_name"] == "Government of Syria - Syrian insurgents"


def test_a_row_without_office_or_headline_falls_back_to_the_dataset_and_dyad() -> None:
    row = fixture_rows()[3]
    assert row.claims[0].attributed_to == "UCDP GED"
    assert row.report.title == "Government of Syria - IS: Hama governorate"


def test_ids_are_stable_and_a_changed_row_in_a_new_release_is_a_new_report() -> None:
    first = fixture_rows()
    assert [r.report.id for r in first] == [r.report.id for r in fixture_rows()]
    changed = _ged_with(0, best="8", high="9")
    (row,) = parse_bytes(changed)
    assert isinstance(row, ParsedRow)
    assert row.external_id == first[0].external_id
    assert row.report.id != first[0].report.id


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"low": "9", "best": "7", "high": "9"}, "low/best/high", "must satisfy low <= best <= high"),
        ({"date_end": "2017-06-01 00:00:00.000"}, "date_end", "is before date_start"),
        ({"where_prec": "8"}, "where_prec", "not a known code (expected one of 1, 2, 3, 4, 5, 6, 7)"),
        ({"date_prec": "0"}, "date_prec", "not a known code"),
        ({"type_of_violence": "4"}, "type_of_violence", "not a known code (expected one of 1, 2, 3)"),
        ({"date_start": "01/06/2017"}, "date_start", "not a GED date"),
        ({"date_start": "2017-06-02 13:30:00"}, "date_start", "not a GED date"),
        ({"latitude": "36.365", "longitude": "33.5586"}, "latitude/longitude", "did you swap lat/lon?"),
        ({"side_a": ""}, "side_a", "is empty"),
        ({"id": "21 2001"}, "id", "not a usable id"),
    ],
)
def test_a_bad_ged_row_is_rejected_naming_the_field(changes: dict[str, str], field: str, reason: str) -> None:
    (row,) = parse_bytes(_ged_with(0, **changes))
    assert isinstance(row, RejectedRow)
    assert row.record == 2 and row.field == field
    assert reason in row.reason


def test_api_style_dates_without_a_time_are_accepted() -> None:
    (row,) = parse_bytes(_ged_with(0, date_start="2017-06-02", date_end="2017-06-02"))
    assert isinstance(row, ParsedRow)
    assert row.claims[0].date is not None and row.claims[0].date.start == date(2017, 6, 2)


def test_a_file_that_is_not_ged_fails_on_its_header() -> None:
    with pytest.raises(InvalidFile, match="lacks required column"):
        next(ucdp.parse(io.BytesIO(b"event_id_cnty,event_date\nSYR1,2017-06-01\n")))


def _ged_with(index: int, **changes: str) -> bytes:
    rows = list(csv.DictReader(io.StringIO(GED.read_text(encoding="utf-8"), newline="")))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ucdp.COLUMNS)
    writer.writeheader()
    writer.writerow({**rows[index], **changes})
    return out.getvalue().encode()


def test_a_country_filter_skips_the_rest_of_a_global_file() -> None:
    rows = list(ucdp.parse(io.BytesIO(_ged_with(0, country="Iraq")), countries=frozenset({"Syria"}), today=TODAY))
    assert [type(row).__name__ for row in rows] == ["SkippedRow"]
