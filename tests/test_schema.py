from pathlib import Path

import pytest

from clearpost.schema import SCHEMAS, render

DOCS = Path(__file__).resolve().parents[1] / "docs" / "schema"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_exported_schemas_match_the_model(name: str) -> None:
    assert (DOCS / name).read_bytes() == render(SCHEMAS[name]), (
        f"docs/schema/{name} is out of date: run `python -m clearpost.schema docs/schema`"
    )
