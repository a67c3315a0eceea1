"""News items in: header parsing and validation. First step of extraction, before sentences.

A news item is either a file with a header (`TITLE:`, `OUTLET:`, `PUBLICATION_DATE:`, `URL:`
lines, a blank line, then the text) or plain text, which needs the publication date from the
caller. Every claim's span counts characters in the text after the header, so the header is
cut off exactly at the first blank line and nothing in the text is trimmed.

>>> doc = parse_document(b"TITLE: T\\nOUTLET: SANA\\nPUBLICATION_DATE: 2017-06\\n\\nText.", name="a.txt")
>>> doc.outlet, doc.published.precision.value, doc.text
('SANA', 'month', 'Text.')
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from ceasefire.domain.common import DateInterval
from ceasefire.domain.statuses import DatePrecision
from ceasefire.errors import InvalidInput

#: Keys that open a header; other upper-case keys are kept once a header has started.
HEADER_KEYS = frozenset({"TITLE", "OUTLET", "PUBLICATION_DATE", "URL", "TEXT_TYPE"})
_HEADER_LINE = re.compile(r"^(?P<key>[A-Z][A-Z0-9_]*):[ \t]*(?P<value>.*?)[ \t]*$")
#: "2017", "2017-03", "2017-05-06", or a span of days "2018-06-19/20" / "2018-06-19/2018-06-20".
_DATE_VALUE = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})(?:/(?:(?P<y2>\d{4})-(?P<m2>\d{2})-)?(?P<d2>\d{2}))?)?)?(?=$|[\s(;,])"
)


#: Where scraped plain text names its outlet: "(CNN)", "ASTANA, July 6 (Xinhua) --", "Source: X",
#: a closing "(NAN)".
_OUTLET_MARKS = (
    re.compile(r"^\s*\((?P<o>[A-Z][A-Za-z .&'-]{1,30})\)\s*(?=[A-Z])", re.MULTILINE),
    re.compile(r"^[A-Z][A-Za-z .'-]+,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s+\((?P<o>[^)]{2,30})\)\s*[-—–]+", re.MULTILINE),
    re.compile(r"\((?P<o>[A-Z][A-Za-z]{1,9})\)\s*$"),
    re.compile(r"^\s*Source:\s*(?P<o>[^|\n,]{2,40}?)\s*(?:[|,]|$)", re.MULTILINE),
)


class UnreadableDocument(InvalidInput):
    """A file that cannot be read as a news item: not text, empty, or a malformed header."""

    code = "unreadable_document"


@dataclass(frozen=True, slots=True)
class Document:
    """One news item ready for extraction; `text` is everything after the header, untouched."""

    name: str
    text: str
    published: DateInterval
    title: str = ""
    outlet: str | None = None
    url: str | None = None
    sha256: str = ""
    header: dict[str, str] = field(default_factory=dict)


def parse_published(value: str, *, where: str = "publication date") -> DateInterval:
    """A publication date as the header or `--published` gives it, with its precision.

    Approximate values keep what they know: "2017-03 (approx.)" is the whole month, "2017" the
    year, "2018-06-19/20" the two days.

    >>> parse_published("2018-06-19/20 (inferred)")
    DateInterval(start=datetime.date(2018, 6, 19), end=datetime.date(2018, 6, 20), precision=<DatePrecision.DAY: 'day'>)
    """
    found = _DATE_VALUE.match(value.strip())
    if found is None:
        raise UnreadableDocument(f"{where}: {value!r} is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)")
    try:
        year = int(found["y"])
        if found["m"] is None:
            return DateInterval(date(year, 1, 1), date(year, 12, 31), DatePrecision.YEAR)
        month = int(found["m"])
        if found["d"] is None:
            last = calendar.monthrange(year, month)[1]
            return DateInterval(date(year, month, 1), date(year, month, last), DatePrecision.MONTH)
        start = date(year, month, int(found["d"]))
        if found["d2"] is None:
            return DateInterval.day(start)
        end = date(int(found["y2"] or year), int(found["m2"] or month), int(found["d2"]))
        return DateInterval(start, end, DatePrecision.DAY)
    except ValueError as exc:
        raise UnreadableDocument(f"{where}: {value!r} is not a valid date ({exc})") from None


def decode_text(raw: bytes, name: str) -> str:
    """The file as text; binary files and empty files are errors that name the file."""
    if b"\x00" in raw[:8192]:
        raise UnreadableDocument(f"{name}: not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(f"{name}: not UTF-8 text (undecodable byte at offset {exc.start})") from None
    if not text.strip():
        raise UnreadableDocument(f"{name}: the file is empty")
    return text.replace("\r\n", "\n")


def split_header(text: str, name: str) -> tuple[dict[str, str], str]:
    """The header fields and the text after the blank line; no header gives ({}, text)."""
    first = text.split("\n", 1)[0]
    opening = _HEADER_LINE.match(first)
    if opening is None or opening["key"] not in HEADER_KEYS:
        return {}, text
    header: dict[str, str] = {}
    position = 0
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            body = text[position + len(line) + 1 :]
            if not body.strip():
                raise UnreadableDocument(f"{name}: the header is followed by no text")
            return header, body
        found = _HEADER_LINE.match(line)
        if found is None:
            raise UnreadableDocument(
                f"{name}: malformed header at line {number}: {line[:60]!r} is not 'KEY: value' "
                "(the header ends at the first blank line)"
            )
        if found["key"] in header:
            raise UnreadableDocument(f"{name}: malformed header at line {number}: {found['key']} given twice")
        header[found["key"]] = found["value"]
        position += len(line) + 1
    raise UnreadableDocument(f"{name}: malformed header: no blank line between the header and the text")


_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>[01]?\d)(?:[/-](?P<d>[0-3]?\d))?(?=/|$|-)")


def _date_elsewhere(url: str, body: str) -> DateInterval | None:
    """When the header's date is unreadable ("undated"), the URL's date or the dateline's."""
    found = _URL_DATE.search(url)
    if found:
        try:
            if found["d"]:
                return DateInterval.day(date(int(found["y"]), int(found["m"]), int(found["d"])))
            year, month = int(found["y"]), int(found["m"])
            return DateInterval(
                date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), DatePrecision.MONTH
            )
        except ValueError:
            pass
    from ceasefire.extract.dates import find_dates

    first = body.strip().split(".", 1)[0][:120]
    anchor = DateInterval(date(1900, 1, 1), date(2100, 12, 31), DatePrecision.YEAR)
    dated = [d for d in find_dates(first, anchor) if d.kind in ("day_month", "month_day", "month_year", "iso")]
    return dated[0].interval if dated else None


