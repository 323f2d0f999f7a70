"""Canonical JSON and JSON Lines: reading, writing, and located syntax errors."""

import pytest
from msgspec.structs import replace

from clearpost.formats import UnreadableMessage, detect, read
from clearpost.formats.canonical import read_json, read_jsonl, write_json, write_jsonl
from clearpost.model import Cancellation, Item


def test_jsonl_round_trip_with_cancellations(example_item: Item) -> None:
    records = [
        example_item,
        Cancellation(item_id="RR473124829GB", reason="withdrawn"),
        replace(example_item, item_id="EE471108151FR"),
    ]
    assert read_jsonl(write_jsonl(records)).records == records
    assert read_json(write_json(records)).records == records


def test_a_single_object_and_an_array_are_json(example_item: Item) -> None:
    single = write_json([example_item]).strip()[1:-1]  # the object without its array brackets
    assert detect(single) == "json" and read(single).records == [example_item]
    assert detect(write_json([example_item])) == "json"
    assert detect(write_jsonl([example_item, example_item])) == "jsonl"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (b'{"item_id": "RR473124829GB"}\n{"item_id": "EE471108151FR", "comments": oops}\n', 2, 42),
        (b'{"item_id": "RR473124829GB"}\n{"item_id": "EE4711', 2, 20),
    ],
)
def test_malformed_lines_are_located_by_line_and_column(text: bytes, line: int, column: int) -> None:
    with pytest.raises(UnreadableMessage) as caught:
        read_jsonl(text)
    location = caught.value.location
    assert location is not None and (location.line, location.column) == (line, column)
    assert f"Line {line}, column {column}" in caught.value.message


@pytest.mark.parametrize(
    ("text", "path", "reason"),
    [
        (
            b'{"item_id": "RR473124829GB", "contents": [{"quantity": "two"}]}',
            "$.contents[0].quantity",
            "got `str`",
        ),
        (
            b'{"item_id": "RR473124829GB", "total_value": {"amount": "12,50", "currency": "EUR"}}',
            "$.total_value.amount",
            "Invalid decimal",
        ),
        (b'{"item_id": "RR473124829GB", "colour": "red"}', "$", "unknown field `colour`"),
        (b'{"cancellation": {"item_id": 7}}', "$.cancellation.item_id", "got `int`"),
    ],
)
def test_wrong_types_are_located_by_path(text: bytes, path: str, reason: str) -> None:
    with pytest.raises(UnreadableMessage) as caught:
        read_jsonl(b'{"item_id": "RR473124829GB"}\n' + text)
    location = caught.value.location
    assert location is not None and location.path == path and location.line == 2
    assert reason in caught.value.message


@pytest.mark.parametrize(
    ("record", "why"),
    [
        (
            b'"total_value": {"amount": "NaN", "currency": "EUR"}',
            "total_value.amount is NaN, not a finite number",
        ),
        (
            b'"postal_charges": {"amount": "-Infinity", "currency": "EUR"}',
            "postal_charges.amount is -Infinity",
        ),
        (b'"gross_weight_kg": 1e999', "$.gross_weight_kg: Number out of range"),
        (
            b'"contents": [{"quantity": 1}, {"value": {"amount": "sNaN", "currency": "EUR"}}]',
            "contents[1].value.amount is sNaN, not a finite number",
        ),
        (b'"contents": [{"net_weight_kg": -1e999}]', "$.contents[0].net_weight_kg: Number out of range"),
    ],
)
def test_numbers_that_are_no_value_are_refused_by_field(record: bytes, why: str) -> None:
    """Decimals admit NaN and infinities, which no check could compare (msgspec refuses an
    infinite float itself)."""
    text = b'{"item_id": "RR473124829GB"}\n{"item_id": "EE471108151FR", ' + record + b"}\n"
    with pytest.raises(UnreadableMessage) as caught:
        read_jsonl(text)
    assert caught.value.location is not None and caught.value.location.line == 2
    assert why in caught.value.message


def test_errors_in_an_array_name_the_element() -> None:
    with pytest.raises(UnreadableMessage) as caught:
        read_json(b'[{"item_id": "RR473124829GB"}, {"item_id": "EE471108151FR", "gross_weight_kg": "1kg"}]')
    assert caught.value.location is not None
    assert caught.value.location.path == "$[1].gross_weight_kg" and caught.value.location.record == 1


@pytest.mark.parametrize("text", [b"", b"   \n", b"\n\n"])
def test_empty_messages_are_unreadable(text: bytes) -> None:
    with pytest.raises(UnreadableMessage, match="empty"):
        read_jsonl(text)
    with pytest.raises(UnreadableMessage, match="empty"):
        read_json(text)
