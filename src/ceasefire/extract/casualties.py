"""Fatality figures of an incident clause: low / best / high. Runs after event cues.

Reports give deaths as "at least seven", "more than 70", "between 10 and 12", "up to 30",
"no casualties"; ACLED's practice is a conservative best figure, with the range kept in
low/high. Vague quantities take the conservative figures of ACLED's fatality FAQ ("tens" 10,
"dozens" 12, "hundreds" 100; "scores" 20 and "thousands" 1000 by the same rule) and leave the
high figure open. Victims counted by enumeration ("a mother and her four children") count as listed,
and "executed two men", "shot dead a commander" are deaths like "killed". Injuries ("wounded
9", "injuring dozens") are not deaths and are skipped, and a figure shared by several places is
split evenly (best) with the whole range kept (low 0, high n).

>>> count_deaths("the raid killed at least nine civilians and wounded twenty")
Deaths(low=9, best=9, high=None, victims='civilians')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ceasefire.domain.common import Fatalities

_UNITS = {
    w: i
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
        sixteen seventeen eighteen nineteen twenty""".split()  # noqa: SIM905
    )
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_VAGUE = {"tens": 10, "a dozen": 12, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000}
_WORD_NUMBER = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|a\s+dozen|dozens|scores|hundreds|thousands|tens(?=\s+of\b)"
)
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD_NUMBER})"
_QUALIFIER = (
    r"(?P<q>at\s+least|more\s+than|over|nearly|almost|about|around|some|approximately|an\s+estimated|up\s+to|"
    r"as\s+many\s+as|at\s+most)"
)
_AMOUNT = rf"(?<!\bno\s)(?:{_QUALIFIER}\s+)?(?P<n>{_NUMBER})(?:\s*(?:-|–|to|or)\s*(?P<n2>{_NUMBER}))?"
_RANGE = rf"between\s+(?P<b1>{_NUMBER})\s+and\s+(?P<b2>{_NUMBER})"
_VICTIMS = (
    r"(?P<v>(?:[\w-]+\s+){0,3}?(?:people|persons|civilians|children|women|men|fighters|soldiers|troops|rebels|militants|"
    r"insurgents|members|personnel|staff|residents|combatants|terrorists|jihadists|policemen|officers|gunmen|"
    r"workers|patients|victims|others|prisoners|detainees|captives|commanders|paramedics|medics|journalists|"
    r"activists|boys|girls|infants|relatives|brothers|sons|daughters|volunteers))"
)
#: One victim named in the singular ("killing a civilian", "shot dead a former commander").
_PERSON = (
    r"(?:person|civilian|child|boy|girl|man|woman|soldier|fighter|rebel|militant|commander|officer|policeman|doctor|"
    r"nurse|paramedic|medic|journalist|activist|teacher|farmer|shepherd|resident|member|worker|volunteer|leader|"
    r"official|teenager|infant|baby|elder|prisoner|detainee)"
)
_KILL_VERB = (
    r"(?:killed|killing|kills|kill|left\s+dead|leaving\s+dead|claimed\s+the\s+lives\s+of|killing\s+off|"
    r"execut(?:ed|ing|es|e)|shot\s+dead|shooting\s+dead|shot\s+and\s+killed|gunned\s+down|beheaded|slaughtered|"
    r"massacred|murdered|assassinated)"
)
_DIED = r"(?:killed|dead|died|executed|shot\s+dead|gunned\s+down|beheaded|murdered|assassinated|slaughtered|massacred)"
#: Between the victims and the verb: an aside ("Nine civilians, including three children, died")
#: or where they came from ("nine soldiers of the garrison died").
_BETWEEN = (
    r"(?:\s*,\s*(?:including|among\s+them|among\s+whom|of\s+whom|mostly|most\s+of\s+them|all\s+of\s+them)\s+[^,.;]{1,50},)?"
    r"(?:\s+(?:from|on|of|in)\s+(?:[\w-]+\s+){0,3}?)?"
)
#: "a mother and her four children": the first victim plus the relatives counted (two at least when
#: the plural gives no number).
_ENUMERATED = re.compile(
    rf"\b(?:an?|one)\s+(?:[\w-]+\s+)?(?:man|woman|father|mother|husband|wife|boy|girl|child|farmer|shepherd|civilian)"
    rf"\s+and\s+(?:his|her|their)\s+(?:(?P<n>{_NUMBER})\s+)?(?P<rel>sons?|daughters?|children|child|wife|husband|"
    rf"brothers?|sisters?|mother|father|grandchildren|grandsons?|granddaughters?|relatives|family\s+members)\b",
    re.IGNORECASE,
)

