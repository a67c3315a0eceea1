"""The PostGIS side of the server backend: the extension, and spatial queries on the geometry
columns that migration 0006 adds. Sits beside the repositories; SQLite records have none of it.

The columns are *generated* from the portable ones (`incidents.lon/lat`, the GeoJSON of
`zone_versions.geometry`), so every writer, the repositories, `db copy` or a hand-run
UPDATE, keeps them in step without knowing they exist; nothing ever writes them directly.
Zone assignment itself stays in shapely (`geo.assign`, faster than PostGIS here, DESIGN §5);
these queries let a server-side tool (a map tile server, QGIS, a SQL analyst) use the GiST
indexes, and let the tests check that the two engines agree.
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from ceasefire.errors import CeasefireError

#: SQLSTATE of "insufficient_privilege", raised by CREATE EXTENSION for a role that may not.
_INSUFFICIENT_PRIVILEGE = "42501"

INCIDENT_GEOM = (
    "ALTER TABLE incidents ADD COLUMN geom geometry(Point, 4326) "
    "GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED"
)
ZONE_VERSION_GEOM = (
    "ALTER TABLE zone_versions ADD COLUMN geom geometry(MultiPolygon, 4326) "
    "GENERATED ALWAYS AS (ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geometry::text), 4326))) STORED"
)


class PostGISUnavailable(CeasefireError):
    """The server cannot give this database PostGIS: the message says who must run what."""

    code = "postgis_unavailable"


def _where(conn: Connection) -> tuple[str, str]:
    row = conn.execute(text("SELECT current_user, current_database()")).one()
    return str(row[0]), str(row[1])


def ensure_extension(conn: Connection) -> str:
    """Create the postgis extension if it is missing and the role may; return its version.

    PostGIS is not a trusted extension, so only a superuser (or the owner of a database where
    an administrator pre-created it) gets it: anyone else is told the exact statement to have
    run. The attempt runs in a savepoint so that a refusal leaves the migration's transaction
    usable for the error report.
    """
    installed = conn.execute(text("SELECT extversion FROM pg_extension WHERE extname = 'postgis'")).scalar()
    if installed:
        return str(installed)
    user, database = _where(conn)
    available = conn.execute(
        text("SELECT default_version FROM pg_available_extensions WHERE name = 'postgis'")
    ).scalar()
    if available is None:
        raise PostGISUnavailable(
            f"PostGIS is not installed on the PostgreSQL server of database {database!r}: install the server "
            "package (Debian: apt-get install postgresql-15-postgis-3), then, connected to that database as a "
            "superuser, run: CREATE EXTENSION postgis; and run `ceasefire db migrate` again"
        )
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != _INSUFFICIENT_PRIVILEGE:
            raise
        raise PostGISUnavailable(
            f"role {user!r} may not create the PostGIS extension in database {database!r}. Connected to that "
            "database as a superuser (e.g. `psql -U postgres -d " + database + "`), run: CREATE EXTENSION postgis; "
            "then run `ceasefire db migrate` again"
        ) from None
    return str(conn.execute(text("SELECT extversion FROM pg_extension WHERE extname = 'postgis'")).scalar())


def has_geometry_columns(conn: Connection) -> bool:
    """True when this record carries the PostGIS columns (a migrated PostgreSQL record)."""
    if conn.dialect.name != "postgresql":
        return False
    found = conn.execute(
        text(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND column_name = 'geom' AND table_name IN ('incidents', 'zone_versions')"
        )
    ).scalar()
    return found == 2


def incidents_within(conn: Connection, zone_id: str, version: int) -> list[str]:
    """Ids of the incidents strictly inside a zone version's outline and dated while it was in
    force, by PostGIS `ST_Contains` on the GiST-indexed columns (lines count as outside, as in
    `geo.assign`)."""
    rows = conn.execute(
        text(
            "SELECT i.id FROM incidents i JOIN zone_versions z ON ST_Contains(z.geom, i.geom) "
            "WHERE z.zone_id = :zone AND z.version = :version AND i.date_start >= z.valid_from "
            "AND (z.valid_to IS NULL OR i.date_start < z.valid_to) ORDER BY i.id"
        ),
        {"zone": zone_id, "version": version},
    )
    return [str(r[0]) for r in rows]


def incident_points(conn: Connection, ids: list[str]) -> dict[str, tuple[float, float] | None]:
    """(lon, lat) read back from each incident's geometry column, None where it has no point."""
    rows = conn.execute(
        text("SELECT id, ST_X(geom), ST_Y(geom) FROM incidents WHERE id = ANY(:ids)"), {"ids": list(ids)}
    )
    return {str(r[0]): None if r[1] is None else (float(r[1]), float(r[2])) for r in rows}


def uses_spatial_index(conn: Connection, zone_id: str) -> bool:
    """Whether the planner answers a point-in-zone query through the incidents' GiST index
    (with sequential scans disabled, so that the answer does not depend on table size)."""
    conn.execute(text("SET LOCAL enable_seqscan = off"))
    plan = conn.execute(
        text(
            "EXPLAIN SELECT i.id FROM incidents i JOIN zone_versions z ON ST_Contains(z.geom, i.geom) "
            "WHERE z.zone_id = :zone"
        ),
        {"zone": zone_id},
    ).scalars()
    return any("ix_incidents_geom" in line for line in plan)
