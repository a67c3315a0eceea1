"""What one clause with a violence cue says: its type, actors, toll, places and date. Runs per
clause for incidents.py, after the document context is built.

A clause is read on its own; incidents.py then decides whether the reading is a new event, a
continuation of the one before ("died in the clashes", "these rockets came from ...") or
an answer to it (a denial). A clause places its event at its event places; with none, at a
landmark ("north of Khan Shaykhun": the event is near it), a destination ("pushed into Kafr
Batna", "fired into Damascus") or an actor's base named after the cue ("attacked rebels in
Jobar"), never at a launch site ("fired from Harasta"), an
organisation's name ("the Daraa media office") or a wire dateline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ceasefire.domain.common import ActorRef, DateInterval
from ceasefire.domain.statuses import EventType, GeoPrecision
from ceasefire.extract.actors import perpetrator_and_target
from ceasefire.extract.casualties import Deaths, count_deaths
from ceasefire.extract.context import DocumentContext, SentenceContext
from ceasefire.extract.dates import fallback_interval
from ceasefire.extract.events import Cue, classify, find_cues, territory_type
from ceasefire.extract.places import ACTOR, DESTINATION, EVENT, LANDMARK, PlaceMention
from ceasefire.extract.sentences import Clause

#: A clause that tells a war's running toll or trend, not an event ("has killed hundreds since
#: January", "in recent weeks").
_BACKGROUND = re.compile(
    r"\b(?:has|have)\s+(?:now\s+)?(?:been\s+)?(?:killed|claimed|left|displaced|caused)\b|\bsince\s+(?:the\s+)?"
    r"(?:start|beginning|outbreak|war|conflict|uprising|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|\d{4})\b|\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:few\s+|several\s+|\w+\s+)?"
    r"(?:days|weeks|months|years|24\s+hours|day)\b|\bin\s+recent\s+(?:days|weeks|months|years)\b|"
    r"\b(?:registered|recorded|counted|documented|logged)\s+(?:\S+\s+){0,2}?(?:ceasefire\s+)?(?:violations|breaches)\b",
    re.IGNORECASE,
)
#: A date right after a speech verb dates the statement ("said on Friday"), not the event.
SAID_ON = re.compile(
    r"\b(?:said|says|told\s+(?:\w+\s+)?reporters|told\s+\w+|announced|reported|stated|added|claimed|denied|insisted)"
    r"\s+(?:on\s+)?$",
    re.IGNORECASE,
)
#: Words before a date that make it the date of an agreement, not of the event.
_DATES_AGREEMENT = re.compile(
    r"\b(?:agreement|memorandum|deal|ceasefire|truce|accord|signed|agreed|brokered|reached)\b(?:\W+\w+){0,3}\W*$",
    re.IGNORECASE,
)


@dataclass
class Reading:
    """What one clause with a violence cue says, before it is placed."""

    clause: Clause
    cue: Cue
    event_type: EventType
    sub_event_type: str | None
    perpetrator: ActorRef | None
    target: ActorRef | None
    deaths: Deaths | None


def default_means(ctx: DocumentContext) -> Cue | None:
    """The means the title names ("Exchange of shelling ..."), for clauses that only say "hit"."""
    specific = [c for c in ctx.title_cues if not c.generic]
    return min(specific, key=lambda c: c.rank) if specific else None


def read_clause(clause: Clause, means: Cue | None) -> Reading | None:
    """The reading of a clause, or None when it reports no violence (or only a running toll)."""
    cues = find_cues(clause.text, offset=clause.start)
    if not cues or _BACKGROUND.search(clause.text):
        return None
    event_type, sub = classify(cues, default_means=means)
    cue = min(cues, key=lambda c: c.rank)
    perpetrator, target = perpetrator_and_target(clause.text, cue.start - clause.start, cue.end - clause.start)
    if cue.rank == 5:
        sub = territory_type(cue, perpetrator.side.value if perpetrator else None)
    return Reading(clause, cue, event_type, sub, perpetrator, target, count_deaths(clause.text))


def place_key(mention: PlaceMention) -> str:
    """One key per place: the gazetteer id, the zone's area, else the name as written."""
    return mention.gazetteer_id or (f"zone:{mention.zone_area}" if mention.zone_area else mention.place.name.casefold())


def choose_places(mentions: Sequence[PlaceMention], cue_start: int = -1) -> list[PlaceMention]:
    """The places a clause locates its event at (see the module docstring)."""
    usable = [m for m in mentions if m.level is not GeoPrecision.COUNTRY]
    chosen = [m for m in usable if m.role == EVENT]
    if not chosen:
        fallback = [m for m in usable if m.role in (LANDMARK, DESTINATION) or (m.role == ACTOR and m.start > cue_start)]
        chosen = fallback[:1]
    specific = [
        m
        for m in chosen
        if m.level in (GeoPrecision.POINT, GeoPrecision.TOWN, GeoPrecision.DISTRICT) and m.zone_area is None
    ]
    kept: list[PlaceMention] = []
    seen: set[str] = set()
    for mention in chosen:
        container = mention.place.name == mention.place.admin1 or mention.zone_area is not None
        if container and any(s.place.admin1 == mention.place.admin1 for s in specific if s is not mention):
            continue  # "Kafranbel, in southern Idlib": the province only contains the town
        key = place_key(mention)
        if key not in seen:
            seen.add(key)
            kept.append(mention)
    return kept


def date_for(ctx: DocumentContext, sc: SentenceContext, clause: Clause, cue: Cue) -> DateInterval | None:
    """The date mention nearest the cue in the clause, else in the sentence; None when the
    sentence dates nothing. Dates after publication are plans, and a date that dates an
    agreement ("the truce agreed on 12 May") does not date the event."""
    text = ctx.text
    usable = [
        d
        for d in sc.dates
        if d.interval.start <= ctx.published.end and not _DATES_AGREEMENT.search(text[max(0, d.start - 40) : d.start])
    ]
    in_clause = [d for d in usable if clause.start <= d.start < clause.end]
    pool = in_clause or usable
    if not pool:
        return None
    nearest = min(pool, key=lambda d: abs(d.start - cue.start))
    if SAID_ON.search(text[max(0, nearest.start - 30) : nearest.start]):
        return fallback_interval(nearest.interval)  # the day it was said: the event is then or just before
    return nearest.interval
