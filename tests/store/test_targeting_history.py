"""What targeting keeps in the store, on SQLite and PostgreSQL: split shipments found across
messages, and the inspection capacity used per office and day."""

from __future__ import annotations

import datetime as dt

from msgspec.structs import replace
from parcels import parcel
from sqlalchemy import Engine

from clearpost.formats.canonical import write_jsonl
from clearpost.intake import receive
from clearpost.model import Item, Transport
from clearpost.reference import Reference
from clearpost.store.targeting import earlier_items, office_days

AT = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)


def split_groups(receipt_assessments: list) -> list[list[str]]:  # type: ignore[type-arg]
    return [
        reason.detail["group"]
        for assessment in receipt_assessments
        for reason in assessment.risk.reasons
        if reason.code == "SPLIT_SHIPMENT"
    ]


def test_an_order_split_over_two_messages_is_found_on_the_second(
    engine: Engine, example_item: Item, reference: Reference
) -> None:
    first = [
        parcel(example_item, 1, "Lucie Martin", "95.00"),
        parcel(example_item, 2, "L. Martin", "40.00", 1),
    ]
    earlier = receive(engine, write_jsonl(first), received_at=AT, reference=reference, stage="arrival")
    assert split_groups(earlier.assessments) == []  # EUR 135 together: under the EUR 150 ceiling
    later = [
        parcel(example_item, 3, "MARTIN Lucie", "60.00", 2),
        parcel(example_item, 4, "Paul Girard", "90.00"),
    ]
    receipt = receive(
        engine,
        write_jsonl(later),
        received_at=AT + dt.timedelta(days=2),
        reference=reference,
        stage="arrival",
    )
    crossing, other = receipt.assessments
    (group,) = split_groups([crossing])
    assert sorted(group) == sorted(item.item_id for item in [*first, later[0]])
    assert split_groups([other]) == []
    # re-sending the later message changes nothing and does not count the item twice
    again = receive(
        engine,
        write_jsonl(later),
        received_at=AT + dt.timedelta(days=2),
        reference=reference,
        stage="arrival",
    )
    assert again.stored.message_id is None


def test_an_earlier_item_long_before_does_not_count(
    engine: Engine, example_item: Item, reference: Reference
) -> None:
    receive(
        engine,
        write_jsonl([parcel(example_item, 1, "Lucie Martin", "95.00")]),
        received_at=AT,
        reference=reference,
    )
    late = parcel(example_item, 2, "Lucie Martin", "95.00", days=12)
    receipt = receive(
        engine, write_jsonl([late]), received_at=AT + dt.timedelta(days=12), reference=reference
    )
    assert split_groups(receipt.assessments) == []


def test_the_days_inspections_are_counted_per_office_across_messages(
    engine: Engine, example_item: Item, reference: Reference
) -> None:
    def at_office(serial: int, airport: str, name: str = "", amount: str = "20.00", house: int = 0) -> Item:
        item = parcel(example_item, serial, name or f"Person {serial}", amount)
        assert item.addressee is not None and item.addressee.address is not None
        address = replace(item.addressee.address, lines=[f"{house or serial} rue des Lilas"])
        return replace(
            item,
            transport=Transport(arrival_airport=airport),
            addressee=replace(item.addressee, address=address),
        )

    first = [at_office(n, "CDG") for n in range(1, 21)] + [at_office(n, "LYS") for n in range(21, 26)]
    receive(engine, write_jsonl(first), received_at=AT, reference=reference, stage="arrival")
    # an order split in two (EUR 200 together), referred to inspection: the first referral of
    # the day at CDG takes the capacity (5 % of 22 items, less the random share: one inspection)
    order = [at_office(n, "CDG", "Lucie Martin", "100.00", house=99) for n in (30, 31)]
    receipt = receive(engine, write_jsonl(order), received_at=AT, reference=reference, stage="arrival")
    assert sorted(a.outcome for a in receipt.assessments) == ["HOLD", "INSPECT"]
    with engine.connect() as connection:
        counts = office_days(connection, AT.date())
    assert {office: (day.received, day.targeted) for office, day in counts.items()} == {
        "CDG": (22, 1),
        "LYS": (5, 0),
    }


def test_an_amended_address_moves_the_item_to_its_new_bucket(
    engine: Engine, example_item: Item, reference: Reference
) -> None:
    first = parcel(example_item, 1, "Lucie Martin", "95.00")
    receive(engine, write_jsonl([first]), received_at=AT, reference=reference)
    moved = parcel(example_item, 1, "Lucie Martin", "95.00", line="12 avenue Foch")
    receive(engine, write_jsonl([moved]), received_at=AT + dt.timedelta(hours=1), reference=reference)
    with engine.connect() as connection:
        at_old = earlier_items(connection, [parcel(example_item, 2, "Lucie Martin", "60.00")])
        at_new = earlier_items(
            connection, [parcel(example_item, 3, "Lucie Martin", "60.00", line="12 avenue Foch")]
        )
    assert at_old == []
    assert [item.item_id for item in at_new] == [first.item_id]
