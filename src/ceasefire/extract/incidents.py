"""Incident claims: a violent event (or an alleged violation) at a place and a time. Built from
each clause with a violence cue, after the document context, before zone assignment.

One incident per event place of a clause ("shelled al-Houla and Teir Maalah" is two, as ACLED
codes them); a clause with no place of its own continues the incident before it when it
points back ("fighting inside the town", "shelled it"), else takes the area of the dateline,
else is dropped: an incident with no place cannot be assessed against any zone. A clause
with no date takes the few days before publication, never a narrower guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ceasefire.domain.common import ActorRef, DateInterval
from ceasefire.domain.statuses import EventType, GeoPrecision, Stance
from ceasefire.extract.actors import perpetrator_and_target
from ceasefire.extract.attribution import speaker_for
from ceasefire.extract.casualties import Deaths, count_deaths
from ceasefire.extract.context import DocumentContext, SentenceContext
from ceasefire.extract.dates import fallback_interval
from ceasefire.extract.events import Cue, classify, find_cues, has_cue, territory_type
from ceasefire.extract.places import ACTOR, EVENT, LANDMARK, ORIGIN, PlaceMention
from ceasefire.extract.sentences import Clause, split_clauses

_ANAPHOR = re.compile(
    r"\b(?:the|that|this)\s+(?:town|city|village|area|district|neighbourhood|suburb|region|hospital|"
    r"building|camp|base)\b|\bthere\b|\b(?:shelled|hit|struck|targeted|bombed|attacked|stormed|shelling|"
    r"hitting|striking|targeting|bombing|attacking)\s+it\b",
    re.IGNORECASE,
)
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
_SAID_ON = re.compile(
    r"\b(?:said|says|told\s+(?:\w+\s+)?reporters|told\s+\w+|announced|reported|stated|added|claimed|denied|insisted)"
    r"\s+(?:on\s+)?$",
    re.IGNORECASE,
)
#: What a denial denies when it names no violence: the reports, the claims, its involvement.
_DENIED_OBJECT = re.compile(
    r"\b(?:reports?|claims?|allegations?|accusations?|responsibility|involvement|targeting|attack\w*|using|involved|"
    r"carried\s+out|it|this|that\s+its)\b",
    re.IGNORECASE,
)
#: A clause that continues the event before it ("also", "a further 12", "another strike").
_CONTINUING = re.compile(r"\b(?:also|further|another|same)\b", re.IGNORECASE)
#: Words before a date that make it the date of an agreement, not of the event.
_DATES_AGREEMENT = re.compile(
    r"\b(?:agreement|memorandum|deal|ceasefire|truce|accord|signed|agreed|brokered|reached)\b(?:\W+\w+){0,3}\W*$",
    re.IGNORECASE,
)
_BREACH = re.compile(r"\b(?:breach(?:es|ed)?|violat(?:ion|ions|ed|es|ing))\b", re.IGNORECASE)


@dataclass
class IncidentDraft:
    """An incident as read from the text, before zone assignment and output."""

    start: int
    end: int
    sentence: int
    event_type: EventType
    sub_event_type: str | None
    place: PlaceMention
    date: DateInterval
    perpetrator: ActorRef | None
    target: ActorRef | None
    attributed_to: str
    stance: Stance
    deaths: list[Deaths] = field(default_factory=list)
    shared_by: int = 1
    breach: bool = False

    def same_event(self, other: IncidentDraft) -> bool:
        """Two readings of one event: same place, same type, overlapping dates."""
        return (
            _place_key(self.place) == _place_key(other.place)
            and self.event_type == other.event_type
            and self.stance == other.stance
            and self.date.overlaps(other.date)
        )


def _place_key(mention: PlaceMention) -> str:
    return mention.gazetteer_id or (f"zone:{mention.zone_area}" if mention.zone_area else mention.place.name.casefold())


def choose_places(mentions: Sequence[PlaceMention]) -> list[PlaceMention]:
    """The places a clause locates its event at (see the module docstring of places)."""
    usable = [m for m in mentions if m.level is not GeoPrecision.COUNTRY]
    chosen = [m for m in usable if m.role == EVENT]
    if not chosen:
        fallback = [m for m in usable if m.role in (ACTOR, LANDMARK, ORIGIN)]
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
        key = _place_key(mention)
        if key not in seen:
            seen.add(key)
            kept.append(mention)
    return kept


def _date_for(ctx: DocumentContext, sc: SentenceContext, clause: Clause, cue: Cue) -> DateInterval | None:
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
    if _SAID_ON.search(text[max(0, nearest.start - 30) : nearest.start]):
        return fallback_interval(nearest.interval)  # the day it was said: the event is then or just before
    return nearest.interval


def _default_means(ctx: DocumentContext) -> Cue | None:
    specific = [c for c in ctx.title_cues if not c.generic]
    return min(specific, key=lambda c: c.rank) if specific else None


@dataclass
class _Reading:
    """What one clause with a violence cue says, before it is placed."""

    clause: Clause
    cue: Cue
    event_type: EventType
    sub_event_type: str | None
    perpetrator: ActorRef | None
    target: ActorRef | None
    deaths: Deaths | None


def _read_clause(clause: Clause, means: Cue | None) -> _Reading | None:
    cues = find_cues(clause.text, offset=clause.start)
    if not cues or _BACKGROUND.search(clause.text):
        return None  # no violence, or a war's running toll rather than an event
    event_type, sub = classify(cues, default_means=means)
    cue = min(cues, key=lambda c: c.rank)
    perpetrator, target = perpetrator_and_target(clause.text, cue.start - clause.start, cue.end - clause.start)
    if cue.rank == 5:
        sub = territory_type(cue, perpetrator.side.value if perpetrator else None)
    return _Reading(clause, cue, event_type, sub, perpetrator, target, count_deaths(clause.text))


def build_incidents(ctx: DocumentContext) -> list[IncidentDraft]:
    """Every incident the document reports, merged where two clauses tell the same event."""
    drafts: list[IncidentDraft] = []
    means = _default_means(ctx)
    dated: dict[int, DateInterval] = {}  # paragraph -> date of its last explicitly dated incident
    for index, sc in enumerate(ctx.sentences):
        if index == ctx.dateline:
            continue
        following = ctx.sentences[index + 1].text if index + 1 < len(ctx.sentences) else ""
        breach = bool(_BREACH.search(sc.text) or _BREACH.search(following))
        in_sentence: list[IncidentDraft] = []
        for clause in split_clauses(sc.sentence):
            reading = _read_clause(clause, means)
            speaker = speaker_for(list(sc.speakers), clause.start, clause.end)
            if (
                reading is None
                and speaker is not None
                and speaker.stance is Stance.DENIES
                and drafts
                and ctx.sentences[drafts[-1].sentence].sentence.paragraph == sc.sentence.paragraph
                and (_DENIED_OBJECT.search(clause.text) or has_cue(clause.text))
            ):
                denied = drafts[-1]  # "The army denied the reports": the incident just told is contested
                drafts.append(
                    replace(
                        denied,
                        start=sc.start,
                        end=sc.end,
                        sentence=index,
                        attributed_to=speaker.name,
                        stance=Stance.DENIES,
                        deaths=[],
                    )
                )
                continue
            if reading is None:
                deaths = count_deaths(clause.text)
                if deaths is not None:
                    for draft in in_sentence:
                        draft.deaths.append(deaths)
                continue
            stance = speaker.stance if speaker else Stance.REPORTS
            places = choose_places([p for p in sc.places if clause.start <= p.start < clause.end])
            points_back = bool(drafts) and (bool(_ANAPHOR.search(clause.text)) or stance is Stance.DENIES)
            previous = in_sentence[-1] if in_sentence else (drafts[-1] if points_back else None)
            if not places and previous is not None and stance is not Stance.DENIES:
                previous.end = max(previous.end, clause.end)  # "... inside the town", "... shelled it"
                if reading.deaths is not None:
                    previous.deaths.append(reading.deaths)
                continue
            date = _date_for(ctx, sc, clause, reading.cue)
            if not places:
                if previous is not None:  # a denial of the incident just told: the denier's claim
                    places = [previous.place]
                    date = date or previous.date
                elif ctx.dateline_place is not None:
                    places = [ctx.dateline_place]
                else:
                    continue
            paragraph = sc.sentence.paragraph
            if date is None and _CONTINUING.search(clause.text) and paragraph in dated:
                date = dated[paragraph]  # "a further 12 died in strikes on ...": the same day
            elif date is not None:
                dated[paragraph] = date
            for mention in places:
                draft = IncidentDraft(
                    start=sc.start,
                    end=sc.end,
                    sentence=index,
                    event_type=reading.event_type,
                    sub_event_type=reading.sub_event_type,
                    place=mention,
                    date=date or fallback_interval(ctx.published),
                    perpetrator=reading.perpetrator,
                    target=reading.target,
                    attributed_to=speaker.name if speaker else ctx.outlet,
                    stance=stance,
                    deaths=[reading.deaths] if reading.deaths is not None else [],
                    shared_by=len(places),
                    breach=breach,
                )
                in_sentence.append(draft)
                drafts.append(draft)
    return merge_drafts(drafts)


def merge_drafts(drafts: list[IncidentDraft]) -> list[IncidentDraft]:
    """One draft per event: later readings of the same event extend the first one's span and
    add their figures (competing tolls become a range)."""
    merged: list[IncidentDraft] = []
    for draft in drafts:
        same = next((m for m in merged if m.same_event(draft)), None)
        if same is None:
            merged.append(draft)
            continue
        same.start, same.end = min(same.start, draft.start), max(same.end, draft.end)
        same.deaths.extend(draft.deaths)
        same.breach = same.breach or draft.breach
        if same.target is None:
            same.target = draft.target
        if same.perpetrator is None:
            same.perpetrator = draft.perpetrator
    return merged
