"""The audit log on disk: append in the caller's transaction, and verify the stored chain.

Appending locks the single chain-head row first (SELECT ... FOR UPDATE on PostgreSQL; SQLite
transactions already hold the write lock), so concurrent writers extend one chain in turn
instead of forking it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ceasefire.domain.audit import GENESIS_HASH, AuditEvent, ChainBreak, canonical, event_hash, verify_chain
from ceasefire.storage.schema import audit_events, audit_head

_HEAD_ID = 1


def utc_now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def append(
    conn: Connection, *, actor: str, action: str, entity_type: str, entity_id: str, payload: dict[str, Any]
) -> AuditEvent:
    """Write one event linked to the current head; must run inside the change's transaction."""
    head = conn.execute(
        select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == _HEAD_ID).with_for_update()
    ).first()
    seq, prev = (head.seq + 1, head.hash) if head else (1, GENESIS_HASH)
    at = utc_now_text()
    body = json.loads(canonical(payload))  # normalise (tuples, dates as text) as it will be read back
    digest = event_hash(seq, at, actor, action, entity_type, entity_id, body, prev)
    conn.execute(
        insert(audit_events).values(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            payload=canonical(body).decode(),
            prev_hash=prev,
            hash=digest,
        )
    )
    if head:
        conn.execute(update(audit_head).where(audit_head.c.id == _HEAD_ID).values(seq=seq, hash=digest))
    else:
        conn.execute(insert(audit_head).values(id=_HEAD_ID, seq=seq, hash=digest))
    return AuditEvent(seq, at, actor, action, entity_type, entity_id, body, prev, digest)


def _rows(conn: Connection) -> Iterator[AuditEvent]:
    result = conn.execution_options(stream_results=True, yield_per=5000).execute(
        select(audit_events).order_by(audit_events.c.seq)
    )
    for row in result:
        try:
            payload = json.loads(row.payload)
            if canonical(payload).decode() != row.payload:
                payload = {"__not_canonical__": row.payload}  # any byte changed counts, even spacing
        except json.JSONDecodeError:
            payload = {"__unreadable__": row.payload}
        yield AuditEvent(
            row.seq, row.at, row.actor, row.action, row.entity_type, row.entity_id, payload, row.prev_hash, row.hash
        )


def head(conn: Connection) -> tuple[int, str]:
    """(number of events, hash of the newest); (0, genesis) for an empty log."""
    row = conn.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == _HEAD_ID)).first()
    return (row.seq, row.hash) if row else (0, GENESIS_HASH)


def verify(conn: Connection) -> ChainBreak | None:
    count, head_hash = head(conn)
    return verify_chain(_rows(conn), expected_count=count, expected_head=head_hash)


def events_for(conn: Connection, entity_type: str, entity_id: str) -> list[AuditEvent]:
    rows = conn.execute(
        select(audit_events)
        .where(audit_events.c.entity_type == entity_type, audit_events.c.entity_id == entity_id)
        .order_by(audit_events.c.seq)
    )
    return [
        AuditEvent(
            r.seq, r.at, r.actor, r.action, r.entity_type, r.entity_id, json.loads(r.payload), r.prev_hash, r.hash
        )
        for r in rows
    ]
