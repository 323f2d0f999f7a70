"""The learned risk model: gradient boosting (LightGBM) on the fixed feature set of
`clearpost.risk.features`, calibrated, with a model card and per-item explanations.

Training (`train`) on labelled items sorted in time:
1. the last `holdout` share of the period (cut between days) is held out; the histories of the
   earlier part are learned time-aware, and the held-out items are encoded with them, as later
   items will be when scoring;
2. LightGBM is fitted on the earlier part, stopping when the held-out average precision no
   longer improves;
3. its held-out scores are calibrated (Platt scaling: a logistic fit on the raw score, which
   keeps the ranking) and measured; the alert threshold is the calibrated score at the top
   `alert_share` of the held-out period;
4. the trees are fitted again on the whole period with the same number of rounds (as
   scikit-learn's CalibratedClassifierCV(ensemble=False) does), with the histories of the whole
   period; the calibration and the threshold of step 3 are kept.

A model is ONE file: a zip of `card.json`, `encodings.json` and `booster.txt` (LightGBM's model
text). Loading checks the format and refuses a model whose feature set differs from the code's.
LightGBM (and scikit-learn, for the calibration fit) are imported only when a model is trained
or loaded, so that commands without a model do not pay for them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import sys
import zipfile
from collections.abc import Callable, Mapping, Sequence
from importlib.metadata import version
from types import ModuleType
from typing import TYPE_CHECKING, Any

import msgspec
import numpy as np

from clearpost.model import Code, Finding, Item
from clearpost.quality.rates import ExchangeRates
from clearpost.risk import features
from clearpost.risk.encodings import Encodings
from clearpost.risk.features import CATEGORY_COLUMNS, FEATURES, Columns, Encoder
from clearpost.risk.metrics import ranking_metrics, top_count

if TYPE_CHECKING:
    import lightgbm

FORMAT = "clearpost-risk-model"
FORMAT_VERSION = 1
HOLDOUT = 0.2
"""Share of the training period (its end) held out for early stopping and calibration."""
ALERT_SHARE = 0.05
"""The default alert threshold flags this share of the held-out period."""
MAX_ROUNDS = 200
"""A cap on the trees: scoring and explaining time grow with them."""
EARLY_STOPPING = 100
PARAMS: Mapping[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.15,
    "num_leaves": 15,
    "min_data_in_leaf": 50,
    "feature_fraction": 0.8,
    "lambda_l2": 1.0,
    "cat_smooth": 10.0,
    "max_cat_to_onehot": 8,
    "metric": "average_precision",
    "seed": 0,
    "deterministic": True,
    "force_row_wise": True,
    "verbose": -1,
}
"""LightGBM's parameters, chosen on a split of the KCS training year only (bench/risk_eval.py)."""
EXPLAINED = 3
"""Features named in an explanation."""
SCORED_TOGETHER = 8192
"""Items whose features are computed and scored in one go."""


class ModelFileError(ValueError):
    """A model file that cannot be used: not a model, damaged, or for another feature set."""


class TrainingError(ValueError):
    """Labelled items a model cannot be trained on."""


class Period(msgspec.Struct, frozen=True):
    start: dt.date
    end: dt.date
    rows: int
    positives: int


class Calibration(msgspec.Struct, frozen=True):
    method: str
    slope: float
    intercept: float


