"""GDELT 2.0 adapter and the CAMEO mapping: violent Syrian events in, the rest skipped."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from ceasefire.domain.statuses import EventType, GeoPrecision, Side
from ceasefire.intake import cameo, gdelt
from ceasefire.intake.csv_reading import InvalidFile
from ceasefire.intake.rows import ParsedRow, RejectedRow, Row, SkippedRow

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "intake" / "gdelt_20170601.export.CSV"
TODAY = date(2026, 1, 5)


def parse_bytes(data: bytes, **options: Any) -> list[Row]:
    at = datetime(2026, 1, 5, tzinfo=UTC)
    return list(gdelt.parse(io.BytesIO(data), received_at=at, today=TODAY, **options))


def fixture_lines() -> list[bytes]:
    return FIXTURE.read_bytes().splitlines(keepends=True)


def edited(line: int, **changes: str) -> bytes:
    cells = fixture_lines()[line].rstrip(b"\n").decode().split("\t")
    for name, value in changes.items():
        cells[gdelt.COLUMNS.index(name)] = value
    return ("\t".join(cells) + "\n").encode()


def test_the_export_has_gdelt_2_0s_61_columns_in_codebook_order() -> None:
    assert len(gdelt.COLUMNS) == 61 == len(set(gdelt.COLUMNS))
    positions = {name: gdelt.COLUMNS.index(name) for name in ("SQLDATE", "IsRootEvent", "EventCode", "AvgTone")}
    assert positions == {"SQLDATE": 1, "IsRootEvent": 25, "EventCode": 26, "AvgTone": 34}
    assert gdelt.COLUMNS[35:37] == ("Actor1Geo_Type", "Actor1Geo_FullName")
    assert gdelt.COLUMNS[51:59] == (
        "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
        "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    )  # fmt: skip
    assert gdelt.COLUMNS[59:] == ("DATEADDED", "SOURCEURL")
    assert all(len(line.split(b"\t")) == 61 for line in fixture_lines())


ERV, BAT, VAC = EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.BATTLES, EventType.VIOLENCE_AGAINST_CIVILIANS
EXPECTED: list[tuple[object, ...]] = [
    # record, id, type, sub-type, day, geo precision, admin1, sides
    (1, "658000001", ERV, "Air/drone strike", "2017-06-01", GeoPrecision.TOWN, "Idleb", (Side.RUSSIA, Side.CIVILIANS)),
    (2, "658000002", BAT, "Armed clash", "2017-06-01", GeoPrecision.TOWN, "Rural Damascus",
     (Side.GOVERNMENT, Side.OPPOSITION)),
    (3, "658000003", ERV, "Suicide bomb", "2017-06-02", GeoPrecision.TOWN, "Deir-ez-Zor", (Side.ISIS, Side.CIVILIANS)),
    (4, "skipped", "CAMEO 042 is not violence"),
    (5, "skipped", "event in 'IZ', outside SY"),
    (6, "658000006", ERV, "Shelling/artillery/missile attack", "2017-06-03", GeoPrecision.COUNTRY, None,
     (Side.GOVERNMENT, Side.OPPOSITION)),
    (7, "658000007", BAT, "Government regains territory", "2017-06-03", GeoPrecision.TOWN, "Dar'a",
     (Side.GOVERNMENT, None)),
    (8, "658000008", ERV, "Chemical weapon", "2017-06-04", GeoPrecision.TOWN, "Idleb",
     (Side.GOVERNMENT, Side.CIVILIANS)),
    (9, "658000009", VAC, "Attack", "2017-06-04", GeoPrecision.PROVINCE, "Hama", (Side.OPPOSITION, Side.CIVILIANS)),
]  # fmt: skip


def test_every_fixture_row_is_parsed_or_skipped_as_the_codebook_says() -> None:
    rows = parse_bytes(FIXTURE.read_bytes())
    assert len(rows) == len(EXPECTED)
    for row, expected in zip(rows, EXPECTED, strict=True):
        assert row.record == expected[0]
        if expected[1] == "skipped":
            assert isinstance(row, SkippedRow) and str(expected[2]) in row.reason
            continue
        assert isinstance(row, ParsedRow)
        _, event_id, kind, sub, day, precision, admin1, sides = expected
        (claim,) = row.claims
        assert claim.date is not None and claim.place is not None
        assert (row.external_id, row.version, claim.event_type, claim.sub_event_type) == (event_id, None, kind, sub)
        assert (claim.date.start.isoformat(), claim.date.end.isoformat()) == (day, day)
        assert (claim.place.precision, claim.place.admin1) == (precision, admin1)
        perpetrator = claim.perpetrator.side if claim.perpetrator else None
        target = claim.target.side if claim.target else None
        assert (perpetrator, target) == sides
        assert claim.fatalities.best is None


def test_one_row_field_by_field() -> None:
    row = parse_bytes(fixture_lines()[0])[0]
    assert isinstance(row, ParsedRow)
    report, (claim,) = row.report, row.claims
    assert report.url == "https://news.example.org/2017/06/01/idlib-strike"
    assert claim.attributed_to == report.url
    assert report.title == "employ aerial weapons, not specified: Idlib, Idlib, Syria, 2017-06-01"
    assert claim.place is not None
    assert (claim.place.name, claim.place.lon, claim.place.lat) == ("Idlib, Idlib, Syria", 36.6339, 35.9306)
    assert claim.details["EventCode"] == "195" and claim.details["GoldsteinScale"] == "-10.0"
    assert claim.details["cameo"] == "employ aerial weapons, not specified"
    assert report.original["Actor1Code"] == "RUSMIL" and len(report.original) == 61


def test_a_non_http_source_url_is_kept_in_the_original_but_not_as_the_link() -> None:
    (row,) = parse_bytes(edited(0, SOURCEURL="javascript:alert(1)"))
    assert isinstance(row, ParsedRow)
    assert row.report.url is None and row.report.original["SOURCEURL"] == "javascript:alert(1)"


def test_without_a_country_filter_events_outside_the_area_of_interest_are_rejected() -> None:
    (row,) = parse_bytes(fixture_lines()[4], countries=frozenset())
    assert isinstance(row, RejectedRow)
    assert row.field == "ActionGeo_Lat/ActionGeo_Long" and "outside the area of interest" in row.reason


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"SQLDATE": "2017-06-01"}, "SQLDATE", "not a GDELT date (YYYYMMDD)"),
        ({"SQLDATE": "20170631"}, "SQLDATE", "not a calendar date"),
        ({"ActionGeo_Lat": "36.6339", "ActionGeo_Long": "35.9306"}, "ActionGeo_Lat/ActionGeo_Long", "swap lat/lon"),
        ({"ActionGeo_Type": "7"}, "ActionGeo_Type", "not a known code (expected one of 1, 2, 3, 4, 5)"),
        ({"EventCode": "19x"}, "EventCode", "not a CAMEO event code"),
        ({"GLOBALEVENTID": ""}, "GLOBALEVENTID", "not a usable id"),
    ],
)
def test_a_bad_violent_row_is_rejected_naming_the_field(changes: dict[str, str], field: str, reason: str) -> None:
    (row,) = parse_bytes(edited(0, **changes))
    assert isinstance(row, RejectedRow) and row.field == field and reason in row.reason


def test_a_file_whose_first_record_is_not_61_fields_is_not_a_gdelt_2_export() -> None:
    with pytest.raises(InvalidFile, match=r"record 1 has 58 tab-separated fields; a GDELT 2\.0 events export has 61"):
        parse_bytes(b"\t".join([b"x"] * 58) + b"\n")


def test_a_later_short_record_is_rejected_on_its_own() -> None:
    rows = parse_bytes(fixture_lines()[0] + b"658000099\t20170601\n" + fixture_lines()[1])
    assert [type(row).__name__ for row in rows] == ["ParsedRow", "RejectedRow", "ParsedRow"]
    assert isinstance(rows[1], RejectedRow)
    assert rows[1].record == 2 and rows[1].reason == "record 2 has 2 fields, the header has 61"


def test_quotes_in_a_tab_separated_cell_are_data() -> None:
    (row,) = parse_bytes(edited(0, Actor1Name='"RUSSIA'))
    assert isinstance(row, ParsedRow) and row.claims[0].perpetrator is not None
    assert row.claims[0].perpetrator.name == '"RUSSIA'


@pytest.mark.parametrize(
    ("code", "kind", "sub"),
    [
        ("180", VAC, "Attack"),
        ("181", VAC, "Abduction/forced disappearance"),
        ("1821", VAC, "Sexual violence"),
        ("183", ERV, "Remote explosive/landmine/IED"),
        ("1831", ERV, "Suicide bomb"),
        ("186", VAC, "Attack"),
        ("190", BAT, "Armed clash"),
        ("193", BAT, "Armed clash"),
        ("194", ERV, "Shelling/artillery/missile attack"),
        ("195", ERV, "Air/drone strike"),
        ("1952", ERV, "Air/drone strike"),
        ("196", BAT, "Armed clash"),
        ("2041", ERV, "Chemical weapon"),
        ("1959", ERV, "Air/drone strike"),
        ("18", VAC, "Attack"),
    ],
)
def test_cameo_codes_map_to_acled_types(code: str, kind: EventType, sub: str) -> None:
    mapped = cameo.event(code)
    assert mapped is not None and (mapped.event_type, mapped.sub_event_type) == (kind, sub)


@pytest.mark.parametrize("code", ["042", "145", "173", "010"])
def test_cameo_codes_outside_roots_18_to_20_are_not_incidents(code: str) -> None:
    assert cameo.event(code) is None


@pytest.mark.parametrize(
    ("code", "name", "side"),
    [
        ("SYRMIL", "SYRIA", Side.GOVERNMENT),
        ("SYRGOV", "DAMASCUS", Side.GOVERNMENT),
        ("RUSMIL", "RUSSIA", Side.RUSSIA),
        ("RUS", "RUSSIA", Side.RUSSIA),
        ("TURMIL", "TURKISH", Side.TURKEY),
        ("SYRREB", "REBEL", Side.OPPOSITION),
        ("REB", "ISLAMIC STATE", Side.ISIS),
        ("SYRREB", "NUSRA FRONT", Side.HTS),
        ("SYRCVL", "CIVILIAN", Side.CIVILIANS),
        ("SYR", "SYRIA", Side.UNKNOWN),
        ("UAF", "GUNMEN", Side.UNKNOWN),
        ("LBN", "HEZBOLLAH", Side.IRAN),
    ],
)
def test_cameo_actors_get_sides_from_codes_and_names(code: str, name: str, side: Side) -> None:
    assert cameo.actor_side(code, name) is side
