"""screening index: the watchlists' name index, stored once per list versions and code

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening_indexes",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_screening_indexes"),
    )


def downgrade() -> None:
    op.drop_table("screening_indexes")
