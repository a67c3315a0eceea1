"""Dataset rows into the record, one batch at a time. Runs inside each batch transaction of
`dataset_import` (and of a quarantine retry); a dry run plans without writing.

`plan_batch` sorts each row the adapter yielded into what it does to the record:

- new: an event the record has not seen: its report and claims, and one incident (a dataset
  row is already one event, so no clustering is needed) with its claim linked to it, pinned
  so that clustering may add other reports to it but never merges or splits it;
- updated: a revision (a larger version stamp, or without stamps a different row hash): a new
  report superseding the old one, the incident's facts replaced (audited before/after), the
  claim link moved to the new claim;
- unchanged: the exact report is already held (same derived id);
- deleted: the source withdrew the event: reports and incident are stamped, nothing erased;
- skipped: out of scope, an older version than the one held, or a withdrawal of an event the
  record never had; rejected: quarantined with its reason.

`dataset_writes.write_plan` stores a plan. Each row leaves one canonical line (record,
outcome, report id, row hash, incident id) whose SHA-256 over the batch the batch's audit
event carries, so a batch can be checked against the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ceasefire.domain.incidents import Incident
from ceasefire.domain.reports import Claim, Source
from ceasefire.domain.statuses import IncidentStatus
from ceasefire.intake.rows import DeletionRow, ParsedRow, RejectedRow, SkippedRow, row_sha256
from ceasefire.storage import intake_repo
from ceasefire.storage.checkpoints_repo import Counts
from ceasefire.storage.imports_repo import Rejection
from ceasefire.storage.intake_repo import Conn
from ceasefire.workflows.dataset_kinds import AnyRow


def incident_id(source_id: str, external_id: str) -> str:
    """The incident of one dataset event: the same on every import, whatever the version."""
    return "inc-" + hashlib.sha256(f"{source_id}\x1f{external_id}".encode()).hexdigest()[:40]


def incident_from(claim: Claim, source: Source, iid: str) -> Incident | None:
    """The incident a dataset claim describes; None when the claim lacks a type, date or place."""
    if claim.event_type is None or claim.date is None or claim.place is None:
        return None
    url = claim.details.get("source_url") or claim.details.get("SOURCEURL")
    return Incident(
        id=iid,
        event_type=claim.event_type,
        sub_event_type=claim.sub_event_type,
        date=claim.date,
        place=claim.place,
        perpetrator=claim.perpetrator,
        target=claim.target,
        fatalities=claim.fatalities,
        status=IncidentStatus.ALLEGED,
        source_name=source.name,
        source_url=url if isinstance(url, str) else None,
    )


@dataclass
class EventState:
    """What the record holds for one dataset event, as of the row being planned."""

    report_id: str
    version: int | None
    claim_ids: tuple[str, ...]
    report_ids: list[str]
    deleted: bool
    incident: Incident | None
    incident_stored: bool


@dataclass
class Memory:
    """State carried between batches when nothing is written (a dry run); empty otherwise."""

    states: dict[tuple[str, str], EventState | None] = field(default_factory=dict)
    reports: set[str] = field(default_factory=set)


@dataclass
class BatchPlan:
    """Everything one batch will write, and the counts and digest lines it produces."""

    counts: Counts = field(default_factory=Counts)
    sources: dict[str, Source] = field(default_factory=dict)
    reports: list[tuple[Any, Sequence[Claim], dict[str, Any]]] = field(default_factory=list)
    new_incidents: dict[str, Incident] = field(default_factory=dict)
    changed: dict[str, tuple[Incident | None, Incident]] = field(default_factory=dict)
    deleted_reports: dict[str, datetime] = field(default_factory=dict)
    deleted_incidents: dict[str, datetime] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    unlinks: list[str] = field(default_factory=list)
    events: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    first_record: int | None = None
    last_record: int | None = None


def _version(stamp: str | None) -> int | None:
    return int(stamp) if stamp is not None and stamp.isdigit() else None


def _facts(inc: Incident | None) -> dict[str, Any] | None:
    if inc is None:
        return None
    return {
        "event_type": str(inc.event_type),
        "sub_event_type": inc.sub_event_type,
        "date": [inc.date.start, inc.date.end, str(inc.date.precision)],
        "place": [inc.place.name, inc.place.lon, inc.place.lat, str(inc.place.precision), inc.place.admin1],
        "perpetrator": [inc.perpetrator.name, str(inc.perpetrator.side)] if inc.perpetrator else None,
        "target": [inc.target.name, str(inc.target.side)] if inc.target else None,
        "fatalities": [inc.fatalities.low, inc.fatalities.best, inc.fatalities.high],
    }


def _load_states(conn: Conn, keys: set[tuple[str, str]], memory: Memory) -> None:
    """Fill `memory.states` for events not yet in it, from the stored reports and incidents."""
    wanted = [k for k in keys if k not in memory.states]
    by_source: dict[str, list[str]] = {}
    for source_id, ext in wanted:
        by_source.setdefault(source_id, []).append(ext)
    found: dict[tuple[str, str], list[intake_repo.StoredVersion]] = {}
    for source_id, exts in by_source.items():
        for ext, versions in intake_repo.versions(conn, source_id, exts).items():
            found[(source_id, ext)] = versions
    iids = {k: incident_id(*k) for k in found}
    incidents = intake_repo.incidents_by_id(conn, list(iids.values()))
    deleted = intake_repo.deleted_incidents(conn, list(iids.values()))
    current_ids = []
    for key in wanted:
        stored = found.get(key)
        if not stored:
            memory.states[key] = None
            continue
        superseded = {v.supersedes for v in stored}
        current = [v for v in stored if v.report_id not in superseded][-1]
        current_ids.append(current.report_id)
        inc = incidents.get(iids[key])
        memory.states[key] = EventState(
            report_id=current.report_id,
            version=_version(current.version_stamp),
            claim_ids=(),
            report_ids=[v.report_id for v in stored],
            deleted=current.deleted or iids[key] in deleted,
            incident=inc,
            incident_stored=inc is not None,
        )
    claims_by_report = intake_repo.claim_ids(conn, current_ids)
    for key in wanted:
        state = memory.states[key]
        if state is not None:
            state.claim_ids = tuple(claims_by_report.get(state.report_id, ()))


def plan_batch(conn: Conn, rows: Sequence[AnyRow], memory: Memory) -> BatchPlan:
    """Sort a batch's rows against the record (and `memory`), in file order."""
    plan = BatchPlan()
    parsed = [r for r in rows if isinstance(r, ParsedRow)]
    keys = {(r.source.id, r.external_id) for r in parsed}
    keys |= {(r.source.id, r.external_id) for r in rows if isinstance(r, DeletionRow)}
    _load_states(conn, keys, memory)
    ids = [r.report.id for r in parsed if r.report.id not in memory.reports]
    memory.reports.update(intake_repo.existing_reports(conn, ids) if ids else ())
    for row in rows:
        plan.first_record = row.record if plan.first_record is None else plan.first_record
        plan.last_record = row.record
        plan.counts.read += 1
        if isinstance(row, RejectedRow):
            plan.rejections.append(rejection(row))
            plan.counts.rejected += 1
            plan.lines.append(f"{row.record}\trejected\t{row_sha256(row.raw)}")
        elif isinstance(row, SkippedRow):
            plan.counts.skipped += 1
            plan.lines.append(f"{row.record}\tskipped")
        elif isinstance(row, DeletionRow):
            _plan_deletion(plan, row, memory)
        else:
            _plan_row(plan, row, memory)
    return plan


