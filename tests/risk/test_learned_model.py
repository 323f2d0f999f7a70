"""The learned risk model: training, calibration, the model file, explanations, the store, the
pipeline and the `clearpost model` commands."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from pathlib import Path

import msgspec
import numpy as np
import pytest
from msgspec.structs import replace
from sqlalchemy import Engine, delete, func, select
from typer.testing import CliRunner

from clearpost.cli import app
from clearpost.formats.canonical import write_jsonl
from clearpost.generate import DefectRates, generate
from clearpost.model import Assessment, Code, ContentLine, Item
from clearpost.pipeline import assess
from clearpost.reference import Reference
from clearpost.risk.learned import ModelFileError, RiskModel, TrainingError, train
from clearpost.store.models import activate_model, active_model, active_model_id, deactivate_models
from clearpost.store.tables import risk_models

KCS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "kcs"
CREATED = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
runner = CliRunner()


def risky(item: Item) -> int:
    """The planted truth of the generated traffic: toys (HS chapter 95) made in China."""
    line = item.contents[0]
    return int((line.hs_code or "").startswith("95") and line.origin_country == "CN")


@pytest.fixture(scope="module")
def traffic() -> list[Item]:
    items = [entry.item for entry in generate(3000, 11, DefectRates.none())]
    # one line each, so that the planted line is the item's main one
    return [replace(item, contents=item.contents[:1]) for item in items]


@pytest.fixture(scope="module")
def model(traffic: list[Item], reference: Reference) -> RiskModel:
    return train(
        traffic,
        [risky(item) for item in traffic],
        [item.posting_date for item in traffic if item.posting_date],
        rates=reference.quality.rates,
        label="Smuggling",
        created_at=CREATED,
        data="generated traffic",
        max_rounds=60,
    )


def toy_from_china(item: Item) -> Item:
    line = ContentLine(
        description="Plastic toy cars",
        quantity=4,
        unit="pcs",
        net_weight_kg=0.8,
        value=item.total_value,
        hs_code="950300",
        origin_country="CN",
    )
    return replace(item, contents=[line], gross_weight_kg=0.9)


def test_scores_are_calibrated_probabilities_that_put_the_risky_first(
    model: RiskModel, traffic: list[Item], reference: Reference
) -> None:
    scores = model.score(traffic, rates=reference.quality.rates, day=CREATED.date())
    truth = np.array([risky(item) for item in traffic])
    assert ((scores >= 0) & (scores <= 1)).all()
    assert scores[truth == 1].min() > np.percentile(scores[truth == 0], 99)
    card = model.card
    assert card.holdout.start > card.training.start and card.training.rows == len(traffic)
    assert card.metrics["precision@1"] == 1.0 and 0 < card.threshold < 1
    assert card.libraries["lightgbm"] == "4.7.0" and card.label == "Smuggling"


def test_a_model_file_round_trips(model: RiskModel, traffic: list[Item], reference: Reference) -> None:
    again = RiskModel.from_bytes(model.to_bytes())
    assert again.card == model.card and again.encodings == model.encodings
    rates, day = reference.quality.rates, CREATED.date()
    np.testing.assert_array_equal(
        again.score(traffic, rates=rates, day=day), model.score(traffic, rates=rates, day=day)
    )


def rewritten(raw: bytes, name: str, content: bytes) -> bytes:
    """The model file with one member replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(buffer, "w") as target:
        for member in source.namelist():
            target.writestr(member, content if member == name else source.read(member))
    return buffer.getvalue()


def test_loading_refuses_a_model_of_another_feature_set_or_no_model(model: RiskModel) -> None:
    raw = model.to_bytes()
    card = msgspec.to_builtins(model.card)
    other = msgspec.json.encode({**card, "feature_set": "0123456789abcdef"})
    with pytest.raises(ModelFileError, match="feature set 0123456789abcdef"):
        RiskModel.from_bytes(rewritten(raw, "card.json", other))
    fewer = msgspec.json.encode({**card, "features": card["features"][:-1]})
    with pytest.raises(ModelFileError, match="retrain"):
        RiskModel.from_bytes(rewritten(raw, "card.json", fewer))
    with pytest.raises(ModelFileError, match="not a ClearPost risk model"):
        RiskModel.from_bytes(b"tree 1\nleaf 0.5\n")
    with pytest.raises(ModelFileError, match="the model card is not valid"):
        RiskModel.from_bytes(rewritten(raw, "card.json", b'{"format": "clearpost-risk-model"'))


