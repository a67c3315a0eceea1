"""Incident claims: a violent event (or an alleged violation) at a place and a time. Built from
each clause with a violence cue (readings.py), after the document context, before zone
assignment.

One incident per event place of a clause ("shelled al-Houla and Teir Maalah" is two, as ACLED
codes them). A clause with no place of its own continues the incident before it when it
points back ("fighting inside the town", "shelled it", "died in the clashes", "the rockets
were launched from ..."), else takes the area of the dateline, else is dropped: an incident
with no place cannot be assessed against any zone. A toll told in a sentence of its own ("No
casualties were reported.", "The death toll rose to 12.") belongs to the incident just told. A
clause with no date takes the few days before publication, never a narrower guess.

A denial ("The army denied the reports") is not a second event: it is the denier's claim about
the incident just told, kept as an incident claim with the stance "denies" and a link to the
claim it answers, so that corroboration can weigh both accounts of one event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ceasefire.domain.common import ActorRef, DateInterval
from ceasefire.domain.statuses import EventType, Stance
from ceasefire.extract.attribution import Speaker, speaker_for
from ceasefire.extract.casualties import Deaths, count_deaths
from ceasefire.extract.context import DocumentContext, SentenceContext
from ceasefire.extract.dates import fallback_interval
from ceasefire.extract.events import has_cue
from ceasefire.extract.places import EVENT, PlaceMention
from ceasefire.extract.readings import choose_places, date_for, default_means, place_key, read_clause
from ceasefire.extract.sentences import Clause, split_clauses

_ANAPHOR = re.compile(
    r"\b(?:the|that|this)\s+(?:town|city|village|area|district|neighbourhood|suburb|region|hospital|"
    r"building|camp|base)\b|\bthere\b|\b(?:shelled|hit|struck|targeted|bombed|attacked|stormed|shelling|"
    r"hitting|striking|targeting|bombing|attacking)\s+it\b",
    re.IGNORECASE,
)
#: What a denial denies when it names no violence: the reports, the claims, its involvement.
_DENIED_OBJECT = re.compile(
    r"\b(?:reports?|claims?|allegations?|accusations?|accounts?|responsibility|involvement|role|targeting|attack\w*|"
    r"using|involved|carried\s+out|flown|flew|it|this|that\s+(?:its|their|any))\b|"
    r"\b(?:its|their)\s+(?:own\s+)?(?:jets|aircraft|planes|warplanes|forces|troops|fighters|artillery|drones|"
    r"helicopters|units|soldiers|men|army|air\s+force)\b",
    re.IGNORECASE,
)
#: A clause that names the event just told by a definite noun ("died in the clashes", "lost
#: in the bombing") or opens on its munitions ("These rockets came from ..."): the same event.
_DEFINITE_EVENT = re.compile(
    r"\b(?:in|during|by|from|after)\s+the\s+(?:same\s+|\w+\s+)?(?:fighting|clashes|raids?|strikes?|airstrikes?|"
    r"attacks?|shelling|bombardment|explosions?|blasts?|bombing|assault|ambush|offensive|battles?|massacre|violence)\b|"
    r"^\W*(?:the|these|those)\s+(?:\w+\s+)?(?:shells|rockets|mortars?|missiles|rounds|projectiles|strikes|raids|"
    r"attacks?|drones|bombs|explosions?|blasts?|shelling|bombardment|fighting|clashes)\b",
    re.IGNORECASE,
)
#: A clause that continues the event before it ("also", "a further 12", "another strike").
_CONTINUING = re.compile(r"\b(?:also|further|another|same)\b", re.IGNORECASE)
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
    denies: IncidentDraft | None = None  # the incident a denial answers
    merged_into: IncidentDraft | None = None

    def same_event(self, other: IncidentDraft) -> bool:
        """Two readings of one event: same place, same type, overlapping dates."""
        return (
            place_key(self.place) == place_key(other.place)
            and self.event_type == other.event_type
            and self.stance == other.stance
            and self.date.overlaps(other.date)
        )


def _told_just_before(ctx: DocumentContext, drafts: list[IncidentDraft], index: int) -> list[IncidentDraft]:
    """The incidents of the last sentence that told one, when it is just before sentence
    `index` in the same paragraph (a toll or a pointer reaches no further back)."""
    drafts = [d for d in drafts if d.stance is not Stance.DENIES]  # a toll is never the denier's
    if not drafts:
        return []
    last = drafts[-1].sentence
    same_paragraph = ctx.sentences[last].sentence.paragraph == ctx.sentences[index].sentence.paragraph
    if last == index or (same_paragraph and index - last <= 2):
        return [d for d in drafts if d.sentence == last]
    return []


def _denial(
    ctx: DocumentContext, drafts: list[IncidentDraft], sc: SentenceContext, clause: Clause, speaker: Speaker | None
) -> IncidentDraft | None:
    """The denial a clause with no violence of its own makes of the incident just told."""
    if speaker is None or speaker.stance is not Stance.DENIES or not drafts:
        return None
    denied = drafts[-1]
    if ctx.sentences[denied.sentence].sentence.paragraph != sc.sentence.paragraph:
        return None
    if not (_DENIED_OBJECT.search(clause.text) or has_cue(clause.text)):
        return None
    return replace(
        denied,
        start=sc.start,
        end=sc.end,
        sentence=sc.sentence.index,
        attributed_to=speaker.name,
        stance=Stance.DENIES,
        deaths=[],
        denies=denied,
        merged_into=None,
    )


def build_incidents(ctx: DocumentContext) -> list[IncidentDraft]:
    """Every incident the document reports, merged where two clauses tell the same event."""
    drafts: list[IncidentDraft] = []
    means = default_means(ctx)
    dated: dict[int, DateInterval] = {}  # paragraph -> date of its last explicitly dated incident
    for index, sc in enumerate(ctx.sentences):
        if index == ctx.dateline:
            continue
        following = ctx.sentences[index + 1].text if index + 1 < len(ctx.sentences) else ""
        breach = bool(_BREACH.search(sc.text) or _BREACH.search(following))
        in_sentence: list[IncidentDraft] = []
        for clause in split_clauses(sc.sentence):
            reading = read_clause(clause, means)
            speaker = speaker_for(list(sc.speakers), clause.start, clause.end)
            if reading is None:
                denial = _denial(ctx, drafts, sc, clause, speaker)
                if denial is not None:
                    drafts.append(denial)
                else:
                    _add_toll(count_deaths(clause.text), in_sentence or _told_just_before(ctx, drafts, index))
                continue
            stance = speaker.stance if speaker else Stance.REPORTS
            places = choose_places([p for p in sc.places if clause.start <= p.start < clause.end], reading.cue.start)
            points_back = bool(_ANAPHOR.search(clause.text)) or stance is Stance.DENIES
            told = _told_just_before(ctx, drafts, index) if _DEFINITE_EVENT.search(clause.text) else []
            previous = in_sentence[-1] if in_sentence else (drafts[-1] if points_back and drafts else None)
            previous = previous or (told[-1] if told else None)
            # a clause pointing back to an earlier sentence's event continues it unless it names an
            # event place of its own ("These shells came from farms outside X" is the same event)
            continues = not places or (not in_sentence and not any(p.role == EVENT for p in places))
            if continues and previous is not None and stance is not Stance.DENIES:
                previous.end = max(previous.end, clause.end)  # "... inside the town", "died in the clashes"
                _add_toll(reading.deaths, [previous])
                continue
            date = date_for(ctx, sc, clause, reading.cue)
            denied = None
            if stance is Stance.DENIES:  # the denier's claim about the incident it answers
                denied = next((d for d in reversed(drafts) for p in places if place_key(p) == place_key(d.place)), None)
            if not places:
                if previous is not None:
                    places, denied = [previous.place], previous
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
                    denies=denied,
                )
                in_sentence.append(draft)
                drafts.append(draft)
    return merge_drafts(drafts)


def _add_toll(deaths: Deaths | None, drafts: list[IncidentDraft]) -> None:
    """Add a figure to the incidents it belongs to; "no casualties" never contradicts a toll."""
    if deaths is None:
        return
    for draft in drafts:
        if deaths.best != 0 or not draft.deaths:
            draft.deaths.append(deaths)


def merge_drafts(drafts: list[IncidentDraft]) -> list[IncidentDraft]:
    """One draft per event: later readings of the same event extend the first one's span and
    add their figures (competing tolls become a range); a denial then answers the merged one."""
    merged: list[IncidentDraft] = []
    for draft in drafts:
        same = next((m for m in merged if m.same_event(draft)), None)
        if same is None:
            merged.append(draft)
            continue
        draft.merged_into = same
        same.start, same.end = min(same.start, draft.start), max(same.end, draft.end)
        same.deaths.extend(draft.deaths)
        same.breach = same.breach or draft.breach
        if same.target is None:
            same.target = draft.target
        if same.perpetrator is None:
            same.perpetrator = draft.perpetrator
        if same.denies is None:
            same.denies = draft.denies
    for draft in merged:
        while draft.denies is not None and draft.denies.merged_into is not None:
            draft.denies = draft.denies.merged_into
    return merged
