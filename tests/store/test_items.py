"""Storage on SQLite and PostgreSQL: history, idempotence, cancellations, atomicity."""

import datetime as dt

import pytest
from msgspec.structs import replace
from sqlalchemy import Engine, func, select

from clearpost.formats import UnreadableMessage
from clearpost.formats.canonical import write_jsonl
from clearpost.intake import receive
from clearpost.model import Cancellation, Item
from clearpost.reference import Reference
from clearpost.store import items as store_items
from clearpost.store.items import ItemFilter, get_item, item_history, list_items
from clearpost.store.tables import cancellations, item_versions, items, messages

AT = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def count(engine: Engine, table) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(table)) or 0


def test_the_same_message_twice_is_stored_once(
    engine: Engine, example_item: Item, reference: Reference
) -> None:
    second = replace(example_item, item_id="EE471108151FR")
    raw = write_jsonl([example_item, second])
    first_receipt = receive(engine, raw, received_at=AT, reference=reference)
    assert first_receipt.stored.new_versions == 2
    again = receive(engine, raw, received_at=AT + dt.timedelta(hours=1), reference=reference)
    assert again.stored.message_id is None
    assert [a.item_id for a in again.assessments] == ["RR473124829GB", "EE471108151FR"]
    assert (count(engine, messages), count(engine, items), count(engine, item_versions)) == (1, 2, 2)


def test_the_same_item_in_another_message_adds_nothing(
    engine: Engine, example_item: Item, reference: Reference
) -> None:
    receive(engine, write_jsonl([example_item]), received_at=AT, reference=reference)
    receipt = receive(engine, write_jsonl([example_item, example_item]), received_at=AT, reference=reference)
    assert (receipt.stored.new_versions, receipt.stored.unchanged) == (0, 2)
    assert count(engine, item_versions) == 1
    assert count(engine, messages) == 2  # every message is kept raw, for audit


def test_an_amendment_is_a_new_version_and_the_earlier_one_stays(
    engine: Engine, example_item: Item, reference: Reference
) -> None:
    receive(engine, write_jsonl([example_item]), received_at=AT, reference=reference)
    amended = replace(example_item, comments="Second cardigan removed", gross_weight_kg=0.5)
    receive(engine, write_jsonl([amended]), received_at=AT + dt.timedelta(minutes=5), reference=reference)
    with engine.connect() as connection:
        stored = get_item(connection, "rr 473124829 gb")
        assert stored is not None and stored.versions == 2
        assert stored.item == amended
        assert item_history(connection, "RR473124829GB") == [example_item, amended]


def test_a_cancellation_marks_the_item_and_deletes_nothing(
    engine: Engine, example_item: Item, reference: Reference
) -> None:
    receive(engine, write_jsonl([example_item]), received_at=AT, reference=reference)
    cancel = Cancellation(item_id=example_item.item_id, reason="Sender withdrew the item")
    receipt = receive(engine, write_jsonl([cancel]), received_at=AT, reference=reference)
    assert receipt.assessments[0].outcome == "CANCELLED"
    with engine.connect() as connection:
        stored = get_item(connection, "RR473124829GB")
        assert stored is not None and stored.cancelled and stored.item == example_item
        row = connection.execute(select(items.c.cancel_reason)).one()
        assert row.cancel_reason == "Sender withdrew the item"
    assert count(engine, cancellations) == 1


def test_cancelling_an_unknown_item_is_rejected(engine: Engine, reference: Reference) -> None:
    receipt = receive(
        engine, write_jsonl([Cancellation(item_id="RR473124829GB")]), received_at=AT, reference=reference
    )
    assert receipt.assessments[0].status == "rejected"
    assert receipt.assessments[0].errors[0].code == "UNKNOWN_ITEM"
    assert count(engine, items) == 0


def test_rejected_items_are_recorded_with_their_errors(
    engine: Engine, example_item: Item, reference: Reference
) -> None:
    bad_id = replace(example_item, item_id="RR473124828GB")
    no_id = replace(example_item, item_id=None)
    receive(engine, write_jsonl([bad_id, no_id, example_item]), received_at=AT, reference=reference)
    with engine.connect() as connection:
        page = list_items(connection, ItemFilter(status="rejected"), limit=10, after=None)
        assert page.total == 2
        keys = sorted(row["item_key"] for row in page.rows)
        assert keys[0] == "RR473124828GB" and keys[1].startswith("~")
        stored = get_item(connection, "RR473124828GB")
        assert stored is not None and stored.assessment.errors[0].code == "INVALID_ITEM_ID"


def test_an_unreadable_message_stores_nothing(
    engine: Engine, example_item: Item, reference: Reference
) -> None:
    raw = write_jsonl([example_item]) + b'{"item_id": "EE471108151FR", "gross_weight_kg": "heavy"}\n'
    with pytest.raises(UnreadableMessage) as caught:
        receive(engine, raw, received_at=AT, reference=reference)
    assert caught.value.location is not None and caught.value.location.line == 2
    assert (count(engine, messages), count(engine, items)) == (0, 0)


def test_a_crash_mid_ingest_leaves_no_half_stored_item(
    engine: Engine, example_item: Item, monkeypatch: pytest.MonkeyPatch, reference: Reference
) -> None:
    receive(engine, write_jsonl([example_item]), received_at=AT, reference=reference)
    amended = replace(example_item, comments="amended")
    new = replace(example_item, item_id="EE471108151FR")

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("power cut")

    # the items rows are written, then the process dies before the versions are
    monkeypatch.setattr(store_items, "_update_items", crash)
    with pytest.raises(RuntimeError):
        receive(engine, write_jsonl([new, amended]), received_at=AT, reference=reference)
    assert (count(engine, messages), count(engine, items), count(engine, item_versions)) == (1, 1, 1)
    with engine.connect() as connection:
        stored = get_item(connection, "RR473124829GB")
        assert stored is not None and stored.item == example_item and stored.versions == 1


def test_pages_follow_the_cursor_and_filters_count(
    engine: Engine, example_item: Item, reference: Reference
) -> None:
    from clearpost.identifiers import make_s10

    batch = [
        replace(example_item, item_id=make_s10("CP", n, "GB"), destination_country="DE" if n % 3 else "FR")
        for n in range(25)
    ]
    receive(engine, write_jsonl(batch), received_at=AT, reference=reference)
    seen: list[str] = []
    after = None
    with engine.connect() as connection:
        while True:
            page = list_items(connection, ItemFilter(destination_country="DE"), limit=7, after=after)
            assert page.total == 16
            seen += [row["item_id"] for row in page.rows]
            if page.next_key is None:
                break
            after = page.next_key
    assert len(seen) == len(set(seen)) == 16


def test_a_declaration_after_a_cancellation_reinstates_the_item(
    engine: Engine, example_item: Item, reference: Reference
) -> None:
    receive(engine, write_jsonl([example_item]), received_at=AT, reference=reference)
    cancel = Cancellation(item_id=example_item.item_id, reason="mistake")
    redeclared = replace(example_item, comments="sent after all")
    receive(engine, write_jsonl([cancel, redeclared]), received_at=AT, reference=reference)
    with engine.connect() as connection:
        stored = get_item(connection, "RR473124829GB")
        assert stored is not None and not stored.cancelled and stored.versions == 2
    assert count(engine, cancellations) == 1  # the cancellation itself stays on record
