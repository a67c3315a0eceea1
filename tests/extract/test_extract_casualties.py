"""Fatality figures: at least, ranges, competing figures, zeros, shared tolls."""

from __future__ import annotations

import pytest

from ceasefire.domain.common import Fatalities
from ceasefire.extract.casualties import Deaths, combine, count_deaths, number_value


@pytest.mark.parametrize(
    ("text", "low", "best", "high"),
    [
        ("the strike killed at least 14 people", 14, 14, None),
        ("killing more than thirty fighters", 30, 30, None),
        ("the raid killed 4 soldiers", 4, 4, 4),
        ("shelling killed between 10 and 12 civilians", 10, 10, 12),
        ("killing 8-11 people", 8, 8, 11),
        ("up to 25 people were killed", None, None, 25),
        ("twenty-one people died in the blast", 21, 21, 21),
        ("causing damage but no casualties", 0, 0, 0),
        ("no one was killed", 0, 0, 0),
    ],
)
def test_figures(text: str, low: int | None, best: int | None, high: int | None) -> None:
    deaths = count_deaths(text)
    assert deaths is not None and (deaths.low, deaths.best, deaths.high) == (low, best, high)


def test_injuries_are_not_deaths() -> None:
    assert count_deaths("the shells wounded 17 people") is None


def test_the_victims_are_kept() -> None:
    deaths = count_deaths("killing at least five civilians")
    assert deaths is not None and deaths.victims == "civilians"


def test_competing_figures_keep_the_range_and_the_lowest_best() -> None:
    combined = combine([Deaths(12, 12, None), Deaths(20, 20, 20)])
    assert combined is not None and (combined.low, combined.best, combined.high) == (12, 12, 20)


def test_a_toll_shared_by_two_places_is_split_evenly() -> None:
    assert Deaths(4, 4, 4).fatalities(places=2) == Fatalities(0, 2, 4)


def test_number_words() -> None:
    assert [number_value(w) for w in ("seven", "12,500", "forty-two")] == [7, 12500, 42]


def test_vague_quantities_take_acleds_conservative_figures_and_leave_the_high_open() -> None:
    assert [number_value(w) for w in ("tens", "dozens", "scores", "hundreds")] == [10, 12, 20, 100]
    deaths = count_deaths("dozens of people were killed in the raid")
    assert deaths is not None and (deaths.low, deaths.best, deaths.high) == (12, 12, None)


def test_a_rising_toll_gives_the_new_figure() -> None:
    deaths = count_deaths("The number of people killed in last week's raid on the town rose to 18.")
    assert deaths is not None and deaths.best == 18
