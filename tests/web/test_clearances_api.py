"""Clearing a false watchlist hit over HTTP."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient
from msgspec.structs import replace

from clearpost.formats.canonical import write_jsonl
from clearpost.model import Item
from clearpost.risk.watchlists import read_watchlist
from clearpost.settings import Settings
from clearpost.store.database import open_database
from clearpost.store.watchlists import store_watchlist
from clearpost.web.app import create_app


def test_an_officer_clears_a_false_hit(database_url: str, example_item: Item, tmp_path: Path) -> None:
    listed = tmp_path / "ops.csv"
    listed.write_text("id,name,country\nP1,Viktor Karpov,FR\n", encoding="utf-8")
    engine = open_database(database_url)
    with engine.begin() as connection:
        store_watchlist(connection, read_watchlist(listed, "csv", "ops"), loaded_at=dt.datetime.now(dt.UTC))
    engine.dispose()
    assert example_item.addressee is not None
    item = replace(example_item, addressee=replace(example_item.addressee, name="Viktor Karpov"))
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        (answer,) = client.post(
            "/v1/messages", content=write_jsonl([item]), headers={"Content-Type": "application/x-ndjson"}
        ).json()["assessments"]
        assert (answer["stage"], answer["outcome"]) == ("arrival", "HOLD")
        url = "/v1/items/RR473124829GB/clearances"
        body = {"entry_id": "P1", "officer": "M. Dubois", "reason": "another person, born 1991"}
        assert client.post("/v1/items/RR000000000GB/clearances", json=body).status_code == 404
        wrong = client.post(url, json={**body, "entry_id": "P9"})
        assert wrong.status_code == 422 and "its hits are on P1" in wrong.json()["detail"]
        assert client.post(url, json={**body, "officer": ""}).status_code == 422
        cleared = client.post(url, json=body)
        assert cleared.status_code == 201
        assert cleared.json()["clearances"] == [
            {"party": "viktor karpov|FR", "list": "ops", "entry_id": "P1"}
        ]
        assert cleared.json()["assessment"]["outcome"] == "RELEASE"
        assert client.get("/v1/items/RR473124829GB").json()["assessment"]["outcome"] == "RELEASE"
        # the same party sent again: the service honours the clearance at once
        assert item.addressee is not None and item.addressee.address is not None
        elsewhere = replace(
            item.addressee.address, lines=["2 place Bellecour"], postcode="69002", city="Lyon"
        )
        again = replace(item, item_id="EE471108151FR", addressee=replace(item.addressee, address=elsewhere))
        (answer,) = client.post(
            "/v1/messages", content=write_jsonl([again]), headers={"Content-Type": "application/x-ndjson"}
        ).json()["assessments"]
        assert answer["outcome"] == "RELEASE"