_PATTERNS = (
    re.compile(rf"\b{_KILL_VERB}\s+(?:{_RANGE}|{_AMOUNT})(?:\s+{_VICTIMS})?\b", re.IGNORECASE),
    re.compile(
        rf"\b(?:{_RANGE}|{_AMOUNT})\s+{_VICTIMS}?{_BETWEEN}\s*(?:were|was|have\s+been|had\s+been|are)?\s*{_DIED}\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:number\s+of\s+(?:people|civilians|those|dead)(?:\s+killed)?|toll)\s+(?:[\w,'’-]+\s+){{0,8}}?"
        rf"(?:rose|climbed|increased|jumped|reached|went\s+up)\s+to\s+(?:{_RANGE}|{_AMOUNT})",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\bdeath\s+toll\s+(?:\w+\s+){{0,3}}?(?:to|at|of|reached|stood\s+at)\s+(?:{_RANGE}|{_AMOUNT})", re.IGNORECASE
    ),
)
_ONE = (
    re.compile(
        rf"\b{_KILL_VERB}\s+(?:an?|one)\s+(?:[\w'-]+\s+){{0,3}}?(?P<v>{_PERSON})\b(?!\s+{_PERSON})", re.IGNORECASE
    ),
    re.compile(
        rf"\b(?:an?|one)\s+(?:[\w'-]+\s+){{0,3}}?(?P<v>{_PERSON})\s+(?:was|has\s+been|had\s+been)\s+{_DIED}\b",
        re.IGNORECASE,
    ),
)
_NONE = re.compile(
    r"\b(?:no\s+(?:casualties|deaths|fatalities|one\s+was\s+(?:killed|hurt|injured)|injuries\s+or\s+deaths)|"
    r"no\s+(?:\w+\s+){0,2}(?:were|was)\s+(?:killed|hurt|injured|harmed)|without\s+(?:casualties|loss\s+of\s+life)|"
    r"nobody\s+was\s+(?:killed|hurt|injured))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Deaths:
    """A death figure as the text gives it, with who died when the text says."""

    low: int | None
    best: int | None
    high: int | None
    victims: str | None = None

    def fatalities(self, places: int = 1) -> Fatalities:
        """As domain Fatalities; a toll shared by `places` places is split evenly (ACLED)."""
        if places > 1 and self.best is not None:
            return Fatalities(0, self.best // places, self.high if self.high is not None else self.best)
        return Fatalities(self.low, self.best, self.high)


def number_value(text: str) -> int | None:
    """'seven' -> 7, '12,500' -> 12500, 'twenty-one' -> 21; vague words give ACLED's figure."""
    word = " ".join(text.lower().split())
    if re.fullmatch(r"[\d,]+", word):
        return int(word.replace(",", ""))
    if word in _UNITS:
        return _UNITS[word]
    if word in _VAGUE:
        return _VAGUE[word]
    parts = re.split(r"[- ]", word)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def _enumerated(m: re.Match[str]) -> str:
    relatives = number_value(m.group("n")) if m.group("n") else None
    if relatives is None:
        plural = m.group("rel").lower().endswith(("s", "children", "grandchildren"))
        relatives = 2 if plural else 1
    return f"{1 + relatives} people"


def _from_match(m: re.Match[str]) -> Deaths | None:
    groups = m.groupdict()
    victims = (groups.get("v") or "").strip() or None
    if groups.get("b1"):
        low, high = number_value(groups["b1"]), number_value(groups["b2"])
        return Deaths(low, low, high, victims)
    value = number_value(groups["n"]) if groups.get("n") else None
    if value is None:
        return None
    if groups.get("n2"):
        high = number_value(groups["n2"])
        return Deaths(value, value, high if high is not None and high >= value else None, victims)
    qualifier = " ".join((groups.get("q") or "").lower().split())
    if " ".join(groups["n"].lower().split()) in _VAGUE:
        return Deaths(value, value, None, victims)  # "dozens": at least the conservative figure
    if qualifier in ("up to", "as many as", "at most"):
        return Deaths(None, None, value, victims)
    if qualifier in ("at least", "more than", "over"):
        return Deaths(value, value, None, victims)
    return Deaths(value, value, value if not qualifier else None, victims)


def count_deaths(text: str) -> Deaths | None:
    """The deaths a clause reports, or None when it gives no figure; "no casualties" is 0."""
    text = _ENUMERATED.sub(_enumerated, text)
    for pattern in _PATTERNS:
        m = pattern.search(text)
        if m:
            deaths = _from_match(m)
            if deaths is not None:
                return deaths
    for pattern in _ONE:
        m = pattern.search(text)
        if m:
            return Deaths(1, 1, 1, m.group("v"))
    if _NONE.search(text):
        return Deaths(0, 0, 0)
    return None


def combine(figures: list[Deaths]) -> Deaths | None:
    """Competing figures for one incident: the range of them all, the lowest as best (ACLED)."""
    known = [f for f in figures if f.best is not None or f.high is not None]
    if not known:
        return figures[0] if figures else None
    bests = [f.best for f in known if f.best is not None]
    lows = [f.low for f in known if f.low is not None]
    highs = [f.high if f.high is not None else f.best for f in known]
    high_values = [h for h in highs if h is not None]
    best = min(bests) if bests else None
    low = min(lows) if lows else best
    high = max(high_values) if high_values and len(known) > 1 else known[0].high
    return Deaths(low, best, high, next((f.victims for f in known if f.victims), None))
