"""What a bulletin reads besides incidents, as of its cut-off, and the register of published ones.

Instants in the audit log are UTC text ("2017-06-01T20:59:59.999999Z"), which sorts as time,
so "the chain head at the cut-off" is simply the last event whose `at` is not after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, desc, func, insert, or_, select

from ceasefire.domain.audit import GENESIS_HASH
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import Confidentiality
from ceasefire.storage.reports_repo import to_claim
from ceasefire.storage.schema import (
    audit_events,
    bulletins,
    claim_links,
    claims,
    incidents,
    quarantine,
    reports,
    sources,
)

_BATCH = 2000


def utc_text(instant: datetime) -> str:
    """An aware instant in the audit log's text form, so the two compare as strings."""
    if instant.tzinfo is None:
        raise ValueError("utc_text: the instant must be timezone-aware")
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def audit_head_at(conn: Connection, instant: datetime) -> tuple[int, str]:
    """(seq, hash) of the last audit event at or before `instant`; (0, genesis) if none."""
    row = conn.execute(
        select(audit_events.c.seq, audit_events.c.hash)
        .where(audit_events.c.at <= utc_text(instant))
        .order_by(desc(audit_events.c.seq))
        .limit(1)
    ).first()
    return (row.seq, row.hash) if row else (0, GENESIS_HASH)


@dataclass(frozen=True, slots=True)
class QuarantinedRow:
    """A row rejected on import and not resolved by the instant asked about."""

    kind: str
    file_name: str
    record_number: int | None
    reason: str


def quarantined_at(conn: Connection, instant: datetime) -> list[QuarantinedRow]:
    """Rows in quarantine at `instant`: rejected by then and not resolved by then."""
    at = instant.astimezone(UTC)
    rows = conn.execute(
        select(quarantine.c.kind, quarantine.c.file_name, quarantine.c.record_number, quarantine.c.reason)
        .where(quarantine.c.created_at <= at, or_(quarantine.c.resolved_at.is_(None), quarantine.c.resolved_at > at))
        .order_by(quarantine.c.id)
    )
    return [QuarantinedRow(r.kind, r.file_name, r.record_number, r.reason) for r in rows]


def confidential_sources(conn: Connection) -> dict[str, str]:
    """{source id: name} of every source that has ever filed a report not marked public.

    Read without a cut-off on purpose: a source that is confidential now must not be named in
    any public output, whenever its earlier reports arrived.
    """
    rows = conn.execute(
        select(sources.c.id, sources.c.name)
        .join(reports, reports.c.source_id == sources.c.id)
        .where(reports.c.confidentiality != str(Confidentiality.PUBLIC))
        .distinct()
    )
    return {r.id: r.name for r in rows}


@dataclass(frozen=True, slots=True)
class PublishedBulletin:
    """One row of the register of published bulletins."""

    day: date
    edition: str
    period_start: date
    cutoff: str
    as_of: str
    audit_seq: int
    audit_hash: str
    html_sha256: str
    pdf_sha256: str
    html_name: str
    pdf_name: str
    published_at: datetime
    actor: str


def insert_bulletin(conn: Connection, b: PublishedBulletin) -> int:
    result = conn.execute(
        insert(bulletins).values(
            day=b.day,
            edition=b.edition,
            period_start=b.period_start,
            cutoff=b.cutoff,
            as_of=b.as_of,
            audit_seq=b.audit_seq,
            audit_hash=b.audit_hash,
            html_sha256=b.html_sha256,
            pdf_sha256=b.pdf_sha256,
            html_name=b.html_name,
            pdf_name=b.pdf_name,
            published_at=b.published_at,
            actor=b.actor,
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def _published(r: Any) -> PublishedBulletin:
    return PublishedBulletin(
        r.day,
        r.edition,
        r.period_start,
        r.cutoff,
        r.as_of,
        r.audit_seq,
        r.audit_hash,
        r.html_sha256,
        r.pdf_sha256,
        r.html_name,
        r.pdf_name,
        r.published_at,
        r.actor,
    )


def published_bulletins(conn: Connection, day: date | None = None) -> list[PublishedBulletin]:
    query = select(bulletins).order_by(bulletins.c.id)
    if day is not None:
        query = query.where(bulletins.c.day == day)
    return [_published(r) for r in conn.execute(query)]


def bulletin_with_hash(conn: Connection, sha256: str) -> PublishedBulletin | None:
    """The registered bulletin whose HTML or PDF has this SHA-256, if any (latest first)."""
    row = conn.execute(
        select(bulletins)
        .where(or_(bulletins.c.html_sha256 == sha256, bulletins.c.pdf_sha256 == sha256))
        .order_by(desc(bulletins.c.id))
        .limit(1)
    ).first()
    return _published(row) if row else None


def audit_event_hash(conn: Connection, seq: int) -> str | None:
    """The stored hash of audit event `seq` (None if there is no such event)."""
    return conn.execute(select(audit_events.c.hash).where(audit_events.c.seq == seq)).scalar()


@dataclass(frozen=True, slots=True)
class LinkedClaim:
    """A claim linked to an incident at the instant asked about, with its report's standing."""

    incident_id: str
    claim: Claim
    source_id: str
    source_name: str
    confidentiality: Confidentiality
    published: date | None


def linked_claims(conn: Connection, incident_ids: Sequence[str], instant: datetime) -> list[LinkedClaim]:
    """The claims linked to these incidents at `instant` (linked by then, not yet unlinked), with
    the source and confidentiality of the report each comes from."""
    at = instant.astimezone(UTC)
    out: list[LinkedClaim] = []
    for i in range(0, len(incident_ids), _BATCH):
        chunk = list(incident_ids[i : i + _BATCH])
        rows = conn.execute(
            select(
                claim_links.c.incident_id.label("linked_incident"),
                claims,
                reports.c.source_id.label("report_source"),
                sources.c.name.label("source_label"),
                reports.c.confidentiality.label("report_confidentiality"),
                reports.c.published_start.label("report_published"),
            )
            .join(claims, claims.c.id == claim_links.c.claim_id)
            .join(reports, reports.c.id == claims.c.report_id)
            .join(sources, sources.c.id == reports.c.source_id)
            .where(
                claim_links.c.incident_id.in_(chunk),
                claim_links.c.linked_at <= at,
                or_(claim_links.c.unlinked_at.is_(None), claim_links.c.unlinked_at > at),
            )
            .order_by(claim_links.c.incident_id, claims.c.id)
        )
        out.extend(
            LinkedClaim(
                r.linked_incident,
                to_claim(r),
                r.report_source,
                r.source_label,
                Confidentiality(r.report_confidentiality),
                r.report_published,
            )
            for r in rows
        )
    return out


def first_incident_day(conn: Connection) -> date | None:
    """The earliest start date of any incident in the record (None when it holds none)."""
    return conn.execute(select(func.min(incidents.c.date_start))).scalar()
