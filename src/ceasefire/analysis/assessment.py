"""Assessment: each incident against each provision of each agreement, with the reasons.
Runs after corroboration and zone assignment; its verdicts feed statistics and bulletins.

The rules, in the order they are applied (the first that decides gives the verdict):
1. the agreement, then the provision, must be in force on every day of the incident's date
   interval: in force on none of them is `outside scope`, on some `insufficient information`;
2. the event type (and sub-type, where the provision names sub-types) must be one the
   provision prohibits, else `outside scope`; an unknown sub-type is `insufficient information`;
3. the place must be inside a zone of the agreement of a kind the provision covers, by the
   zone version in force on the date: outside every zone, or in a zone only proposed, is
   `outside scope`; only *possibly* inside (a district or province straddling the line, an
   interval straddling an amendment) or too vague to place is `insufficient information`,
   because a violation is a finding about a place inside the line;
4. an incident an analyst refuted is `not a violation`;
5. the perpetrator's side must be known (`insufficient information`) and bound by the
   provision (else `not a violation`);
6. an exemption of the provision (data from the agreement file: target sides, target parties
   and their aliases) makes the attack `exempt` when every voice that names the target names
   an exempted group, and `contested` when some do and others name someone else;
7. a denial on record that no monitor's observation has overridden, or a zone line that is
   disputed, makes it `contested`;
8. otherwise it is a `violation`.
Every fact used is in the trace with where it came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ceasefire.analysis.corroboration import Corroboration
from ceasefire.analysis.origins import alias_pattern
from ceasefire.domain.agreements import Agreement, Exemption, Party, Provision
from ceasefire.domain.incidents import Incident, ZoneAssignment
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import IncidentStatus, Side, Verdict, ZoneKind, ZoneRelation, ZoneStatus
from ceasefire.domain.zones import Zone, ZoneVersion
from ceasefire.geo.assign import security_zone_id


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact a verdict rests on: what it is, its value, and where it came from."""

    name: str
    value: str
    source: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """The verdict on one incident under one provision, with its rule trace."""

    incident_id: str
    agreement_id: str
    provision_id: str
    verdict: Verdict
    reason: str
    trace: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class Designation:
    """The target as one voice names it."""

    name: str | None
    side: Side
    said_by: str
    claim_id: str | None = None


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    """What assessment needs to know of an incident beyond its own fields."""

    incident: Incident
    basis: str
    designations: tuple[Designation, ...] = ()
    denied_by: tuple[str, ...] = ()
    verification: str = "derived from the claims"
    extra: tuple[Fact, ...] = field(default_factory=tuple)


def _interval(incident: Incident) -> str:
    d = incident.date
    return f"{d.start}..{d.end} ({d.precision})"


def _coverage(first: bool, last: bool) -> Verdict | None:
    if not first and not last:
        return Verdict.OUTSIDE_SCOPE
    if not (first and last):
        return Verdict.INSUFFICIENT_INFORMATION
    return None


def _provision_on(p: Provision, day: date) -> bool:
    return (p.valid_from is None or day >= p.valid_from) and (p.valid_to is None or day < p.valid_to)


def _zone_table(zones: Sequence[Zone], agreement: Agreement) -> dict[str, tuple[Zone, ZoneKind]]:
    table: dict[str, tuple[Zone, ZoneKind]] = {}
    for z in zones:
        if z.agreement_id == agreement.id:
            table[z.id] = (z, z.kind)
            table.setdefault(security_zone_id(z.id), (z, ZoneKind.SECURITY_ZONE))
    return table


def _version_text(zone: Zone, v: ZoneVersion | None, number: int | None) -> str:
    if v is None:
        return f"zone {zone.id} v{number} (version not in the record)"
    until = v.valid_to.isoformat() if v.valid_to else "open"
    approx = "; approximate outline (its method is recorded with the version)" if v.approximate else ""
    return f"zone version {zone.id} v{v.version}: {v.status}, valid {v.valid_from}..{until}, basis '{v.basis}'{approx}"


def designated_by(exemption: Exemption, target: Designation, parties: Sequence[Party]) -> str | None:
    """The exempted group a voice's target belongs to (by side, or by a party's name or alias
    in the target's name), or None."""
    if target.side in exemption.target_sides:
        return f"side {target.side}"
    if target.name:
        for party in parties:
            if party.id in exemption.target_parties:
                for spelling in (party.name, *party.aliases):
                    if alias_pattern(spelling).search(target.name):
                        return f"party {party.id} ('{spelling}')"
    return None


