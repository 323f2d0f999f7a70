import datetime as dt

from msgspec.structs import replace

from clearpost.model import Cancellation, Item
from clearpost.pipeline import assess
from clearpost.reference import Reference

NOW = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC)


def test_an_invalid_id_rejects_its_item_and_the_rest_goes_on(
    example_item: Item, reference: Reference
) -> None:
    bad = replace(example_item, item_id="RR473124828GB")
    first, second = assess([bad, example_item], reference=reference, now=NOW)
    assert (first.status, first.outcome) == ("rejected", "REJECTED_DATA")
    assert [error.code for error in first.errors] == ["INVALID_ITEM_ID"]
    assert first.errors[0].field == "item_id" and "check digit" in first.errors[0].message
    assert (second.status, second.errors) == ("accepted", [])


def test_stage_follows_the_transport_data_and_the_clock(example_item: Item, reference: Reference) -> None:
    # the example departs 2026-11-21T07:40Z
    assert assess([example_item], reference=reference, now=NOW)[0].stage == "pre_loading"
    assert assess([example_item], reference=reference, now=NOW)[0].outcome == "ASSESSMENT_COMPLETE"
    later = NOW + dt.timedelta(hours=2)
    assert assess([example_item], reference=reference, now=later)[0].stage == "arrival"
    assert assess([example_item], reference=reference, now=later)[0].outcome == "RELEASE"
    no_transport = replace(example_item, transport=None)
    assert assess([no_transport], reference=reference, now=NOW)[0].stage == "arrival"
    assert assess([example_item], reference=reference, now=NOW, stage="arrival")[0].stage == "arrival"


def test_cancellations_need_a_known_item(example_item: Item, reference: Reference) -> None:
    cancel = Cancellation(item_id=example_item.item_id, reason="withdrawn by the sender")
    (unknown,) = assess([cancel], reference=reference, now=NOW, known_items=frozenset())
    assert unknown.status == "rejected" and unknown.errors[0].code == "UNKNOWN_ITEM"
    (known,) = assess([cancel], reference=reference, now=NOW, known_items={example_item.item_id})
    assert (known.status, known.outcome) == ("accepted", "CANCELLED")
    # an item declared earlier in the same batch can be cancelled by a later record
    _, in_batch = assess([example_item, cancel], reference=reference, now=NOW, known_items=frozenset())
    assert in_batch.outcome == "CANCELLED"


def test_one_assessment_per_record_in_order_duplicates_included(
    example_item: Item, reference: Reference
) -> None:
    other = replace(example_item, item_id="EE471108151FR")
    records = [example_item, other, example_item]
    assert [a.item_id for a in assess(records, reference=reference, now=NOW)] == [
        "RR473124829GB",
        "EE471108151FR",
        "RR473124829GB",
    ]
