"""HS suggestion and the mismatch judge, offline, the way a user and the quality stage call them."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from clearpost.cli import app
from clearpost.hs.embedding import load_minilm
from clearpost.hs.mismatch import load_judge
from clearpost.hs.nomenclature import load_nomenclature
from clearpost.hs.suggest import EMBEDDINGS, load_suggester, nomenclature_texts
from clearpost.settings import Settings
from clearpost.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_embeddings_put_related_texts_close() -> None:
    earbuds, headphones, shirt = load_minilm().encode(
        ["wireless bluetooth earbuds", "Headphones and earphones", "men's cotton shirt"]
    )
    assert float(np.linalg.norm(earbuds)) == pytest.approx(1.0, abs=1e-5)
    assert float(earbuds @ headphones) > float(earbuds @ shirt) + 0.2


def test_the_shipped_embeddings_are_in_step_with_the_texts_and_model() -> None:
    """`make hs-embeddings` was run after the last change of nomenclature, texts or model."""
    codes, texts = nomenclature_texts(load_nomenclature())
    with np.load(ROOT / "clearpost" / "hs" / "data" / EMBEDDINGS) as shipped:
        assert [str(c) for c in shipped["codes"]] == codes
        sample = list(range(0, len(codes), 347))
        fresh = load_minilm().encode([texts[i] for i in sample])
        assert np.abs(shipped["vectors"][sample].astype(np.float32) - fresh).max() < 2e-3


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("Wireless Bluetooth Earbuds with Charging Case", "8518"),
        ("Women's Retro Magnetic Dragon Pendant Necklace Stainless Steel", "7117"),
        ("Men's cotton hoodie with zip, grey, XL", "6110"),
        ("20000mAh power bank fast charging", "8507"),
        ("Silicone phone case for iPhone 15", "3926"),
        ("Yoga mat non-slip 6mm", "9506"),
    ],
)
def test_everyday_titles_find_their_heading(title: str, heading: str) -> None:
    (suggestions,) = load_suggester().suggest([title], top=5)
    assert suggestions[0].hs_code.startswith(heading), suggestions
    assert 0 < suggestions[0].score <= 1 and "heading" in suggestions[0].why


def test_accuracy_on_the_held_out_half_of_the_development_set() -> None:
    with (ROOT / "eval" / "hs" / "ecommerce_titles.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[1::2]
    ranked = load_suggester().suggest([r["title"] for r in rows], top=5)
    hs2 = sum(s[0].hs_code[:2] == r["hs6"][:2] for s, r in zip(ranked, rows, strict=True)) / len(rows)
    hs4 = sum(s[0].hs_code[:4] == r["hs6"][:4] for s, r in zip(ranked, rows, strict=True)) / len(rows)
    hs6 = sum(any(x.hs_code == r["hs6"] for x in s) for s, r in zip(ranked, rows, strict=True)) / len(rows)
    assert hs2 >= 0.60 and hs4 >= 0.40 and hs6 >= 0.40, (hs2, hs4, hs6)


def test_the_judge_flags_a_code_from_the_wrong_chapter_only() -> None:
    judge = load_judge()
    assert judge.misfit("Wireless Bluetooth Earbuds", "851830") is None
    evidence = judge.misfit("Wireless Bluetooth Earbuds", "610910")  # a T-shirt's code
    assert evidence is not None and "85" in evidence.chapters and evidence.likely[0].startswith("8518")
    assert judge.misfit("Item 4471", "610910") is None  # nothing to judge by


def test_no_clean_generator_product_is_judged_wrong() -> None:
    with (ROOT / "clearpost" / "generate" / "data" / "catalogue.csv").open(encoding="utf-8") as f:
        products = list(csv.DictReader(f))
    judge = load_judge()
    assert [p["description"] for p in products if judge.misfit(p["description"], p["hs_code"])] == []


def test_cli_suggests_for_a_text_and_for_a_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["hs", "suggest", "cotton t-shirt", "--top", "3", "--out", "-"])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert line["description"] == "cotton t-shirt" and len(line["suggestions"]) == 3
    assert set(line["suggestions"][0]) == {"hs_code", "score", "why"}
    descriptions = tmp_path / "d.txt"
    descriptions.write_text("phone case\n\nearrings sterling silver\n", encoding="utf-8")
    out = tmp_path / "s.jsonl"
    assert (
        runner.invoke(app, ["hs", "suggest", "--input", str(descriptions), "--out", str(out)]).exit_code == 0
    )
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["description"] for x in lines] == ["phone case", "", "earrings sterling silver"]
    assert lines[1]["suggestions"] == [] and lines[2]["suggestions"][0]["hs_code"].startswith("7113")
    assert runner.invoke(app, ["hs", "suggest", "--out", "-"]).exit_code == 2


def test_http_suggests(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'c.db'}"))) as client:
        body = client.get("/v1/hs/suggest", params={"q": "smartwatch with heart rate", "top": 2}).json()
        assert len(body["suggestions"]) == 2 and body["suggestions"][0]["hs_code"].startswith("8517")
        assert client.get("/v1/hs/suggest").status_code == 422


def test_the_development_set_is_valid() -> None:
    """Every title's code is an HS 2022 subheading, no duplicates (eval/hs/check_titles.py)."""
    checked = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "hs" / "check_titles.py")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