def detect_outlet(text: str) -> str | None:
    """The outlet a plain-text item names for itself, if any.

    Scraped pages carry their outlet in a few conventional places (a "(CNN)" lead, an agency
    dateline, a "Source:" line, a closing agency tag, or the site name repeated as a short
    line at the top); the claims the outlet makes in its own voice are attributed to it.

    >>> detect_outlet("(CNN)Russia agreed.")
    'CNN'
    """
    for pattern in _OUTLET_MARKS:
        found = pattern.search(text)
        if found:
            return found.group("o").strip()
    head = [line.strip() for line in text.split("\n")[:20] if line.strip()]
    for line in head:
        words = line.split()
        if (
            1 < len(words) <= 4
            and all(w[:1].isupper() for w in words)
            and not line.endswith((".", ":", "?", "!"))
            and head.count(line) >= 2
        ):
            return line
    return None


def parse_document(raw: bytes, *, name: str, published: DateInterval | None = None) -> Document:
    """A Document from a file's bytes; `published` overrides or replaces the header's date.

    Raises UnreadableDocument naming `name` for binary, empty or malformed input, and for plain
    text when no publication date is given.
    """
    text = decode_text(raw, name)
    header, body = split_header(text, name)
    if published is None:
        value = header.get("PUBLICATION_DATE")
        if value is None:
            missing = "its header has no PUBLICATION_DATE" if header else "it has no header"
            raise UnreadableDocument(f"{name}: no publication date: {missing}; give --published YYYY-MM-DD")
        try:
            published = parse_published(value, where=f"{name}: PUBLICATION_DATE")
        except UnreadableDocument:
            published = _date_elsewhere(header.get("URL", ""), body)
            if published is None:
                raise
    if not body.strip():
        raise UnreadableDocument(f"{name}: the file has no text")
    return Document(
        name=name,
        text=body,
        published=published,
        title=header.get("TITLE", ""),
        outlet=header.get("OUTLET") or detect_outlet(body),
        url=header.get("URL") or None,
        sha256=hashlib.sha256(raw).hexdigest(),
        header=header,
    )
