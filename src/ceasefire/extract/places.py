"""Place mentions: gazetteer names found in the text, widened, given a role, resolved. Runs on
each document after segmentation, before events are placed.

The gazetteer decides what a place is. Its names (every Latin spelling) feed a phrase
matcher; spaCy's entities (GPE/LOC/FAC, and ORG/NORP, which the small model often gives
Syrian towns) are only extra candidates that the gazetteer must confirm. A mention is widened
to what the text says around it ("northern Homs countryside", "Daraa province", "the city of
Homs"), which sets its level, and given a role (roles.py): where the event happened, a
landmark, an actor's base, a launch site, a comparison, a word of an organisation's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ceasefire.domain.common import Place
from ceasefire.domain.statuses import GeoPrecision
from ceasefire.extract.place_names import (
    NOT_PLACES,
    capitalised_runs,
    letter_count,
    named_settlements,
    spelling_variants,
    usable_form,
)
from ceasefire.extract.roles import (
    ACTOR,
    COMPARISON,
    CONTAINER,
    DATELINE,
    DESTINATION,
    EVENT,
    LANDMARK,
    ORGANISATION,
    ORIGIN,
    assign_roles,
)
from ceasefire.extract.zones import _DIRECTIONS, ZoneIndex
from ceasefire.geo.boundaries import find_governorate
from ceasefire.geo.gazetteer import Candidate, Gazetteer

__all__ = [
    "ACTOR",
    "COMPARISON",
    "CONTAINER",
    "DATELINE",
    "DESTINATION",
    "EVENT",
    "LANDMARK",
    "ORGANISATION",
    "ORIGIN",
    "PlaceFinder",
    "PlaceMention",
    "assign_roles",
    "capitalised_runs",
    "named_settlements",
    "spelling_variants",
    "usable_form",
]


_DIRECTION = r"(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
_BEFORE_QUALIFIER = re.compile(
    rf"(?P<q>\b{_DIRECTION}|\bthe\s+city\s+of|\bthe\s+town\s+of|\bthe\s+village\s+of|"
    rf"\bprovince\s+of|\bgovernorate\s+of|\bcountryside\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_AFTER_QUALIFIER = re.compile(
    r"^(?:'s)?\s+(?P<q>provinces?|governorates?|countryside|city|town|village|area|district|"
    r"suburbs?|region|plain|neighbourhood|camp)\b",
    re.IGNORECASE,
)
#: "Daraa and Quneitra provinces": a plural province word after a list makes each a province.
_SHARED_PROVINCE = re.compile(
    r"^(?:\s*,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)*\s*,?\s+(?:and|or)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?"
    r"\s+(?:provinces|governorates)\b"
)
_CAPITAL = re.compile(r"\bthe\s+(?:Syrian\s+)?capital\b(?!\s+of)", re.IGNORECASE)
_ENTITY_LABELS = {
    "GPE": 0.80,
    "LOC": 0.80,
    "FAC": 0.84,
    "ORG": 0.86,
    "NORP": 0.86,
    "PERSON": 0.88,
    "RUN": 0.88,
    "SETTLEMENT": 0.90,
}
#: Fewest letters a candidate needs: short names are English words too ("Jaba", "Tal"),
#: unless the text itself calls the name a village or town.
_MIN_LETTERS = {"SETTLEMENT": 3}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named at [start, end) of the document text, resolved and given a role."""

    start: int
    end: int
    text: str
    place: Place
    role: str = EVENT
    gazetteer_id: str | None = None
    zone_area: str | None = None
    source: str = "gazetteer"
    feature_code: str = ""

    @property
    def level(self) -> GeoPrecision:
        return self.place.precision


