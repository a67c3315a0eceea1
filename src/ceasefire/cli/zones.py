"""`ceasefire zones ...`: list the zones in force, amend one, rebuild the approximate outlines."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer

from ceasefire.cli.context import console, open_record, reports_errors
from ceasefire.cli.output import Format, emit, print_json
from ceasefire.domain.statuses import ZoneStatus
from ceasefire.domain.zones import Zone, ZoneVersion
from ceasefire.errors import InvalidInput

COLUMNS = ("id", "name", "kind", "version", "valid_from", "valid_to", "status", "approximate", "basis")


def parse_day(value: str, option: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise InvalidInput(f"{option}: {value!r} is not a date in YYYY-MM-DD form") from None


def _row(zone: Zone, v: ZoneVersion) -> dict[str, Any]:
    return {
        "id": zone.id,
        "agreement": zone.agreement_id,
        "name": zone.name,
        "kind": str(zone.kind),
        "version": v.version,
        "valid_from": v.valid_from.isoformat(),
        "valid_to": v.valid_to.isoformat() if v.valid_to else None,
        "status": str(v.status),
        "approximate": v.approximate,
        "method": v.method,
        "basis": v.basis,
    }


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Zones and their versions.", no_args_is_help=True)
    app.add_typer(group, name="zones")

    @group.command("list")
    @reports_errors
    def list_(
        at: str | None = typer.Option(None, "--at", help="Only the versions in force on this date (YYYY-MM-DD)."),
        fmt: Format = typer.Option(Format.TABLE, "--format", help="table, json, csv or geojson"),
    ) -> None:
        """List zones with the version in force on --at (default: each zone's latest version)."""
        from ceasefire.storage import zones_repo
        from ceasefire.workflows.zones import zones_in_force

        day = parse_day(at, "--at") if at else None
        with open_record().reader() as conn:
            pairs = zones_in_force(zones_repo.load_zones(conn), day)
        rows = [_row(z, v) for z, v in pairs]
        if fmt is Format.GEOJSON:
            print_json(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {"type": "Feature", "id": r["id"], "properties": r, "geometry": v.geometry}
                        for r, (_, v) in zip(rows, pairs, strict=True)
                    ],
                }
            )
            return
        emit(rows, fmt, COLUMNS, title=f"zones in force on {day}" if day else "zones (latest versions)")

    @group.command("amend")
    @reports_errors
    def amend(
        zone_id: str = typer.Argument(..., metavar="ZONE"),
        geojson: Path = typer.Argument(
            ..., metavar="GEOJSON", help="Polygon or MultiPolygon (bare, Feature or one-feature collection)."
        ),
        valid_from: str = typer.Option(..., "--valid-from", help="First day the new outline applies (YYYY-MM-DD)."),
        basis: str = typer.Option(
            ..., "--basis", help="The document the amendment rests on, e.g. 'JWG map of 22 May 2017'."
        ),
        status: ZoneStatus = typer.Option(ZoneStatus.AGREED, "--status"),
    ) -> None:
        """Add a new version of a zone from a date; earlier versions are kept, affected incidents re-assigned."""
        from ceasefire.workflows.zones import amend_zone, read_geometry_file

        geometry, warnings = read_geometry_file(geojson, zone_id=zone_id)
        result = amend_zone(
            open_record(),
            zone_id,
            geometry,
            valid_from=parse_day(valid_from, "--valid-from"),
            basis=basis,
            status=status,
            warnings=warnings,
        )
        for w in result.warnings:
            console.print(f"[yellow]warning:[/] {w}", highlight=False)
        closed = f"; version {result.closed.version} now ends {result.closed.valid_to}" if result.closed else ""
        console.print(
            f"zone {zone_id}: version {result.version.version} from {result.version.valid_from}{closed}; "
            f"{result.incidents_moved} of {result.incidents_checked} candidate incidents re-assigned",
            highlight=False,
        )

    @group.command("build")
    @reports_errors
    def build(
        out: Path = typer.Option(..., "--out", help="Where to write the FeatureCollection (GeoJSON)."),
        check: bool = typer.Option(False, "--check", help="Exit 1 if the result differs from the packaged zones."),
    ) -> None:
        """Rebuild the approximate Astana zone outlines from the gazetteer and the OCHA boundaries."""
        from ceasefire.geo.zone_builder import build_zones, dumps, write_zones
        from ceasefire.intake.agreement_file import packaged_agreement_path

        collection = build_zones()
        changed = write_zones(out, collection)
        packaged = packaged_agreement_path("astana-2017").parent / "zones.geojson"
        same = packaged.read_text() == dumps(collection)
        console.print(f"{'wrote' if changed else 'unchanged:'} {out}; identical to the packaged zones: {same}")
        if check and not same:
            raise typer.Exit(1)
