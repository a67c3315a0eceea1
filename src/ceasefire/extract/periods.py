"""Calendar periods the date patterns of dates.py resolve to: a month and its parts, the
reading of a yearless date nearest publication, weekday names and relative expressions
("last week", "the next day"), each as the interval that certainly contains it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from ceasefire.domain.common import DateInterval
from ceasefire.domain.statuses import DatePrecision

DAY, WEEK, MONTH, YEAR = DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH, DatePrecision.YEAR

WEEKDAYS = {
    name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}

_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}


def month_interval(year: int, month: int) -> DateInterval:
    return DateInterval(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), MONTH)


def part_of_month(year: int, month: int, part: str) -> DateInterval:
    """Early = 1-10, mid = 11-20, late / end = 21 to the last day; the final week = last 7 days."""
    last = calendar.monthrange(year, month)[1]
    part = " ".join(part.lower().split()).removeprefix("the ")
    if part in ("early", "beginning of", "start of"):
        days, precision = (1, 10), WEEK
    elif part in ("mid", "middle of"):
        days, precision = (11, 20), WEEK
    elif part in ("late", "end of"):
        days, precision = (21, last), WEEK
    elif part == "first week of":
        days, precision = (1, 7), WEEK
    elif part in ("final week of", "last week of"):
        days, precision = (last - 6, last), WEEK
    elif part == "first half of":
        days, precision = (1, 15), MONTH
    else:  # second half of
        days, precision = (16, last), MONTH
    return DateInterval(date(year, month, days[0]), date(year, month, days[1]), precision)


def _gap(interval: DateInterval, anchor: DateInterval) -> int:
    """Days between two intervals (0 when they overlap)."""
    if interval.end < anchor.start:
        return (anchor.start - interval.end).days
    if interval.start > anchor.end:
        return (interval.start - anchor.end).days
    return 0


def nearest_year(
    build: Callable[[int], DateInterval], published: DateInterval, future: bool | None = None
) -> DateInterval:
    """The reading of a yearless date nearest the publication date (the year before or after).

    `future` prefers readings on or after publication (planned talks), False those on or before.
    """
    years = range(published.start.year - 1, published.end.year + 2)
    readings = []
    for year in years:
        try:
            readings.append(build(year))
        except ValueError:  # 29 February in a common year
            continue
    if future is not None:
        preferred = [r for r in readings if (r.end >= published.start if future else r.start <= published.end)]
        readings = preferred or readings
    return min(readings, key=lambda r: (_gap(r, published), r.start))


def weekday(match: re.Match[str], published: DateInterval, future: bool | None) -> DateInterval | None:
    """A weekday name: the most recent such day on or before publication, or the next one when
    the sentence speaks of the future ("next Monday", "will meet on Monday")."""
    if published.end - published.start > timedelta(days=6):
        return None  # an item dated only to the month or year cannot anchor a weekday
    target = WEEKDAYS[match["wd"].lower()]
    mod = (match["mod"] or "").lower()
    if mod == "next" or (future and mod != "last"):
        ahead = (target - published.start.weekday()) % 7 or (7 if mod == "next" else 0)
        day = published.start + timedelta(days=ahead)
        return DateInterval(day, day, DAY)
    back = (published.end.weekday() - target) % 7
    if mod == "last" and back == 0:
        back = 7
    day = published.end - timedelta(days=back)
    latest = published.start - timedelta(days=(published.start.weekday() - target) % 7)
    return DateInterval(min(day, latest), day, WEEK) if latest < day else DateInterval(day, day, DAY)


def relative(match: re.Match[str], published: DateInterval, reference: DateInterval | None) -> DateInterval | None:
    rel = " ".join(match["rel"].lower().split())
    pub = published
    ref = reference or published
    if match["n"]:
        n = int(match["n"]) if match["n"].isdigit() else _NUMBER_WORDS[match["n"].lower()]
        days = n * (7 if match["unit"].lower().startswith("week") else 1)
        return DateInterval(pub.start - timedelta(days=days), pub.end - timedelta(days=days), pub.precision)
    if rel in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return pub
    if rel == "yesterday":
        return DateInterval(pub.start - timedelta(days=1), pub.end - timedelta(days=1), pub.precision)
    if rel.endswith(("next day", "following day")):
        return DateInterval(ref.start + timedelta(days=1), ref.end + timedelta(days=1), ref.precision)
    if rel.endswith(("previous day", "day before")):
        return DateInterval(ref.start - timedelta(days=1), ref.end - timedelta(days=1), ref.precision)
    if rel == "the same day":
        return ref
    if pub.precision in (MONTH, YEAR) and "week" in rel:
        return None
    monday = pub.end - timedelta(days=pub.end.weekday())
    if rel in ("last week",):
        return DateInterval(monday - timedelta(days=7), monday - timedelta(days=1), WEEK)
    if rel in ("this week", "earlier this week"):
        return DateInterval(monday, pub.end, WEEK)
    if rel == "next week":
        return DateInterval(monday + timedelta(days=7), monday + timedelta(days=13), WEEK)
    if rel == "past week":
        return DateInterval(pub.start - timedelta(days=7), pub.end, WEEK)
    if rel.endswith("weekend"):
        saturday = pub.end - timedelta(days=(pub.end.weekday() - 5) % 7)
        if rel == "next weekend":
            saturday += timedelta(days=7)
        return DateInterval(saturday, min(saturday + timedelta(days=1), max(pub.end, saturday)), DAY)
    year, month = pub.end.year, pub.end.month
    if rel in ("this month", "earlier this month"):
        return DateInterval(date(year, month, 1), pub.end, MONTH)
    if rel in ("last month", "past month"):
        prior = date(year, month, 1) - timedelta(days=1)
        return (
            month_interval(prior.year, prior.month)
            if rel == "last month"
            else DateInterval(pub.start - timedelta(days=31), pub.end, MONTH)
        )
    if rel == "next month":
        following = date(year, month, 28) + timedelta(days=7)
        return month_interval(following.year, following.month)
    if rel in ("this year", "earlier this year"):
        return DateInterval(date(year, 1, 1), pub.end, YEAR)
    if rel in ("last year", "past year"):
        return DateInterval(date(year - 1, 1, 1), date(year - 1, 12, 31), YEAR)
    if rel == "next year":
        return DateInterval(date(year + 1, 1, 1), date(year + 1, 12, 31), YEAR)
    return None
