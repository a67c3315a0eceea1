"""Claims other than incidents, and agreements first among them. Built from the document
context beside the incidents, before output; talks.py and deployments.py build the others on
the `ClaimDraft` defined here.

An agreement is claimed when the text says one (a deal, truce, settlement, arrangement,
understanding, ...) was signed, agreed, reached, extended, is in force or covers an area, or
dates one ("the December 2016 ceasefire"), or that parties decided to create, extend or
prolong something; nothing is claimed from a sentence that only says a deal is close, failed,
rejected or to be finalised (a negation reaches only its own clause: "no shot has been fired
since the truce took effect" claims the truce). The date is the one nearest the agreement,
never the day it was said. A claim about
the agreement the extractor was given (the Astana memorandum by default) takes its name and,
from "four de-escalation zones", its zones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Any

from ceasefire.domain.common import DateInterval
from ceasefire.domain.statuses import ClaimKind, DatePrecision
from ceasefire.extract.attribution import speaker_for
from ceasefire.extract.context import DocumentContext, SentenceContext
from ceasefire.extract.dates import fallback_interval
from ceasefire.extract.places import EVENT
from ceasefire.extract.zones import UNKNOWN
from ceasefire.geo.boundaries import find_governorate

_AGREEMENT_NOUN = re.compile(
    r"\b(?:memorandum(?:\s+of\s+understanding)?|agreements?|deal|ceasefire|cease-fire|truce|accord|pact|settlement|"
    r"reconciliation|understanding|arrangements?)\b",
    re.IGNORECASE,
)
_AGREEMENT_PREDICATE = re.compile(
    r"\b(?:signed|agreed|adopted|reached|concluded|entered\s+into\s+force|came\s+into\s+force|took\s+effect|took\s+hold|"
    r"in\s+force|in\s+effect|holds|held|holding|began|begins|covered\s+by|under\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}"
    r"(?:deal|agreement|truce|settlement|arrangement|accord)|extend(?:ed|s)?|renew(?:ed|s)?|prolong(?:ed|s)?|"
    r"published|declared|declares|set\s+up|brokered|mediated|struck|resulted\s+in|produced|yielded|"
    r"expected\s+(?:within|to\s+(?:take|come|begin|start|enter)))\b",
    re.IGNORECASE,
)
#: "agreed to create ...", "resolved on Friday to extend ...": an agreement without its noun.
_AGREED_TO = re.compile(
    r"\b(?:agreed|decided|resolved)\b(?:\s+\w+){0,3}\s+to\s+(?:create|establish|set\s+up|introduce|extend|prolong|"
    r"renew|keep|maintain|implement)\b",
    re.IGNORECASE,
)
_AGREEMENT_BLOCK = re.compile(
    r"\b(?:close\s+to|fail(?:ed|s)?\s+to|no\s+deal|without|no\s+(?:\w+\s+)?agreement|reject\w*|refus\w*|not|to\s+finali[sz]e|"
    r"finali[sz]ing|any|proposal|proposed|draft|would\s+(?:sign|agree)|could|hoped?\s+for|seeking)\b(?:\W+\w+){0,6}\W*$",
    re.IGNORECASE,
)
#: Where a negation's reach ends, looking back from the agreement noun: punctuation or a
#: subordinating word ("no shell has fallen since the truce took effect").
_BLOCK_SCOPE = re.compile(r"[,;:]|\b(?:since|after|before|when|as|because|under|until|while|but)\b", re.IGNORECASE)
_SAID_ON = re.compile(r"\b(?:said|says|told\s+\w+|announced|stated|added|reported)\s+(?:on\s+)?$", re.IGNORECASE)
_PRECISION_ORDER = [DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH, DatePrecision.YEAR]
_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}


@dataclass
class ClaimDraft:
    """A non-incident claim before output: kind, date, who says so, span, kind fields."""

    kind: ClaimKind
    start: int
    end: int
    date: DateInterval
    attributed_to: str
    details: dict[str, Any] = field(default_factory=dict)


def _blocked(before: str) -> bool:
    """Whether the words before an agreement noun say it was not reached ("failed to reach a
    deal", "no agreement"), within the clause the noun stands in."""
    bounds = [m.end() for m in _BLOCK_SCOPE.finditer(before)]
    return bool(_AGREEMENT_BLOCK.search(before[bounds[-1] :] if bounds else before))


def attributed(ctx: DocumentContext, sc: SentenceContext, start: int, end: int) -> str:
    speaker = speaker_for(list(sc.speakers), start, end)
    return speaker.name if speaker else ctx.outlet


@cache
def _names_a_party(alias: str) -> bool:
    """Common nouns ("rebels") name no one in particular, and a governorate's name ("Damascus")
    is more often the place than the party."""
    return len(alias) >= 3 and alias[:1].isupper() and find_governorate(alias) is None


def _parties(ctx: DocumentContext, text: str) -> list[str]:
    """Parties named in the text, as written, in order: the agreement's parties by any of
    their names (designated groups, which no agreement binds, left out)."""
    found: list[tuple[int, str]] = []
    if ctx.agreement is not None:
        for party in ctx.agreement.parties:
            if party.role.value == "designated-group":
                continue
            for alias in sorted((party.name, *party.aliases), key=len, reverse=True):
                if not _names_a_party(alias):
                    continue
                m = re.search(rf"\b{re.escape(alias)}\b", text)
                if m and not any(a <= m.start() < a + len(n) for a, n in found):
                    found.append((m.start(), alias))
                    break
    return [name for _, name in sorted(found)]


def _is_reference(ctx: DocumentContext, window: str, date: DateInterval, parties: list[str]) -> bool:
    """Whether the claim is about the agreement the extractor was given (its name is then used)."""
    agreement = ctx.agreement
    if agreement is None:
        return False
    named = {p.id for p in agreement.parties for alias in (p.name, *p.aliases) if alias in parties}
    bound = {p.id for p in agreement.parties if p.role.value in ("guarantor", "party")}
    if named - bound:
        return False  # another set of signatories: a different agreement
    if re.search(r"\b(?:memorandum|de-escalation|safe\s+zones?|security\s+zones?)\b", window, re.IGNORECASE):
        return date.end >= agreement.signed - timedelta(days=1)
    return date.start <= agreement.signed <= date.end


_NOT_IN_NAME = frozenset("the a an that which its this of and any their our his her".split())  # noqa: SIM905
_VERBISH = re.compile(r"(?:ly|ed|ing)$")


def _name(text: str, start: int, noun: str) -> str:
    """The agreement's name as the text gives it: the noun and up to three words before it."""
    before = re.findall(r"[\w'-]+", text[max(0, start - 40) : start])
    words: list[str] = []
    for word in reversed(before[-3:]):
        if word.lower() in _NOT_IN_NAME or (word.islower() and _VERBISH.search(word)):
            break  # "a largely ignored ceasefire" is "ceasefire"
        words.insert(0, word)
    return " ".join([*words, noun])


def _zones_of_places(ctx: DocumentContext, sc: SentenceContext, date: DateInterval) -> list[str]:
    """Zones holding the places where an agreement applies (event-role places of the sentence)."""
    found: list[str] = []
    for mention in sc.places:
        if mention.role != EVENT:
            continue
        zone, _ = ctx.zones.assign(mention.place, date, area_of=mention.zone_area)
        if zone and zone != UNKNOWN and zone not in found:
            found.append(zone)
    return found


_CONTINUES = re.compile(r"^(?:It|They|The\s+(?:memorandum|document|agreement|deal|plan|accord|pact|zones))\b")
_ZONE_COUNT = re.compile(
    r"\b(two|three|four|five|six|[2-6])\s+(?:de-escalation\s+|safe\s+|security\s+)?(?:zones|areas)\b", re.IGNORECASE
)


def agreements(ctx: DocumentContext) -> list[ClaimDraft]:
    """Agreements signed, in force, covering an area, or dated ("the December 2016 ceasefire")."""
    drafts: list[ClaimDraft] = []
    previous: ClaimDraft | None = None
    for sc in ctx.sentences:
        text = sc.text
        noun = next((m for m in _AGREEMENT_NOUN.finditer(text) if not _blocked(text[: m.start()])), None)
        agreed_to = _AGREED_TO.search(text)
        anchor = noun or agreed_to
        dated = noun is not None and any(0 <= noun.start() - (d.end - sc.start) <= 25 for d in sc.dates)
        claimed = (
            anchor is not None
            and (agreed_to is not None or _AGREEMENT_PREDICATE.search(text) or dated)
            and not (agreed_to is not None and noun is None and _blocked(text[: agreed_to.start()]))
        )
        if not claimed or anchor is None:
            if previous is not None and _CONTINUES.match(text) and previous.details.get("reference"):
                previous.end = sc.end
                zones = ctx.zones.zones_named(text)
                count = _ZONE_COUNT.search(text)
                if count and _COUNT[count.group(1).lower()] == len(ctx.zones.zones):
                    zones = list(ctx.zones.zone_ids)
                previous.details["zones"] = list(dict.fromkeys([*previous.details["zones"], *zones]))
            else:
                previous = None
            continue
        position = sc.start + anchor.start()
        past = [
            d
            for d in sc.dates
            if d.interval.start <= ctx.published.end and not _SAID_ON.search(ctx.text[max(0, d.start - 30) : d.start])
        ]
        date = min(past, key=lambda d: abs(d.start - position)).interval if past else fallback_interval(ctx.published)
        window = text[max(0, anchor.start() - 80) : anchor.end() + 80]
        parties = _parties(ctx, text)
        reference = _is_reference(ctx, window, date, parties)
        if reference:
            zones = ctx.zones.zones_named(text)
            count = _ZONE_COUNT.search(text)
            if count and _COUNT[count.group(1).lower()] == len(ctx.zones.zones):
                zones = list(ctx.zones.zone_ids)
        else:
            zones = _zones_of_places(ctx, sc, date)
        if reference and ctx.agreement is not None:
            name = ctx.agreement.name
        else:
            name = _name(text, noun.start(), noun.group(0)) if noun else "agreement"
        previous = ClaimDraft(
            ClaimKind.AGREEMENT,
            sc.start,
            sc.end,
            date,
            attributed(ctx, sc, sc.start, sc.end),
            {"name": name, "parties": parties, "zones": zones, "reference": reference},
        )
        drafts.append(previous)
    merged = merge_claims(drafts, "name")
    for draft in merged:
        draft.details.pop("reference", None)
    return merged


def merge_claims(drafts: list[ClaimDraft], *keys: str) -> list[ClaimDraft]:
    """One claim per thing said twice: same key fields, overlapping dates; spans and lists join."""
    merged: list[ClaimDraft] = []
    for draft in drafts:
        same = next(
            (
                m
                for m in merged
                if all(m.details.get(k) == draft.details.get(k) for k in keys) and m.date.overlaps(draft.date)
            ),
            None,
        )
        if same is None:
            merged.append(draft)
            continue
        same.end = max(same.end, draft.end)
        if same.kind is ClaimKind.TALKS_ROUND:  # two dates given for one round: it falls within both
            same.date = DateInterval(
                min(same.date.start, draft.date.start),
                max(same.date.end, draft.date.end),
                max(same.date.precision, draft.date.precision, key=_PRECISION_ORDER.index),
            )
        for field_name in ("parties", "zones"):
            if field_name in same.details:
                values = list(same.details[field_name])
                values += [v for v in draft.details.get(field_name, []) if v not in values]
                same.details[field_name] = values
    return merged
