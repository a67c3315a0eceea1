"""Bulk inserts for imports: many rows of one table in one `executemany`, with each column's
value converted by the dialect's own bind processor, compiled once per call.

SQLAlchemy's Core `execute(insert(t), rows)` does the same conversion but re-walks every
parameter of every row (about ten microseconds a row for a twenty-column table); an import
of a million rows writes five million. Values go through the very processors SQLAlchemy
would use, so what is stored reads back identically through the ordinary repositories.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect, Table, insert

_CHUNK = 10_000


def insert_many(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows that all have the same keys: every column of `table` with a default among
    them (the statement is compiled for the first row's keys)."""
    if not rows:
        return
    dialect = conn.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(rows[0]))
    positional = compiled.positiontup is not None
    keys = list(compiled.positiontup) if compiled.positiontup is not None else list(compiled.binds)
    absent = [k for k in keys if k not in rows[0]]
    if absent:
        raise ValueError(f"bulk insert into {table.name}: rows lack {', '.join(absent)}, which have defaults")
    processors = [(i, p) for i, k in enumerate(keys) if (p := _processor(table, k, dialect)) is not None]
    values_of = operator.itemgetter(*keys)
    for start in range(0, len(rows), _CHUNK):
        params: list[Any] = []
        for row in rows[start : start + _CHUNK]:
            values = list(values_of(row)) if len(keys) > 1 else [row[keys[0]]]
            for i, process in processors:
                values[i] = process(values[i])
            params.append(tuple(values) if positional else dict(zip(keys, values, strict=True)))
        conn.exec_driver_sql(compiled.string, params)


def _processor(table: Table, name: str, dialect: Dialect) -> Callable[[Any], Any] | None:
    """The conversion SQLAlchemy applies to this column's values on this backend, if any."""
    processor: Callable[[Any], Any] | None = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
    return processor
