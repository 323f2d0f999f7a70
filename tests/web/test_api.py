"""The HTTP API of contract §5, through FastAPI's test client against a real database."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from msgspec.structs import replace

from clearpost.formats.canonical import write_json, write_jsonl
from clearpost.identifiers import make_s10
from clearpost.model import Cancellation, Item
from clearpost.settings import Settings
from clearpost.web.app import create_app


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        yield client


def test_a_message_is_answered_with_one_assessment_per_item(client: TestClient, example_item: Item) -> None:
    second = replace(example_item, item_id="RR473124828GB")  # wrong check digit
    response = client.post(
        "/v1/messages",
        content=write_jsonl([example_item, second]),
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 200
    assessments = response.json()["assessments"]
    assert [(a["item_id"], a["status"]) for a in assessments] == [
        ("RR473124829GB", "accepted"),
        ("RR473124828GB", "rejected"),
    ]
    assert assessments[1]["errors"][0]["code"] == "INVALID_ITEM_ID"


def test_sending_twice_stores_once(client: TestClient, example_item: Item) -> None:
    body = write_json([example_item, replace(example_item, item_id="EE471108151FR")])
    for _ in range(2):
        assert (
            client.post(
                "/v1/messages", content=body, headers={"Content-Type": "application/json"}
            ).status_code
            == 200
        )
    assert client.get("/v1/items").json()["total"] == 2


def test_an_item_with_its_versions_and_cancellation(client: TestClient, example_item: Item) -> None:
    client.post(
        "/v1/messages", content=write_jsonl([example_item]), headers={"Content-Type": "application/x-ndjson"}
    )
    amended = replace(example_item, comments="amended")
    client.post(
        "/v1/messages", content=write_jsonl([amended]), headers={"Content-Type": "application/x-ndjson"}
    )
    body = client.get("/v1/items/RR473124829GB").json()
    assert body["versions"] == 2 and body["item"]["comments"] == "amended"
    assert body["assessment"]["status"] == "accepted" and body["cancelled"] is False
    client.post(
        "/v1/messages",
        content=write_jsonl([Cancellation(item_id="RR473124829GB")]),
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert client.get("/v1/items/RR473124829GB").json()["cancelled"] is True
    assert client.get("/v1/items?cancelled=true").json()["total"] == 1


def test_unknown_items_are_problem_details(client: TestClient) -> None:
    response = client.get("/v1/items/RR000000005GB")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404 and "RR000000005GB" in response.json()["detail"]


def test_an_unreadable_message_is_a_400_with_a_located_syntax_error(client: TestClient) -> None:
    response = client.post(
        "/v1/messages",
        content=b'{"item_id": "RR473124829GB",\n "contents": [}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["code"] == "SYNTAX_ERROR"
    assert body["errors"][0]["location"]["line"] == 2
    assert client.get("/v1/items").json()["total"] == 0


def test_an_amount_that_is_no_number_is_a_400_naming_the_field(client: TestClient) -> None:
    response = client.post(
        "/v1/messages",
        content=b'{"item_id": "RR473124829GB", "total_value": {"amount": "NaN", "currency": "EUR"}}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "total_value.amount is NaN, not a finite number" in response.json()["errors"][0]["message"]
    assert client.get("/v1/items").json()["total"] == 0


def test_filters_and_cursor_pagination(client: TestClient, example_item: Item) -> None:
    assert example_item.addressee is not None and example_item.addressee.address is not None
    batch = [  # thirty addressees, not one order split in thirty
        replace(
            example_item,
            item_id=make_s10("CP", n, "GB"),
            origin_country="GB" if n % 2 else "CN",
            addressee=replace(
                example_item.addressee,
                address=replace(example_item.addressee.address, lines=[f"{n} rue Vernet"]),
            ),
        )
        for n in range(30)
    ]
    client.post("/v1/messages", content=write_jsonl(batch), headers={"Content-Type": "application/x-ndjson"})
    seen = []
    url = "/v1/items?origin_country=CN&limit=4"
    while url:
        page = client.get(url).json()
        assert page["total"] == 15
        seen += [item["item_id"] for item in page["items"]]
        url = f"/v1/items?origin_country=CN&limit=4&cursor={page['next']}" if page["next"] else ""
    assert len(set(seen)) == 15
    assert page["items"][0]["updated_at"].endswith(("Z", "+00:00"))
    assert client.get("/v1/items?outcome=RELEASE&status=accepted").json()["total"] == 30
    bad = client.get("/v1/items?limit=0")
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"


def test_openapi_is_served(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/messages", "/v1/items", "/v1/items/{item_id}"} <= set(paths)
    assert client.get("/docs").status_code == 200


def test_edifact_in_cusrsp_out_and_contrl_for_an_unreadable_interchange(
    client: TestClient, example_item: Item
) -> None:
    from clearpost.formats.contrl import read_contrl
    from clearpost.formats.cusitm import write_cusitm
    from clearpost.formats.cusrsp import read_cusrsp

    interchange = write_cusitm([example_item, replace(example_item, item_id="RR473124828GB")], sender="GBA")
    headers = {"Content-Type": "application/EDIFACT", "Accept": "application/EDIFACT"}
    response = client.post("/v1/messages", content=interchange, headers=headers)
    assert response.status_code == 200
    assert b"UNB+UNOW:4+CUSTOMS+GBA" in response.content
    answers = read_cusrsp(response.content)
    assert [(a.item_id, a.status) for a in answers] == [
        ("RR473124829GB", "accepted"),
        ("RR473124828GB", "rejected"),
    ]

    broken = interchange.replace(b"UNT+", b"UNT+9", 1)
    response = client.post("/v1/messages", content=broken, headers=headers)
    assert response.status_code == 400
    report = read_contrl(response.content)
    assert not report.accepted
    assert report.messages or report.tag == "UNT"
    assert client.get("/v1/items").json()["total"] == 2


def test_csv_with_a_built_in_mapping_and_an_unknown_one(client: TestClient) -> None:
    from pathlib import Path

    kcs = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "kcs" / "df_syn_valid_eng.csv"
    rows = kcs.read_bytes().splitlines()[:51]
    response = client.post(
        "/v1/messages?mapping=kcs", content=b"\n".join(rows) + b"\n", headers={"Content-Type": "text/csv"}
    )
    assert response.status_code == 200
    assert len(response.json()["assessments"]) == 50
    assert client.get("/v1/items?destination_country=KR").json()["total"] == 50
    refused = client.post(
        "/v1/messages?mapping=/etc/passwd", content=b"a,b\n1,2\n", headers={"Content-Type": "text/csv"}
    )
    assert refused.status_code == 400 and "Unknown mapping" in refused.json()["detail"]
