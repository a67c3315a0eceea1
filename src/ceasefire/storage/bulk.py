"""Bulk inserts for imports: many rows of one table in one `executemany`, with each column's
value converted by the dialect's own bind processor, compiled once per call.

SQLAlchemy's Core `execute(insert(t), rows)` does the same conversion but re-walks every
parameter of every row (about ten microseconds a row for a twenty-column table); an import
of a million rows writes five million. Values go through the very processors SQLAlchemy
would use, so what is stored reads back identically through the ordinary repositories, with
two shortcuts that do not change what is read back:

- dates and times are converted once per distinct value in a call (an import stamps every
  row with the same received time, and a dataset repeats the same days);
- JSON is encoded with orjson (a tenth of `json.dumps`'s time; an import stores the original
  row and the claim details of every row), falling back to `json.dumps` for anything orjson
  would encode differently: non-finite floats (orjson writes null), subclasses of str/int,
  dataclasses, dates, non-string keys and out-of-range ints. The text differs only in spacing
  and in not escaping non-ASCII, which `json.loads` reads back to the same value.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

import orjson
from sqlalchemy import JSON, Connection, Date, DateTime, Dialect, Table, Time, insert

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
    """The conversion SQLAlchemy applies to this column's values on this backend, if any,
    with the shortcuts of the module docstring."""
    impl = table.c[name].type.dialect_impl(dialect)
    if isinstance(impl, JSON) and getattr(dialect, "_json_serializer", None) is None:
        if impl.bind_processor(dialect) is None:  # type: ignore[no-untyped-call]  # the driver encodes JSON itself
            return None
        string_process = impl._str_impl.bind_processor(dialect)
        processor: Callable[[Any], Any] = impl._make_bind_processor(string_process, dumps_json)  # type: ignore[no-untyped-call]
        return processor
    plain: Callable[[Any], Any] | None = impl.bind_processor(dialect)
    if plain is not None and isinstance(impl, Date | DateTime | Time):
        return _remembered(plain)
    return plain


_ORJSON_EXACT = orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def _refuse(value: object) -> object:
    raise TypeError(f"left to json.dumps: {type(value).__name__}")


def dumps_json(value: object) -> str:
    """What `json.dumps(value)` encodes, read back by `json.loads` as the same value; see the
    module docstring for when it is `json.dumps` itself (a "null" in orjson's text may have
    been a NaN, so that text is encoded again the slow way)."""
    try:
        text = orjson.dumps(value, default=_refuse, option=_ORJSON_EXACT)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(value)
    if b"null" in text:
        return json.dumps(value)
    return text.decode()


def _remembered(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`process` converting each distinct date or time once. Aware times equal across zones
    convert to different text, so the key carries the zone."""
    seen: dict[tuple[object, object], Any] = {}

    def convert(value: Any) -> Any:
        if not isinstance(value, date | time):
            return process(value)
        key = (value, value.tzinfo if isinstance(value, datetime | time) else None)
        found = seen.get(key, seen)
        if found is seen:
            found = seen[key] = process(value)
        return found

    return convert
