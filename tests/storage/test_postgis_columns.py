"""The PostGIS backend: geometry columns generated from the portable ones, indexed, agreeing
with the in-process assignment; and a clear message when the extension cannot be created."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import inspect, update

from ceasefire.domain.statuses import ZoneRelation
from ceasefire.storage import incidents_repo, postgis
from ceasefire.storage.database import database_url
from ceasefire.storage.record import Record
from ceasefire.storage.schema import incidents
from ceasefire.workflows.demo import run_demo

pytestmark = pytest.mark.postgres
#: The shared `db_url` fixture, on its PostgreSQL side only: a fresh database per test.
ON_POSTGRES = pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
ADMIN_URL = os.environ.get("CEASEFIRE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def pg_demo(db_url: str) -> Iterator[Record]:
    record = Record.open(db_url)
    run_demo(record)
    yield record
    record.close()


@ON_POSTGRES
def test_the_incident_point_follows_lon_and_lat_on_insert_and_update(pg_demo: Record) -> None:
    with pg_demo.reader() as conn:
        stored = {i.id: i.place for i in incidents_repo.load_incidents(conn)}
        points = postgis.incident_points(conn, list(stored))
    assert points == {k: None if p.lon is None else (p.lon, p.lat) for k, p in stored.items()}
    some = next(k for k, p in stored.items() if p.lon is not None)
    with pg_demo.engine.begin() as conn:
        conn.execute(update(incidents).where(incidents.c.id == some).values(lon=38.0, lat=35.0))
    with pg_demo.reader() as conn:
        assert postgis.incident_points(conn, [some]) == {some: (38.0, 35.0)}


@ON_POSTGRES
def test_postgis_puts_in_each_zone_the_incidents_shapely_assigned_inside_it(pg_demo: Record) -> None:
    with pg_demo.reader() as conn:
        ids = [i.id for i in incidents_repo.load_incidents(conn)]
        current = incidents_repo.current_assignments(conn, ids)
        by_postgis = {z: set(postgis.incidents_within(conn, z, 1)) for z in ("idlib", "eastern-ghouta", "south")}
    for zone, found in by_postgis.items():
        # point-precision incidents only: areas are related by share, not by a point
        inside = {k for k, a in current.items() if a[0].zone_id == zone and a[0].relation is ZoneRelation.INSIDE}
        assert inside <= found, zone
    assert any(by_postgis.values())


@ON_POSTGRES
def test_point_in_zone_queries_use_the_gist_index(pg_demo: Record) -> None:
    with pg_demo.engine.begin() as conn:
        assert postgis.uses_spatial_index(conn, "idlib")


def test_sqlite_records_get_no_geometry_columns(tmp_path: Path) -> None:
    record = Record.open(f"{tmp_path}/plain.db")
    columns = {c["name"] for c in inspect(record.engine).get_columns("incidents")}
    with record.reader() as conn:
        assert not postgis.has_geometry_columns(conn)
    assert "geom" not in columns and {"lon", "lat"} <= columns


@ON_POSTGRES
def test_a_role_that_may_not_create_postgis_is_told_what_a_superuser_must_run(db_url: str) -> None:
    role = f"ceasefire_nosuper_{uuid.uuid4().hex[:8]}"
    url = database_url(db_url)
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN')
        admin.execute(f'ALTER DATABASE "{url.database}" OWNER TO "{role}"')
    try:
        with pytest.raises(postgis.PostGISUnavailable) as caught:
            Record.open(url.set(username=role).render_as_string(hide_password=False))
        assert "CREATE EXTENSION postgis;" in caught.value.message and role in caught.value.message
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{url.database}" OWNER TO CURRENT_USER')
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')
