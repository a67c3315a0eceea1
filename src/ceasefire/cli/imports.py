"""`ceasefire import ...`: bring a dataset file (ACLED, UCDP, GDELT, Ushahidi) into the record,
with a progress bar and a summary; `ceasefire import log` lists past imports."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from ceasefire.cli.context import console, err_console, fail, open_record, reports_errors
from ceasefire.cli.output import Format, emit, print_json
from ceasefire.errors import InvalidInput
from ceasefire.workflows.dataset_import import DatasetImportSummary, Mode, import_dataset, import_log
from ceasefire.workflows.dataset_kinds import KINDS, ImportOptions

LOG_COLUMNS = ("id", "kind", "file", "sha256", "status", "mode", "read", "new", "updated", "unchanged", "deleted",
               "rejected", "skipped", "note", "started_at", "finished_at")  # fmt: skip
LOG_TABLE = ("id", "kind", "file", "status", "read", "new", "updated", "unchanged", "deleted", "rejected", "note")


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar on stderr fed by the workflow's (phase, done, total) callback."""
    if not enabled:
        yield lambda _phase, _done, _total: None
        return
    columns = (TextColumn("{task.description:<10}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=False) as bar:
        tasks: dict[str, TaskID] = {}

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done)

        yield update


def print_summary(s: DatasetImportSummary, fmt: Format) -> None:
    if fmt is Format.JSON:
        data: dict[str, Any] = {
            "import": s.import_id,
            "kind": s.kind,
            "file": s.file_name,
            "sha256": s.sha256,
            "mode": str(s.mode),
            "status": s.status,
            "duplicate_of": s.duplicate_of,
            "resumed_at_record": s.resumed_at_record,
            "stopped": s.stopped,
            **asdict(s.counts),
            "rejections": [{"record": r.record_number, "reason": r.reason} for r in s.rejections],
        }
        print_json(data)
        return
    name = escape(s.file_name)
    if s.status == "duplicate":
        console.print(
            f"{name}: duplicate of import #{s.duplicate_of} (same SHA-256 {s.sha256[:12]}…): 0 new rows; "
            f"logged as import #{s.import_id}",
            highlight=False,
        )
        return
    c = s.counts
    label = "dry run (nothing written)" if s.status == "dry-run" else f"import #{s.import_id} {s.status}"
    if s.resumed_at_record:
        label += f", resumed after record {s.resumed_at_record}"
    console.print(
        f"{name}: {label}: {c.read} rows read, {c.new} new, {c.updated} updated, {c.unchanged} unchanged, "
        f"{c.deleted} deleted, {c.rejected} rejected, {c.skipped} skipped",
        highlight=False,
    )
    if s.status == "dry-run" and s.duplicate_of is not None:
        console.print(f"  these bytes were imported already as import #{s.duplicate_of}", highlight=False)
    for r in s.rejections:
        where = f"record {r.record_number}: " if r.record_number is not None else ""
        console.print(f"  [red]rejected[/] {escape(where + r.reason)}", highlight=False)
    if c.rejected > len(s.rejections):
        console.print(f"  ... and {c.rejected - len(s.rejections)} more; see `ceasefire quarantine list`")


def read_categories(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path}: not a readable JSON object of label -> event type: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise InvalidInput(f"{path}: expected a JSON object of label -> 'Event type[/Sub-event type]' strings")
    return data


def _command(kind: str) -> Callable[..., None]:
    def run(
        file: Path = typer.Argument(..., metavar="FILE", help="The file as downloaded; it is read as a stream."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Validate and count; write nothing."),
        mode: Mode = typer.Option(Mode.ATOMIC, "--mode", help="atomic: all rows or none. per-row: bad rows aside."),
        source_name: str | None = typer.Option(None, "--source-name", help="Name of the source (e.g. 'ACLED')."),
        country: list[str] = typer.Option([], "--country", help="Only these countries (repeat the option)."),
        delimiter: str = typer.Option(",", "--delimiter", help="The file's declared delimiter (never sniffed)."),
        encoding: str = typer.Option("utf-8", "--encoding", help="The file's declared encoding."),
        categories: Path | None = typer.Option(None, "--categories", help="Ushahidi: JSON label -> event type."),
        location_unknown: bool = typer.Option(False, "--location-unknown", help="Ushahidi: accept posts unlocated."),
        batch_size: int = typer.Option(5000, "--batch-size", help="Rows per committed batch (and checkpoint)."),
        fmt: Format = typer.Option(Format.TABLE, "--format", help="table or json"),
    ) -> None:
        options = ImportOptions(
            source_name=source_name,
            countries=tuple(country),
            delimiter="\t" if delimiter == "\\t" else delimiter,
            encoding=encoding,
            categories=read_categories(categories),
            location_unknown=location_unknown,
        )
        with progress_bar(fmt is not Format.JSON) as progress:
            summary = import_dataset(
                open_record(), kind, file, options=options, mode=mode, dry_run=dry_run,
                batch_size=batch_size, progress=progress,
            )  # fmt: skip
        print_summary(summary, fmt)
        if summary.status in ("rejected", "incomplete"):
            raise fail(f"{summary.file_name}: import {summary.status}; the rejections are in the quarantine")

    run.__doc__ = f"Import {KINDS[kind]}."
    return reports_errors(run)


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="Import the field's datasets: streamed, checkpointed, resumable after a crash, idempotent.",
        no_args_is_help=True,
    )
    app.add_typer(group, name="import")
    for kind in KINDS:
        group.command(kind)(_command(kind))

    @group.command("log")
    @reports_errors
    def log(
        limit: int = typer.Option(50, "--limit", help="How many imports, newest first."),
        fmt: Format = typer.Option(Format.TABLE, "--format", help="table, json or csv"),
    ) -> None:
        """The import log: every attempt, its counts, and what it duplicated or where it stopped."""
        rows = import_log(open_record(), limit=limit)
        emit(rows, fmt, LOG_TABLE if fmt is Format.TABLE else LOG_COLUMNS, title=f"{len(rows)} imports")
