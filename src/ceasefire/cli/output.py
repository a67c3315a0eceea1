"""Printing results as a table for people or as JSON / CSV / GeoJSON for programs."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from rich.table import Table

from ceasefire.cli.context import console
from ceasefire.render.csv_safety import FORMULA_PREFIXES, neutralise_cell

__all__ = ["FORMULA_PREFIXES", "Format", "emit", "neutralise_cell", "print_csv", "print_json", "print_table"]


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    GEOJSON = "geojson"


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def print_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise_cell("" if row.get(k) is None else row.get(k)) for k in columns})


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], *, title: str | None = None) -> None:
    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c.replace("_", " "), overflow="fold")
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    console.print(table)


def emit(rows: Sequence[dict[str, Any]], fmt: Format, columns: Sequence[str], *, title: str | None = None) -> None:
    if fmt is Format.JSON:
        print_json(list(rows))
    elif fmt is Format.CSV:
        print_csv(rows, columns)
    else:
        print_table(rows, columns, title=title)
