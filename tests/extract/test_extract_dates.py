"""Dates resolved against the publication date, as intervals with a precision."""

from __future__ import annotations

from datetime import date

import pytest

from ceasefire.domain.common import DateInterval
from ceasefire.domain.statuses import DatePrecision
from ceasefire.extract.dates import fallback_interval, find_dates

FRIDAY = DateInterval.day(date(2017, 6, 9))  # a Friday


def one(text: str, published: DateInterval = FRIDAY, **kwargs: object) -> DateInterval:
    found = find_dates(text, published, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0].interval


def span(interval: DateInterval) -> tuple[str, str, str]:
    return interval.start.isoformat(), interval.end.isoformat(), interval.precision.value


def test_a_weekday_in_an_item_of_that_weekday_is_the_publication_day() -> None:
    assert span(one("the strike on Friday")) == ("2017-06-09", "2017-06-09", "day")


def test_a_weekday_is_the_most_recent_such_day_before_publication() -> None:
    assert span(one("clashes on Tuesday")) == ("2017-06-06", "2017-06-06", "day")
    assert span(one("late on Saturday night")) == ("2017-06-03", "2017-06-03", "day")


def test_a_weekday_after_a_verb_of_the_future_looks_ahead() -> None:
    text = "the delegations will meet on Monday"
    assert span(one(text, future_at=text.index("will"))) == ("2017-06-12", "2017-06-12", "day")


def test_a_weekday_before_the_verb_of_the_future_is_when_it_was_said() -> None:
    text = "On Wednesday the envoy said the talks would resume"
    assert span(one(text, future_at=text.index("would"))) == ("2017-06-07", "2017-06-07", "day")


def test_a_weekday_cannot_be_anchored_on_an_item_dated_only_to_the_month() -> None:
    month = DateInterval(date(2017, 6, 1), date(2017, 6, 30), DatePrecision.MONTH)
    assert find_dates("shelling on Wednesday", month) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", ("2017-06-08", "2017-06-08", "day")),
        ("last week", ("2017-05-29", "2017-06-04", "week")),
        ("next week", ("2017-06-12", "2017-06-18", "week")),
        ("two days ago", ("2017-06-07", "2017-06-07", "day")),
        ("last month", ("2017-05-01", "2017-05-31", "month")),
        ("late last year", ("2016-09-01", "2016-12-31", "year")),
    ],
)
def test_relative_expressions(text: str, expected: tuple[str, str, str]) -> None:
    assert span(one(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("early July", ("2017-07-01", "2017-07-10", "week")),
        ("mid-July", ("2017-07-11", "2017-07-20", "week")),
        ("late July", ("2017-07-21", "2017-07-31", "week")),
        ("the end of February", ("2017-02-21", "2017-02-28", "week")),
        ("the final week of April", ("2017-04-24", "2017-04-30", "week")),
        ("the start of the month", ("2017-06-01", "2017-06-10", "week")),
    ],
)
def test_parts_of_a_month(text: str, expected: tuple[str, str, str]) -> None:
    assert span(one(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on 3 March 2016", ("2016-03-03", "2016-03-03", "day")),
        ("on March 3", ("2017-03-03", "2017-03-03", "day")),
        ("on 21-22 August", ("2017-08-21", "2017-08-22", "day")),
        ("on August 21 and August 22", ("2017-08-21", "2017-08-22", "day")),
        ("in November 2015", ("2015-11-01", "2015-11-30", "month")),
        ("Sept. 9, 2017", ("2017-09-09", "2017-09-09", "day")),
        ("2017-06-02 08:15", ("2017-06-02", "2017-06-02", "day")),
    ],
)
def test_explicit_dates_with_or_without_year(text: str, expected: tuple[str, str, str]) -> None:
    assert span(one(text)) == expected


def test_a_yearless_month_takes_the_year_nearest_publication() -> None:
    assert span(one("the truce agreed in December")) == ("2016-12-01", "2016-12-31", "month")
    assert span(one("a round in October")) == ("2017-10-01", "2017-10-31", "month")


def test_numbers_that_are_not_dates_are_left_alone() -> None:
    assert find_dates("about 4,000 people and 48-72 hours at 3 pm; the May 2 was", FRIDAY)[0].text == "May 2"
    assert find_dates("12,500 civilians fled and 2,017 homes", FRIDAY) == []


def test_the_verb_may_is_not_the_month() -> None:
    assert find_dates("the talks may be held soon", FRIDAY) == []


def test_offsets_point_into_the_text() -> None:
    text = "Shelling on Tuesday killed two."
    found = find_dates(text, FRIDAY, offset=100)[0]
    assert (found.start, found.end) == (100 + text.index("on Tuesday"), 100 + text.index(" killed"))


def test_an_undated_event_gets_the_days_before_publication() -> None:
    assert span(fallback_interval(FRIDAY)) == ("2017-06-06", "2017-06-09", "week")
    month = DateInterval(date(2017, 6, 1), date(2017, 6, 30), DatePrecision.MONTH)
    assert fallback_interval(month) == month