def rejection(row: RejectedRow) -> Rejection:
    """A rejected row as the quarantine keeps it: the cells as read, and the field at fault."""
    raw = dict(row.raw) if isinstance(row.raw, dict) else list(row.raw)
    return Rejection(row.record, row.reason, {"cells": raw, "field": row.field, "value": row.value})


def _plan_deletion(plan: BatchPlan, row: DeletionRow, memory: Memory) -> None:
    key = (row.source.id, row.external_id)
    state = memory.states.get(key)
    iid = incident_id(*key)
    if state is None:
        plan.counts.skipped += 1
        plan.lines.append(f"{row.record}\tskipped\t{row.external_id}")
        return
    if state.deleted:
        plan.counts.unchanged += 1
        plan.lines.append(f"{row.record}\tunchanged\t{row.external_id}")
        return
    state.deleted = True
    for rid in state.report_ids:
        plan.deleted_reports.setdefault(rid, row.deleted_at)
    if state.incident is not None:
        plan.deleted_incidents[iid] = row.deleted_at
    plan.events.append(
        (
            "incident.deleted",
            iid,
            {"source": row.source.id, "external_id": row.external_id, "deleted_at": row.deleted_at},
        )
    )
    plan.counts.deleted += 1
    plan.lines.append(f"{row.record}\tdeleted\t{row.external_id}\t{row.deleted_at.isoformat()}")


