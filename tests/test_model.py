import msgspec
import pytest

from clearpost.model import Address, Cancellation, Item, Party, Transport


def test_item_ids_lose_spaces_and_case() -> None:
    assert Item(item_id=" rr 473 124 829 gb").item_id == "RR473124829GB"
    assert Cancellation(item_id="ee471108151fr").item_id == "EE471108151FR"


def test_empty_sub_objects_are_missing() -> None:
    item = Item(
        sender=Party(address=Address()),
        addressee=Party(name="Lucie Martin", address=Address()),
        transport=Transport(),
    )
    assert item.sender is None
    assert item.addressee == Party(name="Lucie Martin")
    assert item.transport is None


def test_money_is_decimal_and_keeps_its_digits(example_item: Item) -> None:
    assert example_item.total_value is not None
    assert str(example_item.total_value.amount) == "84.00"
    encoded = msgspec.json.encode(example_item)
    assert b'"amount":"84.00"' in encoded


def test_unknown_fields_and_wrong_types_are_refused() -> None:
    with pytest.raises(msgspec.ValidationError, match="unknown field `colour`"):
        msgspec.json.decode(b'{"item_id": "RR473124829GB", "colour": "red"}', type=Item)
    with pytest.raises(msgspec.ValidationError, match=r"\$\.gross_weight_kg"):
        msgspec.json.decode(b'{"gross_weight_kg": "heavy"}', type=Item)
    with pytest.raises(msgspec.ValidationError, match="timezone"):
        msgspec.json.decode(b'{"posting_date": "2026-11-20T10:15:00"}', type=Item)
    with pytest.raises(msgspec.ValidationError, match=r"\$\.mail_class"):
        msgspec.json.decode(b'{"mail_class": "pigeon"}', type=Item)
