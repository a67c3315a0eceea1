"""Import runs and the quarantine of rejected rows: nothing that arrives is lost."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ceasefire.storage.schema import imports, quarantine


@dataclass(frozen=True)
class Rejection:
    """A rejected row or file: where it was, why, and what it held."""

    record_number: int | None
    reason: str
    raw: dict[str, Any]


def completed_import(conn: Connection, kind: str, sha256: str) -> int | None:
    """The id of an earlier completed import of the same bytes, if any."""
    return conn.execute(
        select(imports.c.id)
        .where(imports.c.kind == kind, imports.c.sha256 == sha256, imports.c.status == "completed")
        .order_by(imports.c.id)
        .limit(1)
    ).scalar()


def start_import(conn: Connection, kind: str, file_name: str, sha256: str) -> int:
    result = conn.execute(
        insert(imports).values(
            kind=kind, file_name=file_name, sha256=sha256, status="running", started_at=datetime.now(UTC)
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def finish_import(
    conn: Connection, import_id: int, *, status: str, read: int, new: int, unchanged: int, rejected: int
) -> None:
    conn.execute(
        update(imports)
        .where(imports.c.id == import_id)
        .values(
            status=status,
            rows_read=read,
            rows_new=new,
            rows_unchanged=unchanged,
            rows_rejected=rejected,
            finished_at=datetime.now(UTC),
        )
    )


def quarantine_rows(
    conn: Connection,
    *,
    import_id: int | None,
    kind: str,
    file_name: str,
    file_sha256: str,
    rejections: Sequence[Rejection],
) -> int:
    """Store rejections not already held for this file; returns how many were new."""
    held = {
        r
        for r in conn.execute(
            select(quarantine.c.record_number).where(quarantine.c.file_sha256 == file_sha256, quarantine.c.kind == kind)
        ).scalars()
    }
    now = datetime.now(UTC)
    rows = [
        {
            "import_id": import_id,
            "kind": kind,
            "file_name": file_name,
            "file_sha256": file_sha256,
            "record_number": r.record_number,
            "reason": r.reason,
            "raw": r.raw,
            "created_at": now,
        }
        for r in rejections
        if r.record_number not in held
    ]
    if rows:
        conn.execute(insert(quarantine), rows)
    return len(rows)


def list_quarantine(conn: Connection, *, include_resolved: bool = False) -> list[Any]:
    query = select(quarantine).order_by(quarantine.c.id)
    if not include_resolved:
        query = query.where(quarantine.c.resolved_at.is_(None))
    return list(conn.execute(query))


def quarantine_entry(conn: Connection, entry_id: int) -> Any | None:
    return conn.execute(select(quarantine).where(quarantine.c.id == entry_id)).first()


def resolve_quarantine(conn: Connection, entry_id: int) -> bool:
    """Mark an entry resolved (its row is now in the record); False when it already was."""
    result = conn.execute(
        update(quarantine)
        .where(quarantine.c.id == entry_id, quarantine.c.resolved_at.is_(None))
        .values(resolved_at=datetime.now(UTC))
    )
    return result.rowcount == 1
