"""Evaluate the data-quality stage on generated traffic: `make eval-quality`.

Generates items with planted defects (`clearpost generate --truth`), assesses them in-process as
of a moment before any of them departs (so that timely data stay timely), and reports recall
and precision per planted quality code, whether clean items stay clean, and the throughput of
the pipeline. Writes docs/quality-evaluation.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import time
from pathlib import Path

from bench import publish
from clearpost.generate import DefectRates, generate
from clearpost.model import Code, Item
from clearpost.pipeline import assess
from clearpost.quality.evaluation import FOUND_WITHOUT_LISTS, evaluate
from clearpost.reference import load_reference
from clearpost.risk.valuation import learn_bands, observations

ROOT = Path(__file__).resolve().parents[1]


def as_of_before_departures(items: list[Item]) -> dt.datetime:
    departures = [i.transport.departure_time for i in items if i.transport and i.transport.departure_time]
    return min(departures) - dt.timedelta(minutes=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--history-items",
        type=int,
        default=20_000,
        help="clean items of another seed whose value bands stand in for the store's history",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "quality-evaluation.md")
    options = parser.parse_args()
    generated = list(generate(options.items, options.seed))
    items = [g.item for g in generated]
    truth = [list(g.codes) for g in generated]
    history = [g.item for g in generate(options.history_items, options.seed + 1, DefectRates.none())]
    bands = learn_bands(
        (o for item in history for o in observations(item, load_reference().quality.rates)), "history"
    )
    reference = dataclasses.replace(load_reference(), bands=bands)
    now = as_of_before_departures(items)
    started = time.perf_counter()
    assessments = assess(items, now=now, reference=reference)
    seconds = time.perf_counter() - started
    result = evaluate(truth, assessments, (*FOUND_WITHOUT_LISTS, Code.UNDERVALUATION))
    lines = [
        "# Data-quality stage on generated traffic",
        "",
        "Produced by `make eval-quality` "
        f"(`python -m bench.quality --items {options.items} --seed {options.seed}`) "
        f"on {dt.date.today().isoformat()}: {result.items:,} generated items assessed as of "
        f"{now.isoformat()} (before any item departs), with value bands learned from "
        f"{options.history_items:,} clean items of seed {options.seed + 1} "
        "standing in for the store's history.",
        "",
        "| planted code | planted | found | recall | precision |",
        "|---|---:|---:|---:|---:|",
    ]
    for score in result.scores:
        figures = f"{score.planted:,} | {score.found:,} | {score.recall:.3f} | {score.precision:.3f}"
        lines.append(f"| {score.code} | {figures} |")
    lines += [
        "",
        f"Clean items (nothing planted): {result.clean_items:,}; with a warning, an error or a risk reason: "
        f"{result.clean_with_findings:,}.",
    ]
    if result.false_codes_on_clean:
        lines.append(
            "Codes on clean items: " + ", ".join(f"{c} {n}" for c, n in result.false_codes_on_clean.items())
        )
    lines += [
        "",
        f"Pipeline in-process, one thread: {result.items / seconds:,.0f} items/s ({seconds:.2f} s).",
        "",
    ]
    publish(lines, options.out)


if __name__ == "__main__":
    main()
