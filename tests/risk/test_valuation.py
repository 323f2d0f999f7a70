"""Undervaluation against value bands: shipped ones from KCS, learned ones from the store."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from msgspec.structs import replace
from typer.testing import CliRunner

from clearpost.cli import app
from clearpost.formats.canonical import write_jsonl
from clearpost.generate import DefectRates, generate
from clearpost.model import Item, Money
from clearpost.reference import Reference
from clearpost.risk.bands import Band, ValueBands, learn_bands, shipped_bands
from clearpost.risk.valuation import undervaluation

TOKENS = frozenset({Decimal("0"), Decimal("0.01"), Decimal("1")})
runner = CliRunner()


def test_bands_are_robust_quantiles_by_subheading_and_heading() -> None:
    observations = [("611011", float(v)) for v in range(1, 101)] + [("611020", 50.0)] * 5
    bands = learn_bands(observations, "test")
    assert bands.bands["611011"] == Band(low=10.9, median=50.5, declarations=100)
    assert "611020" not in bands.bands  # five declarations are too few
    assert bands.band("611020") == ("6110", bands.bands["6110"])  # the heading stands in


def test_a_line_far_below_its_band_is_undervalued(example_item: Item) -> None:
    bands = ValueBands("test", {"611011": Band(low=60.0, median=130.0, declarations=400)})
    (reason,) = undervaluation(example_item, bands, {0: 12.5, 1: 80.0}, TOKENS)
    assert (reason.code, reason.field, reason.source) == ("UNDERVALUATION", "contents[0].value", "rule")
    assert reason.detail is not None and reason.detail["band"]["hs"] == "611011"
    assert undervaluation(example_item, bands, {0: 40.0}, TOKENS) == []  # within reason
    token = replace(example_item.contents[0], value=Money(amount=Decimal("1"), currency="GBP"))
    assert undervaluation(replace(example_item, contents=[token]), bands, {0: 2.0}, TOKENS) == []


def test_the_shipped_bands_come_from_kcs(reference: Reference) -> None:
    bands = shipped_bands()
    assert bands.source == "kcs" and len(bands.bands) > 500 and reference.bands is bands


def test_bands_are_learned_from_stored_declarations(tmp_path: Path, database: Path) -> None:
    history = tmp_path / "history.jsonl"
    history.write_bytes(write_jsonl([g.item for g in generate(3000, seed=5, rates=DefectRates.none())]))
    as_of = ["--as-of", "2026-10-01T00:00:00+00:00"]
    assert runner.invoke(app, ["ingest", str(history), *as_of]).exit_code == 0
    result = runner.invoke(app, ["valuation", "learn"])
    assert result.exit_code == 0 and "value bands learned (store)" in " ".join(result.output.split())
    undervalued = [g for g in generate(400, seed=7) if "UNDERVALUATION" in g.codes]
    items = tmp_path / "items.jsonl"
    items.write_bytes(write_jsonl([g.item for g in undervalued]))
    out = tmp_path / "assessments.jsonl"
    runner.invoke(app, ["assess", str(items), "--out", str(out), *as_of])
    text = out.read_text()
    assert text.count("UNDERVALUATION") >= len(undervalued) * 0.8 and '"bands_from":"store"' in text
