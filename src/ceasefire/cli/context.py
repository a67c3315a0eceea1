"""What every command shares: the database chosen by --db / CEASEFIRE_DB, and error reporting."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from ceasefire.errors import CeasefireError
from ceasefire.settings import Settings
from ceasefire.storage.record import Record

console = Console()
err_console = Console(stderr=True)

_state: dict[str, str] = {}

P = ParamSpec("P")
R = TypeVar("R")


def set_database(db: str | None) -> None:
    _state["db"] = db or Settings().db


def database() -> str:
    """The database the user chose, as given (a path or a URL)."""
    return _state.get("db") or Settings().db


def fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def reports_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn a CeasefireError into one red line on stderr and exit code 1, never a traceback."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except CeasefireError as exc:
            raise fail(f"[{exc.code}] {exc.message}") from None

    return wrapper


def open_record() -> Record:
    """The record the user chose, migrated to the current schema."""
    return Record.open(database())
