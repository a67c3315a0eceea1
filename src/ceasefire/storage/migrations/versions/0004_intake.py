"""intake: import checkpoints, deleted incidents, evidence files and their links to reports

Revision ID: 0004
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("incidents", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "import_checkpoints",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("byte_offset", sa.BigInteger(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_new", sa.Integer(), nullable=False),
        sa.Column("rows_updated", sa.Integer(), nullable=False),
        sa.Column("rows_unchanged", sa.Integer(), nullable=False),
        sa.Column("rows_deleted", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.Column("rows_skipped", sa.Integer(), nullable=False),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["imports.id"], name=op.f("fk_import_checkpoints_import_id_imports")),
        sa.PrimaryKeyConstraint("import_id", name=op.f("pk_import_checkpoints")),
    )
    op.create_table(
        "evidence_files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mime", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("working_sha256", sa.String(length=64), nullable=True),
        sa.Column("working_mime", sa.String(length=64), nullable=True),
        sa.Column("working_note", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_evidence_files")),
    )
    op.create_table(
        "evidence_links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.String(length=128), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name=op.f("fk_evidence_links_report_id_reports")),
        sa.ForeignKeyConstraint(
            ["sha256"], ["evidence_files.sha256"], name=op.f("fk_evidence_links_sha256_evidence_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_links")),
        sa.UniqueConstraint("report_id", "sha256", name="uq_evidence_links_report_file"),
    )
    op.create_index("ix_evidence_links_sha256", "evidence_links", ["sha256"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_evidence_links_sha256", table_name="evidence_links")
    op.drop_table("evidence_links")
    op.drop_table("evidence_files")
    op.drop_table("import_checkpoints")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("deleted_at")
