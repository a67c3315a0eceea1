"""Moving a whole record between databases, table by table: the storage side of `db copy`
(workflows.db_copy decides whether a copy is allowed and checks the audit chain).

Tables are read from the databases themselves (reflection), not from `schema.metadata`, so
that tables added by any migration are moved too; both sides must be at the same schema.
Rows go in foreign-key order, in batches; a column that refers to its own table (a zone's
parent, a report's predecessor) is filled in after its table's rows are all in, because
rows need not arrive parents first. Generated columns (the PostGIS `geom`) are left to the
target to compute.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    Table,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    update,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.types import DateTime

from ceasefire.errors import Conflict
from ceasefire.storage import audit_log
from ceasefire.storage.database import lock_for_writing
from ceasefire.storage.schema import audit_events

#: Alembic's own bookkeeping: each side keeps its own.
_NOT_COPIED = frozenset({"alembic_version"})


class SchemaMismatch(Conflict):
    """Source and target do not have the same tables and columns (migrate both first)."""

    code = "schema_mismatch"


@dataclass(frozen=True)
class TablePlan:
    """How one table is moved: which columns, which of them wait for a second pass."""

    name: str
    source: Table
    target: Table
    columns: tuple[str, ...]
    self_refs: tuple[str, ...]


def _extension_tables(conn: Connection) -> set[str]:
    """Tables that belong to a PostgreSQL extension (PostGIS's spatial_ref_sys): the server's, not the record's."""
    if conn.dialect.name != "postgresql":
        return set()
    rows = conn.execute(
        text(
            "SELECT c.relname FROM pg_depend d JOIN pg_class c ON c.oid = d.objid "
            "WHERE d.deptype = 'e' AND d.classid = 'pg_class'::regclass AND c.relkind = 'r'"
        )
    )
    return {str(r[0]) for r in rows}


def reflect(conn: Connection) -> list[Table]:
    """The record's tables in foreign-key order (parents first), Alembic's and extensions' excluded."""
    skip = _NOT_COPIED | _extension_tables(conn)
    meta = MetaData()
    with warnings.catch_warnings():
        # PostGIS types are unknown to SQLAlchemy; those columns are generated and never copied.
        warnings.simplefilter("ignore", sa_exc.SAWarning)
        meta.reflect(bind=conn, only=lambda name, _meta: name not in skip)
    return list(meta.sorted_tables)


def _copied_columns(table: Table) -> list[Column[Any]]:
    return [c for c in table.columns if c.computed is None]


def plan_copy(source: Connection, target: Connection) -> list[TablePlan]:
    """One plan per table, in the target's dependency order; refuses differing schemas."""
    src = {t.name: t for t in reflect(source)}
    dst = reflect(target)
    missing = sorted(set(src) ^ {t.name for t in dst})
    if missing:
        raise SchemaMismatch(
            f"source and target differ in tables {', '.join(missing)}: run `ceasefire db migrate` on both"
        )
    plans = []
    for t in dst:
        cols = [c.name for c in _copied_columns(t)]
        src_cols = [c.name for c in _copied_columns(src[t.name])]
        if sorted(cols) != sorted(src_cols):
            raise SchemaMismatch(
                f"table {t.name}: source columns {sorted(src_cols)} differ from target columns {sorted(cols)}"
            )
        self_refs = tuple(
            fk.parent.name for fk in t.foreign_keys if fk.column.table.name == t.name and fk.parent.name in cols
        )
        plans.append(TablePlan(t.name, src[t.name], t, tuple(cols), self_refs))
    return plans


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One transaction on the target, as the record's only writer: the copy lands whole or not at all."""
    with engine.begin() as conn:
        lock_for_writing(conn)
        yield conn


def row_counts(conn: Connection, plans: list[TablePlan]) -> dict[str, int]:
    """Rows per table in the database behind `conn` (either side: the tables share their names)."""
    return {p.name: int(conn.execute(select(func.count()).select_from(p.target)).scalar_one()) for p in plans}


def hash_at(conn: Connection, seq: int) -> str | None:
    """The stored hash of audit event `seq`, None when there is no such event."""
    return conn.execute(select(audit_events.c.hash).where(audit_events.c.seq == seq)).scalar()


@dataclass(frozen=True)
class TargetState:
    """What the target holds, against the source: enough to decide whether a copy may overwrite it."""

    head: tuple[int, str]
    tables_with_rows: tuple[str, ...]
    source_hash_at_target_head: str | None


def target_state(source: Connection, target: Connection, plans: list[TablePlan]) -> TargetState:
    seq, digest = audit_log.head(target)
    filled = tuple(
        p.name for p in plans if target.execute(select(literal(1)).select_from(p.target).limit(1)).first() is not None
    )
    return TargetState((seq, digest), filled, hash_at(source, seq) if seq else None)


def clear(conn: Connection, plans: list[TablePlan]) -> None:
    """Delete every row, children first; only for a target that holds an earlier state of the source."""
    for p in reversed(plans):
        if p.self_refs:
            conn.execute(update(p.target).values({c: None for c in p.self_refs}))
        conn.execute(delete(p.target))


def _converter(target: Table, column: str) -> Callable[[Any], Any] | None:
    """Timestamps cross backends in UTC: SQLite keeps them naive, PostgreSQL's timestamptz aware."""
    col_type = target.c[column].type
    if not isinstance(col_type, DateTime):
        return None
    aware = bool(col_type.timezone)

    def convert(value: Any) -> Any:
        if not isinstance(value, datetime):
            return value
        if aware:
            return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)

    return convert


def copy_table(source: Connection, target: Connection, plan: TablePlan, *, batch: int = 5000) -> int:
    """Move every row of one table in batches of `batch`; returns the number of rows."""
    src_cols = [plan.source.c[c] for c in plan.columns]
    pk = [plan.source.c[c.name] for c in plan.target.primary_key.columns] or src_cols
    converters = {c: f for c in plan.columns if (f := _converter(plan.target, c)) is not None}
    pk_names = [c.name for c in pk]
    deferred: dict[str, list[dict[str, Any]]] = {c: [] for c in plan.self_refs}
    result = source.execution_options(yield_per=batch).execute(select(*src_cols).order_by(*pk))
    copied = 0
    for chunk in result.partitions():
        rows = []
        for r in chunk:
            row = dict(r._mapping)
            for name, convert in converters.items():
                row[name] = convert(row[name])
            for col, pending in deferred.items():
                if row[col] is not None:
                    pending.append({"ref": row[col], **{f"pk_{k}": row[k] for k in pk_names}})
                    row[col] = None
            rows.append(row)
        target.execute(insert(plan.target), rows)
        copied += len(rows)
    for col, pending in deferred.items():
        if pending:
            stmt = update(plan.target).values({col: bindparam("ref")})
            for k in pk_names:
                stmt = stmt.where(plan.target.c[k] == bindparam(f"pk_{k}"))
            target.execute(stmt, pending)
    return copied


def restart_sequences(conn: Connection, plans: list[TablePlan]) -> None:
    """Move PostgreSQL's id sequences past the copied ids, so the next insert gets a fresh one
    (SQLite numbers from the largest rowid and needs nothing)."""
    if conn.dialect.name != "postgresql":
        return
    for p in plans:
        for col in p.target.primary_key.columns:
            seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": p.name, "c": col.name}).scalar()
            if seq is None:
                continue
            top = conn.execute(select(func.max(p.target.c[col.name]))).scalar()
            conn.execute(
                text("SELECT setval(:seq, :value, :called)"), {"seq": seq, "value": top or 1, "called": top is not None}
            )
