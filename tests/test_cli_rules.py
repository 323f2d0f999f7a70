"""`clearpost rules …` and `clearpost outcome …`, run in-process the way an officer runs them."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest
from msgspec.structs import replace
from typer.testing import CliRunner, Result

from clearpost.cli import app
from clearpost.formats.canonical import write_jsonl
from clearpost.identifiers import make_s10
from clearpost.model import Assessment, Item

runner = CliRunner()


def said(result: Result) -> str:
    """What a command printed, as one line (Rich wraps it to the terminal's width)."""
    return " ".join(result.output.split())


AS_OF = "2026-11-21T06:00:00Z"
RULES = """\
ruleset: targeting
version: {version}
rules:
  - id: CN1
    description: Parcels from China
    owner: risk-unit
    valid_from: 2026-01-01
    weight: 0.4
    when:
      origin_country: CN
      mail_class: parcel
  - id: LT1
    description: Letters
    owner: risk-unit
    valid_from: 2026-01-01
    weight: 0.2
    when: {{mail_class: letter}}
"""


def write_rules(tmp_path: Path, version: int = 1, text: str | None = None) -> Path:
    path = tmp_path / f"targeting-{version}.yaml"
    path.write_text(text or RULES.format(version=version), encoding="utf-8")
    return path


def ingest_items(tmp_path: Path, example_item: Item) -> list[str]:
    """Ten items received: the first six from China, the others from Great Britain."""
    items = [
        replace(example_item, item_id=make_s10("CP", n, "GB"), origin_country="CN" if n < 6 else "GB")
        for n in range(10)
    ]
    path = tmp_path / "items.jsonl"
    path.write_bytes(write_jsonl(items))
    result = runner.invoke(app, ["ingest", str(path), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return [item.item_id or "" for item in items]


def test_rules_are_loaded_listed_and_activated(tmp_path: Path, database: Path) -> None:
    first = runner.invoke(app, ["rules", "load", str(write_rules(tmp_path, 1)), "--by", "j.martin"])
    assert first.exit_code == 0, first.output
    assert "rule set targeting version 1, 2 rules loaded (not active)" in said(first)
    second = runner.invoke(
        app, ["rules", "load", str(write_rules(tmp_path, 2)), "--activate", "--by", "j.martin"]
    )
    assert "version 2, 2 rules loaded and active" in said(second)
    assert runner.invoke(app, ["rules", "activate", "targeting", "--version", "1"]).exit_code == 0
    listed = runner.invoke(app, ["rules", "list", "--out", str(tmp_path / "list.json")])
    assert listed.exit_code == 0, listed.output
    rows = json.loads((tmp_path / "list.json").read_text())
    assert [(r["version"], r["active"], r["loaded_by"]) for r in rows] == [
        ("1", True, "j.martin"),
        ("2", False, "j.martin"),
    ]
    changed = write_rules(tmp_path, 1, RULES.format(version=1).replace("weight: 0.4", "weight: 0.5"))
    refused = runner.invoke(app, ["rules", "load", str(changed), "--by", "j.martin"])
    assert refused.exit_code == 2 and "already loaded with a different text" in said(refused)
    unknown = runner.invoke(app, ["rules", "activate", "security"])
    assert unknown.exit_code == 2 and "no rule set 'security' is loaded" in said(unknown)


def test_a_bad_rule_set_is_refused_with_its_file_line_rule_and_key(
    tmp_path: Path, database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_rules(tmp_path, 1, RULES.format(version=1).replace("mail_class: parcel", "mail_clas: parcel"))
    result = runner.invoke(app, ["rules", "load", "targeting-1.yaml", "--by", "j.martin"])
    assert result.exit_code == 2
    expected = "targeting-1.yaml, line 11: rule CN1: when.mail_clas: unknown fact (did you mean mail_class?"
    assert expected in said(result)
    assert "Traceback" not in result.output
    assert runner.invoke(app, ["rules", "load", str(tmp_path / "missing.yaml")]).exit_code == 2


def test_a_backtest_reports_hits_and_precision_from_recorded_outcomes(
    tmp_path: Path, database: Path, example_item: Item
) -> None:
    ids = ingest_items(tmp_path, example_item)
    outcomes = tmp_path / "outcomes.csv"
    outcomes.write_text(
        "item_id,result,officer,fraud,seized,revenue,currency,note,reason_codes\n"
        f"{ids[0]},no_irregularity,a.officer,,,,,first look,\n"
        f"{ids[0]},irregularity_found,b.officer,true,,30.00,EUR,invoice found: undervalued,UNDERVALUATION\n"
        f"{ids[1]},irregularity_found,a.officer,yes,no,12.50,EUR,,RULE_HIT;UNDERVALUATION\n"
        f"{ids[2]},no_irregularity,a.officer,,,,,,\n"
        f"{ids[3]},not_inspected,a.officer,,,,,no capacity,\n"
        f"{ids[7]},no_irregularity,a.officer,,,,,,\n",
        encoding="utf-8",
    )
    loaded = runner.invoke(app, ["outcome", "load", str(outcomes)])
    assert loaded.exit_code == 0, loaded.output
    assert "6 outcomes recorded" in said(loaded)

    out = tmp_path / "backtest.json"
    result = runner.invoke(
        app, ["rules", "backtest", str(write_rules(tmp_path)), "--since", "2026-11-01", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    china, letters = report["rules"]
    # six items from China hit; three of them were inspected (the fourth was not), two with an
    # irregularity: precision 2/3; the revenue is that of the latest outcome of each item
    assert (china["rule"], china["hits"], china["hit_rate"], china["inspected"]) == ("CN1", 6, 0.6, 3)
    assert (china["irregularities"], china["precision"], china["revenue_recovered"]) == (
        2,
        0.6667,
        {"EUR": "42.50"},
    )
    assert (letters["hits"], letters["precision"]) == (0, None)
    assert (report["items"], report["inspected"], report["irregularities"], report["precision"]) == (
        10,
        4,
        2,
        0.5,
    )
    assert report["since"] == "2026-11-01" and report["rulesets"][0]["version"] == 1
    assert "CN1" in said(result) and "66.7%" in said(result)  # the table on stderr

    # a stored rule set by name, and nothing before the day asked
    runner.invoke(app, ["rules", "load", str(write_rules(tmp_path)), "--by", "j.martin"])
    by_name = runner.invoke(
        app, ["rules", "backtest", "targeting", "--since", "2026-11-01", "--out", str(out)]
    )
    assert by_name.exit_code == 0, by_name.output
    assert json.loads(out.read_text())["rules"][0]["hits"] == 6
    runner.invoke(app, ["rules", "backtest", "targeting", "--since", "2026-11-22", "--out", str(out)])
    assert json.loads(out.read_text())["items"] == 0
    bad_day = runner.invoke(app, ["rules", "backtest", "targeting", "--since", "yesterday"])
    assert bad_day.exit_code == 2 and "not a date" in said(bad_day)


def test_an_outcome_is_recorded_and_listed(tmp_path: Path, database: Path, example_item: Item) -> None:
    ids = ingest_items(tmp_path, example_item)
    result = runner.invoke(
        app,
        [
            "outcome", "record", ids[4].lower(), "--result", "irregularity_found", "--officer", "c.officer",
            "--fraud", "--seized", "--revenue", "80", "--currency", "gbp", "--note", "Counterfeit watches",
            "--reason", "PROHIBITED_GOODS",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    stored = json.loads(result.stdout)
    assert (stored["item_id"], stored["fraud"], stored["seized"]) == (ids[4], True, True)
    assert stored["revenue"] == {"amount": "80.00", "currency": "GBP"}
    assert stored["reason_codes"] == ["PROHIBITED_GOODS"] and stored["recorded_at"]
    listed = runner.invoke(app, ["outcome", "list", "--since", "2026-01-01"])
    assert [json.loads(line)["officer"] for line in listed.stdout.splitlines()] == ["c.officer"]
    assert runner.invoke(app, ["outcome", "list", "--since", "2099-01-01"]).stdout == ""

    unknown = runner.invoke(
        app, ["outcome", "record", "RR000000005GB", "--result", "no_irregularity", "--officer", "c"]
    )
    assert unknown.exit_code == 2 and "no item RR000000005GB was received" in said(unknown)
    bad = runner.invoke(app, ["outcome", "record", ids[4], "--result", "seized", "--officer", "c"])
    assert bad.exit_code == 2 and "--result: 'seized' is not a result" in said(bad)
    half = runner.invoke(
        app,
        ["outcome", "record", ids[4], "--result", "irregularity_found", "--officer", "c", "--revenue", "5"],
    )
    assert half.exit_code == 2 and "--currency: revenue recovered needs its currency" in said(half)


def test_a_bad_row_names_its_line_and_column_and_nothing_is_recorded(
    tmp_path: Path, database: Path, example_item: Item, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = ingest_items(tmp_path, example_item)
    monkeypatch.chdir(tmp_path)
    path = Path("outcomes.csv")
    header = "item_id,result,officer,fraud,revenue,currency\n"
    cases = [
        (f"{ids[0]},no_irregularity,a,,,\n{ids[1]},irregularity_found,a,maybe,,\n", "line 3, column fraud"),
        (
            f"{ids[0]},no_irregularity,a,,,\n{ids[1]},irregularity_found,a,,1O.00,EUR\n",
            "line 3, column revenue",
        ),
        (f"{ids[0]},no_irregularity,a,,,\nRR000000005GB,no_irregularity,a,,,\n", "line 3, column item_id"),
        (f'{ids[0]},"no_irregularity",,,,\n', "line 2, column officer"),
    ]
    for rows, where in cases:
        path.write_text(header + rows, encoding="utf-8")
        result = runner.invoke(app, ["outcome", "load", str(path)])
        assert result.exit_code == 2, result.output
        assert f"outcomes.csv, {where}:" in said(result) and "Traceback" not in result.output
    path.write_text("item_id,result\nX,no_irregularity\n", encoding="utf-8")
    missing = runner.invoke(app, ["outcome", "load", str(path)])
    assert missing.exit_code == 2 and "lacks the required column(s) officer" in said(missing)
    assert runner.invoke(app, ["outcome", "list"]).stdout == ""


def test_assess_applies_the_active_rule_sets(tmp_path: Path, database: Path, example_item: Item) -> None:
    runner.invoke(app, ["rules", "load", str(write_rules(tmp_path)), "--activate", "--by", "j.martin"])
    path = tmp_path / "items.jsonl"
    path.write_bytes(write_jsonl([replace(example_item, origin_country="CN")]))
    result = runner.invoke(
        app, ["assess", str(path), "--out", str(tmp_path / "a.jsonl"), "--stage", "arrival"]
    )
    assert result.exit_code == 0, result.output
    (assessment,) = msgspec.json.Decoder(Assessment).decode_lines((tmp_path / "a.jsonl").read_bytes())
    (hit,) = [reason for reason in assessment.risk.reasons if reason.code == "RULE_HIT"]
    assert hit.detail is not None and (hit.detail["rule"], hit.detail["ruleset"]) == ("CN1", "targeting")
    assert hit.detail["facts"] == {"origin_country": "CN", "mail_class": "parcel"}
    runner.invoke(app, ["rules", "deactivate", "targeting"])
    runner.invoke(app, ["assess", str(path), "--out", str(tmp_path / "b.jsonl"), "--stage", "arrival"])
    (again,) = msgspec.json.Decoder(Assessment).decode_lines((tmp_path / "b.jsonl").read_bytes())
    assert not any(reason.code == "RULE_HIT" for reason in again.risk.reasons)
