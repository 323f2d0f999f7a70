"""The command line of contract §4 (Typer + Rich). An edge: reads files, the clock and the
environment, and hands plain values to the core."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from itertools import islice
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

    from clearpost.reference import Reference

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
LanguageOption = Annotated[
    str | None,
    typer.Option("--language", help="Language of the messages: en or fr (default: each item's Post's)."),
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
    entries = generate_items(items, seed, rates)
    # JSON Lines concatenate: a chunk at a time is written and freed; other formats are written
    # whole, and so is everything when items and truth both go to standard output
    whole = fmt != "jsonl" or (truth is not None and str(out) == str(truth) == "-")
    chunk_size = max(items, 1) if whole else _GENERATE_CHUNK
    with cycle_collector_paused(), _progress() as progress, ExitStack() as files:
        task = progress.add_task("Generating", total=items)
        stream = files.enter_context(_output(out))
        truth_stream = None if truth is None or whole else files.enter_context(_output(truth))
        done = 0  # counts an empty run as one chunk: it still writes an empty document
        while (chunk := list(islice(entries, chunk_size))) or not done:
            stream.write(formats.write([entry.item for entry in chunk], fmt, mapping=mapping))
            truths = _encoder.encode_lines([entry.truth() for entry in chunk])
            if truth_stream is not None:
                truth_stream.write(truths)
            elif truth is not None:
                files.enter_context(_output(truth)).write(truths)
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
    language: LanguageOption = None,
) -> None:
    """Run the whole pipeline without storing; one assessment per record, in input order."""
    from clearpost.pipeline import assess as run_pipeline

    now, forced_stage, answers = _clock(as_of), _stage(stage), _Answers(answer_format)
    _check_mapping(mapping)
    reference, language = _reference(_engine()), _language(language)
    with cycle_collector_paused():
        records = _read_all(inputs, mapping, answers)
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

    now, forced_stage, answers = _clock(as_of), _stage(stage), _Answers(answer_format)
    _check_mapping(mapping)
    engine = _engine()
    reference, language = _reference(engine), _language(language)
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


def _language(value: str | None) -> str | None:
    from clearpost.quality.language import LANGUAGES

    if value is None or value in LANGUAGES:
        return value
    raise _fail(f"--language must be one of {', '.join(LANGUAGES)}, not {value!r}.")


def _reference(engine: Engine) -> Reference:
    """The reference data: packaged, with the operator's profiles, Post languages and the
    official exchange rates loaded into the store."""
    from clearpost.quality.profiles import ProfileError
    from clearpost.reference import load_reference
    from clearpost.store.rates import official_rates
    from clearpost.store.valuation import latest_bands
    from clearpost.store.watchlists import active_entries

    settings = _settings()
    with engine.connect() as connection:
        rates = official_rates(connection)
        entries = active_entries(connection)
        bands = latest_bands(connection)
    try:
        return load_reference(
            official_rates=rates,
            profiles_dir=settings.profiles_dir,
            post_languages=settings.post_languages,
            watchlist_entries=entries,
            value_bands=bands,
        )
    except (ProfileError, ValueError, OSError) as error:
        raise _fail(str(error)) from None


def _engine() -> Engine:
    from sqlalchemy.exc import OperationalError

    from clearpost.store.database import open_database

    url = _settings().database_url
    try:
        return open_database(url)
    except OperationalError as error:
        raise _fail(f"cannot open the database {url}: {error.orig}") from None


quality_app = typer.Typer(help="Data quality of the EAD received: Post scorecards and feedback reports.")
rates_app = typer.Typer(help="Official exchange rates for customs purposes (they win over ECB rates).")
app.add_typer(quality_app, name="quality")
app.add_typer(rates_app, name="rates")
SinceOption = Annotated[
    str | None, typer.Option("--since", help="Only items received on or after this day (YYYY-MM-DD).")
]


def _since(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(f"--since {value!r} is not a date (YYYY-MM-DD).") from None


@quality_app.command("scorecard")
def quality_scorecard(
    out: Annotated[Path, typer.Option("--out", help="Write the scorecards (JSON) here ('-' for stdout).")],
    since: SinceOption = None,
    post: Annotated[str | None, typer.Option("--post", help="Only this Post (UPU operator code).")] = None,
) -> None:
    """Data-quality figures per Post from the stored items, rejected ones included."""
    from clearpost.store.quality import scorecards

    day = _since(since)
    with _engine().connect() as connection:
        figures = scorecards(connection, since=day, post=post)
    with _output(out) as stream:
        stream.write(msgspec.json.format(msgspec.json.encode(figures)) + b"\n")


@quality_app.command("feedback")
def quality_feedback(
    post: Annotated[str, typer.Option("--post", help="The Post (UPU operator code) the report is for.")],
    out: Annotated[Path, typer.Option("--out", help="Write the HTML report here ('-' for stdout).")],
    since: SinceOption = None,
    language: LanguageOption = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many problems to list.")] = 10,
    administration: Annotated[
        str, typer.Option("--administration", help="Who sends the report.")
    ] = "Customs administration",
) -> None:
    """A Post's feedback report (HTML): its figures and top problems with example items."""
    from clearpost.quality.feedback import feedback_html
    from clearpost.reference import load_post_languages
    from clearpost.store.quality import feedback_problems, scorecards

    day = _since(since)
    with _engine().connect() as connection:
        figures = scorecards(connection, since=day, post=post)["posts"]
        if not figures:
            raise _fail(
                f"no item from Post {post!r} is stored{f' since {day}' if day else ''}.", EXIT_SOME_REJECTED
            )
        problems = feedback_problems(connection, figures[0], since=day, top=top)
    html = feedback_html(
        figures[0],
        problems,
        language=_language(language) or load_post_languages(_settings().post_languages).of(post, None),
        administration=administration,
        generated=dt.datetime.now(dt.UTC),
        since=day,
    )
    with _output(out) as stream:
        stream.write(html.encode())


