"""`ceasefire archive export` and `ceasefire reassess`: incident archives as partitioned Parquet,
reassessed on a Dask cluster (local, or an existing one at --scheduler)."""

from __future__ import annotations

from pathlib import Path

import typer

from ceasefire.cli.context import console, open_record, reports_errors
from ceasefire.cli.output import print_table
from ceasefire.settings import Settings


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Incident archives: partitioned Parquet for Dask.", no_args_is_help=True)
    app.add_typer(group, name="archive")

    @group.command("export")
    @reports_errors
    def export(
        out: Path = typer.Argument(..., metavar="OUT.parquet", help="New directory to write the archive into."),
        rows_per_file: int = typer.Option(1_000_000, "--rows-per-file", min=1, help="Rows per Parquet file."),
    ) -> None:
        """Write the record's incidents as a partitioned Parquet archive (columns: see README)."""
        from ceasefire.workflows.archive import export_archive  # pyarrow and pandas: only here

        rows, files = export_archive(open_record(), out, rows_per_file=rows_per_file)
        console.print(f"{rows} incidents written to {out} in {len(files)} file(s)", highlight=False)

    @app.command("reassess")
    @reports_errors
    def reassess(
        archive: Path = typer.Option(..., "--archive", metavar="PATH.parquet", help="Archive directory to reassess."),
        out: Path = typer.Option(..., "--out", metavar="OUT.parquet", help="New directory for the results."),
        scheduler: str = typer.Option(
            "local", "--scheduler", help="'local' for a new local cluster, or an address like tcp://host:8786."
        ),
        workers: int | None = typer.Option(
            None, "--workers", min=1, help="Local cluster size [default: one per core]."
        ),
        agreement: str | None = typer.Option(
            None, "--agreement", help="Agreement to measure against [default: the only one]."
        ),
        assess: bool = typer.Option(True, "--assess/--no-assess", help="Assess each incident against the provisions."),
        by: str = typer.Option("zone", "--by", help="Statistics grouped by, e.g. zone,month (as `ceasefire stats`)."),
    ) -> None:
        """Zone and governorate assignment, assessment and statistics over a Parquet archive, on Dask."""
        # Dask, pandas and pyarrow take seconds to import: only a reassessment pays for them.
        from ceasefire.analysis.stats import parse_dimensions, records
        from ceasefire.workflows.archive import agreement_and_zones, dask_client, reassess_archive

        dims = parse_dimensions(by)
        chosen, zones = agreement_and_zones(open_record(), agreement)
        with dask_client(None if scheduler == "local" else scheduler, workers) as client:
            s = reassess_archive(
                archive,
                out,
                zones,
                security_km=Settings().security_zone_km,
                agreement=chosen if assess else None,
                by=dims,
                client=client,
            )
        console.print(
            f"{s.rows} incidents in {s.partitions} partitions reassessed against {chosen.id} on {s.workers} "
            f"worker(s) in {s.seconds:.1f} s; results in {s.out}",
            highlight=False,
        )
        columns = [d.value for d in dims] + ["incidents", "assessed", "violations", "fatalities_best"]
        print_table(records(s.counts), columns, title=f"incidents by {by}")
