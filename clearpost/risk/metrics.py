"""How well a risk score selects what to inspect: Precision, Recall and Revenue at n % (the share
of items an office can inspect), as customs fraud detection is measured (Kim et al., DATE, KDD
2020), with bootstrap confidence intervals: the top 5 % of a few thousand items is a small sample.

- precision@n: the share of positives among the top n % by score;
- recall@n: the share of all positives found there;
- revenue@n: the share of the revenue at stake in positives (e.g. the tax of fraudulent
  declarations) found there.

The top n % of N items is the first floor(N·n/100) items (at least one) by decreasing score;
ties keep the input order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SHARES = (1, 2, 5, 10)
"""Inspection rates, in % of the items."""
_CHUNK = 100
"""Bootstrap resamples measured at once (memory: a float per item and resample)."""


def top_count(total: int, share: float) -> int:
    """How many items the top `share` % of `total` items is."""
    return max(1, int(total * share / 100))


def ranking_metrics(
    labels: np.ndarray,
    scores: np.ndarray,
    revenue: np.ndarray | None = None,
    shares: Sequence[float] = SHARES,
) -> dict[str, float]:
    """precision@n and recall@n (and revenue@n when `revenue` is given) for each share."""
    weights = np.ones((1, len(labels)))
    return {name: float(value[0]) for name, value in _at(labels, scores, revenue, shares, weights).items()}


def bootstrap(
    labels: np.ndarray,
    scores: np.ndarray,
    revenue: np.ndarray | None = None,
    shares: Sequence[float] = SHARES,
    *,
    resamples: int = 1000,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """The metrics on `resamples` bootstrap resamples: items drawn with replacement (the scores
    are kept; the model is not retrained). The same seed and number of items draw the same
    resamples, so that two models' figures can be compared resample by resample."""
    rng = np.random.default_rng(seed)
    count = len(labels)
    chunks: list[dict[str, np.ndarray]] = []
    for start in range(0, resamples, _CHUNK):
        size = min(_CHUNK, resamples - start)
        drawn = [np.bincount(rng.integers(0, count, count), minlength=count) for _ in range(size)]
        chunks.append(_at(labels, scores, revenue, shares, np.array(drawn, dtype=float)))
    return {name: np.concatenate([chunk[name] for chunk in chunks]) for name in chunks[0]}


def interval(samples: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """The percentile interval of bootstrap samples."""
    tail = (1 - level) / 2 * 100
    return float(np.percentile(samples, tail)), float(np.percentile(samples, 100 - tail))


def _at(
    labels: np.ndarray,
    scores: np.ndarray,
    revenue: np.ndarray | None,
    shares: Sequence[float],
    weights: np.ndarray,
) -> dict[str, np.ndarray]:
    """The metrics for each row of `weights` (how often each item counts: 1 for the sample
    itself, bootstrap counts for a resample). An item at the cut counts in part."""
    if len(labels) != len(scores) or (revenue is not None and len(revenue) != len(labels)):
        raise ValueError("labels, scores and revenue must have one entry per item")
    if len(labels) == 0:
        raise ValueError("no items to measure")
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    positive = np.asarray(labels, dtype=float)[order]
    w = weights[:, order]
    before = np.cumsum(w, axis=1) - w
    found_all = (w * positive).sum(axis=1)
    if revenue is not None:
        at_stake = np.asarray(revenue, dtype=float)[order] * positive
        revenue_all = (w * at_stake).sum(axis=1)
    metrics: dict[str, np.ndarray] = {}
    for share in shares:
        k = top_count(len(labels), share)
        taken = np.clip(k - before, 0, w)
        found = (taken * positive).sum(axis=1)
        name = f"{share:g}"
        metrics[f"precision@{name}"] = found / k
        metrics[f"recall@{name}"] = np.divide(found, found_all, out=np.zeros_like(found), where=found_all > 0)
        if revenue is not None:
            caught = (taken * at_stake).sum(axis=1)
            metrics[f"revenue@{name}"] = np.divide(
                caught, revenue_all, out=np.zeros_like(caught), where=revenue_all > 0
            )
    return metrics
