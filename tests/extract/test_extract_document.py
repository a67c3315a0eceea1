"""Reading news items: the header, the publication date and the errors that name the file."""

from __future__ import annotations

from datetime import date

import pytest

from ceasefire.domain.statuses import DatePrecision
from ceasefire.extract.document import UnreadableDocument, detect_outlet, parse_document, parse_published

ITEM = (
    b"TITLE: Shelling reported near a northern town\n"
    b"OUTLET: Example Wire\n"
    b"PUBLICATION_DATE: 2018-03-14\n"
    b"URL: https://example.org/item\n"
    b"TEXT_TYPE: invented for a test\n"
    b"\n"
    b"Hama. Mortar rounds fell on a market on Tuesday."
)


def test_header_fields_are_read_and_the_text_starts_after_the_blank_line() -> None:
    doc = parse_document(ITEM, name="item.txt")
    assert (doc.title, doc.outlet, doc.url) == (
        "Shelling reported near a northern town",
        "Example Wire",
        "https://example.org/item",
    )
    assert doc.published.start == date(2018, 3, 14) and doc.published.precision is DatePrecision.DAY
    assert doc.text.startswith("Hama. Mortar")
    assert doc.header["TEXT_TYPE"] == "invented for a test"


def test_the_sha256_is_of_the_original_bytes() -> None:
    import hashlib

    assert parse_document(ITEM, name="item.txt").sha256 == hashlib.sha256(ITEM).hexdigest()


@pytest.mark.parametrize(
    ("value", "start", "end", "precision"),
    [
        ("2017-05-04 (date inferred from content)", date(2017, 5, 4), date(2017, 5, 4), DatePrecision.DAY),
        ("2017-03 (approx.; undated page)", date(2017, 3, 1), date(2017, 3, 31), DatePrecision.MONTH),
        ("2017 (undated page)", date(2017, 1, 1), date(2017, 12, 31), DatePrecision.YEAR),
        ("2018-06-19/20 (inferred)", date(2018, 6, 19), date(2018, 6, 20), DatePrecision.DAY),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29), DatePrecision.MONTH),
    ],
)
def test_approximate_publication_dates_keep_what_they_know(
    value: str, start: date, end: date, precision: DatePrecision
) -> None:
    interval = parse_published(value)
    assert (interval.start, interval.end, interval.precision) == (start, end, precision)


def test_plain_text_needs_a_publication_date() -> None:
    with pytest.raises(UnreadableDocument, match=r"notes\.txt: no publication date.*--published"):
        parse_document(b"Rebels said the truce held overnight.", name="notes.txt")


def test_plain_text_with_a_date_is_all_text() -> None:
    raw = b"Rebels said the truce held overnight.\n\nA second paragraph."
    doc = parse_document(raw, name="notes.txt", published=parse_published("2017-07-02"))
    assert doc.text == raw.decode() and doc.outlet is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"   \n\n  ", "the file is empty"),
        (b"\xff\xfe\xfa broken", "not UTF-8 text"),
        (b"TITLE: a\nno colon here\n\ntext", "malformed header at line 2"),
        (b"TITLE: a\nOUTLET: b\nPUBLICATION_DATE: 2017-01-01\n", "no text|no blank line"),
        (b"TITLE: a\nTITLE: b\n\ntext", "TITLE given twice"),
        (b"TITLE: a\nPUBLICATION_DATE: sometime\n\ntext", "is not a date"),
    ],
)
def test_unreadable_files_are_errors_that_name_the_file(raw: bytes, message: str) -> None:
    with pytest.raises(UnreadableDocument, match=message) as caught:
        parse_document(raw, name="bad/item.txt")
    assert "bad/item.txt" in caught.value.message
    assert caught.value.code == "unreadable_document"


def test_an_unreadable_header_date_falls_back_to_the_date_in_the_url() -> None:
    raw = b"TITLE: a\nPUBLICATION_DATE: undated\nURL: https://example.org/2019/05/02/story\n\nText here."
    assert parse_document(raw, name="a.txt").published.start == date(2019, 5, 2)


def test_an_explicit_date_overrides_the_header() -> None:
    doc = parse_document(ITEM, name="item.txt", published=parse_published("2018-03"))
    assert doc.published.precision is DatePrecision.MONTH


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("Menu\n(ABC)Officials met on Monday.", "ABC"),
        ("CAIRO, March 3 (Newswire) -- Officials met.", "Newswire"),
        ("Officials met.\nSource: Example Daily, agencies", "Example Daily"),
        ("Officials met on Monday. (XYZ)", "XYZ"),
        ("Example Radio\nHeadline here\nExample Radio\nOfficials met.", "Example Radio"),
        ("Officials met on Monday.", None),
    ],
)
def test_plain_text_names_its_outlet_in_conventional_places(text: str, outlet: str | None) -> None:
    assert detect_outlet(text) == outlet
