"""Done-when of the foundation: 10,000 generated items survive every format and come back the same."""

from itertools import islice

import pytest

from clearpost import formats
from clearpost.formats import ItemFormat
from clearpost.generate import generate
from clearpost.model import Item


@pytest.fixture(scope="module")
def generated() -> list[Item]:
    return [entry.item for entry in islice(generate(10_000, seed=20261128), 10_000)]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "cusitm", "itmatt", "csv"])
def test_generated_items_round_trip(generated: list[Item], fmt: ItemFormat) -> None:
    written = formats.write(generated, fmt)
    assert formats.detect(written) == fmt or fmt == "csv"
    back = formats.read(written, fmt).records
    assert len(back) == len(generated)
    mismatches = [
        index for index, (left, right) in enumerate(zip(generated, back, strict=True)) if left != right
    ]
    assert not mismatches, (
        f"{len(mismatches)} items differ, first {generated[mismatches[0]]} → {back[mismatches[0]]}"
    )


def test_xlsx_round_trip(generated: list[Item]) -> None:
    sample = generated[:500]
    assert formats.read(formats.write(sample, "xlsx"), "xlsx").records == sample