class ModelCard(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What a model is: data, period, features, parameters, held-out figures, libraries."""

    format: str
    format_version: int
    model_id: str
    created_at: dt.datetime
    label: str
    """The column whose 1 marks a positive (e.g. Fraud)."""
    data: str
    """Where the labelled items came from."""
    training: Period
    """The whole period the model learned from (the trees were refitted on it)."""
    holdout: Period
    """The end of the period held out for early stopping, calibration and the metrics below."""
    feature_set: str
    features: list[str]
    hyper_parameters: dict[str, Any]
    rounds: int
    calibration: Calibration
    threshold: float
    """Scores at or above it raise MODEL_SCORE."""
    alert_share: float
    metrics: dict[str, float]
    """On the held-out period, by the model fitted before it (calibrated scores)."""
    libraries: dict[str, str]
    notes: str = ""


class Explanation(msgspec.Struct, frozen=True):
    feature: str
    contribution: float
    """The feature's share of the score, in log-odds (SHAP value)."""
    text: str
    """In words: "importer QLRUBN9: earlier fraud rate 0.62 (raises)"."""


class RiskModel:
    """A trained model: scores items (calibrated probabilities) and explains its scores."""

    def __init__(self, card: ModelCard, encodings: Encodings, booster: lightgbm.Booster) -> None:
        self.card = card
        self.encodings = encodings
        self.booster = booster
        self._encoder = Encoder(encodings)

    @property
    def model_id(self) -> str:
        return self.card.model_id

    @property
    def threshold(self) -> float:
        return self.card.threshold

    def columns(self, items: Sequence[Item], rates: ExchangeRates, day: dt.date) -> Columns:
        """The raw features of `items` (amounts converted on their posting day, else `day`)."""
        return features.extract(items, rates, day)

    def score_columns(self, columns: Columns) -> np.ndarray:
        if len(columns) == 0:
            return np.empty(0)
        margin = self.booster.predict(self._encoder.encode(columns), raw_score=True, num_threads=1)
        return self._calibrated(np.asarray(margin, dtype=float))

    def score(self, items: Sequence[Item], *, rates: ExchangeRates, day: dt.date) -> np.ndarray:
        """The probability of a positive for each item, calibrated."""
        return self.score_columns(self.columns(items, rates, day))

    def explain(self, columns: Columns, rows: Sequence[int]) -> list[list[Explanation]]:
        """The features that moved each of `rows`'s scores most (SHAP values), in words."""
        if not rows:
            return []
        matrix = self._encoder.encode(columns.take(rows))
        contributions = np.asarray(self.booster.predict(matrix, pred_contrib=True, num_threads=1))
        label = self.card.label.lower()
        explained = []
        for position, row in enumerate(rows):
            shares = contributions[position, :-1]  # the last column is the base value
            strongest = np.argsort(-np.abs(shares), kind="stable")[:EXPLAINED]
            explained.append(
                [
                    Explanation(
                        feature=FEATURES[f].name,
                        contribution=round(float(shares[f]), 4),
                        text=f"{features.describe(int(f), columns, row, float(matrix[position, f]), label)} "
                        f"({'raises' if shares[f] > 0 else 'lowers'})",
                    )
                    for f in strongest
                    if shares[f] != 0
                ]
            )
        return explained

    def findings(self, items: Sequence[Item], *, rates: ExchangeRates, day: dt.date) -> list[Finding | None]:
        """A MODEL_SCORE reason for each item scored at or above the alert threshold. Scored
        `SCORED_TOGETHER` items at a time: their features stay in the processor's caches, and
        the memory of one slice serves the next."""
        reasons: list[Finding | None] = []
        for start in range(0, len(items), SCORED_TOGETHER):
            reasons += self._findings(items[start : start + SCORED_TOGETHER], rates, day)
        return reasons

    def _findings(self, items: Sequence[Item], rates: ExchangeRates, day: dt.date) -> list[Finding | None]:
        columns = self.columns(items, rates, day)
        scores = self.score_columns(columns)
        alerts = [int(i) for i in np.flatnonzero(scores >= self.threshold)]
        reasons: list[Finding | None] = [None] * len(items)
        for row, explanation in zip(alerts, self.explain(columns, alerts), strict=True):
            score = round(float(scores[row]), 4)
            words = "; ".join(e.text for e in explanation)
            reasons[row] = Finding(
                code=Code.MODEL_SCORE,
                severity="warning",
                message=(
                    f"The risk model {self.model_id} gives this item a {self.card.label.lower()} "
                    f"probability of {score:.2f} (alert from {self.threshold:.2f}): {words}."
                ),
                detail={
                    "score": score,
                    "threshold": round(self.threshold, 4),
                    "model": self.model_id,
                    "explanation": [e.text for e in explanation],
                },
                source="model",
            )
        return reasons

    def to_bytes(self) -> bytes:
        """The model file: a zip of the card, the encodings and the trees."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("card.json", msgspec.json.format(msgspec.json.encode(self.card)))
            archive.writestr("encodings.json", msgspec.json.encode(self.encodings))
            archive.writestr("booster.txt", self.booster.model_to_string())
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, raw: bytes) -> RiskModel:
        """Read a model file; refuse one that is not a ClearPost model or whose feature set is
        not the code's."""
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                card_raw = archive.read("card.json")
                encodings_raw = archive.read("encodings.json")
                booster_text = archive.read("booster.txt").decode("utf-8")
        except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, OSError) as error:
            raise ModelFileError(f"not a ClearPost risk model file ({error})") from None
        try:
            card = msgspec.json.decode(card_raw, type=ModelCard)
        except msgspec.DecodeError as error:
            raise ModelFileError(f"the model card is not valid: {error}") from None
        if card.format != FORMAT or card.format_version != FORMAT_VERSION:
            raise ModelFileError(
                f"model format {card.format} {card.format_version}; "
                f"this ClearPost reads {FORMAT} {FORMAT_VERSION}"
            )
        if card.feature_set != features.fingerprint() or card.features != [f.name for f in FEATURES]:
            raise ModelFileError(
                f"model {card.model_id} was trained on feature set {card.feature_set}, but this ClearPost "
                f"computes feature set {features.fingerprint()}: retrain the model with this version"
            )
        try:
            encodings = msgspec.json.decode(encodings_raw, type=Encodings)
        except msgspec.DecodeError as error:
            raise ModelFileError(f"the model's encodings are not valid: {error}") from None
        lightgbm = _lightgbm()
        try:
            booster = lightgbm.Booster(model_str=booster_text)
        except lightgbm.basic.LightGBMError as error:
            raise ModelFileError(f"the model's trees cannot be read: {error}") from None
        if booster.num_feature() != len(FEATURES):
            raise ModelFileError(
                f"the model's trees use {booster.num_feature()} features, not {len(FEATURES)}"
            )
        return cls(card, encodings, booster)

    def _calibrated(self, margin: np.ndarray) -> np.ndarray:
        calibration = self.card.calibration
        return _sigmoid(calibration.slope * margin + calibration.intercept)


