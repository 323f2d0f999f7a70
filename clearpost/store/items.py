"""Items, their versions and the raw messages that brought them.

History rules: a message already received (same SHA-256) stores nothing; an item whose
canonical content equals its latest version stores nothing; a changed declaration for the same
item id becomes a new version and the earlier one stays; a cancellation marks the item.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec
from sqlalchemy import Connection, Table, and_, bindparam, func, insert, select, update

from clearpost.formats.base import Message
from clearpost.formats.canonical import decode_item, encode_item
from clearpost.model import Assessment, Cancellation, Item, Record, normalise_item_id
from clearpost.quality.context import sender_key
from clearpost.store.tables import cancellations, item_findings, item_versions, items, messages
from clearpost.store.targeting import count_inspections, remember_buckets

_CHUNK = 500
_FLUSH_ROWS = 5_000
_assessment_encoder = msgspec.json.Encoder(decimal_format="string")
_assessment_decoder = msgspec.json.Decoder(Assessment)


def message_sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def item_key(item_id: str | None, message_sha: str, record_index: int) -> str:
    """The key an item is stored under: its id, or a stand-in when it has none (or an absurd one)."""
    if item_id and len(item_id) <= 64:
        return item_id
    return f"~{message_sha[:16]}:{record_index}"


@dataclass(frozen=True, slots=True)
class StoredCounts:
    message_id: int | None
    """None when the same message had been received before: nothing was stored."""
    new_versions: int = 0
    unchanged: int = 0
    cancelled: int = 0


def message_received(connection: Connection, sha: str) -> bool:
    return connection.execute(select(messages.c.id).where(messages.c.sha256 == sha)).first() is not None


def known_item_ids(connection: Connection, item_ids: Iterable[str | None]) -> frozenset[str]:
    """Which of these item ids are already stored."""
    wanted = sorted({item_id for item_id in item_ids if item_id and len(item_id) <= 64})
    found: set[str] = set()
    for chunk in _chunks(wanted):
        found.update(connection.scalars(select(items.c.item_key).where(items.c.item_key.in_(chunk))))
    return frozenset(found)


def store_message(
    connection: Connection,
    *,
    raw: bytes,
    message: Message,
    assessments: Sequence[Assessment],
    received_at: dt.datetime,
) -> StoredCounts:
    """Store a readable message, its items and their assessments. The caller commits."""
    sha = message_sha256(raw)
    if message_received(connection, sha):
        return StoredCounts(message_id=None)
    message_id = connection.execute(
        insert(messages).values(
            sha256=sha,
            format=message.format,
            received_at=received_at,
            size=len(raw),
            records=len(message.records),
            sender=message.sender,
            reference=message.reference,
            raw=raw,
        )
    ).inserted_primary_key[0]  # type: ignore[index]

    keys = [item_key(record.item_id, sha, index) for index, record in enumerate(message.records)]
    latest = _latest_versions(connection, keys)
    batch = _PendingRows()
    cancellation_rows: list[dict[str, Any]] = []
    cancelled_now: dict[str, dict[str, Any]] = {}
    stored_items: dict[str, Item] = {}
    first_decisions: list[tuple[Item, Assessment]] = []
    amended: set[str] = set()
    new_versions = unchanged = 0
    for index, (record, assessment, key) in enumerate(zip(message.records, assessments, keys, strict=True)):
        if isinstance(record, Cancellation):
            if key in latest and assessment.status == "accepted":
                row = {
                    "item_key": key,
                    "message_id": message_id,
                    "record_index": index,
                    "received_at": received_at,
                    "reason": record.reason,
                }
                cancellation_rows.append(row)
                cancelled_now[key] = row
            continue
        content = encode_item(record)
        content_sha = hashlib.sha256(content).hexdigest()
        previous = latest.get(key)
        if previous is not None and previous[1] == content_sha:
            unchanged += 1
            continue
        version = previous[0] + 1 if previous else 1
        latest[key] = (version, content_sha)
        cancelled_now.pop(key, None)  # a declaration after a cancellation reinstates the item
        batch.versions.append(
            {
                "item_key": key,
                "version": version,
                "content_sha256": content_sha,
                "message_id": message_id,
                "record_index": index,
                "received_at": received_at,
                "item_json": content,
                "assessment_json": _assessment_encoder.encode(assessment),
                **_quality_facts(record, assessment),
            }
        )
        batch.findings += _finding_rows(key, version, record.origin_post, assessment)
        stored_items[key] = record
        if previous is None:
            first_decisions.append((record, assessment))
        else:
            amended.add(key)
        new_versions += 1
        row = _item_row(key, record, assessment, version, received_at)
        if key in batch.new_items or previous is None:
            batch.new_items[key] = row
        else:
            batch.changed_items[key] = row
        if len(batch.versions) >= _FLUSH_ROWS:
            batch.flush(connection)
    batch.flush(connection)
    remember_buckets(connection, stored_items, amended)
    count_inspections(connection, first_decisions)

    if cancellation_rows:
        connection.execute(insert(cancellations), cancellation_rows)
    if cancelled_now:
        connection.execute(
            update(items)
            .where(items.c.item_key == bindparam("key"))
            .values(
                cancelled=True,
                cancelled_at=bindparam("at"),
                cancel_reason=bindparam("reason"),
                updated_at=bindparam("at"),
            ),
            [{"key": key, "at": received_at, "reason": row["reason"]} for key, row in cancelled_now.items()],
        )
    return StoredCounts(
        message_id=int(message_id),
        new_versions=new_versions,
        unchanged=unchanged,
        cancelled=len(cancellation_rows),
    )


@dataclass
class _PendingRows:
    """Rows not yet written: flushed every _FLUSH_ROWS versions to bound memory."""

    new_items: dict[str, dict[str, Any]] = field(default_factory=dict)
    changed_items: dict[str, dict[str, Any]] = field(default_factory=dict)
    versions: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)

    def flush(self, connection: Connection) -> None:
        if self.new_items:
            _bulk_insert(connection, items, self.new_items.values())
        if self.changed_items:
            _update_items(connection, self.changed_items.values())
        if self.versions:
            _bulk_insert(connection, item_versions, self.versions)
        if self.findings:
            _bulk_insert(connection, item_findings, self.findings)
        self.new_items, self.changed_items, self.versions, self.findings = {}, {}, [], []


def _quality_facts(item: Item, assessment: Assessment) -> dict[str, Any]:
    departure = item.transport.departure_time if item.transport else None
    received = assessment.assessed_at
    return {
        "origin_post": item.origin_post,
        "sender_key": sender_key(item),
        "status": assessment.status,
        "quality_score": assessment.quality.score,
        "received_day": received.astimezone(dt.UTC).date(),
        "lead_hours": None if departure is None else (departure - received).total_seconds() / 3600,
    }


def _finding_rows(key: str, version: int, post: str | None, assessment: Assessment) -> list[dict[str, Any]]:
    """One row per finding code of the version (quality findings include the errors)."""
    codes: dict[str, list[Any]] = {}
    for finding in assessment.quality.findings:
        entry = codes.setdefault(finding.code, [finding.severity, 0])
        entry[1] += 1
        if finding.severity == "error":
            entry[0] = "error"
    day = assessment.assessed_at.astimezone(dt.UTC).date()
    return [
        {
            "item_key": key,
            "version": version,
            "origin_post": post,
            "received_day": day,
            "code": code,
            "severity": severity,
            "occurrences": count,
        }
        for code, (severity, count) in codes.items()
    ]


def sender_history(connection: Connection, records: Sequence[Record], *, since: dt.date) -> dict[str, int]:
    """How many stored versions each sender of these records sent since a day (seller-like
    senders send many)."""
    keys = sorted({key for record in records if isinstance(record, Item) and (key := sender_key(record))})
    counts: dict[str, int] = {}
    for chunk in _chunks(keys):
        rows = connection.execute(
            select(item_versions.c.sender_key, func.count())
            .where(item_versions.c.sender_key.in_(chunk), item_versions.c.received_day >= since)
            .group_by(item_versions.c.sender_key)
        )
        counts.update({key: int(count) for key, count in rows})
    return counts


def _item_row(key: str, item: Item, assessment: Assessment, version: int, at: dt.datetime) -> dict[str, Any]:
    return {
        "item_key": key,
        "item_id": item.item_id,
        "versions": version,
        "status": assessment.status,
        "stage": assessment.stage,
        "outcome": assessment.outcome,
        "quality_score": assessment.quality.score,
        "risk_score": assessment.risk.score,
        "risk_level": assessment.risk.level,
        "origin_post": item.origin_post,
        "origin_country": item.origin_country,
        "destination_country": item.destination_country,
        # a new declaration after a cancellation reinstates the item
        "cancelled": False,
        "cancelled_at": None,
        "cancel_reason": None,
        "first_received_at": at,
        "updated_at": at,
    }


def _bulk_insert(connection: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> None:
    """Insert many rows through the driver's executemany.

    SQLAlchemy's per-row parameter processing costs more than SQLite's insert itself at
    100,000 rows; the rows here hold only str/int/float/bool/bytes and datetimes, which are
    converted the way SQLAlchemy's own DateTime type stores them.
    """
    rows = list(rows)
    columns = list(rows[0])
    placeholder = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    statement = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([placeholder] * len(columns))})"
    )
    sqlite = connection.dialect.name == "sqlite"
    timestamps: dict[dt.date, str] = {}

    def stored(value: Any) -> Any:
        if sqlite and isinstance(value, dt.date):
            if value not in timestamps:
                timestamps[value] = (
                    value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
                    if isinstance(value, dt.datetime)
                    else value.isoformat()
                )
            return timestamps[value]
        return value

    connection.exec_driver_sql(statement, [tuple(stored(row[name]) for name in columns) for row in rows])


def _update_items(connection: Connection, rows: Iterable[dict[str, Any]]) -> None:
    columns = [name for name in next(iter(rows)) if name not in ("item_key", "first_received_at")]
    statement = (
        update(items)
        .where(items.c.item_key == bindparam("b_item_key"))
        .values({name: bindparam(f"b_{name}") for name in columns})
    )
    connection.execute(statement, [{f"b_{name}": value for name, value in row.items()} for row in rows])


def _latest_versions(connection: Connection, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
    """item_key → (latest version number, its content hash), for the keys already stored."""
    latest: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(sorted(set(keys))):
        query = (
            select(items.c.item_key, items.c.versions, item_versions.c.content_sha256)
            .join(
                item_versions,
                and_(
                    item_versions.c.item_key == items.c.item_key, item_versions.c.version == items.c.versions
                ),
            )
            .where(items.c.item_key.in_(chunk))
        )
        for key, version, content_sha in connection.execute(query):
            latest[key] = (version, content_sha)
    return latest


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


# ------------------------------------------------------------------------------------ reading


def stored_key(item_id: str) -> str:
    """The key to look an item up by: its normalised id, or a stand-in key as given."""
    return item_id if item_id.startswith("~") else normalise_item_id(item_id)


@dataclass(frozen=True, slots=True)
class StoredItem:
    item: Item
    assessment: Assessment
    versions: int
    cancelled: bool


def get_item(connection: Connection, item_id: str) -> StoredItem | None:
    """The latest version of an item with its assessment."""
    key = stored_key(item_id)
    row = connection.execute(
        select(
            items.c.versions, items.c.cancelled, item_versions.c.item_json, item_versions.c.assessment_json
        )
        .join(
            item_versions,
            and_(item_versions.c.item_key == items.c.item_key, item_versions.c.version == items.c.versions),
        )
        .where(items.c.item_key == key)
    ).first()
    if row is None:
        return None
    return StoredItem(
        item=decode_item(row.item_json),
        assessment=_assessment_decoder.decode(row.assessment_json),
        versions=row.versions,
        cancelled=row.cancelled,
    )


def item_history(connection: Connection, item_id: str) -> list[Item]:
    """Every stored version of an item, oldest first."""
    rows = connection.execute(
        select(item_versions.c.item_json)
        .where(item_versions.c.item_key == stored_key(item_id))
        .order_by(item_versions.c.version)
    )
    return [decode_item(row.item_json) for row in rows]


@dataclass(frozen=True, slots=True)
class ItemFilter:
    outcome: str | None = None
    status: str | None = None
    origin_country: str | None = None
    destination_country: str | None = None
    cancelled: bool | None = None


@dataclass(frozen=True, slots=True)
class ItemPage:
    rows: list[dict[str, Any]]
    total: int
    next_key: str | None


def list_items(connection: Connection, where: ItemFilter, *, limit: int, after: str | None) -> ItemPage:
    """A page of items in key order (keyset pagination: stable under concurrent inserts)."""
    conditions = [
        column == value
        for column, value in (
            (items.c.outcome, where.outcome),
            (items.c.status, where.status),
            (items.c.origin_country, where.origin_country),
            (items.c.destination_country, where.destination_country),
            (items.c.cancelled, where.cancelled),
        )
        if value is not None
    ]
    total = connection.scalar(select(func.count()).select_from(items).where(*conditions)) or 0
    page_query = select(items).where(*conditions)
    if after is not None:
        page_query = page_query.where(items.c.item_key > after)
    rows = [
        dict(row._mapping)
        for row in connection.execute(page_query.order_by(items.c.item_key).limit(limit + 1))
    ]
    next_key = rows[limit - 1]["item_key"] if len(rows) > limit else None
    return ItemPage(rows=rows[:limit], total=total, next_key=next_key)
