"""Keeping claim-built incidents in step with their claims: fields, zone, status, verdicts.

Called inside the transaction that changed an incident's claims (clustering, merge, split),
so that the incident, its zone assignment, its evidence status, its verdicts and the audit
events describing each change commit together.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from ceasefire.analysis.consolidate import consolidate
from ceasefire.analysis.corroboration import corroborate
from ceasefire.analysis.verification import automatic_transition
from ceasefire.domain.incidents import Incident
from ceasefire.domain.reports import Claim, Report
from ceasefire.domain.statuses import IncidentStatus
from ceasefire.storage import claim_links_repo, incidents_repo, reports_repo, verdicts_repo
from ceasefire.storage.claim_links_repo import Conn
from ceasefire.storage.record import Transaction
from ceasefire.workflows.assessment import Context, provenance, reassess
from ceasefire.workflows.assignment import assignments_for


def incident_payload(inc: Incident) -> dict[str, Any]:
    """An incident's fields as the audit log records them."""
    return {
        "event_type": str(inc.event_type),
        "sub_event_type": inc.sub_event_type,
        "date": [inc.date.start, inc.date.end, str(inc.date.precision)],
        "place": [inc.place.name, inc.place.lon, inc.place.lat, str(inc.place.precision), inc.place.admin1],
        "perpetrator": [inc.perpetrator.name, str(inc.perpetrator.side)] if inc.perpetrator else None,
        "target": [inc.target.name, str(inc.target.side)] if inc.target else None,
        "fatalities": [inc.fatalities.low, inc.fatalities.best, inc.fatalities.high],
        "status": str(inc.status),
    }


def fresh_id(conn: Conn, first_claim: str, used: set[str]) -> tuple[str, bool]:
    """A new incident id derived from its first claim, so that rebuilding an empty record gives
    the same ids; (id, True) when that id names a retired incident that can be revived."""
    base = "inc-" + hashlib.sha256(first_claim.encode()).hexdigest()[:12]
    retired = claim_links_repo.retired_ids(conn)
    for n in range(1, 1000):
        candidate = base if n == 1 else f"{base}-{n}"
        if candidate in used:
            continue
        exists = bool(claim_links_repo.existing_incident_ids(conn, [candidate]))
        if not exists or candidate in retired:
            used.add(candidate)
            return candidate, exists
    raise RuntimeError(f"no free incident id from {base}")


def _earliest(reports: Iterable[Report]) -> Report | None:
    dated = sorted(reports, key=lambda r: (r.published.start if r.published else r.received_at.date(), r.id))
    return dated[0] if dated else None


def build(tx: Transaction, ctx: Context, incident_id: str, claims: Sequence[Claim], *, cause: str) -> Incident:
    """Insert a new incident built from `claims`, with its derived status and history row."""
    prov = provenance(tx.conn, claims, ctx)
    status = corroborate(claims, prov, ctx.voices).status
    first = _earliest(reports_repo.load_reports(tx.conn, sorted({c.report_id for c in claims})))
    source = (prov[first.id].outlet, first.url) if first else (None, None)
    inc = consolidate(incident_id, claims, status=status, source=source)
    incidents_repo.insert_incidents(tx.conn, [inc], None)
    verdicts_repo.set_status(
        tx.conn,
        inc.id,
        None,
        status,
        method=None,
        note=f"derived from the claims ({cause})",
        automatic=True,
        actor=tx.actor,
    )
    tx.audit(
        "incident.created",
        "incident",
        inc.id,
        {**incident_payload(inc), "claims": sorted(c.id for c in claims), "cause": cause},
    )
    return inc


def refresh(tx: Transaction, ctx: Context, incident_ids: Iterable[str], *, cause: str) -> None:
    """Re-derive each incident's fields and evidence status from its current claims, re-assign
    its zone where its place or date moved, and re-assess it."""
    ids = sorted(set(incident_ids))
    if not ids:
        return
    claims_of = claim_links_repo.claims_of(tx.conn, ids)
    claims = {
        c.id: c for c in claim_links_repo.claims_by_id(tx.conn, sorted({c for v in claims_of.values() for c in v}))
    }
    prov = provenance(tx.conn, list(claims.values()), ctx)
    reports = {r.id: r for r in reports_repo.load_reports(tx.conn, sorted(prov))}
    stored = {i.id: i for i in incidents_repo.load_incidents(tx.conn, ids=ids)}
    moved: list[Incident] = []
    for inc_id in ids:
        own = [claims[c] for c in claims_of.get(inc_id, []) if c in claims]
        old = stored.get(inc_id)
        if not own or old is None:
            continue
        first = _earliest(reports[c.report_id] for c in own if c.report_id in reports)
        source = (prov[first.id].outlet, first.url) if first else (None, None)
        new = consolidate(inc_id, own, status=old.status, source=source)
        if new != old:
            claim_links_repo.update_incident(tx.conn, new)
            tx.audit("incident.updated", "incident", inc_id, {**incident_payload(new), "cause": cause})
        if (new.place, new.date) != (old.place, old.date) or not incidents_repo.current_assignments(tx.conn, [inc_id]):
            moved.append(new)
        step = automatic_transition(old.status, corroborate(own, prov, ctx.voices).status)
        if step is not None:
            verdicts_repo.set_status(
                tx.conn,
                inc_id,
                step.frm,
                step.to,
                method=None,
                note=f"{step.note} ({cause})",
                automatic=True,
                actor=tx.actor,
            )
            tx.audit(
                "incident.status.changed",
                "incident",
                inc_id,
                {"from": str(step.frm), "to": str(step.to), "automatic": True, "cause": cause},
            )
    if moved:
        changed = incidents_repo.differing_assignments(tx.conn, assignments_for(moved, list(ctx.zones)))
        if changed:
            incidents_repo.replace_assignments(tx.conn, changed, cause=cause)
            for inc_id, items in changed.items():
                tx.audit(
                    "incident.zone.reassigned",
                    "incident",
                    inc_id,
                    {
                        "assignments": [[a.zone_id, a.zone_version, str(a.relation), a.share] for a in items],
                        "cause": cause,
                    },
                )
    reassess(tx, ids, cause, ctx)


def status_of(conn: Conn, incident_id: str) -> IncidentStatus | None:
    found = incidents_repo.load_incidents(conn, ids=[incident_id])
    return found[0].status if found else None
