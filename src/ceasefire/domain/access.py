"""Who may see and do what: the one policy every read and write of the API and the map passes.

Pure functions over a `Viewer` and the facts of an object, so the rules of DESIGN.md §2 can
be read in one place and tested without a server. Storage applies the same rules as a
query scope (`incident_scope`), so a list never shows what a detail would refuse.

The rules, per role:

- analyst: everything, exact coordinates; publishes, verifies and assesses incidents; reads
  the centre's edition of bulletins (everyone else reads the public edition).
- guarantor liaison: every incident in the zones of the agreements its party guarantees,
  and everything published; reports that are public or confidential to the centre, and its
  own party's; never another party's confidential submissions.
- observer: reads published incidents and public reports; writes nothing.
- monitor: files monitor reports; sees its own and what is published; never another
  party's confidential material.
- party liaison: files complaints for its party; sees its party's submissions and what is
  published, with coordinates generalised; never another party's confidential submissions.
- public: published incidents and public reports, coordinates generalised to
  `GENERALISED_DECIMALS` (about 1 km), no confidential source.

Hidden objects are reported as absent (404), never as forbidden (403), so that a refusal
does not reveal that a confidential submission exists (BAD_INPUTS row 62).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ceasefire.domain.statuses import Confidentiality, Edition, ReportKind, Role

#: Decimal places of coordinates shown to those who may not see exact places (0.01° ≈ 1 km).
GENERALISED_DECIMALS = 2


class Action(StrEnum):
    """Everything the API lets a caller do; each route names the one it needs."""

    READ = "read"
    SUBMIT_MONITOR_REPORT = "submit-monitor-report"
    SUBMIT_COMPLAINT = "submit-complaint"
    PUBLISH_INCIDENT = "publish-incident"
    VERIFY_INCIDENT = "verify-incident"
    ASSESS = "assess"
    ATTACH_EVIDENCE = "attach-evidence"


_ALLOWED: dict[Role, frozenset[Action]] = {
    Role.ANALYST: frozenset(
        {Action.READ, Action.PUBLISH_INCIDENT, Action.VERIFY_INCIDENT, Action.ASSESS, Action.ATTACH_EVIDENCE}
    ),
    Role.MONITOR: frozenset({Action.READ, Action.SUBMIT_MONITOR_REPORT, Action.ATTACH_EVIDENCE}),
    Role.PARTY_LIAISON: frozenset({Action.READ, Action.SUBMIT_COMPLAINT, Action.ATTACH_EVIDENCE}),
    Role.GUARANTOR_LIAISON: frozenset({Action.READ}),
    Role.OBSERVER: frozenset({Action.READ}),
    Role.PUBLIC: frozenset({Action.READ}),
}

#: The report kind each submitting action creates.
SUBMISSION_KIND: dict[Action, ReportKind] = {
    Action.SUBMIT_MONITOR_REPORT: ReportKind.MONITOR_REPORT,
    Action.SUBMIT_COMPLAINT: ReportKind.COMPLAINT,
}


@dataclass(frozen=True, slots=True)
class Viewer:
    """The caller of one request, as re-read from the record on every request.

    `guaranteed_zones` holds the zone ids (security zones included) of the agreements in which
    the viewer's party is a guarantor; it is empty for every other role.
    """

    role: Role
    user_id: str | None = None
    name: str = "public"
    party_id: str | None = None
    guaranteed_zones: frozenset[str] = field(default_factory=frozenset)


PUBLIC = Viewer(Role.PUBLIC)


def may(viewer: Viewer, action: Action) -> bool:
    """Whether the viewer's role allows the action at all (objects are checked separately)."""
    if viewer.role is Role.PARTY_LIAISON and viewer.party_id is None:
        return action is Action.READ
    return action in _ALLOWED[viewer.role]


def bulletin_editions(viewer: Viewer) -> frozenset[Edition]:
    """The bulletin editions the viewer may read: the centre's (confidential sources, exact
    positions) is for analysts only."""
    if viewer.role is Role.ANALYST:
        return frozenset({Edition.PUBLIC, Edition.CENTRE})
    return frozenset({Edition.PUBLIC})


