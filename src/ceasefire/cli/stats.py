"""`ceasefire stats`: counts of incidents, violations and dead by zone, party, type and period."""

from __future__ import annotations

from enum import StrEnum

import typer

from ceasefire.cli.context import console, open_record, reports_errors
from ceasefire.cli.output import Format as OutputFormat
from ceasefire.cli.output import emit
from ceasefire.cli.zones import parse_day
from ceasefire.errors import InvalidInput


class TableFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def register(app: typer.Typer) -> None:
    @app.command("stats")
    @reports_errors
    def stats(
        by: str = typer.Option(
            "zone",
            "--by",
            help="Comma-separated: zone, party, event_type, status, admin1, relation, phase; and day, week or month.",
        ),
        since: str | None = typer.Option(
            None, "--since", help="Only incidents dated on or after this day (YYYY-MM-DD)."
        ),
        until: str | None = typer.Option(
            None, "--until", help="Only incidents dated on or before this day (YYYY-MM-DD)."
        ),
        fmt: TableFormat = typer.Option(TableFormat.TABLE, "--format", help="table, csv or json"),
        alerts: bool = typer.Option(
            False, "--alerts", help="List zone-days above their 28-day baseline instead (needs --since and --until)."
        ),
    ) -> None:
        """Count incidents, violations and fatalities (low/best/high) per group; or list alerts."""
        # pandas is imported by the command that counts, not by every `ceasefire` call.
        from ceasefire.analysis.stats import MEASURES, parse_dimensions, records
        from ceasefire.workflows.stats import alerts_table, stats_table

        start = parse_day(since, "--since") if since else None
        end = parse_day(until, "--until") if until else None
        if start and end and end < start:
            raise InvalidInput(f"--until {end} is before --since {start}")
        record = open_record()
        output = OutputFormat(fmt.value)
        if alerts:
            if start is None or end is None:
                raise InvalidInput("--alerts needs --since and --until (the days to check)")
            table, rule = alerts_table(record, since=start, until=end)
            columns = ["day", "zone", "count", "baseline_mean", "baseline_sd", "threshold"]
            emit(records(table[columns].round(2)), output, columns, title=f"alerts: {rule}")
            return
        dims = parse_dimensions(by)
        table = stats_table(record, dims, since=start, until=end)
        columns = [d.value for d in dims] + list(MEASURES)
        emit(records(table), output, columns, title=f"{int(table['incidents'].sum())} incidents by {by}")
        if output is OutputFormat.TABLE and not table.empty and table["assessed"].sum() == 0:
            console.print("no incident is assessed yet: violations are empty, not zero (run `ceasefire assess`)")
