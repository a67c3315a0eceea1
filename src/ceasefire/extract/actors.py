"""Actors of an incident clause and their sides (perpetrator, target). Runs after event cues.

The side list is the contract's: government (army, regime, pro-government militias), russia,
iran, turkey, usa, coalition, opposition (rebels, FSA, Jaish al-Islam, Faylaq al-Rahman,
Ahrar al-Sham, and the "militants", "insurgents" and "terrorists" of government media), hts,
isis, sdf, civilians. The perpetrator is the actor before the cue or after "by"; the target
is the actor after it. An actor held by a side names it ("the rebel-held town of Douma" is an
opposition target); weapons only one side has (barrel bombs, helicopters) name it too.

>>> perpetrator, target = perpetrator_and_target("Government forces fired machine guns at rebel positions", 23, 37)
>>> perpetrator.side.value, target.name
('government', 'rebel positions')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ceasefire.domain.common import ActorRef
from ceasefire.domain.statuses import Side

#: (pattern, side) in the order tried; earlier patterns win on overlap.
_SIDES: tuple[tuple[str, Side], ...] = (
    (
        r"(?:syrian\s+)?democratic\s+forces|SDF|YPG|Kurdish[- ]led\s+forces|Kurdish\s+(?:fighters|forces|militia)",
        Side.SDF,
    ),
    (r"Islamic\s+State|ISIS|ISIL|Daesh|IS\s+(?:fighters|militants|jihadists)", Side.ISIS),
    (
        r"(?:Jabhat\s+)?(?:al-)?Nusra(?:\s+Front)?|Jabhat\s+Fatah\s+al-Sham|Hay'?at\s+Tahrir\s+al-Sham|Tahrir\s+al-Sham|HTS|"
        r"al[- ]Qaeda(?:'s)?(?:\s+affiliate)?",
        Side.HTS,
    ),
    (
        r"US-led\s+coalition|(?:international\s+|western\s+|anti-ISIS\s+)?coalition(?:\s+(?:forces|aircraft|warplanes|jets|strikes))?",
        Side.COALITION,
    ),
    (
        r"Russian(?:\s+[\w-]+){0,2}?\s+(?:forces|troops|warplanes|jets|aircraft|military|army|air\s+force|military\s+police|"
        r"helicopters|strikes|air\s+strikes|airstrikes|bombers)|Russia|Russians",
        Side.RUSSIA,
    ),
    (
        r"Turkish(?:\s+[\w-]+){0,2}?\s+(?:forces|troops|army|military|warplanes|jets|artillery|drones?)|Turkey",
        Side.TURKEY,
    ),
    (
        r"Iranian(?:\s+[\w-]+){0,2}?\s+(?:forces|troops|militias?|advisers)|Iran|IRGC|Revolutionary\s+Guards?|Hezbollah",
        Side.IRAN,
    ),
    (
        r"U\.?S\.?(?:\s+[\w-]+){0,2}?\s+(?:forces|troops|military|warplanes|jets|aircraft|strikes)|American\s+(?:forces|troops)|"
        r"United\s+States",
        Side.USA,
    ),
    (
        r"pro-(?:government|regime|Assad)(?:\s+[\w-]+){0,2}|(?:Syrian\s+)?(?:government|regime|Assad's|loyalist)(?:\s+[\w-]+){0,2}?"
        r"\s+(?:forces|troops|troop|army|soldiers|aircraft|warplanes|jets|helicopters|rocket\s+launchers|artillery|positions|"
        r"militias?|fighters|units|air\s+force)|Syrian\s+(?:Arab\s+)?Army|Syrian\s+(?:military|army|troops|air\s+force|government)|"
        r"SAA|National\s+Defen[cs]e\s+Forces|NDF|Tiger\s+Forces|Republican\s+Guard|(?:the\s+)?(?:army|regime|military|"
        r"government|air\s+force)|helicopters|barrel\s+bombs|government-held",
        Side.GOVERNMENT,
    ),
    (
        r"rebel-held|opposition-held|militant-held|Free\s+Syrian\s+Army|FSA|Jaish\s+al-Islam|Faylaq\s+al-Rahman|Ahrar\s+al-Sham|Jaish\s+al-Izza|National\s+Front\s+for\s+"
        r"Liberation|(?:armed\s+)?opposition(?:\s+[\w-]+){0,2}?\s+(?:fighters?|groups?|factions?|forces)|(?:Islamist\s+|armed\s+|"
        r"rebel\s+|jihadist\s+|militant\s+)?(?:factions?|groups?)|rebels?(?:\s+fighters?)?|"
        r"insurgents?|insurgent|militants?|gunmen|jihadists?|terrorists?|armed\s+opposition|opposition",
        Side.OPPOSITION,
    ),
    (
        r"civilians?|residents?|children|women|families|displaced|hospitals?|field\s+hospital|clinics?|schools?|markets?|"
        r"homes?|houses?|bakery|bakeries|mosques?|aid\s+workers?|medics?|paramedics|rescue\s+workers|White\s+Helmets|"
        r"civil\s+defen[cs]e|refugees?|camps?|people",
        Side.CIVILIANS,
    ),
)
_ACTORS = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE if side is not Side.ISIS else 0), side) for p, side in _SIDES]
_BACKING = re.compile(
    r"\b(?:backed|supported|aided|assisted)\s+by\s+[^,]*$|\bwith\s+(?:the\s+)?(?:support|backing|help)\s+of\s+[^,]*$",
    re.IGNORECASE,
)
_BY = re.compile(r"^\s*(?:[\w-]+\s+){0,2}?by\s+", re.IGNORECASE)
_HEAD = re.compile(
    r"^(?:\s+(?:forces|fighters|positions|troops|groups|factions|units|bases?|areas?|held|towns?|villages?|"
    r"district|city|suburbs?|neighbourhoods?|countryside))+",
    re.IGNORECASE,
)
_LEFT = re.compile(r"(?:(?:[A-Z][\w'-]*|[\w-]+-(?:held|backed|led|controlled)|local|armed|Islamist|foreign)\s+)+$")


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named at [start, end) of a clause and the side it belongs to."""

    start: int
    end: int
    name: str
    side: Side


