"""`ceasefire export`: the record's incidents as GeoJSON, CSV or HXL for other tools."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ceasefire.cli.context import console, open_record, reports_errors
from ceasefire.cli.zones import parse_day
from ceasefire.domain.statuses import Edition, ExportFormat


def register(app: typer.Typer) -> None:
    @app.command("export")
    @reports_errors
    def export(
        fmt: ExportFormat = typer.Option(..., "--format", help="geojson, csv or hxl (CSV with HXL hashtags)."),
        since: str | None = typer.Option(
            None, "--since", help="Only incidents dated on or after this day (YYYY-MM-DD)."
        ),
        zone: str | None = typer.Option(None, "--zone", help="Only incidents assigned to this zone id."),
        edition: Edition = typer.Option(
            Edition.PUBLIC,
            "--edition",
            help="public: no confidential source, positions to ~1 km; centre: everything, for the centre only.",
        ),
        out: Path | None = typer.Option(None, "--out", help="Write to this file instead of standard output."),
    ) -> None:
        """Export incidents with their current zone; CSV cells that a spreadsheet would run are neutralised."""
        from ceasefire.workflows.export import export_frame, export_text  # pandas: only when exporting

        frame = export_frame(
            open_record(), since=parse_day(since, "--since") if since else None, zone=zone, edition=edition
        )
        text = export_text(frame, fmt)
        if out is None:
            sys.stdout.write(text)
            return
        out.write_text(text, encoding="utf-8")
        console.print(
            f"{len(frame)} incidents written to {out} ({fmt.value}, {edition.value} edition)", highlight=False
        )
