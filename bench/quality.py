"""Evaluate the quality and risk stages on generated traffic: `make eval-quality`.

Generates items with planted defects and risks (`clearpost generate --truth`), assesses them
in-process with the UN and OFAC SDN lists loaded (the copies in ../shared), first as of a moment
before any of them departs (so that timely data stay timely), then at the arrival stage; reports
recall and precision per planted code, whether clean items stay clean and are released (apart
from the random share), whether every risky item gets an outcome other than release on
arrival, and the throughput of the pipeline. Writes docs/quality-evaluation.md.
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
from clearpost.risk.bands import learn_bands
from clearpost.risk.screening import Screener
from clearpost.risk.valuation import observations
from clearpost.risk.watchlists import read_watchlist

ROOT = Path(__file__).resolve().parents[1]
SANCTIONS = ROOT.parent / "shared" / "data" / "sanctions"
LISTS = ((SANCTIONS / "un_consolidated", "un-xml"), (SANCTIONS / "ofac_sdn_2021", "ofac-csv"))


def as_of_before_departures(items: list[Item]) -> dt.datetime:
    departures = [i.transport.departure_time for i in items if i.transport and i.transport.departure_time]
    return min(departures) - dt.timedelta(minutes=1)


def next_list(folder: Path) -> Path:
    """The UN list is one XML file in its folder; an OFAC list is the folder itself."""
    files = sorted(folder.glob("*.xml"))
    return files[0] if files else folder


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
    packaged = load_reference()
    bands = learn_bands(
        (o for item in history for o in observations(item, packaged.quality.rates)), "history"
    )
    entries = [entry for path, fmt in LISTS for entry in read_watchlist(next_list(path), fmt).entries]
    reference = dataclasses.replace(packaged, bands=bands, screener=Screener(entries))
    now = as_of_before_departures(items)
    started = time.perf_counter()
    assessments = assess(items, now=now, reference=reference)
    seconds = time.perf_counter() - started
    codes = (*FOUND_WITHOUT_LISTS, Code.UNDERVALUATION, Code.WATCHLIST_MATCH)
    result = evaluate(truth, assessments, codes)
    arrival = evaluate(truth, assess(items, now=now, reference=reference, stage="arrival"), codes)
    lines = [
        "# Quality and risk stages on generated traffic",
        "",
        "Produced by `make eval-quality` "
        f"(`python -m bench.quality --items {options.items} --seed {options.seed}`) "
        f"on {dt.date.today().isoformat()}: {result.items:,} generated items assessed as of "
        f"{now.isoformat()} (before any item departs), with value bands learned from "
        f"{options.history_items:,} clean items of seed {options.seed + 1} "
        f"standing in for the store's history, and {len(entries):,} watchlist entries loaded "
        "(UN consolidated list and OFAC SDN, the copies in ../shared).",
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
        "The same items decided at the arrival stage (`--stage arrival`), packaged decision policy:",
        "",
        f"- items with a risk reason that were released all the same: {arrival.risky_released:,}",
        f"- clean items not released, apart from the random share: {arrival.clean_held:,}",
        f"- items chosen at random for inspection (RANDOM_SELECTION): {arrival.randomly_selected:,} "
        f"({arrival.randomly_selected / arrival.items:.2%})",
        "",
        f"Pipeline in-process, one thread, lists loaded: {result.items / seconds:,.0f} items/s "
        f"({seconds:.2f} s).",
        "",
    ]
    publish(lines, options.out)


if __name__ == "__main__":
    main()
