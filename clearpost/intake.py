"""Receiving a message: read it, assess it against what the store knows, store it — atomically.

This is the one place the CLI's `ingest` and the HTTP `POST /v1/messages` go through.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from clearpost import formats
from clearpost.bulk import cycle_collector_paused
from clearpost.formats import ItemFormat
from clearpost.model import Assessment, Stage
from clearpost.pipeline import assess
from clearpost.reference import Reference
from clearpost.store.items import StoredCounts, known_item_ids, sender_history, store_message
from clearpost.store.targeting import earlier_items, office_days

SELLER_WINDOW = dt.timedelta(days=30)
"""How far back a sender's items count towards looking like a seller."""


@dataclass(frozen=True, slots=True)
class Receipt:
    format: str
    sender: str | None
    """Who sent the message, as its envelope says (EDIFACT UNB, XML header), if it says."""
    assessments: list[Assessment]
    stored: StoredCounts


def receive(
    engine: Engine,
    raw: bytes,
    *,
    fmt: ItemFormat | None = None,
    filename: str | None = None,
    mapping: str | None = None,
    received_at: dt.datetime,
    reference: Reference,
    now: dt.datetime | None = None,
    stage: Stage | None = None,
    language: str | None = None,
) -> Receipt:
    """Read, assess and store one message. Raises UnreadableMessage (nothing stored) if unreadable.

    `received_at` is the ingest time recorded with the message; `now` the clock of the
    assessment (`--as-of`), by default the same.
    """
    with cycle_collector_paused():
        message = formats.read(raw, fmt, filename=filename, mapping=mapping)
        clock = now or received_at
        with engine.begin() as connection:
            known = known_item_ids(connection, (record.item_id for record in message.records))
            assessments = assess(
                message.records,
                now=clock,
                reference=reference,
                stage=stage,
                known_items=known,
                sender_history=sender_history(
                    connection, message.records, since=clock.date() - SELLER_WINDOW
                ),
                earlier_items=earlier_items(connection, message.records),
                inspections=office_days(connection, clock.astimezone(dt.UTC).date()),
                language=language,
            )
            stored = store_message(
                connection, raw=raw, message=message, assessments=assessments, received_at=received_at
            )
    return Receipt(format=message.format, sender=message.sender, assessments=assessments, stored=stored)
