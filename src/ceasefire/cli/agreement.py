"""`ceasefire init` and `ceasefire agreement ...`: create the record, load and show agreements."""

from __future__ import annotations

from pathlib import Path

import typer

from ceasefire.cli.context import console, database, open_record, reports_errors
from ceasefire.cli.output import Format, print_json
from ceasefire.domain.agreements import Agreement


def _describe(a: Agreement) -> dict[str, object]:
    return {
        "id": a.id,
        "name": a.name,
        "signed": a.signed.isoformat(),
        "place_signed": a.place_signed,
        "in_force": a.in_force.isoformat(),
        "duration_months": a.duration_months,
        "initial_term_end": a.initial_term_end.isoformat() if a.initial_term_end else None,
        "auto_renew": a.auto_renew,
        "renewal": a.renewal,
        "parties": [
            {"id": p.id, "name": p.name, "role": str(p.role), "side": str(p.side), "aliases": list(p.aliases)}
            for p in a.parties
        ],
        "provisions": [
            {
                "id": p.id,
                "text": p.text,
                "prohibited_event_types": [str(t) for t in p.prohibited_event_types],
                "bound_sides": [str(s) for s in p.bound_sides],
                "zone_kinds": [str(k) for k in p.zone_kinds],
                "exemptions": [e.id for e in p.exemptions],
            }
            for p in a.provisions
        ],
        "zones": list(a.zone_ids),
        "sources": list(a.source_documents),
    }


def register(app: typer.Typer) -> None:
    @app.command("init")
    @reports_errors
    def init() -> None:
        """Create the record (or bring its schema up to date)."""
        open_record().close()
        console.print(f"record ready: {database()}")

    group = typer.Typer(help="Agreements, loaded from agreement files.", no_args_is_help=True)
    app.add_typer(group, name="agreement")

    @group.command("load")
    @reports_errors
    def load(file: Path = typer.Argument(..., help="Agreement file (TOML); its GeoJSON sits beside it.")) -> None:
        """Validate an agreement file and store it with its zones."""
        from ceasefire.workflows.agreements import load_agreement_file

        result = load_agreement_file(open_record(), file)
        verb = "loaded" if result.created else "already loaded, unchanged:"
        console.print(f"{verb} {result.agreement.id} ({result.agreement.name}) with {result.zones} zones")

    @group.command("show")
    @reports_errors
    def show(
        agreement_id: str = typer.Argument(..., metavar="ID"),
        fmt: Format = typer.Option(Format.TABLE, "--format", help="table or json"),
    ) -> None:
        """Show an agreement: dates, parties, provisions and zones."""
        from ceasefire.workflows.agreements import stored_agreement

        described = _describe(stored_agreement(open_record(), agreement_id))
        if fmt is Format.JSON:
            print_json(described)
            return
        for key in (
            "id",
            "name",
            "signed",
            "place_signed",
            "in_force",
            "duration_months",
            "initial_term_end",
            "auto_renew",
            "renewal",
        ):
            console.print(f"[bold]{key}[/]: {described[key]}", highlight=False)
        console.print("[bold]parties[/]:")
        for p in described["parties"]:  # type: ignore[attr-defined]
            console.print(f"  {p['role']:<16} {p['name']} ({p['id']})", highlight=False)
        console.print("[bold]provisions[/]:")
        for p in described["provisions"]:  # type: ignore[attr-defined]
            console.print(f"  {p['id']}: {p['text']}", highlight=False)
        console.print(f"[bold]zones[/]: {', '.join(described['zones'])}", highlight=False)  # type: ignore[arg-type]

    @group.command("list")
    @reports_errors
    def list_() -> None:
        """List the agreements in the record."""
        from ceasefire.workflows.agreements import stored_agreements

        for a in stored_agreements(open_record()):
            console.print(f"{a.id}\t{a.name}\tin force {a.in_force}", highlight=False)
