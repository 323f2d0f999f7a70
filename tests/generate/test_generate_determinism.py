"""The output depends only on (count, seed, rates): never on the clock, hash seeds or the count itself."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearpost.formats.canonical import write_jsonl
from clearpost.generate import DefectRates, GeneratedItem, generate
from clearpost.model import Code


def _bytes(generated: list[GeneratedItem]) -> bytes:
    return write_jsonl([g.item for g in generated])


def test_same_arguments_give_the_same_bytes() -> None:
    first, second = list(generate(1500, 7)), list(generate(1500, 7))
    assert _bytes(first) == _bytes(second)
    assert [g.truth() for g in first] == [g.truth() for g in second]


def test_different_seeds_give_different_items() -> None:
    first, second = list(generate(50, 1)), list(generate(50, 2))
    assert all(a.item.item_id != b.item.item_id for a, b in zip(first, second, strict=True))


def test_rates_change_the_output() -> None:
    assert _bytes(list(generate(200, 3))) != _bytes(list(generate(200, 3, DefectRates.none())))


def test_the_first_items_do_not_depend_on_the_count() -> None:
    long, short = list(generate(3000, 11)), list(generate(700, 11))
    assert _bytes(short) == _bytes(long[:700])
    for index, (cut, full) in enumerate(zip(short, long, strict=False)):
        if cut.codes != full.codes or cut.truth_detail != full.truth_detail:
            # only a split group that the shorter run cuts off: its truth follows what the output holds
            assert full.codes == [Code.SPLIT_SHIPMENT], index
            members = [
                g
                for g in short
                if g.truth_detail.get(Code.SPLIT_SHIPMENT, {}).get("group")
                == full.truth_detail[Code.SPLIT_SHIPMENT]["group"]
            ]
            assert cut.codes == [] or len(members) >= 2, index


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**63), count=st.integers(min_value=0, max_value=120))
def test_any_prefix_is_a_prefix(seed: int, count: int) -> None:
    longer = list(generate(count + 40, seed))
    assert _bytes(list(generate(count, seed))) == _bytes(longer[:count])


def test_neither_the_hash_seed_nor_the_clock_matter() -> None:
    script = (
        "import hashlib, sys; from clearpost.generate import generate; "
        "from clearpost.formats.canonical import write_jsonl; "
        "sys.stdout.write(hashlib.sha256(write_jsonl([g.item for g in generate(400, 5)])).hexdigest())"
    )
    environment = {**os.environ, "PYTHONHASHSEED": "12345", "TZ": "Pacific/Kiritimati"}
    digest = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    ).stdout
    assert digest == hashlib.sha256(_bytes(list(generate(400, 5)))).hexdigest()


def test_zero_items_and_negative_counts() -> None:
    assert list(generate(0, 1)) == []
    try:
        generate(-1, 1)
    except ValueError:
        return
    raise AssertionError("a negative count must be refused")


def test_a_split_group_cut_by_the_count_is_true_to_the_output() -> None:
    long = list(generate(2000, 13))
    groups: dict[str, list[int]] = {}
    for index, generated in enumerate(long):
        if Code.SPLIT_SHIPMENT in generated.codes:
            groups.setdefault(generated.truth_detail[Code.SPLIT_SHIPMENT]["group"], []).append(index)
    members = next(positions for positions in groups.values() if len(positions) == 2)
    short = list(generate(members[1], 13))  # the second member falls just outside
    assert short[members[0]].item == long[members[0]].item
    assert short[members[0]].codes == []
    three = next((positions for positions in groups.values() if len(positions) >= 3), None)
    if three is not None:
        cut = list(generate(three[-1], 13))
        kept = [cut[position] for position in three[:-1]]
        assert all(g.codes == [Code.SPLIT_SHIPMENT] for g in kept)
        assert all(g.truth_detail[Code.SPLIT_SHIPMENT]["members"] == len(three) - 1 for g in kept)
