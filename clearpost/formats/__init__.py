"""Message formats: bytes in, records out, and back.

Every reader returns a `Message` or raises `UnreadableMessage` with a location; every writer
returns bytes. Readers check syntax and types, never content: that is the pipeline's job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from clearpost.formats.base import Message, UnreadableMessage
from clearpost.model import Location, Record

ItemFormat = Literal["json", "jsonl", "cusitm", "itmatt", "csv", "xlsx"]
ITEM_FORMATS: tuple[ItemFormat, ...] = ("json", "jsonl", "cusitm", "itmatt", "csv", "xlsx")

MEDIA_TYPES: dict[str, ItemFormat] = {
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/edifact": "cusitm",
    "application/xml": "itmatt",
    "text/xml": "itmatt",
    "text/csv": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}

_SUFFIXES: dict[str, ItemFormat] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".edi": "cusitm",
    ".edifact": "cusitm",
    ".cusitm": "cusitm",
    ".xml": "itmatt",
    ".csv": "csv",
    ".xlsx": "xlsx",
}


_NON_SPACE = re.compile(rb"\S")


def looks_like_edifact(data: bytes) -> bool:
    """An EDIFACT interchange opens with its service string advice (UNA) or its header (UNB)."""
    return data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"UNA", b"UNB"))


def detect(data: bytes, filename: str | None = None) -> ItemFormat:
    """Tell the format of a message from its first bytes (the file name only breaks ties)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise UnreadableMessage("The message is empty.", Location(line=1, column=1))
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if looks_like_edifact(head):
        return "cusitm"
    if head.startswith(b"<"):
        return "itmatt"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        first_line = head.split(b"\n", 1)[0].strip()
        if filename and filename.endswith(".json"):
            return "json"
        # JSON Lines: a first line that is a whole object, and more after it (found without
        # copying the message, which may be hundreds of megabytes)
        end_of_first = data.find(b"\n", data.find(b"{"))
        more = _NON_SPACE.search(data, end_of_first + 1) if end_of_first != -1 else None
        return "jsonl" if first_line.endswith(b"}") and more is not None else "json"
    if b"\x00" in head or not _looks_like_text(head):
        raise UnreadableMessage(
            "The message is not in a format ClearPost reads "
            "(JSON, JSON Lines, CUSITM, ITMATT XML, CSV, XLSX).",
            Location(line=1, column=1),
        )
    if filename:
        for suffix, fmt in _SUFFIXES.items():
            if filename.lower().endswith(suffix):
                return fmt
    return "csv"


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # a multi-byte character cut at the 4 KiB boundary is still text
        return error.start >= len(head) - 3
    return True


def read(
    data: bytes, fmt: ItemFormat | None = None, *, filename: str | None = None, mapping: str | None = None
) -> Message:
    """Read a message of declarations (and cancellations) in any item format."""
    fmt = fmt or detect(data, filename)
    if fmt == "jsonl":
        from clearpost.formats.canonical import read_jsonl

        return read_jsonl(data)
    if fmt == "json":
        from clearpost.formats.canonical import read_json

        return read_json(data)
    if fmt == "cusitm":
        from clearpost.formats.cusitm import read_cusitm

        return read_cusitm(data)
    if fmt == "itmatt":
        from clearpost.formats.itmatt import read_itmatt

        return read_itmatt(data)
    from clearpost.formats.mapping import load_mapping
    from clearpost.formats.tabular import read_csv, read_xlsx

    column_mapping = load_mapping(mapping or "canonical")
    return read_csv(data, column_mapping) if fmt == "csv" else read_xlsx(data, column_mapping)


def write(records: Sequence[Record], fmt: ItemFormat, *, mapping: str | None = None) -> bytes:
    """Write records in an item format."""
    if fmt == "jsonl":
        from clearpost.formats.canonical import write_jsonl

        return write_jsonl(records)
    if fmt == "json":
        from clearpost.formats.canonical import write_json

        return write_json(records)
    if fmt == "cusitm":
        from clearpost.formats.cusitm import write_cusitm

        return write_cusitm(records)
    if fmt == "itmatt":
        from clearpost.formats.itmatt import write_itmatt

        return write_itmatt(records)
    from clearpost.formats.mapping import load_mapping
    from clearpost.formats.tabular import write_csv, write_xlsx

    column_mapping = load_mapping(mapping or "canonical")
    return write_csv(records, column_mapping) if fmt == "csv" else write_xlsx(records, column_mapping)


__all__ = [
    "ITEM_FORMATS",
    "MEDIA_TYPES",
    "ItemFormat",
    "Message",
    "UnreadableMessage",
    "detect",
    "looks_like_edifact",
    "read",
    "write",
]
