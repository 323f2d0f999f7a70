"""Post scorecards and feedback from stored items, on SQLite and PostgreSQL; through the store,
the CLI and HTTP. Every received item counts, rejected ones included."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from msgspec.structs import replace
from sqlalchemy import Engine
from typer.testing import CliRunner

from clearpost.cli import app
from clearpost.formats.canonical import write_jsonl
from clearpost.identifiers import make_s10
from clearpost.intake import receive
from clearpost.model import Item
from clearpost.reference import Reference
from clearpost.settings import Settings
from clearpost.store.quality import scorecards
from clearpost.web.app import create_app

AT = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC)


def traffic(example_item: Item) -> list[Item]:
    """Ten items from GBA: 6 clean, 2 with a vague description, 1 rejected (no addressee name),
    1 rejected for its id; four items from FRA, all clean."""
    items = [replace(example_item, item_id=make_s10("RR", n, "GB")) for n in range(1, 11)]
    for n in (1, 2):
        items[n] = replace(
            items[n], contents=[replace(items[n].contents[0], description="Clothes"), items[n].contents[1]]
        )
    items[3] = replace(items[3], addressee=replace(items[3].addressee, name=None))
    items[4] = replace(items[4], item_id="RR000000000GB")
    french = [
        replace(
            example_item,
            item_id=make_s10("CP", n, "FR"),
            origin_post="FRA",
            origin_country="FR",
            destination_country="GB",
            ioss_number=None,
        )
        for n in range(1, 5)
    ]
    return items + french


def test_scorecards_count_every_item_by_post(
    engine: Engine, example_item: Item, reference: Reference
) -> None:
    receive(engine, write_jsonl(traffic(example_item)), received_at=AT, reference=reference)
    receive(
        engine, write_jsonl(traffic(example_item)), received_at=AT, reference=reference
    )  # resent: nothing new
    with engine.connect() as connection:
        figures = scorecards(connection)
    gba, fra = figures["posts"][1], figures["posts"][0]
    assert (fra["post"], fra["items"], fra["rejected"], fra["findings"]) == ("FRA", 4, 0, {})
    assert (gba["post"], gba["items"], gba["rejected"]) == ("GBA", 10, 2)
    assert gba["findings"] == {"VAGUE_DESCRIPTION": 0.2, "INVALID_ITEM_ID": 0.1, "MISSING_FIELD": 0.1}
    # 6 clean (100), 2 vague descriptions (warning: -15), a missing name (error: -20), a bad id (-40)
    assert gba["mean_score"] == (6 * 100 + 2 * 85 + 80 + 60) / 10
    assert gba["timeliness"] == {
        "items_with_departure": 10,
        "on_time_share": 1.0,
        "late_share": 0.0,
        "mean_lead_hours": 1.67,
    }
    assert gba["trend"] == [
        {"day": "2026-11-21", "items": 10, "rejected": 2, "mean_score": gba["mean_score"]}
    ]
    with engine.connect() as connection:
        assert scorecards(connection, since=dt.date(2026, 11, 22))["posts"] == []
        assert [p["post"] for p in scorecards(connection, post="FRA")["posts"]] == ["FRA"]


def test_late_data_shows_in_timeliness(engine: Engine, example_item: Item, reference: Reference) -> None:
    late = AT + dt.timedelta(hours=3)  # the example departs 07:40Z
    receive(engine, write_jsonl([example_item]), received_at=late, reference=reference)
    with engine.connect() as connection:
        (gba,) = scorecards(connection)["posts"]
    assert gba["timeliness"]["late_share"] == 1.0 and gba["findings"] == {"LATE_DATA": 1.0}


runner = CliRunner()


def test_cli_scorecard_and_feedback_in_english_and_french(
    tmp_path: Path, database: Path, example_item: Item
) -> None:
    messages = tmp_path / "traffic.jsonl"
    messages.write_bytes(write_jsonl(traffic(example_item)))
    assert runner.invoke(app, ["ingest", str(messages), "--as-of", AT.isoformat()]).exit_code == 1
    result = runner.invoke(app, ["quality", "scorecard", "--out", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    posts = json.loads((tmp_path / "s.json").read_text())["posts"]
    assert [(p["post"], p["items"]) for p in posts] == [("FRA", 4), ("GBA", 10)]
    result = runner.invoke(
        app, ["quality", "scorecard", "--post", "GBA", "--since", "2026-11-21", "--out", "-"]
    )
    assert json.loads(result.stdout)["posts"][0]["items"] == 10

    english = tmp_path / "gba.html"
    assert runner.invoke(app, ["quality", "feedback", "--post", "GBA", "--out", str(english)]).exit_code == 0
    html = english.read_text()
    assert "Data quality report for GBA" in html and "VAGUE_DESCRIPTION" in html and "Clothes" in html
    french = tmp_path / "gba-fr.html"
    assert (
        runner.invoke(
            app, ["quality", "feedback", "--post", "GBA", "--language", "fr", "--out", str(french)]
        ).exit_code
        == 0
    )
    html = french.read_text()
    assert 'lang="fr"' in html and "Rapport" in html and "Data quality report" not in html

    unknown = runner.invoke(app, ["quality", "feedback", "--post", "XXA", "--out", str(tmp_path / "x.html")])
    assert unknown.exit_code == 1 and "no item from Post 'XXA'" in unknown.output


def test_official_rates_load_and_refuse_bad_lines(tmp_path: Path, database: Path) -> None:
    good = tmp_path / "rates.csv"
    good.write_text(
        "currency,per_eur,valid_from,valid_to\nUSD,1.05,2026-11-01,2026-11-30\nGBP,0.85,2026-11-01,2026-11-30\n"
    )
    result = runner.invoke(app, ["rates", "load", str(good)])
    assert result.exit_code == 0 and "2 rates loaded" in " ".join(result.output.split())
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "currency,per_eur,valid_from,valid_to\nUSD,1.05,2026-11-01,2026-11-30\nUSX,abc,2026-11-01,2026-11-30\n"
    )
    result = runner.invoke(app, ["rates", "load", str(bad)])
    assert result.exit_code == 2 and "line 3, column currency" in " ".join(result.output.split())


def test_http_scorecards_and_feedback(database_url: str, example_item: Item) -> None:
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        response = client.post(
            f"/v1/messages?as_of={AT.isoformat().replace('+', '%2B')}",
            content=write_jsonl(traffic(example_item)),
            headers={"Content-Type": "application/x-ndjson"},
        )
        assert response.status_code == 200
        body = client.get("/v1/quality/scorecards?post=GBA").json()
        assert body["posts"][0]["items"] == 10 and body["posts"][0]["rejected"] == 2
        page = client.get("/v1/quality/feedback/GBA?language=fr")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert client.get("/v1/quality/feedback/XXA").status_code == 404


def test_official_rates_win_over_ecb(reference: Reference) -> None:
    from clearpost.quality.rates import ExchangeRates, OfficialRate

    rates = ExchangeRates.from_ecb([OfficialRate("USD", 2.0, dt.date(2026, 11, 1), dt.date(2026, 11, 30))])
    assert rates.to_eur(100, "USD", dt.date(2026, 11, 15)) == 50
    assert rates.quote("USD", dt.date(2026, 11, 15)).source == "official"  # type: ignore[union-attr]
    ecb = reference.quality.rates.quote("USD", dt.date(2026, 12, 15))
    assert (
        ecb is not None and ecb.source == "ECB" and ecb.rate_date < dt.date(2026, 12, 15)
    )  # nearest earlier
    assert reference.quality.rates.quote("XDR", dt.date(2026, 11, 15)).eur_per_unit == pytest.approx(
        1.2, abs=0.1
    )  # type: ignore[union-attr]