def assess_provision(
    facts: IncidentFacts,
    agreement: Agreement,
    provision: Provision,
    zones: Sequence[Zone],
    assignments: Sequence[ZoneAssignment],
) -> Assessment:
    """The verdict on one incident under one provision (rules in the module docstring)."""
    inc = facts.incident
    trace: list[Fact] = [
        Fact("provision", f"{agreement.id}/{provision.id}", f"agreement file of {agreement.id}: {provision.text}"),
        Fact("incident date", _interval(inc), facts.basis),
        *facts.extra,
    ]

    def done(verdict: Verdict, reason: str) -> Assessment:
        return Assessment(inc.id, agreement.id, provision.id, verdict, reason, tuple(trace))

    renewal = "renewed automatically" if agreement.auto_renew else f"term ends {agreement.initial_term_end}"
    trace.append(
        Fact("agreement in force", f"from {agreement.in_force} ({renewal})", f"agreement file of {agreement.id}")
    )
    verdict = _coverage(agreement.in_force_on(inc.date.start), agreement.in_force_on(inc.date.end))
    if verdict is not None:
        return done(verdict, f"agreement {agreement.id} not in force on every day of {_interval(inc)}")
    if provision.valid_from or provision.valid_to:
        trace.append(
            Fact(
                "provision in force", f"{provision.valid_from or '-'}..{provision.valid_to or 'open'}", "agreement file"
            )
        )
        verdict = _coverage(_provision_on(provision, inc.date.start), _provision_on(provision, inc.date.end))
        if verdict is not None:
            return done(verdict, f"provision {provision.id} not in force on every day of {_interval(inc)}")

    trace.append(Fact("event type", f"{inc.event_type} / {inc.sub_event_type or '-'}", facts.basis))
    prohibited = ", ".join(str(t) for t in provision.prohibited_event_types) or "none"
    if inc.event_type not in provision.prohibited_event_types:
        return done(Verdict.OUTSIDE_SCOPE, f"event type {inc.event_type} is not prohibited (prohibited: {prohibited})")
    if provision.prohibited_sub_event_types:
        if inc.sub_event_type is None:
            return done(Verdict.INSUFFICIENT_INFORMATION, "the provision covers some sub-types; this one is unknown")
        if inc.sub_event_type not in provision.prohibited_sub_event_types:
            return done(Verdict.OUTSIDE_SCOPE, f"sub-event type {inc.sub_event_type} is not prohibited")

    p = inc.place
    trace.append(Fact("place", f"{p.name} ({p.lat}, {p.lon}), precision {p.precision}, admin1 {p.admin1}", facts.basis))
    table = _zone_table(zones, agreement)
    kinds = ", ".join(str(k) for k in provision.zone_kinds)
    inside: tuple[ZoneAssignment, ZoneVersion | None] | None = None
    possibly = unknown = False
    for a in assignments:
        if a.relation is ZoneRelation.UNKNOWN:
            unknown = True
            trace.append(Fact("zone", "unknown (place too vague)", "zone assignment at the incident's date"))
            continue
        if a.zone_id is None or a.zone_id not in table:
            trace.append(Fact("zone", f"{a.relation}: no zone of {agreement.id}", "zone assignment at the date"))
            continue
        zone, kind = table[a.zone_id]
        version = next((v for v in zone.versions if v.version == a.zone_version), None)
        share = "" if a.share is None else f", share {a.share:.2f}"
        trace.append(
            Fact("zone", f"{a.relation} {a.zone_id} ({kind}){share}", _version_text(zone, version, a.zone_version))
        )
        if kind not in provision.zone_kinds:
            continue
        if a.relation is ZoneRelation.INSIDE:
            inside = (a, version)
        elif a.relation is ZoneRelation.POSSIBLY:
            possibly = True
    if inside is None:
        if possibly or unknown:
            why = "only possibly inside" if possibly else "too vague to place in or out of"
            return done(Verdict.INSUFFICIENT_INFORMATION, f"the place ({p.precision}) is {why} a zone ({kinds})")
        return done(Verdict.OUTSIDE_SCOPE, f"the place is in no {kinds} of {agreement.id} in force on the date")
    zone_version = inside[1]
    if zone_version is not None and zone_version.status is ZoneStatus.PROPOSED:
        return done(Verdict.OUTSIDE_SCOPE, f"zone {zone_version.zone_id} v{zone_version.version} was only proposed")

    trace.append(Fact("status", str(inc.status), facts.verification))
    if inc.status is IncidentStatus.REFUTED:
        return done(Verdict.NOT_A_VIOLATION, "an analyst refuted the incident")

    who = inc.perpetrator
    bound = ", ".join(str(s) for s in provision.bound_sides)
    trace.append(Fact("perpetrator", f"{who.name} [{who.side}]" if who else "unknown", facts.basis))
    trace.append(Fact("bound sides", bound, f"provision {provision.id}"))
    if who is None or who.side is Side.UNKNOWN:
        return done(Verdict.INSUFFICIENT_INFORMATION, "the perpetrator's side is unknown")
    if who.side not in provision.bound_sides:
        return done(Verdict.NOT_A_VIOLATION, f"side {who.side} is not bound by the provision")

    for d in facts.designations:
        trace.append(
            Fact(
                "target",
                f"{d.name or '-'} [{d.side}]",
                f"{d.said_by}" + (f", claim {d.claim_id}" if d.claim_id else ""),
            )
        )
    for ex in provision.exemptions:
        named = [(d, designated_by(ex, d, agreement.parties)) for d in facts.designations]
        exempt = [(d, why) for d, why in named if why]
        others = [d for d, why in named if not why and d.side is not Side.UNKNOWN]
        if not exempt:
            continue
        for d, why in exempt:
            trace.append(
                Fact(
                    "exemption", f"{ex.id}: target designated ({why})", f"{d.said_by}; agreement file of {agreement.id}"
                )
            )
        if others:
            said = "; ".join(f"{d.said_by}: {d.name or '-'} [{d.side}]" for d in others)
            return done(Verdict.CONTESTED, f"exemption {ex.id} disputed: the target's designation is denied by {said}")
        return done(Verdict.EXEMPT, f"exemption {ex.id}: the target is a designated group")
    if facts.denied_by and inc.status is not IncidentStatus.VERIFIED:
        trace.append(Fact("denial", ", ".join(facts.denied_by), "claims with stance 'denies'"))
        return done(Verdict.CONTESTED, f"denied by {', '.join(facts.denied_by)}; not verified by a monitor")
    if zone_version is not None and zone_version.status is ZoneStatus.DISPUTED:
        return done(Verdict.CONTESTED, f"zone {zone_version.zone_id} v{zone_version.version}'s line is disputed")
    return done(Verdict.VIOLATION, f"{who.side} carried out a prohibited {inc.event_type} inside {inside[0].zone_id}")


