"""Officers' review of watchlist hits, as a user runs it: a false hit cleared (kept with who and
why, honoured until the list entry changes), and open items screened again when a list version
is loaded."""

from __future__ import annotations

from pathlib import Path

from msgspec.structs import replace
from sqlalchemy import select
from typer.testing import CliRunner

from clearpost.cli import app
from clearpost.formats.canonical import write_jsonl
from clearpost.model import Assessment, Item
from clearpost.store.database import open_database
from clearpost.store.items import get_item
from clearpost.store.tables import cleared_hits

runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return " ".join(result.output.split())  # as read, whatever the terminal's width


def stored(database: Path, item_id: str) -> Assessment:
    with open_database(f"sqlite:///{database}").connect() as connection:
        found = get_item(connection, item_id)
    assert found is not None
    return found.assessment


def hits(assessment: Assessment) -> list[str]:
    return [
        str((r.detail or {}).get("entry_id")) for r in assessment.risk.reasons if r.code == "WATCHLIST_MATCH"
    ]


def test_a_cleared_hit_stays_cleared_until_the_entry_changes(
    tmp_path: Path, database: Path, example_item: Item
) -> None:
    listed = tmp_path / "ops-list.csv"
    listed.write_text("id,name,country,birth_date\nP1,Viktor Karpov,FR,1970\n", encoding="utf-8")
    invoke("watchlist", "load", str(listed), "--format", "csv", "--name", "ops-list")
    assert example_item.addressee is not None
    first = replace(example_item, addressee=replace(example_item.addressee, name="Viktor Karpov"))
    (tmp_path / "first.jsonl").write_bytes(write_jsonl([first]))
    invoke("ingest", str(tmp_path / "first.jsonl"), "--stage", "arrival")
    held = stored(database, "RR473124829GB")
    assert (hits(held), held.outcome) == (["P1"], "HOLD")

    refused = runner.invoke(
        app,
        ["watchlist", "clear", "RR473124829GB", "--entry", "P9", "--officer", "M. Dubois", "--reason", "x"],
    )
    assert refused.exit_code == 2 and "its hits are on P1" in " ".join(refused.output.split())
    output = invoke(
        "watchlist",
        "clear",
        "RR473124829GB",
        "--entry",
        "P1",
        "--officer",
        "M. Dubois",
        "--reason",
        "born 1991",
    )
    assert "now RELEASE" in output
    released = stored(database, "RR473124829GB")
    assert (hits(released), released.outcome) == ([], "RELEASE")
    with open_database(f"sqlite:///{database}").connect() as connection:
        (row,) = connection.execute(select(cleared_hits)).mappings()
    assert (row["party"], row["entry_id"], row["officer"], row["reason"]) == (
        "viktor karpov|FR",
        "P1",
        "M. Dubois",
        "born 1991",
    )

    # the same party in a later item is not held again
    assert first.addressee is not None and first.addressee.address is not None
    elsewhere = replace(first.addressee.address, lines=["2 place Bellecour"], postcode="69002", city="Lyon")
    second = replace(first, item_id="EE471108151FR", addressee=replace(first.addressee, address=elsewhere))
    (tmp_path / "second.jsonl").write_bytes(write_jsonl([second]))
    invoke("ingest", str(tmp_path / "second.jsonl"), "--stage", "arrival")
    assert hits(stored(database, "EE471108151FR")) == []

    # the list's next version changes the entry: both open items are screened again and match
    listed.write_text(
        "id,name,country,birth_date,aliases\nP1,Viktor Karpov,FR,1991,Viktor Karpoff\n", encoding="utf-8"
    )
    output = invoke("watchlist", "load", str(listed), "--format", "csv", "--name", "ops-list")
    assert "Re-screened 2 open items: 2 changed, 2 of them now match" in output
    assert hits(stored(database, "RR473124829GB")) == hits(stored(database, "EE471108151FR")) == ["P1"]


def test_a_new_list_entry_finds_items_already_stored(
    tmp_path: Path, database: Path, example_item: Item
) -> None:
    assert example_item.sender is not None
    item = replace(example_item, sender=replace(example_item.sender, name="Olena Shevchuk"))
    (tmp_path / "items.jsonl").write_bytes(write_jsonl([item]))
    invoke("ingest", str(tmp_path / "items.jsonl"), "--stage", "arrival")
    assert stored(database, "RR473124829GB").outcome == "RELEASE"
    sender_country = item.sender.address.country if item.sender.address else ""
    listed = tmp_path / "list.csv"
    listed.write_text(f"id,name,country\nS7,Olena Shevchuk,{sender_country}\n", encoding="utf-8")
    output = invoke("watchlist", "load", str(listed), "--format", "csv")
    assert "Re-screened 1 open items: 1 changed, 1 of them now match" in output
    assessment = stored(database, "RR473124829GB")
    assert (hits(assessment), assessment.outcome) == (["S7"], "HOLD")
    (reason,) = assessment.risk.reasons
    assert reason.source == "screening" and reason.detail is not None
    assert len(reason.detail["fingerprint"]) == 16
