"""`ceasefire assess`: every incident against every provision, with a progress bar."""

from __future__ import annotations

from datetime import date, datetime

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ceasefire.cli.context import console, open_record, reports_errors


def register(app: typer.Typer) -> None:
    @app.command("assess")
    @reports_errors
    def assess(
        since: datetime | None = typer.Option(
            None, "--since", formats=["%Y-%m-%d"], help="Only incidents whose dates reach this day (YYYY-MM-DD)."
        ),
    ) -> None:
        """Assess incidents against every provision of every agreement; changed verdicts are stored
        (the old ones kept) and audited, unchanged ones left alone."""
        from ceasefire.workflows.assessment import assess_record

        day: date | None = since.date() if since else None
        with Progress(
            TextColumn("assessing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console
        ) as bar:
            task = bar.add_task("assess", total=None)
            summary = assess_record(
                open_record(), since=day, progress=lambda done, total: bar.update(task, completed=done, total=total)
            )
        console.print(
            f"assessed {summary.incidents} incidents: {summary.verdicts_changed} verdict(s) new or changed",
            highlight=False,
        )
