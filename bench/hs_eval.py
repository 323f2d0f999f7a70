"""Evaluate HS code suggestion and the mismatch check: `make eval-hs`.

Sets: eval/hs/ecommerce_titles.csv (our development set of e-commerce titles, see its
PROVENANCE.md; split by row parity into a tuning half and a held-out half) and the public
micro-benchmark in ../shared/data/hs-labelled/. Reports top-1 / top-5 accuracy at HS2, HS4 and
HS6, the mismatch check's catch and false-flag rates, and the latency per description. Writes
docs/hs-evaluation.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import statistics
import time
from dataclasses import dataclass, replace
from pathlib import Path

from bench import publish
from clearpost.hs.mismatch import load_judge
from clearpost.hs.nomenclature import load_nomenclature
from clearpost.hs.suggest import Suggester, load_suggester
from clearpost.quality.descriptions import load_vague_lexicon, vagueness

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "eval" / "hs" / "ecommerce_titles.csv"
PUBLIC = ROOT.parent / "shared" / "data" / "hs-labelled" / "hsclassify_micro_benchmark"
PUBLIC_CASES = PUBLIC / "benchmark_cases.csv"


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    hs6: str


def dev_cases() -> list[Case]:
    with DEV.open(encoding="utf-8") as f:
        return [Case(row["title"], row["hs6"]) for row in csv.DictReader(f)]


def public_cases() -> list[Case]:
    with PUBLIC_CASES.open(encoding="utf-8") as f:
        return [Case(row["text"], row["expected_hs_code"].zfill(6)) for row in csv.DictReader(f)]


def accuracy(suggester: Suggester, cases: list[Case]) -> dict[str, float]:
    ranked = suggester.suggest([c.text for c in cases], top=5)
    result: dict[str, float] = {}
    for digits in (2, 4, 6):
        top1 = sum(r[0].hs_code[:digits] == c.hs6[:digits] for r, c in zip(ranked, cases, strict=True) if r)
        top5 = sum(
            any(s.hs_code[:digits] == c.hs6[:digits] for s in r) for r, c in zip(ranked, cases, strict=True)
        )
        result[f"HS{digits} top-1"] = top1 / len(cases)
        result[f"HS{digits} top-5"] = top5 / len(cases)
    return result


def mismatch(cases: list[Case], seed: int = 7) -> tuple[float, float]:
    """(share of wrong-chapter codes caught, share of correct codes flagged): each case's true code,
    then a code drawn at random from another chapter."""
    judge = load_judge()
    vague = load_vague_lexicon()
    subheadings = sorted(load_nomenclature().subheadings)
    rng = random.Random(seed)
    judged = [c for c in cases if vagueness(c.text, vague) is None]
    flagged = sum(judge.misfit(c.text, c.hs6) is not None for c in judged)
    caught = 0
    for case in judged:
        wrong = rng.choice([code for code in subheadings if code[:2] != case.hs6[:2]])
        caught += judge.misfit(case.text, wrong) is not None
    return caught / len(judged), flagged / len(judged)


def latency_ms(suggester: Suggester, cases: list[Case], samples: int = 200) -> float:
    texts = [c.text for c in cases[:samples]]
    suggester.suggest(texts[:5])  # warm
    times = []
    for text in texts:
        started = time.perf_counter()
        suggester.suggest([text])
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "hs-evaluation.md")
    options = parser.parse_args()
    started = time.perf_counter()
    suggester = load_suggester()
    load_seconds = time.perf_counter() - started
    dev = dev_cases()
    sets = {
        "development set, tuning half (even rows)": dev[0::2],
        "development set, held-out half (odd rows)": dev[1::2],
        "development set, all": dev,
        "public micro-benchmark (../shared/data/hs-labelled)": public_cases(),
    }
    lines = [
        "# HS code suggestion and mismatch check",
        "",
        f"Produced by `make eval-hs` on {dt.date.today().isoformat()} (AMD EPYC, one process; no network).",
        "",
        "| set | n | HS2 top-1 | HS4 top-1 | HS6 top-1 | HS2 top-5 | HS4 top-5 | HS6 top-5 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, cases in sets.items():
        a = accuracy(suggester, cases)
        columns = ("HS2 top-1", "HS4 top-1", "HS6 top-1", "HS2 top-5", "HS4 top-5", "HS6 top-5")
        cells = " | ".join(f"{a[k]:.1%}" for k in columns)
        lines.append(f"| {name} | {len(cases)} | {cells} |")
    tuned = suggester.weights
    held_out = dev[1::2]
    lines += ["", "Ablations on the held-out half (the weights of the other signals unchanged):", ""]
    lines += ["| signals | HS2 top-1 | HS4 top-1 | HS6 top-5 |", "|---|---:|---:|---:|"]
    for name, weights in (
        ("embeddings only (nomenclature texts)", replace(tuned, lexicon=0.0, bm25=0.0)),
        ("embeddings + BM25, no lexicon", replace(tuned, lexicon=0.0)),
        ("all three (shipped)", tuned),
    ):
        suggester.weights = weights
        a = accuracy(suggester, held_out)
        lines.append(f"| {name} | {a['HS2 top-1']:.1%} | {a['HS4 top-1']:.1%} | {a['HS6 top-5']:.1%} |")
    suggester.weights = tuned
    lines += [
        "",
        "Mismatch check (what the quality stage flags as HS_DESCRIPTION_MISMATCH): each description with its",
        "true code, and with a code drawn at random from another chapter; vague descriptions are not judged.",
        "",
        "| set | wrong-chapter codes caught | correct codes flagged |",
        "|---|---:|---:|",
    ]
    for name, cases in sets.items():
        caught, flagged = mismatch(cases)
        lines.append(f"| {name} | {caught:.1%} | {flagged:.1%} |")
    lines += [
        "",
        f"Latency: median {latency_ms(suggester, dev[1::2]):.1f} ms per description, one at a time, warm "
        f"(loading the model and the shipped embeddings: {load_seconds:.1f} s, once per process).",
        "",
    ]
    publish(lines, options.out)


if __name__ == "__main__":
    main()
