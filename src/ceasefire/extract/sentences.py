"""Sentence and clause segmentation with character offsets. Runs right after document parsing.

Rules rather than a parser: news sentences end at . ! ? before a capital, a quote or a digit,
and at line breaks (scraped pages put headlines, captions and menus on lines of their own).
Abbreviations ("U.S.", "Gen.", "Dec.") and initials do not end a sentence. Offsets are kept
so that every claim can point at the characters it rests on.

>>> [s.text for s in split_sentences("Gen. Ali said so. Rebels left.\\nNext line")]
['Gen. Ali said so.', 'Rebels left.', 'Next line']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words whose trailing period is not a full stop (compared in lower case, without the dot).
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm brig cmdr gov sen rep st mt ft no nos vs etc jan
    feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd jr sr approx est al fig u.s u.n u.k
    e.g i.e a.m p.m""".split()  # noqa: SIM905
)

_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_CLAUSE = re.compile(r";\s+|,\s+(?:and|but|while|whereas|though|although|even\s+though|even\s+as)\s+|\s+while\s+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as [start, end) offsets into the document text, with its paragraph number."""

    start: int
    end: int
    text: str
    paragraph: int
    index: int


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a sentence, [start, end) in document offsets."""

    start: int
    end: int
    text: str


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at `dot` closes an abbreviation or an initial, not a sentence."""
    word = re.search(r"[\w.]+$", text[:dot])
    if word is None:
        return False
    token = word.group(0).lower().rstrip(".")
    if token in ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isalpha()  # an initial: "George W. Bush"


def _split_line(line: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for found in _END.finditer(line):
        if found.group(0).startswith(".") and len(found.group(0)) == 1 and _is_abbreviation(line, found.start()):
            continue
        spans.append((start, found.end()))
        start = found.end()
    spans.append((start, len(line)))
    out = []
    for a, b in spans:
        piece = line[a:b]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            out.append((offset + a + lead, offset + a + trail))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, in order; blank lines start a new paragraph."""
    sentences: list[Sentence] = []
    paragraph = 0
    offset = 0
    blank = False
    for line in text.split("\n"):
        if not line.strip():
            blank = True
        else:
            if blank and sentences:
                paragraph += 1
            blank = False
            for start, end in _split_line(line, offset):
                sentences.append(Sentence(start, end, text[start:end], paragraph, len(sentences)))
        offset += len(line) + 1
    return sentences


def split_clauses(sentence: Sentence) -> list[Clause]:
    """Clauses joined by ';' or by ', and' / ', but' / ', while' / ', though' (each may carry its own event)."""
    clauses: list[Clause] = []
    start = 0
    for found in _CLAUSE.finditer(sentence.text):
        if found.start() > start:
            clauses.append(
                Clause(sentence.start + start, sentence.start + found.start(), sentence.text[start : found.start()])
            )
        start = found.end()
    clauses.append(Clause(sentence.start + start, sentence.end, sentence.text[start:]))
    return clauses
