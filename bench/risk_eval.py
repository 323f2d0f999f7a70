"""Evaluate the learned risk model on the KCS import declarations: `make eval-risk`.

The measurement is on data the models never saw: both train on df_syn_train_eng.csv (2020)
and are scored on df_syn_valid_eng.csv (2021 Q1, after it), label `Fraud`:

- ours: `clearpost.risk.learned.train` (LightGBM on the fixed feature set, time-aware histories;
  the last fifth of 2020 held out for early stopping and calibration, then refitted on 2020);
- the baseline: a plain XGBoost on the raw columns, label-encoded (every column but the
  declaration id, the date and the labels), trained and scored in the same run.

Precision/Recall/Revenue at 1, 2, 5 and 10 % with 95 % bootstrap intervals (1,000 resamples of
the valid declarations, the same resamples for both models). Revenue is the tax at stake in a
fraudulent declaration, Item Price × Tax Rate / 100 (KRW): the data has no recovered amount.

Choices were made on 2020 alone (train on January-October, measure on November-December):
the selection table shows them. Finally the product model is trained on 2020 + 2021 Q1 and
written to var/models/kcs-fraud.model (`clearpost model activate` it). Writes
docs/risk-evaluation.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import os
import platform
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench import publish
from clearpost import formats
from clearpost.model import Item
from clearpost.quality.rates import ExchangeRates
from clearpost.risk.learned import PARAMS, RiskModel, revenue, train
from clearpost.risk.metrics import SHARES, bootstrap, interval, ranking_metrics

ROOT = Path(__file__).resolve().parents[1]
KCS = ROOT.parent / "shared" / "data" / "kcs"
TRAIN, VALID = "df_syn_train_eng.csv", "df_syn_valid_eng.csv"
LABEL = "Fraud"
NOT_FEATURES = ("Declaration ID", "Date", "Fraud", "Critical Fraud")
NUMBERS = ("Net Mass", "Item Price", "Tax Rate")
SELECTION_CUT = "2020-11-01"
RESAMPLES = 1000
BASELINES: dict[str, dict[str, Any]] = {
    "XGBoost defaults (100 trees, depth 6, eta 0.3)": {},
    "XGBoost 300 trees, depth 6, eta 0.1": {"n_estimators": 300, "learning_rate": 0.1},
    "XGBoost 500 trees, depth 8, eta 0.05": {"n_estimators": 500, "max_depth": 8, "learning_rate": 0.05},
}
"""The baseline's candidate settings; the one best on the 2020 selection split is used."""


class Declarations:
    """One KCS file, as rows (for the baseline) and as items (for ours), in file order."""

    def __init__(self, rows: list[dict[str, str]], items: list[Item]) -> None:
        self.rows, self.items = rows, items
        self.labels = np.array([int(row[LABEL]) for row in rows])
        self.dates = [item.posting_date for item in items if item.posting_date]
        self.at_stake = revenue(items)

    @classmethod
    def read(cls, name: str) -> Declarations:
        path = KCS / name
        with path.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        records = formats.read(path.read_bytes(), filename=name, mapping="kcs").records
        items = [record for record in records if isinstance(record, Item)]
        assert len(items) == len(rows), f"{name}: {len(items)} items for {len(rows)} rows"
        return cls(rows, items)

    def split(self, before: str) -> tuple[Declarations, Declarations]:
        early = [i for i, row in enumerate(self.rows) if row["Date"] < before]
        late = [i for i, row in enumerate(self.rows) if row["Date"] >= before]
        return self.take(early), self.take(late)

    def take(self, rows: Sequence[int]) -> Declarations:
        return Declarations([self.rows[i] for i in rows], [self.items[i] for i in rows])

    def __add__(self, other: Declarations) -> Declarations:
        return Declarations(self.rows + other.rows, self.items + other.items)


def ours(
    training: Declarations, rates: ExchangeRates, **options: Any
) -> tuple[RiskModel, Callable[[Declarations], np.ndarray]]:
    model = train(
        training.items,
        training.labels.tolist(),
        training.dates,
        rates=rates,
        label=LABEL,
        created_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        data=options.pop("data", "KCS"),
        **options,
    )
    return model, lambda test: model.score(test.items, rates=rates, day=test.dates[-1].date())


