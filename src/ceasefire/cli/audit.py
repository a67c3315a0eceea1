"""`ceasefire audit ...`: check the hash chain of the record's audit log."""

from __future__ import annotations

import typer

from ceasefire.cli.context import console, fail, open_record, reports_errors
from ceasefire.storage import audit_log


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
    app.add_typer(group, name="audit")

    @group.command("verify")
    @reports_errors
    def verify() -> None:
        """Walk the chain; exit 2 naming the first broken link (changed, deleted, inserted, reordered)."""
        record = open_record()
        with record.reader() as conn:
            broken = audit_log.verify(conn)
            count, head = audit_log.head(conn)
        if broken is not None:
            raise fail(f"audit chain broken at event {broken.seq}: {broken.reason}", code=2)
        console.print(f"audit chain intact: {count} events, head {head}")

    @group.command("head")
    @reports_errors
    def head() -> None:
        """Print the number of events and the hash at the head of the chain."""
        record = open_record()
        with record.reader() as conn:
            count, digest = audit_log.head(conn)
        typer.echo(f"{count} {digest}")
