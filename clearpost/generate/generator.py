"""The generation loop: which item carries which defect, and where split groups fall."""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

import msgspec

from clearpost.generate import splits
from clearpost.generate.defects import PLANTERS
from clearpost.generate.items import Builder
from clearpost.generate.rates import DefectRates
from clearpost.generate.reference import reference
from clearpost.model import Code, Item


class GeneratedItem(msgspec.Struct, frozen=True, gc=False):
    """An item and the truth about it: the finding codes planted in it, and how."""

    item: Item
    codes: list[str]
    """Contract §3 codes deliberately planted; empty for a clean item."""
    truth_detail: dict[str, Any]
    """Per planted code, where the defect sits and what it is (see docs/generator.md)."""

    def truth(self) -> dict[str, Any]:
        """The `--truth` line of `clearpost generate`, with the detail as an extra key."""
        return {"item_id": self.item.item_id, "codes": self.codes, "detail": self.truth_detail}


class _Run:
    def __init__(self, seed: int, rates: DefectRates) -> None:
        self.builder = Builder(random.Random(seed), reference())
        self.split_destinations = splits.split_destinations(self.builder)
        self.pending: dict[int, tuple[splits.SplitGroup, int]] = {}
        # Positions taken by later split members are not drawn, so the other codes (and the start of
        # a group) are drawn among the free positions with probabilities that keep the overall shares.
        split = rates.split_shipment
        free = 1.0 - split * (splits.MEAN_SIZE - 1) / splits.MEAN_SIZE
        self.codes: list[Code | None] = []
        weights: list[float] = []
        for code, rate in rates.by_code().items():
            if rate > 0:
                self.codes.append(code)
                weights.append(
                    rate / free if code != Code.SPLIT_SHIPMENT else split / splits.MEAN_SIZE / free
                )
        self.codes.append(None)
        self.cumulative = [*accumulate(weights), 1.0]

    def next(self, position: int, count: int) -> GeneratedItem:
        builder = self.builder
        planned = self.pending.pop(position, None)
        if planned is not None:
            return self._member(*planned, count)
        code = self.codes[bisect.bisect_right(self.cumulative, builder.rng.random())]
        if code is None:
            return GeneratedItem(builder.finish(builder.clean()), [], {})
        if code == Code.SPLIT_SHIPMENT:
            group = splits.plan(builder, position, set(self.pending), self.split_destinations)
            for number, later in enumerate(group.positions[1:], start=1):
                self.pending[later] = (group, number)
            return self._member(group, 0, count)
        item, detail = PLANTERS[code](builder)
        return GeneratedItem(item, [code.value], {code.value: detail})

    def _member(self, group: splits.SplitGroup, number: int, count: int) -> GeneratedItem:
        item, detail = splits.member(self.builder, group, number)
        emitted = sum(1 for position in group.positions if position < count)
        if emitted < 2:  # the rest of the group falls beyond the requested count: no split in the output
            return GeneratedItem(item, [], {})
        code = Code.SPLIT_SHIPMENT.value
        return GeneratedItem(item, [code], {code: {**detail, "members": emitted}})


def generate(count: int, seed: int, rates: DefectRates | None = None) -> Iterator[GeneratedItem]:
    """`count` synthetic items with defects planted at `rates` (default `DefectRates()`).

    Deterministic: the output depends only on the arguments, and the first n items of a run do not
    depend on `count` (only the truth of a split group cut short by `count` is adjusted to what the
    output really contains).
    """
    if count < 0:
        raise ValueError("count must not be negative")
    run = _Run(seed, rates if rates is not None else DefectRates())
    return (run.next(position, count) for position in range(count))
