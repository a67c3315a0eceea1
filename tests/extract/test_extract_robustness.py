"""Extraction never fails on odd text: any readable item gives claims whose spans are in range."""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasefire.extract.document import parse_document, parse_published
from ceasefire.extract.pipeline import Extractor

WORDS = st.sampled_from(
    [
        "Rebels",
        "shelled",
        "Douma",
        "on",
        "Monday",
        ",",
        ".",
        "killing",
        "at",
        "least",
        "5",
        "civilians",
        "said",
        "the",
        "army",
        "talks",
        "will",
        "be",
        "held",
        "in",
        "Astana",
        "late",
        "August",
        "memorandum",
        "signed",
        "Hama",
        "province",
        "near",
        "north",
        "of",
        "\n",
        "\n\n",
        "'",
        '"',
        "(",
        ")",
        "Idlib",
        "denied",
        "strikes",
        "12-13",
        "June",
        "2017",
        "no",
        "casualties",
        "deployed",
        "troops",
        "ٱلْقُنَيْطِرَة",
        "—",
        "Ḩarastā",
    ]
)


@cache
def extractor() -> Extractor:
    return Extractor.default()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, min_size=1, max_size=60).map(" ".join).filter(lambda t: t.strip()))
def test_any_text_gives_claims_with_spans_inside_it(text: str) -> None:
    doc = parse_document(text.encode(), name="fuzz.txt", published=parse_published("2017-06-09"))
    for claim in extractor().extract(doc).claims:
        assert claim.span is not None and 0 <= claim.span[0] < claim.span[1] <= len(doc.text)
        assert claim.date is None or claim.date.start <= claim.date.end
