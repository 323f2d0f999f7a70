"""Messages in and answers out: generate, convert, assess, ingest, serve."""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from clearpost import formats
from clearpost.bulk import cycle_collector_paused
from clearpost.formats import ITEM_FORMATS, UnreadableMessage
from clearpost.model import Assessment

if TYPE_CHECKING:
    pass

from clearpost.cli.common import (
    EXIT_UNREADABLE,
    AnswerFormatOption,
    Answers,
    AsOfOption,
    FormatOption,
    LanguageOption,
    MappingOption,
    StageOption,
    app,
    check_mapping,
    console,
    current_settings,
    fail,
    json_encoder,
    open_engine,
    open_output,
    parse_clock,
    parse_item_format,
    parse_language,
    parse_stage,
    progress_bar,
    read_input,
    read_records,
    reference_in_force,
    report_unreadable,
)


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

    fmt = parse_item_format(format_)
    check_mapping(mapping)
    try:
        shares = dict(_code_share(entry) for entry in rate or [])
        rates = DefectRates.from_codes(shares, base=DefectRates.none() if clean else None)
    except ValueError as error:
        raise fail(str(error)) from None
    entries = generate_items(items, seed, rates)
    # JSON Lines concatenate: a chunk at a time is written and freed; other formats are written
    # whole, and so is everything when items and truth both go to standard output
    whole = fmt != "jsonl" or (truth is not None and str(out) == str(truth) == "-")
    chunk_size = max(items, 1) if whole else _GENERATE_CHUNK
    with cycle_collector_paused(), progress_bar() as progress, ExitStack() as files:
        task = progress.add_task("Generating", total=items)
        stream = files.enter_context(open_output(out))
        truth_stream = None if truth is None or whole else files.enter_context(open_output(truth))
        done = 0  # counts an empty run as one chunk: it still writes an empty document
        while (chunk := list(islice(entries, chunk_size))) or not done:
            stream.write(formats.write([entry.item for entry in chunk], fmt, mapping=mapping))
            truths = json_encoder.encode_lines([entry.truth() for entry in chunk])
            if truth_stream is not None:
                truth_stream.write(truths)
            elif truth is not None:
                files.enter_context(open_output(truth)).write(truths)
            done += len(chunk) or 1
            progress.update(task, completed=min(done, items))


_GENERATE_CHUNK = 10_000
"""Items generated, written and freed at a time when the output is JSON Lines."""


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
    target = parse_item_format(to)
    check_mapping(mapping)
    source = None if from_format is None else parse_item_format(from_format)
    raw = read_input(input_path)
    with cycle_collector_paused():
        try:
            message = formats.read(raw, source, filename=str(input_path), mapping=mapping)
        except UnreadableMessage as error:
            report_unreadable(input_path, error)
            raise typer.Exit(EXIT_UNREADABLE) from None
        with open_output(out) as stream:
            stream.write(formats.write(message.records, target, mapping=mapping))


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
    language: LanguageOption = None,
) -> None:
    """Run the whole pipeline without storing; one assessment per record, in input order."""
    from clearpost.pipeline import assess as run_pipeline

    now, forced_stage, answers = parse_clock(as_of), parse_stage(stage), Answers(answer_format)
    check_mapping(mapping)
    reference, language = reference_in_force(open_engine()), parse_language(language)
    with cycle_collector_paused():
        records = read_records(inputs, mapping, answers)
        answers.assessments = run_pipeline(
            records, now=now, reference=reference, stage=forced_stage, language=language
        )
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
    language: LanguageOption = None,
) -> None:
    """Assess and store messages: rejected items too; a message received twice is stored once."""
    from clearpost.intake import receive

    now, forced_stage, answers = parse_clock(as_of), parse_stage(stage), Answers(answer_format)
    check_mapping(mapping)
    engine = open_engine()
    reference, language = reference_in_force(engine), parse_language(language)
    stored_assessments: list[Assessment] = []
    with progress_bar() as progress:
        task = progress.add_task("Ingesting", total=len(inputs))
        for path in inputs:
            raw = read_input(path)
            try:
                receipt = receive(
                    engine,
                    raw,
                    filename=str(path),
                    mapping=mapping,
                    received_at=dt.datetime.now(dt.UTC),
                    reference=reference,
                    now=now,
                    stage=forced_stage,
                    language=language,
                )
            except UnreadableMessage as error:
                answers.unreadable_input(path, raw, error)
            else:
                answers.assessments.extend(receipt.assessments)
                stored = receipt.stored
                if stored.message_id is None:
                    console.print(f"{path}: already received — nothing stored.", highlight=False)
                else:
                    stored_assessments.extend(receipt.assessments)
                    console.print(
                        f"{path}: {len(receipt.assessments)} records, {stored.new_versions} new versions, "
                        f"{stored.unchanged} unchanged, {stored.cancelled} cancellations.",
                        highlight=False,
                    )
            progress.advance(task)
    _send_webhook(stored_assessments)
    if report is not None:
        answers.write(report)
    raise typer.Exit(answers.exit_code)


def _send_webhook(assessments: list[Assessment]) -> None:
    """POST stored assessments to CLEARPOST_WEBHOOK_URL, if set; a failure is reported on stderr
    and does not change the exit status (the assessments are stored)."""
    from clearpost.webhook import Webhook, deliver

    webhook = Webhook.from_settings(current_settings())
    if webhook is None or not assessments:
        return
    from rich.markup import escape

    delivery = deliver(webhook, assessments)
    label = "webhook:" if delivery.failure is None else "[red]webhook:[/red]"
    console.print(f"{label} {escape(delivery.summary())}", highlight=False, soft_wrap=True)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host", help="Default: CLEARPOST_HOST or 127.0.0.1.")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Default: CLEARPOST_PORT or 8000.")] = None,
) -> None:
    """Run the HTTP service (OpenAPI at /docs)."""
    import uvicorn

    from clearpost.web.app import create_app

    settings = current_settings()
    app = create_app(settings)
    # the reference data live as long as the service: out of the cycle collector's scans
    gc.freeze()
    uvicorn.run(app, host=host or settings.host, port=port or settings.port)
