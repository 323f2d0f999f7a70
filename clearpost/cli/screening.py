"""Watchlists: loading versions, clearing false hits, screening names and scoring pairs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    pass

from clearpost.cli.common import (
    app,
    console,
    fail,
    json_encoder,
    open_engine,
    open_output,
    progress_bar,
    read_csv_rows,
    reference_in_force,
)

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
        raise fail(f"{path}: {error}") from None
    from clearpost.review import OPEN_DAYS, rescreen_open

    engine = open_engine()
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as connection:
        loaded = store_watchlist(connection, watchlist, loaded_at=now)
    replaced = f", replacing version {loaded.replaced}" if loaded.replaced else ""
    summary = f"{loaded.name}: {loaded.entries} entries, version {loaded.version}{replaced}."
    console.print(summary, highlight=False)
    with progress_bar() as progress:
        task = progress.add_task(f"re-screening the items open {OPEN_DAYS} days", total=None)
        reference = reference_in_force(engine)
        done = rescreen_open(engine, reference, now=now, progress=lambda n: progress.advance(task, n))
    console.print(
        f"Re-screened {done.items} open items: {done.changed} changed, {done.matched} of them now match.",
        highlight=False,
    )


@watchlist_app.command("clear")
def watchlist_clear(
    item_id: Annotated[str, typer.Argument(metavar="ITEM_ID", help="The item whose hit is false.")],
    entry: Annotated[str, typer.Option("--entry", help="The list entry the party is not (its entry id).")],
    officer: Annotated[str, typer.Option("--officer", help="Who clears the hit.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the party is not that entry.")],
) -> None:
    """Clear a false watchlist hit: the item's party is not that list entry. Kept with who and why,
    honoured for this party until the entry changes; the item is decided again."""
    from clearpost.review import ReviewError, clear_hit

    engine = open_engine()
    try:
        clearances, assessment = clear_hit(
            engine,
            reference_in_force(engine),
            item_id=item_id,
            entry_id=entry,
            officer=officer,
            reason=reason,
            now=dt.datetime.now(dt.UTC),
        )
    except ReviewError as error:
        raise fail(str(error)) from None
    parties = ", ".join(c.party.split("|")[0] for c in clearances)
    console.print(
        f"Cleared {len(clearances)} hit(s) on {entry} ({parties}); "
        f"item {item_id} is now {assessment.outcome}.",
        highlight=False,
    )


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

    rows = read_csv_rows(input_path, ("left", "right"))
    buffer = io.StringIO()
    fields = [*(rows[0].keys() if rows else ("left", "right")), "score", "match"]
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        organization = (row.get("schema") or "Person") != "Person"
        score = score_pair(row["left"] or "", row["right"] or "", organization)
        writer.writerow({**row, "score": f"{score:.4f}", "match": str(score >= THRESHOLD).lower()})
    with open_output(out) as stream:
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

    rows = read_csv_rows(input_path, ("name",))
    with open_engine().connect() as connection:
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
    with open_output(out) as stream:
        stream.write(json_encoder.encode_lines(lines))
