"""Event cues: which words make a clause an incident, and of which ACLED type. Runs per clause.

A cue is a word or phrase that names violence ("air strikes", "shelled", "clashes"); each
maps to an ACLED event type and sub-event type with a rank, and the best-ranked cue of a
clause gives its type (so "an offensive with artillery and air strikes" is an air strike, as
ACLED codes it, not a battle). A cue does not make an incident when the clause bans, halts,
negates or only foresees the act ("air strikes are banned", "vowing not to shell", "would
continue fighting", "ahead of an anticipated assault"), or says it is absent or over ("a
respite in shelling", "the bombardment has died down"): talks and agreements speak of violence all the time
without reporting any.

>>> [c.sub_event_type for c in find_cues("Rebels fired mortars at the town.")]
['Shelling/artillery/missile attack']
>>> find_cues("Hostilities, air strikes included, are banned over the zones.")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ceasefire.domain.statuses import EventType

AIR, SHELLING, IED = "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED"
ER, BATTLES, VAC = EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.BATTLES, EventType.VIOLENCE_AGAINST_CIVILIANS

#: (pattern, event type, sub-event type, rank); a lower rank wins within a clause.
_LEXICON: tuple[tuple[str, EventType, str | None, int], ...] = (
    (
        r"chemical (?:attacks?|weapons?|strikes?)|sarin|chlorine (?:gas|attacks?|bombs?)|toxic gas|gas attacks?",
        ER,
        "Chemical weapon",
        0,
    ),
    (r"suicide (?:bomb\w*|attacks?|car bombs?|attackers?)", ER, "Suicide bomb", 0),
    (
        r"air ?strikes?|airstrikes?|air raids?|aerial (?:bombardment|attacks?|bombing|strikes?)|war ?planes?|"
        r"fighter jets?|barrel bombs?|drone (?:strikes?|attacks?)|fixed-wing|(?:aircraft|jets|helicopters?|drones?) "
        r"(?:fired|struck|hit|bombed|dropped|targeted|attacked|pounded|raided)|bombing raids?|"
        r"(?:air|aerial) bombardment|(?:armed|explosive-laden|bomb-laden|attack|suicide|kamikaze) drones?|"
        r"(?:launched|flew|sent)\s+(?:[\w-]+\s+){0,3}?drones?|shot\s+down\s+(?:[\w-]+\s+){0,3}?drones?",
        ER,
        AIR,
        1,
    ),
    (
        r"car bombs?|roadside bombs?|IEDs?|improvised explosive devices?|landmines?|land mines?|explosive devices?|"
        r"bomb (?:blast|exploded|explosion)|booby[- ]trap\w*",
        ER,
        IED,
        2,
    ),
    (
        r"shell(?:s|ed|ing)?|mortars?|artillery|rockets?|rocket (?:launchers?|fire|attacks?)|missiles?|"
        r"explosive rounds|bombard(?:ed|ing|ment)|tank fire|howitzers?|grad rockets?|projectiles?",
        ER,
        SHELLING,
        2,
    ),
    (
        r"bomb(?:ed|ing|ings)|strikes|raids|(?:strike|raid)\s+(?:hit|hits|killed|kills|struck|targeted|on|against)",
        ER,
        AIR,
        3,
    ),
    (r"executed|executions?|massacred?|shot dead|summarily killed|tortured", VAC, "Attack", 3),
    (r"kidnapp(?:ed|ing|ings)|abduct(?:ed|ion|ions)", VAC, "Abduction/forced disappearance", 3),
    (
        r"clash(?:es|ed)?|fighting|fought|battles?|gun ?fights?|fire ?fights?|machine[- ]guns?|gunfire|heavy fire|"
        r"exchanges? of fire|skirmish\w*|ambush\w*|repel(?:led|ling)?|offensive|assault(?:s|ed)?|stormed|"
        r"attack(?:s|ed|ing)?\s+(?:\S+\s+){0,2}?positions",
        BATTLES,
        "Armed clash",
        4,
    ),
    (r"(?:re)?captured|retook|regained control|seized|took control|overran", BATTLES, "Armed clash", 5),
    (r"protest(?:s|ed|ers)?|demonstrat(?:ion|ions|ors|ed)|sit-ins?", EventType.PROTESTS, "Peaceful protest", 6),
    (r"riot(?:s|ed|ing)?", EventType.RIOTS, "Violent demonstration", 6),
    (
        r"under attack|attack(?:s|ed|ing)?|struck|hit|target(?:s|ed|ing)|raided|violat(?:ed|ing|ion|ions)",
        BATTLES,
        None,
        7,
    ),
    (r"killed|killing|kills|dead|died(?!\s+(?:down|away|out))", BATTLES, None, 8),
)
_CUES = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), t, s, r) for p, t, s, r in _LEXICON]

#: Words just before a cue that mean the act is denied, stopped, banned or only foreseen.
_BLOCK_BEFORE = re.compile(
    r"\b(?:not|no|never|without|halt(?:s|ed|ing)?|stop(?:s|ped|ping)?|end(?:s|ed|ing)?|ceas\w+|ban(?:s|ned|ning)?|"
    r"prohibit\w*|prevent\w*|avoid\w*|refrain\w*|vow\w*|pledg\w*|promis\w*|keep|continue|continuing|resume|"
    r"prepar\w+|plan(?:s|ned|ning)?|threat\w*|warn\w*|if|unless|whether|against\s+further|free\s+from|"
    r"aims?|seeks?|ready|calls?\s+for|demand\w*|condemn\w*\s+any)\b(?:\W+\w+){0,5}\W*$",
    re.IGNORECASE,
)
#: A modal or planned-future verb anywhere before the cue in the clause.
_MODAL_BEFORE = re.compile(
    r"\b(?:would|will|could|might|may|should|shall|must|is\s+to|are\s+to|(?:is|are|was|were)\s+(?:expected|due|set|"
    r"scheduled|going)\s+to|plans?\s+to|intends?\s+to|aims?\s+to|threaten\w*\s+to)\b",
    re.IGNORECASE,
)
_INFINITIVE = re.compile(r"\bto\s+$", re.IGNORECASE)
#: Where the scope of a modal ends, looking back from a cue: a comma, "saying", "that".
_SCOPE = re.compile(r"[,;:(]|\b(?:saying|that)\b", re.IGNORECASE)
#: Words right before a cue that make the act only foreseen, feared or absent: "an impending
#: assault", "ahead of a feared push", "the threat of air strikes", "a respite in shelling".
_NOT_HAPPENED_BEFORE = re.compile(
    r"\b(?:expected|imminent|impending|looming|anticipated|feared|rumou?red|threatened|"
    r"ahead\s+of|threat\s+of|fears?\s+of|risk\s+of|prospect\s+of|preparations?\s+for|in\s+anticipation\s+of|"
    r"brac\w+\s+for|(?:lull|calm|respite|pause|let-?up|break|reduction|decrease|drop|decline|absence)\s+in)"
    r"\s+(?:[\w'-]+\s+){0,3}$",
    re.IGNORECASE,
)
#: Before a cue of fighting (an offensive, an assault, a battle): only a possibility. "A possible
#: chemical attack" is an alleged event, "a possible offensive" one that has not begun.
_MAYBE_BEFORE = re.compile(r"\b(?:possible|potential|likely|probable)\s+(?:[\w'-]+\s+){0,2}$", re.IGNORECASE)
#: Words right after a cue that ban it or only foresee it ("air strikes included, are banned").
_BLOCK_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(?:(?:are|is|were|was|be|been|remain)\s+(?:banned|prohibited|forbidden|excluded|outlawed|halted|"
    r"suspended)|would|will|could|might|may|(?:is|are|was|were)\s+(?:expected|likely|set|due|about)\s+to|"
    r"(?:is|are|was|were)\s+yet\s+to)\b",
    re.IGNORECASE,
)
#: A verb after the cue's noun phrase that says the act has ended or never began: "clashes on
#: the plain have mostly subsided", "the bombardment abated", "the push never materialised".
_ENDED_AFTER = re.compile(
    r"^(?:\s+[\w'-]+){0,6}?\s+(?:(?:has|have|had|was|were)\s+)?(?:(?:largely|mostly|gradually|since|now|all\s+but)\s+)?"
    r"(?:died\s+down|abated|subsided|calmed|eased|stopped|ended|ceased|petered\s+out|dropped\s+off|waned|halted|"
    r"receded|quiet(?:en)?ed|(?:not|never)\s+(?:yet\s+)?(?:begun|began|started|happened|taken\s+place|materiali[sz]ed))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Cue:
    """A word naming violence at [start, end) (offsets in the text searched, plus `offset`)."""

    start: int
    end: int
    text: str
    event_type: EventType
    sub_event_type: str | None
    rank: int

    @property
    def generic(self) -> bool:
        """A cue that says something violent happened but not by what means."""
        return self.sub_event_type is None


def blocked(text: str, start: int, end: int, *, fighting: bool = False) -> bool:
    """True when the clause bans, halts, negates or only foresees the act named at [start, end);
    `fighting` cues (battles, not strikes) also when only called possible."""
    before, after = text[:start], text[end : end + 120]
    bounds = [m.end() for m in _SCOPE.finditer(before)]
    scope = before[bounds[-1] :] if bounds else before
    near = before[-100:]  # the patterns anchored at the cue look a few words back only
    return bool(
        _BLOCK_BEFORE.search(near)
        or _NOT_HAPPENED_BEFORE.search(near)
        or (fighting and _MAYBE_BEFORE.search(near))
        or _MODAL_BEFORE.search(scope)
        or (_INFINITIVE.search(near) and not re.search(r"\b(?:used|began|started)\s+to\s+$", near, re.IGNORECASE))
        or _BLOCK_AFTER.search(after)
        or _ENDED_AFTER.search(after)
    )


def find_cues(text: str, *, offset: int = 0, keep_blocked: bool = False) -> list[Cue]:
    """The violence cues of a clause, left to right, without overlaps (the longer cue wins)."""
    found: list[Cue] = []
    for pattern, event_type, sub, rank in _CUES:
        for m in pattern.finditer(text):
            if any(c.start < m.end() + offset and m.start() + offset < c.end for c in found):
                continue
            if not keep_blocked and blocked(text, m.start(), m.end(), fighting=event_type is BATTLES and rank < 8):
                continue
            found.append(Cue(offset + m.start(), offset + m.end(), m.group(0), event_type, sub, rank))
    return sorted(found, key=lambda c: c.start)


def has_cue(text: str) -> bool:
    """A fast check whether a sentence could report violence at all (blocked cues included)."""
    return any(pattern.search(text) for pattern, *_ in _CUES)


def classify(cues: list[Cue], *, default_means: Cue | None = None) -> tuple[EventType, str | None]:
    """The event type of a clause from its cues: the best-ranked one wins.

    A clause that only says "hit" or "attacked" takes the means the item names elsewhere
    (`default_means`, e.g. from its title: "Exchange of shelling ..."), else Battles.
    """
    best = min(cues, key=lambda c: c.rank)
    if best.generic and default_means is not None and not default_means.generic:
        return default_means.event_type, default_means.sub_event_type
    if best.rank == 8:  # only "killed": by whom and how is unknown
        return BATTLES, None
    return best.event_type, best.sub_event_type


def territory_type(cue: Cue, perpetrator_side: str | None) -> str:
    """ACLED splits territorial change by who gains it."""
    if cue.rank != 5:
        return cue.sub_event_type or ""
    if perpetrator_side in ("government", "russia", "iran"):
        return "Government regains territory"
    return "Non-state actor overtakes territory"
