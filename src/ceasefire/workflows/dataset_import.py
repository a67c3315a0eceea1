"""Dataset imports (ACLED, UCDP, GDELT, Ushahidi): the workflow behind `ceasefire import`.
Streams a file through its intake adapter into the record, a batch per transaction.

1. The file's bytes are copied into the content-addressed store while they are hashed, so
   the original of every import is kept (BAD_INPUTS general rule) and the import reads an
   immutable copy; bytes already imported completely are refused as a duplicate of that
   import (row 39), and the attempt is logged.
2. In atomic mode (the default, row 35) a first pass validates the whole file without
   writing: any rejected row or file-level error refuses the file, and every rejection goes
   to the quarantine. In per-row mode good rows go in and bad ones to the quarantine; a
   file-level error part-way stops the import there, quarantining the rest as one entry.
3. Rows are written in batches; each batch's rows, audit events, quarantine entries and
   checkpoint commit in one transaction, so a killed import leaves whole batches only, and
   running it again resumes after the last one (row 34). Re-importing changes nothing: rows
   already held are counted unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from ceasefire.errors import InvalidInput
from ceasefire.intake.csv_reading import InvalidFile, Position
from ceasefire.intake.rows import RejectedRow
from ceasefire.settings import Settings
from ceasefire.storage import checkpoints_repo, imports_repo
from ceasefire.storage.blob_store import BlobStore, hash_stream
from ceasefire.storage.checkpoints_repo import Checkpoint, Counts
from ceasefire.storage.imports_repo import Rejection
from ceasefire.storage.intake_repo import Conn
from ceasefire.storage.record import Record, Transaction
from ceasefire.workflows import dataset_rows, dataset_writes
from ceasefire.workflows.dataset_kinds import AnyRow, ImportOptions, check_kind, parse

DEFAULT_BATCH = 5000
#: Rejections kept in memory for the summary; all of them go to the quarantine.
SHOWN_REJECTIONS = 20
#: (phase, bytes done, bytes in all): "storing" while the file is copied, then "importing".
Progress = Callable[[str, int, int], None]


class Mode(StrEnum):
    """Atomic: the whole file or nothing. Per-row: good rows in, bad rows quarantined."""

    ATOMIC = "atomic"
    PER_ROW = "per-row"


@dataclass
class DatasetImportSummary:
    """What an import did, for the user and the import log. `status` is completed, rejected
    (atomic mode refused the file), incomplete (per-row mode stopped at a file-level error),
    duplicate (these bytes were imported before, as `duplicate_of`) or dry-run."""

    kind: str
    file_name: str
    sha256: str
    mode: Mode
    status: str = "running"
    counts: Counts = field(default_factory=Counts)
    import_id: int | None = None
    duplicate_of: int | None = None
    resumed_at_record: int | None = None
    stopped: str | None = None
    rejections: list[Rejection] = field(default_factory=list)
    stored_path: Path | None = None


def import_dataset(
    record: Record,
    kind: str,
    path: str | Path,
    *,
    name: str | None = None,
    options: ImportOptions | None = None,
    mode: Mode = Mode.ATOMIC,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH,
    data_dir: Path | None = None,
    actor: str | None = None,
    progress: Progress | None = None,
    received_at: datetime | None = None,
    today: date | None = None,
) -> DatasetImportSummary:
    """Import one dataset file; see the module docstring for the steps. Never raises for a bad
    row: rejections are in the summary and the quarantine. Raises `InvalidInput` when the
    file cannot be opened at all. `name` is the file's name for the log (default: its own)."""
    check_kind(kind)
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    if batch_size < 1:
        raise InvalidInput(f"batch size must be at least 1, got {batch_size}")
    options = options or ImportOptions()
    total = path.stat().st_size
    report: Progress = progress or (lambda _phase, _done, _total: None)
    run = _Run(record, kind, options, mode, batch_size, actor, report, total, received_at, today)
    if dry_run:
        return run.dry(path, name or path.name)
    with path.open("rb") as source:
        blob = BlobStore(data_dir or Settings().data_dir, "imports").put_stream(
            source, on_chunk=lambda done: report("storing", done, total)
        )
    run.summary = DatasetImportSummary(kind, name or path.name, blob.sha256, mode, stored_path=blob.path)
    return run.real(blob.path)


def _duplicate_of(conn: Conn, kind: str, sha256: str) -> int | None:
    """The completed import these bytes repeat. A list of withdrawals is the exception while
    the last run of it skipped events the record did not hold yet: they may be held now."""
    earlier = imports_repo.completed_import(conn, kind, sha256)
    if earlier is not None and kind == "acled-deletions":
        latest = checkpoints_repo.latest_completed(conn, kind, sha256)
        if latest is not None and latest.counts.skipped > 0:
            return None
    return earlier


