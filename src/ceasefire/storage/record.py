"""The record: one database, opened once, written only in audited transactions."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine

from ceasefire.domain.audit import AuditEvent
from ceasefire.storage import audit_log, migrate
from ceasefire.storage.database import create_record_engine


def default_actor() -> str:
    """Who is acting, for the audit log: CEASEFIRE_ACTOR, else the operating-system user."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return os.environ.get("CEASEFIRE_ACTOR") or f"cli:{user}"


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
            migrate.upgrade(engine)
        return cls(engine)

    @contextmanager
    def transaction(self, actor: str | None = None) -> Iterator[Transaction]:
        with self.engine.begin() as conn:
            yield Transaction(conn, actor or default_actor())

    @contextmanager
    def reader(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()
