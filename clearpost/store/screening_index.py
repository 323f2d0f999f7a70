"""The watchlists' name index, stored: built once per set of active list versions and read back
at each start of the CLI or the service, instead of being built again from the entries (a
fraction of the time for lists of tens of thousands of names).

A stored index is keyed by the active list versions and by the screening code and data it was
built with (`index_key`): a new list version, or a ClearPost whose screening changed, builds and
stores a new one, and only the latest is kept. The body is the `Screener` pickled, uncompressed
(about 20 MB for the UN and OFAC SDN lists; decompressing took a sixth of the time of reading it
back, at every start); the store is ClearPost's own, so it is trusted as the code is. An index
that cannot be read back is built again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import sys
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from clearpost.risk import matching, names, screening, watchlists
from clearpost.risk.screening import Screener
from clearpost.store.tables import screening_indexes
from clearpost.store.tables import watchlists as watchlist_versions
from clearpost.store.watchlists import active_entries

FORMAT = b"clearpost screening index 2"
_SCREENING_CODE = (screening, names, matching, watchlists)


def active_screener(engine: Engine) -> Screener | None:
    """The index of the active watchlist versions (None when no list with entries is loaded):
    the stored one, else built and stored."""
    with engine.connect() as connection:
        versions = connection.execute(
            select(watchlist_versions.c.id)
            .where(watchlist_versions.c.active)
            .order_by(watchlist_versions.c.id)
        ).scalars()
        key = index_key(list(versions))
        body = connection.execute(
            select(screening_indexes.c.body).where(screening_indexes.c.key == key)
        ).scalar_one_or_none()
        if body is not None and (stored := _read(body)) is not None:
            return stored
        entries = active_entries(connection)
    if not entries:
        return None
    screener = Screener(entries)
    _store(engine, key, screener)
    return screener


def index_key(versions: Sequence[int]) -> str:
    """sha256 of the list versions and of what the index is made with (`_code_digest`)."""
    return hashlib.sha256(f"{_code_digest()} {tuple(versions)}".encode()).hexdigest()


@cache
def _code_digest() -> str:
    """sha256 of the screening modules' source and whether they run compiled (`compile_modules.py`),
    the packaged name-part table and the Python version (pickle's classes): read once per process."""
    digest = hashlib.sha256(FORMAT)
    digest.update(repr(sys.version_info[:2]).encode())
    for module in _SCREENING_CODE:
        loaded = Path(str(module.__file__))
        digest.update(loaded.suffix.encode())
        digest.update(loaded.with_name(module.__name__.rpartition(".")[2] + ".py").read_bytes())
    digest.update(resources.files("clearpost.risk").joinpath("data", "name_parts.json.gz").read_bytes())
    return digest.hexdigest()


def _read(body: bytes) -> Screener | None:
    try:
        screener = pickle.loads(body)
    except Exception:  # an index made by other code (it is keyed by the code): build it again
        return None
    return screener if isinstance(screener, Screener) else None


def _store(engine: Engine, key: str, screener: Screener) -> None:
    body = pickle.dumps(screener, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        with engine.begin() as connection:
            connection.execute(delete(screening_indexes))
            connection.execute(
                insert(screening_indexes).values(key=key, built_at=dt.datetime.now(dt.UTC), body=body)
            )
    except IntegrityError:  # another process stored the same index at the same moment
        pass
