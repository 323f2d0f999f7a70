"""Evaluate watchlist screening: `make eval-screening`.

- name pairs (eval/screening/name_pairs.csv): precision, recall and F1 at the default threshold;
- spelling variants of UN-listed persons (eval/screening/un_variants.csv) screened against the UN
  list: the share that finds its own entry, overall and for names in another script;
- 10,000 ordinary names (eval/screening/ordinary_names.csv): the share with any hit (false hits);
- time per pair and per screened name. Writes docs/screening-evaluation.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import time
from pathlib import Path

from bench import publish
from clearpost.risk.matching import score_pair
from clearpost.risk.screening import THRESHOLD, Screener
from clearpost.risk.watchlists import read_watchlist

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "eval" / "screening"
UN = ROOT.parent / "shared" / "data" / "sanctions" / "un_consolidated" / "UN_consolidated_2026-02-27.xml"


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screening-evaluation.md")
    options = parser.parse_args()
    lines = [
        "# Watchlist screening",
        "",
        f"Produced by `make eval-screening` on {dt.date.today().isoformat()}; default threshold {THRESHOLD}.",
        "",
    ]
    pairs = rows("name_pairs.csv") if (DATA / "name_pairs.csv").exists() else []
    if pairs:
        started = time.perf_counter()
        scores = [score_pair(p["left"], p["right"], p.get("schema", "Person") != "Person") for p in pairs]
        per_pair = (time.perf_counter() - started) / len(pairs) * 1000
        truth = [p["match"].strip().lower() in ("1", "true", "yes") for p in pairs]
        predicted = [s >= THRESHOLD for s in scores]
        tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
        precision = tp / max(sum(predicted), 1)
        recall = tp / max(sum(truth), 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        lines += [
            f"Name pairs ({len(pairs)}, {sum(truth)} matches): "
            f"precision {precision:.3f}, recall {recall:.3f}, "
            f"**F1 {f1:.3f}**; {per_pair:.3f} ms per pair (names parsed fresh).",
            "",
            "| kind | pairs | correct |",
            "|---|---:|---:|",
        ]
        kinds: dict[str, list[bool]] = {}
        for pair, t, p in zip(pairs, truth, predicted, strict=True):
            kinds.setdefault(pair["kind"], []).append(t == p)
        for kind, results in sorted(kinds.items()):
            lines.append(f"| {kind} | {len(results)} | {sum(results) / len(results):.1%} |")
        lines.append("")
    screener = Screener(read_watchlist(UN, "un-xml").entries)
    variants = rows("un_variants.csv")
    started = time.perf_counter()
    found = [
        any(hit.match and hit.entry_id == v["entry_id"] for hit in screener.screen(v["variant"]))
        for v in variants
    ]
    per_name = (time.perf_counter() - started) / len(variants) * 1000
    other_script = [f for f, v in zip(found, variants, strict=True) if v["script"] != "Latn"]
    lines += [
        f"Spelling variants of UN-listed persons ({len(variants)}) screened against the UN list: "
        f"**{sum(found) / len(found):.1%}** find their entry; written in another script "
        f"({len(other_script)}): **{sum(other_script) / max(len(other_script), 1):.1%}**.",
        "",
    ]
    by_variation: dict[str, list[bool]] = {}
    for f, v in zip(found, variants, strict=True):
        by_variation.setdefault(v["variation"], []).append(f)
    lines += ["| variation | names | found |", "|---|---:|---:|"]
    for variation, results in sorted(by_variation.items()):
        lines.append(f"| {variation} | {len(results)} | {sum(results) / len(results):.1%} |")
    ordinary = rows("ordinary_names.csv")
    hits = [any(hit.match for hit in screener.screen(o["name"], country=o["country"])) for o in ordinary]
    lines += [
        "",
        f"Ordinary names, screened with their country ({len(ordinary)}, "
        f"{len({o['country'] for o in ordinary})} countries, "
        f"{len({o['script'] for o in ordinary})} scripts) with a hit on the UN list: "
        f"**{sum(hits) / len(hits):.2%}** ({sum(hits)}).",
        "",
        f"Screening one name against the UN list ({len(screener.names):,} names): {per_name:.2f} ms.",
        "",
    ]
    false_hits = [o["name"] for o, h in zip(ordinary, hits, strict=True) if h][:15]
    if false_hits:
        lines.append("First false hits: " + ", ".join(false_hits))
    publish(lines, options.out)


if __name__ == "__main__":
    main()
