"""Contested claims for the bulletin: both sides' accounts of one incident, summarised from the
claims' structured fields and attributed to who says them. Runs after corroboration has linked
claims to incidents; the bulletin template prints what this returns.

The summaries are built from extracted fields (event, actors, place, dead), never from the
articles' words, so no article text reaches a bulletin.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import Confidentiality, Stance
from ceasefire.render.redaction import Edition, SourceFilter

_VERB = {Stance.ALLEGES: "alleges", Stance.DENIES: "denies", Stance.REPORTS: "reports"}


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim linked to an incident, with what the bulletin needs of its report and source."""

    incident_id: str
    claim: Claim
    source_name: str
    confidentiality: Confidentiality
    published: date | None = None


@dataclass(frozen=True, slots=True)
class ContestedClaim:
    """One line of the contested-claims section."""

    incident_id: str
    attributed_to: str
    source: str
    published: str
    stance: str
    summary: str


def summarise(claim: Claim) -> str:
    """'air/drone strike by government helicopters [government] on Kafranbel hospital [civilians]
    at Kafranbel; 3 killed (2–5)': the claim's facts in one line, in the claim's own terms."""
    parts = [(claim.sub_event_type or (str(claim.event_type) if claim.event_type else "an event")).lower()]
    if claim.perpetrator:
        parts.append(f"by {claim.perpetrator.name} [{claim.perpetrator.side}]")
    if claim.target:
        parts.append(f"on {claim.target.name} [{claim.target.side}]")
    if claim.place:
        parts.append(f"at {claim.place.name}")
    text = " ".join(parts)
    f = claim.fatalities
    if f.best is not None or f.low is not None or f.high is not None:
        best = f.best if f.best is not None else (f.low if f.low is not None else f.high)
        spread = f" ({f.low}–{f.high})" if f.low is not None and f.high is not None and f.low != f.high else ""
        text += f"; {best} killed{spread}"
    if claim.date:
        d = claim.date
        text += f"; on {d.start}" if d.start == d.end else f"; between {d.start} and {d.end}"
    return text


def disagree(claims: Sequence[Claim]) -> bool:
    """Whether accounts of one incident conflict: a denial, or different sides named as the
    perpetrator or as the target (a strike on "terrorists" against a strike on civilians)."""
    if any(c.stance is Stance.DENIES for c in claims):
        return True
    perpetrators = {c.perpetrator.side for c in claims if c.perpetrator}
    targets = {c.target.side for c in claims if c.target}
    return len(perpetrators) > 1 or len(targets) > 1


def visible_claims(claims: Sequence[ClaimView], edition: Edition, confidential_names: Sequence[str]) -> list[ClaimView]:
    """The claims an edition may show: all for the centre; for the public, only those from public
    reports whose speaker and source are not confidential."""
    if edition is Edition.CENTRE:
        return list(claims)
    hidden = SourceFilter(confidential_names)
    return [
        c
        for c in claims
        if c.confidentiality is Confidentiality.PUBLIC
        and not hidden.names_confidential(c.claim.attributed_to)
        and not hidden.names_confidential(c.source_name)
    ]


def contested_claims(
    claims: Sequence[ClaimView],
    incident_ids: Collection[str],
    edition: Edition,
    confidential_names: Sequence[str],
) -> list[ContestedClaim]:
    """The claims of every incident in `incident_ids` whose accounts disagree, grouped by incident.

    The public edition first drops claims from reports not marked public and claims attributed
    to a confidential source, then keeps only incidents still told two ways, so that what it
    shows never hints at what it hides.
    """
    visible = [c for c in visible_claims(claims, edition, confidential_names) if c.incident_id in incident_ids]
    visible.sort(key=lambda c: (c.incident_id, c.published or date.min, c.claim.id))
    out: list[ContestedClaim] = []
    for incident_id, group in groupby(visible, key=lambda c: c.incident_id):
        items = list(group)
        if len(items) < 2 or not disagree([c.claim for c in items]):
            continue
        out.extend(
            ContestedClaim(
                incident_id,
                c.claim.attributed_to,
                c.source_name,
                c.published.isoformat() if c.published else "",
                _VERB[c.claim.stance],
                summarise(c.claim),
            )
            for c in items
        )
    return out
