"""The command line of contract §4 (Typer + Rich). An edge: reads files, the clock and the
environment, and hands plain values to the core."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import msgspec
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from clearpost import formats
from clearpost.bulk import cycle_collector_paused
from clearpost.formats import ITEM_FORMATS, ItemFormat, UnreadableMessage
from clearpost.model import Assessment, Record, Stage
from clearpost.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

app = typer.Typer(
    name="clearpost",
    help="ClearPost: electronic advance data between Posts and Customs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
_encoder = msgspec.json.Encoder(decimal_format="string")

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


def _fail(message: str, code: int = EXIT_UNREADABLE) -> typer.Exit:
    console.print(f"[red]clearpost:[/red] {message}", highlight=False)
    return typer.Exit(code)


def _item_format(value: str) -> ItemFormat:
    if value not in ITEM_FORMATS:
        raise _fail(f"unknown format {value!r}; use one of {', '.join(ITEM_FORMATS)}.")
    return value


def _check_mapping(mapping: str | None) -> None:
    """Refuse a mapping file that is not valid before any input is read."""
    if mapping is None:
        return
    from clearpost.formats.mapping import load_mapping

    try:
        load_mapping(mapping)
    except (ValueError, OSError) as error:
        raise _fail(f"--mapping {mapping}: {error}") from None


def _stage(value: str | None) -> Stage | None:
    if value is None or value in ("pre_loading", "arrival"):
        return value  # type: ignore[return-value]
    raise _fail(f"--stage must be pre_loading or arrival, not {value!r}.")


def _clock(as_of: str | None) -> dt.datetime:
    if as_of is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        moment = dt.datetime.fromisoformat(as_of)
    except ValueError:
        raise _fail(f"--as-of {as_of!r} is not an ISO 8601 date or date-time.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _read_input(path: Path) -> bytes:
    try:
        return sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as error:
        raise _fail(f"cannot read {path}: {error.strerror}.") from None


@contextmanager
def _output(path: Path) -> Iterator[BinaryIO]:
    if str(path) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            yield stream
    except OSError as error:
        raise _fail(f"cannot write {path}: {error.strerror}.") from None


def _report_unreadable(path: Path, error: UnreadableMessage) -> None:
    console.print(f"[red]{path}: unreadable message[/red] — {error.message}", highlight=False)
    sys.stderr.write(_encoder.encode(error.finding()).decode() + "\n")


class _Answers:
    """What a run answers: assessments, and for each unreadable input its syntax error.

    Written as JSON Lines (one assessment per record), or as EDIFACT: a CONTRL rejecting each
    unreadable interchange, then one CUSRSP interchange with every assessment.
    """

    def __init__(self, answer_format: str) -> None:
        if answer_format not in ANSWER_FORMATS:
            raise _fail(f"--answer-format must be one of {', '.join(ANSWER_FORMATS)}, not {answer_format!r}.")
        self.answer_format = answer_format
        self.assessments: list[Assessment] = []
        self.rejected_interchanges: list[bytes] = []
        self.unreadable = 0

    def unreadable_input(self, path: Path, raw: bytes, error: UnreadableMessage) -> None:
        _report_unreadable(path, error)
        self.unreadable += 1
        if self.answer_format == "cusrsp" and formats.looks_like_edifact(raw):
            from clearpost.formats.contrl import write_contrl

            self.rejected_interchanges.append(write_contrl(raw, error, prepared=_clock(None)))

    def write(self, path: Path) -> None:
        with _output(path) as stream:
            if self.answer_format == "jsonl":
                stream.write(_encoder.encode_lines(self.assessments))
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


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


# --------------------------------------------------------------------------------- commands


@app.command()
def generate(
    items: Annotated[int, typer.Option("--items", min=0, help="How many items.")],
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same items.")],
    format_: FormatOption,
    out: Annotated[Path, typer.Option("--out", help="Output file ('-' for stdout).")],
    truth: Annotated[
        Path | None, typer.Option("--truth", help="Write the planted finding codes, one JSON line per item.")
    ] = None,
    rate: Annotated[
        list[str] | None,
        typer.Option(
            "--rate", help="CODE=SHARE: how often to plant a defect, e.g. --rate VAGUE_DESCRIPTION=0.05."
        ),
    ] = None,
    clean: Annotated[
        bool, typer.Option("--clean", help="Plant no defects at all (before any --rate).")
    ] = False,
    mapping: MappingOption = None,
) -> None:
    """Write realistic synthetic items, with planted defects recorded in the truth file."""
    from clearpost.generate import DefectRates
    from clearpost.generate import generate as generate_items

    fmt = _item_format(format_)
    _check_mapping(mapping)
    try:
        shares = dict(_code_share(entry) for entry in rate or [])
        rates = DefectRates.from_codes(shares, base=DefectRates.none() if clean else None)
    except ValueError as error:
        raise _fail(str(error)) from None
    generated = []
    with cycle_collector_paused(), _progress() as progress:
        task = progress.add_task("Generating", total=items)
        for count, entry in enumerate(generate_items(items, seed, rates), start=1):
            generated.append(entry)
            if count % 5000 == 0:
                progress.update(task, completed=count)
        with _output(out) as stream:
            stream.write(formats.write([entry.item for entry in generated], fmt, mapping=mapping))
        if truth is not None:
            with _output(truth) as stream:
                stream.write(_encoder.encode_lines([entry.truth() for entry in generated]))


def _code_share(entry: str) -> tuple[str, float]:
    code, _, share = entry.partition("=")
    try:
        return code.strip().upper(), float(share)
    except ValueError:
        raise ValueError(f"--rate takes CODE=SHARE (e.g. VAGUE_DESCRIPTION=0.05), not {entry!r}") from None


@app.command()
def convert(
    input_path: Annotated[Path, typer.Argument(metavar="INPUT", help="Message to convert ('-' for stdin).")],
    to: Annotated[str, typer.Option("--to", help=f"Output format: {', '.join(ITEM_FORMATS)}.")],
    out: Annotated[Path, typer.Option("--out", help="Output file ('-' for stdout).")],
    from_format: Annotated[
        str | None, typer.Option("--from", help="Input format (default: detected).")
    ] = None,
    mapping: MappingOption = None,
) -> None:
    """Convert a message between formats. Checks syntax, not content: defective items pass through."""
    target = _item_format(to)
    _check_mapping(mapping)
    source = None if from_format is None else _item_format(from_format)
    raw = _read_input(input_path)
    with cycle_collector_paused():
        try:
            message = formats.read(raw, source, filename=str(input_path), mapping=mapping)
        except UnreadableMessage as error:
            _report_unreadable(input_path, error)
            raise typer.Exit(EXIT_UNREADABLE) from None
        with _output(out) as stream:
            stream.write(formats.write(message.records, target, mapping=mapping))


def _read_all(paths: Sequence[Path], mapping: str | None, answers: _Answers) -> list[Record]:
    records: list[Record] = []
    for path in paths:
        raw = _read_input(path)
        try:
            records.extend(formats.read(raw, filename=str(path), mapping=mapping).records)
        except UnreadableMessage as error:
            answers.unreadable_input(path, raw, error)
    return records


@app.command()
def assess(
    inputs: Annotated[list[Path], typer.Argument(metavar="INPUT...", help="Messages to assess.")],
    out: Annotated[
        Path, typer.Option("--out", help="Assessments, one JSON line per record ('-' for stdout).")
    ],
    mapping: MappingOption = None,
    as_of: AsOfOption = None,
    stage: StageOption = None,
    answer_format: AnswerFormatOption = "jsonl",
) -> None:
    """Run the whole pipeline without storing; one assessment per record, in input order."""
    from clearpost.pipeline import assess as run_pipeline

    now, forced_stage, answers = _clock(as_of), _stage(stage), _Answers(answer_format)
    _check_mapping(mapping)
    with cycle_collector_paused():
        records = _read_all(inputs, mapping, answers)
        answers.assessments = run_pipeline(records, now=now, stage=forced_stage)
        answers.write(out)
    raise typer.Exit(answers.exit_code)


@app.command()
def ingest(
    inputs: Annotated[list[Path], typer.Argument(metavar="INPUT...", help="Messages to receive and store.")],
    report: Annotated[Path | None, typer.Option("--report", help="Write the assessments here.")] = None,
    mapping: MappingOption = None,
    as_of: AsOfOption = None,
    stage: StageOption = None,
    answer_format: AnswerFormatOption = "jsonl",
) -> None:
    """Assess and store messages: rejected items too; a message received twice is stored once."""
    from clearpost.intake import receive

    now, forced_stage, answers = _clock(as_of), _stage(stage), _Answers(answer_format)
    _check_mapping(mapping)
    engine = _engine()
    with _progress() as progress:
        task = progress.add_task("Ingesting", total=len(inputs))
        for path in inputs:
            raw = _read_input(path)
            try:
                receipt = receive(
                    engine,
                    raw,
                    filename=str(path),
                    mapping=mapping,
                    received_at=dt.datetime.now(dt.UTC),
                    now=now,
                    stage=forced_stage,
                )
            except UnreadableMessage as error:
                answers.unreadable_input(path, raw, error)
            else:
                answers.assessments.extend(receipt.assessments)
                stored = receipt.stored
                if stored.message_id is None:
                    console.print(f"{path}: already received — nothing stored.", highlight=False)
                else:
                    console.print(
                        f"{path}: {len(receipt.assessments)} records, {stored.new_versions} new versions, "
                        f"{stored.unchanged} unchanged, {stored.cancelled} cancellations.",
                        highlight=False,
                    )
            progress.advance(task)
    if report is not None:
        answers.write(report)
    raise typer.Exit(answers.exit_code)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host", help="Default: CLEARPOST_HOST or 127.0.0.1.")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Default: CLEARPOST_PORT or 8000.")] = None,
) -> None:
    """Run the HTTP service (OpenAPI at /docs)."""
    import uvicorn

    from clearpost.web.app import create_app

    settings = _settings()
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port)


def _settings() -> Settings:
    try:
        return Settings.from_environment()
    except ValueError as error:
        raise _fail(str(error)) from None


def _engine() -> Engine:
    from sqlalchemy.exc import OperationalError

    from clearpost.store.database import open_database

    url = _settings().database_url
    try:
        return open_database(url)
    except OperationalError as error:
        raise _fail(f"cannot open the database {url}: {error.orig}") from None