def _lightgbm() -> ModuleType:
    """LightGBM without its scikit-learn interface. LightGBM imports scikit-learn when it is
    installed (it is, for the evaluations): more than a second at every start of `assess`, for
    an interface ClearPost does not use (it trains and scores with LightGBM's own API). A None in
    `sys.modules` makes that import fail, as if scikit-learn were absent (Python's import system
    documents this); scikit-learn itself stays importable afterwards."""
    if "lightgbm" in sys.modules or "sklearn" in sys.modules:
        import lightgbm

        return lightgbm
    sys.modules["sklearn"] = None  # type: ignore[assignment]
    try:
        import lightgbm
    finally:
        del sys.modules["sklearn"]
    return lightgbm


def train(
    items: Sequence[Item],
    labels: Sequence[int],
    dates: Sequence[dt.datetime],
    *,
    rates: ExchangeRates,
    label: str,
    created_at: dt.datetime,
    data: str = "",
    params: Mapping[str, Any] | None = None,
    holdout: float = HOLDOUT,
    alert_share: float = ALERT_SHARE,
    max_rounds: int = MAX_ROUNDS,
    refit: bool = True,
    step: Callable[[str], None] | None = None,
) -> RiskModel:
    """Train a model on labelled items (1 = positive) declared at `dates`. `params` override
    LightGBM's defaults above, `max_rounds` caps the trees; `step` is told what is being done.
    Without `refit`, the model is the one fitted before the held-out period (to measure what
    refitting brings)."""
    lightgbm = _lightgbm()
    say = step or (lambda _: None)
    y = np.asarray(labels, dtype=float)
    if not (len(items) == len(y) == len(dates)):
        raise TrainingError("items, labels and dates must have one entry per item")
    if not np.isin(y, (0, 1)).all():
        raise TrainingError("labels must be 0 or 1")
    times = np.array([moment.timestamp() for moment in dates])
    days = np.array([moment.date().toordinal() for moment in dates])
    fit, held = _split(days, holdout)
    for part, rows in (("the training part", fit), ("the held-out end of the period", held)):
        positives = int(y[rows].sum())
        if positives == 0 or positives == len(rows):
            raise TrainingError(
                f"{part} has {len(rows)} items, all labelled {int(y[rows][0])}: both labels are needed"
            )
    options = {**PARAMS, **(params or {})}
    say(f"features of {len(items):,} items")
    columns = features.extract(items, rates, max(dates).date())
    first = columns.take(fit.tolist())
    matrix, encodings = features.learn(first, y[fit], times[fit])
    held_matrix = Encoder(encodings).encode(columns.take(held.tolist()))
    say(f"training on {len(fit):,} items, stopping on the {len(held):,} held out")
    booster = lightgbm.train(
        options,
        lightgbm.Dataset(matrix, y[fit], categorical_feature=list(CATEGORY_COLUMNS), free_raw_data=False),
        num_boost_round=max_rounds,
        valid_sets=[lightgbm.Dataset(held_matrix, y[held], categorical_feature=list(CATEGORY_COLUMNS))],
        callbacks=[lightgbm.early_stopping(EARLY_STOPPING, verbose=False)],
    )
    rounds = max(1, booster.best_iteration)
    say("calibrating on the held-out period")
    margin = np.asarray(booster.predict(held_matrix, num_iteration=rounds, raw_score=True), dtype=float)
    calibration = _platt(margin, y[held])
    scores = _sigmoid(calibration.slope * margin + calibration.intercept)
    ranked = np.sort(scores)[::-1]
    threshold = float(ranked[top_count(len(scores), alert_share * 100) - 1])
    metrics = _holdout_metrics(y[held], scores, revenue(items, held))
    if refit:
        say(f"training again on all {len(items):,} items ({rounds} rounds)")
        matrix, encodings = features.learn(columns, y, times)
        booster = lightgbm.train(
            options,
            lightgbm.Dataset(matrix, y, categorical_feature=list(CATEGORY_COLUMNS)),
            num_boost_round=rounds,
        )
    else:
        booster = lightgbm.Booster(model_str=booster.model_to_string(num_iteration=rounds))
    text = booster.model_to_string()
    digest = hashlib.sha256(text.encode() + msgspec.json.encode(encodings)).hexdigest()[:10]
    stamp = created_at.astimezone(dt.UTC)
    card = ModelCard(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        model_id=f"{label.lower().replace(' ', '-')}-{stamp:%Y%m%d}-{digest}",
        created_at=stamp,
        label=label,
        data=data,
        training=_period(days, y, np.arange(len(items))),
        holdout=_period(days, y, held),
        feature_set=features.fingerprint(),
        features=[f.name for f in FEATURES],
        hyper_parameters={**options, "max_rounds": max_rounds, "early_stopping_rounds": EARLY_STOPPING},
        rounds=rounds,
        calibration=calibration,
        threshold=round(threshold, 6),
        alert_share=alert_share,
        metrics=metrics,
        libraries={name: version(name) for name in ("lightgbm", "numpy", "scikit-learn", "clearpost")},
        notes=(
            "trees refitted on the whole period with the rounds found by early stopping; calibration, "
            "threshold and metrics from the model fitted before the held-out period (which also chose "
            "the rounds: the metrics are slightly optimistic)"
            if refit
            else "trees fitted before the held-out period only (which chose the rounds: the metrics are "
            "slightly optimistic)"
        ),
    )
    return RiskModel(card, encodings, booster)


