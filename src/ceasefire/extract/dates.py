"""Date mentions resolved against the publication date. Runs on each sentence before events.

News dates are relative to the day the item was published: "on Friday" is the most recent
Friday on or before publication (the same day when the item is a Friday's), "last week" is
the calendar week before, "early June" is 1-10 June of the year nearest the publication. A
general-purpose parser guesses a single day for all of these; here each mention becomes the
interval that certainly contains it, with a precision (day, week, month, year), and a
mention that cannot be anchored (a weekday in an item dated only to the year) resolves to
nothing rather than to a guess.

>>> from datetime import date
>>> pub = DateInterval.day(date(2018, 4, 30))  # a Monday
>>> [(m.interval.start.isoformat(), m.interval.end.isoformat()) for m in find_dates("on Monday, early June", pub)]
[('2018-04-30', '2018-04-30'), ('2018-06-01', '2018-06-10')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ceasefire.domain.common import DateInterval
from ceasefire.domain.statuses import DatePrecision
from ceasefire.extract.periods import month_interval, nearest_year, part_of_month, relative, weekday

DAY, WEEK, MONTH, YEAR = DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH, DatePrecision.YEAR

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_JOIN = r"\s*(?:-|–|—|/|and|to|until|through)\s*"
_PART = (
    r"(?P<part>early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|the\s+start\s+of|"
    r"start\s+of|the\s+middle\s+of|middle\s+of|the\s+first\s+week\s+of|first\s+week\s+of|the\s+final\s+week\s+of|"
    r"final\s+week\s+of|the\s+last\s+week\s+of|last\s+week\s+of|the\s+second\s+half\s+of|second\s+half\s+of|"
    r"the\s+first\s+half\s+of|first\s+half\s+of)"
)

#: Patterns in the order they are tried; a span claimed by one is not read again.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE if kind not in ("month_day", "day_month", "month", "month_year") else 0))
    for kind, pattern in (
        ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
        (
            "day_month",
            rf"\b(?P<d>{_DAY})(?:{_JOIN}(?P<d2>{_DAY}))?\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b",
        ),
        (
            "month_day",
            rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?:{_JOIN}(?:(?P<m2>{_MONTH})\s+)?(?P<d2>{_DAY}))?\b"
            rf"(?!\s*(?:%|per|people|km|kilometres|miles|fighters|civilians))(?:,?\s+(?P<y>{_YEAR}))?",
        ),
        (
            "part",
            rf"\b{_PART}[\s-]+(?P<m>{_MONTH}|the\s+month|this\s+month|next\s+month|last\s+month)(?:,?\s+(?P<y>{_YEAR}))?\b",
        ),
        (
            "part_year",
            rf"\b(?P<part>early|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|the\s+start\s+of|"
            rf"start\s+of)\s+(?:in\s+)?(?P<y>{_YEAR}|last\s+year|this\s+year|next\s+year)\b",
        ),
        ("month_year", rf"\b(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b"),
        (
            "relative",
            r"\b(?P<rel>yesterday|today|tonight|this\s+morning|this\s+afternoon|this\s+evening|"
            r"(?:the\s+)?(?:next|following|previous)\s+day|the\s+day\s+before|the\s+same\s+day|"
            r"(?:last|this|next|past)\s+(?:week|month|year|weekend)|earlier\s+this\s+(?:week|month|year)|"
            r"(?:over\s+|at\s+)?the\s+weekend|(?P<n>\d+|two|three|four|five|six|seven|ten)\s+(?P<unit>days?|weeks?)\s+ago)\b",
        ),
        (
            "weekday",
            r"\b(?:(?P<mod>last|next|this|on|late|early)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|"
            r"Saturday|Sunday)s?(?:\s+(?:morning|afternoon|evening|night))?\b",
        ),
        ("since", rf"\bsince\s+(?P<m>{_MONTH})\b"),
        (
            "month",
            rf"\b(?P<m>January|February|March|April|June|July|August|September|October|November|December|May(?=\s+(?:\d|{_YEAR})|[,.;)]|\s+(?:and|to)\b))\b",
        ),
        ("year", rf"(?<![\d,.])\b(?P<y>{_YEAR})\b(?![\d,]|\s*(?:people|fighters|civilians|km|%))"),
    )
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression at [start, end) of the text it was found in, and what it resolves to."""

    start: int
    end: int
    text: str
    interval: DateInterval
    kind: str

    @property
    def relative(self) -> bool:
        return self.kind in ("relative", "weekday")


