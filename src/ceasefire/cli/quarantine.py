"""`ceasefire quarantine ...`: the rejected rows and files of every import, and their retry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from ceasefire.cli.context import console, fail, open_record, reports_errors
from ceasefire.cli.imports import read_categories
from ceasefire.cli.output import Format, emit, print_json
from ceasefire.workflows.quarantine import LIST_COLUMNS, list_entries, retry, show

TABLE_COLUMNS = ("id", "import", "kind", "file", "record", "reason", "resolved_at")


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Rejected rows and files, kept with their reasons; retry them.", no_args_is_help=True)
    app.add_typer(group, name="quarantine")

    @group.command("list")
    @reports_errors
    def list_(
        include_resolved: bool = typer.Option(False, "--all", help="Resolved entries too."),
        kind: str | None = typer.Option(None, "--kind", help="Only entries of this import kind (e.g. acled)."),
        fmt: Format = typer.Option(Format.TABLE, "--format", help="table, json or csv"),
    ) -> None:
        """List quarantined rows and files: import, file, record number and the reason."""
        rows = [e.row() for e in list_entries(open_record(), include_resolved=include_resolved, kind=kind)]
        columns = TABLE_COLUMNS if fmt is Format.TABLE else LIST_COLUMNS
        emit(rows, fmt, columns, title=f"{len(rows)} quarantined")

    @group.command("show")
    @reports_errors
    def show_(
        entry_id: int = typer.Argument(..., metavar="ID"),
        fmt: Format = typer.Option(Format.TABLE, "--format", help="table or json"),
    ) -> None:
        """One entry: its reason, the raw cells as received, the kept original file, its history."""
        d = show(open_record(), entry_id)
        e = d.entry
        if fmt is Format.JSON:
            print_json({**e.row(), "raw": e.raw, "stored_file": str(d.stored_file) if d.stored_file else None})
            return
        console.print(f"[bold]quarantine #{e.id}[/] ({e.kind}, import #{e.import_id})", highlight=False)
        where = f"record {e.record}" if e.record is not None else "the whole file"
        console.print(f"  file:   {escape(e.file_name)}, {where}", highlight=False)
        console.print(f"  sha256: {e.file_sha256}", highlight=False)
        console.print(f"  kept:   {d.stored_file or 'not in this data folder'}", highlight=False)
        console.print(f"  reason: {escape(e.reason)}", highlight=False)
        console.print(f"  status: {'resolved ' + e.resolved_at if e.resolved_at else 'open'}", highlight=False)
        console.print("  raw:", highlight=False)
        console.print(escape(json.dumps(e.raw, ensure_ascii=False, indent=2)), highlight=False)
        for ev in d.history:
            console.print(f"  #{ev.seq} {ev.at} {escape(ev.actor)} {ev.action}", highlight=False)

    @group.command("retry")
    @reports_errors
    def retry_(
        entry_ids: list[int] = typer.Argument(..., metavar="ID..."),
        categories: Path | None = typer.Option(None, "--categories", help="Ushahidi: JSON label -> event type."),
        encoding: str | None = typer.Option(None, "--encoding", help="A file-level entry: the corrected encoding."),
        delimiter: str | None = typer.Option(None, "--delimiter", help="A file-level entry: the corrected delimiter."),
        location_unknown: bool = typer.Option(False, "--location-unknown", help="Ushahidi: accept unlocated posts."),
    ) -> None:
        """Read entries again with the current adapter; import those now valid and mark them resolved."""
        overrides: dict[str, Any] = {}
        if categories is not None:
            overrides["categories"] = read_categories(categories)
        if encoding is not None:
            overrides["encoding"] = encoding
        if delimiter is not None:
            overrides["delimiter"] = "\t" if delimiter == "\\t" else delimiter
        if location_unknown:
            overrides["location_unknown"] = True
        record = open_record()
        still = 0
        for entry_id in entry_ids:
            result = retry(record, entry_id, options=overrides)
            if result.outcome == "rejected":
                still += 1
                console.print(f"#{entry_id}: still rejected: {escape(result.reason)}", highlight=False)
            else:
                made = f" as report {result.report_id}" if result.report_id else ""
                console.print(f"#{entry_id}: {result.outcome}{made}; resolved", highlight=False)
        if still:
            raise fail(f"{still} of {len(entry_ids)} entries are still rejected")
