"""Tables. Domain records (clearpost.model) are stored as canonical JSON beside the columns
that queries filter on; the JSON is the truth, the columns are indexes over it."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("format", String(16), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("size", Integer, nullable=False),
    Column("records", Integer, nullable=False),
    Column("sender", Text, nullable=True),
    Column("reference", Text, nullable=True),
    Column("raw", LargeBinary, nullable=False),
)

items = Table(
    "items",
    metadata,
    # the normalised item id; an item received without one gets "~<message hash>:<record>"
    Column("item_key", String(64), primary_key=True),
    Column("item_id", Text, nullable=True),
    Column("versions", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("stage", String(16), nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("quality_score", Float, nullable=False),
    Column("risk_score", Float, nullable=False),
    Column("risk_level", String(8), nullable=False),
    Column("origin_post", Text, nullable=True),
    Column("origin_country", String(8), nullable=True),
    Column("destination_country", String(8), nullable=True),
    Column("cancelled", Boolean, nullable=False, default=False),
    Column("cancelled_at", DateTime(timezone=True), nullable=True),
    Column("cancel_reason", Text, nullable=True),
    Column("first_received_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_items_outcome", "outcome"),
    Index("ix_items_status", "status"),
    Index("ix_items_origin_country", "origin_country"),
    Index("ix_items_destination_country", "destination_country"),
    Index("ix_items_origin_post", "origin_post"),
)

item_versions = Table(
    "item_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_key", String(64), ForeignKey("items.item_key"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("message_id", Integer, ForeignKey("messages.id"), nullable=False),
    Column("record_index", Integer, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("item_json", LargeBinary, nullable=False),
    Column("assessment_json", LargeBinary, nullable=False),
    UniqueConstraint("item_key", "version", name="uq_item_versions_item_key_version"),
)

cancellations = Table(
    "cancellations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_key", String(64), ForeignKey("items.item_key"), nullable=False),
    Column("message_id", Integer, ForeignKey("messages.id"), nullable=False),
    Column("record_index", Integer, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("reason", Text, nullable=True),
)
