"""CSV cells that a spreadsheet will not run: used by every CSV the project writes (CLI, exports).

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
Excel, LibreOffice and Google Sheets (CWE-1236, "CSV injection"); an incident's place or an
actor's name comes from outside and could be `=HYPERLINK(...)`. Such text is prefixed with a
single quote, which spreadsheets show as text. Numbers pass unchanged, so a negative number
stays a number.
"""

from __future__ import annotations

from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula (CWE-1236); numbers pass as they are.

    >>> neutralise_cell("=1+1"), neutralise_cell(-3), neutralise_cell("Douma")
    ("'=1+1", -3, 'Douma')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
