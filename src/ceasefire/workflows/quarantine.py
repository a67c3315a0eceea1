"""The quarantine: every rejected row or file, kept with its reason, file hash and record
number, and a retry that reads it again with the adapter as it is now. Sits after
`dataset_import`, which fills it; `ceasefire quarantine` and the API read it from here.

A retry of a row rebuilds the one record from its stored cells and parses it again with the
import's stored options (widened by what the user passes, e.g. a larger Ushahidi category
mapping): a row that is now valid is written exactly as an import batch would write it, and
the entry is marked resolved, audited. A file-level entry (wrong encoding, broken quoting)
is retried by importing the stored original again, with the declaration the user corrects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ceasefire.domain.audit import AuditEvent
from ceasefire.errors import Conflict, NotFound
from ceasefire.intake.rows import ParsedRow, RejectedRow, SkippedRow
from ceasefire.settings import Settings
from ceasefire.storage import audit_log, checkpoints_repo, imports_repo
from ceasefire.storage.blob_store import BlobStore
from ceasefire.storage.record import Record
from ceasefire.workflows import dataset_rows, dataset_writes
from ceasefire.workflows.dataset_import import Mode, import_dataset
from ceasefire.workflows.dataset_kinds import KINDS, ImportOptions, reread

LIST_COLUMNS = ("id", "import", "kind", "file", "record", "reason", "created_at", "resolved_at")


@dataclass(frozen=True)
class Entry:
    """One quarantined row or file, as stored."""

    id: int
    import_id: int | None
    kind: str
    file_name: str
    file_sha256: str
    record: int | None
    reason: str
    raw: dict[str, Any]
    created_at: str
    resolved_at: str | None

    @property
    def file_level(self) -> bool:
        return bool(self.raw.get("file"))

    def row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "import": self.import_id,
            "kind": self.kind,
            "file": self.file_name,
            "sha256": self.file_sha256,
            "record": self.record,
            "reason": self.reason,
            "created_at": self.created_at,
            "resolved_at": self.resolved_at,
        }


@dataclass(frozen=True)
class Detail:
    """An entry with where its original file is kept and what happened to it since."""

    entry: Entry
    stored_file: Path | None
    history: list[AuditEvent]


@dataclass(frozen=True)
class RetryResult:
    """`outcome` is imported (now in the record), skipped (now valid but out of scope) or
    rejected (still refused: `reason` says why now)."""

    entry_id: int
    outcome: str
    reason: str = ""
    report_id: str | None = None
    import_id: int | None = None


def _entry(r: Any) -> Entry:
    return Entry(
        id=r.id,
        import_id=r.import_id,
        kind=r.kind,
        file_name=r.file_name,
        file_sha256=r.file_sha256,
        record=r.record_number,
        reason=r.reason,
        raw=dict(r.raw),
        created_at=r.created_at.isoformat(timespec="seconds"),
        resolved_at=r.resolved_at.isoformat(timespec="seconds") if r.resolved_at else None,
    )


def list_entries(record: Record, *, include_resolved: bool = False, kind: str | None = None) -> list[Entry]:
    with record.reader() as conn:
        rows = imports_repo.list_quarantine(conn, include_resolved=include_resolved)
    return [e for e in map(_entry, rows) if kind is None or e.kind == kind]


def show(record: Record, entry_id: int, *, data_dir: Path | None = None) -> Detail:
    with record.reader() as conn:
        row = imports_repo.quarantine_entry(conn, entry_id)
        if row is None:
            raise NotFound(f"no quarantine entry #{entry_id}")
        history = audit_log.events_for(conn, "quarantine", str(entry_id))
    entry = _entry(row)
    store = BlobStore(data_dir or Settings().data_dir, "imports")
    stored = store.path(entry.file_sha256)
    return Detail(entry, stored if stored.is_file() else None, history)


def retry(
    record: Record,
    entry_id: int,
    *,
    options: dict[str, Any] | None = None,
    data_dir: Path | None = None,
    actor: str | None = None,
) -> RetryResult:
    """Read a quarantined row (or file) again; import it when it is now valid.

    `options` override the import's stored options (ImportOptions fields, e.g. `categories`
    or, for a file-level entry, `encoding`).
    """
    with record.reader() as conn:
        row = imports_repo.quarantine_entry(conn, entry_id)
        checkpoint = checkpoints_repo.load(conn, row.import_id) if row is not None and row.import_id else None
    if row is None:
        raise NotFound(f"no quarantine entry #{entry_id}")
    entry = _entry(row)
    if entry.resolved_at is not None:
        raise Conflict(f"quarantine entry #{entry_id} was resolved at {entry.resolved_at}")
    if entry.kind not in KINDS:
        raise Conflict(f"quarantine entry #{entry_id} is from a {entry.kind!r} import; re-import that file instead")
    stored = ImportOptions.from_json(checkpoint.options if checkpoint else {})
    merged = ImportOptions.from_json({**stored.to_json(), **(options or {})})
    if entry.file_level:
        return _retry_file(record, entry, merged, data_dir, actor)
    parsed = reread(entry.kind, entry.raw.get("cells", []), merged, entry.record or 0)
    if isinstance(parsed, RejectedRow) or parsed is None:
        return RetryResult(entry_id, "rejected", parsed.reason if parsed else "the row is empty")
    with record.transaction(actor) as tx:
        if not imports_repo.resolve_quarantine(tx.conn, entry_id):
            raise Conflict(f"quarantine entry #{entry_id} was resolved meanwhile")
        report_id = None
        if isinstance(parsed, SkippedRow):
            outcome, reason = "skipped", parsed.reason
        else:
            plan = dataset_rows.plan_batch(tx.conn, [parsed], dataset_rows.Memory())
            assert entry.import_id is not None  # every dataset import's entries name it
            zones = dataset_writes.ZoneMemo()
            dataset_writes.write_plan(tx, plan, import_id=entry.import_id, offset=parsed.offset, zones=zones)
            outcome, reason = "imported", ""
            report_id = parsed.report.id if isinstance(parsed, ParsedRow) else None
        tx.audit(
            "quarantine.resolved",
            "quarantine",
            str(entry_id),
            {"outcome": outcome, "report": report_id, "options": merged.to_json(), "reason": reason},
        )
    return RetryResult(entry_id, outcome, reason, report_id, entry.import_id)


def _retry_file(
    record: Record, entry: Entry, options: ImportOptions, data_dir: Path | None, actor: str | None
) -> RetryResult:
    """Import the kept original again (per-row, so what was fine before stays unchanged)."""
    store = BlobStore(data_dir or Settings().data_dir, "imports")
    path = store.path(entry.file_sha256)
    if not path.is_file():
        raise NotFound(f"the original of {entry.file_name!r} ({entry.file_sha256}) is not in {store.area}")
    summary = import_dataset(
        record,
        entry.kind,
        path,
        name=entry.file_name,
        options=options,
        mode=Mode.PER_ROW,
        data_dir=data_dir,
        actor=actor,
    )
    if summary.status not in ("completed", "duplicate"):
        reason = summary.stopped or f"the import ended {summary.status}"
        return RetryResult(entry.id, "rejected", reason, import_id=summary.import_id)
    with record.transaction(actor) as tx:
        imports_repo.resolve_quarantine(tx.conn, entry.id)
        tx.audit(
            "quarantine.resolved",
            "quarantine",
            str(entry.id),
            {"outcome": "imported", "import": summary.import_id, "options": options.to_json()},
        )
    return RetryResult(entry.id, "imported", import_id=summary.import_id)
