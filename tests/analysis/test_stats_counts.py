"""Compliance statistics on small frames whose every count can be checked by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest

from ceasefire.analysis.stats import (
    OUTSIDE_ZONES,
    PLACE_UNKNOWN,
    Dimension,
    conform,
    count_incidents,
    parse_dimensions,
    records,
    trend,
)
from ceasefire.errors import InvalidInput


def incident(incident_id: str, start: str, end: str | None = None, **fields: Any) -> dict[str, Any]:
    row = {
        "incident_id": incident_id,
        "date_start": start,
        "date_end": end or start,
        "event_type": "Explosions/Remote violence",
        "zone_id": "idlib",
        "zone_relation": "inside",
        "perpetrator_side": "government",
    }
    row.update(fields)
    return row


@pytest.fixture
def frame() -> pd.DataFrame:
    return conform(
        pd.DataFrame(
            [
                incident("a", "2017-06-01", fatalities_best=2, fatalities_low=1, fatalities_high=4, violation=True),
                incident("b", "2017-06-01", fatalities_best=3, violation=False),
                incident("c", "2017-06-02", zone_id="south", perpetrator_side="opposition", violation=True),
                incident("d", "2017-06-01", "2017-06-30", zone_id="south", date_precision="month"),
                incident("e", "2017-05-01", zone_id=None, zone_relation="outside", event_type="Battles"),
                incident("f", "2017-06-05", zone_id=None, zone_relation="unknown", perpetrator_side=None),
            ]
        )
    )


def as_dicts(table: pd.DataFrame) -> list[dict[str, Any]]:
    return records(table)


def test_counts_per_zone_and_day_put_each_incident_on_its_day(frame: pd.DataFrame) -> None:
    rows = as_dicts(count_incidents(frame, [Dimension.ZONE, Dimension.DAY]))
    found = {(r["zone"], r["day"]): r["incidents"] for r in rows}
    assert found == {
        (OUTSIDE_ZONES, "2017-05-01"): 1,
        (PLACE_UNKNOWN, "2017-06-05"): 1,
        ("idlib", "2017-06-01"): 2,
        ("south", "2017-06-02"): 1,
        ("south", None): 1,
    }


def test_an_incident_known_only_to_a_month_has_no_day_but_has_its_month(frame: pd.DataFrame) -> None:
    by_day = as_dicts(count_incidents(frame[frame["incident_id"] == "d"], [Dimension.DAY]))
    by_month = as_dicts(count_incidents(frame[frame["incident_id"] == "d"], [Dimension.MONTH]))
    assert by_day == [{**by_day[0], "day": None, "incidents": 1}]
    assert by_month[0]["month"] == "2017-06-01"


def test_weeks_are_named_by_their_monday(frame: pd.DataFrame) -> None:
    rows = as_dicts(count_incidents(frame, [Dimension.WEEK], since=date(2017, 6, 1), until=date(2017, 6, 7)))
    # 1 and 2 June 2017 were a Thursday and a Friday (week of Monday 29 May); 5 June a Monday.
    assert {r["week"]: r["incidents"] for r in rows} == {"2017-05-29": 3, "2017-06-05": 1, None: 1}


def test_violations_count_assessed_incidents_only_and_stay_empty_when_none_is(frame: pd.DataFrame) -> None:
    rows = {r["zone"]: r for r in as_dicts(count_incidents(frame, [Dimension.ZONE]))}
    assert (rows["idlib"]["incidents"], rows["idlib"]["assessed"], rows["idlib"]["violations"]) == (2, 2, 1)
    assert (rows["south"]["assessed"], rows["south"]["violations"]) == (1, 1)
    assert rows[OUTSIDE_ZONES]["assessed"] == 0 and rows[OUTSIDE_ZONES]["violations"] is None


def test_fatalities_fill_missing_bounds_from_the_nearest_known_figure(frame: pd.DataFrame) -> None:
    idlib = next(r for r in as_dicts(count_incidents(frame, [Dimension.ZONE])) if r["zone"] == "idlib")
    # a: 1/2/4; b: only best 3, so it adds 3/3/3.
    assert (idlib["fatalities_low"], idlib["fatalities_best"], idlib["fatalities_high"]) == (4, 5, 7)


def test_window_keeps_incidents_whose_interval_overlaps_it(frame: pd.DataFrame) -> None:
    total = as_dicts(count_incidents(frame, [], since=date(2017, 6, 15), until=date(2017, 6, 20)))
    assert total[0]["incidents"] == 1  # only the month-long incident d overlaps


def test_phase_splits_before_and_after_entry_into_force(frame: pd.DataFrame) -> None:
    rows = as_dicts(count_incidents(frame, [Dimension.PHASE], in_force=date(2017, 6, 2)))
    assert {r["phase"]: r["incidents"] for r in rows} == {"after": 2, "before": 3, "straddles": 1}


def test_party_groups_by_perpetrator_side_with_unknown_named(frame: pd.DataFrame) -> None:
    rows = as_dicts(count_incidents(frame, [Dimension.PARTY]))
    assert {r["party"]: r["incidents"] for r in rows} == {"(unknown)": 1, "government": 4, "opposition": 1}


def test_totals_without_dimensions_are_one_row(frame: pd.DataFrame) -> None:
    rows = as_dicts(count_incidents(frame, []))
    assert len(rows) == 1 and rows[0]["incidents"] == 6 and rows[0]["violations"] == 2


def test_only_the_measures_asked_for_are_computed(frame: pd.DataFrame) -> None:
    table = count_incidents(frame, [Dimension.ZONE], measures=["incidents"])
    assert list(table.columns) == ["zone", "incidents"]
    assert as_dicts(count_incidents(frame, [], measures=["incidents"])) == [{"incidents": 6}]
    with pytest.raises(InvalidInput, match="'deaths'"):
        count_incidents(frame, [Dimension.ZONE], measures=["deaths"])


def test_trend_is_dense_with_zeros_for_quiet_days_and_zones(frame: pd.DataFrame) -> None:
    table = trend(frame, Dimension.DAY, since=date(2017, 6, 1), until=date(2017, 6, 3), zones=["idlib", "south", "x"])
    assert list(table.columns) == ["idlib", "south", "x"]
    assert table.to_numpy().tolist() == [[2, 0, 0], [0, 1, 0], [0, 0, 0]]


def test_trend_of_violations_counts_only_violations(frame: pd.DataFrame) -> None:
    table = trend(frame, Dimension.DAY, since=date(2017, 6, 1), until=date(2017, 6, 2), measure="violations")
    assert table.loc[date(2017, 6, 1), "idlib"] == 1


def test_parse_dimensions_names_the_unknown_one() -> None:
    assert parse_dimensions("zone, week") == [Dimension.ZONE, Dimension.WEEK]
    with pytest.raises(InvalidInput, match="'province'"):
        parse_dimensions("zone,province")
    with pytest.raises(InvalidInput, match="more than one period"):
        parse_dimensions("day,week")


def test_conform_refuses_a_frame_without_dates() -> None:
    with pytest.raises(InvalidInput, match="date_start"):
        conform(pd.DataFrame({"incident_id": ["a"], "date_end": ["2017-01-01"], "event_type": ["Battles"]}))


def test_conform_refuses_an_interval_ending_before_it_starts() -> None:
    bad = pd.DataFrame([incident("z", "2017-06-02", "2017-06-01")])
    with pytest.raises(InvalidInput, match="'z'"):
        conform(bad)
