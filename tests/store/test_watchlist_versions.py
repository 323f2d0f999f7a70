"""Watchlist versions in the store, on SQLite and PostgreSQL: the latest load of a list is active."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine, func, select

from clearpost.risk.watchlists import read_watchlist
from clearpost.store.tables import watchlists
from clearpost.store.watchlists import active_entries, store_watchlist

SANCTIONS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "sanctions"
AT = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


def test_a_new_version_replaces_the_active_one(engine: Engine) -> None:
    un = read_watchlist(SANCTIONS / "un_consolidated" / "UN_consolidated_2026-02-27.xml", "un-xml")
    nonsdn = read_watchlist(SANCTIONS / "ofac_cons_nonsdn", "ofac-csv", "ofac-non-sdn")
    with engine.begin() as connection:
        first = store_watchlist(connection, un, loaded_at=AT)
        store_watchlist(connection, nonsdn, loaded_at=AT)
        second = store_watchlist(connection, un, loaded_at=AT + dt.timedelta(days=1))
    assert (first.replaced, second.replaced, second.entries) == (None, un.version, 1003)
    with engine.connect() as connection:
        entries = active_entries(connection)
        versions = connection.execute(select(func.count()).select_from(watchlists)).scalar_one()
    assert versions == 3 and len(entries) == len(un.entries) + len(nonsdn.entries)
    assert un.entries[0] in entries and nonsdn.entries[-1] in entries  # what was loaded comes back whole
