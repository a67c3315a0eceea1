"""The audit chain, as pure functions: canonical encoding and SHA-256 links.

Each event's hash covers its content and the previous event's hash, so any edit, deletion,
insertion or reordering of stored events breaks a link that `verify_chain` reports. Storage
only persists events; the rules live here so they can be checked without a database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One state change: who did what to which entity, when, with the data that changed."""

    seq: int
    at: str
    actor: str
    action: str
    entity_type: str
    entity_id: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


def canonical(value: Any) -> bytes:
    """A byte encoding that is the same on every backend and Python version.

    Sorted keys, no whitespace, non-ASCII kept as UTF-8, NaN refused: two equal values
    always encode to the same bytes.
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_plain
    ).encode()


def _plain(value: Any) -> Any:
    """Dates and datetimes as ISO text; anything else unencodable is a programming error."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"audit payload value {value!r} ({type(value).__name__}) has no canonical encoding")


def event_hash(
    seq: int,
    at: str,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str,
    payload: dict[str, Any],
    prev_hash: str,
) -> str:
    body = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "payload": payload,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical(body)).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first event at which the chain stops holding, and why."""

    seq: int
    reason: str


def verify_chain(
    events: Iterable[AuditEvent], *, expected_count: int | None = None, expected_head: str | None = None
) -> ChainBreak | None:
    """Walk the events in stored order; return the first broken link, or None if intact.

    `expected_count` and `expected_head` come from the separately stored chain head, so a
    deletion of the newest events (which leaves a shorter but self-consistent chain) is
    caught as well.
    """
    prev = GENESIS_HASH
    expected_seq = 1
    last_seq = 0
    for ev in events:
        if ev.seq != expected_seq:
            reason = "missing event(s) before it" if ev.seq > expected_seq else "out of order or duplicated"
            return ChainBreak(ev.seq, f"sequence jumps from {expected_seq - 1} to {ev.seq}: {reason}")
        if ev.prev_hash != prev:
            return ChainBreak(ev.seq, "its prev_hash does not match the previous event's hash (reordered or inserted)")
        recomputed = event_hash(
            ev.seq, ev.at, ev.actor, ev.action, ev.entity_type, ev.entity_id, ev.payload, ev.prev_hash
        )
        if recomputed != ev.hash:
            return ChainBreak(ev.seq, "its content does not match its hash (modified)")
        prev = ev.hash
        last_seq = ev.seq
        expected_seq += 1
    if expected_count is not None and last_seq != expected_count:
        return ChainBreak(
            last_seq + 1, f"chain head records {expected_count} events but {last_seq} are stored (deleted)"
        )
    if expected_head is not None and prev != expected_head and expected_count == last_seq:
        return ChainBreak(last_seq, "chain head hash does not match the last event (modified or replaced)")
    return None
