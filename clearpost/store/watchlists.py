"""Loaded watchlists, versioned: loading a list again adds a version and makes it the active one;
screening reads the active versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import msgspec
from sqlalchemy import Connection, insert, select, update

from clearpost.risk.watchlists import Watchlist, WatchlistEntry
from clearpost.store.tables import watchlist_entries, watchlists

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(WatchlistEntry).decode


@dataclass(frozen=True, slots=True)
class LoadedList:
    name: str
    version: str
    entries: int
    replaced: str | None
    """The version it replaced, if any."""


def store_watchlist(connection: Connection, watchlist: Watchlist, *, loaded_at: dt.datetime) -> LoadedList:
    """Store a list version and make it the active one of its name. The caller commits."""
    previous = connection.execute(
        select(watchlists.c.version).where(watchlists.c.name == watchlist.name, watchlists.c.active)
    ).scalar_one_or_none()
    connection.execute(update(watchlists).where(watchlists.c.name == watchlist.name).values(active=False))
    list_id = connection.execute(
        insert(watchlists).values(
            name=watchlist.name,
            format=watchlist.format,
            version=watchlist.version,
            entries=len(watchlist.entries),
            active=True,
            loaded_at=loaded_at,
        )
    ).inserted_primary_key[0]  # type: ignore[index]
    if watchlist.entries:
        connection.execute(
            insert(watchlist_entries),
            [
                {"watchlist_id": list_id, "entry_id": entry.entry_id, "entry_json": _encode(entry)}
                for entry in watchlist.entries
            ],
        )
    return LoadedList(watchlist.name, watchlist.version, len(watchlist.entries), previous)


def active_entries(connection: Connection) -> list[WatchlistEntry]:
    rows = connection.execute(
        select(watchlist_entries.c.entry_json)
        .join(watchlists, watchlists.c.id == watchlist_entries.c.watchlist_id)
        .where(watchlists.c.active)
        .order_by(watchlist_entries.c.id)
    )
    return [_decode(raw) for (raw,) in rows]
