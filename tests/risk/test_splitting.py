"""Split shipments inside a batch: one order cut to stay under the destination's threshold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from msgspec.structs import replace

from clearpost.identifiers import make_s10
from clearpost.model import Item, Money
from clearpost.pipeline import assess
from clearpost.reference import Reference

BEFORE = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC)


def parcel(
    example_item: Item, serial: int, name: str, amount: str, days: int = 0, line: str = "8 rue des Lilas"
) -> Item:
    value = Money(amount=Decimal(amount), currency="EUR")
    address = replace(example_item.addressee.address, lines=[line])
    return replace(
        example_item,
        item_id=make_s10("CP", serial, "CN"),
        origin_country="CN",
        origin_post="CNA",
        ioss_number=None,
        posting_date=example_item.posting_date + dt.timedelta(days=days)
        if example_item.posting_date
        else None,
        addressee=replace(example_item.addressee, name=name, address=address),
        contents=[replace(example_item.contents[0], value=value, origin_country="CN")],
        total_value=value,
        gross_weight_kg=0.6,
    )


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
        assert assessment.outcome == "RELEASE"  # a revenue matter: flagged, not held
    assert other.risk.reasons == []


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
