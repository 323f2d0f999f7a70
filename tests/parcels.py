"""Parcels of one order to one addressee, for the split-shipment tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from msgspec.structs import replace

from clearpost.identifiers import make_s10
from clearpost.model import Item, Money


def parcel(
    example_item: Item, serial: int, name: str, amount: str, days: int = 0, line: str = "8 rue des Lilas"
) -> Item:
    """The contract's example item, sent from China to `name` at `line`, worth `amount` EUR,
    posted `days` after the example."""
    assert example_item.addressee is not None and example_item.addressee.address is not None
    assert example_item.posting_date is not None
    value = Money(amount=Decimal(amount), currency="EUR")
    address = replace(example_item.addressee.address, lines=[line])
    return replace(
        example_item,
        item_id=make_s10("CP", serial, "CN"),
        origin_country="CN",
        origin_post="CNA",
        ioss_number=None,
        posting_date=example_item.posting_date + dt.timedelta(days=days),
        addressee=replace(example_item.addressee, name=name, address=address),
        contents=[replace(example_item.contents[0], value=value, origin_country="CN")],
        total_value=value,
        gross_weight_kg=0.6,
    )
