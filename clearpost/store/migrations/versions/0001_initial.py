"""initial schema: messages, items, item versions, cancellations

Revision ID: 0001
Revises:
Create Date: 2026-11-28 10:32:17.966303
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "items",
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.Text(), nullable=True),
        sa.Column("versions", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("quality_score", sa.Float(), nullable=False),
        sa.Column("risk_score", sa.Float(), nullable=False),
        sa.Column("risk_level", sa.String(length=8), nullable=False),
        sa.Column("origin_post", sa.Text(), nullable=True),
        sa.Column("origin_country", sa.String(length=8), nullable=True),
        sa.Column("destination_country", sa.String(length=8), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("first_received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("item_key", name=op.f("pk_items")),
    )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.create_index("ix_items_destination_country", ["destination_country"], unique=False)
        batch_op.create_index("ix_items_origin_country", ["origin_country"], unique=False)
        batch_op.create_index("ix_items_origin_post", ["origin_post"], unique=False)
        batch_op.create_index("ix_items_outcome", ["outcome"], unique=False)
        batch_op.create_index("ix_items_status", ["status"], unique=False)

    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("sender", sa.Text(), nullable=True),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.UniqueConstraint("sha256", name=op.f("uq_messages_sha256")),
    )
    op.create_table(
        "cancellations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("record_index", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_key"], ["items.item_key"], name=op.f("fk_cancellations_item_key_items")
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_cancellations_message_id_messages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cancellations")),
    )
    op.create_table(
        "item_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("record_index", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("item_json", sa.LargeBinary(), nullable=False),
        sa.Column("assessment_json", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_key"], ["items.item_key"], name=op.f("fk_item_versions_item_key_items")
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_item_versions_message_id_messages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_versions")),
        sa.UniqueConstraint("item_key", "version", name="uq_item_versions_item_key_version"),
    )


def downgrade() -> None:
    op.drop_table("item_versions")
    op.drop_table("cancellations")
    op.drop_table("messages")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index("ix_items_status")
        batch_op.drop_index("ix_items_outcome")
        batch_op.drop_index("ix_items_origin_post")
        batch_op.drop_index("ix_items_origin_country")
        batch_op.drop_index("ix_items_destination_country")

    op.drop_table("items")
