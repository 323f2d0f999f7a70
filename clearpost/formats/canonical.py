"""Canonical JSON (one item, or an array) and JSON Lines (one record per line).

A cancellation travels as `{"cancellation": {"item_id": ..., "reason": ...}}` in place of an item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import msgspec

from clearpost.formats.base import Message, UnreadableMessage
from clearpost.model import Cancellation, Item, Location, Record


class CancellationEnvelope(msgspec.Struct, forbid_unknown_fields=True):
    cancellation: Cancellation


_item_decoder = msgspec.json.Decoder(Item)
_items_decoder = msgspec.json.Decoder(list[Item])
_cancellation_decoder = msgspec.json.Decoder(CancellationEnvelope)
_any_decoder = msgspec.json.Decoder()
_encoder = msgspec.json.Encoder(decimal_format="string")

_NON_SPACE = re.compile(rb"\S")
_BYTE_POSITION = re.compile(r"\(byte (\d+)\)")
_JSON_PATH = re.compile(r" - at `(\$[^`]*)`")


def read_jsonl(data: bytes) -> Message:
    """Read JSON Lines. Blank lines are skipped; every other line is one record."""
    if _NON_SPACE.search(data) is None:  # (without copying a message of hundreds of megabytes)
        raise UnreadableMessage("The message is empty.", Location(line=1, column=1))
    try:
        records: list[Record] = list(_item_decoder.decode_lines(data))
    except (msgspec.DecodeError, msgspec.ValidationError):
        records = _read_lines_one_by_one(data)
    return Message(format="jsonl", records=records)


def _read_lines_one_by_one(data: bytes) -> list[Record]:
    """Slow path: cancellations among the items, or an error to locate by line."""
    records: list[Record] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        records.append(_decode_record(line, line_number=number, record=len(records)))
    return records


def _decode_record(text: bytes, *, line_number: int, record: int) -> Record:
    try:
        return _item_decoder.decode(text)
    except msgspec.ValidationError as item_error:
        if text.lstrip().startswith(b'{"cancellation"') or b'"cancellation"' in text[:40]:
            try:
                return _cancellation_decoder.decode(text).cancellation
            except msgspec.ValidationError as error:
                raise _located(error, text, line_number, record) from None
        raise _located(item_error, text, line_number, record) from None
    except msgspec.DecodeError as error:
        raise _located(error, text, line_number, record) from None


def read_json(data: bytes) -> Message:
    """Read a JSON document: one item, one cancellation, or an array of them."""
    stripped = data.strip()
    if not stripped:
        raise UnreadableMessage("The message is empty.", Location(line=1, column=1))
    if stripped.startswith(b"["):
        try:
            return Message(format="json", records=list(_items_decoder.decode(data)))
        except msgspec.ValidationError:
            return Message(format="json", records=_read_array_one_by_one(data))
        except msgspec.DecodeError as error:
            raise _located(error, data, 1, None) from None
    return Message(format="json", records=[_decode_record(data, line_number=1, record=0)])


def _read_array_one_by_one(data: bytes) -> list[Record]:
    elements = _any_decoder.decode(data)
    records: list[Record] = []
    for index, element in enumerate(elements):
        text = _encoder.encode(element)
        try:
            records.append(_decode_record(text, line_number=1, record=index))
        except UnreadableMessage as error:
            # the element was re-encoded: report the path within the array, not a column
            inner = error.location.path if error.location and error.location.path else "$"
            path = inner.replace("$", f"$[{index}]", 1)
            raise UnreadableMessage(error.message, Location(path=path, record=index)) from None
    return records


def _located(error: Exception, text: bytes, line_number: int, record: int | None) -> UnreadableMessage:
    """Turn a msgspec error into a syntax error with a line and column, or a JSON path."""
    reason = str(error)
    position = _BYTE_POSITION.search(reason)
    if position:
        offset = int(position.group(1))
        before = text[:offset]
        line = line_number + before.count(b"\n")
        column = offset - (before.rfind(b"\n") + 1) + 1
        reason = _BYTE_POSITION.sub("", reason).strip()
        return UnreadableMessage(
            f"Line {line}, column {column}: {reason}.", Location(line=line, column=column, record=record)
        )
    if not isinstance(error, msgspec.ValidationError):  # truncated: the error is at the very end
        line = line_number + text.count(b"\n")
        column = len(text) - (text.rfind(b"\n") + 1) + 1
        return UnreadableMessage(
            f"Line {line}, column {column}: {reason.rstrip('.')} (the message ends too early).",
            Location(line=line, column=column, record=record),
        )
    path_match = _JSON_PATH.search(reason)
    path = path_match.group(1) if path_match else "$"
    reason = _JSON_PATH.sub("", reason).rstrip(".")
    return UnreadableMessage(
        f"Line {line_number}, at {path}: {reason}.", Location(line=line_number, path=path, record=record)
    )


def _wrap(record: Record) -> Item | CancellationEnvelope:
    return CancellationEnvelope(record) if isinstance(record, Cancellation) else record


def write_jsonl(records: Iterable[Record]) -> bytes:
    return _encoder.encode_lines([_wrap(record) for record in records])


def write_json(records: Iterable[Record]) -> bytes:
    return msgspec.json.format(_encoder.encode([_wrap(record) for record in records]), indent=2) + b"\n"


def encode_item(item: Item) -> bytes:
    """One item as canonical JSON (no newline): the form that is hashed and stored."""
    return _encoder.encode(item)


def decode_item(data: bytes) -> Item:
    return _item_decoder.decode(data)
