"""Stored verdicts and incident status history. Neither is ever rewritten: a new verdict
supersedes the current one for the same provision (current = false), and every status
change is a new history row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ceasefire.domain.statuses import IncidentStatus, ObservationMethod, Verdict
from ceasefire.storage.schema import incident_status_history, incidents, verdicts

_BATCH = 2000


@dataclass(frozen=True)
class StoredVerdict:
    """One verdict row: the verdict on one incident under one provision, and its trace."""

    incident_id: str
    agreement_id: str
    provision_id: str
    verdict: Verdict
    reason: str
    trace: list[dict[str, str]]
    current: bool
    computed_at: datetime
    cause: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.agreement_id, self.provision_id)


@dataclass(frozen=True)
class StatusChange:
    """One row of an incident's status history."""

    frm: IncidentStatus | None
    to: IncidentStatus
    method: ObservationMethod | None
    note: str
    automatic: bool
    actor: str
    at: datetime


def _verdict(r: Any) -> StoredVerdict:
    return StoredVerdict(
        r.incident_id,
        r.agreement_id,
        r.provision_id,
        Verdict(r.verdict),
        r.reason,
        list(r.trace),
        r.current,
        r.computed_at,
        r.cause,
    )


def current_verdicts(conn: Connection, incident_ids: Sequence[str]) -> dict[str, list[StoredVerdict]]:
    out: dict[str, list[StoredVerdict]] = {}
    for i in range(0, len(incident_ids), _BATCH):
        rows = conn.execute(
            select(verdicts)
            .where(verdicts.c.current.is_(True), verdicts.c.incident_id.in_(list(incident_ids[i : i + _BATCH])))
            .order_by(verdicts.c.incident_id, verdicts.c.agreement_id, verdicts.c.provision_id)
        )
        for r in rows:
            out.setdefault(r.incident_id, []).append(_verdict(r))
    return out


def verdict_history(conn: Connection, incident_id: str) -> list[StoredVerdict]:
    rows = conn.execute(select(verdicts).where(verdicts.c.incident_id == incident_id).order_by(verdicts.c.id))
    return [_verdict(r) for r in rows]


def incidents_with_verdict(conn: Connection, verdict: Verdict) -> set[str]:
    query = select(verdicts.c.incident_id).where(verdicts.c.current.is_(True), verdicts.c.verdict == str(verdict))
    return set(conn.execute(query).scalars())


def supersede_and_store(
    conn: Connection, incident_id: str, rows: Sequence[dict[str, Any]], *, cause: str, now: datetime | None = None
) -> None:
    """Store new verdicts (dicts with agreement_id, provision_id, verdict, reason, trace) for one
    incident, marking the current verdict on each of those provisions superseded."""
    now = now or datetime.now(UTC)
    for row in rows:
        conn.execute(
            update(verdicts)
            .where(
                verdicts.c.incident_id == incident_id,
                verdicts.c.agreement_id == row["agreement_id"],
                verdicts.c.provision_id == row["provision_id"],
                verdicts.c.current.is_(True),
            )
            .values(current=False)
        )
    if rows:
        conn.execute(
            insert(verdicts),
            [{**row, "incident_id": incident_id, "current": True, "computed_at": now, "cause": cause} for row in rows],
        )


def close_current(conn: Connection, incident_id: str) -> int:
    """Mark a retired incident's verdicts superseded (kept, but no longer current), so that an
    event merged into another is not counted twice; returns how many were current."""
    result = conn.execute(
        update(verdicts)
        .where(verdicts.c.incident_id == incident_id, verdicts.c.current.is_(True))
        .values(current=False)
    )
    return int(result.rowcount or 0)


def set_status(
    conn: Connection,
    incident_id: str,
    frm: IncidentStatus | None,
    to: IncidentStatus,
    *,
    method: ObservationMethod | None,
    note: str,
    automatic: bool,
    actor: str,
) -> None:
    """Change an incident's status and record the change in its history."""
    conn.execute(update(incidents).where(incidents.c.id == incident_id).values(status=str(to)))
    conn.execute(
        insert(incident_status_history).values(
            incident_id=incident_id,
            from_status=str(frm) if frm else None,
            to_status=str(to),
            method=str(method) if method else None,
            note=note,
            automatic=automatic,
            actor=actor,
            at=datetime.now(UTC),
        )
    )


def status_history(conn: Connection, incident_id: str) -> list[StatusChange]:
    rows = conn.execute(
        select(incident_status_history)
        .where(incident_status_history.c.incident_id == incident_id)
        .order_by(incident_status_history.c.id)
    )
    return [
        StatusChange(
            IncidentStatus(r.from_status) if r.from_status else None,
            IncidentStatus(r.to_status),
            ObservationMethod(r.method) if r.method else None,
            r.note,
            r.automatic,
            r.actor,
            r.at,
        )
        for r in rows
    ]
