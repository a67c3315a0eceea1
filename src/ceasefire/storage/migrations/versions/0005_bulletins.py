"""bulletins: each published bulletin with its cut-off, audit head and file hashes

Revision ID: 0005
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bulletins",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("edition", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("cutoff", sa.String(length=32), nullable=False),
        sa.Column("as_of", sa.String(length=32), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.Column("audit_hash", sa.String(length=64), nullable=False),
        sa.Column("html_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("html_name", sa.Text(), nullable=False),
        sa.Column("pdf_name", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulletins")),
    )
    op.create_index("ix_bulletins_day", "bulletins", ["day", "edition"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_bulletins_day", table_name="bulletins")
    op.drop_table("bulletins")
