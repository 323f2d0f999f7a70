"""targeting: addressee buckets for split shipments across messages, inspection counts per
office and day, cleared watchlist hits

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "addressee_buckets",
        sa.Column("item_key", sa.String(64), nullable=False),
        sa.Column("bucket", sa.Text(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["item_key"], ["items.item_key"], name="fk_addressee_buckets_item_key_items"),
        sa.PrimaryKeyConstraint("item_key", name="pk_addressee_buckets"),
    )
    op.create_index("ix_addressee_buckets_bucket", "addressee_buckets", ["bucket", "posted_at"])
    op.create_table(
        "inspection_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("office", sa.Text(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("targeted", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "office", name="pk_inspection_days"),
    )
    op.create_table(
        "cleared_hits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("party", sa.Text(), nullable=False),
        sa.Column("list_name", sa.Text(), nullable=False),
        sa.Column("entry_id", sa.Text(), nullable=False),
        sa.Column("entry_fingerprint", sa.Text(), nullable=False),
        sa.Column("item_id", sa.Text(), nullable=True),
        sa.Column("officer", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cleared_hits"),
    )
    op.create_index("ix_cleared_hits_party", "cleared_hits", ["party"])


def downgrade() -> None:
    op.drop_index("ix_cleared_hits_party", table_name="cleared_hits")
    op.drop_table("cleared_hits")
    op.drop_table("inspection_days")
    op.drop_index("ix_addressee_buckets_bucket", table_name="addressee_buckets")
    op.drop_table("addressee_buckets")
