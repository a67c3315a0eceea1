"""Moving a field office's record to the centre (`ceasefire db copy`): every table, in one
transaction on the target, with the audit chain verified on both sides and the heads equal.

The audit chain decides what a target may hold. An empty target takes the copy. A target
whose chain is a prefix of the source's (an earlier copy of the same office) holds nothing
the source lacks, since every change writes an audit event, so its tables are replaced by
the source's current state. Anything else (rows but no events, a chain that diverges or runs
ahead) is refused: copying over it would erase history.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ceasefire.errors import AuditChainBroken, Conflict
from ceasefire.storage import audit_log, copying
from ceasefire.storage.database import database_url
from ceasefire.storage.record import Record


class CopyMode(StrEnum):
    FRESH = "fresh"  # the target was empty
    EXTENDED = "extended"  # the target held an earlier state of the same chain
    UP_TO_DATE = "up to date"  # the target already holds the source's head


class CopyRefused(Conflict):
    """The target holds history the source does not: nothing was written."""

    code = "copy_refused"


@dataclass(frozen=True)
class CopySummary:
    """What moved, and the proof: both chains intact and ending in the same hash."""

    source: str
    target: str
    mode: CopyMode
    rows: dict[str, int]
    target_events_before: int
    source_head: tuple[int, str]
    target_head: tuple[int, str]


def shown(db: str) -> str:
    """A database as it may be printed: the URL without its password."""
    return database_url(db).render_as_string(hide_password=True)


def _verified_head(record: Record, side: str) -> tuple[int, str]:
    with record.reader() as conn:
        broken = audit_log.verify(conn)
        if broken is not None:
            raise AuditChainBroken(f"{side}: audit chain broken at event {broken.seq}: {broken.reason}")
        return audit_log.head(conn)


def decide(state: copying.TargetState, source_head: tuple[int, str]) -> CopyMode:
    """Whether the target may take the copy, from its audit chain against the source's."""
    seq, digest = state.head
    if seq == 0:
        if state.tables_with_rows:
            raise CopyRefused(
                f"the target is not empty (rows in {', '.join(state.tables_with_rows)}) and has no audit events: "
                "copying would overwrite data no chain accounts for; copy into an empty database"
            )
        return CopyMode.FRESH
    if seq > source_head[0]:
        raise CopyRefused(
            f"the target's audit chain runs ahead of the source's ({seq} events against {source_head[0]}): "
            "it holds history the source lacks"
        )
    if state.source_hash_at_target_head != digest:
        raise CopyRefused(
            f"the target's audit chain is not a prefix of the source's: event {seq} is {digest[:12]}... on the "
            f"target but {(state.source_hash_at_target_head or 'absent')[:12]}... on the source; these are "
            "different records"
        )
    return CopyMode.UP_TO_DATE if (seq, digest) == source_head else CopyMode.EXTENDED


def copy_record(source_db: str, target_db: str, *, batch: int = 5000) -> CopySummary:
    """Copy the record at `source_db` into `target_db` (both migrated to the current schema first).

    Refuses, writing nothing, when the source's chain is broken or the target holds history
    the source lacks; rolls back when the target's chain after the copy does not verify or
    does not end in the source's head.
    """
    if database_url(source_db) == database_url(target_db):
        raise CopyRefused(f"source and target are the same database: {shown(source_db)}")
    source, target = Record.open(source_db), Record.open(target_db)
    try:
        _verified_head(source, "source")
        with source.reader() as src, copying.writing(target.engine) as dst:
            source_head = audit_log.head(src)
            plans = copying.plan_copy(src, dst)
            before = audit_log.head(dst)
            mode = decide(copying.target_state(src, dst, plans), source_head)
            rows: dict[str, int] = {}
            if mode is not CopyMode.UP_TO_DATE:
                if mode is CopyMode.EXTENDED:
                    copying.clear(dst, plans)
                rows = {p.name: copying.copy_table(src, dst, p, batch=batch) for p in plans}
                copying.restart_sequences(dst, plans)
            broken = audit_log.verify(dst)
            if broken is not None:
                raise AuditChainBroken(f"target after copy: chain broken at event {broken.seq}: {broken.reason}")
            if audit_log.head(dst) != source_head:
                raise AuditChainBroken(f"target head {audit_log.head(dst)} differs from source head {source_head}")
        target_head = _verified_head(target, "target")
        source_after = _verified_head(source, "source")
        if not (target_head == source_after == source_head):
            raise AuditChainBroken(f"heads differ after the copy: source {source_after}, target {target_head}")
        return CopySummary(shown(source_db), shown(target_db), mode, rows, before[0], source_head, target_head)
    finally:
        source.close()
        target.close()
