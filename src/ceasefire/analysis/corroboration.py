"""Corroboration: how many independent voices report an incident, from which sides, and what
standing that gives it. Runs after dedup, before assessment.

Reports that repeat one origin count once: an outlet citing SANA is SANA; two reprints of a
wire story are the wire; two reports at one URL are one article; two claims identical in
every fact and in the length of the sentence they rest on are one text reprinted. What is
left are the independent sources. Allegations and denials are kept side by side, each with
who says it.

The evidence-derived status (an analyst's finding, `verified` or `refuted`, is set by the
verification workflow and is never overridden here):
- `denied`: only denials are on record;
- `contested`: allegations and denials, or claims that disagree whether the target was
  civilians or fighters;
- `corroborated`: at least two independent sources affirm it and nobody disputes it;
- `alleged`: otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ceasefire.analysis.origins import Origin, Voices, acronym, origin_of
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import IncidentStatus, Side, Stance
from ceasefire.geo.names import fold, normalise

_COMBATANT_UNKNOWN = (Side.CIVILIANS, Side.UNKNOWN)


@dataclass(frozen=True, slots=True)
class Provenance:
    """What corroboration needs of a claim's report: its outlet, URL and the side of its
    submitter (a party's complaint), looked up by report id."""

    outlet: str | None = None
    url: str | None = None
    side: Side = Side.UNKNOWN


@dataclass(frozen=True, slots=True)
class Account:
    """One voice on an incident: the claim, whose origin it is, and where it was published."""

    claim: Claim
    origin: Origin
    source_group: int
    outlet: str | None = None
    url: str | None = None

    @property
    def denies(self) -> bool:
        return self.claim.stance is Stance.DENIES


@dataclass(frozen=True, slots=True)
class Corroboration:
    """An incident's voices and what they add up to."""

    accounts: tuple[Account, ...]
    independent_sources: int
    affirming_sources: int
    sides: tuple[Side, ...]
    target_dispute: bool
    status: IncidentStatus

    @property
    def allegations(self) -> tuple[Account, ...]:
        return tuple(a for a in self.accounts if not a.denies)

    @property
    def denials(self) -> tuple[Account, ...]:
        return tuple(a for a in self.accounts if a.denies)


def _url_key(url: str | None) -> str | None:
    if not url:
        return None
    bare = url.strip().lower().split("#", 1)[0].removeprefix("https://").removeprefix("http://")
    return bare.removeprefix("www.").rstrip("/") or None


def _facts(c: Claim) -> tuple[object, ...]:
    f = c.fatalities
    return (
        c.date,
        normalise(c.place.name) if c.place else None,
        c.event_type,
        c.sub_event_type,
        c.perpetrator.side if c.perpetrator else None,
        c.target.side if c.target else None,
        (f.low, f.best, f.high),
        c.stance,
    )


def _reprinted(a: Claim, b: Claim) -> bool:
    """Two claims from different reports that are one text: every fact equal, and either the
    same sentence length or the same casualty figure (independent reporting rarely agrees on
    both the facts and the wording, or on an exact toll with every other fact)."""
    if a.report_id == b.report_id or _facts(a) != _facts(b):
        return False
    if a.span is not None and b.span is not None:
        return a.span[1] - a.span[0] == b.span[1] - b.span[0]
    return a.fatalities.best is not None


class _Groups:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _same_origin(x: Origin, y: Origin) -> bool:
    if x.key == y.key:
        return x.key != "name:"
    if x.key.startswith("name:") and y.key.startswith("name:"):
        fx, fy = x.key[5:], y.key[5:]
        return acronym(fx) == fy.replace(" ", "") or acronym(fy) == fx.replace(" ", "")
    return False


def target_dispute(claims: Sequence[Claim]) -> bool:
    """Whether claims disagree on the target's kind: civilians to one, fighters to another."""
    sides = {c.target.side for c in claims if c.target is not None and c.target.side is not Side.UNKNOWN}
    return Side.CIVILIANS in sides and any(s not in _COMBATANT_UNKNOWN for s in sides)


def corroborate(claims: Sequence[Claim], provenance: Mapping[str, Provenance], voices: Voices) -> Corroboration:
    """Group an incident's claims by independent origin and derive its evidence status."""
    ordered = sorted(claims, key=lambda c: c.id)
    info = [provenance.get(c.report_id, Provenance()) for c in ordered]
    origins = [
        origin_of(c.attributed_to, p.outlet, voices, outlet_side=p.side) for c, p in zip(ordered, info, strict=True)
    ]
    groups = _Groups(len(ordered))
    for i in range(len(ordered)):
        for j in range(i + 1, len(ordered)):
            same_url = _url_key(info[i].url) is not None and _url_key(info[i].url) == _url_key(info[j].url)
            if _same_origin(origins[i], origins[j]) or same_url or _reprinted(ordered[i], ordered[j]):
                groups.join(i, j)
    roots = sorted({groups.find(i) for i in range(len(ordered))})
    number = {r: k + 1 for k, r in enumerate(roots)}
    accounts = tuple(
        Account(c, o, number[groups.find(i)], p.outlet, p.url)
        for i, (c, o, p) in enumerate(zip(ordered, origins, info, strict=True))
    )
    affirming = {a.source_group for a in accounts if not a.denies}
    sides = sorted({a.origin.side for a in accounts if a.origin.side is not Side.UNKNOWN}, key=lambda s: s.value)
    disputed = target_dispute(ordered) and len({a.source_group for a in accounts if a.claim.target}) > 1
    if not affirming:
        status = IncidentStatus.DENIED
    elif any(a.denies for a in accounts) or disputed:
        status = IncidentStatus.CONTESTED
    elif len(affirming) >= 2:
        status = IncidentStatus.CORROBORATED
    else:
        status = IncidentStatus.ALLEGED
    return Corroboration(accounts, len(roots), len(affirming), tuple(sides), disputed, status)


def describe(account: Account) -> str:
    """One line for the side-by-side view: who says what."""
    c = account.claim
    verb = "denies" if account.denies else "says"
    who = f"{c.perpetrator.name} [{c.perpetrator.side}]" if c.perpetrator else "someone"
    whom = f"{c.target.name} [{c.target.side}]" if c.target else "-"
    side = f" [{account.origin.side}]" if account.origin.side is not Side.UNKNOWN else ""
    via = f" (via {account.outlet})" if account.outlet and fold(account.outlet) != fold(account.origin.name) else ""
    return f"{account.origin.name}{side}{via} {verb}: {c.event_type} by {who} on {whom}"
