"""Precision, recall and revenue at n % inspected, and their bootstrap intervals."""

from __future__ import annotations

import numpy as np
import pytest

from clearpost.risk.metrics import bootstrap, interval, ranking_metrics, top_count


def test_the_top_n_percent_is_counted_down_from_the_best_score() -> None:
    assert [top_count(200, share) for share in (1, 2, 5, 10)] == [2, 4, 10, 20]
    assert top_count(30, 1) == 1  # at least one item
    labels = np.array([1, 0, 1, 1, 0] + [0] * 95)
    scores = np.array([0.9, 0.95, 0.8, 0.1, 0.85] + [0.5] * 95)
    revenue = np.array([10.0, 99.0, 30.0, 60.0, 99.0] + [1.0] * 95)
    figures = ranking_metrics(labels, scores, revenue, shares=(2, 5))
    # top 2: 0.95 (no), 0.9 (yes); top 5: also 0.85 (no), 0.8 (yes) and the first 0.5 (no)
    assert figures == {
        "precision@2": 0.5,
        "recall@2": pytest.approx(1 / 3),
        "revenue@2": pytest.approx(10 / 100),
        "precision@5": 0.4,
        "recall@5": pytest.approx(2 / 3),
        "revenue@5": pytest.approx(40 / 100),
    }
    assert "revenue@5" not in ranking_metrics(labels, scores, shares=(5,))


def test_bootstrap_intervals_surround_the_figure_and_pair_two_models() -> None:
    rng = np.random.default_rng(1)
    labels = (rng.random(2000) < 0.2).astype(int)
    good = labels + rng.normal(0, 0.5, 2000)
    poor = labels + rng.normal(0, 2.0, 2000)
    point = ranking_metrics(labels, good)["precision@5"]
    samples = bootstrap(labels, good, resamples=300, seed=7)
    low, high = interval(samples["precision@5"])
    assert low < point < high and high - low < 0.2
    assert len(samples["precision@5"]) == 300
    again = bootstrap(labels, poor, resamples=300, seed=7)
    assert np.mean(samples["precision@5"] - again["precision@5"] > 0) > 0.95  # same resamples: paired
    repeated = bootstrap(labels, good, resamples=300, seed=7)
    np.testing.assert_array_equal(repeated["recall@1"], samples["recall@1"])


def test_measuring_nothing_is_an_error() -> None:
    with pytest.raises(ValueError, match="no items"):
        ranking_metrics(np.array([]), np.array([]))
    with pytest.raises(ValueError, match="one entry per item"):
        ranking_metrics(np.array([1, 0]), np.array([0.5]))
