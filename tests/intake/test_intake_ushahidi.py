"""Ushahidi adapter: platform and classic exports, category mapping, dates, missing places."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from ceasefire.domain.statuses import Confidentiality, EventType, GeoPrecision, Stance
from ceasefire.intake import ushahidi
from ceasefire.intake.csv_reading import InvalidFile
from ceasefire.intake.rows import FLAG_LOCATION_UNKNOWN, ParsedRow, RejectedRow, Row, SkippedRow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "intake"
TODAY = date(2026, 1, 5)
HEADER = b'"Post ID","Post Date (UTC)",Title,Location.lat,Location.lon,Categories\n'


def parse_bytes(data: bytes, **options: Any) -> list[Row]:
    at = datetime(2026, 1, 5, tzinfo=UTC)
    return list(ushahidi.parse(io.BytesIO(data), received_at=at, today=TODAY, **options))


def parse_fixture(name: str) -> list[Row]:
    return parse_bytes((FIXTURES / name).read_bytes())


def test_the_platform_export_round_trips_and_its_hxl_row_is_skipped() -> None:
    rows = parse_fixture("ushahidi_platform_export.csv")
    assert isinstance(rows[0], SkippedRow) and rows[0].record == 2
    posts = rows[1:]
    assert all(isinstance(row, ParsedRow) for row in posts)
    summary = [
        (
            row.external_id,
            row.claims[0].event_type,
            row.claims[0].sub_event_type,
            row.claims[0].date.start if row.claims[0].date else None,
            row.version,
        )
        for row in posts
        if isinstance(row, ParsedRow)
    ]
    assert summary == [
        (
            "101",
            EventType.EXPLOSIONS_REMOTE_VIOLENCE,
            "Shelling/artillery/missile attack",
            date(2017, 6, 3),
            1496502000,
        ),
        ("102", EventType.EXPLOSIONS_REMOTE_VIOLENCE, "Air/drone strike", date(2017, 6, 5), 1496649600),
        ("103", EventType.BATTLES, "Armed clash", date(2017, 6, 6), None),
    ]


def test_a_late_evening_utc_post_falls_on_the_next_day_in_damascus() -> None:
    post = parse_fixture("ushahidi_platform_export.csv")[2]
    assert isinstance(post, ParsedRow)
    assert post.report.original["Post Date (UTC)"] == "2017-06-04 22:30:00"
    assert post.claims[0].date is not None and post.claims[0].date.start == date(2017, 6, 5)


def test_one_post_field_by_field() -> None:
    post = parse_fixture("ushahidi_platform_export.csv")[3]
    assert isinstance(post, ParsedRow)
    report, (claim,) = post.report, post.claims
    assert report.title == "Clashes near Talbiseh"
    assert report.confidentiality is Confidentiality.CENTRE
    assert report.original["Description"] == '=Reported by two residents\nnot yet confirmed, "heavy" gunfire'
    assert report.original["Contact"] == "+963 900 000 000"
    assert claim.stance is Stance.ALLEGES
    assert claim.attributed_to == "Ushahidi"
    assert claim.place is not None
    assert (claim.place.name, claim.place.lon, claim.place.lat) == ("34.8408, 36.7306", 36.7306, 34.8408)
    assert claim.place.precision is GeoPrecision.TOWN
    assert claim.details == {
        "categories": ["Clashes"],
        "description": report.original["Description"],
        "post_status": "draft",
    }


def test_the_first_category_that_maps_decides_and_all_are_kept() -> None:
    post = parse_fixture("ushahidi_platform_export.csv")[2]
    assert isinstance(post, ParsedRow)
    assert post.claims[0].details["categories"] == ["Humanitarian needs", "Air strike"]
    assert post.claims[0].sub_event_type == "Air/drone strike"


def test_the_classic_export_is_detected_and_its_local_dates_kept() -> None:
    rows = parse_fixture("ushahidi_classic_export.csv")
    assert all(isinstance(row, ParsedRow) for row in rows)
    first, second = (row for row in rows if isinstance(row, ParsedRow))
    assert (first.external_id, first.claims[0].event_type) == ("7", EventType.VIOLENCE_AGAINST_CIVILIANS)
    assert first.claims[0].place is not None and first.claims[0].place.name == "Daraa al-Balad"
    assert first.claims[0].details["categories"] == ["Sniper fire", "Killing"]
    assert first.claims[0].date is not None and first.claims[0].date.start == date(2017, 6, 10)
    assert second.claims[0].sub_event_type == "Air/drone strike"
    assert first.version is None


def test_a_post_whose_categories_map_to_nothing_is_rejected_for_the_mapping_to_grow() -> None:
    (row,) = parse_bytes(HEADER + b"5,2017-06-03 10:00:00,Water cut,33.51,36.29,Humanitarian needs\n")
    assert isinstance(row, RejectedRow)
    assert row.field == "Categories" and "extend the category mapping" in row.reason


def test_a_deployment_can_pass_its_own_category_mapping() -> None:
    mapping = {**ushahidi.DEFAULT_CATEGORIES, "Humanitarian needs": (EventType.STRATEGIC_DEVELOPMENTS, "Other")}
    (row,) = parse_bytes(
        HEADER + b"5,2017-06-03 10:00:00,Water cut,33.51,36.29,Humanitarian needs\n", categories=mapping
    )
    assert isinstance(row, ParsedRow) and row.claims[0].event_type is EventType.STRATEGIC_DEVELOPMENTS


@pytest.mark.parametrize("missing", [b",", b"NaN,NaN", b"null,null"])
def test_a_post_without_a_location_is_rejected_unless_declared_unknown(missing: bytes) -> None:
    data = HEADER + b"6,2017-06-03 10:00:00,Shelling somewhere," + missing + b",Shelling\n"
    (rejected,) = parse_bytes(data)
    assert isinstance(rejected, RejectedRow) and "is missing" in rejected.reason
    (accepted,) = parse_bytes(data, location_unknown=True)
    assert isinstance(accepted, ParsedRow)
    assert accepted.flags == (FLAG_LOCATION_UNKNOWN,)
    place = accepted.claims[0].place
    assert place is not None and not place.resolved and place.precision is GeoPrecision.UNKNOWN


def test_a_half_location_is_still_rejected_when_unknown_locations_are_allowed() -> None:
    (row,) = parse_bytes(HEADER + b"6,2017-06-03 10:00:00,Half,33.51,,Shelling\n", location_unknown=True)
    assert isinstance(row, RejectedRow) and row.field == "Location.lon"


@pytest.mark.parametrize(
    ("date_cell", "reason"),
    [(b"", "a post needs a date"), (b"03/06/2017 10:00", "not an ISO 8601 date"), (b"2017-06-03 25:00", "hour")],
)
def test_a_post_without_a_usable_date_is_rejected(date_cell: bytes, reason: str) -> None:
    (row,) = parse_bytes(HEADER + b"7," + date_cell + b",T,33.51,36.29,Shelling\n")
    assert isinstance(row, RejectedRow) and row.field == "Post Date (UTC)" and reason in row.reason


def test_a_custom_layout_reads_a_single_lat_lon_column() -> None:
    layout = ushahidi.Layout(post_id="id", date="date", categories="category", point="Location", date_zone=None)
    data = b'id,date,category,Location\n9,2017-06-03,Airstrike,"35.93,36.63"\n10,2017-06-03,Airstrike,Idlib\n'
    good, bad = parse_bytes(data, layout=layout)
    assert isinstance(good, ParsedRow) and good.claims[0].place is not None
    assert (good.claims[0].place.lat, good.claims[0].place.lon) == (35.93, 36.63)
    assert isinstance(bad, RejectedRow) and bad.reason == "Location 'Idlib': not a 'lat,lon' pair"


def test_an_unknown_export_shape_fails_before_any_row() -> None:
    with pytest.raises(InvalidFile, match="not an Ushahidi export"):
        parse_bytes(b"id,when,where\n1,2,3\n")


def test_a_layout_whose_columns_are_absent_fails_before_any_row() -> None:
    with pytest.raises(InvalidFile, match="lacks column\\(s\\) 'Categories'"):
        parse_bytes(b'"Post ID","Post Date (UTC)",Location.lat,Location.lon\n1,2017-06-03,33.5,36.3\n')


def test_an_archived_post_comes_in_marked_deleted() -> None:
    header = b'"Post ID","Post Status","Post Date (UTC)",Location.lat,Location.lon,Categories\n'
    live, archived = parse_bytes(
        header + b"11,published,2017-06-03,33.51,36.29,Shelling\n12,archived,2017-06-03,33.51,36.29,Shelling\n"
    )
    assert isinstance(live, ParsedRow) and live.deleted is False
    assert isinstance(archived, ParsedRow) and archived.deleted is True


def test_a_layout_without_any_location_column_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="latitude and longitude"):
        ushahidi.Layout(post_id="id", date="date", categories="category", latitude="lat")
