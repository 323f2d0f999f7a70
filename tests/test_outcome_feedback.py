"""Inspection outcomes feed the model, the way an administration closes the loop: items ingested,
inspected, outcomes recorded, exported as labelled declarations, a model trained on them and
activated, and the next items scored by it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import msgspec
from typer.testing import CliRunner

from clearpost.cli import app
from clearpost.model import Assessment, Item

runner = CliRunner()


def run(*args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output


def test_outcomes_are_exported_as_labels_a_model_trains_on(tmp_path: Path, database: Path) -> None:
    items, truth = tmp_path / "items.jsonl", tmp_path / "truth.jsonl"
    run(
        "generate",
        "--items",
        "3000",
        "--seed",
        "11",
        "--format",
        "jsonl",
        "--out",
        str(items),
        "--truth",
        str(truth),
    )
    run("ingest", str(items), "--as-of", "2026-10-01T00:00:00Z")
    planted = [json.loads(line) for line in truth.read_text().splitlines()]
    # officers inspected the undervalued items and a sample of the others
    inspected = [p for n, p in enumerate(planted) if "UNDERVALUATION" in p["codes"] or n % 4 == 0]
    outcomes = tmp_path / "outcomes.csv"
    with outcomes.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["item_id", "result", "officer", "fraud"])
        for p in inspected:
            fraud = "UNDERVALUATION" in p["codes"]
            writer.writerow(
                [p["item_id"], "irregularity_found" if fraud else "no_irregularity", "c.officer", fraud]
            )
    run("outcome", "load", str(outcomes))
    labelled = tmp_path / "labelled.jsonl"
    run("outcome", "export", "--out", str(labelled))
    exported = list(msgspec.json.Decoder(Item).decode_lines(labelled.read_bytes()))
    assert len(exported) == len(inspected)
    assert sum(item.attributes["inspection_fraud"] for item in exported if item.attributes) == sum(
        "UNDERVALUATION" in p["codes"] for p in inspected
    )

    model = tmp_path / "outcomes.model"
    run("model", "train", str(labelled), "--label", "inspection_fraud", "--out", str(model))
    run("model", "activate", str(model))
    answers = tmp_path / "answers.jsonl"
    fresh, fresh_truth = tmp_path / "fresh.jsonl", tmp_path / "fresh_truth.jsonl"
    run(
        "generate",
        "--items",
        "2000",
        "--seed",
        "12",
        "--format",
        "jsonl",
        "--out",
        str(fresh),
        "--truth",
        str(fresh_truth),
    )
    run("assess", str(fresh), "--out", str(answers), "--as-of", "2026-10-01T00:00:00Z", "--stage", "arrival")
    scored = {
        a.item_id
        for a in msgspec.json.Decoder(Assessment).decode_lines(answers.read_bytes())
        if any(r.code == "MODEL_SCORE" and r.source == "model" for r in a.risk.reasons)
    }
    undervalued = {
        p["item_id"]
        for line in fresh_truth.read_text().splitlines()
        if "UNDERVALUATION" in (p := json.loads(line))["codes"]
    }
    assert scored, "the model trained on outcomes alerts on none of the next items"
    assert len(scored & undervalued) / len(scored) > 0.5  # it learned what the officers found
