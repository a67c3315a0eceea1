"""`db copy`: a field office's SQLite record moved whole to a PostgreSQL server, chain intact."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli.main import _register, app
from ceasefire.storage import audit_log, copying, incidents_repo, zones_repo
from ceasefire.storage.record import Record
from ceasefire.workflows.db_copy import CopyMode, CopyRefused, copy_record
from ceasefire.workflows.demo import run_demo
from ceasefire.workflows.zones import amend_zone

#: Every test here copies into the shared `db_url` fixture's fresh PostgreSQL database.
pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("db_url", ["postgres"], indirect=True)]


@pytest.fixture
def pg_url(db_url: str) -> str:
    return db_url


@pytest.fixture
def field_office(tmp_path: Path) -> str:
    """The demo record on SQLite, with one zone amended so that assignments have history."""
    db = str(tmp_path / "field-office.db")
    record = Record.open(db)
    run_demo(record)
    with record.reader() as conn:
        idlib = next(z for z in zones_repo.load_zones(conn) if z.id == "idlib")
    assert idlib.current is not None
    amend_zone(
        record,
        "idlib",
        idlib.current.geometry,
        valid_from=idlib.current.valid_from.replace(year=2018),
        basis="test: same outline re-agreed",
        actor="test",
    )
    record.close()
    return db


def _utc(at: datetime) -> datetime:
    """SQLite gives back naive UTC, PostgreSQL aware timestamps: compare them as naive UTC."""
    return at if at.tzinfo is None else at.astimezone(UTC).replace(tzinfo=None)


def _contents(db: str) -> tuple[object, ...]:
    record = Record.open(db)
    with record.reader() as conn:
        incidents = incidents_repo.load_incidents(conn)
        ids = [i.id for i in incidents]
        history = {i: incidents_repo.assignment_history(conn, i) for i in ids}
        plans = copying.plan_copy(conn, conn)
        counts = copying.row_counts(conn, plans)
        zones = zones_repo.load_zones(conn)
        head = audit_log.head(conn)
        broken = audit_log.verify(conn)
    record.close()
    assignments = {k: [(s.assignment, s.current, s.cause, _utc(s.computed_at)) for s in v] for k, v in history.items()}
    return incidents, assignments, zones, counts, head, broken


def test_copy_to_postgres_gives_the_same_incidents_assignments_and_audit_head(field_office: str, pg_url: str) -> None:
    summary = copy_record(field_office, pg_url, batch=7)
    assert summary.mode is CopyMode.FRESH and summary.source_head == summary.target_head
    source, target = _contents(field_office), _contents(pg_url)
    assert target == source
    assert source[5] is None and source[4][0] > 0


def test_the_copied_record_takes_new_writes_with_fresh_ids(field_office: str, pg_url: str) -> None:
    copy_record(field_office, pg_url)
    record = Record.open(pg_url)
    with record.reader() as conn:
        idlib = next(z for z in zones_repo.load_zones(conn) if z.id == "idlib")
    assert idlib.current is not None
    moved = amend_zone(
        record,
        "idlib",
        idlib.current.geometry,
        valid_from=idlib.current.valid_from.replace(year=2019),
        basis="test",
        actor="centre",
    )
    with record.reader() as conn:
        assert audit_log.verify(conn) is None
    record.close()
    assert moved.version.version == 3


def test_a_second_copy_extends_an_earlier_copy_of_the_same_record(field_office: str, pg_url: str) -> None:
    copy_record(field_office, pg_url)
    again = copy_record(field_office, pg_url)
    assert again.mode is CopyMode.UP_TO_DATE
    record = Record.open(field_office)
    with record.transaction("field") as tx:
        tx.audit("test.note", "thing", "x", {"n": 1})
    record.close()
    later = copy_record(field_office, pg_url)
    assert later.mode is CopyMode.EXTENDED and later.target_events_before == again.target_head[0]
    assert _contents(pg_url) == _contents(field_office)


def test_a_target_with_another_history_is_refused_and_left_untouched(field_office: str, pg_url: str) -> None:
    other = Record.open(pg_url)
    with other.transaction("centre") as tx:
        tx.audit("test.note", "thing", "centre", {})
    other.close()
    with pytest.raises(CopyRefused, match="not a prefix"):
        copy_record(field_office, pg_url)
    assert _contents(pg_url)[4][0] == 1


def test_a_source_with_a_broken_chain_is_not_copied(field_office: str, pg_url: str) -> None:
    import sqlite3

    with sqlite3.connect(field_office) as conn:
        conn.execute("update audit_events set actor = 'forger' where seq = 2")
    with pytest.raises(Exception, match="broken at event 2"):
        copy_record(field_office, pg_url)
    assert _contents(pg_url)[4] == (0, "0" * 64)


def test_db_copy_and_db_migrate_from_the_command_line(field_office: str, pg_url: str) -> None:
    _register()
    runner = CliRunner()
    migrated = runner.invoke(app, ["--db", pg_url, "db", "migrate"])
    assert migrated.exit_code == 0, migrated.output
    assert "current revision: none" in migrated.output and "0007" in migrated.output
    result = runner.invoke(app, ["db", "copy", "--from", f"sqlite:///{field_office}", "--to", pg_url])
    assert result.exit_code == 0, result.output
    heads = [line.rsplit(" ", 1)[1] for line in result.output.splitlines() if "audit chain intact" in line]
    assert len(heads) == 2 and heads[0] == heads[1]
    assert runner.invoke(app, ["--db", pg_url, "db", "migrate"]).output.count("nothing to do") == 1


def test_the_web_app_serves_the_copied_record_as_it_served_the_original(field_office: str, pg_url: str) -> None:
    from fastapi.testclient import TestClient

    from ceasefire.settings import Settings
    from ceasefire.web.app import create_app

    copy_record(field_office, pg_url)
    served = []
    for db in (field_office, pg_url):
        record = Record.open(db)
        with TestClient(create_app(record, settings=Settings(db="unused", tile_url=""))) as client:
            incidents, agreements = client.get("/incidents?limit=100"), client.get("/agreements")
            assert incidents.status_code == agreements.status_code == 200
            served.append((incidents.json(), agreements.json()))
        record.close()
    assert served[0] == served[1]
    assert len(served[0][0]["features"]) == 14
