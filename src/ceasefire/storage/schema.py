"""The record's tables, in SQLAlchemy Core, portable between SQLite and PostgreSQL.

Dates are stored as ISO text only where exactness across backends matters (the audit chain);
elsewhere as native DATE/TIMESTAMP. Geometry is GeoJSON text plus a bounding box, so that
the same code runs on SQLite; the PostGIS backend adds geometry columns in a migration.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

agreements = Table(
    "agreements",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("signed", Date, nullable=False),
    Column("in_force", Date, nullable=False),
    Column("duration_months", Integer),
    Column("auto_renew", Boolean, nullable=False),
    Column("document", JSON, nullable=False),
    Column("source_sha256", String(64), nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

zones = Table(
    "zones",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("agreement_id", String(64), ForeignKey("agreements.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("parent_id", String(64), ForeignKey("zones.id")),
    Column("position", Integer, nullable=False),
)

zone_versions = Table(
    "zone_versions",
    metadata,
    Column("zone_id", String(64), ForeignKey("zones.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("geometry", JSON, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Column("status", String(16), nullable=False),
    Column("basis", Text, nullable=False),
    Column("approximate", Boolean, nullable=False),
    Column("method", Text, nullable=False),
    Column("min_lon", Float, nullable=False),
    Column("min_lat", Float, nullable=False),
    Column("max_lon", Float, nullable=False),
    Column("max_lat", Float, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("event_type", String(40), nullable=False),
    Column("sub_event_type", String(64)),
    Column("date_start", Date, nullable=False),
    Column("date_end", Date, nullable=False),
    Column("date_precision", String(8), nullable=False),
    Column("place_name", Text, nullable=False),
    Column("lon", Float),
    Column("lat", Float),
    Column("geo_precision", String(12), nullable=False),
    Column("admin1", String(64)),
    Column("perpetrator_name", Text),
    Column("perpetrator_side", String(16)),
    Column("target_name", Text),
    Column("target_side", String(16)),
    Column("fatalities_low", Integer),
    Column("fatalities_best", Integer),
    Column("fatalities_high", Integer),
    Column("status", String(16), nullable=False),
    Column("source_name", Text),
    Column("source_url", Text),
    Column("notes", Text, nullable=False, default=""),
    Column("import_id", Integer, ForeignKey("imports.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Set when the source withdrew the event (issue 6, migration 0004); the row is never erased.
    Column("deleted_at", DateTime(timezone=True)),
    Index("ix_incidents_date", "date_start", "date_end"),
    Index("ix_incidents_lonlat", "lon", "lat"),
)

zone_assignments = Table(
    "zone_assignments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(64), ForeignKey("incidents.id"), nullable=False),
    # zone_id may name a derived security zone ("<zone>-security-zone"), so no foreign key;
    # zone_version is then the version of the zone whose line the belt follows.
    Column("zone_id", String(80)),
    Column("zone_version", Integer),
    Column("relation", String(12), nullable=False),
    Column("share", Float),
    Column("current", Boolean, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
    Column("cause", Text, nullable=False),
    Index("ix_zone_assignments_incident", "incident_id", "current"),
    Index("ix_zone_assignments_zone", "zone_id", "current"),
)

sources = Table(
    "sources",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("reliability", String(32)),
    Column("party_id", String(64)),
)

reports = Table(
    "reports",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("source_id", String(128), ForeignKey("sources.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("published_start", Date),
    Column("published_end", Date),
    Column("published_precision", String(8)),
    Column("url", Text),
    Column("external_id", String(128)),
    Column("version_stamp", String(64)),
    Column("confidentiality", String(10), nullable=False),
    Column("party_id", String(64)),
    Column("observed_by", String(10)),
    Column("original", JSON, nullable=False),
    Column("supersedes", String(128), ForeignKey("reports.id")),
    Column("deleted_at", DateTime(timezone=True)),
    Column("import_id", Integer, ForeignKey("imports.id")),
    UniqueConstraint("source_id", "sha256", name="uq_reports_source_sha"),
    Index("ix_reports_external", "source_id", "external_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(160), primary_key=True),
    Column("report_id", String(128), ForeignKey("reports.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("attributed_to", Text, nullable=False),
    Column("stance", String(10), nullable=False),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_precision", String(8)),
    Column("place_name", Text),
    Column("lon", Float),
    Column("lat", Float),
    Column("geo_precision", String(12)),
    Column("admin1", String(64)),
    Column("event_type", String(40)),
    Column("sub_event_type", String(64)),
    Column("perpetrator_name", Text),
    Column("perpetrator_side", String(16)),
    Column("target_name", Text),
    Column("target_side", String(16)),
    Column("fatalities_low", Integer),
    Column("fatalities_best", Integer),
    Column("fatalities_high", Integer),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Column("details", JSON, nullable=False),
    Index("ix_claims_report", "report_id"),
    Index("ix_claims_kind_date", "kind", "date_start"),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("rows_new", Integer, nullable=False, default=0),
    Column("rows_unchanged", Integer, nullable=False, default=0),
    Column("rows_rejected", Integer, nullable=False, default=0),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Index("ix_imports_sha", "kind", "sha256"),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("imports.id")),
    Column("kind", String(32), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("record_number", Integer),
    Column("reason", Text, nullable=False),
    Column("raw", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True)),
    UniqueConstraint("file_sha256", "record_number", "kind", name="uq_quarantine_row"),
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(64), nullable=False),
    Column("entity_type", String(32), nullable=False),
    Column("entity_id", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_entity", "entity_type", "entity_id"),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

# --- Web access (issue 9): who may act, with which token, and what they submitted. ---

users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("party_id", String(64)),
    Column("password_hash", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False),
    # SHA-256 of the token: the token itself is shown once and never stored.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("label", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

submissions = Table(
    "submissions",
    metadata,
    Column("user_id", String(36), ForeignKey("users.id"), primary_key=True),
    Column("idempotency_key", String(64), primary_key=True),
    Column("report_id", String(128), ForeignKey("reports.id"), nullable=False),
    Column("request_sha256", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_submissions_report", "report_id"),
)

publications = Table(
    "publications",
    metadata,
    Column("incident_id", String(64), ForeignKey("incidents.id"), primary_key=True),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
)

# --- Bulletins (issue 8): each published bulletin, with the record state it was cut from. ---

bulletins = Table(
    "bulletins",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("day", Date, nullable=False),
    Column("edition", String(8), nullable=False),
    Column("period_start", Date, nullable=False),
    # Instants as UTC text in the audit log's format, so they compare with audit_events.at.
    Column("cutoff", String(32), nullable=False),
    Column("as_of", String(32), nullable=False),
    Column("audit_seq", Integer, nullable=False),
    Column("audit_hash", String(64), nullable=False),
    Column("html_sha256", String(64), nullable=False),
    Column("pdf_sha256", String(64), nullable=False),
    Column("html_name", Text, nullable=False),
    Column("pdf_name", Text, nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    Index("ix_bulletins_day", "day", "edition"),
)

# --- Corroboration and assessment (issue 7): claim -> incident links, status history, verdicts. ---

claim_links = Table(
    "claim_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", String(160), ForeignKey("claims.id"), nullable=False),
    Column("incident_id", String(64), ForeignKey("incidents.id"), nullable=False),
    Column("linked_at", DateTime(timezone=True), nullable=False),
    Column("unlinked_at", DateTime(timezone=True)),
    # clustering | rebuild | merge | split; pinned links are an analyst's and clustering keeps them.
    Column("cause", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("pinned", Boolean, nullable=False),
    Column("unlink_cause", Text),
    Index("ix_claim_links_claim", "claim_id", "unlinked_at"),
    Index("ix_claim_links_incident", "incident_id", "unlinked_at"),
)

incident_retirements = Table(
    "incident_retirements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(64), ForeignKey("incidents.id"), nullable=False),
    Column("merged_into", String(64), ForeignKey("incidents.id")),
    # The claims the incident held when retired, so that a split can revive it exactly.
    Column("claim_ids", JSON, nullable=False),
    Column("cause", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("retired_at", DateTime(timezone=True), nullable=False),
    Column("revived_at", DateTime(timezone=True)),
    Index("ix_incident_retirements_incident", "incident_id", "revived_at"),
)

incident_status_history = Table(
    "incident_status_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(64), ForeignKey("incidents.id"), nullable=False),
    Column("from_status", String(16)),
    Column("to_status", String(16), nullable=False),
    Column("method", String(10)),
    Column("note", Text, nullable=False),
    Column("automatic", Boolean, nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_incident_status_history_incident", "incident_id"),
)

verdicts = Table(
    "verdicts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(64), ForeignKey("incidents.id"), nullable=False),
    Column("agreement_id", String(64), nullable=False),
    Column("provision_id", String(64), nullable=False),
    Column("verdict", String(24), nullable=False),
    Column("reason", Text, nullable=False),
    Column("trace", JSON, nullable=False),
    Column("current", Boolean, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
    Column("cause", Text, nullable=False),
    Index("ix_verdicts_incident", "incident_id", "current"),
    Index("ix_verdicts_verdict", "verdict", "current"),
)

# --- Intake (issue 6): resumable dataset imports, evidence files and their links to reports. ---

import_checkpoints = Table(
    "import_checkpoints",
    metadata,
    Column("import_id", Integer, ForeignKey("imports.id"), primary_key=True),
    Column("file_sha256", String(64), nullable=False),
    Column("mode", String(8), nullable=False),
    # The adapter options the import ran with, so a resume or a quarantine retry reads alike.
    Column("options", JSON, nullable=False),
    # Position of the reader after the last committed batch (csv_reading.Position).
    Column("byte_offset", BigInteger, nullable=False),
    Column("records", Integer, nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("rows_new", Integer, nullable=False),
    Column("rows_updated", Integer, nullable=False),
    Column("rows_unchanged", Integer, nullable=False),
    Column("rows_deleted", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False),
    Column("rows_skipped", Integer, nullable=False),
    # An attempt to import bytes already imported names the earlier import (BAD_INPUTS row 39).
    Column("duplicate_of", Integer),
    # What stopped the file, when something did (a file-level error in per-row mode).
    Column("note", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

evidence_files = Table(
    "evidence_files",
    metadata,
    # Content address of the original bytes: the same file is stored once however often it comes.
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("mime", String(64), nullable=False),
    Column("width", Integer),
    Column("height", Integer),
    Column("working_sha256", String(64)),
    Column("working_mime", String(64)),
    # Why there is no working copy, or how it was made.
    Column("working_note", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

evidence_links = Table(
    "evidence_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", String(128), ForeignKey("reports.id"), nullable=False),
    Column("sha256", String(64), ForeignKey("evidence_files.sha256"), nullable=False),
    # The name the file arrived under: escaped, capped metadata, never a path on disk.
    Column("original_name", Text, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    UniqueConstraint("report_id", "sha256", name="uq_evidence_links_report_file"),
    Index("ix_evidence_links_sha256", "sha256"),
)