@dataclass
class _Run:
    """One import under way: what it reads with, its summary so far, and what its batches share."""

    record: Record
    kind: str
    options: ImportOptions
    mode: Mode
    batch_size: int
    actor: str | None
    progress: Progress
    total: int
    received_at: datetime | None
    today: date | None
    summary: DatasetImportSummary = field(init=False)
    stopped_at: tuple[int | None, int | None] = field(init=False, default=(None, None))
    zones: dataset_writes.ZoneMemo = field(init=False, default_factory=dataset_writes.ZoneMemo)

    # -- dry run ---------------------------------------------------------------------------

    def dry(self, path: Path, name: str) -> DatasetImportSummary:
        """Everything but the writes: the counts come from the same plan a real import writes."""
        with path.open("rb") as f:
            sha, _ = hash_stream(f, on_chunk=lambda done: self.progress("hashing", done, self.total))
        s = self.summary = DatasetImportSummary(self.kind, name, sha, self.mode, status="dry-run")
        with self.record.reader() as conn:
            s.duplicate_of = _duplicate_of(conn, self.kind, sha)
        memory = dataset_rows.Memory()  # what the rows before would have written
        with path.open("rb") as f:
            for batch, _ in self._batches(f, None):
                with self.record.reader() as conn:  # one short read per batch: writers are not held up
                    plan = dataset_rows.plan_batch(conn, batch, memory)
                self._tally(plan.counts, plan.rejections)
                self.progress("importing", batch[-1].offset, self.total)
        self._count_stop()
        return s

    # -- real import -----------------------------------------------------------------------

    def real(self, stored: Path) -> DatasetImportSummary:
        s = self.summary
        with self.record.reader() as conn:
            s.duplicate_of = _duplicate_of(conn, self.kind, s.sha256)
            unfinished = checkpoints_repo.unfinished(conn, self.kind, s.sha256)
        if s.duplicate_of is not None:
            return self._duplicate()
        if unfinished is not None:
            return self._write(stored, unfinished)
        if self.mode is Mode.ATOMIC and not self._validate(stored):
            return s
        with self.record.transaction(self.actor) as tx:
            if s.import_id is None:
                self._start(tx, "running")
            else:
                checkpoints_repo.set_status(tx.conn, s.import_id, "running")
            assert s.import_id is not None
            tx.audit("import.started", "import", str(s.import_id), self._about())
            checkpoint = checkpoints_repo.load(tx.conn, s.import_id)
        assert checkpoint is not None
        return self._write(stored, checkpoint)

    def _start(self, tx: Transaction, status: str) -> int:
        s = self.summary
        s.import_id = checkpoints_repo.start(
            tx.conn,
            kind=self.kind,
            file_name=s.file_name,
            sha256=s.sha256,
            mode=str(self.mode),
            options=self.options.to_json(),
            status=status,
        )
        return s.import_id

    def _about(self) -> dict[str, object]:
        s = self.summary
        return {"kind": self.kind, "file": s.file_name, "sha256": s.sha256, "mode": str(s.mode)}

    def _duplicate(self) -> DatasetImportSummary:
        """Log the attempt, naming the import that already holds these bytes (BAD_INPUTS row 39)."""
        s = self.summary
        s.status = "duplicate"
        with self.record.transaction(self.actor) as tx:
            import_id = self._start(tx, "duplicate")
            checkpoints_repo.mark_duplicate(tx.conn, import_id, s.duplicate_of or 0)
            tx.audit("import.duplicate", "import", str(import_id), {**self._about(), "duplicate_of": s.duplicate_of})
        return s

    def _validate(self, stored: Path) -> bool:
        """Atomic mode's first pass: read everything, write only rejections. True when clean."""
        s = self.summary
        with self.record.transaction(self.actor) as tx:
            checkpoints_repo.interrupt(tx.conn, self.kind, s.sha256, status="validating")
            self._start(tx, "validating")
        with stored.open("rb") as f:
            for batch, _ in self._batches(f, None):
                rejections = [dataset_rows.rejection(r) for r in batch if isinstance(r, RejectedRow)]
                self._tally(Counts(read=len(batch), rejected=len(rejections)), rejections)
                if rejections:
                    with self.record.transaction(self.actor) as tx:
                        self._store_rejections(tx, rejections)
                self.progress("validating", batch[-1].offset, self.total)
        stop = self._count_stop()
        if s.counts.rejected == 0:
            s.counts = Counts()
            s.rejections = []
            return True
        s.status = "rejected"
        assert s.import_id is not None
        with self.record.transaction(self.actor) as tx:
            self._store_rejections(tx, [stop] if stop else [])
            checkpoints_repo.finish(tx.conn, s.import_id, status="rejected", counts=s.counts, note=s.stopped or "")
            first = [r.reason for r in s.rejections[:3]]
            tx.audit(
                "import.rejected", "import", str(s.import_id), {**self._about(), **asdict(s.counts), "first": first}
            )
        return False

    def _write(self, stored: Path, checkpoint: Checkpoint) -> DatasetImportSummary:
        """Write batches from the checkpoint on; each batch moves the checkpoint as it commits."""
        s = self.summary
        s.import_id, s.mode = checkpoint.import_id, Mode(checkpoint.mode)
        self.options = ImportOptions.from_json(checkpoint.options)
        s.counts = checkpoint.counts
        offset = checkpoint.offset
        resume = Position(checkpoint.offset, checkpoint.records) if checkpoint.records > 0 else None
        s.resumed_at_record = checkpoint.records if resume is not None else None
        with stored.open("rb") as f:
            for batch, last in self._batches(f, resume):
                offset = self._commit(batch, offset, final=last)
        if s.status == "running":  # no rows after the checkpoint, or the file stopped between batches
            self._commit([], offset, final=True)
        return s

    def _commit(self, batch: list[AnyRow], expected: int, *, final: bool) -> int:
        s = self.summary
        assert s.import_id is not None
        offset = batch[-1].offset if batch else expected
        with self.record.transaction(self.actor) as tx:
            if batch:
                plan = dataset_rows.plan_batch(tx.conn, batch, dataset_rows.Memory())
                dataset_writes.write_plan(tx, plan, import_id=s.import_id, offset=offset, zones=self.zones)
                self._store_rejections(tx, plan.rejections)
                self._tally(plan.counts, plan.rejections)
                checkpoints_repo.advance(
                    tx.conn,
                    s.import_id,
                    expected_offset=expected,
                    offset=offset,
                    records=batch[-1].record,
                    counts=s.counts,
                )
            if final:
                stop = self._count_stop()
                self._store_rejections(tx, [stop] if stop else [])
                s.status = "incomplete" if stop else "completed"
                checkpoints_repo.finish(tx.conn, s.import_id, status=s.status, counts=s.counts, note=s.stopped or "")
                tx.audit(f"import.{s.status}", "import", str(s.import_id), {**self._about(), **asdict(s.counts)})
        self.progress("importing", offset, self.total)
        return offset

    # -- shared ----------------------------------------------------------------------------

    def _batches(self, f: BinaryIO, resume: Position | None) -> Iterator[tuple[list[AnyRow], bool]]:
        """Batches of rows, the last flagged; a file-level error ends the rows and is noted."""
        rows = parse(self.kind, f, self.options, resume=resume, received_at=self.received_at, today=self.today)
        batch: list[AnyRow] = []
        try:
            for row in rows:
                if len(batch) >= self.batch_size:
                    yield batch, False
                    batch = []
                batch.append(row)
        except InvalidFile as error:
            self.summary.stopped = error.message
            self.stopped_at = (error.record, error.offset)
        if batch:
            yield batch, True

    def _count_stop(self) -> Rejection | None:
        """The file-level error that ended the rows, counted once as a rejection of the rest."""
        s = self.summary
        if s.stopped is None:
            return None
        record, offset = self.stopped_at
        reason = f"file-level: {s.stopped}; nothing from here on was imported"
        stop = Rejection(record, reason, {"file": True, "offset": offset})
        self._tally(Counts(rejected=1), [stop])
        return stop

    def _tally(self, counts: Counts, rejections: list[Rejection]) -> None:
        s = self.summary
        s.counts.add(counts)
        room = SHOWN_REJECTIONS - len(s.rejections)
        if room > 0:
            s.rejections.extend(rejections[:room])

    def _store_rejections(self, tx: Transaction, rejections: list[Rejection]) -> None:
        if rejections:
            s = self.summary
            imports_repo.quarantine_rows(
                tx.conn,
                import_id=s.import_id,
                kind=self.kind,
                file_name=s.file_name,
                file_sha256=s.sha256,
                rejections=rejections,
            )


def import_log(record: Record, *, limit: int = 50) -> list[dict[str, object]]:
    """The import log as flat rows, newest first; a duplicate attempt names the import it repeats."""
    with record.reader() as conn:
        entries = checkpoints_repo.recent(conn, limit)
    rows: list[dict[str, object]] = []
    for e in entries:
        note = f"duplicate of import #{e.duplicate_of}" if e.duplicate_of is not None else e.note
        rows.append(
            {
                "id": e.import_id,
                "kind": e.kind,
                "file": e.file_name,
                "sha256": e.file_sha256,
                "status": e.status,
                "mode": e.mode,
                **asdict(e.counts),
                "note": note,
                "started_at": e.started_at.isoformat(timespec="seconds"),
                "finished_at": e.finished_at.isoformat(timespec="seconds") if e.finished_at else None,
            }
        )
    return rows
