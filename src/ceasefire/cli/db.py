"""`ceasefire db ...`: the database itself: bring its schema up to date, move a record to another one."""

from __future__ import annotations

import typer

from ceasefire.cli.context import console, database, reports_errors


def _revisions(revs: tuple[str, ...]) -> str:
    return ", ".join(revs) or "none (empty database)"


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The database: schema migrations and copying a record between databases.")
    app.add_typer(group, name="db", no_args_is_help=True)

    @group.command("migrate")
    @reports_errors
    def migrate_() -> None:
        """Show the schema revision of --db and the newest one, and upgrade (PostgreSQL: adds PostGIS)."""
        from ceasefire.storage import migrate  # alembic: only for this command
        from ceasefire.storage.record import Record
        from ceasefire.workflows.db_copy import shown

        db = database()
        record = Record.open(db, migrate_schema=False)
        try:
            current, heads = migrate.current_revisions(record.engine), migrate.head_revisions(record.engine)
            console.print(f"database: {shown(db)} ({record.engine.dialect.name})", highlight=False, soft_wrap=True)
            console.print(f"current revision: {_revisions(current)}", highlight=False, soft_wrap=True)
            console.print(f"head revision:    {_revisions(heads)}", highlight=False, soft_wrap=True)
            if current == heads:
                console.print("already at head; nothing to do")
                return
            migrate.upgrade(record.engine)
            console.print(
                f"upgraded to:      {_revisions(migrate.current_revisions(record.engine))}",
                highlight=False,
                soft_wrap=True,
            )
        finally:
            record.close()

    @group.command("copy")
    @reports_errors
    def copy(
        source: str = typer.Option(..., "--from", help="The record to copy: SQLite path or URL, e.g. sqlite:///a.db"),
        target: str = typer.Option(
            ..., "--to", help="Where to, e.g. postgresql://user@host/db: empty, or an earlier copy"
        ),
        batch: int = typer.Option(5000, "--batch", min=1, help="Rows per INSERT batch."),
    ) -> None:
        """Copy a whole record (every table, one transaction on the target), verifying both audit chains."""
        from ceasefire.workflows.db_copy import copy_record

        s = copy_record(source, target, batch=batch)
        console.print(f"copied {s.source} -> {s.target} ({s.mode})", highlight=False, soft_wrap=True)
        for table, n in s.rows.items():
            console.print(f"  {table}: {n} rows", highlight=False, soft_wrap=True)
        console.print(
            f"target held {s.target_events_before} audit events before the copy", highlight=False, soft_wrap=True
        )
        console.print(
            f"source audit chain intact: {s.source_head[0]} events, head {s.source_head[1]}",
            highlight=False,
            soft_wrap=True,
        )
        console.print(
            f"target audit chain intact: {s.target_head[0]} events, head {s.target_head[1]}",
            highlight=False,
            soft_wrap=True,
        )
