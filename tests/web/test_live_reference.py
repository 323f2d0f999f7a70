"""The service takes up reference data loaded after it started (a watchlist loaded with the CLI),
without a restart, checking the store at most every CLEARPOST_REFERENCE_REFRESH seconds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from msgspec.structs import replace
from sqlalchemy import Engine

from clearpost.formats.canonical import write_jsonl
from clearpost.model import Item
from clearpost.risk.watchlists import read_watchlist
from clearpost.settings import Settings
from clearpost.store.database import open_database
from clearpost.store.reference import LiveReference
from clearpost.store.watchlists import store_watchlist
from clearpost.web.app import create_app


def _load_list(engine: Engine, tmp_path: Path) -> None:
    listed = tmp_path / "ops.csv"
    listed.write_text("id,name,country\nP1,Viktor Karpov,FR\n", encoding="utf-8")
    with engine.begin() as connection:
        store_watchlist(connection, read_watchlist(listed, "csv", "ops"), loaded_at=dt.datetime.now(dt.UTC))


def _addressed_to(item: Item, name: str, item_id: str) -> Item:
    assert item.addressee is not None
    return replace(item, item_id=item_id, addressee=replace(item.addressee, name=name))


def test_a_list_loaded_while_the_service_runs_is_in_force(
    database_url: str, example_item: Item, tmp_path: Path
) -> None:
    engine = open_database(database_url)
    settings = Settings(database_url=database_url, reference_refresh=0)
    with TestClient(create_app(settings)) as client:

        def outcome(item: Item) -> str:
            body = write_jsonl([item])
            answer = client.post(
                "/v1/messages", content=body, headers={"Content-Type": "application/x-ndjson"}
            )
            (assessment,) = answer.json()["assessments"]
            return str(assessment["outcome"])

        assert outcome(_addressed_to(example_item, "Viktor Karpov", "RR473124829GB")) == "RELEASE"
        _load_list(engine, tmp_path)  # as `clearpost watchlist load` does, from another process
        assert outcome(_addressed_to(example_item, "Viktor Karpov", "RR473124832GB")) == "HOLD"
    engine.dispose()


def test_the_store_is_checked_at_most_every_refresh_seconds(database_url: str, tmp_path: Path) -> None:
    engine = open_database(database_url)
    now = [0.0]
    live = LiveReference(engine, Settings(database_url=database_url), refresh=10, clock=lambda: now[0])
    assert live.current().screener is None
    _load_list(engine, tmp_path)
    now[0] = 9.5
    assert live.current().screener is None  # not checked yet
    now[0] = 10.0
    screener = live.current().screener
    assert screener is not None and screener.screen("Viktor Karpov", country="FR")[0].entry_id == "P1"
    first = live.current()
    now[0] = 30.0
    assert live.current() is first  # nothing new in the store: the same data stay in force
    engine.dispose()


def test_the_refresh_setting_is_read_from_the_environment() -> None:
    assert Settings.from_environment({}).reference_refresh == 10
    assert Settings.from_environment({"CLEARPOST_REFERENCE_REFRESH": "2.5"}).reference_refresh == 2.5
    for wrong in ("soon", "-1", "inf"):
        with pytest.raises(ValueError, match="CLEARPOST_REFERENCE_REFRESH must be a number of seconds"):
            Settings.from_environment({"CLEARPOST_REFERENCE_REFRESH": wrong})