class PlaceFinder:
    """Finds and resolves place mentions in a tokenized document (a spaCy Doc)."""

    def __init__(self, gazetteer: Gazetteer, zones: ZoneIndex, vocab: Any, make_doc: Any) -> None:
        from spacy.matcher import PhraseMatcher

        self.gazetteer = gazetteer
        self.zones = zones
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        forms: dict[str, list[str]] = {}
        for form, place in gazetteer.surface_forms():
            for variant in spelling_variants(form):
                if usable_form(variant, place):
                    forms.setdefault(variant.lower(), []).append(place.id)
        for area in zones.areas:
            forms.setdefault(area.alias.lower(), [])
            for word in area.alias.split():
                if word.lower() in _DIRECTIONS:  # "East Ghouta" for "Eastern Ghouta"
                    short = area.alias.replace(word, re.sub(r"ern$", "", word))
                    forms.setdefault(short.lower(), [])
        self.forms = forms
        patterns = [make_doc(form) for form in forms]
        self.matcher.add("PLACE", patterns)
        self.capital = next((p for p in gazetteer if p.feature_code == "PPLC"), None)
        self._cache: dict[tuple[str, str | None], list[Candidate]] = {}

    # -- finding --------------------------------------------------------------------------

    def _spans(self, doc: Any) -> list[tuple[int, int]]:
        """Character spans of gazetteer names, longest first on overlap, capitalised only."""
        spans = sorted(
            ((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for _, s, e in self.matcher(doc)),
            key=lambda x: (x[0], -(x[1] - x[0])),
        )
        kept: list[tuple[int, int]] = []
        text = doc.text
        for start, end in spans:
            if kept and start < kept[-1][1]:
                continue
            word = text[start:end]
            first = re.sub(r"^(?:al|el|ad|ar|as|an|ash|at|az)-", "", word, flags=re.IGNORECASE)
            if not first[:1].isupper():
                continue
            kept.append((start, end))
        return kept

    def find(self, doc: Any, *, admin1: str | None = None) -> list[PlaceMention]:
        """Every place mention of the document, left to right, with roles assigned."""
        text = doc.text
        mentions = [m for s, e in self._spans(doc) if (m := self._mention(text, s, e, admin1)) is not None]
        if self.capital is not None:
            for found in _CAPITAL.finditer(text):
                if not any(x.start < found.end() and found.start() < x.end for x in mentions):
                    place = self.capital.to_place()
                    mentions.append(
                        PlaceMention(
                            found.start(),
                            found.end(),
                            found.group(0),
                            place,
                            EVENT,
                            self.capital.id,
                            feature_code=self.capital.feature_code,
                        )
                    )
        mentions.sort(key=lambda x: x.start)
        return assign_roles(text, mentions)

    def confirm_entities(
        self,
        entities: Iterable[tuple[int, int, str, str]],
        text: str,
        known: Sequence[PlaceMention],
        *,
        admin1: str | None = None,
    ) -> list[PlaceMention]:
        """Extra candidates (start, end, text, label) the gazetteer confirms as places.

        Labels are spaCy's (GPE, LOC, FAC; ORG, NORP and PERSON, which the small model gives
        many Syrian towns) or "RUN" for a run of capitalised words; each label has its own
        bar, so a weak spelling match counts only where spaCy also saw a place.
        """
        found: list[PlaceMention] = []
        for start, end, name, label in entities:
            threshold = _ENTITY_LABELS.get(label)
            taken = [*known, *found]
            if threshold is None or any(k.start < end and start < k.end for k in taken):
                continue
            lead = re.match(r"^the\s+", name, flags=re.IGNORECASE)
            if lead:
                start, name = start + lead.end(), name[lead.end() :]
            if letter_count(name) < _MIN_LETTERS.get(label, 5) or not name[:1].isupper() or name.lower() in NOT_PLACES:
                continue
            ranked = self._resolve(name, admin1)
            best = ranked[0] if ranked else None
            if best is None or best.score < threshold or best.place.feature_class == "A":
                continue
            if label == "SETTLEMENT" and best.place.feature_class != "P":
                continue
            mention = self._mention(text, start, end, admin1)
            if mention is not None and mention.gazetteer_id == best.place.id:
                found.append(replace(mention, source=f"confirmed {label}"))
        return found

    # -- resolving ------------------------------------------------------------------------

    def _resolve(self, name: str, admin1: str | None) -> list[Candidate]:
        """Gazetteer candidates, memoised: news repeats the same few names again and again."""
        key = (name, admin1)
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) > 50_000:
                self._cache.clear()
            hit = self._cache[key] = self.gazetteer.resolve(name, admin1=admin1, limit=3)
        return hit

    def _mention(self, text: str, start: int, end: int, admin1: str | None) -> PlaceMention | None:
        core = text[start:end]
        before = _BEFORE_QUALIFIER.search(text[max(0, start - 40) : start])
        after = _AFTER_QUALIFIER.match(text[end : end + 30])
        qualifier_before = (before.group("q").lower() if before else "").split()
        qualifier_after = after.group("q").lower() if after else ""
        m_start = start - (len(before.group(0)) if before else 0)
        m_end = end + (after.end() if after else 0)
        phrase = text[m_start:m_end]
        direction = (
            qualifier_before[0]
            if (
                qualifier_before
                and qualifier_before[0].rstrip("ern")
                in (
                    "north",
                    "south",
                    "east",
                    "west",
                    "central",
                    "northeast",
                    "northwest",
                    "southeast",
                    "southwest",
                    "north-east",
                    "north-west",
                    "south-east",
                    "south-west",
                )
            )
            or qualifier_before[:1] == ["central"]
            else None
        )
        area = self.zones.area_named(f"{direction} {core}" if direction else core)
        if area is not None:
            place = self.zones.area_place(area.zone_id, phrase)
            return PlaceMention(m_start, m_end, phrase, place, EVENT, None, area.zone_id)
        gov = find_governorate(core)
        wants_province = (
            qualifier_after in ("province", "provinces", "governorate", "governorates", "countryside", "region")
            or _SHARED_PROVINCE.match(text[end : end + 80]) is not None
            or "province" in qualifier_before
            or "governorate" in qualifier_before
            or "countryside" in qualifier_before
            or direction is not None
            or qualifier_after == "area"
        )
        if gov is not None and wants_province and qualifier_after not in ("city", "town"):
            place = Place(gov.name, None, None, GeoPrecision.PROVINCE, gov.name)
            return PlaceMention(m_start, m_end, phrase, place, EVENT, f"ocha:{gov.pcode}")
        candidates = self._resolve(core, admin1)
        if not candidates:
            return None
        chosen = candidates[0].place
        if qualifier_after in ("city", "town") or "city" in qualifier_before or "town" in qualifier_before:
            towns = [c.place for c in candidates if c.place.feature_class == "P"]
            chosen = towns[0] if towns else chosen
        place = chosen.to_place()
        if direction is not None and place.precision is GeoPrecision.TOWN:
            place = replace(place, precision=GeoPrecision.DISTRICT)  # "south of Idlib city's countryside"
        return PlaceMention(start, end, core, place, EVENT, chosen.id, feature_code=chosen.feature_code)
