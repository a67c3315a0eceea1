"""The record: one database, opened once, written only in audited transactions."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine

from ceasefire.domain.audit import AuditEvent
from ceasefire.settings import Settings
from ceasefire.storage import audit_log
from ceasefire.storage.database import create_record_engine, lock_for_writing


def default_actor() -> str:
    """Who is acting, for the audit log: CEASEFIRE_ACTOR, else the operating-system user."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Settings().actor or f"cli:{user}"


@dataclass
class Transaction:
    """A unit of change: its SQL and its audit events commit together or not at all."""

    conn: Connection
    actor: str

    def audit(self, action: str, entity_type: str, entity_id: str, payload: dict[str, Any]) -> AuditEvent:
        return audit_log.append(
            self.conn, actor=self.actor, action=action, entity_type=entity_type, entity_id=entity_id, payload=payload
        )


class Record:
    """Handle on the database: `transaction()` to change it, `reader()` to look."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, db: str, *, migrate_schema: bool = True) -> Record:
        engine = create_record_engine(db)
        if migrate_schema:
            from ceasefire.storage import migrate  # alembic: paid by commands that open a record

            migrate.upgrade(engine)
        return cls(engine)

    @contextmanager
    def transaction(self, actor: str | None = None) -> Iterator[Transaction]:
        """One writer at a time on both backends (see `lock_for_writing`)."""
        with self.engine.begin() as conn:
            lock_for_writing(conn)
            yield Transaction(conn, actor or default_actor())

    @contextmanager
    def reader(self) -> Iterator[Connection]:
        """A consistent snapshot: on PostgreSQL REPEATABLE READ, so that a long read (say,
        verifying the audit chain) does not see a writer's commit half-way through."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            yield conn

    def close(self) -> None:
        self.engine.dispose()