def test_an_alert_explains_itself_in_words(
    model: RiskModel, example_item: Item, reference: Reference
) -> None:
    toy = toy_from_china(example_item)
    (reason,) = model.findings([toy], rates=reference.quality.rates, day=CREATED.date())
    assert reason is not None and reason.detail is not None
    assert (reason.code, reason.source, reason.severity) == (Code.MODEL_SCORE, "model", "warning")
    assert reason.detail["score"] >= reason.detail["threshold"] == round(model.threshold, 4)
    assert reason.detail["model"] == model.model_id
    explanation = reason.detail["explanation"]
    assert 1 <= len(explanation) <= 3
    assert all(text.endswith(("(raises)", "(lowers)")) for text in explanation)
    assert any("95" in text or "CN" in text for text in explanation), explanation
    assert not any("_" in text for text in explanation)  # words, not feature identifiers
    assert all(text in reason.message for text in explanation)
    assert model.findings([example_item], rates=reference.quality.rates, day=CREATED.date()) == [None]


def test_a_batch_is_scored_in_slices_as_it_would_be_whole(
    model: RiskModel, traffic: list[Item], reference: Reference, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = traffic[:500]
    whole = model.findings(batch, rates=reference.quality.rates, day=CREATED.date())
    assert any(whole) and not all(whole)
    monkeypatch.setattr("clearpost.risk.learned.SCORED_TOGETHER", 64)  # eight slices, the last short
    assert model.findings(batch, rates=reference.quality.rates, day=CREATED.date()) == whole


def test_assess_with_a_model_reports_model_score_for_the_risky_item_only(
    model: RiskModel, example_item: Item, reference: Reference
) -> None:
    with_model = dataclasses.replace(reference, model=model)
    toy = toy_from_china(replace(example_item, item_id="RR473124829GB"))
    answers = assess(
        [example_item, toy], now=dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC), reference=with_model
    )
    assert [a.status for a in answers] == ["accepted", "accepted"]
    codes = [[reason.code for reason in a.risk.reasons] for a in answers]
    assert Code.MODEL_SCORE not in codes[0] and Code.MODEL_SCORE in codes[1]
    without = assess([toy], now=dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC), reference=reference)
    assert Code.MODEL_SCORE not in [reason.code for reason in without[0].risk.reasons]


def test_training_needs_both_labels_and_a_later_period_to_hold_out(
    traffic: list[Item], reference: Reference
) -> None:
    dates = [item.posting_date for item in traffic if item.posting_date]
    rates = reference.quality.rates
    with pytest.raises(TrainingError, match="both labels"):
        train(traffic, [0] * len(traffic), dates, rates=rates, label="Smuggling", created_at=CREATED)
    labels = [risky(item) for item in traffic]
    with pytest.raises(TrainingError, match="single day"):
        train(traffic, labels, [dates[0]] * len(traffic), rates=rates, label="Smuggling", created_at=CREATED)


def test_the_store_keeps_models_and_one_active(
    engine: Engine, model: RiskModel, traffic: list[Item], reference: Reference
) -> None:
    other = train(
        traffic[:2000],
        [risky(item) for item in traffic[:2000]],
        [item.posting_date for item in traffic[:2000] if item.posting_date],
        rates=reference.quality.rates,
        label="Smuggling",
        created_at=CREATED,
        max_rounds=20,
    )
    at = CREATED + dt.timedelta(hours=1)
    with engine.begin() as connection:
        connection.execute(delete(risk_models))  # the PostgreSQL database is shared by the run
        assert active_model(connection) is None
        assert activate_model(connection, model, model.to_bytes(), at=at)
        assert activate_model(connection, other, other.to_bytes(), at=at)
        assert not activate_model(connection, model, model.to_bytes(), at=at)  # stored once, active again
    with engine.connect() as connection:
        loaded = active_model(connection)
        assert loaded is not None and loaded.card == model.card
        rows = connection.execute(select(func.count()).select_from(risk_models)).scalar_one()
        actives = connection.execute(select(func.count()).where(risk_models.c.active)).scalar_one()
        assert (rows, actives) == (2, 1)
    with engine.begin() as connection:
        assert deactivate_models(connection) == model.model_id
        assert active_model_id(connection) is None and active_model(connection) is None
        # a model stored by a version of ClearPost that computed other features
        card = msgspec.json.encode({**msgspec.to_builtins(other.card), "feature_set": "0123456789abcdef"})
        connection.execute(delete(risk_models).where(risk_models.c.model_id == other.model_id))
        activate_model(connection, other, rewritten(other.to_bytes(), "card.json", card), at=at)
    with engine.connect() as connection, pytest.raises(ModelFileError, match="model deactivate"):
        active_model(connection)


# ------------------------------------------------------------------------ the command line


def kcs_slice(path: Path, name: str, rows: int) -> Path:
    """The header and the first `rows` declarations of a KCS file."""
    lines = (KCS / name).read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: rows + 1]), encoding="utf-8")
    return path