def _plan_row(plan: BatchPlan, row: ParsedRow, memory: Memory) -> None:
    report = row.report
    key = (row.source.id, row.external_id)
    iid = incident_id(*key)
    if report.id in memory.reports:
        plan.counts.unchanged += 1
        plan.lines.append(f"{row.record}\tunchanged\t{report.id}\t{report.sha256}\t{iid}")
        return
    state = memory.states.get(key)
    if state is not None and row.version is not None and state.version is not None and row.version < state.version:
        plan.counts.skipped += 1
        plan.lines.append(f"{row.record}\tskipped\t{report.id}\t{report.sha256}\t{iid}")
        return
    plan.sources[row.source.id] = row.source
    memory.reports.add(report.id)
    extra: dict[str, Any] = {
        "version_stamp": str(row.version) if row.version is not None else None,
        "supersedes": state.report_id if state is not None else None,
    }
    after = incident_from(row.claims[0], row.source, iid) if row.claims else None
    outcome = "new" if state is None else "updated"
    if state is None:
        state = EventState(report.id, row.version, (), [], False, None, False)
        memory.states[key] = state
        if after is not None:
            plan.new_incidents[iid] = after
    else:
        plan.unlinks.extend(state.claim_ids)
        if after is not None:
            _revise(plan, row, state, iid, after)
    state.report_id, state.version = report.id, row.version
    state.claim_ids = tuple(c.id for c in row.claims)
    state.report_ids.append(report.id)
    if after is not None:
        state.incident = after
        plan.links.update({c.id: iid for c in row.claims})
    if row.deleted and not state.deleted:
        state.deleted = True
        extra["deleted_at"] = report.received_at
        if after is not None:
            plan.deleted_incidents[iid] = report.received_at
        outcome = "deleted"
    plan.reports.append((report, row.claims, extra))
    setattr(plan.counts, outcome, getattr(plan.counts, outcome) + 1)
    plan.lines.append(f"{row.record}\t{outcome}\t{report.id}\t{report.sha256}\t{iid}")


def _revise(plan: BatchPlan, row: ParsedRow, state: EventState, iid: str, after: Incident) -> None:
    before = state.incident
    if iid in plan.new_incidents or not state.incident_stored:
        plan.new_incidents[iid] = after
    else:
        first_before = plan.changed[iid][0] if iid in plan.changed else before
        plan.changed[iid] = (first_before, after)
    plan.events.append(
        (
            "incident.revised",
            iid,
            {
                "source": row.source.id,
                "external_id": row.external_id,
                "report": row.report.id,
                "supersedes": state.report_id,
                "version": row.version,
                "before": _facts(before),
                "after": _facts(after),
            },
        )
    )


def batch_digest(lines: Iterable[str]) -> str:
    """SHA-256 over a batch's canonical lines, one per row, newline-terminated."""
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()