@rates_app.command("load")
def rates_load(
    path: Annotated[
        Path, typer.Argument(metavar="FILE.csv", help="Columns: currency, per_eur, valid_from, valid_to.")
    ],
) -> None:
    """Load official exchange rates (units of a currency for one euro, for a period)."""
    from clearpost.identifiers import iso_currencies
    from clearpost.store.rates import RatesFileError, read_rates_csv, store_rates

    raw = _read_input(path)
    try:
        rates = read_rates_csv(raw.decode("utf-8"), iso_currencies())
    except (RatesFileError, UnicodeDecodeError) as error:
        raise _fail(f"{path}: {error}") from None
    with _engine().begin() as connection:
        count = store_rates(connection, rates, source=str(path), at=dt.datetime.now(dt.UTC))
    console.print(f"{path}: {count} rates loaded.", highlight=False)


hs_app = typer.Typer(help="HS codes: suggestions from descriptions, offline.")
app.add_typer(hs_app, name="hs")


@hs_app.command("suggest")
def hs_suggest(
    out: Annotated[Path, typer.Option("--out", help="One JSON line per description ('-' for stdout).")],
    text: Annotated[str | None, typer.Argument(metavar="[TEXT]", help="A description.")] = None,
    input_path: Annotated[
        Path | None, typer.Option("--input", help="A file of descriptions, one per line.")
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=50, help="How many codes per description.")] = 5,
) -> None:
    """The likeliest HS 2022 subheadings for item descriptions, with a score and why."""
    from clearpost.hs.suggest import load_suggester

    if (text is None) == (input_path is None):
        raise _fail("give a TEXT or --input FILE (one description per line), not both.")
    if input_path is not None:
        try:
            descriptions = _read_input(input_path).decode("utf-8").splitlines()
        except UnicodeDecodeError as error:
            raise _fail(f"{input_path}: not UTF-8 text ({error.reason} at byte {error.start}).") from None
    else:
        descriptions = [text or ""]
    suggester = load_suggester()
    with _output(out) as stream, _progress() as progress:
        task = progress.add_task("Suggesting", total=len(descriptions))
        for start in range(0, len(descriptions), 256):
            chunk = descriptions[start : start + 256]
            answers = suggester.suggest(chunk, top=top)
            stream.write(
                _encoder.encode_lines(
                    [{"description": d, "suggestions": a} for d, a in zip(chunk, answers, strict=True)]
                )
            )
            progress.advance(task, len(chunk))


watchlist_app = typer.Typer(help="Watchlists (sanctions lists) to screen senders and addressees against.")
screen_app = typer.Typer(help="Screen names against watchlists, or score name pairs.")
app.add_typer(watchlist_app, name="watchlist")
app.add_typer(screen_app, name="screen")


