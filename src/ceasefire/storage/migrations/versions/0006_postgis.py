"""PostGIS geometry columns with GiST indexes on incidents and zone versions (PostgreSQL only)

Revision ID: 0006
Revises: 0001
Create Date: 2026-11-24 09:00:00

On PostgreSQL: creates the postgis extension where the role may (else stops, saying what a
superuser must run), and adds `incidents.geom` (Point, 4326) and `zone_versions.geom`
(MultiPolygon, 4326) as *generated* columns computed from lon/lat and the stored GeoJSON,
each with a GiST index. Generated columns were chosen over triggers or repository code
because they cannot drift: PostgreSQL recomputes them on every INSERT and UPDATE, whoever
writes. On SQLite this migration does nothing; the portable columns are the whole record.
"""

from __future__ import annotations

from alembic import op

from ceasefire.storage import postgis

revision = "0006"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    postgis.ensure_extension(conn)
    op.execute(postgis.INCIDENT_GEOM)
    op.execute("CREATE INDEX ix_incidents_geom ON incidents USING gist (geom)")
    op.execute(postgis.ZONE_VERSION_GEOM)
    op.execute("CREATE INDEX ix_zone_versions_geom ON zone_versions USING gist (geom)")


def downgrade() -> None:
    """Drops the columns and indexes; the extension stays, other databases' objects may use it."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_zone_versions_geom")
    op.execute("ALTER TABLE zone_versions DROP COLUMN IF EXISTS geom")
    op.execute("DROP INDEX IF EXISTS ix_incidents_geom")
    op.execute("ALTER TABLE incidents DROP COLUMN IF EXISTS geom")
