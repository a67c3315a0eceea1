"""The list of command modules. A new command group adds its module here; each exposes
`register(app: typer.Typer) -> None`."""

from __future__ import annotations

from types import ModuleType


def modules() -> list[ModuleType]:
    """Imported lazily so that `ceasefire --help` stays fast and one broken group is isolated."""
    from importlib import import_module

    names = [
        # one line per command module, e.g. "ceasefire.cli.zones"
    ]
    return [import_module(n) for n in names]
