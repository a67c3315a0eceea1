"""Shared intake pieces: row hashes and ids, strict cell parsers, actor sides."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.domain.statuses import Side
from ceasefire.intake import cells
from ceasefire.intake.rows import CellError, RowHasher, dataset_source, report_id, row_sha256
from ceasefire.intake.sides import side_in, side_of


@given(st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=40), min_size=1, max_size=8))
def test_the_fast_row_hasher_equals_the_canonical_json_hash(row: dict[str, str]) -> None:
    assert RowHasher(list(row))(row) == row_sha256(row)


def test_the_row_hash_ignores_column_order_but_not_values() -> None:
    assert row_sha256({"a": "1", "b": "2"}) == row_sha256({"b": "2", "a": "1"})
    assert row_sha256({"a": "1", "b": "2"}) != row_sha256({"a": "1", "b": "2 "})


def test_report_ids_depend_on_source_id_and_version_only_when_a_version_exists() -> None:
    acled = dataset_source("ACLED")
    assert report_id(acled, "SYR1", 10, "h1") == report_id(acled, "SYR1", 10, "h2")
    assert report_id(acled, "SYR1", 10, "h1") != report_id(acled, "SYR1", 11, "h1")
    assert report_id(acled, "SYR1", None, "h1") != report_id(acled, "SYR1", None, "h2")
    assert report_id(acled, "SYR1", 10, "h") != report_id(dataset_source("ACLED mirror"), "SYR1", 10, "h")
    assert len(report_id(acled, "SYR1", 10, "h")) <= 64


def test_dataset_sources_are_slugged_and_must_have_a_name() -> None:
    source = dataset_source("Ushahidi: Syria Tracker")
    assert (source.id, source.name, source.kind.value) == (
        "dataset:ushahidi-syria-tracker",
        "Ushahidi: Syria Tracker",
        "dataset",
    )
    with pytest.raises(ValueError, match="needs a name"):
        dataset_source(" :: ")


@pytest.mark.parametrize("value", ["٣٦.٢", "nan", "inf", "1e3", "36°12'N", "36,2", " 36.2", "1_000", "36.", ".5"])
def test_coordinates_must_be_plain_decimal_degrees(value: str) -> None:
    with pytest.raises(CellError):
        cells.degrees("latitude", value)


def test_plain_decimal_degrees_parse() -> None:
    assert cells.degrees("longitude", "-0.5") == -0.5
    assert cells.degrees("latitude", "+35.8126") == 35.8126


def test_out_of_range_coordinates_name_both_fields() -> None:
    with pytest.raises(CellError, match=r"latitude/longitude '95.0,36.6': latitude 95 is outside \[-90, 90\]"):
        cells.point("latitude", "95.0", "longitude", "36.6")


@pytest.mark.parametrize("value", ["01/02/2017", "2017-6-1", "2017-02-30", "20170601", "2017-06-01T00:00"])
def test_dates_must_be_iso_calendar_dates(value: str) -> None:
    with pytest.raises(CellError):
        cells.iso_date("date", value)


def test_tomorrow_is_allowed_for_the_timezone_but_the_day_after_is_the_future() -> None:
    today = date(2026, 1, 5)
    assert cells.check_date("date", "2026-01-06", date(2026, 1, 6), today=today) == ()
    with pytest.raises(CellError, match="is in the future"):
        cells.check_date("date", "2026-01-07", date(2026, 1, 7), today=today)


@pytest.mark.parametrize("value", ["12a", "-1", "1.0", "", " 3"])
def test_counts_are_ascii_whole_numbers(value: str) -> None:
    with pytest.raises(CellError, match="not a whole number"):
        cells.count("fatalities", value)


@pytest.mark.parametrize(
    ("name", "side"),
    [
        ("Military Forces of Syria (2000-)", Side.GOVERNMENT),
        ("Military Forces of Russia (2000-)", Side.RUSSIA),
        ("Military Forces of Turkey (2016-)", Side.TURKEY),
        ("Hayat Tahrir al Sham", Side.HTS),
        ("Islamic State (Syria)", Side.ISIS),
        ("Civilians (Syria)", Side.CIVILIANS),
        ("QSD: Syrian Democratic Forces", Side.SDF),
        ("Jaysh al Islam", Side.OPPOSITION),
        ("NLF: National Liberation Front", Side.OPPOSITION),
        ("Hezbollah", Side.IRAN),
        ("Government of Syria", Side.GOVERNMENT),
        ("Government of Russia (Soviet Union)", Side.RUSSIA),
        ("IS", Side.ISIS),
        ("Syrian insurgents", Side.OPPOSITION),
        ("  hayat   TAHRIR al sham ", Side.HTS),
        ("Unidentified Armed Group (Syria)", Side.UNKNOWN),
        ("", Side.UNKNOWN),
    ],
)
def test_actor_names_map_to_sides(name: str, side: Side) -> None:
    assert side_of(name) is side


def test_a_caller_can_use_its_own_alias_table() -> None:
    assert side_in("Liwa al-Quds", {"liwa al-quds": Side.GOVERNMENT}) is Side.GOVERNMENT
    assert side_of("Liwa al-Quds") is Side.UNKNOWN
