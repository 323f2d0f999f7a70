"""Done-when: malformed input of every format gets one located SYNTAX_ERROR, exit 2, no traceback,
and nothing stored — through the commands a Post's operator runs."""

from pathlib import Path

import msgspec
import pytest
from sqlalchemy import create_engine, func, select
from typer.testing import CliRunner

from clearpost.cli import app
from clearpost.model import Finding
from clearpost.store.tables import items, messages

MALFORMED = Path(__file__).parent / "formats" / "messages" / "malformed"
runner = CliRunner()

# inputs written here (name → bytes); the EDIFACT and XML ones are fixture files
INLINE: dict[str, bytes] = {
    "truncated.jsonl": b'{"item_id": "RR473124829GB"}\n{"item_id": "EE4711',
    "wrong_type.json": b'[{"item_id": "RR473124829GB", "gross_weight_kg": "heavy"}]',
    "bad_escape.json": b'{"item_id": "RR473124829GB", "comments": "\\q"}',
    "empty.json": b"",
    "garbage.bin": bytes(range(256)) * 4,
    "wrong_type.csv": b"item_id,gross_weight_kg\nRR473124829GB,heavy\n",
    "ragged.csv": b"item_id,gross_weight_kg\nRR473124829GB,0.5,extra\n",
    "bad_utf8.csv": b"item_id,comments\nRR473124829GB,caf\xe9\n",
    "empty.csv": b"",
    "not_really.xlsx": b"PK\x03\x04 this is not a zip archive",
}
CASES = sorted(str(path) for path in MALFORMED.iterdir()) + sorted(INLINE)


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'clearpost.db'}"
    monkeypatch.setenv("CLEARPOST_DATABASE_URL", url)
    return url


def test_there_are_malformed_cases_of_each_format() -> None:
    suffixes = {Path(case).suffix for case in CASES}
    assert {".edi", ".xml", ".json", ".jsonl", ".csv", ".xlsx"} <= suffixes
    assert len(list(MALFORMED.iterdir())) >= 20


@pytest.mark.parametrize("case", CASES, ids=lambda case: Path(case).name)
def test_malformed_input_is_refused_with_a_location(case: str, tmp_path: Path, database: str) -> None:
    if case in INLINE:
        source = tmp_path / case
        source.write_bytes(INLINE[case])
    else:
        source = Path(case)
    for command in (
        ["ingest", str(source)],
        ["assess", str(source), "--out", str(tmp_path / "a.jsonl")],
        ["convert", str(source), "--to", "jsonl", "--out", str(tmp_path / "c.jsonl")],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        assert "Traceback" not in result.output
        finding_line = result.output.strip().splitlines()[-1]
        finding = msgspec.json.decode(finding_line, type=Finding)
        assert finding.code == "SYNTAX_ERROR" and finding.message
        assert finding.location is not None, finding
        where = msgspec.structs.asdict(finding.location)
        assert any(value is not None for value in where.values()), finding
    engine = create_engine(database)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(messages)) == 0
        assert connection.scalar(select(func.count()).select_from(items)) == 0
    engine.dispose()