def test_model_train_evaluate_activate_and_show_on_kcs_declarations(tmp_path: Path, database: Path) -> None:
    training = kcs_slice(tmp_path / "train.csv", "df_syn_train_eng.csv", 3000)
    unseen = kcs_slice(tmp_path / "valid.csv", "df_syn_valid_eng.csv", 1000)
    model_file = tmp_path / "kcs.model"
    result = runner.invoke(
        app,
        ["model", "train", str(training), "--mapping", "kcs", "--label", "Fraud", "--out", str(model_file)],
    )
    assert result.exit_code == 0, result.output
    assert "3,000 declarations" in result.output and "precision@5" in result.output
    card = RiskModel.from_bytes(model_file.read_bytes()).card
    assert (card.label, card.training.start, card.data) == (
        "Fraud",
        dt.date(2020, 1, 1),
        "train.csv (mapping kcs)",
    )

    figures_file = tmp_path / "figures.json"
    result = runner.invoke(
        app,
        [
            "model",
            "evaluate",
            str(model_file),
            str(unseen),
            "--mapping",
            "kcs",
            "--label",
            "Fraud",
            "--out",
            str(figures_file),
        ],
    )
    assert result.exit_code == 0, result.output
    figures = msgspec.json.decode(figures_file.read_bytes())
    assert (figures["items"], figures["model"]) == (1000, card.model_id)
    for n in (1, 2, 5, 10):
        assert 0 <= figures[f"precision@{n}"] <= 1 and 0 <= figures[f"revenue@{n}"] <= 1
    assert figures["recall@10"] >= figures["recall@5"] >= figures["recall@1"]
    assert figures["precision@10"] > figures["positives"] / figures["items"]  # better than chance
    assert figures["revenue"] == "declared value × Tax Rate / 100"

    result = runner.invoke(app, ["model", "activate", str(model_file)])
    assert result.exit_code == 0 and f"Model {card.model_id} is active" in result.output
    result = runner.invoke(app, ["model", "show"])
    assert result.exit_code == 0 and msgspec.json.decode(result.stdout)["model_id"] == card.model_id
    result = runner.invoke(app, ["model", "deactivate"])
    assert result.exit_code == 0 and card.model_id in result.output
    assert runner.invoke(app, ["model", "show"]).exit_code == 1


def test_model_commands_refuse_bad_input_with_a_clear_message(tmp_path: Path, database: Path) -> None:
    unseen = kcs_slice(tmp_path / "valid.csv", "df_syn_valid_eng.csv", 50)
    not_a_model = tmp_path / "not.model"
    not_a_model.write_bytes(b"PK\x03\x04 damaged")
    for command in (
        ["model", "activate", str(not_a_model)],
        ["model", "show", str(not_a_model)],
        [
            "model",
            "evaluate",
            str(not_a_model),
            str(unseen),
            "--mapping",
            "kcs",
            "--label",
            "Fraud",
            "--out",
            "-",
        ],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert "not a ClearPost risk model" in " ".join(result.output.split())
        assert "Traceback" not in result.output
    result = runner.invoke(
        app,
        [
            "model",
            "train",
            str(unseen),
            "--mapping",
            "kcs",
            "--label",
            "Seized",
            "--out",
            str(tmp_path / "m"),
        ],
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    message = " ".join(result.output.split())
    assert (
        "valid.csv: record 1 (item CP" in message and "has no value in the label column 'Seized'" in message
    )
    words = ["model", "train", str(unseen), "--mapping", "kcs", "--label", "Process Type", "--out", "-"]
    result = runner.invoke(app, words)
    assert result.exit_code == 2
    assert "label 'Process Type' is 'B'; say which value is positive" in " ".join(result.output.split())


def test_an_activated_model_scores_what_assess_answers(
    tmp_path: Path, database: Path, traffic: list[Item]
) -> None:
    labelled = [
        replace(item, attributes={**(item.attributes or {}), "Smuggling": risky(item)}) for item in traffic
    ]
    (tmp_path / "labelled.jsonl").write_bytes(write_jsonl(labelled))
    model_file = tmp_path / "smuggling.model"
    trained = runner.invoke(
        app,
        [
            "model",
            "train",
            str(tmp_path / "labelled.jsonl"),
            "--label",
            "Smuggling",
            "--out",
            str(model_file),
        ],
    )
    assert trained.exit_code == 0, trained.output
    assert runner.invoke(app, ["model", "activate", str(model_file)]).exit_code == 0
    example = msgspec.json.decode(
        (KCS.parent.parent / "contract" / "item.example.json").read_bytes(), type=Item
    )
    toy = toy_from_china(replace(example, item_id="RR473124829GB"))
    (tmp_path / "new.jsonl").write_bytes(write_jsonl([example, toy]))
    result = runner.invoke(
        app,
        [
            "assess",
            str(tmp_path / "new.jsonl"),
            "--out",
            str(tmp_path / "a.jsonl"),
            "--as-of",
            "2026-11-21T06:00:00Z",
        ],
    )
    assert result.exit_code == 0, result.output
    answers = list(msgspec.json.Decoder(Assessment).decode_lines((tmp_path / "a.jsonl").read_bytes()))
    sources = [{reason.code: reason.source for reason in a.risk.reasons} for a in answers]
    assert Code.MODEL_SCORE not in sources[0] and sources[1][Code.MODEL_SCORE] == "model"