@watchlist_app.command("load")
def watchlist_load(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The list: a file, or a folder for ofac-csv.")],
    format_: Annotated[str, typer.Option("--format", help="un-xml, ofac-csv, ftm-json or csv.")],
    name: Annotated[
        str | None, typer.Option("--name", help="The list's name (default: from the format).")
    ] = None,
) -> None:
    """Load a watchlist version; it becomes the one screening uses for that list name."""
    from clearpost.risk.watchlists import WatchlistError, read_watchlist
    from clearpost.store.watchlists import store_watchlist

    try:
        watchlist = read_watchlist(path, format_, name)
    except (WatchlistError, OSError) as error:
        raise _fail(f"{path}: {error}") from None
    with _engine().begin() as connection:
        loaded = store_watchlist(connection, watchlist, loaded_at=dt.datetime.now(dt.UTC))
    replaced = f", replacing version {loaded.replaced}" if loaded.replaced else ""
    summary = f"{loaded.name}: {loaded.entries} entries, version {loaded.version}{replaced}."
    console.print(summary, highlight=False)


@screen_app.command("pairs")
def screen_pairs(
    input_path: Annotated[
        Path, typer.Argument(metavar="INPUT.csv", help="Columns left, right (and schema).")
    ],
    out: Annotated[Path, typer.Option("--out", help="The rows with score and match ('-' for stdout).")],
) -> None:
    """Score name pairs (any scripts): the same rows plus `score` (0..1) and `match`."""
    import csv
    import io

    from clearpost.risk.matching import score_pair
    from clearpost.risk.screening import THRESHOLD

    rows = _read_csv(input_path, ("left", "right"))
    buffer = io.StringIO()
    fields = [*(rows[0].keys() if rows else ("left", "right")), "score", "match"]
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        organization = (row.get("schema") or "Person") != "Person"
        score = score_pair(row["left"] or "", row["right"] or "", organization)
        writer.writerow({**row, "score": f"{score:.4f}", "match": str(score >= THRESHOLD).lower()})
    with _output(out) as stream:
        stream.write(buffer.getvalue().encode())


@screen_app.command("names")
def screen_names(
    input_path: Annotated[
        Path, typer.Argument(metavar="INPUT.csv", help="Columns name (country, birth_date).")
    ],
    out: Annotated[Path, typer.Option("--out", help="One JSON line per row ('-' for stdout).")],
) -> None:
    """Screen names against the loaded watchlists: one JSON line per row, matches best first."""
    from clearpost.risk.screening import Screener
    from clearpost.risk.watchlists import country_code
    from clearpost.store.watchlists import active_entries

    rows = _read_csv(input_path, ("name",))
    with _engine().connect() as connection:
        screener = Screener(active_entries(connection))
    lines = []
    for row in rows:
        birth = (row.get("birth_date") or "")[:4]
        hits = screener.screen(
            row["name"] or "",
            country=country_code(row.get("country") or ""),
            birth_year=int(birth) if birth.isdigit() else None,
        )
        matches = [
            {
                "list": h.list_name,
                "entry_id": h.entry_id,
                "matched_name": h.matched_name,
                "score": h.score,
                "match": h.match,
                "why": h.why,
            }
            for h in hits
        ]
        lines.append({"name": row["name"], "matches": matches})
    with _output(out) as stream:
        stream.write(_encoder.encode_lines(lines))


def _read_csv(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file with a header naming at least the `required` columns."""
    import csv
    import io

    try:
        text = _read_input(path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _fail(f"{path}: not UTF-8 text ({error.reason} at byte {error.start}).") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in required if name not in (reader.fieldnames or [])]
    if missing:
        raise _fail(f"{path}: the header lacks the required column(s) {', '.join(missing)}.")
    return list(reader)


valuation_app = typer.Typer(help="Value bands per HS code, for undervaluation.")
app.add_typer(valuation_app, name="valuation")


@valuation_app.command("learn")
def valuation_learn(since: SinceOption = None) -> None:
    """Learn value bands from the stored accepted declarations; they replace the shipped ones."""
    from functools import partial

    from clearpost.quality.rates import ExchangeRates
    from clearpost.risk.valuation import observations
    from clearpost.store.valuation import learn_from_store, store_bands

    day = _since(since)
    with _engine().begin() as connection:
        bands = learn_from_store(
            connection, since=day, per_kg=partial(observations, rates=ExchangeRates.from_ecb())
        )
        if not bands.bands:
            raise _fail(
                "too few stored declarations to learn any band (20 per HS code needed).", EXIT_SOME_REJECTED
            )
        store_bands(connection, bands, learned_at=dt.datetime.now(dt.UTC))
    console.print(f"{len(bands.bands)} value bands learned ({bands.source}).", highlight=False)


def main() -> None:
    """The `clearpost` console script: run the command, then leave without tearing down the
    heap. Freeing hundreds of thousands of objects one by one at exit takes longer than
    reading them did; files are closed and streams flushed before that point."""
    try:
        app()
    except SystemExit as done:
        status = done.code
    else:
        status = 0
    if isinstance(status, str):
        print(status, file=sys.stderr)
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status or 0)
