"""The list of command modules. A new command group adds its module here; each exposes
`register(app: typer.Typer) -> None`."""

from __future__ import annotations

from types import ModuleType


def modules() -> list[ModuleType]:
    """Imported lazily so that `ceasefire --help` stays fast and one broken group is isolated."""
    from importlib import import_module

    names = [
        "ceasefire.cli.agreement",
        "ceasefire.cli.zones",
        "ceasefire.cli.incidents",
        "ceasefire.cli.assess",
        "ceasefire.cli.news",
        "ceasefire.cli.audit",
        "ceasefire.cli.demo",
        "ceasefire.cli.stats",
        "ceasefire.cli.bulletin",
        "ceasefire.cli.export",
        "ceasefire.cli.geocode",
        "ceasefire.cli.db",
        "ceasefire.cli.archive",
        "ceasefire.cli.extract",
        "ceasefire.cli.imports",
        "ceasefire.cli.quarantine",
        "ceasefire.cli.reports",
        "ceasefire.cli.evidence",
        "ceasefire.cli.serve",
        "ceasefire.cli.users",
    ]
    return [import_module(n) for n in names]