def _month_number(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _year_of(text: str, published: DateInterval) -> int:
    text = text.lower()
    if text == "last year":
        return published.end.year - 1
    if text == "next year":
        return published.end.year + 1
    if text == "this year":
        return published.end.year
    return int(text)


def _resolve(
    kind: str, m: re.Match[str], published: DateInterval, future: bool | None, reference: DateInterval | None
) -> DateInterval | None:
    if kind == "iso":
        return DateInterval.day(date(int(m["y"]), int(m["m"]), int(m["d"])))
    if kind in ("day_month", "month_day"):
        month = _month_number(m["m"])
        month2 = _month_number(m["m2"]) if kind == "month_day" and m["m2"] else month
        first, second = int(re.sub(r"\D", "", m["d"])), int(re.sub(r"\D", "", m["d2"] or m["d"]))

        def build(year: int) -> DateInterval:
            start = date(year, month, first)
            end = date(year if month2 >= month else year + 1, month2, second)
            return DateInterval(start, end, DAY) if end >= start else DateInterval(start, start, DAY)

        return build(int(m["y"])) if m["y"] else nearest_year(build, published, future)
    if kind == "part":
        target = m["m"].lower()
        if "month" in target:
            shift = {"next month": 1, "last month": -1}.get(" ".join(target.split()), 0)
            anchor = date(published.end.year, published.end.month, 15) + timedelta(days=30 * shift)
            return part_of_month(anchor.year, anchor.month, m["part"])
        month = _month_number(m["m"])
        if m["y"]:
            return part_of_month(int(m["y"]), month, m["part"])
        return nearest_year(lambda y: part_of_month(y, month, m["part"]), published, future)
    if kind == "part_year":
        year = _year_of(" ".join(m["y"].split()), published)
        part = m["part"].lower()
        if part == "early" or "beginning" in part or "start" in part:
            return DateInterval(date(year, 1, 1), date(year, 4, 30), YEAR)
        return DateInterval(date(year, 9, 1), date(year, 12, 31), YEAR)
    if kind == "month_year":
        return month_interval(int(m["y"]), _month_number(m["m"]))
    if kind == "relative":
        return relative(m, published, reference)
    if kind == "weekday":
        return weekday(m, published, future)
    if kind == "since":
        month = _month_number(m["m"])
        start = nearest_year(lambda y: month_interval(y, month), published, future=False)
        return DateInterval(start.start, max(published.end, start.end), YEAR)
    if kind == "month":
        month = _month_number(m["m"])
        return nearest_year(lambda y: month_interval(y, month), published, future)
    if kind == "year":
        year = int(m["y"])
        return DateInterval(date(year, 1, 1), date(year, 12, 31), YEAR)
    return None


#: The date of a plan since changed ("earlier expected in late August") is not looked ahead for.
_EARLIER_PLAN = re.compile(
    r"\b(?:earlier|originally|initially|previously|first|had\s+been)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)


def find_dates(
    text: str,
    published: DateInterval,
    *,
    offset: int = 0,
    future_at: int | None = None,
    reference: DateInterval | None = None,
) -> list[DateMention]:
    """Every date mention in `text`, left to right, with offsets shifted by `offset`.

    `future_at` is where in `text` a verb of what is to come starts ("will be held", "is
    due to"): weekday names and yearless dates after it look ahead, those before it (the day
    something was said) do not. `reference` anchors "the next day" (default: publication).
    """
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            try:
                ahead = future_at is not None and m.start() >= future_at
                future = True if ahead and not _EARLIER_PLAN.search(text[max(0, m.start() - 40) : m.start()]) else None
                interval = _resolve(kind, m, published, future, reference)
            except (ValueError, KeyError):
                interval = None
            taken.append((m.start(), m.end()))
            if interval is not None:
                found.append(DateMention(offset + m.start(), offset + m.end(), m.group(0), interval, kind))
    return sorted(found, key=lambda d: d.start)


def fallback_interval(published: DateInterval, days_before: int = 3) -> DateInterval:
    """The interval an undated event gets: up to `days_before` days before a day-precise
    publication (news reports recent events), else the publication interval itself."""
    if published.precision == DAY:
        return DateInterval(published.start - timedelta(days=days_before), published.end, WEEK)
    return published
