"""Data quality (scorecards, feedback), official exchange rates and HS suggestions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import msgspec
import typer

if TYPE_CHECKING:
    pass

from clearpost.cli.common import (
    EXIT_SOME_REJECTED,
    LanguageOption,
    SinceOption,
    app,
    console,
    current_settings,
    fail,
    json_encoder,
    open_engine,
    open_output,
    parse_language,
    parse_since,
    progress_bar,
    read_input,
)

quality_app = typer.Typer(help="Data quality of the EAD received: Post scorecards and feedback reports.")
rates_app = typer.Typer(help="Official exchange rates for customs purposes (they win over ECB rates).")
app.add_typer(quality_app, name="quality")
app.add_typer(rates_app, name="rates")


@quality_app.command("scorecard")
def quality_scorecard(
    out: Annotated[Path, typer.Option("--out", help="Write the scorecards (JSON) here ('-' for stdout).")],
    since: SinceOption = None,
    post: Annotated[str | None, typer.Option("--post", help="Only this Post (UPU operator code).")] = None,
) -> None:
    """Data-quality figures per Post from the stored items, rejected ones included."""
    from clearpost.store.quality import scorecards

    day = parse_since(since)
    with open_engine().connect() as connection:
        figures = scorecards(connection, since=day, post=post)
    with open_output(out) as stream:
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

    day = parse_since(since)
    with open_engine().connect() as connection:
        figures = scorecards(connection, since=day, post=post)["posts"]
        if not figures:
            raise fail(
                f"no item from Post {post!r} is stored{f' since {day}' if day else ''}.", EXIT_SOME_REJECTED
            )
        problems = feedback_problems(connection, figures[0], since=day, top=top)
    html = feedback_html(
        figures[0],
        problems,
        language=parse_language(language)
        or load_post_languages(current_settings().post_languages).of(post, None),
        administration=administration,
        generated=dt.datetime.now(dt.UTC),
        since=day,
    )
    with open_output(out) as stream:
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

    raw = read_input(path)
    try:
        rates = read_rates_csv(raw.decode("utf-8"), iso_currencies())
    except (RatesFileError, UnicodeDecodeError) as error:
        raise fail(f"{path}: {error}") from None
    with open_engine().begin() as connection:
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
        raise fail("give a TEXT or --input FILE (one description per line), not both.")
    if input_path is not None:
        try:
            descriptions = read_input(input_path).decode("utf-8").splitlines()
        except UnicodeDecodeError as error:
            raise fail(f"{input_path}: not UTF-8 text ({error.reason} at byte {error.start}).") from None
    else:
        descriptions = [text or ""]
    suggester = load_suggester()
    with open_output(out) as stream, progress_bar() as progress:
        task = progress.add_task("Suggesting", total=len(descriptions))
        for start in range(0, len(descriptions), 256):
            chunk = descriptions[start : start + 256]
            answers = suggester.suggest(chunk, top=top)
            stream.write(
                json_encoder.encode_lines(
                    [{"description": d, "suggestions": a} for d, a in zip(chunk, answers, strict=True)]
                )
            )
            progress.advance(task, len(chunk))
