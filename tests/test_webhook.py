"""The webhook: stored assessments POSTed, signed and batched, to a real HTTP server on this
machine; retried on a 5xx; a failure reported without breaking the ingest."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import msgspec
import pytest
from fastapi.testclient import TestClient
from msgspec.structs import replace
from typer.testing import CliRunner

from clearpost.cli import app
from clearpost.formats.canonical import write_jsonl
from clearpost.identifiers import make_s10
from clearpost.model import Assessment, Item
from clearpost.settings import Settings
from clearpost.web.app import create_app
from clearpost.webhook import DELIVERY_HEADER, SIGNATURE_HEADER, Webhook, deliver

SECRET = "s3cret-shared-with-the-receiver"


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def item_ids(self) -> list[str]:
        return [a["item_id"] for a in json.loads(self.body)["assessments"]]


@dataclass
class Receiver:
    """An HTTP server in a thread that records each POST and answers the next status given."""

    url: str
    statuses: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(Received({k.lower(): v for k, v in self.headers.items()}, body))
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/clearpost/assessments"
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def closed_port_url() -> str:
    """A URL nothing listens on: the connection is refused."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return f"http://127.0.0.1:{port}/hook"


def items(example_item: Item, n: int) -> list[Item]:
    return [replace(example_item, item_id=make_s10("RR", 10_000_000 + i, "GB")) for i in range(n)]


def assessed(example_item: Item, n: int) -> list[Assessment]:
    import datetime as dt

    from clearpost.pipeline import assess
    from clearpost.reference import load_reference

    now = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC)
    return assess(items(example_item, n), now=now, reference=load_reference())


