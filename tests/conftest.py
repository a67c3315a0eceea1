"""Fixtures shared by every test: the shared data folder, fresh databases on both backends."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ceasefire.storage.record import Record
from shared_paths import SHARED, require_shared

__all__ = ["SHARED", "require_shared"]


@pytest.fixture
def shared_data() -> Path:
    return require_shared("data")


@pytest.fixture
def shared_eval() -> Path:
    return require_shared("eval")


POSTGRES_ADMIN_URL = os.environ.get("CEASEFIRE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def _postgres_database(name: str) -> str:
    """Create an empty database on the real local server and return its URL (skip if none)."""
    import psycopg

    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL at {POSTGRES_ADMIN_URL} is not reachable: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def _drop_postgres_database(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend: an SQLite file, and a new PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "record.db")
        return
    name = f"ceasefire_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    url = _postgres_database(name)
    yield url
    _drop_postgres_database(name)


@pytest.fixture
def record(db_url: str) -> Iterator[Record]:
    rec = Record.open(db_url)
    yield rec
    rec.close()


@pytest.fixture
def astana_record(record: Record) -> Record:
    """A record holding the packaged Astana memorandum and its four zones."""
    from ceasefire.intake.agreement_file import load_packaged_agreement
    from ceasefire.workflows.agreements import store_loaded_agreement

    store_loaded_agreement(record, load_packaged_agreement("astana-2017"), actor="test")
    return record
