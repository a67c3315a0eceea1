"""An analyst's verification of an incident: one allowed status change, its history row, its
audit event and the re-assessment it causes, in one transaction.

The rules live in `ceasefire.analysis.verification`; here the record supplies what they need
(the current status, how many independent sources affirm the incident, what its claims make
it) and stores the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

from ceasefire.analysis.verification import Transition, check_transition
from ceasefire.domain.statuses import IncidentStatus, ObservationMethod
from ceasefire.errors import Conflict, NotFound
from ceasefire.storage import claim_links_repo, incidents_repo, verdicts_repo
from ceasefire.storage.record import Record
from ceasefire.workflows.assessment import Context, corroborations, reassess


@dataclass(frozen=True)
class VerifyResult:
    incident_id: str
    transition: Transition
    verdicts_changed: int


def verify_incident(
    record: Record,
    incident_id: str,
    status: IncidentStatus,
    method: ObservationMethod,
    note: str = "",
    *,
    actor: str | None = None,
) -> VerifyResult:
    """Change an incident's status if the rules allow it (else TransitionRefused, nothing stored)."""
    with record.transaction(actor) as tx:
        found = incidents_repo.load_incidents(tx.conn, ids=[incident_id])
        if not found:
            raise NotFound(f"no incident {incident_id!r}")
        if incident_id in claim_links_repo.retired_ids(tx.conn):
            raise Conflict(f"incident {incident_id!r} is retired; verify the incident that holds its claims")
        inc = found[0]
        ctx = Context.load(tx.conn)
        corr = corroborations(tx.conn, ctx, claim_links_repo.claims_of(tx.conn, [incident_id])).get(incident_id)
        if corr is not None:
            affirming, derived = corr.affirming_sources, corr.status
        else:
            affirming, derived = (1 if inc.source_name else 0), None
        step = check_transition(inc.status, status, method, note, affirming, derived=derived)
        verdicts_repo.set_status(
            tx.conn, incident_id, step.frm, step.to, method=step.method, note=step.note, automatic=False, actor=tx.actor
        )
        tx.audit(
            "incident.status.changed",
            "incident",
            incident_id,
            {"from": str(step.frm), "to": str(step.to), "method": str(method), "note": step.note, "automatic": False},
        )
        changed = reassess(tx, [incident_id], f"verification: {step.frm} -> {step.to}", ctx)
    return VerifyResult(incident_id, step, changed)
