"""data quality: per-version quality facts, findings by code, official exchange rates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 13:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("item_versions") as batch:
        batch.add_column(sa.Column("origin_post", sa.Text(), nullable=True))
        batch.add_column(sa.Column("sender_key", sa.Text(), nullable=True))
        batch.add_column(sa.Column("status", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("quality_score", sa.Float(), nullable=True))
        batch.add_column(sa.Column("received_day", sa.Date(), nullable=True))
        batch.add_column(sa.Column("lead_hours", sa.Float(), nullable=True))
        batch.create_index("ix_item_versions_origin_post", ["origin_post", "received_day"])
        batch.create_index("ix_item_versions_sender_key", ["sender_key", "received_day"])
    op.create_table(
        "item_findings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin_post", sa.Text(), nullable=True),
        sa.Column("received_day", sa.Date(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_key"], ["items.item_key"], name="fk_item_findings_item_key_items"),
        sa.PrimaryKeyConstraint("id", name="pk_item_findings"),
    )
    op.create_index("ix_item_findings_post_day", "item_findings", ["origin_post", "received_day"])
    op.create_table(
        "exchange_rates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("per_eur", sa.Float(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_exchange_rates"),
        sa.UniqueConstraint("currency", "valid_from", name="uq_exchange_rates_currency"),
    )


def downgrade() -> None:
    op.drop_table("exchange_rates")
    op.drop_index("ix_item_findings_post_day", table_name="item_findings")
    op.drop_table("item_findings")
    with op.batch_alter_table("item_versions") as batch:
        batch.drop_index("ix_item_versions_sender_key")
        batch.drop_index("ix_item_versions_origin_post")
        for column in ("lead_hours", "received_day", "quality_score", "status", "sender_key", "origin_post"):
            batch.drop_column(column)
