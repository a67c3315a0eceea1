"""Storing test reports and their claims in a record, as the intake does, and reading back
the record's incidents as sets of claim ids."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime

from ceasefire.domain.reports import Claim, Report, Source
from ceasefire.domain.statuses import ReportKind, SourceKind
from ceasefire.storage import claim_links_repo, reports_repo
from ceasefire.storage.record import Record


def store_report(
    record: Record, report_id: str, outlet: str, claims: Sequence[Claim], *, url: str | None = None
) -> None:
    """One report from `outlet` holding `claims` (their report_id must be `report_id`)."""
    source = Source(id=f"outlet:{outlet.lower().replace(' ', '-')}", name=outlet, kind=SourceKind.OUTLET)
    report = Report(
        id=report_id,
        source_id=source.id,
        kind=ReportKind.ARTICLE,
        sha256=hashlib.sha256(report_id.encode()).hexdigest(),
        received_at=datetime.now(UTC),
        url=url,
    )
    with record.transaction("test") as tx:
        reports_repo.ensure_source(tx.conn, source)
        reports_repo.insert_report(tx.conn, report, claims)
        tx.audit("report.received", "report", report_id, {"claims": [c.id for c in claims]})


def partition(record: Record) -> set[tuple[str, ...]]:
    """The record's claim-built incidents, each as its sorted claim ids."""
    with record.reader() as conn:
        links = claim_links_repo.current_links(conn)
    groups: dict[str, list[str]] = {}
    for claim_id, (incident_id, _) in links.items():
        groups.setdefault(incident_id, []).append(claim_id)
    return {tuple(sorted(v)) for v in groups.values()}


def incident_of(record: Record, claim_id: str) -> str:
    with record.reader() as conn:
        return claim_links_repo.current_links(conn, [claim_id])[claim_id][0]
