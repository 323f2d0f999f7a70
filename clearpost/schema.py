"""JSON Schemas of the contract's records, exported from the model into docs/schema/.

`python -m clearpost.schema docs/schema` writes them; a test fails when they are out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import msgspec

from clearpost.formats.canonical import CancellationEnvelope
from clearpost.model import Assessment, Item

SCHEMAS: dict[str, type] = {
    "item.schema.json": Item,
    "cancellation.schema.json": CancellationEnvelope,
    "assessment.schema.json": Assessment,
}


def render(record: type) -> bytes:
    schema = msgspec.json.schema(record)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return msgspec.json.format(msgspec.json.encode(schema), indent=2) + b"\n"


def main(directory: str) -> None:
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    for name, record in SCHEMAS.items():
        (target / name).write_bytes(render(record))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/schema")
