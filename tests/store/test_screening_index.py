"""The stored name index of the active watchlists, on SQLite and PostgreSQL: built once per set
of list versions, read back at the next start, built again for a new version or when unreadable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from clearpost.risk.watchlists import read_watchlist
from clearpost.store import screening_index
from clearpost.store.screening_index import active_screener, index_key
from clearpost.store.tables import screening_indexes
from clearpost.store.watchlists import store_watchlist

AT = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


def _load(engine: Engine, path: Path, rows: str) -> None:
    path.write_text("id,name,country,birth_date\n" + rows, encoding="utf-8")
    with engine.begin() as connection:
        store_watchlist(connection, read_watchlist(path, "csv", "ops"), loaded_at=AT)


def _stored(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(select(screening_indexes.c.key)).scalars())


def test_the_index_is_built_once_and_read_back(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert active_screener(engine) is None and _stored(engine) == []  # no list, no index
    _load(engine, tmp_path / "ops.csv", "P1,Viktor Karpov,RU,1971-03-02\nP2,Ayman al-Zawahiri,EG,\n")
    built = active_screener(engine)
    assert built is not None and len(_stored(engine)) == 1

    def entries_read_again(*_: object) -> None:
        raise AssertionError("the stored index was not read back: it is being built again")

    monkeypatch.setattr(screening_index, "active_entries", entries_read_again)
    read = active_screener(engine)
    assert read is not None and read is not built
    for name, country in (("Karpov Viktor", "RU"), ("أيمن الظواهري", None), ("Viktor Karpow", "RU")):
        assert read.screen(name, country=country) == built.screen(name, country=country)
        assert read.screen(name, country=country)
    assert read.screen("Maria Lopez") == []


def test_a_new_list_version_gets_its_own_index(engine: Engine, tmp_path: Path) -> None:
    _load(engine, tmp_path / "ops.csv", "P1,Viktor Karpov,RU,\n")
    first = active_screener(engine)
    _load(engine, tmp_path / "ops.csv", "P1,Viktor Karpov,RU,\nP2,Lena Sokolova,RU,\n")
    second = active_screener(engine)
    assert first is not None and second is not None
    assert first.screen("Lena Sokolova") == [] and second.screen("Lena Sokolova")[0].entry_id == "P2"
    assert len(_stored(engine)) == 1  # only the latest is kept


def test_an_unreadable_index_is_built_again(engine: Engine, tmp_path: Path) -> None:
    _load(engine, tmp_path / "ops.csv", "P1,Viktor Karpov,RU,\n")
    assert active_screener(engine) is not None
    with engine.begin() as connection:
        connection.execute(update(screening_indexes).values(body=b"not an index"))
    rebuilt = active_screener(engine)
    assert rebuilt is not None and rebuilt.screen("Viktor Karpov")[0].match
    with engine.connect() as connection:
        assert connection.execute(select(screening_indexes.c.body)).scalar_one() != b"not an index"


def test_the_key_follows_the_list_versions_and_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    assert index_key([1, 2]) == index_key([1, 2]) != index_key([1, 3])
    assert len({index_key([1]), index_key([1, 2]), index_key([2])}) == 3
    assert all(Path(str(module.__file__)).is_file() for module in screening_index._SCREENING_CODE)
    before = index_key([1, 2])
    monkeypatch.setattr(screening_index, "_code_digest", lambda: "screening code of another version")
    assert index_key([1, 2]) != before
