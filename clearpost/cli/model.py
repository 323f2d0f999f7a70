"""The learned risk model: train, evaluate, activate, show."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import msgspec
import typer

from clearpost.bulk import cycle_collector_paused

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from clearpost.model import Item
    from clearpost.quality.rates import ExchangeRates
    from clearpost.risk.learned import RiskModel

from clearpost.cli.common import (
    EXIT_SOME_REJECTED,
    EXIT_UNREADABLE,
    Answers,
    MappingOption,
    app,
    check_mapping,
    console,
    fail,
    open_engine,
    open_output,
    parse_clock,
    read_input,
    read_records,
)

model_app = typer.Typer(
    help="Learned risk models: train on labelled items, evaluate, activate one for assess."
)
app.add_typer(model_app, name="model")
LabelOption = Annotated[
    str,
    typer.Option("--label", help="The input column that labels items (kcs mapping: Fraud, Critical Fraud)."),
]
PositiveOption = Annotated[
    str | None,
    typer.Option("--positive", help="The label value of a positive (default: non-zero numbers, true, yes)."),
]
_WORDS = {"true": 1, "yes": 1, "false": 0, "no": 0}


def _label_of(value: object, positive: str | None) -> int | None:
    """1 or 0 for a label value: with --positive, whether it is that value; else a number
    (0 is negative, any other positive) or true/false, yes/no. None when it cannot be read."""
    text = str(value).strip().casefold()
    if positive is not None:
        return int(text == positive.strip().casefold())
    if text in _WORDS:
        return _WORDS[text]
    try:
        return int(float(text) != 0)
    except ValueError:
        return None


def _labelled(
    inputs: Sequence[Path], mapping: str | None, label: str, positive: str | None
) -> tuple[list[Item], list[int]]:
    """The declarations of INPUT files with their labels; each must have a label and a date."""
    from clearpost.model import Item

    answers = Answers("jsonl")
    items: list[Item] = []
    labels: list[int] = []
    for path in inputs:
        records = read_records([path], mapping, answers)
        if answers.unreadable:
            raise typer.Exit(EXIT_UNREADABLE)
        for number, record in enumerate(records, 1):
            if not isinstance(record, Item):
                continue
            where = f"{path}: record {number} (item {record.item_id})"
            value = (record.attributes or {}).get(label)
            if value is None or value == "":
                raise fail(f"{where} has no value in the label column {label!r}.")
            labelled = _label_of(value, positive)
            if labelled is None:
                raise fail(
                    f"{where}: label {label!r} is {value!r}; say which value is positive (--positive)."
                )
            if record.posting_date is None:
                raise fail(f"{where} has no posting_date: a model learns from the order of declarations.")
            items.append(record)
            labels.append(labelled)
    if not items:
        raise fail(f"no declarations in {', '.join(map(str, inputs))}.")
    return items, labels


def _exchange_rates(engine: Engine) -> ExchangeRates:
    """ECB rates with the official ones loaded into the store, as `assess` converts."""
    from clearpost.quality.rates import ExchangeRates
    from clearpost.store.rates import official_rates

    with engine.connect() as connection:
        return ExchangeRates.from_ecb(official_rates(connection))


def _model_file(path: Path) -> tuple[RiskModel, bytes]:
    from clearpost.risk.learned import ModelFileError, RiskModel

    raw = read_input(path)
    try:
        return RiskModel.from_bytes(raw), raw
    except ModelFileError as error:
        raise fail(f"{path}: {error}.") from None


@model_app.command("train")
def model_train(
    inputs: Annotated[list[Path], typer.Argument(metavar="INPUT...", help="Labelled declarations.")],
    label: LabelOption,
    out: Annotated[Path, typer.Option("--out", help="Write the model file here.")],
    mapping: MappingOption = None,
    positive: PositiveOption = None,
    holdout: Annotated[
        float,
        typer.Option(
            "--holdout", min=0.05, max=0.5, help="Share of the period, at its end, held out for calibration."
        ),
    ] = 0.2,
) -> None:
    """Train a risk model (LightGBM, calibrated) on labelled declarations and write it to one file."""
    from clearpost.risk.learned import TrainingError, train

    check_mapping(mapping)
    with cycle_collector_paused():
        items, labels = _labelled(inputs, mapping, label, positive)
        data = ", ".join(path.name for path in inputs) + (f" (mapping {mapping})" if mapping else "")
        try:
            model = train(
                items,
                labels,
                [item.posting_date for item in items if item.posting_date is not None],
                rates=_exchange_rates(open_engine()),
                label=label,
                created_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
                data=data,
                holdout=holdout,
                step=lambda text: console.print(f"model train: {text}…", highlight=False),
            )
        except TrainingError as error:
            raise fail(f"cannot train on {data}: {error}.") from None
    with open_output(out) as stream:
        stream.write(model.to_bytes())
    card = model.card
    console.print(
        f"{out}: model {card.model_id}, {card.training.rows:,} declarations "
        f"({card.training.positives:,} positive) from {card.training.start} to {card.training.end}, "
        f"{card.rounds} trees; held out from {card.holdout.start}: precision@5 "
        f"{card.metrics['precision@5']:.3f}, alert threshold {card.threshold:.3f}.",
        highlight=False,
    )


@model_app.command("evaluate")
def model_evaluate(
    model_path: Annotated[Path, typer.Argument(metavar="MODEL", help="A model file.")],
    inputs: Annotated[list[Path], typer.Argument(metavar="INPUT...", help="Labelled declarations.")],
    label: LabelOption,
    out: Annotated[Path, typer.Option("--out", help="Write the figures (JSON) here ('-' for stdout).")],
    mapping: MappingOption = None,
    positive: PositiveOption = None,
    revenue_column: Annotated[
        str | None,
        typer.Option(
            "--revenue",
            help="Column of the revenue recovered per positive (default: value × Tax Rate / 100).",
        ),
    ] = None,
) -> None:
    """Precision, recall and revenue at 1, 2, 5 and 10 % of the declarations, ranked by the model."""
    import numpy as np

    from clearpost.risk.learned import revenue
    from clearpost.risk.metrics import ranking_metrics

    check_mapping(mapping)
    model, _ = _model_file(model_path)
    with cycle_collector_paused():
        items, labels = _labelled(inputs, mapping, label, positive)
        scores = model.score(items, rates=_exchange_rates(open_engine()), day=parse_clock(None).date())
    if revenue_column is not None:
        found = [(item.attributes or {}).get(revenue_column) for item in items]
        if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in found):
            raise fail(f"the revenue column {revenue_column!r} is missing or not a number in some items.")
        at_stake: np.ndarray | None = np.array(found, dtype=float)
        revenue_is = f"column {revenue_column}"
    else:
        at_stake = revenue(items)
        revenue_is = "declared value × Tax Rate / 100"
    figures: dict[str, object] = {
        "model": model.model_id,
        "label": label,
        "items": len(items),
        "positives": sum(labels),
        **{name: round(v, 4) for name, v in ranking_metrics(np.array(labels), scores, at_stake).items()},
    }
    if at_stake is not None:
        figures["revenue"] = revenue_is
    with open_output(out) as stream:
        stream.write(msgspec.json.format(msgspec.json.encode(figures)) + b"\n")


@model_app.command("activate")
def model_activate(
    model_path: Annotated[Path, typer.Argument(metavar="MODEL", help="The model file.")],
) -> None:
    """Store a model and make it the one `assess`, `ingest` and the service score with."""
    from clearpost.store.models import activate_model, active_model_id

    model, raw = _model_file(model_path)
    with open_engine().begin() as connection:
        before = active_model_id(connection)
        activate_model(connection, model, raw, at=dt.datetime.now(dt.UTC))
    replaced = f" (instead of {before})" if before and before != model.model_id else ""
    console.print(
        f"Model {model.model_id} is active{replaced}: items scored {model.threshold:.3f} or more "
        f"get MODEL_SCORE.",
        highlight=False,
    )


@model_app.command("deactivate")
def model_deactivate() -> None:
    """Score with no learned model any more."""
    from clearpost.store.models import deactivate_models

    with open_engine().begin() as connection:
        before = deactivate_models(connection)
    console.print(
        f"Model {before} is not active any more." if before else "No model was active.", highlight=False
    )


@model_app.command("show")
def model_show(
    model_path: Annotated[
        Path | None, typer.Argument(metavar="[MODEL]", help="A model file (default: the active model).")
    ] = None,
) -> None:
    """Print a model's card (JSON): data, period, features, parameters, held-out figures."""
    from clearpost.risk.learned import ModelFileError
    from clearpost.store.models import active_model

    if model_path is not None:
        model = _model_file(model_path)[0]
    else:
        try:
            with open_engine().connect() as connection:
                active = active_model(connection)
        except ModelFileError as error:
            raise fail(str(error)) from None
        if active is None:
            raise fail("no model is active; give a model file.", EXIT_SOME_REJECTED)
        model = active
    sys.stdout.buffer.write(msgspec.json.format(msgspec.json.encode(model.card)) + b"\n")