def baseline(training: Declarations, settings: dict[str, Any]) -> Callable[[Declarations], np.ndarray]:
    """XGBoost on the raw columns: categories label-encoded in order of first appearance."""
    import xgboost

    columns = [name for name in training.rows[0] if name not in NOT_FEATURES]
    codes: dict[str, dict[str, int]] = {name: {} for name in columns if name not in NUMBERS}

    def matrix(rows: list[dict[str, str]], learn: bool) -> np.ndarray:
        table = np.empty((len(rows), len(columns)))
        for j, name in enumerate(columns):
            if name in NUMBERS:
                table[:, j] = [float(row[name] or "nan") for row in rows]
                continue
            known = codes[name]
            if learn:
                for row in rows:
                    known.setdefault(row[name], len(known))
            table[:, j] = [known.get(row[name], np.nan) for row in rows]
        return table

    fitted = xgboost.XGBClassifier(n_jobs=2, random_state=0, **settings)
    fitted.fit(matrix(training.rows, learn=True), training.labels)
    return lambda test: np.asarray(fitted.predict_proba(matrix(test.rows, learn=False))[:, 1])


def table(figures: dict[str, dict[str, float]], names: Sequence[str]) -> list[str]:
    lines = ["| | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for model, values in figures.items():
        lines.append(f"| {model} | " + " | ".join(f"{values[name]:.3f}" for name in names) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "risk-evaluation.md")
    parser.add_argument("--model-out", type=Path, default=ROOT / "var" / "models" / "kcs-fraud.model")
    options = parser.parse_args()
    started = time.perf_counter()
    rates = ExchangeRates.from_ecb()
    year, quarter = Declarations.read(TRAIN), Declarations.read(VALID)
    print(f"read {len(year.rows):,} + {len(quarter.rows):,} declarations", flush=True)

    # ---- selection, on 2020 alone
    early, late = year.split(SELECTION_CUT)
    selection: dict[str, dict[str, float]] = {}
    for name, settings in (
        ("ours (shipped settings)", {}),
        ("ours, not refitted on the whole period", {"refit": False}),
        ("ours, eta 0.1, up to 300 trees", {"params": {"learning_rate": 0.1}, "max_rounds": 300}),
        (
            "ours, 31 leaves, eta 0.05, up to 500 trees",
            {"params": {"num_leaves": 31, "learning_rate": 0.05}, "max_rounds": 500},
        ),
    ):
        _, score = ours(early, rates, **settings)
        selection[name] = ranking_metrics(late.labels, score(late), late.at_stake)
        print(f"selection: {name}: P@5 {selection[name]['precision@5']:.3f}", flush=True)
    for name, settings in BASELINES.items():
        selection[name] = ranking_metrics(late.labels, baseline(early, settings)(late), late.at_stake)
        print(f"selection: {name}: P@5 {selection[name]['precision@5']:.3f}", flush=True)
    chosen = max(
        BASELINES, key=lambda name: (selection[name]["precision@5"], selection[name]["precision@10"])
    )

    # ---- the measurement: train on 2020, score 2021 Q1
    clock = time.perf_counter()
    model, score = ours(year, rates, data=f"{TRAIN} (mapping kcs)")
    trained_in = time.perf_counter() - clock
    clock = time.perf_counter()
    xgb = baseline(year, BASELINES[chosen])
    baseline_in = time.perf_counter() - clock
    scores = {"ours (LightGBM, clearpost.risk)": score(quarter), f"baseline: {chosen}": xgb(quarter)}
    figures = {name: ranking_metrics(quarter.labels, s, quarter.at_stake) for name, s in scores.items()}
    samples = {
        name: bootstrap(quarter.labels, s, quarter.at_stake, resamples=RESAMPLES, seed=2021)
        for name, s in scores.items()
    }
    ours_name, xgb_name = list(scores)
    at_stake = quarter.at_stake if quarter.at_stake is not None else np.zeros(len(quarter.rows))
    by_value = ranking_metrics(quarter.labels, scores[ours_name] * at_stake, quarter.at_stake)
    speed = scoring_speed(model, quarter, rates)

    # ---- the product: 2020 + 2021 Q1
    product, _ = ours(year + quarter, rates, data=f"{TRAIN} + {VALID} (mapping kcs)")
    options.model_out.parent.mkdir(parents=True, exist_ok=True)
    options.model_out.write_bytes(product.to_bytes())

    positives = int(quarter.labels.sum())
    lines = [
        "# Learned risk model on the KCS import declarations",
        "",
        f"Produced by `make eval-risk` on {dt.date.today().isoformat()} "
        f"({platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
        f"{time.perf_counter() - started:.0f} s in all). Trained on {TRAIN} "
        f"({len(year.rows):,} declarations of 2020, {int(year.labels.sum()):,} frauds), measured on "
        f"{VALID} ({len(quarter.rows):,} declarations of 2021 Q1, {positives:,} frauds), which neither "
        "model saw. Label `Fraud`. Revenue = Item Price × Tax Rate / 100 of the frauds (KRW): the tax at "
        "stake, the data holding no recovered amount. For comparison, the dataset's authors published "
        "P@5% 0.762 (LightGBM) and 0.675 (XGBoost); a plain label-encoded XGBoost is known to reach "
        "about 0.84 on these files.",
        "",
        f"## Precision at n % inspected, with 95 % bootstrap intervals ({RESAMPLES:,} resamples)",
        "",
    ]
    for short, figure in (("P", "precision"), ("R", "recall"), ("Rev", "revenue")):
        if figure != "precision":
            lines.append("")
        lines.append("| model | " + " | ".join(f"{short}@{n}%" for n in SHARES) + " |")
        lines.append("|---|" + "---:|" * len(SHARES))
        for name in scores:
            cells = [cell(figures[name], samples[name], f"{figure}@{n}") for n in SHARES]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    difference = samples[ours_name]["precision@5"] - samples[xgb_name]["precision@5"]
    low, high = interval(difference)
    gap = figures[ours_name]["precision@5"] - figures[xgb_name]["precision@5"]
    lines += [
        "",
        f"Ours minus the baseline, P@5% (paired resamples): **{gap:+.3f}** [{low:+.3f}, {high:+.3f}]; "
        f"ours is at least as good in {np.mean(difference >= 0):.1%} of the resamples.",
        "",
        "Ranked by expected revenue instead (probability × tax at stake, what targeting by value does): "
        + ", ".join(f"Rev@{n}% {by_value[f'revenue@{n}']:.3f}" for n in SHARES)
        + ", "
        + ", ".join(f"P@{n}% {by_value[f'precision@{n}']:.3f}" for n in SHARES)
        + ".",
        "",
        f"Training: ours {trained_in:.1f} s ({model.card.rounds} trees; held out "
        f"{model.card.holdout.start} to {model.card.holdout.end}, {model.card.holdout.rows:,} declarations: "
        f"held-out P@5% {model.card.metrics['precision@5']:.3f}, AUC {model.card.metrics['auc']:.3f}, "
        f"Brier {model.card.metrics['brier']:.3f}; alert threshold {model.card.threshold:.3f}); "
        f"baseline {baseline_in:.1f} s.",
        "",
        f"Scoring in batch ({speed['items']:,} items, one thread): features and probability "
        f"**{speed['score']:.1f} µs per item**; with MODEL_SCORE reasons and their explanations "
        f"(SHAP values of the {speed['alerts']:.1%} of items at or above the threshold) "
        f"{speed['findings']:.1f} µs per item.",
        "",
        "## Choices, made on 2020 alone",
        "",
        f"Trained on 2020 before {SELECTION_CUT}, measured on 2020 from {SELECTION_CUT} "
        f"({len(late.rows):,} declarations). The baseline used above is the best XGBoost here: {chosen}.",
        "",
        *table(selection, [f"precision@{n}" for n in SHARES]),
        "",
        f"Shipped LightGBM parameters: {', '.join(f'{k}={v}' for k, v in PARAMS.items() if k != 'verbose')}.",
        "",
        "## The product model",
        "",
        f"`{shown(options.model_out)}`: "
        f"model {product.model_id}, trained on {product.card.data}: {product.card.training.rows:,} "
        f"declarations from {product.card.training.start} to {product.card.training.end} "
        f"({product.card.training.positives:,} frauds); held out from {product.card.holdout.start} "
        f"for calibration: P@5% {product.card.metrics['precision@5']:.3f}; {product.card.rounds} trees; "
        f"alert threshold {product.card.threshold:.3f}. Activate it with `clearpost model activate "
        f"{shown(options.model_out)}`; `clearpost model show` prints its card.",
    ]
    publish(lines, options.out)


def shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def cell(point: dict[str, float], samples: dict[str, np.ndarray], name: str) -> str:
    low, high = interval(samples[name])
    return f"{point[name]:.3f} [{low:.3f}, {high:.3f}]"


def scoring_speed(model: RiskModel, test: Declarations, rates: ExchangeRates) -> dict[str, float]:
    """Time per item of scoring a large batch (the valid declarations, five times over)."""
    batch = test.items * 5
    day = test.dates[-1].date()
    timings: dict[str, float] = {"items": len(batch)}
    gc.disable()
    try:
        for name in ("score", "findings"):
            best = min(
                _timed(lambda n=name: getattr(model, n)(batch, rates=rates, day=day)) for _ in range(3)
            )
            timings[name] = best / len(batch) * 1e6
    finally:
        gc.enable()
    timings["alerts"] = float(np.mean(model.score(batch, rates=rates, day=day) >= model.threshold))
    return timings


def _timed(work: Callable[[], object]) -> float:
    clock = time.perf_counter()
    work()
    return time.perf_counter() - clock


if __name__ == "__main__":
    main()
