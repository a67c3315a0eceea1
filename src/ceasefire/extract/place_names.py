"""How places may be written in English text, and which runs of text may name one. Used by
places.py: gazetteer spellings become phrase-matcher patterns (usable_form, spelling_variants),
and capitalised runs or names the text calls a village become candidates for the gazetteer to
confirm (capitalised_runs, named_settlements).

>>> spelling_variants("Al Harak")
['Al Harak', 'Al-Harak']
"""

from __future__ import annotations

import re

from ceasefire.geo.gazetteer import GazetteerPlace
from ceasefire.geo.names import strip_marks


def letter_count(text: str) -> int:
    """Letters only: marks and the article's hyphen do not make a name longer."""
    return sum(ch.isalpha() for ch in text)


def usable_form(form: str, place: GazetteerPlace) -> bool:
    """Whether a gazetteer spelling is safe to look for in English text.

    Very short alternate names ("Sam", "Tal", "Khan") collide with English words and
    personal names; they stay only for large places and governorates, which reporting
    names by their short form ("Homs", "Hama").
    """
    letters = letter_count(form)
    articled = form.lower().startswith(("al-", "el-", "ad-", "ar-", "as-", "an-"))
    if letters < 4 or (not form[0].isupper() and not articled):
        return False
    if letters < 6:
        return (
            place.feature_class == "A" or place.population >= 20000 or (form == place.name and place.population >= 5000)
        )
    return True


_ARTICLE = re.compile(r"^(?P<a>al|el|ad|ar|as|an|ash|at|az|ad)(?P<sep>[- ])(?P<rest>\S.*)$", re.IGNORECASE)


def spelling_variants(form: str) -> list[str]:
    """A gazetteer spelling as English text may write it: accents dropped, the article joined
    by a hyphen or a space ("Al Harak", "al-Harak"), or dropped when the rest is long enough."""
    bare = strip_marks(form)
    variants = [form, bare]
    article = _ARTICLE.match(bare)
    if article:
        rest = article.group("rest")
        variants += [f"{article.group('a')}-{rest}", f"{article.group('a')} {rest}"]
        if letter_count(rest) >= 6:
            variants.append(rest)
    return list(dict.fromkeys(variants))


_RUN = re.compile(
    r"\b(?:(?:al|el|an|ash|ad|ar|as|at|az)-)?[A-Z][\w'’‘]+(?:-[A-Z]?[\w'’‘]+)*"
    r"(?:\s+(?:(?:al|el|an|ash|ad|ar|as|at|az)[- ])?[A-Z][\w'’‘]+(?:-[A-Z]?[\w'’‘]+)*){0,3}"
)
#: Capitalised words that are never places (weekdays, months, sides and nationalities).
NOT_PLACES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december syrian syrians russian russians turkish iranian american
    kurdish arab arabic islamic islamist government opposition rebels army military ministry observatory""".split()  # noqa: SIM905
)


def capitalised_runs(text: str, offset: int = 0) -> list[tuple[int, int, str, str]]:
    """Runs of capitalised words ("Maarat al-Nouman"), candidates for the gazetteer to confirm."""
    return [(offset + m.start(), offset + m.end(), m.group(0), "RUN") for m in _RUN.finditer(text)]


_NAMED_SETTLEMENT = re.compile(
    r"\b(?:village|town|hamlet)\s+of\s+(?P<n>(?:(?:al|el|ash|as|ad|ar|an|at|az)-)?[A-Z][\w'’‘-]+)|"
    r"\b(?P<m>[A-Z][\w'’‘-]+)\s+village\b"
)


def named_settlements(text: str, offset: int = 0) -> list[tuple[int, int, str, str]]:
    """Names the text itself calls a village or town ("the village of Inkhil"): candidates even
    when too short for the phrase matcher, which skips short names that collide with words."""
    found = []
    for m in _NAMED_SETTLEMENT.finditer(text):
        group = "n" if m.group("n") else "m"
        found.append((offset + m.start(group), offset + m.end(group), m.group(group), "SETTLEMENT"))
    return found
