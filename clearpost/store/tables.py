"""Tables. Domain records (clearpost.model) are stored as canonical JSON beside the columns
that queries filter on; the JSON is the truth, the columns are indexes over it."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
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
    # quality facts of the version, for Post scorecards (the assessment JSON holds them too)
    Column("origin_post", Text, nullable=True),
    Column("sender_key", Text, nullable=True),
    Column("status", String(16), nullable=True),
    Column("quality_score", Float, nullable=True),
    Column("received_day", Date, nullable=True),
    # hours from receipt to the item's departure (negative: received after it departed)
    Column("lead_hours", Float, nullable=True),
    UniqueConstraint("item_key", "version", name="uq_item_versions_item_key_version"),
    Index("ix_item_versions_origin_post", "origin_post", "received_day"),
    Index("ix_item_versions_sender_key", "sender_key", "received_day"),
)

item_findings = Table(
    "item_findings",
    metadata,
    # one row per finding code of a stored version, with the facts a scorecard groups by
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_key", String(64), ForeignKey("items.item_key"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("origin_post", Text, nullable=True),
    Column("received_day", Date, nullable=False),
    Column("code", String(32), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("occurrences", Integer, nullable=False),
    Index("ix_item_findings_post_day", "origin_post", "received_day"),
)

exchange_rates = Table(
    "exchange_rates",
    metadata,
    # official rates for customs purposes, loaded by the operator; they win over ECB rates
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("currency", String(3), nullable=False),
    Column("per_eur", Float, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=False),
    Column("source", Text, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("currency", "valid_from", name="uq_exchange_rates_currency"),
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

watchlists = Table(
    "watchlists",
    metadata,
    # every loaded version of a list; the latest of each name is the active one
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("version", Text, nullable=False),
    Column("entries", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

watchlist_entries = Table(
    "watchlist_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("watchlist_id", Integer, ForeignKey("watchlists.id"), nullable=False),
    Column("entry_id", Text, nullable=False),
    Column("entry_json", LargeBinary, nullable=False),
    Index("ix_watchlist_entries_watchlist_id", "watchlist_id"),
)

screening_indexes = Table(
    "screening_indexes",
    metadata,
    # the name index of the active watchlist versions, built once and read at each start; `key`
    # digests the list versions and the screening code it was built with
    Column("key", String(64), primary_key=True),
    Column("built_at", DateTime(timezone=True), nullable=False),
    Column("body", LargeBinary, nullable=False),
)

value_bands = Table(
    "value_bands",
    metadata,
    # value bands learned from stored declarations; the latest replaces the shipped ones
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("learned_at", DateTime(timezone=True), nullable=False),
    Column("bands_json", LargeBinary, nullable=False),
)

rulesets = Table(
    "rulesets",
    metadata,
    # every loaded version of an officers' rule set, kept whole; one version per name is active
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("version", Text, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("loaded_by", Text, nullable=False),
    Column("document", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    UniqueConstraint("name", "version", name="uq_rulesets_name_version"),
)

inspection_outcomes = Table(
    "inspection_outcomes",
    metadata,
    # what an inspection found, with who recorded it and when; several per item, the latest wins.
    # item_id is the stored item key; no foreign key, so that the items table can be truncated
    # and rebuilt on its own (the store checks the item exists when an outcome is recorded)
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("officer", Text, nullable=False),
    Column("result", String(32), nullable=False),
    Column("fraud", Boolean, nullable=False),
    Column("seized", Boolean, nullable=False),
    Column("revenue_recovered", Numeric(14, 2), nullable=True),
    Column("currency", String(3), nullable=True),
    Column("note", Text, nullable=True),
    Column("reason_codes", Text, nullable=True),
    Index("ix_inspection_outcomes_item_id", "item_id", "recorded_at"),
    Index("ix_inspection_outcomes_recorded_at", "recorded_at"),
)

addressee_buckets = Table(
    "addressee_buckets",
    metadata,
    # where each stored item goes (destination, postcode or city, house number), so that a split
    # shipment is found across messages: a new item's bucket names the stored items to compare
    Column("item_key", String(64), ForeignKey("items.item_key"), primary_key=True),
    Column("bucket", Text, nullable=False),
    Column("posted_at", DateTime(timezone=True), nullable=True),
    Index("ix_addressee_buckets_bucket", "bucket", "posted_at"),
)

inspection_days = Table(
    "inspection_days",
    metadata,
    # running counts per office and day for the inspection capacity: items decided on arrival,
    # and referrals to inspection counted against the capacity (random selections excluded)
    Column("day", Date, primary_key=True),
    Column("office", Text, primary_key=True),
    Column("received", Integer, nullable=False),
    Column("targeted", Integer, nullable=False),
)

cleared_hits = Table(
    "cleared_hits",
    metadata,
    # an officer's word that a party is not a list entry: honoured while the entry is unchanged
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("party", Text, nullable=False),
    Column("list_name", Text, nullable=False),
    Column("entry_id", Text, nullable=False),
    Column("entry_fingerprint", Text, nullable=False),
    Column("item_id", Text, nullable=True),
    Column("officer", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("cleared_at", DateTime(timezone=True), nullable=False),
    Index("ix_cleared_hits_party", "party"),
)

risk_models = Table(
    "risk_models",
    metadata,
    # learned risk models: the card as JSON, the model file as it was written; one is active
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("model_id", Text, nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("card", JSON, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("active", Boolean, nullable=False, default=False),
    Column("activated_at", DateTime(timezone=True), nullable=True),
)
