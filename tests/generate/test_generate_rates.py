"""Each planted code appears at about its configured rate; the rates are validated."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from clearpost.generate import PLANTED_CODES, DefectRates, GeneratedItem, generate
from clearpost.model import Code


def _tolerance(expected: float) -> float:
    """Four binomial standard deviations, and a little slack for split groups cut by the count."""
    return 4 * math.sqrt(expected) + 5


def test_every_code_appears_at_about_its_rate(run: list[GeneratedItem]) -> None:
    counts = Counter(code for generated in run for code in generated.codes)
    rates = DefectRates().by_code()
    for code, rate in rates.items():
        expected = rate * len(run)
        assert abs(counts[code] - expected) <= _tolerance(expected), (code, counts[code], expected)
    defective = sum(1 for generated in run if generated.codes)
    assert abs(defective / len(run) - DefectRates().total) < 0.015


def test_each_defective_item_carries_one_code_with_its_detail(run: list[GeneratedItem]) -> None:
    for generated in run:
        assert len(generated.codes) <= 1
        assert set(generated.truth_detail) == set(generated.codes)
        assert set(generated.codes) <= {code.value for code in PLANTED_CODES}


def test_no_defects_at_all() -> None:
    assert not any(generated.codes for generated in generate(3000, 4, DefectRates.none()))


@pytest.mark.parametrize("code", [Code.VAGUE_DESCRIPTION, Code.SPLIT_SHIPMENT, Code.WATCHLIST_MATCH])
def test_a_single_code_at_a_chosen_rate(code: Code) -> None:
    rates = DefectRates.from_codes({code.value: 0.2}, base=DefectRates.none())
    counts = Counter(c for generated in generate(4000, 9, rates) for c in generated.codes)
    assert set(counts) == {code}
    assert abs(counts[code] - 800) <= _tolerance(800)


def test_rates_are_validated() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        DefectRates(missing_field=-0.1)
    with pytest.raises(ValueError, match="add up"):
        DefectRates.from_codes({"VAGUE_DESCRIPTION": 0.7, "MISSING_FIELD": 0.5})
    with pytest.raises(ValueError, match="cannot plant"):
        DefectRates.from_codes({"LATE_DATA": 0.1})
    assert DefectRates.none().total == 0
    assert 0.15 <= DefectRates().total <= 0.25
    assert all(0.01 <= rate <= 0.03 for rate in DefectRates().by_code().values())
