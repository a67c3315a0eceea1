"""Stored evidence files and their links to reports. A file is one row however many reports
cite it (its id is its SHA-256); each report that cites it is one link, with the name the
file arrived under kept as metadata. The bytes live in the content-addressed store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select

from ceasefire.storage.schema import evidence_files, evidence_links


@dataclass(frozen=True, slots=True)
class StoredEvidence:
    sha256: str
    size: int
    mime: str
    width: int | None
    height: int | None
    working_sha256: str | None
    working_mime: str | None
    working_note: str
    received_at: datetime


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    report_id: str
    sha256: str
    original_name: str
    added_at: datetime
    actor: str


def evidence_file(conn: Connection, sha256: str) -> StoredEvidence | None:
    r = conn.execute(select(evidence_files).where(evidence_files.c.sha256 == sha256)).first()
    if r is None:
        return None
    return StoredEvidence(
        r.sha256,
        int(r.size),
        r.mime,
        r.width,
        r.height,
        r.working_sha256,
        r.working_mime,
        r.working_note,
        r.received_at,
    )


def insert_file(conn: Connection, item: StoredEvidence) -> None:
    conn.execute(
        insert(evidence_files).values(
            sha256=item.sha256,
            size=item.size,
            mime=item.mime,
            width=item.width,
            height=item.height,
            working_sha256=item.working_sha256,
            working_mime=item.working_mime,
            working_note=item.working_note,
            received_at=item.received_at,
        )
    )


def link(conn: Connection, report_id: str, sha256: str) -> EvidenceLink | None:
    r = conn.execute(
        select(evidence_links).where(evidence_links.c.report_id == report_id, evidence_links.c.sha256 == sha256)
    ).first()
    return EvidenceLink(r.report_id, r.sha256, r.original_name, r.added_at, r.actor) if r else None


def insert_link(conn: Connection, *, report_id: str, sha256: str, original_name: str, actor: str) -> None:
    conn.execute(
        insert(evidence_links).values(
            report_id=report_id, sha256=sha256, original_name=original_name, added_at=datetime.now(UTC), actor=actor
        )
    )


def links_of_report(conn: Connection, report_id: str) -> list[EvidenceLink]:
    rows = conn.execute(
        select(evidence_links).where(evidence_links.c.report_id == report_id).order_by(evidence_links.c.id)
    )
    return [EvidenceLink(r.report_id, r.sha256, r.original_name, r.added_at, r.actor) for r in rows]


def reports_citing(conn: Connection, sha256: str) -> list[str]:
    query = select(evidence_links.c.report_id).where(evidence_links.c.sha256 == sha256).order_by(evidence_links.c.id)
    return list(conn.execute(query).scalars())
