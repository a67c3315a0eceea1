"""`ceasefire reports ...`: file a monitor's report or a party's complaint from a JSON file."""

from __future__ import annotations

from pathlib import Path

import typer

from ceasefire.cli.context import console, open_record, reports_errors
from ceasefire.cli.output import Format, print_json
from ceasefire.errors import InvalidInput
from ceasefire.storage.record import default_actor


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Monitor reports and party complaints.", no_args_is_help=True)
    app.add_typer(group, name="reports")

    @group.command("submit")
    @reports_errors
    def submit(
        file: Path = typer.Argument(..., metavar="FILE.json", help="The report (see README for the fields)."),
        as_: str = typer.Option(..., "--as", help="monitor, monitor:NAME or party:NAME (a party of an agreement)."),
        fmt: Format = typer.Option(Format.TABLE, "--format", help="table or json"),
    ) -> None:
        """Validate and store a report once: its idempotency key makes a retry return the same report."""
        from ceasefire.intake.monitor_report import MAX_BODY_BYTES
        from ceasefire.workflows.reports_submit import Submitter, submit_report

        try:
            with file.open("rb") as f:
                body = f.read(MAX_BODY_BYTES + 1)
        except OSError as exc:
            raise InvalidInput(f"{file}: cannot read: {exc.strerror}") from None
        submitter = Submitter.parse(as_, default_name=default_actor())
        done = submit_report(open_record(), body, submitter=submitter)
        if fmt is Format.JSON:
            print_json(
                {
                    "report": done.report_id,
                    "claim": done.claim_id,
                    "created": done.created,
                    "received_at": done.received_at.isoformat(),
                    "flags": list(done.flags),
                }
            )
            return
        state = "stored" if done.created else "already stored (same idempotency key and body); nothing added"
        flags = f" flags: {', '.join(done.flags)}" if done.flags else ""
        console.print(f"report {done.report_id}: {state}, received {done.received_at:%Y-%m-%d %H:%M:%S}Z{flags}")
