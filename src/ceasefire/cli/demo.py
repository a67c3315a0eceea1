"""`ceasefire demo`: the whole flow on a fresh SQLite file, printed as a summary."""

from __future__ import annotations

from pathlib import Path

import typer

from ceasefire.cli.bulletin import print_result
from ceasefire.cli.context import console, database, fail, reports_errors
from ceasefire.cli.incidents import print_summary
from ceasefire.cli.serve import map_url
from ceasefire.storage.database import database_url
from ceasefire.storage.record import Record


def _fresh_sqlite(db: str) -> None:
    url = database_url(db)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise fail("--fresh only removes SQLite files; point --db at a file or drop --fresh")
    for suffix in ("", "-wal", "-shm"):
        Path(url.database + suffix).unlink(missing_ok=True)


def _bulletin_dir(db: str) -> Path:
    """bulletins/ beside an SQLite record (so a demo in a temporary folder stays there), else in
    the working directory."""
    url = database_url(db)
    if url.get_backend_name() == "sqlite" and url.database:
        return Path(url.database).resolve().parent / "bulletins"
    return Path("bulletins")


def register(app: typer.Typer) -> None:
    @app.command("demo")
    @reports_errors
    def demo(
        fresh: bool = typer.Option(False, "--fresh", help="Delete the SQLite file first and start from nothing."),
        out: Path | None = typer.Option(
            None, "--out", help="Folder for the demo's bulletin [default: bulletins/ beside the SQLite file]."
        ),
    ) -> None:
        """Load the Astana memorandum and its zones, import the sample incidents, assign zones, summarise."""
        # The demo writes a bulletin (weasyprint, matplotlib): imported here, not at start-up.
        from ceasefire.workflows.demo import run_demo, write_demo_bulletin

        db = database()
        if fresh:
            _fresh_sqlite(db)
        record = Record.open(db)
        result = run_demo(record)
        a = result.agreement.agreement
        console.print(
            f"[bold]{a.name}[/]\n  signed {a.signed} in {a.place_signed}, in force {a.in_force}, "
            f"{a.duration_months} months, renewed automatically: {a.auto_renew}",
            highlight=False,
        )
        print_summary(result.imported)
        console.print("incidents per zone, at the zone version in force on each incident's date:")
        console.print(
            f"  {'zone':<16}{'version':<9}{'inside':>7}{'possibly':>9}{'violation':>10}{'exempt':>7}{'contested':>10}"
        )
        for z in result.zones:
            version = f"{z.version}{'*' if z.approximate else ''}"
            counts = f"{z.inside:>7}{z.possibly:>9}{z.violations:>10}{z.exempt:>7}{z.contested:>10}"
            console.print(f"  {z.zone_id:<16}{version:<9}{counts}", highlight=False)
        console.print("  * approximate outline: no official map was published", highlight=False)
        console.print(
            f"outside every zone (or before entry into force): {result.outside}; place unknown: {result.unknown}"
        )
        state = "intact" if result.audit_intact else "BROKEN"
        console.print(f"audit chain {state}: {result.audit_events} events,", highlight=False)
        console.print(f"  head {result.audit_head}", highlight=False)
        console.print(f"record: {db}")
        if not result.audit_intact:
            raise typer.Exit(2)
        print_result(write_demo_bulletin(record, out or _bulletin_dir(db)))
        url = map_url("127.0.0.1", 8000)
        console.print(f"map: run `ceasefire --db {db} serve` and open {url}", highlight=False, soft_wrap=True)
