"""Deployments and deadlines: forces, posts and patrols put in place, and dates set for the
zones' delineation. Built from the document context beside the other claims, before output.

A deployment names its force ("Russian military police", "the Turkish army") and, where the
text places it, its zone; a call to deploy, a proposal or a document "on" deployment is not
one. A deadline is a date the zones' maps or boundaries are due by ("maps ... by 22 May").
"""

from __future__ import annotations

import re

from ceasefire.domain.common import DateInterval
from ceasefire.domain.statuses import ClaimKind
from ceasefire.extract.claims import ClaimDraft, attributed
from ceasefire.extract.context import DocumentContext, SentenceContext
from ceasefire.extract.dates import fallback_interval
from ceasefire.extract.places import COMPARISON
from ceasefire.extract.zones import UNKNOWN

#: Verbs of putting forces in place; a post or a patrol counts as a deployment too.
_DEPLOY = re.compile(
    r"\b(?:deploy(?:ed|s)?|be\s+deployed|stationed|dispatched|sent\s+(?:\w+\s+){0,2}(?:troops|forces|military\s+police)|"
    r"(?:set\s+up|established|erected|opened|built|manned)\s+(?:\w+\s+){0,3}?(?:observation\s+posts?|checkpoints?|"
    r"military\s+posts?|posts?|bases?)|(?:began|conducted|carried\s+out|started|launched|ran)\s+(?:\w+\s+){0,2}?patrols?|"
    r"patrolled)\b",
    re.IGNORECASE,
)
#: Before the verb, in its clause: a call, proposal, doubt or refusal, or talk about deploying
#: (the deployment is then a topic, not a fact).
_BLOCK = re.compile(
    r"\b(?:call(?:s|ed)?\s+on|urg\w+|ask\w*|propos\w+|suggest\w*|not|whether|which|refus\w+|negotiat\w+|"
    r"discuss\w+|debat\w+|documents?|drafts?|related\s+to|regarding|concerning)\b(?:\W+\w+){0,10}\W*$",
    re.IGNORECASE,
)
#: Where a block's reach ends, looking back from the verb: a contrast or a new clause.
_SCOPE = re.compile(r"[;:]|\b(?:however|but|although|though|yet)\b", re.IGNORECASE)
#: A force: capitalised modifiers ("Russian", "Turkish") and a force noun.
_FORCE = re.compile(
    r"(?P<f>(?-i:(?:[A-Z][\w-]*\s+)*)(?:military\s+police|troops|forces|soldiers|observers|monitors|peacekeepers|"
    r"police|patrols?|units|personnel|army|military|convoy))\b",
    re.IGNORECASE,
)
_DEADLINE_TOPIC = re.compile(r"\b(?:working\s+group|maps?|boundar(?:y|ies)|delineat\w+|demarcat\w+)\b", re.IGNORECASE)
_BY = re.compile(r"\b(?:by|before|until|within)\s+(?:the\s+)?$", re.IGNORECASE)


def _force(text: str, start: int, end: int) -> str | None:
    """The force deployed: the noun phrase before a passive or a subject, else the object."""
    before = list(_FORCE.finditer(text[max(0, start - 60) : start]))
    after = _FORCE.search(text[end : end + 60])
    passive = re.search(r"\b(?:be|been|being|were|was|are|is)\s+$", text[:start], re.IGNORECASE)
    if passive or re.match(r"be\s+deployed", text[start:end], re.IGNORECASE) or not after:
        found = before[-1] if before else after
    else:
        found = after
    return re.sub(r"^(?:the|a|an)\s+", "", found.group("f").strip(), flags=re.IGNORECASE) if found else None


def _zone(ctx: DocumentContext, sc: SentenceContext, date: DateInterval) -> str:
    """The zone the sentence places the deployment in, "unknown" when it names none or several."""
    zones: list[str] = []
    for mention in sc.places:
        if mention.role == COMPARISON:
            continue
        zone, _ = ctx.zones.assign(mention.place, date, area_of=mention.zone_area)
        if zone and zone != UNKNOWN and zone not in zones:
            zones.append(zone)
    zones = zones or ctx.zones.zones_named(sc.text)
    return zones[0] if len(zones) == 1 else UNKNOWN


def deployments(ctx: DocumentContext) -> list[ClaimDraft]:
    """Forces, posts or patrols deployed or to be deployed, with the force named."""
    drafts: list[ClaimDraft] = []
    for sc in ctx.sentences:
        for verb in _DEPLOY.finditer(sc.text):
            before = sc.text[: verb.start()]
            bounds = [m.end() for m in _SCOPE.finditer(before)]
            if _BLOCK.search(before[bounds[-1] :] if bounds else before):
                continue
            force = _force(sc.text, verb.start(), verb.end())
            if force is None:
                continue
            date = sc.dates[0].interval if sc.dates else fallback_interval(ctx.published)
            details = {"force": force, "zone": _zone(ctx, sc, date)}
            drafts.append(
                ClaimDraft(ClaimKind.DEPLOYMENT, sc.start, sc.end, date, attributed(ctx, sc, sc.start, sc.end), details)
            )
            break
    return drafts


def deadlines(ctx: DocumentContext) -> list[ClaimDraft]:
    """Statements of a deadline on the zones' delineation ("maps ... completed by May 22")."""
    drafts: list[ClaimDraft] = []
    for sc in ctx.sentences:
        topic = _DEADLINE_TOPIC.search(sc.text)
        if topic is None:
            continue
        for mention in sc.dates:
            if _BY.search(ctx.text[max(0, mention.start - 12) : mention.start]):
                details = {
                    "topic": "zone delineation",
                    "subject": topic.group(0),
                    "due": mention.interval.end.isoformat(),
                }
                drafts.append(
                    ClaimDraft(
                        ClaimKind.STATEMENT,
                        sc.start,
                        sc.end,
                        mention.interval,
                        attributed(ctx, sc, sc.start, sc.end),
                        details,
                    )
                )
    return drafts
