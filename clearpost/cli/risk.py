"""Value bands, officers' rule sets and backtests, inspection outcomes, the decision policy."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import msgspec
import typer
from rich.console import Console

if TYPE_CHECKING:
    pass

from clearpost.cli.common import (
    EXIT_SOME_REJECTED,
    STDOUT,
    SinceOption,
    app,
    console,
    current_settings,
    fail,
    json_encoder,
    open_engine,
    open_output,
    parse_since,
    parse_stage,
    progress_bar,
    read_input,
    reference_in_force,
)

valuation_app = typer.Typer(help="Value bands per HS code, for undervaluation.")
app.add_typer(valuation_app, name="valuation")


@valuation_app.command("learn")
def valuation_learn(since: SinceOption = None) -> None:
    """Learn value bands from the stored accepted declarations; they replace the shipped ones."""
    from functools import partial

    from clearpost.quality.rates import ExchangeRates
    from clearpost.risk.valuation import observations
    from clearpost.store.valuation import learn_from_store, store_bands

    day = parse_since(since)
    with open_engine().begin() as connection:
        bands = learn_from_store(
            connection, since=day, per_kg=partial(observations, rates=ExchangeRates.from_ecb())
        )
        if not bands.bands:
            raise fail(
                "too few stored declarations to learn any band (20 per HS code needed).", EXIT_SOME_REJECTED
            )
        store_bands(connection, bands, learned_at=dt.datetime.now(dt.UTC))
    console.print(f"{len(bands.bands)} value bands learned ({bands.source}).", highlight=False)


rules_app = typer.Typer(help="Officers' rule sets: load, activate, and backtest against inspection outcomes.")
outcome_app = typer.Typer(help="Inspection outcomes: what officers found, for rule backtests and models.")
app.add_typer(rules_app, name="rules")
app.add_typer(outcome_app, name="outcome")


def _read_text(path: Path) -> str:
    try:
        return read_input(path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(f"{path}: not UTF-8 text ({error.reason} at byte {error.start}).") from None


def _officer(by: str | None) -> str:
    import getpass

    try:
        return by or getpass.getuser()
    except (OSError, KeyError):
        raise fail("say who loads the rule set with --by NAME.") from None


@rules_app.command("load")
def rules_load(
    path: Annotated[Path, typer.Argument(metavar="FILE.yaml", help="A rule set (see docs/rules.md).")],
    activate: Annotated[
        bool, typer.Option("--activate", help="Make this version the active one of its name.")
    ] = False,
    by: Annotated[str | None, typer.Option("--by", help="Who loads it (default: the system user).")] = None,
) -> None:
    """Check and store a rule set version; a version, once loaded, never changes."""
    from clearpost.risk.rules import RuleError, read_ruleset
    from clearpost.store.rules import RulesetConflict, store_ruleset

    text = _read_text(path)
    try:
        ruleset = read_ruleset(text, str(path))
    except RuleError as error:
        raise fail(str(error)) from None
    loaded_by = _officer(by)
    with open_engine().begin() as connection:
        try:
            stored, new = store_ruleset(
                connection,
                ruleset,
                text,
                loaded_at=dt.datetime.now(dt.UTC),
                loaded_by=loaded_by,
                activate=activate,
            )
        except RulesetConflict as error:
            raise fail(f"{path}: {error}") from None
    state = "loaded" if new else "already loaded"
    console.print(
        f"{path}: rule set {stored.name} version {stored.version}, {stored.rules} rules {state}"
        f"{' and active' if stored.active else ' (not active)'}.",
        highlight=False,
    )


@rules_app.command("list")
def rules_list(
    out: Annotated[Path | None, typer.Option("--out", help="Also write them as JSON here.")] = None,
) -> None:
    """The loaded rule set versions, and which are active."""
    from rich.table import Table

    from clearpost.store.rules import list_rulesets

    with open_engine().connect() as connection:
        stored = list_rulesets(connection)
    table = Table("rule set", "version", "rules", "active", "loaded", "by")
    for entry in stored:
        table.add_row(
            entry.name,
            entry.version,
            str(entry.rules),
            "yes" if entry.active else "",
            entry.loaded_at.isoformat(timespec="seconds"),
            entry.loaded_by,
        )
    console.print(table if stored else "No rule set is loaded.")
    if out is not None:
        rows = [
            {
                "ruleset": e.name,
                "version": e.version,
                "rules": e.rules,
                "active": e.active,
                "loaded_at": e.loaded_at,
                "loaded_by": e.loaded_by,
            }
            for e in stored
        ]
        with open_output(out) as stream:
            stream.write(msgspec.json.format(json_encoder.encode(rows)) + b"\n")


@rules_app.command("activate")
def rules_activate(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The rule set's name.")],
    version: Annotated[str | None, typer.Option("--version", help="Default: the latest loaded.")] = None,
) -> None:
    """Make a version the one `assess`, `ingest` and the service use (one per rule set name)."""
    from clearpost.store.rules import activate_ruleset

    with open_engine().begin() as connection:
        try:
            stored = activate_ruleset(connection, name, version)
        except LookupError as error:
            raise fail(str(error.args[0])) from None
    console.print(f"Rule set {stored.name} version {stored.version} is active.", highlight=False)


@rules_app.command("deactivate")
def rules_deactivate(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The rule set's name.")],
) -> None:
    """Stop using a rule set (its versions stay stored)."""
    from clearpost.store.rules import deactivate_ruleset

    with open_engine().begin() as connection:
        try:
            stored = deactivate_ruleset(connection, name)
        except LookupError as error:
            raise fail(str(error.args[0])) from None
    console.print(f"Rule set {stored.name} (version {stored.version}) is no longer active.", highlight=False)


@rules_app.command("backtest")
def rules_backtest(
    ruleset: Annotated[
        str, typer.Argument(metavar="RULESET", help="A rule set file (.yaml) or the name of a stored one.")
    ],
    since: Annotated[str, typer.Option("--since", help="Items assessed on or after this day (YYYY-MM-DD).")],
    out: Annotated[Path | None, typer.Option("--out", help="Write the figures as JSON here.")] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage", help="Take every item at this stage and count only its rules (default: each item's)."
        ),
    ] = None,
) -> None:
    """What the rules would have hit among stored items, and their precision where inspection
    outcomes are known (irregularities among inspected hits). Validity dates are not applied."""
    from collections.abc import Iterable

    from clearpost.risk.rules import RuleError, RuleSet, StoredEntry, backtest, read_ruleset
    from clearpost.store.outcomes import outcome_labels
    from clearpost.store.rules import backtest_entries, count_backtest_entries, stored_ruleset

    day, forced_stage = parse_since(since), parse_stage(stage)
    assert day is not None
    engine = open_engine()
    reference = reference_in_force(engine)
    candidate = Path(ruleset)
    with engine.connect() as connection:
        try:
            if candidate.suffix in (".yaml", ".yml") or candidate.exists():
                rules: RuleSet = read_ruleset(_read_text(candidate), ruleset)
            else:
                rules = stored_ruleset(connection, ruleset)
        except (RuleError, LookupError) as error:
            raise fail(str(error.args[0])) from None
        labels = outcome_labels(connection)
        total = count_backtest_entries(connection, since=day)
        with progress_bar() as progress:
            task = progress.add_task("Backtesting", total=total)

            def advancing(entries: Iterable[StoredEntry]) -> Iterable[StoredEntry]:
                for done, entry in enumerate(entries, 1):
                    yield entry
                    if done % 1000 == 0:
                        progress.update(task, completed=done)

            report = backtest(
                [rules],
                advancing(backtest_entries(connection, since=day)),
                labels,
                profiles=reference.profiles,
                rates=reference.quality.rates,
                bands=reference.bands,
                stage=forced_stage,
            )
    report = {"since": day.isoformat(), **report}
    _print_backtest(report)
    if out is not None:
        with open_output(out) as stream:
            stream.write(msgspec.json.format(json_encoder.encode(report)) + b"\n")


def _print_backtest(report: dict[str, object]) -> None:
    from typing import Any

    from rich.table import Table

    def figures(row: dict[str, Any]) -> list[str]:
        precision = "—" if row["precision"] is None else f"{row['precision']:.1%}"
        rate = "—" if row["hit_rate"] is None else f"{row['hit_rate']:.2%}"
        revenue = ", ".join(f"{c} {a}" for c, a in row["revenue_recovered"].items()) or "—"
        return [str(row["hits"]), rate, str(row["inspected"]), str(row["irregularities"]), precision, revenue]

    rulesets: Any = report["rulesets"]
    title = ", ".join(f"{r['ruleset']} version {r['version']}" for r in rulesets)
    table = Table(title=f"{title}: {report['items']} items since {report['since']}", padding=0)
    table.add_column("rule", no_wrap=True)
    table.add_column("description", min_width=12)
    for heading in ("hits", "rate", "inspected", "irregular", "precision", "revenue"):
        table.add_column(heading, justify="right")
    rows: Any = report["rules"]
    for row in rows:
        table.add_row(row["rule"], row["description"], *figures(row))
    any_rule: Any = report["any_rule"]
    table.add_row("any", "items hit by at least one rule", *figures(any_rule), end_section=True)
    base = "—" if report["precision"] is None else f"{report['precision']:.1%}"
    console.print(table)
    console.print(
        f"All items: {report['inspected']} inspected, {report['irregularities']} irregularities ({base}).",
        highlight=False,
    )


_OUTCOME_OPTIONS = {"item_id": "ITEM_ID", "reason_codes": "--reason"}


@outcome_app.command("record")
def outcome_record(
    item_id: Annotated[str, typer.Argument(metavar="ITEM_ID", help="The item inspected (S10 id).")],
    result: Annotated[
        str, typer.Option("--result", help="irregularity_found, no_irregularity or not_inspected.")
    ],
    officer: Annotated[str, typer.Option("--officer", help="Who records the outcome.")],
    fraud: Annotated[bool, typer.Option("--fraud/--no-fraud", help="The irregularity was fraud.")] = False,
    seized: Annotated[bool, typer.Option("--seized", help="The goods were seized.")] = False,
    revenue: Annotated[
        str | None, typer.Option("--revenue", help="Duties and taxes recovered, e.g. 125.40.")
    ] = None,
    currency: Annotated[str | None, typer.Option("--currency", help="ISO 4217 code of --revenue.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="What the officer found.")] = None,
    reason: Annotated[
        list[str] | None, typer.Option("--reason", help="A reason code (repeat for several).")
    ] = None,
) -> None:
    """Record what an inspection found (kept with who and when; the latest outcome counts)."""
    from clearpost.store.outcomes import OutcomeError, UnknownItem, check_outcome, record_outcomes

    try:
        outcome = check_outcome(
            item_id=item_id,
            result=result,
            officer=officer,
            fraud=fraud,
            seized=seized,
            revenue=revenue,
            currency=currency,
            note=note,
            reason_codes=reason or (),
        )
    except OutcomeError as error:
        raise fail(f"{_OUTCOME_OPTIONS.get(error.field, '--' + error.field)}: {error}") from None
    with open_engine().begin() as connection:
        try:
            (stored,) = record_outcomes(connection, [outcome], recorded_at=dt.datetime.now(dt.UTC))
        except UnknownItem as error:
            raise fail(str(error)) from None
    console.print(f"{stored.item_id}: {stored.result} recorded by {stored.officer}.", highlight=False)
    sys.stdout.buffer.write(json_encoder.encode(stored.as_json()) + b"\n")


_OUTCOME_COLUMNS = ("item_id", "result", "officer")
_BOOLEANS = {"": False, "false": False, "no": False, "0": False, "true": True, "yes": True, "1": True}


@outcome_app.command("load")
def outcome_load(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.csv",
            help="Columns item_id, result, officer; optional fraud, seized, revenue, currency, note, "
            "reason_codes (separated by ; or spaces).",
        ),
    ],
) -> None:
    """Record many outcomes, one per row; nothing is recorded if a row is wrong."""
    import csv
    import io
    import re

    from clearpost.store.outcomes import NewOutcome, OutcomeError, UnknownItem, check_outcome, record_outcomes

    reader = csv.DictReader(io.StringIO(_read_text(path)))
    missing = [name for name in _OUTCOME_COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise fail(f"{path}: the header lacks the required column(s) {', '.join(missing)}.")
    outcomes: list[NewOutcome] = []
    lines: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        flags = {}
        for name in ("fraud", "seized"):
            value = (row.get(name) or "").strip().lower()
            if value not in _BOOLEANS:
                raise fail(f"{path}, line {line}, column {name}: {value!r} is not true or false.")
            flags[name] = _BOOLEANS[value]
        try:
            outcome = check_outcome(
                item_id=row["item_id"] or "",
                result=(row["result"] or "").strip(),
                officer=row["officer"] or "",
                fraud=flags["fraud"],
                seized=flags["seized"],
                revenue=row.get("revenue"),
                currency=row.get("currency"),
                note=row.get("note"),
                reason_codes=re.split(r"[;,\s]+", row.get("reason_codes") or ""),
            )
        except OutcomeError as error:
            raise fail(f"{path}, line {line}, column {error.field}: {error}") from None
        outcomes.append(outcome)
        lines.setdefault(outcome.item_id, line)
    with open_engine().begin() as connection:
        try:
            stored = record_outcomes(connection, outcomes, recorded_at=dt.datetime.now(dt.UTC))
        except UnknownItem as error:
            first = min(error.item_ids, key=lambda item_id: lines[item_id])
            raise fail(f"{path}, line {lines[first]}, column item_id: {error}") from None
    console.print(f"{path}: {len(stored)} outcomes recorded.", highlight=False)


@outcome_app.command("list")
def outcome_list(
    since: Annotated[
        str | None, typer.Option("--since", help="Only outcomes recorded on or after this day (YYYY-MM-DD).")
    ] = None,
    item: Annotated[str | None, typer.Option("--item", help="Only this item's outcomes.")] = None,
    out: Annotated[Path, typer.Option("--out", help="One JSON line per outcome ('-': stdout).")] = STDOUT,
) -> None:
    """Recorded outcomes, oldest first, with who recorded each and when."""
    from clearpost.store.outcomes import list_outcomes

    day = parse_since(since)
    with open_engine().connect() as connection:
        outcomes = list_outcomes(connection, item_id=item, since=day)
    with open_output(out) as stream:
        stream.write(json_encoder.encode_lines([outcome.as_json() for outcome in outcomes]))


@outcome_app.command("export")
def outcome_export(
    out: Annotated[Path, typer.Option("--out", help="Canonical JSON Lines ('-': stdout).")],
) -> None:
    """The inspected items as labelled declarations, for `clearpost model train OUT --label
    inspection_fraud`: each item's latest version with its latest outcome in `attributes`
    (`inspection_fraud` 0/1, `inspection_result`, `inspection_revenue`)."""
    from clearpost.formats.canonical import encode_item
    from clearpost.store.outcomes import inspected_items

    with open_engine().connect() as connection:
        labelled = [
            msgspec.structs.replace(
                item,
                attributes={
                    **(item.attributes or {}),
                    "inspection_fraud": int(outcome.fraud or outcome.result == "irregularity_found"),
                    "inspection_result": outcome.result,
                    "inspection_revenue": float(outcome.revenue_recovered or 0),
                },
            )
            for item, outcome in inspected_items(connection)
        ]
    with open_output(out) as stream:
        for item in labelled:
            stream.write(encode_item(item) + b"\n")
    console.print(f"{len(labelled)} inspected items written to {out}.", highlight=False)


policy_app = typer.Typer(help="The decision policy: the outcome each reason asks for; inspection capacity.")
app.add_typer(policy_app, name="policy")


@policy_app.command("show")
def policy_show() -> None:
    """Print the decision policy in force (CLEARPOST_DECISION_POLICY, else the packaged one)."""
    from rich.table import Table

    from clearpost.reference import load_policy

    settings = current_settings()
    try:
        policy = load_policy(settings.decision_policy)
    except (ValueError, OSError) as error:
        raise fail(str(error)) from None
    table = Table(title=f"Decision policy {policy.name} {policy.version}".strip())
    for column in ("stage", "reason", "when", "outcome"):
        table.add_column(column)
    for referral in policy.referrals:
        when = ", ".join(f"{key} in {sorted(values)}" for key, values in referral.when.items())
        kind = "quality warning" if referral.quality else "risk reason"
        table.add_row(referral.stage, f"{referral.code} ({kind})", when, referral.outcome)
    Console().print(table)
    targeting = policy.targeting
    Console().print(
        f"Inspections a day: {targeting.capacity_share:.1%} of each office's items, "
        f"{targeting.random_share:.0%} of them chosen at random; "
        f"referrals beyond it: {targeting.over_capacity}.",
        highlight=False,
    )
