"""Entry point of the `ceasefire` command: global options and the command groups."""

from __future__ import annotations

import typer

from ceasefire.cli.context import set_database

app = typer.Typer(
    name="ceasefire",
    help="The record of a ceasefire's coordination centre, measured against what was agreed.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _global(
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="CEASEFIRE_DB",
        help="Database: an SQLAlchemy URL or an SQLite file path (default ./ceasefire.db).",
    ),
) -> None:
    set_database(db)


def _register() -> None:
    """Attach every command group; each module exposes `register(app)`."""
    from ceasefire.cli import commands

    for module in commands.modules():
        module.register(app)


def main() -> None:
    _register()
    app()
