"""What every claim builder reads: a document's sentences with their dates, speakers and
places, its dateline and its effective publication date. Built once per document by the
pipeline, after place finding and before the claim builders (incidents, other kinds).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ceasefire.domain.agreements import Agreement
from ceasefire.domain.common import DateInterval, Place
from ceasefire.domain.statuses import GeoPrecision
from ceasefire.extract.attribution import Speaker, find_speakers, is_person
from ceasefire.extract.dates import DateMention, find_dates
from ceasefire.extract.document import Document
from ceasefire.extract.events import Cue, find_cues
from ceasefire.extract.places import EVENT, PlaceMention
from ceasefire.extract.sentences import Sentence, split_sentences
from ceasefire.extract.zones import ZoneIndex

#: A sentence that speaks of what is to come: weekday names in it look ahead.
_FUTURE = re.compile(
    r"\b(?:will|would|shall|next|upcoming|planned|plans?\s+to|scheduled|to\s+be\s+held|due\s+to|set\s+for|"
    r"is\s+to|are\s+to|expected\s+to|(?:could|may|might)\s+(?:be\s+)?(?:resum|held|hold|tak|meet|conven|start|"
    r"begin|open|reconven)\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """One sentence with everything found in it (offsets are document offsets)."""

    sentence: Sentence
    dates: tuple[DateMention, ...]
    speakers: tuple[Speaker, ...]
    places: tuple[PlaceMention, ...]
    future: bool

    @property
    def start(self) -> int:
        return self.sentence.start

    @property
    def end(self) -> int:
        return self.sentence.end

    @property
    def text(self) -> str:
        return self.sentence.text


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """A document as the claim builders see it."""

    document: Document
    published: DateInterval
    outlet: str
    sentences: tuple[SentenceContext, ...]
    zones: ZoneIndex
    agreement: Agreement | None = None
    dateline: int | None = None
    dateline_place: PlaceMention | None = None
    title_cues: tuple[Cue, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return self.document.text


#: Bodies a text names in full once and then as "the monitor", "the ministry".
_GENERIC_BODIES = frozenset(
    """monitor watchdog group observatory ministry agency organisation organization network committee council
    command army military agency's""".split()  # noqa: SIM905
)
#: Media a text names once and then as "the outlet", "the paper": the last named medium, else
#: the outlet that published the item.
_GENERIC_MEDIA = frozenset(
    """outlet paper newspaper daily agency channel broadcaster station website site network television tv radio
    wire""".split()  # noqa: SIM905
)
_MEDIA_NAME = re.compile(
    r"\b(?:news|agency|tv|television|radio|channel|times|post|daily|media|network|press|newspaper|outlet|"
    r"broadcaster|website|\d+)\b",
    re.IGNORECASE,
)
_MEDIA_VERBS = frozenset({"reported", "reports", "wrote", "published", "broadcast"})


def _named_body(generic: str, organisations: list[str]) -> str | None:
    """The organisation named earlier that "the monitor" / "the ministry" stands for."""
    noun = generic.lower().removeprefix("the ").strip()
    for name in reversed(organisations):
        if noun in name.lower():
            return name
    if noun in ("monitor", "watchdog", "group", "organisation", "organization") and organisations:
        return organisations[-1]
    return None


class _Speakers:
    """Resolves pronouns and generic nouns ("he", "the monitor", "the outlet") to the speakers
    named earlier in the document, in reading order."""

    def __init__(self, outlet: str) -> None:
        self.outlet = outlet
        self.last_person: Speaker | None = None
        self.organisations: list[str] = []
        self.media: list[str] = []

    def resolve(self, speaker: Speaker) -> Speaker | None:
        bare = speaker.name.lower().removeprefix("the ")
        if speaker.pronoun:
            if self.last_person is None:
                return None
            return Speaker(self.last_person.name, speaker.start, speaker.end, speaker.verb, speaker.stance)
        if is_person(speaker.name) or bare in ("spokesman", "spokeswoman"):
            self.last_person = speaker
        elif bare in _GENERIC_BODIES or bare in _GENERIC_MEDIA:
            named = _named_body(speaker.name, self.organisations) if bare in _GENERIC_BODIES else None
            if named is None and bare in _GENERIC_MEDIA:
                named = self.media[-1] if self.media else self.outlet
            if named is not None:
                return Speaker(named, speaker.start, speaker.end, speaker.verb, speaker.stance)
        elif speaker.name[:1].isupper():
            self.organisations.append(speaker.name)
            if _MEDIA_NAME.search(speaker.name) or speaker.verb in _MEDIA_VERBS:
                self.media.append(speaker.name)
        return speaker


