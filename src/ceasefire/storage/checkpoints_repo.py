"""Import checkpoints: where a dataset import stands, committed with each batch it covers.

Each batch of an import writes its rows and moves its checkpoint in one transaction, so after
a crash the checkpoint names exactly the rows already in the record and the import resumes
after them. Moving a checkpoint checks that it still stands where the writer left it: a
second process resuming the same import at the same time fails instead of writing twice.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Select, insert, select, update

from ceasefire.errors import Conflict
from ceasefire.storage import imports_repo
from ceasefire.storage.schema import import_checkpoints, imports


@dataclass
class Counts:
    """What an import did to its rows so far; `read` counts every record but the header."""

    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rejected: int = 0
    skipped: int = 0

    def add(self, other: Counts) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)


@dataclass(frozen=True)
class Checkpoint:
    """A stored import with its position (byte offset, records read including the header)."""

    import_id: int
    kind: str
    file_name: str
    file_sha256: str
    status: str
    mode: str
    options: dict[str, Any]
    offset: int
    records: int
    counts: Counts
    duplicate_of: int | None
    note: str
    started_at: datetime
    finished_at: datetime | None


def _columns(counts: Counts) -> dict[str, int]:
    return {f"rows_{name}": value for name, value in asdict(counts).items()}


def start(
    conn: Connection, *, kind: str, file_name: str, sha256: str, mode: str, options: dict[str, Any], status: str
) -> int:
    """A new import at the start of its file."""
    import_id = imports_repo.start_import(conn, kind, file_name, sha256)
    if status != "running":
        conn.execute(update(imports).where(imports.c.id == import_id).values(status=status))
    conn.execute(
        insert(import_checkpoints).values(
            import_id=import_id,
            file_sha256=sha256,
            mode=mode,
            options=options,
            byte_offset=0,
            records=0,
            note="",
            updated_at=datetime.now(UTC),
            **_columns(Counts()),
        )
    )
    return import_id


def advance(
    conn: Connection, import_id: int, *, expected_offset: int, offset: int, records: int, counts: Counts
) -> None:
    """Move the checkpoint after a batch; refuses when another writer moved it first."""
    result = conn.execute(
        update(import_checkpoints)
        .where(import_checkpoints.c.import_id == import_id, import_checkpoints.c.byte_offset == expected_offset)
        .values(byte_offset=offset, records=records, updated_at=datetime.now(UTC), **_columns(counts))
    )
    if result.rowcount != 1:
        raise Conflict(f"import #{import_id} was advanced by another process; run it again to resume from there")


def finish(conn: Connection, import_id: int, *, status: str, counts: Counts, note: str = "") -> None:
    imports_repo.finish_import(
        conn,
        import_id,
        status=status,
        read=counts.read,
        new=counts.new,
        unchanged=counts.unchanged,
        rejected=counts.rejected,
    )
    conn.execute(
        update(import_checkpoints)
        .where(import_checkpoints.c.import_id == import_id)
        .values(updated_at=datetime.now(UTC), note=note, **_columns(counts))
    )


def set_status(conn: Connection, import_id: int, status: str) -> None:
    conn.execute(update(imports).where(imports.c.id == import_id).values(status=status))


def interrupt(conn: Connection, kind: str, sha256: str, *, status: str) -> None:
    """Mark earlier attempts at these bytes left in `status` by a crash as interrupted."""
    conn.execute(
        update(imports)
        .where(imports.c.kind == kind, imports.c.sha256 == sha256, imports.c.status == status)
        .values(status="interrupted", finished_at=datetime.now(UTC))
    )


def mark_duplicate(conn: Connection, import_id: int, duplicate_of: int) -> None:
    conn.execute(
        update(import_checkpoints).where(import_checkpoints.c.import_id == import_id).values(duplicate_of=duplicate_of)
    )


def _query() -> Select[Any]:
    return select(
        imports.c.id,
        imports.c.kind,
        imports.c.file_name,
        imports.c.status,
        imports.c.started_at,
        imports.c.finished_at,
        import_checkpoints,
    ).join(import_checkpoints, import_checkpoints.c.import_id == imports.c.id)


def _checkpoint(r: Any) -> Checkpoint:
    counts = Counts(
        read=r.rows_read,
        new=r.rows_new,
        updated=r.rows_updated,
        unchanged=r.rows_unchanged,
        deleted=r.rows_deleted,
        rejected=r.rows_rejected,
        skipped=r.rows_skipped,
    )
    return Checkpoint(
        import_id=r.id,
        kind=r.kind,
        file_name=r.file_name,
        file_sha256=r.file_sha256,
        status=r.status,
        mode=r.mode,
        options=dict(r.options),
        offset=int(r.byte_offset),
        records=r.records,
        counts=counts,
        duplicate_of=r.duplicate_of,
        note=r.note,
        started_at=r.started_at,
        finished_at=r.finished_at,
    )


def load(conn: Connection, import_id: int) -> Checkpoint | None:
    row = conn.execute(_query().where(imports.c.id == import_id)).first()
    return _checkpoint(row) if row else None


def unfinished(conn: Connection, kind: str, sha256: str) -> Checkpoint | None:
    """The newest import of these bytes that a crash or a kill left running."""
    row = conn.execute(
        _query()
        .where(imports.c.kind == kind, imports.c.sha256 == sha256, imports.c.status == "running")
        .order_by(imports.c.id.desc())
        .limit(1)
    ).first()
    return _checkpoint(row) if row else None


def latest_completed(conn: Connection, kind: str, sha256: str) -> Checkpoint | None:
    row = conn.execute(
        _query()
        .where(imports.c.kind == kind, imports.c.sha256 == sha256, imports.c.status == "completed")
        .order_by(imports.c.id.desc())
        .limit(1)
    ).first()
    return _checkpoint(row) if row else None


def recent(conn: Connection, limit: int = 50) -> list[Checkpoint]:
    """The import log, newest first."""
    return [_checkpoint(r) for r in conn.execute(_query().order_by(imports.c.id.desc()).limit(limit))]
