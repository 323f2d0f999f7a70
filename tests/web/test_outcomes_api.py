"""Inspection outcomes over HTTP: POST and GET /v1/items/{item_id}/outcomes, on both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete

from clearpost.formats.canonical import write_jsonl
from clearpost.model import Item
from clearpost.settings import Settings
from clearpost.store.database import open_database
from clearpost.store.tables import inspection_outcomes, rulesets
from clearpost.web.app import create_app

FOUND = {
    "result": "irregularity_found",
    "officer": "c.officer",
    "fraud": True,
    "seized": False,
    "revenue": {"amount": "42.50", "currency": "EUR"},
    "note": "Invoice shows three times the declared value",
    "reason_codes": ["UNDERVALUATION"],
}


@pytest.fixture
def client(database_url: str, example_item: Item) -> Iterator[TestClient]:
    """The service with the example item received, and no outcome left from an earlier test."""
    engine = open_database(database_url)
    with engine.begin() as connection:
        connection.execute(delete(inspection_outcomes))
        connection.execute(delete(rulesets))
    engine.dispose()
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        response = client.post(
            "/v1/messages",
            content=write_jsonl([example_item]),
            headers={"Content-Type": "application/x-ndjson"},
        )
        assert response.status_code == 200
        yield client


def test_an_outcome_is_recorded_and_read_back(client: TestClient) -> None:
    first = client.post(
        "/v1/items/RR473124829GB/outcomes", json={"result": "no_irregularity", "officer": "a"}
    )
    assert first.status_code == 201, first.text
    second = client.post("/v1/items/rr 473124829 gb/outcomes", json=FOUND)
    assert second.status_code == 201, second.text
    stored = second.json()
    assert stored["item_id"] == "RR473124829GB" and stored["id"] > first.json()["id"]
    assert {key: stored[key] for key in FOUND} == FOUND
    assert stored["recorded_at"].endswith("+00:00")
    read = client.get("/v1/items/rr473124829gb/outcomes").json()
    assert read["item_id"] == "RR473124829GB"
    assert [o["officer"] for o in read["outcomes"]] == ["a", "c.officer"]
    assert read["latest"] == stored


def test_an_unknown_item_is_404(client: TestClient) -> None:
    posted = client.post("/v1/items/RR000000005GB/outcomes", json=FOUND)
    assert posted.status_code == 404 and posted.headers["content-type"] == "application/problem+json"
    assert "RR000000005GB" in posted.json()["detail"]
    assert client.get("/v1/items/RR000000005GB/outcomes").status_code == 404


@pytest.mark.parametrize(
    ("body", "parameter", "words"),
    [
        ({"result": "seized", "officer": "a"}, "body.result", "Input should be"),
        ({"officer": "a"}, "body.result", "Field required"),
        ({"result": "no_irregularity", "officer": ""}, "body.officer", "at least 1 character"),
        ({"result": "no_irregularity", "officer": "a", "colour": "red"}, "body.colour", "Extra inputs"),
        ({**FOUND, "revenue": {"amount": "ten", "currency": "EUR"}}, "body.revenue.amount", "decimal"),
        ({**FOUND, "revenue": {"amount": "10", "currency": "EUX"}}, "body.revenue.currency", "ISO 4217"),
        ({**FOUND, "result": "no_irregularity"}, "body.fraud", "only go with result irregularity_found"),
        ({**FOUND, "reason_codes": ["TWO WORDS"]}, "body.reason_codes", "not a reason code"),
    ],
)
def test_a_bad_body_is_422_naming_what_is_wrong(
    client: TestClient, body: dict[str, object], parameter: str, words: str
) -> None:
    response = client.post("/v1/items/RR473124829GB/outcomes", json=body)
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    (invalid,) = response.json()["invalid_params"]
    assert invalid["parameter"] == parameter and words in invalid["message"], response.json()
    assert client.get("/v1/items/RR473124829GB/outcomes").json()["outcomes"] == []


def test_the_outcome_routes_are_documented(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"post", "get"} <= set(paths["/v1/items/{item_id}/outcomes"])
