"""`ceasefire bulletin`: write the day's bulletin (HTML and PDF), or check one against the record."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ceasefire.cli.context import console, fail, open_record, reports_errors
from ceasefire.cli.zones import parse_day
from ceasefire.domain.statuses import Edition
from ceasefire.errors import InvalidInput

if TYPE_CHECKING:
    from ceasefire.workflows.bulletin import BulletinResult


def print_result(result: BulletinResult) -> None:
    cut = result.cutoff
    state = " (provisional: produced before the cut-off)" if cut.provisional else ""
    console.print(
        f"bulletin of {cut.day} ({result.edition.value} edition), incidents {result.period_start} – {cut.day}: "
        f"{result.incidents}; cut-off {cut.local_text()}{state}",
        highlight=False,
        soft_wrap=True,
    )
    console.print(
        f"  audit chain head at the cut-off: #{result.audit_seq} {result.audit_hash}", highlight=False, soft_wrap=True
    )
    console.print(f"  {result.html_path}  sha256 {result.html_sha256}", highlight=False, soft_wrap=True)
    console.print(f"  {result.pdf_path}  sha256 {result.pdf_sha256}", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    @app.command("bulletin")
    @reports_errors
    def bulletin(
        date: str | None = typer.Option(
            None, "--date", help="The bulletin's day (YYYY-MM-DD); cut at 23:59:59 Damascus."
        ),
        edition: Edition = typer.Option(
            Edition.PUBLIC, "--edition", help="public, or centre (confidential sources, exact positions)."
        ),
        out: Path = typer.Option(Path("bulletins"), "--out", help="Folder to write bulletin-DATE.html and .pdf into."),
        since: str | None = typer.Option(
            None, "--since", help="First day of the period covered (default: the bulletin's day alone)."
        ),
        agreement: str | None = typer.Option(None, "--agreement", help="Agreement id (default: the one in force)."),
        check: Path | None = typer.Option(
            None, "--check", metavar="FILE", help="Check a bulletin file against the record instead of writing one."
        ),
    ) -> None:
        """Write the bulletin of --date: zones, map, trend, incidents with verdicts, contested claims,
        data quality and the audit chain's head at the cut-off. Publishing is recorded in the audit log."""
        # weasyprint and matplotlib take a second to import: only a bulletin pays for them.
        from ceasefire.workflows.bulletin import write_bulletin
        from ceasefire.workflows.bulletin_check import check_bulletin

        record = open_record()
        if check is not None:
            result = check_bulletin(record, check)
            for line in result.findings:
                console.print(f"  {line}", highlight=False, soft_wrap=True)
            if not result.ok:
                raise fail(f"{check}: does not match the record", code=2)
            console.print(f"{check}: matches the record", highlight=False, soft_wrap=True)
            return
        if date is None:
            raise InvalidInput("--date is required (the bulletin's day, YYYY-MM-DD)")
        day = parse_day(date, "--date")
        start = parse_day(since, "--since") if since else None
        print_result(write_bulletin(record, day, out, edition=edition, since=start, agreement_id=agreement))
