"""Place-name normalisation: the keys the gazetteer matches on. Runs inside geocoding.

Arabic place names reach us transliterated a dozen ways (Khan Sheikhoun / Khan Shaykhun,
Ma'arrat an-Nu'man / Maarat al-Numan). Rather than a table of known pairs, two general keys
absorb the usual differences:

* `normalise` rewrites a name with the rules of English and French transliteration practice:
  diacritics and ʿayn/hamza marks dropped, the article (al-/el-, assimilated ad-/ash-/an-...)
  removed, Kafr/Kfar/Kefr and Tell/Tal/Tall and Deir/Dayr unified, ch→sh, ou/oo→u, ee→i,
  ei/ey/ai→ay, final -eh/-ah/-e→a (tāʾ marbūṭa), doubled letters single.
* `skeleton` keeps the consonants of the normalised key (q→k), since Arabic does not write
  short vowels and transliterators disagree mostly on vowels (Daraa/Deraa, Idlib/Idleb,
  Qunaitera/Quneitra, Kafranbel/Kafr Nabl).

Arabic-script names get the usual orthographic folding (hamza on alef, tāʾ marbūṭa, alif
maqṣūra, tatweel) and lose the article ال, so an Arabic source matches too.

>>> normalise("Ma'arrat an-Nu'man") == normalise("Maarat al-Numan")
True
>>> skeleton("Kafranbel") == skeleton("Kafr Nabl")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ceasefire.errors import InvalidInput

#: Marks that stand for ʿayn or hamza (or a typist's apostrophe): dropped, never a space.
_AYN_HAMZA = str.maketrans("", "", "'`´‘’ʿʾʻʼ′ˈ\u02bd\u02be\u02bf")

#: The definite article in its usual spellings, sun-letter assimilations included.
ARTICLES = frozenset(
    {
        "al",
        "el",
        "il",
        "ul",
        "ad",
        "ed",
        "adh",
        "ash",
        "esh",
        "as",
        "es",
        "at",
        "et",
        "ath",
        "az",
        "ez",
        "an",
        "en",
        "ar",
        "er",
        "ach",
        "ech",
    }
)

#: Word variants unified before the letter rules (keys are already lower-case, accent-free).
_WORD_VARIANTS = {
    **dict.fromkeys(("kafr", "kfar", "kefr", "kafar", "kfr", "kufr", "kefer", "kafer", "kfer", "kufur"), "kafr"),
    **dict.fromkeys(("tell", "tel", "tall", "tal", "til", "tl"), "tal"),
    **dict.fromkeys(("deir", "dayr", "dair", "deyr", "dier", "dir"), "dayr"),
    **dict.fromkeys(("um", "umm", "om", "omm", "oum", "oumm"), "um"),
    **dict.fromkeys(("abu", "abou", "abo"), "abu"),
}

#: Attached Kafr (Kafranbel, Kfarzita): split off when at least three letters follow.
_KAFR_PREFIX = re.compile(r"^(kafr|kfar|kefr|kafar|kufr)([a-z]{3,})$")

_LETTER_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ch"), "sh"),  # French: Cheikh -> sheikh
    (re.compile(r"ee"), "i"),
    (re.compile(r"oo|ou"), "u"),
    (re.compile(r"e[iy]|a[iy]"), "ay"),  # Sheikh/Shaykh, Qunaitera/Qunaytra
    (re.compile(r"(?<=[a-z])(?:eh|ah|e)$"), "a"),  # tāʾ marbūṭa: Talbiseh/Talbisah
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters: Tallbisah, Ma'arrat
)

_NON_WORD = re.compile(r"[^\w]+|_")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_VOWELS = re.compile(r"[aeiou]")
_SEMIVOWELS = re.compile(r"(?<!^)[yw]")


def strip_marks(text: str) -> str:
    """Drop diacritics and ʿayn/hamza marks: 'Ḩarastā' -> 'Harasta', 'Ma‘arrat' -> 'Maarrat'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.translate(_AYN_HAMZA).replace("ı", "i").replace("ł", "l")


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form, the key for an 'exact' match.

    Unlike `normalise` it keeps articles and spelling, so 'Khān Shaykhūn' folds to
    'khan shaykhun' but 'Khan Sheikhoun' does not.
    """
    return " ".join(strip_marks(text).casefold().replace("-", " ").split())


def _latin_word(word: str) -> list[str]:
    """Apply the word rules to one lower-case Latin token; may split it (Kafranbel)."""
    split = _KAFR_PREFIX.match(word)
    if split and word not in _WORD_VARIANTS:
        return ["kafr", *_latin_word(split.group(2))]
    word = _WORD_VARIANTS.get(word, word)
    for pattern, replacement in _LETTER_RULES:
        word = pattern.sub(replacement, word)
    return [word] if word else []


def _arabic_word(word: str) -> str:
    word = word.translate(_ARABIC_FOLD)
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The transliteration-insensitive key of a place name (see the module docstring).

    >>> normalise("Khan Sheikhoun"), normalise("Khān Shaykhūn")
    ('khan shaykhun', 'khan shaykhun')
    >>> normalise("Jisr ash-Shughur") == normalise("Jisr al-Shughur")
    True
    """
    if not isinstance(name, str):
        raise InvalidInput(f"a place name must be text, got {name!r}")
    words = _NON_WORD.sub(" ", strip_marks(name).casefold()).split()
    out: list[str] = []
    for i, word in enumerate(words):
        if _ARABIC_LETTER.search(word):
            out.append(_arabic_word(word))
        elif word in ARTICLES and i + 1 < len(words):
            continue  # the article before a noun carries no identity
        else:
            out.extend(_latin_word(word))
    return " ".join(w for w in out if w)


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The consonant skeleton of the normalised key, spaces removed ('Kafr Nabl' -> 'kfrnbl').

    Vowels and the semivowels y/w inside a word go (Arabic leaves short vowels unwritten and
    transliterators render long ones as ou, oo, u, ee, i, ei, ay); q and k merge. Two names
    with the same skeleton are probably the same name, so the gazetteer ranks such a match
    below a normalised one and orders ties by how similar the keys are.
    """
    parts = []
    for word in normalise(name).split():
        if _ARABIC_LETTER.search(word):
            parts.append(word)
            continue
        word = _SEMIVOWELS.sub("", _VOWELS.sub("", word.replace("q", "k")))
        parts.append(re.sub(r"(.)\1+", r"\1", word))
    return re.sub(r"(.)\1+", r"\1", "".join(parts))


def is_latin(name: str) -> bool:
    """True when every letter of the name is Latin (with or without diacritics).

    Phrase matchers for English and French text want only these surface forms.
    """
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(ch, "") for ch in letters)


def is_arabic(name: str) -> bool:
    """True when the name is written in Arabic script."""
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all(_ARABIC_LETTER.match(ch) for ch in letters)


def worth_indexing(name: str) -> bool:
    """Whether an alternate name belongs in the gazetteer.

    Latin and Arabic names stay (the sources are English, French and Arabic); other scripts,
    airport codes ('ALP') and GeoNames' lower-case machine transliterations of Arabic ('hlb')
    go, since a phrase matcher would fire on them in ordinary text.
    """
    name = name.strip()
    if not name or not (is_latin(name) or is_arabic(name)):
        return False
    return not (is_latin(name) and name.isascii() and (name == name.lower() or (name.isupper() and len(name) <= 4)))
