"""officers' rule sets (versioned) and inspection outcomes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rulesets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("version", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("loaded_by", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rulesets"),
        sa.UniqueConstraint("name", "version", name="uq_rulesets_name_version"),
    )
    op.create_table(
        "inspection_outcomes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("officer", sa.Text(), nullable=False),
        sa.Column("result", sa.String(length=32), nullable=False),
        sa.Column("fraud", sa.Boolean(), nullable=False),
        sa.Column("seized", sa.Boolean(), nullable=False),
        sa.Column("revenue_recovered", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reason_codes", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_inspection_outcomes"),
    )
    op.create_index("ix_inspection_outcomes_item_id", "inspection_outcomes", ["item_id", "recorded_at"])
    op.create_index("ix_inspection_outcomes_recorded_at", "inspection_outcomes", ["recorded_at"])


def downgrade() -> None:
    op.drop_index("ix_inspection_outcomes_recorded_at", table_name="inspection_outcomes")
    op.drop_index("ix_inspection_outcomes_item_id", table_name="inspection_outcomes")
    op.drop_table("inspection_outcomes")
    op.drop_table("rulesets")
