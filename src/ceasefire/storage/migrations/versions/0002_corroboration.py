"""corroboration: claim -> incident links, retired incidents, status history, verdicts

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.String(length=160), nullable=False),
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unlinked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("unlink_cause", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_links_claim_id_claims")),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], name=op.f("fk_claim_links_incident_id_incidents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_links")),
    )
    op.create_index("ix_claim_links_claim", "claim_links", ["claim_id", "unlinked_at"], unique=False)
    op.create_index("ix_claim_links_incident", "claim_links", ["incident_id", "unlinked_at"], unique=False)

    op.create_table(
        "incident_retirements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("merged_into", sa.String(length=64), nullable=True),
        sa.Column("claim_ids", sa.JSON(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_incident_retirements_incident_id_incidents")
        ),
        sa.ForeignKeyConstraint(
            ["merged_into"], ["incidents.id"], name=op.f("fk_incident_retirements_merged_into_incidents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_retirements")),
    )
    op.create_index(
        "ix_incident_retirements_incident", "incident_retirements", ["incident_id", "revived_at"], unique=False
    )

    op.create_table(
        "incident_status_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_incident_status_history_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_status_history")),
    )
    op.create_index("ix_incident_status_history_incident", "incident_status_history", ["incident_id"], unique=False)

    op.create_table(
        "verdicts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("agreement_id", sa.String(length=64), nullable=False),
        sa.Column("provision_id", sa.String(length=64), nullable=False),
        sa.Column("verdict", sa.String(length=24), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("trace", sa.JSON(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], name=op.f("fk_verdicts_incident_id_incidents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verdicts")),
    )
    op.create_index("ix_verdicts_incident", "verdicts", ["incident_id", "current"], unique=False)
    op.create_index("ix_verdicts_verdict", "verdicts", ["verdict", "current"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_verdicts_verdict", table_name="verdicts")
    op.drop_index("ix_verdicts_incident", table_name="verdicts")
    op.drop_table("verdicts")
    op.drop_index("ix_incident_status_history_incident", table_name="incident_status_history")
    op.drop_table("incident_status_history")
    op.drop_index("ix_incident_retirements_incident", table_name="incident_retirements")
    op.drop_table("incident_retirements")
    op.drop_index("ix_claim_links_incident", table_name="claim_links")
    op.drop_index("ix_claim_links_claim", table_name="claim_links")
    op.drop_table("claim_links")
