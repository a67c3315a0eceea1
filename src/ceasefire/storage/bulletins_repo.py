"""What a bulletin reads besides incidents, as of its cut-off, and the register of published ones.

Instants in the audit log are UTC text ("2017-06-01T20:59:59.999999Z"), which sorts as time,
so "the chain head at the cut-off" is simply the last event whose `at` is not after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, desc, insert, or_, select

from ceasefire.domain.audit import GENESIS_HASH
from ceasefire.domain.statuses import Confidentiality
from ceasefire.storage.schema import audit_events, bulletins, quarantine, reports, sources


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


def published_bulletins(conn: Connection, day: date | None = None) -> list[PublishedBulletin]:
    query = select(bulletins).order_by(bulletins.c.id)
    if day is not None:
        query = query.where(bulletins.c.day == day)
    return [
        PublishedBulletin(
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
        for r in conn.execute(query)
    ]