def revenue(items: Sequence[Item], rows: Sequence[int] | np.ndarray | None = None) -> np.ndarray | None:
    """The revenue at stake in each item, when its declaration says its tax rate: the declared
    value times the rate (KCS: Item Price × Tax Rate / 100, in KRW); None when no item says."""
    chosen = range(len(items)) if rows is None else rows
    values = []
    for i in chosen:
        item = items[int(i)]
        rate = (item.attributes or {}).get("Tax Rate")
        total = item.total_value
        if (
            isinstance(rate, int | float)
            and not isinstance(rate, bool)
            and total
            and total.amount is not None
        ):
            values.append(float(total.amount) * float(rate) / 100)
        else:
            values.append(math.nan)
    found = np.array(values, dtype=float)
    if not np.isfinite(found).any():
        return None
    return np.where(np.isfinite(found), found, 0.0)


def _split(days: np.ndarray, holdout: float) -> tuple[np.ndarray, np.ndarray]:
    """Rows before and from the cut day that leaves about `holdout` of the rows at the end."""
    if not 0 < holdout < 1:
        raise TrainingError("the held-out share must be between 0 and 1")
    ordered = np.sort(days)
    cut = ordered[min(len(ordered) - 1, int(len(ordered) * (1 - holdout)))]
    if cut == ordered[0]:
        raise TrainingError("the items span a single day: no later period can be held out")
    return np.flatnonzero(days < cut), np.flatnonzero(days >= cut)


def _platt(margin: np.ndarray, y: np.ndarray) -> Calibration:
    from sklearn.linear_model import LogisticRegression

    fitted = LogisticRegression(C=1e6).fit(margin.reshape(-1, 1), y.astype(int))
    return Calibration(
        "Platt scaling on the held-out period",
        round(float(fitted.coef_[0, 0]), 6),
        round(float(fitted.intercept_[0]), 6),
    )


def _holdout_metrics(y: np.ndarray, scores: np.ndarray, at_stake: np.ndarray | None) -> dict[str, float]:
    from sklearn.metrics import brier_score_loss, roc_auc_score

    metrics = ranking_metrics(y, scores, at_stake)
    metrics["auc"] = float(roc_auc_score(y, scores))
    metrics["brier"] = float(brier_score_loss(y, scores))
    return {name: round(value, 4) for name, value in metrics.items()}


def _period(days: np.ndarray, y: np.ndarray, rows: np.ndarray) -> Period:
    return Period(
        start=dt.date.fromordinal(int(days[rows].min())),
        end=dt.date.fromordinal(int(days[rows].max())),
        rows=len(rows),
        positives=int(y[rows].sum()),
    )


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)), dtype=float)
