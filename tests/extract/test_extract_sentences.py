"""Sentences and clauses with offsets."""

from __future__ import annotations

from ceasefire.extract.sentences import split_clauses, split_sentences


def test_sentences_end_at_stops_and_line_breaks_but_not_abbreviations() -> None:
    text = (
        "Lt. Col. Adams said the U.S. team left. Talks resume Monday.\nHeadline without a stop\n\nNew paragraph here."
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Lt. Col. Adams said the U.S. team left.",
        "Talks resume Monday.",
        "Headline without a stop",
        "New paragraph here.",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 0, 1]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_clauses_split_at_semicolons_and_comma_and() -> None:
    sentence = split_sentences("Jets struck the town, and rebels shelled a village; two died.")[0]
    assert [c.text for c in split_clauses(sentence)] == [
        "Jets struck the town",
        "rebels shelled a village",
        "two died.",
    ]
