"""Dangerous goods from descriptions and HS codes; what they do to the answer before loading."""

from __future__ import annotations

import datetime as dt

import pytest
from msgspec.structs import replace

from clearpost.model import Item
from clearpost.pipeline import assess
from clearpost.reference import Reference
from clearpost.risk.goods import load_goods_lexicon


@pytest.mark.parametrize(
    ("description", "hs_code", "hazard_class"),
    [
        ("Power bank 20000mAh fast charging", None, "9"),
        ("18650 lithium battery cells, pack of 4", None, "9"),
        ("Hairspray aerosol 400 ml", None, "2"),
        ("Eau de parfum 100 ml", None, "3"),
        ("Sparklers for birthday cake", None, "1"),
        ("Cosmetic set", "330300", "3"),  # the HS code says perfume
    ],
)
def test_goods_that_may_not_travel_by_post(description: str, hs_code: str | None, hazard_class: str) -> None:
    hazard = load_goods_lexicon().hazard(description, hs_code)
    assert hazard is not None and hazard.hazard_class == hazard_class


@pytest.mark.parametrize(
    "description",
    ["Smartphone with lithium battery", "Bluetooth speaker with battery pack", "Acrylic paint set for kids"],
)
def test_admitted_goods_are_not_flagged(description: str) -> None:
    assert load_goods_lexicon().hazard(description, None) is None


def test_suspected_dangerous_goods_are_screened_before_loading(
    reference: Reference, example_item: Item
) -> None:
    lines = [replace(example_item.contents[0], description="Power bank 20000 mAh", hs_code="850760")]
    item = replace(example_item, contents=[*lines, example_item.contents[1]])
    before = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC)
    (pre_loading,) = assess([item], now=before, reference=reference)
    (arrival,) = assess([item], now=before, reference=reference, stage="arrival")
    assert (pre_loading.outcome, arrival.outcome) == ("SCREEN_HRCM", "HOLD")
    (reason,) = arrival.risk.reasons
    assert (reason.code, reason.field, reason.source) == (
        "DANGEROUS_GOODS",
        "contents[0].description",
        "rule",
    )
