"""Split shipments inside a batch: one order cut to stay under the destination's threshold."""

from __future__ import annotations

import datetime as dt

from parcels import parcel

from clearpost.model import Item
from clearpost.pipeline import assess
from clearpost.reference import Reference

BEFORE = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC)


def test_an_order_split_under_the_eu_threshold_is_found(reference: Reference, example_item: Item) -> None:
    items = [
        parcel(example_item, 1, "Lucie Martin", "95.00"),
        parcel(example_item, 2, "L. Martin", "90.00", days=2, line="8, rue des Lilas"),
        parcel(example_item, 3, "MARTIN Lucie", "80.00", days=3),
        parcel(example_item, 4, "Paul Girard", "120.00"),  # the same house, another person
    ]
    first, second, third, other = assess(items, now=BEFORE, reference=reference, stage="arrival")
    for assessment in (first, second, third):
        (reason,) = [r for r in assessment.risk.reasons if r.code == "SPLIT_SHIPMENT"]
        assert reason.detail is not None and len(reason.detail["group"]) == 3
        assert reason.detail["threshold"] == {"amount": "150", "currency": "EUR"}
    # a revenue matter: referred to inspection, within the day's capacity (one of four items);
    # the referrals beyond it are held for a documentary check
    assert sorted(a.outcome for a in (first, second, third)) == ["HOLD", "HOLD", "INSPECT"]
    assert (other.risk.reasons, other.outcome) == ([], "RELEASE")


def test_items_far_apart_in_time_or_under_the_threshold_together_are_not(
    reference: Reference, example_item: Item
) -> None:
    late = [
        parcel(example_item, 1, "Lucie Martin", "95.00"),
        parcel(example_item, 2, "Lucie Martin", "90.00", days=9),
    ]
    small = [
        parcel(example_item, 3, "Lucie Martin", "40.00"),
        parcel(example_item, 4, "Lucie Martin", "50.00"),
    ]
    for batch in (late, small):
        assert all(
            a.risk.reasons == [] for a in assess(batch, now=BEFORE, reference=reference, stage="arrival")
        )