def may_attach_evidence(viewer: Viewer, facts: ReportFacts) -> bool:
    """Evidence goes onto a report by its own submitter or by an analyst, never by another user
    who merely may read the report."""
    if not may(viewer, Action.ATTACH_EVIDENCE):
        return False
    return viewer.role is Role.ANALYST or (viewer.user_id is not None and facts.submitted_by == viewer.user_id)


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    """What the policy needs to know of an incident: is it published, and in which zone."""

    published: bool
    zone_id: str | None


@dataclass(frozen=True, slots=True)
class IncidentScope:
    """The rule `sees_incident` expressed as query terms, for lists and exports.

    An incident is in scope when `everything`, or when it is published, or when its current
    zone is one of `zones`.
    """

    everything: bool
    zones: frozenset[str]
    decimals: int | None


def incident_scope(viewer: Viewer) -> IncidentScope:
    everything = viewer.role is Role.ANALYST
    zones = viewer.guaranteed_zones if viewer.role is Role.GUARANTOR_LIAISON else frozenset()
    return IncidentScope(everything, zones, coordinate_decimals(viewer, monitor_reported=False))


def sees_incident(viewer: Viewer, facts: IncidentFacts) -> bool:
    scope = incident_scope(viewer)
    return scope.everything or facts.published or (facts.zone_id is not None and facts.zone_id in scope.zones)


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """What the policy needs to know of a report: its confidentiality, party and submitter."""

    confidentiality: Confidentiality
    party_id: str | None
    submitted_by: str | None


@dataclass(frozen=True, slots=True)
class ReportScope:
    """The rule `sees_report` expressed as query terms: a report is in scope when `everything`,
    or it is public, or `user_id` submitted it, or it is confidential to `party_id`, or it is
    confidential to the centre and `centre` is set."""

    everything: bool
    user_id: str | None
    party_id: str | None
    centre: bool


def report_scope(viewer: Viewer) -> ReportScope:
    liaison = viewer.role in (Role.PARTY_LIAISON, Role.GUARANTOR_LIAISON)
    return ReportScope(
        everything=viewer.role is Role.ANALYST,
        user_id=viewer.user_id,
        party_id=viewer.party_id if liaison else None,
        # Confidential to the centre: the guarantors run the mechanism and see its full record.
        centre=viewer.role is Role.GUARANTOR_LIAISON and bool(viewer.guaranteed_zones),
    )


def sees_report(viewer: Viewer, facts: ReportFacts) -> bool:
    """Whether the viewer may know the report exists (its text, source and claims)."""
    scope = report_scope(viewer)
    return (
        scope.everything
        or facts.confidentiality is Confidentiality.PUBLIC
        or (scope.user_id is not None and facts.submitted_by == scope.user_id)
        or (
            facts.confidentiality is Confidentiality.PARTY
            and scope.party_id is not None
            and facts.party_id == scope.party_id
        )
        or (facts.confidentiality is Confidentiality.CENTRE and scope.centre)
    )


def shows_monitor_identity(viewer: Viewer, *, own: bool) -> bool:
    """Whether the monitor behind a monitor report may be named. A monitor's name can put the
    monitor in danger, so only the centre, the guarantors running the mechanism and the monitor
    itself see it; everyone else sees "monitor"."""
    return own or viewer.role in (Role.ANALYST, Role.GUARANTOR_LIAISON)


def coordinate_decimals(viewer: Viewer, *, monitor_reported: bool) -> int | None:
    """Decimal places to show a point with, or None for the exact value.

    The public and party liaisons see every point generalised (BAD_INPUTS row 23); a
    monitor's point can locate the monitor or a witness, so only the centre and the
    guarantors running the mechanism see it exactly.
    """
    if viewer.role in (Role.PUBLIC, Role.PARTY_LIAISON):
        return GENERALISED_DECIMALS
    if monitor_reported and viewer.role not in (Role.ANALYST, Role.GUARANTOR_LIAISON):
        return GENERALISED_DECIMALS
    return None


def generalise(value: float | None, decimals: int | None) -> float | None:
    """A coordinate rounded for display; exact when `decimals` is None."""
    if value is None or decimals is None:
        return value
    return round(value, decimals)
