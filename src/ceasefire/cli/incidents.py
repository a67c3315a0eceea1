"""`ceasefire incidents ...`: import the project's CSV, list, and show one incident's record."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ceasefire.cli.context import console, open_record, reports_errors
from ceasefire.cli.curation import register_on
from ceasefire.cli.output import Format, emit, print_json
from ceasefire.cli.story import print_story
from ceasefire.domain.statuses import Verdict

if TYPE_CHECKING:
    from ceasefire.workflows.import_incidents import ImportSummary

TABLE_COLUMNS = (
    "id",
    "date_start",
    "event_type",
    "place",
    "geo_precision",
    "perpetrator_side",
    "zone",
    "zone_relation",
    "status",
)


def print_summary(s: ImportSummary) -> None:
    if s.duplicate_of is not None:
        console.print(f"{s.file_name}: already imported as import #{s.duplicate_of} (same SHA-256); nothing to do")
        return
    console.print(
        f"{s.file_name}: import #{s.import_id}: {s.read} rows read, {s.new} new, {s.unchanged} unchanged, "
        f"{s.rejected} rejected",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Incidents: the consolidated events of the record.", no_args_is_help=True)
    app.add_typer(group, name="incidents")

    @group.command("import")
    @reports_errors
    def import_(
        file: Path = typer.Argument(..., metavar="FILE.csv", help="Incident CSV in ceasefire's format (see README)."),
    ) -> None:
        """Import incidents from ceasefire's CSV: all rows or none; bad rows are quarantined with reasons."""
        from ceasefire.workflows.import_incidents import ImportRejected, import_incidents_csv

        try:
            summary = import_incidents_csv(open_record(), file)
        except ImportRejected as exc:
            for r in exc.summary.rejections[:20]:
                console.print(f"[red]rejected[/] {r.reason}", highlight=False)
            raise
        print_summary(summary)

    @group.command("list")
    @reports_errors
    def list_(
        zone: str | None = typer.Option(None, "--zone", help="Only incidents assigned to this zone id."),
        fmt: Format = typer.Option(Format.TABLE, "--format", help="table, json, csv or geojson"),
        verdict: Verdict | None = typer.Option(None, "--verdict", help="Only incidents with this current verdict."),
    ) -> None:
        """List incidents with their current zone assignment."""
        from ceasefire.workflows.incident_views import ROW_COLUMNS, as_geojson, list_incident_rows

        rows = list_incident_rows(open_record(), zone=zone, verdict=verdict)
        if fmt is Format.GEOJSON:
            print_json(as_geojson(rows))
        else:
            emit(rows, fmt, TABLE_COLUMNS if fmt is Format.TABLE else ROW_COLUMNS, title=f"{len(rows)} incidents")

    @group.command("show")
    @reports_errors
    def show(incident_id: str = typer.Argument(..., metavar="ID")) -> None:
        """One incident: its facts, every zone assignment it has had (before and after), its audit history."""
        from ceasefire.workflows.incident_views import incident_detail

        d = incident_detail(open_record(), incident_id)
        i = d.incident
        console.print(
            f"[bold]{i.id}[/]  {i.event_type} / {i.sub_event_type or '-'}  status {i.status}", highlight=False
        )
        console.print(f"  when:  {i.date.start} .. {i.date.end} ({i.date.precision})", highlight=False)
        console.print(
            f"  where: {i.place.name} ({i.place.lat}, {i.place.lon}) precision {i.place.precision}, "
            f"admin1 {i.place.admin1}",
            highlight=False,
        )
        who = f"{i.perpetrator.name} [{i.perpetrator.side}]" if i.perpetrator else "-"
        whom = f"{i.target.name} [{i.target.side}]" if i.target else "-"
        console.print(f"  by: {who}  against: {whom}", highlight=False)
        console.print(
            f"  fatalities low/best/high: {i.fatalities.low}/{i.fatalities.best}/{i.fatalities.high}", highlight=False
        )
        console.print("  zone assignments (oldest first):")
        for s in d.assignments:
            a = s.assignment
            mark = "current" if s.current else "superseded"
            share = "" if a.share is None else f" share {a.share:.2f}"
            console.print(
                f"    [{mark}] {a.relation} {a.zone_id or '-'} v{a.zone_version or '-'}{share}  "
                f"({s.cause}, {s.computed_at:%Y-%m-%d %H:%M})",
                highlight=False,
            )
        print_story(d.story)
        console.print("  audit history:")
        for e in d.history:
            console.print(f"    #{e.seq} {e.at} {e.actor} {e.action}", highlight=False)

    register_on(group)
