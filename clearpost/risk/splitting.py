"""Split shipments: one order cut into several parcels to the same person, each under the
destination's threshold, together above it. Items are bucketed by destination, postcode (or
city) and house number; within a bucket, addressees whose names match (`matching.py`: "J. Dupont",
"DUPONT Jean") and whose items were posted within a few days of each other form a group; a group
worth more than the threshold, whose items are each under it, is a split shipment.

Groups are found inside one batch (one `assess` run or one message) and, when ingesting, with
the items stored earlier for the same addresses (`earlier_parcels`, kept by the store); only the
batch's items get the reason: the earlier ones were answered when they came."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Final

from clearpost.model import Code, Finding, Item
from clearpost.quality.profiles import Amount
from clearpost.risk.matching import name_similarity
from clearpost.risk.names import parse_name

WINDOW = dt.timedelta(days=5)
SAME_PERSON = 0.8
_NUMBER = re.compile(r"\d+")


class Parcel:
    """One per item: a plain class with read-only attributes, as `quality.context.Context`."""

    __slots__ = ("index", "item", "threshold", "threshold_eur", "value_eur")

    def __init__(
        self, index: int, item: Item, value_eur: float, threshold_eur: float, threshold: Amount
    ) -> None:
        self.index: Final = index
        """Position in the batch; -1 for an item stored earlier."""
        self.item: Final = item
        self.value_eur: Final = value_eur
        self.threshold_eur: Final = threshold_eur
        self.threshold: Final = threshold


def bucket_of(item: Item) -> str | None:
    """Where the item goes, as one key: destination, postcode (or city) and house number. Only
    items of the same bucket are compared; the store keeps it to find earlier items."""
    bucket = _bucket(item)
    return "|".join(bucket) if bucket else None


def _bucket(item: Item) -> tuple[str, str, str] | None:
    party = item.addressee
    address = party.address if party else None
    if address is None or not item.destination_country:
        return None
    place = (address.postcode or address.city or "").replace(" ", "").casefold()
    number = _NUMBER.search(address.lines[0]) if address.lines else None
    return item.destination_country, place, number.group(0) if number else ""


def _parent(parents: list[int], node: int) -> int:
    while parents[node] != node:
        parents[node] = parents[parents[node]]
        node = parents[node]
    return node


def split_shipments(parcels: Sequence[Parcel]) -> dict[int, Finding]:
    """A SPLIT_SHIPMENT reason per item (by batch position) of each split group."""
    buckets: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for position, parcel in enumerate(parcels):
        key = _bucket(parcel.item)
        if key is not None:
            buckets[key].append(position)
    parents = list(range(len(parcels)))
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if _same_order(parcels[a].item, parcels[b].item):
                    parents[_parent(parents, a)] = _parent(parents, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for position in range(len(parcels)):
        groups[_parent(parents, position)].append(position)
    reasons: dict[int, Finding] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        threshold = parcels[members[0]].threshold_eur
        total = sum(parcels[m].value_eur for m in members)
        if total <= threshold or any(parcels[m].value_eur > threshold for m in members):
            continue
        ids = [parcels[m].item.item_id for m in members]
        limit = parcels[members[0]].threshold
        for m in (m for m in members if parcels[m].index >= 0):
            reasons[parcels[m].index] = Finding(
                code=Code.SPLIT_SHIPMENT,
                field="addressee",
                severity="warning",
                message=(
                    f"This item is one of {len(members)} sent to the same addressee within "
                    f"{WINDOW.days} days, worth about EUR {total:.2f} together: above the "
                    f"{limit.amount} {limit.currency} threshold that each stays under."
                ),
                detail={
                    "group": ids,
                    "value_eur": round(total, 2),
                    "threshold": {"amount": str(limit.amount), "currency": limit.currency},
                },
                source="rule",
            )
    return reasons


def _same_order(a: Item, b: Item) -> bool:
    if a.posting_date and b.posting_date and abs(a.posting_date - b.posting_date) > WINDOW:
        return False
    name_a = a.addressee.name if a.addressee else None
    name_b = b.addressee.name if b.addressee else None
    if not name_a or not name_b:
        return False
    return name_similarity(parse_name(name_a), parse_name(name_b)) >= SAME_PERSON