def find_actors(text: str) -> list[ActorMention]:
    """Actor mentions in a clause, left to right, widened to their modifiers and head nouns."""
    found: list[ActorMention] = []
    for pattern, side in _ACTORS:
        for m in pattern.finditer(text):
            if any(a.start < m.end() and m.start() < a.end for a in found):
                continue
            start, end = m.start(), m.end()
            left = _LEFT.search(text[:start])
            if left and not text[left.start() : start].strip().lower().startswith(("the ", "a ")):
                start = left.start()
            head = _HEAD.match(text[end:])
            if head:
                end += head.end()
            found.append(ActorMention(start, end, text[start:end].strip(), side))
    return sorted(found, key=lambda a: a.start)


def _ref(actor: ActorMention) -> ActorRef:
    name = re.sub(r"^(?:the|a|an)\s+", "", actor.name, flags=re.IGNORECASE)
    return ActorRef(name, actor.side)


def perpetrator_and_target(clause: str, cue_start: int, cue_end: int) -> tuple[ActorRef | None, ActorRef | None]:
    """Who acts and on whom, for the cue at [cue_start, cue_end) of `clause`.

    Backers ("backed by Russia and Iran") are not the perpetrator; "under attack by regime
    forces" and "fired by rebels" name the perpetrator after the cue.
    """
    actors = find_actors(clause)
    before = [a for a in actors if a.start < cue_start and not _BACKING.search(clause[: a.end])]
    after = [a for a in actors if a.start > cue_start]
    perpetrator: ActorMention | None = None
    target: ActorMention | None = None
    by = next(
        (a for a in after if _BY.match(clause[cue_end : a.start]) or re.search(r"\bby\s+$", clause[: a.start])), None
    )
    if by is not None:
        perpetrator = by
        after = [a for a in after if a is not by]
    elif before:
        subjects = [a for a in before if a.side is not Side.CIVILIANS]
        perpetrator = subjects[-1] if subjects else None
    if perpetrator is None:  # the cue names its actor: "helicopters dropped", "pro-government air strikes"
        perpetrator = next((a for a in actors if a.start == cue_start and a.side is not Side.CIVILIANS), None)
        after = [a for a in after if a is not perpetrator]
    if after:
        target = after[0]
    if perpetrator is not None and target is not None and perpetrator.side == target.side and len(after) > 1:
        target = after[1]
    return (_ref(perpetrator) if perpetrator else None), (_ref(target) if target else None)
