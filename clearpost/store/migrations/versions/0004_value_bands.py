"""value bands learned from the store's own history

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 14:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "value_bands",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("learned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bands_json", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_value_bands"),
    )


def downgrade() -> None:
    op.drop_table("value_bands")
