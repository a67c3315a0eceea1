"""The README is the manual: every setting and every command must appear in it."""

from __future__ import annotations

from pathlib import Path

import typer.main

from ceasefire.cli.main import _register, app
from ceasefire.settings import documented_settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _command_paths() -> list[str]:
    _register()
    root = typer.main.get_command(app)
    paths: list[str] = []

    def walk(cmd: object, prefix: str) -> None:
        sub = getattr(cmd, "commands", None)
        if sub:
            for name, child in sub.items():
                walk(child, f"{prefix} {name}".strip())
        else:
            paths.append(prefix)

    walk(root, "")
    return paths


def test_every_setting_is_in_the_readme() -> None:
    missing = [env for env, _ in documented_settings() if env not in README]
    assert not missing


def test_every_command_is_in_the_readme() -> None:
    missing = [
        p for p in _command_paths() if f"ceasefire {p}" not in README and f"ceasefire [--db PATH] {p}" not in README
    ]
    assert not missing


def test_the_readme_opens_with_the_two_set_up_commands() -> None:
    head = README[:1500]
    assert "make demo" in head and "make test" in head