class Waits(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


# ------------------------------------------------------------------------------ delivery


def test_a_delivery_is_signed_json_with_a_delivery_id(receiver: Receiver, example_item: Item) -> None:
    assessments = assessed(example_item, 3)
    report = deliver(Webhook(receiver.url, secret=SECRET), assessments)
    assert (report.delivered, report.failure) == (3, None)
    (request,) = receiver.received
    expected = hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert request.headers[SIGNATURE_HEADER.lower()] == f"sha256={expected}"
    assert request.headers["content-type"] == "application/json"
    assert len(request.headers[DELIVERY_HEADER.lower()]) == 36
    body = json.loads(request.body)
    assert list(body) == ["assessments"] and request.item_ids == [a.item_id for a in assessments]
    assert body["assessments"][0] == json.loads(msgspec.json.encode(assessments[0]))


def test_without_a_secret_there_is_no_signature(receiver: Receiver, example_item: Item) -> None:
    deliver(Webhook(receiver.url), assessed(example_item, 1))
    assert SIGNATURE_HEADER.lower() not in receiver.received[0].headers


def test_assessments_go_out_in_batches(receiver: Receiver, example_item: Item) -> None:
    assessments = assessed(example_item, 5)
    report = deliver(Webhook(receiver.url, secret=SECRET, batch_size=2), assessments)
    assert report.batches == 3 and report.delivered == 5
    assert [len(r.item_ids) for r in receiver.received] == [2, 2, 1]
    assert [i for r in receiver.received for i in r.item_ids] == [a.item_id for a in assessments]
    assert len({r.headers[DELIVERY_HEADER.lower()] for r in receiver.received}) == 3
    assert "5 assessments delivered" in report.summary()


def test_a_5xx_is_retried_with_the_same_delivery_id(receiver: Receiver, example_item: Item) -> None:
    receiver.statuses = [500, 503]
    waits = Waits()
    report = deliver(
        Webhook(receiver.url, secret=SECRET, backoff=0.5), assessed(example_item, 2), sleep=waits
    )
    assert report.failure is None and report.delivered == 2
    first, second, third = receiver.received
    assert first.body == second.body == third.body
    assert len({r.headers[DELIVERY_HEADER.lower()] for r in receiver.received}) == 1
    assert waits == [0.5, 1.0]  # exponential backoff


def test_a_4xx_is_final(receiver: Receiver, example_item: Item) -> None:
    receiver.statuses = [401]
    report = deliver(Webhook(receiver.url), assessed(example_item, 2), sleep=Waits())
    assert len(receiver.received) == 1
    assert report.failure is not None and report.failure.error.startswith("HTTP 401")
    assert report.undelivered == 2


def test_a_receiver_that_stays_down_stops_the_delivery(receiver: Receiver, example_item: Item) -> None:
    receiver.statuses = [200, 500, 500, 500, 500]
    waits = Waits()
    report = deliver(Webhook(receiver.url, batch_size=1), assessed(example_item, 3), sleep=waits)
    assert len(receiver.received) == 5 and waits == [0.5, 1.0, 2.0]
    assert report.delivered == 1 and report.failure is not None
    assert (report.failure.batch, report.failure.attempts) == (2, 4)
    summary = report.summary()
    assert "2 of 3 assessments were not delivered" in summary and "HTTP 500" in summary
    assert "1 later batch was not tried" in summary and "stored all the same" in summary


def test_a_refused_connection_is_retried_then_reported(closed_port_url: str, example_item: Item) -> None:
    waits = Waits()
    report = deliver(Webhook(closed_port_url, attempts=3), assessed(example_item, 1), sleep=waits)
    assert report.failure is not None and report.failure.attempts == 3 and len(waits) == 2
    assert "Connection" in report.failure.error or "refused" in report.failure.error


# ---------------------------------------------------------------------------- configuration


def test_the_webhook_is_configured_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_environment(
        {"CLEARPOST_WEBHOOK_URL": "https://customs.example/hook", "CLEARPOST_WEBHOOK_SECRET": SECRET}
    )
    assert Webhook.from_settings(settings) == Webhook("https://customs.example/hook", secret=SECRET)
    assert Webhook.from_settings(Settings.from_environment({})) is None
    with pytest.raises(ValueError, match="CLEARPOST_WEBHOOK_URL must be an http:// or https:// URL"):
        Settings.from_environment({"CLEARPOST_WEBHOOK_URL": "ftp://customs.example/hook"})


# ---------------------------------------------------------------------------- the edges


def test_ingest_posts_what_it_stored(
    receiver: Receiver, tmp_path: Path, database: Path, monkeypatch: pytest.MonkeyPatch, example_item: Item
) -> None:
    monkeypatch.setenv("CLEARPOST_WEBHOOK_URL", receiver.url)
    monkeypatch.setenv("CLEARPOST_WEBHOOK_SECRET", SECRET)
    message = tmp_path / "items.jsonl"
    message.write_bytes(write_jsonl(items(example_item, 3)))
    result = CliRunner().invoke(app, ["ingest", str(message)])
    assert result.exit_code == 0, result.output
    (request,) = receiver.received
    assert len(request.item_ids) == 3
    assert "webhook: 3 assessments delivered" in result.output
    # the same message again stores nothing, so nothing new goes out
    assert CliRunner().invoke(app, ["ingest", str(message)]).exit_code == 0
    assert len(receiver.received) == 1


def test_a_failed_delivery_does_not_fail_the_ingest(
    closed_port_url: str, tmp_path: Path, database: Path, monkeypatch: pytest.MonkeyPatch, example_item: Item
) -> None:
    monkeypatch.setenv("CLEARPOST_WEBHOOK_URL", closed_port_url)
    monkeypatch.setattr("clearpost.webhook.time.sleep", lambda seconds: None)
    message = tmp_path / "items.jsonl"
    message.write_bytes(write_jsonl(items(example_item, 2)))
    result = CliRunner().invoke(app, ["ingest", str(message), "--report", str(tmp_path / "a.jsonl")])
    assert result.exit_code == 0, result.output
    assert "webhook: 2 of 2 assessments were not delivered" in result.output
    assert "stored all the same" in result.output and "Traceback" not in result.output
    assert len((tmp_path / "a.jsonl").read_bytes().splitlines()) == 2
    again = CliRunner().invoke(app, ["ingest", str(message)])
    assert "already received" in again.output  # they were stored


def test_the_service_posts_after_answering(receiver: Receiver, database_url: str, example_item: Item) -> None:
    settings = Settings(database_url=database_url, webhook_url=receiver.url, webhook_secret=SECRET)
    with TestClient(create_app(settings)) as client:
        response = client.post(
            "/v1/messages",
            content=write_jsonl(items(example_item, 2)),
            headers={"Content-Type": "application/x-ndjson"},
        )
    assert response.status_code == 200
    (request,) = receiver.received
    assert request.item_ids == [a["item_id"] for a in response.json()["assessments"]]
    expected = hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert request.headers[SIGNATURE_HEADER.lower()] == f"sha256={expected}"


def test_the_service_logs_a_failed_delivery_and_still_answers(
    closed_port_url: str,
    database_url: str,
    example_item: Item,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr("clearpost.webhook.time.sleep", lambda seconds: None)
    settings = Settings(database_url=database_url, webhook_url=closed_port_url)
    with (
        caplog.at_level(logging.WARNING, logger="clearpost.webhook"),
        TestClient(create_app(settings)) as client,
    ):
        response = client.post(
            "/v1/messages",
            content=write_jsonl(items(example_item, 1)),
            headers={"Content-Type": "application/x-ndjson"},
        )
        assert response.status_code == 200 and len(response.json()["assessments"]) == 1
        assert client.get("/v1/items").json()["total"] == 1
    (record,) = [r for r in caplog.records if r.name == "clearpost.webhook"]
    assert "1 of 1 assessments were not delivered" in record.getMessage()
