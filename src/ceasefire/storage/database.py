"""Opening the record: a file path or URL becomes an engine with the backend's safety settings."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from ceasefire.errors import InvalidInput


def database_url(db: str) -> URL:
    """An SQLAlchemy URL from what the user typed: a URL, or a path to an SQLite file.

    `postgresql://` is given the psycopg 3 driver, the only PostgreSQL driver installed.
    """
    if "://" not in db:
        return make_url("sqlite:///" + str(Path(db).expanduser().resolve()))
    try:
        url = make_url(db)
    except ArgumentError as exc:
        raise InvalidInput(f"database URL {db!r} is not valid: {exc}") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise InvalidInput(f"database {db!r}: only SQLite files and PostgreSQL URLs are supported")
    return url


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """WAL for concurrent readers, FULL sync so a committed import survives power loss."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_record_engine(db: str | URL) -> Engine:
    url = db if isinstance(db, URL) else database_url(db)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take it over so that a
        # transaction is one BEGIN ... COMMIT and SELECTs see a stable snapshot.
        event.listen(engine, "connect", lambda conn, _rec: setattr(conn, "isolation_level", None))
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    return create_engine(url, pool_pre_ping=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


#: Key of the PostgreSQL advisory lock that writers of one record take in turn (the lock
#: space is per database, so records on one server do not wait for each other).
WRITER_LOCK_KEY = 0x63656173  # "ceas"


def lock_for_writing(conn: Connection) -> None:
    """Make this transaction the record's only writer until it ends, as BEGIN IMMEDIATE does on SQLite.

    Workflows read the record and then write what follows from it (the next zone version,
    the incidents an amendment moves, which rows of an import are new). Under PostgreSQL's
    READ COMMITTED two such transactions could each miss the other's rows and both commit:
    a lost update. A transaction-level advisory lock taken before the first read serialises
    writers; readers never wait. Released at COMMIT or ROLLBACK.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK_KEY})
