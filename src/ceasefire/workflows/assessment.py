"""Assessment of stored incidents: verdicts against every provision, stored with history.

Runs in bulk (`ceasefire assess`), and inside the transactions that change what a verdict
rests on: a claim joining an incident, a verification, a zone amendment. A verdict is
stored only when it differs from the current one (verdict, reason or trace); the old one is
kept, marked superseded, and the change is audited in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from ceasefire.analysis.assessment import Assessment, assess
from ceasefire.analysis.assessment import incident_facts as incident_facts  # re-exported: its first home
from ceasefire.analysis.corroboration import Corroboration, Provenance, corroborate
from ceasefire.analysis.origins import Voices, load_affiliations
from ceasefire.domain.agreements import Agreement
from ceasefire.domain.incidents import ZoneAssignment
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import IncidentStatus, Side
from ceasefire.domain.zones import Zone
from ceasefire.intake.agreement_file import agreement_from_document
from ceasefire.storage import agreements_repo, claim_links_repo, incidents_repo, reports_repo, verdicts_repo, zones_repo
from ceasefire.storage.claim_links_repo import Conn
from ceasefire.storage.record import Record, Transaction
from ceasefire.workflows.assignment import assignments_for

CHUNK = 500


@dataclass(frozen=True)
class Context:
    """What assessing and corroborating need from the record, loaded once per transaction."""

    agreements: tuple[Agreement, ...]
    zones: tuple[Zone, ...]
    voices: Voices

    @classmethod
    def load(cls, conn: Conn) -> Context:
        agreements = tuple(agreement_from_document(d) for d in agreements_repo.documents(conn))
        return cls(agreements, tuple(zones_repo.load_zones(conn)), Voices.of(agreements, load_affiliations()))


def corroborations(conn: Conn, ctx: Context, claims_of: Mapping[str, Sequence[str]]) -> dict[str, Corroboration]:
    """Each claim-built incident's corroboration, from its current claims and their reports."""
    wanted = sorted({c for ids in claims_of.values() for c in ids})
    claims = {c.id: c for c in claim_links_repo.claims_by_id(conn, wanted)}
    known = provenance(conn, list(claims.values()), ctx)
    return {
        inc: corroborate([claims[c] for c in ids if c in claims], known, ctx.voices)
        for inc, ids in claims_of.items()
        if ids
    }


def provenance(conn: Conn, claims: Sequence[Claim], ctx: Context) -> dict[str, Provenance]:
    """Report id -> outlet, URL and submitting party's side, for the reports of these claims."""
    report_ids = sorted({c.report_id for c in claims})
    reports = reports_repo.load_reports(conn, report_ids)
    names = claim_links_repo.source_names(conn, sorted({r.source_id for r in reports}))
    sides = {p.id: p.side for a in ctx.agreements for p in a.parties}
    return {r.id: Provenance(names.get(r.source_id), r.url, sides.get(r.party_id or "", Side.UNKNOWN)) for r in reports}


def trace_rows(a: Assessment) -> dict[str, Any]:
    return {
        "agreement_id": a.agreement_id,
        "provision_id": a.provision_id,
        "verdict": str(a.verdict),
        "reason": a.reason,
        "trace": [asdict(f) for f in a.trace],
    }


def reassess(tx: Transaction, incident_ids: Sequence[str], cause: str, ctx: Context | None = None) -> int:
    """Recompute and store the verdicts of these incidents; returns how many verdicts changed."""
    ctx = ctx or Context.load(tx.conn)
    retired = claim_links_repo.retired_ids(tx.conn)
    incidents = [
        i for i in incidents_repo.load_incidents(tx.conn, ids=sorted(set(incident_ids))) if i.id not in retired
    ]
    if not incidents:
        return 0
    claims_of = claim_links_repo.claims_of(tx.conn, [i.id for i in incidents])
    corr = corroborations(tx.conn, ctx, claims_of)
    per_agreement: dict[str, dict[str, list[ZoneAssignment]]] = {
        a.id: assignments_for(incidents, [z for z in ctx.zones if z.agreement_id == a.id]) for a in ctx.agreements
    }
    findings = {i.id for i in incidents if i.status in (IncidentStatus.VERIFIED, IncidentStatus.REFUTED)}
    notes = {i: _verification(tx.conn, i) for i in sorted(findings)}
    current = verdicts_repo.current_verdicts(tx.conn, [i.id for i in incidents])
    changed = 0
    for inc in incidents:
        facts = incident_facts(inc, corr.get(inc.id), notes.get(inc.id, ""))
        results = assess(facts, ctx.agreements, ctx.zones, {a: m.get(inc.id, []) for a, m in per_agreement.items()})
        stored = {(v.agreement_id, v.provision_id): v for v in current.get(inc.id, [])}
        rows: list[dict[str, Any]] = []
        changes: list[dict[str, Any]] = []
        for res in results:
            row = trace_rows(res)
            old = stored.get((res.agreement_id, res.provision_id))
            if old is not None and (str(old.verdict), old.reason, old.trace) == (
                row["verdict"],
                row["reason"],
                row["trace"],
            ):
                continue
            rows.append(row)
            changes.append(
                {
                    "agreement": res.agreement_id,
                    "provision": res.provision_id,
                    "verdict": row["verdict"],
                    "previous": str(old.verdict) if old else None,
                    "reason": res.reason,
                }
            )
        if changes:
            tx.audit("incident.assessed", "incident", inc.id, {"verdicts": changes, "cause": cause})
        verdicts_repo.supersede_and_store(tx.conn, inc.id, rows, cause=cause)
        changed += len(rows)
    return changed


def _verification(conn: Conn, incident_id: str) -> str:
    manual = [h for h in verdicts_repo.status_history(conn, incident_id) if not h.automatic]
    if not manual:
        return ""
    h = manual[-1]
    return f"{h.to} by {h.actor} on {h.at:%Y-%m-%d} ({h.method or 'no method'}): {h.note}"


@dataclass(frozen=True)
class AssessSummary:
    incidents: int
    verdicts_changed: int


def assess_record(
    record: Record,
    *,
    since: date | None = None,
    actor: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AssessSummary:
    """Assess every active incident (dated on or after `since`), CHUNK incidents per transaction."""
    with record.reader() as conn:
        retired = claim_links_repo.retired_ids(conn)
        ids = [i.id for i in incidents_repo.load_incidents(conn, since=since) if i.id not in retired]
    changed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with record.transaction(actor) as tx:
            changed += reassess(tx, chunk, f"assess since {since}" if since else "assess")
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))
    return AssessSummary(len(ids), changed)
