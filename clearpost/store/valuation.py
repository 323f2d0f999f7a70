"""Value bands learned from the store's own history of accepted declarations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import msgspec
from sqlalchemy import Connection, insert, select

from clearpost.formats.canonical import decode_item
from clearpost.model import Item
from clearpost.risk.bands import ValueBands, learn_bands
from clearpost.store.tables import item_versions, value_bands

PerKg = Callable[[Item], Iterator[tuple[str, float]]]
"""An item's content lines as (HS code, EUR per kg)."""


def learn_from_store(connection: Connection, *, since: dt.date | None, per_kg: PerKg) -> ValueBands:
    query = select(item_versions.c.item_json).where(item_versions.c.status == "accepted")
    if since is not None:
        query = query.where(item_versions.c.received_day >= since)
    observations = (
        observation
        for (raw,) in connection.execute(query.execution_options(yield_per=5000))
        for observation in per_kg(decode_item(raw))
    )
    return learn_bands(observations, f"store since {since}" if since else "store")


def store_bands(connection: Connection, bands: ValueBands, *, learned_at: dt.datetime) -> None:
    connection.execute(
        insert(value_bands).values(
            source=bands.source, learned_at=learned_at, bands_json=msgspec.json.encode(bands)
        )
    )


def latest_bands(connection: Connection) -> ValueBands | None:
    raw = connection.execute(
        select(value_bands.c.bands_json).order_by(value_bands.c.id.desc()).limit(1)
    ).scalar_one_or_none()
    return None if raw is None else msgspec.json.decode(raw, type=ValueBands)
