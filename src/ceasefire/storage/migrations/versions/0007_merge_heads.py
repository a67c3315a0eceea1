"""Join the five branches that grew from the initial schema into one head.

Revision ID: 0007
Revises: 0002, 0003, 0004, 0005, 0006
"""

from __future__ import annotations

revision = "0007"
down_revision = ("0002", "0003", "0004", "0005", "0006")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the merge only gives the history a single head."""


def downgrade() -> None:
    """Nothing to undo."""
