"""`ceasefire evidence ...`: attach a file to a report, list a report's files, fetch one."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer
from rich.markup import escape

from ceasefire.cli.context import console, open_record, reports_errors
from ceasefire.cli.output import Format, emit, print_json
from ceasefire.domain.statuses import Role

COLUMNS = ("sha256", "mime", "size", "width", "height", "name", "working", "added_at")


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="Evidence files: originals kept byte-exact, working copies without metadata.", no_args_is_help=True
    )
    app.add_typer(group, name="evidence")

    @group.command("add")
    @reports_errors
    def add(
        report_id: str = typer.Argument(..., metavar="REPORT", help="The report the file supports."),
        file: Path = typer.Argument(..., metavar="FILE", help="JPEG, PNG, PDF, MP4 or plain text."),
        fmt: Format = typer.Option(Format.TABLE, "--format", help="table or json"),
    ) -> None:
        """Attach a file: hashed, kept byte-exact, sniffed, and a working copy made without metadata."""
        from ceasefire.workflows.evidence import add_evidence

        done = add_evidence(open_record(), report_id, file)
        e = done.evidence
        if fmt is Format.JSON:
            print_json(
                {
                    "report": done.report_id,
                    "sha256": e.sha256,
                    "mime": e.mime,
                    "size": e.size,
                    "working_sha256": e.working_sha256,
                    "note": e.working_note,
                    "new_file": done.new_file,
                    "new_link": done.new_link,
                }
            )
            return
        stored = "stored" if done.new_file else "already held (same SHA-256), stored once"
        linked = "linked" if done.new_link else "already linked to this report (custody event recorded)"
        console.print(f"{escape(done.name)}: {e.mime}, {e.size} bytes, sha256 {e.sha256}", highlight=False)
        console.print(f"  {stored}; {linked}; working copy: {e.working_note}", highlight=False)

    @group.command("list")
    @reports_errors
    def list_(
        report_id: str = typer.Argument(..., metavar="REPORT"),
        fmt: Format = typer.Option(Format.TABLE, "--format", help="table, json or csv"),
    ) -> None:
        """The files a report cites, with their hashes and the names they arrived under."""
        from ceasefire.workflows.evidence import evidence_of

        rows = [
            {
                "sha256": f.sha256,
                "mime": f.mime,
                "size": f.size,
                "width": f.width,
                "height": f.height,
                "name": link.original_name,
                "working": f.working_sha256 or f.working_note,
                "added_at": link.added_at.isoformat(timespec="seconds"),
            }
            for link, f in evidence_of(open_record(), report_id)
        ]
        emit(rows, fmt, COLUMNS, title=f"{len(rows)} files")

    @group.command("get")
    @reports_errors
    def get(
        sha256: str = typer.Argument(..., metavar="SHA256"),
        out: Path = typer.Option(..., "--out", help="Where to write the copy."),
        original: bool = typer.Option(False, "--original", help="The byte-exact original (analysts only)."),
    ) -> None:
        """Write a file's working copy (or, for analysts, its original) to --out; the access is audited."""
        from ceasefire.workflows.evidence import open_evidence

        path, mime = open_evidence(
            open_record(), sha256, role=Role.ANALYST, variant="original" if original else "working"
        )
        shutil.copyfile(path, out)
        console.print(f"wrote {out} ({mime})", highlight=False)