def _is_dateline(sentence: Sentence, places: Sequence[PlaceMention], dates: Sequence[DateMention]) -> bool:
    """A first sentence made only of places and a date ("Daraa province, 19 June 2018.")."""
    if len(sentence.text) > 90:
        return False
    rest = sentence.text
    for span in sorted([(p.start, p.end) for p in places] + [(d.start, d.end) for d in dates], reverse=True):
        a, b = span[0] - sentence.start, span[1] - sentence.start
        rest = rest[:a] + " " + rest[b:]
    words = re.findall(r"[\w'-]+", rest)
    allowed = {"and", "the", "province", "governorate", "countryside", "city", "area", "region"}
    return bool(places or dates) and len(words) <= 8 and all(w.lower() in allowed or w[:1].isupper() for w in words)


def _refine(published: DateInterval, dates: Sequence[DateMention]) -> DateInterval:
    """A dateline date inside the publication interval narrows it (header "2018-06-19/20",
    dateline "19 June 2018")."""
    for mention in dates:
        interval = mention.interval
        if (
            published.start <= interval.start
            and interval.end <= published.end
            and (interval.end - interval.start) < (published.end - published.start)
        ):
            return interval
    return published


def _dateline_place(places: Sequence[PlaceMention]) -> PlaceMention | None:
    """Where a dateline puts the events the item does not place itself.

    A village or small town in a dateline is where things happened (reporters do not file
    from there); an area (a district, a zone's area, a province) too. A governorate capital
    stands for its governorate ("Hama." heads an item about the province), and the national
    capital is where reporters file from, so it locates nothing.
    """
    usable = [p for p in places if p.role == EVENT]
    towns = [
        p for p in usable if p.level in (GeoPrecision.TOWN, GeoPrecision.POINT) and p.feature_code not in _CAPITALS
    ]
    areas = [p for p in usable if p.level is GeoPrecision.DISTRICT] + [
        p for p in usable if p.level is GeoPrecision.PROVINCE
    ]
    if towns or areas:
        return (towns or areas)[0]
    seats = [p for p in usable if p.feature_code == "PPLA" and p.place.admin1]
    if seats:
        seat = seats[0]
        province = Place(seat.place.admin1 or seat.text, None, None, GeoPrecision.PROVINCE, seat.place.admin1)
        return replace(seat, place=province, gazetteer_id=None, feature_code="ADM1")
    return None


_CAPITALS = frozenset({"PPLC", "PPLA", "PPLG"})


def build_context(
    document: Document, places: Sequence[PlaceMention], zones: ZoneIndex, agreement: Agreement | None
) -> DocumentContext:
    """Segment the document and attach dates, speakers and places to each sentence."""
    sentences = split_sentences(document.text)
    published = document.published
    dateline: int | None = None
    dateline_place: PlaceMention | None = None
    if sentences:
        first = sentences[0]
        first_places = [p for p in places if first.start <= p.start < first.end]
        first_dates = find_dates(first.text, published, offset=first.start)
        if _is_dateline(first, first_places, first_dates):
            dateline = 0
            published = _refine(published, first_dates)
            dateline_place = _dateline_place(first_places)
    contexts = []
    memory = _Speakers(document.outlet or "unknown")
    for sentence in sentences:
        marker = _FUTURE.search(sentence.text)
        future = marker is not None
        dates = find_dates(
            sentence.text, published, offset=sentence.start, future_at=marker.start() if marker else None
        )
        found = (memory.resolve(s) for s in find_speakers(sentence.text, offset=sentence.start))
        speakers = [s for s in found if s is not None]
        in_sentence = tuple(p for p in places if sentence.start <= p.start < sentence.end)
        contexts.append(SentenceContext(sentence, tuple(dates), tuple(speakers), in_sentence, future))
    return DocumentContext(
        document=document,
        published=published,
        outlet=document.outlet or "unknown",
        sentences=tuple(contexts),
        zones=zones,
        agreement=agreement,
        dateline=dateline,
        dateline_place=dateline_place,
        title_cues=tuple(find_cues(document.title)),
    )
