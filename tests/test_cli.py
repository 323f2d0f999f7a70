"""The command line of contract §4, run in-process the way a user runs it."""

import os
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
from msgspec.structs import replace
from typer.testing import CliRunner

from clearpost.cli import app
from clearpost.formats.canonical import write_jsonl
from clearpost.model import Assessment, Item

runner = CliRunner()


def assessments(path: Path) -> list[Assessment]:
    return list(msgspec.json.Decoder(Assessment).decode_lines(path.read_bytes()))


def test_assess_answers_each_record_and_exits_1_when_some_are_rejected(
    tmp_path: Path, example_item: Item
) -> None:
    messages = tmp_path / "items.jsonl"
    messages.write_bytes(write_jsonl([example_item, replace(example_item, item_id="XX1"), example_item]))
    result = runner.invoke(
        app, ["assess", str(messages), "--out", str(tmp_path / "a.jsonl"), "--as-of", "2026-11-21T06:00:00Z"]
    )
    assert result.exit_code == 1, result.output
    answers = assessments(tmp_path / "a.jsonl")
    assert [a.status for a in answers] == ["accepted", "rejected", "accepted"]
    assert answers[0].stage == "pre_loading" and answers[0].outcome == "ASSESSMENT_COMPLETE"

    result = runner.invoke(
        app, ["assess", str(messages), "--out", str(tmp_path / "b.jsonl"), "--stage", "arrival"]
    )
    assert all(a.stage == "arrival" for a in assessments(tmp_path / "b.jsonl"))


def test_assess_exits_0_when_all_are_accepted(tmp_path: Path, example_item: Item) -> None:
    (tmp_path / "one.json").write_bytes(msgspec.json.encode(example_item))
    result = runner.invoke(app, ["assess", str(tmp_path / "one.json"), "--out", str(tmp_path / "a.jsonl")])
    assert result.exit_code == 0, result.output


def test_the_console_script_leaves_with_the_command_s_status_and_its_output_complete(
    tmp_path: Path, database: Path, example_item: Item
) -> None:
    """`clearpost` (the installed script) leaves without freeing the heap: what the command wrote
    must be whole, and its exit status the command's."""
    script = Path(sys.executable).with_name("clearpost")
    messages = tmp_path / "items.jsonl"
    items = [replace(example_item, item_id="XX1") if i == 500 else example_item for i in range(1000)]
    messages.write_bytes(write_jsonl(items))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([script, *args], capture_output=True, text=True, env=os.environ, check=False)

    rejected = run("assess", str(messages), "--out", "-")
    assert rejected.returncode == 1, rejected.stderr
    answers = msgspec.json.Decoder(Assessment).decode_lines(rejected.stdout.encode())
    assert len(answers) == 1000 and answers[500].status == "rejected"
    misused = run("assess", str(messages), "--out", str(tmp_path / "a.jsonl"), "--stage", "nowhere")
    assert misused.returncode == 2 and "nowhere" in misused.stderr
    helped = run("assess", "--help")
    assert helped.returncode == 0 and "--as-of" in helped.stdout


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02garbage\xff", "not in a format"),
        (b'{"item_id": "RR473124829GB", "contents": [', "Line 1"),
    ],
)
def test_unreadable_input_exits_2_with_a_location_and_no_traceback(
    tmp_path: Path, database: Path, content: bytes, where: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    for command in (
        ["assess", str(bad), "--out", str(tmp_path / "a.jsonl")],
        ["ingest", str(bad)],
        ["convert", str(bad), "--to", "jsonl", "--out", str(tmp_path / "c.jsonl")],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert "SYNTAX_ERROR" in result.output and where in result.output
        assert "Traceback" not in result.output


def test_ingest_stores_once_and_reports(tmp_path: Path, database: Path, example_item: Item) -> None:
    messages = tmp_path / "items.jsonl"
    messages.write_bytes(write_jsonl([example_item]))
    first = runner.invoke(app, ["ingest", str(messages), "--report", str(tmp_path / "r.jsonl")])
    assert first.exit_code == 0, first.output
    assert "1 new versions" in first.output
    second = runner.invoke(app, ["ingest", str(messages)])
    assert "already received" in second.output
    assert len(assessments(tmp_path / "r.jsonl")) == 1


def test_bad_options_are_refused_clearly(tmp_path: Path, example_item: Item) -> None:
    (tmp_path / "one.json").write_bytes(msgspec.json.encode(example_item))
    result = runner.invoke(app, ["assess", str(tmp_path / "one.json"), "--out", "-", "--stage", "sometime"])
    assert result.exit_code == 2 and "pre_loading or arrival" in result.output
    result = runner.invoke(app, ["assess", str(tmp_path / "one.json"), "--out", "-", "--as-of", "yesterday"])
    assert result.exit_code == 2 and "ISO 8601" in result.output
    result = runner.invoke(app, ["convert", str(tmp_path / "missing.json"), "--to", "jsonl", "--out", "-"])
    assert result.exit_code == 2 and "cannot read" in result.output


def test_a_broken_mapping_file_is_refused_before_reading(tmp_path: Path) -> None:
    mapping = tmp_path / "post.yaml"
    mapping.write_text("mapping: 1\nname: broken\nfields:\n  item_id: {colum: Barcode}\n")
    data = tmp_path / "items.csv"
    data.write_text("Barcode\nRR473124829GB\n")
    result = runner.invoke(
        app, ["convert", str(data), "--to", "jsonl", "--out", "-", "--mapping", str(mapping)]
    )
    assert result.exit_code == 2
    assert "post.yaml" in result.output and "Traceback" not in result.output
    result = runner.invoke(
        app, ["assess", str(data), "--out", "-", "--mapping", str(tmp_path / "missing.yaml")]
    )
    assert result.exit_code == 2 and "missing.yaml" in result.output
