"""The learned model's features: time-aware histories without leakage, categories, postal items."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import msgspec
import numpy as np
import pytest

from clearpost.model import ContentLine, Item, Money, Party
from clearpost.reference import Reference
from clearpost.risk import features
from clearpost.risk.encodings import Encodings
from clearpost.risk.features import (
    CATEGORY_FEATURES,
    FEATURES,
    SMOOTHING,
    Encoder,
    extract,
    fingerprint,
    learn,
)

DAY = dt.date(2021, 1, 1)
IMPORTER_RATE = [f.name for f in FEATURES].index("importer_rate")
IMPORTER_COUNT = IMPORTER_RATE + 1


def declaration(importer: str | None, day: int, **attributes: str | int | float) -> Item:
    """A KCS-like import declaration of 100,000 KRW for 2 kg on 2020-01-`day`."""
    return Item(
        item_id=f"CP{day:08d}0KR",
        origin_country="CN",
        posting_date=dt.datetime(2020, 1, day, tzinfo=dt.timezone(dt.timedelta(hours=9))),
        addressee=Party(name=importer, reference=importer) if importer else None,
        gross_weight_kg=2.0,
        total_value=Money(amount=Decimal("100000"), currency="KRW"),
        contents=[ContentLine(hs_code="950300", origin_country="CN", net_weight_kg=2.0)],
        attributes=dict(attributes) or None,
    )


def times_of(items: list[Item]) -> np.ndarray:
    return np.array([item.posting_date.timestamp() for item in items if item.posting_date])


@pytest.fixture
def history(reference: Reference) -> tuple[list[Item], features.Columns]:
    # importer A declares on days 1, 2, 2, 3, 5; B on days 1 and 4; one item has no importer
    items = [
        declaration(importer, day)
        for importer, day in [("A", 1), ("B", 1), ("A", 2), ("A", 2), ("A", 3), ("B", 4), ("A", 5), (None, 5)]
    ]
    return items, extract(items, reference.quality.rates, DAY)


def test_a_row_sees_only_the_labels_of_strictly_earlier_rows(
    history: tuple[list[Item], features.Columns],
) -> None:
    items, columns = history
    labels = np.array([1, 0, 1, 0, 1, 1, 0, 1])
    matrix, _ = learn(columns, labels, times_of(items))
    rate, count = matrix[:, IMPORTER_RATE], matrix[:, IMPORTER_COUNT]
    assert math.isnan(rate[0]) and math.isnan(rate[1])  # day 1: nothing is known yet
    assert list(count[:7]) == [0, 0, 1, 1, 3, 1, 4]  # same-day rows do not see each other
    prior_day_2 = 1 / 2  # the overall rate of day 1
    assert rate[2] == pytest.approx((1 + prior_day_2 * SMOOTHING) / (1 + SMOOTHING))
    prior_day_3 = 2 / 4
    assert rate[4] == pytest.approx((2 + prior_day_3 * SMOOTHING) / (3 + SMOOTHING))
    assert math.isnan(rate[7]) and math.isnan(count[7])  # no importer, no history

    # changing a row's label, and every later one, changes nothing up to and including it
    for changed in range(len(labels)):
        flipped = labels.copy()
        flipped[changed:] = 1 - flipped[changed:]
        again, _ = learn(columns, flipped, times_of(items))
        moment = times_of(items)[changed]
        unaffected = times_of(items) <= moment
        np.testing.assert_array_equal(again[unaffected], matrix[unaffected])


def test_the_row_order_does_not_matter_only_the_time(history: tuple[list[Item], features.Columns]) -> None:
    items, columns = history
    labels = np.array([1, 0, 1, 0, 1, 1, 0, 1])
    matrix, encodings = learn(columns, labels, times_of(items))
    order = [7, 6, 5, 4, 3, 2, 1, 0]
    shuffled, again = learn(columns.take(order), labels[order], times_of(items)[order])
    np.testing.assert_array_equal(shuffled, matrix[order])
    assert again == encodings


def test_scoring_uses_the_histories_of_the_whole_period(
    history: tuple[list[Item], features.Columns], reference: Reference
) -> None:
    items, columns = history
    labels = np.array([1, 0, 1, 0, 1, 1, 0, 1])
    _, encodings = learn(columns, labels, times_of(items))
    assert encodings.histories["importer"] == {"A": (5, 3), "B": (2, 1)}
    assert encodings.prior == 5 / 8
    later = [declaration("A", 20), declaration("C", 20), declaration(None, 20)]
    matrix = Encoder(encodings).encode(extract(later, reference.quality.rates, DAY))
    prior = 5 / 8
    assert matrix[0, IMPORTER_RATE] == pytest.approx((3 + prior * SMOOTHING) / (5 + SMOOTHING))
    assert matrix[0, IMPORTER_COUNT] == 5
    assert (matrix[1, IMPORTER_RATE], matrix[1, IMPORTER_COUNT]) == (pytest.approx(prior), 0)  # unseen
    assert math.isnan(matrix[2, IMPORTER_RATE]) and math.isnan(matrix[2, IMPORTER_COUNT])


def test_categories_are_learned_from_frequent_values_and_read_whatever_their_type(
    reference: Reference,
) -> None:
    office = [f.name for f in CATEGORY_FEATURES].index("office")
    column = len(features.NUMBERS) + office
    training = [declaration("A", 1 + i % 9, **{"Office ID": 30}) for i in range(6)]
    training.append(declaration("A", 9, **{"Office ID": 40}))  # once: too rare to be learned
    _, encodings = learn(
        extract(training, reference.quality.rates, DAY), np.zeros(len(training)), times_of(training)
    )
    assert encodings.vocabularies["office"] == ["30"]
    later = [
        declaration("A", 20, **{"Office ID": 30}),
        declaration("A", 20, **{"Office ID": "30"}),
        declaration("A", 20, **{"Office ID": 30.0}),
        declaration("A", 20, **{"Office ID": 40}),
        declaration("A", 20),
    ]
    codes = Encoder(encodings).encode(extract(later, reference.quality.rates, DAY))[:, column]
    assert list(codes[:3]) == [0, 0, 0]
    assert math.isnan(codes[3]) and math.isnan(codes[4])  # rare or absent: missing


def test_a_postal_item_has_euro_values_and_lacks_the_declaration_attributes(
    example_item: Item, reference: Reference
) -> None:
    columns = extract([example_item], reference.quality.rates, DAY)
    row = dict(zip([f.name for f in features.NUMBERS], columns.numbers[0], strict=True))
    total = example_item.total_value
    assert total is not None and total.amount is not None and total.currency is not None
    assert example_item.posting_date is not None
    eur = reference.quality.rates.to_eur(
        float(total.amount), total.currency, example_item.posting_date.date()
    )
    assert row["declared_value_eur"] == pytest.approx(eur)
    assert row["value_per_kg_eur"] == pytest.approx(eur / example_item.gross_weight_kg)  # type: ignore[operator]
    assert row["content_lines"] == len(example_item.contents)
    assert math.isnan(row["tax_rate"])
    categories = dict(
        zip([f.name for f in CATEGORY_FEATURES], [c[0] for c in columns.categories], strict=True)
    )
    assert categories["office"] is None and categories["tax_type"] is None
    assert categories["hs_chapter"] is not None and categories["origin_country"] is not None
    assert columns.keys[0][0] is not None  # the addressee has an identity, even without a reference


def test_the_fingerprint_names_the_feature_set(monkeypatch: pytest.MonkeyPatch) -> None:
    first = fingerprint()
    assert first == fingerprint() and len(first) == 16
    monkeypatch.setattr(features, "FEATURES", FEATURES[:-1])
    assert fingerprint() != first
    monkeypatch.setattr(features, "FEATURES", FEATURES)
    monkeypatch.setattr(features, "FEATURE_SET_VERSION", features.FEATURE_SET_VERSION + 1)
    assert fingerprint() != first


def test_the_encodings_survive_json(history: tuple[list[Item], features.Columns]) -> None:
    items, columns = history
    _, encodings = learn(columns, np.array([1, 0, 1, 0, 1, 1, 0, 1]), times_of(items))
    assert msgspec.json.decode(msgspec.json.encode(encodings), type=Encodings) == encodings
