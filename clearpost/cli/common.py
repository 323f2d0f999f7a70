"""What the commands share: the Typer app, options, reading inputs and writing outputs, the
configured store and reference data, and the console script."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO, NoReturn

import msgspec
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from clearpost import formats
from clearpost.formats import ITEM_FORMATS, ItemFormat, UnreadableMessage
from clearpost.model import Assessment, Record, Stage
from clearpost.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from clearpost.reference import Reference

app = typer.Typer(
    name="clearpost",
    help="ClearPost: electronic advance data between Posts and Customs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
json_encoder = msgspec.json.Encoder(decimal_format="string")

EXIT_OK, EXIT_SOME_REJECTED, EXIT_UNREADABLE = 0, 1, 2

FormatOption = Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(ITEM_FORMATS)}.")]
MappingOption = Annotated[
    str | None,
    typer.Option(
        "--mapping", help="Column mapping for CSV/XLSX: a built-in name (canonical, kcs) or a YAML file."
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Clock for stage and timeliness, ISO 8601 (default: now)."),
]
ANSWER_FORMATS = ("jsonl", "cusrsp")
AnswerFormatOption = Annotated[
    str,
    typer.Option(
        "--answer-format",
        help="jsonl: one assessment JSON line per record; cusrsp: a CUSRSP interchange "
        "(and a CONTRL for each EDIFACT input that cannot be read).",
    ),
]
StageOption = Annotated[
    str | None,
    typer.Option("--stage", help="Force the decision stage: pre_loading or arrival."),
]
LanguageOption = Annotated[
    str | None,
    typer.Option("--language", help="Language of the messages: en or fr (default: each item's Post's)."),
]


def fail(message: str, code: int = EXIT_UNREADABLE) -> typer.Exit:
    console.print(f"[red]clearpost:[/red] {message}", highlight=False)
    return typer.Exit(code)


def parse_item_format(value: str) -> ItemFormat:
    if value not in ITEM_FORMATS:
        raise fail(f"unknown format {value!r}; use one of {', '.join(ITEM_FORMATS)}.")
    return value


def check_mapping(mapping: str | None) -> None:
    """Refuse a mapping file that is not valid before any input is read."""
    if mapping is None:
        return
    from clearpost.formats.mapping import load_mapping

    try:
        load_mapping(mapping)
    except (ValueError, OSError) as error:
        raise fail(f"--mapping {mapping}: {error}") from None


def parse_stage(value: str | None) -> Stage | None:
    if value is None or value in ("pre_loading", "arrival"):
        return value  # type: ignore[return-value]
    raise fail(f"--stage must be pre_loading or arrival, not {value!r}.")


def parse_clock(as_of: str | None) -> dt.datetime:
    if as_of is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        moment = dt.datetime.fromisoformat(as_of)
    except ValueError:
        raise fail(f"--as-of {as_of!r} is not an ISO 8601 date or date-time.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def read_input(path: Path) -> bytes:
    try:
        return sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as error:
        raise fail(f"cannot read {path}: {error.strerror}.") from None


@contextmanager
def open_output(path: Path) -> Iterator[BinaryIO]:
    if str(path) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            yield stream
    except OSError as error:
        raise fail(f"cannot write {path}: {error.strerror}.") from None


def report_unreadable(path: Path, error: UnreadableMessage) -> None:
    console.print(f"[red]{path}: unreadable message[/red] — {error.message}", highlight=False)
    sys.stderr.write(json_encoder.encode(error.finding()).decode() + "\n")


class Answers:
    """What a run answers: assessments, and for each unreadable input its syntax error.

    Written as JSON Lines (one assessment per record), or as EDIFACT: a CONTRL rejecting each
    unreadable interchange, then one CUSRSP interchange with every assessment.
    """

    def __init__(self, answer_format: str) -> None:
        if answer_format not in ANSWER_FORMATS:
            raise fail(f"--answer-format must be one of {', '.join(ANSWER_FORMATS)}, not {answer_format!r}.")
        self.answer_format = answer_format
        self.assessments: list[Assessment] = []
        self.rejected_interchanges: list[bytes] = []
        self.unreadable = 0

    def unreadable_input(self, path: Path, raw: bytes, error: UnreadableMessage) -> None:
        report_unreadable(path, error)
        self.unreadable += 1
        if self.answer_format == "cusrsp" and formats.looks_like_edifact(raw):
            from clearpost.formats.contrl import write_contrl

            self.rejected_interchanges.append(write_contrl(raw, error, prepared=parse_clock(None)))

    def write(self, path: Path) -> None:
        with open_output(path) as stream:
            if self.answer_format == "jsonl":
                stream.write(json_encoder.encode_lines(self.assessments))
                return
            from clearpost.formats.cusrsp import write_cusrsp

            for contrl in self.rejected_interchanges:
                stream.write(contrl)
            if self.assessments:
                stream.write(write_cusrsp(self.assessments))

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return EXIT_UNREADABLE
        return EXIT_SOME_REJECTED if any(a.status == "rejected" for a in self.assessments) else EXIT_OK


def progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def read_records(paths: Sequence[Path], mapping: str | None, answers: Answers) -> list[Record]:
    records: list[Record] = []
    for path in paths:
        raw = read_input(path)
        try:
            records.extend(formats.read(raw, filename=str(path), mapping=mapping).records)
        except UnreadableMessage as error:
            answers.unreadable_input(path, raw, error)
    return records


def current_settings() -> Settings:
    try:
        return Settings.from_environment()
    except ValueError as error:
        raise fail(str(error)) from None


def parse_language(value: str | None) -> str | None:
    from clearpost.quality.language import LANGUAGES

    if value is None or value in LANGUAGES:
        return value
    raise fail(f"--language must be one of {', '.join(LANGUAGES)}, not {value!r}.")


def reference_in_force(engine: Engine) -> Reference:
    """The reference data in force: packaged, the operator's files, and what the store holds."""
    from clearpost.quality.profiles import ProfileError
    from clearpost.store.reference import stored_reference

    try:
        return stored_reference(engine, current_settings())
    except (ProfileError, ValueError, OSError) as error:
        raise fail(str(error)) from None


def open_engine() -> Engine:
    from sqlalchemy.exc import OperationalError

    from clearpost.store.database import open_database

    url = current_settings().database_url
    try:
        return open_database(url)
    except OperationalError as error:
        raise fail(f"cannot open the database {url}: {error.orig}") from None


SinceOption = Annotated[
    str | None, typer.Option("--since", help="Only items received on or after this day (YYYY-MM-DD).")
]


def parse_since(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(f"--since {value!r} is not a date (YYYY-MM-DD).") from None


def read_csv_rows(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file with a header naming at least the `required` columns."""
    import csv
    import io

    try:
        text = read_input(path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(f"{path}: not UTF-8 text ({error.reason} at byte {error.start}).") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in required if name not in (reader.fieldnames or [])]
    if missing:
        raise fail(f"{path}: the header lacks the required column(s) {', '.join(missing)}.")
    return list(reader)


STDOUT = Path("-")


def main() -> None:
    """The `clearpost` console script: run the command, then leave without tearing down the
    heap. Freeing hundreds of thousands of objects one by one at exit takes longer than
    reading them did; files are closed and streams flushed before that point."""
    try:
        app()
    except SystemExit as done:
        # leave from inside the handler: `done` holds the traceback, and with it the command's
        # frame and all it built, which Python would free at the end of this block
        _leave(done.code)
    _leave(0)


def _leave(status: int | str | None) -> NoReturn:
    if isinstance(status, str):
        print(status, file=sys.stderr)
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status or 0)