def assess(
    facts: IncidentFacts,
    agreements: Sequence[Agreement],
    zones: Sequence[Zone],
    assignments: Mapping[str, Sequence[ZoneAssignment]],
) -> list[Assessment]:
    """Every provision of every agreement; `assignments` holds the incident's zone assignment
    against each agreement's own zones, by agreement id."""
    return [
        assess_provision(facts, a, p, zones, assignments.get(a.id, ()))
        for a in sorted(agreements, key=lambda a: a.id)
        for p in a.provisions
    ]


def incident_facts(inc: Incident, corr: Corroboration | None, verification: str = "") -> IncidentFacts:
    """The facts assessment reads: who names the target how, who denies, on what basis."""
    if corr is None:
        basis = f"incident record ({inc.source_name or 'no source named'})"
        own: tuple[Designation, ...] = (Designation(inc.target.name, inc.target.side, basis),) if inc.target else ()
        return IncidentFacts(inc, basis, own, (), verification or basis)
    claim_ids = ", ".join(a.claim.id for a in corr.accounts)
    basis = f"consolidated from claims {claim_ids} ({corr.independent_sources} independent source(s))"
    targets = tuple(
        Designation(a.claim.target.name, a.claim.target.side, _voice(a.claim, a.origin.name), a.claim.id)
        for a in corr.accounts
        if a.claim.target is not None
    )
    denied = tuple(sorted({_voice(a.claim, a.origin.name) for a in corr.denials}))
    return IncidentFacts(inc, basis, targets, denied, verification or "derived from the claims")


def _voice(claim: Claim, origin: str) -> str:
    said = claim.attributed_to.strip()
    return origin if not said or said == origin else f"{said} ({origin})"
