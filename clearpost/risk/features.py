"""The learned risk model's features: ONE fixed set, computed from canonical items.

Three kinds of feature, in a fixed order (`FEATURES`):

- numbers: declared value, weight, value per kg and per unit (in euros, so that a model means
  the same whatever the declared currency: KCS declares in KRW, Posts in many currencies), the
  tax rate and tax, value per kg against the median of the HS subheading, the HS subheading as
  an ordered number (neighbouring codes are similar goods), lines, quantity and CN 23 categories;
- categories: HS chapter and heading, countries of origin and departure, mail class, currency
  and the KCS declaration attributes (office, import type, tax type…) where present. Postal
  items lack the latter: they are missing, which the model handles;
- histories: the earlier outcomes of a party (importer, seller, declarant) or of a declaration
  profile (HS subheading × origin, × departure, × tax type) as a target encoding smoothed
  towards the overall rate, with the number of earlier declarations. During training they are
  TIME-AWARE: a row sees only the outcomes of rows strictly earlier in time (not its own, not
  those of the same moment, not later ones); when scoring, the histories of the whole training
  period are used.

`fingerprint()` identifies the set: a model trained on another set is refused on loading. Bump
`FEATURE_SET_VERSION` when a feature's computation changes while its name stays.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Literal

import msgspec
import numpy as np

from clearpost.model import CATEGORIES, AttributeValue, ContentLine, Item, Party
from clearpost.quality.rates import ExchangeRates
from clearpost.risk.encodings import Encodings

FEATURE_SET_VERSION = 1
SMOOTHING = 10.0
"""Weight of the overall rate in a history's encoding, in declarations."""
MIN_CATEGORY = 5
"""A category value needs this many training rows to be learned; rarer ones count as unseen."""
MIN_MEDIAN = 5
"""Training rows of an HS subheading (or heading) needed for its median value per kg."""
SEPARATOR = "\x1f"
"""Joins the parts of a history key (a character no declared value contains)."""

Kind = Literal["number", "category", "rate", "count"]


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    kind: Kind
    words: str
    """What it is, for an officer: a number's or a category's name; for a history, its subject
    with one `{}` per key part (e.g. "importer {}")."""


NUMBERS = (
    Feature("declared_value_eur", "number", "declared value (EUR)"),
    Feature("gross_weight_kg", "number", "weight (kg)"),
    Feature("value_per_kg_eur", "number", "value per kg (EUR)"),
    Feature("unit_value_eur", "number", "value per unit (EUR)"),
    Feature("tax_rate", "number", "tax rate (%)"),
    Feature("tax_eur", "number", "tax at the declared rate (EUR)"),
    Feature("value_per_kg_to_hs_median", "number", "value per kg against its HS subheading's median"),
    Feature("hs6_code", "number", "HS subheading"),
    Feature("content_lines", "number", "number of content lines"),
    Feature("quantity", "number", "quantity"),
    *(Feature(f"category_{name}", "number", f"CN 23 category '{name}' ticked") for name in CATEGORIES),
)
_RAW_NUMBERS = len(NUMBERS)
_RATIO = 6  # value_per_kg_to_hs_median: filled at encoding, from the learned medians

ATTRIBUTE_CATEGORIES = {
    "office": ("Office ID", "customs office"),
    "process_type": ("Process Type", "process type"),
    "import_type": ("Import Type", "import type"),
    "import_use": ("Import Use", "import use"),
    "payment_type": ("Payment Type", "payment type"),
    "transport_mode": ("Mode of Transport", "mode of transport"),
    "tax_type": ("Tax Type", "tax type"),
    "origin_indicator": ("Country of Origin Indicator", "origin indicator"),
    "courier": ("Courier ID", "courier"),
}
"""Declaration attributes (columns of the KCS import declarations) read as categories."""

CATEGORY_FEATURES = (
    Feature("hs_chapter", "category", "HS chapter"),
    Feature("hs_heading", "category", "HS heading"),
    Feature("origin_country", "category", "country of origin"),
    Feature("departure_country", "category", "country of departure"),
    Feature("mail_class", "category", "mail class"),
    Feature("currency", "category", "declared currency"),
    *(Feature(name, "category", words) for name, (_, words) in ATTRIBUTE_CATEGORIES.items()),
)

HISTORIES = (
    ("importer", "importer {}"),
    ("seller", "seller {}"),
    ("declarant", "declarant {}"),
    ("hs6_origin", "HS {} goods made in {}"),
    ("hs6_origin_departure", "HS {} goods made in {} sent from {}"),
    ("hs6_origin_tax", "HS {} goods made in {} under tax type {}"),
    ("hs6_origin_departure_tax", "HS {} goods made in {} sent from {} under tax type {}"),
)
"""Whose or which declarations' earlier outcomes: name, subject with one `{}` per key part."""

HISTORY_FEATURES = tuple(
    feature
    for name, words in HISTORIES
    for feature in (Feature(f"{name}_rate", "rate", words), Feature(f"{name}_count", "count", words))
)

FEATURES: tuple[Feature, ...] = (*NUMBERS, *CATEGORY_FEATURES, *HISTORY_FEATURES)
CATEGORY_COLUMNS = tuple(range(len(NUMBERS), len(NUMBERS) + len(CATEGORY_FEATURES)))
"""Positions of the categories in the feature matrix (LightGBM's categorical features)."""


def fingerprint() -> str:
    """Identifies the feature set: its version, smoothing and features (names, kinds, order)."""
    described = [FEATURE_SET_VERSION, SMOOTHING, MIN_CATEGORY, [(f.name, f.kind) for f in FEATURES]]
    return hashlib.sha256(msgspec.json.encode(described)).hexdigest()[:16]


@dataclass(slots=True)
class Columns:
    """A batch's raw feature values, before encoding."""

    numbers: np.ndarray
    """(items, len(NUMBERS)) floats, NaN where unknown; the median ratio is filled at encoding."""
    categories: list[list[AttributeValue]]
    """Per category feature, each item's value as declared (an attribute may be a number)."""
    keys: list[list[str | None]]
    """Per history, each item's key (None: no such party or no HS code)."""
    hs_codes: list[str | None]
    """Each item's HS subheading (or heading), for the median value per kg."""

    def __len__(self) -> int:
        return len(self.numbers)

    def take(self, rows: Sequence[int]) -> Columns:
        """The columns of some items, in the order of `rows`."""
        return Columns(
            self.numbers[list(rows)],
            [[column[i] for i in rows] for column in self.categories],
            [[column[i] for i in rows] for column in self.keys],
            [self.hs_codes[i] for i in rows],
        )


def extract(items: Sequence[Item], rates: ExchangeRates, day: dt.date) -> Columns:
    """The raw features of `items`. Amounts are converted to euros at the rate of the item's
    posting day, or of `day` for an item without one."""
    numbers: list[tuple[float, ...]] = []
    categories: list[tuple[AttributeValue, ...]] = []
    keys: list[tuple[str | None, ...]] = []
    hs_codes: list[str | None] = []
    attribute_names = [column for column, _ in ATTRIBUTE_CATEGORIES.values()]
    nan, no_categories = math.nan, (0.0,) * len(CATEGORIES)
    no_attributes: dict[str, AttributeValue] = {}
    ticked_by: dict[tuple[str, ...], tuple[float, ...]] = {}
    for item in items:
        line = _main_line(item.contents)
        hs6 = _hs(line.hs_code) if line is not None else None
        origin = (line.origin_country or None) if line is not None else None
        departure = item.origin_country or None
        value, currency = _declared_value(item)
        when = item.posting_date.date() if item.posting_date is not None else day
        eur = rates.to_eur(value, currency, when) if value is not None and currency else None
        eur_value = nan if eur is None else eur
        weight = _weight(item)
        quantity = _quantity(item.contents)
        attributes = item.attributes or no_attributes
        tax_rate = _number(attributes.get("Tax Rate"))
        ticked = no_categories
        if item.categories:  # a few combinations of ticked boxes among all the items
            boxes = tuple(item.categories)
            found = ticked_by.get(boxes)
            if found is None:
                found = ticked_by[boxes] = tuple(float(name in boxes) for name in CATEGORIES)
            ticked = found
        numbers.append(
            (
                eur_value,
                weight,
                eur_value / weight if weight > 0 else nan,
                eur_value / quantity if quantity > 0 else nan,
                tax_rate,
                eur_value * tax_rate / 100,
                nan,  # value per kg against the HS median: at encoding
                float(hs6) if hs6 is not None and len(hs6) == 6 else nan,
                float(len(item.contents)),
                quantity if quantity > 0 else nan,
                *ticked,
            )
        )
        tax_type = _text(attributes.get("Tax Type"))
        categories.append(
            (
                hs6[:2] if hs6 else None,
                hs6[:4] if hs6 else None,
                origin,
                departure,
                item.mail_class,
                currency,
                *map(attributes.get, attribute_names),
            )
        )
        hs_codes.append(hs6)
        if hs6 is None:
            profiles: tuple[str | None, ...] = (None, None, None, None)
        else:
            made, sent, tax = origin or "", departure or "", tax_type or ""
            profiles = (
                f"{hs6}{SEPARATOR}{made}",
                f"{hs6}{SEPARATOR}{made}{SEPARATOR}{sent}",
                f"{hs6}{SEPARATOR}{made}{SEPARATOR}{tax}",
                f"{hs6}{SEPARATOR}{made}{SEPARATOR}{sent}{SEPARATOR}{tax}",
            )
        keys.append(
            (_party(item.addressee), _party(item.sender), _text(attributes.get("Declarant ID")), *profiles)
        )
    return Columns(
        np.array(numbers, dtype=float).reshape(len(numbers), _RAW_NUMBERS),
        [list(column) for column in zip(*categories, strict=True)]
        if categories
        else [[] for _ in CATEGORY_FEATURES],
        [list(column) for column in zip(*keys, strict=True)] if keys else [[] for _ in HISTORIES],
        hs_codes,
    )


def learn(columns: Columns, labels: np.ndarray, times: np.ndarray) -> tuple[np.ndarray, Encodings]:
    """The training matrix and the encodings learned from a training period.

    `labels` are 0/1, `times` anything orderable (e.g. epoch seconds). The histories in the
    matrix are time-aware: row i sees only the labels of rows whose time is strictly earlier.
    The returned encodings hold the whole period, for scoring later items."""
    count = len(columns)
    if len(labels) != count or len(times) != count:
        raise ValueError("columns, labels and times must have one entry per item")
    order = np.argsort(times, kind="stable")
    sorted_times = np.asarray(times)[order]
    starts = np.flatnonzero(np.r_[True, sorted_times[1:] != sorted_times[:-1]])
    groups = np.split(order, starts[1:])
    # the overall rate before each row's moment (NaN before any outcome is known)
    prior_before = np.full(count, np.nan)
    seen = positives = 0
    for group in groups:
        if seen:
            prior_before[group] = positives / seen
        seen += len(group)
        positives += int(labels[group].sum())
    vocabularies, medians = _vocabularies(columns), _medians(columns)
    # everything but the histories is encoded as for scoring
    matrix = Encoder(Encodings(0.0, vocabularies, {}, medians)).encode(columns)
    histories: dict[str, dict[str, tuple[int, int]]] = {}
    first = len(NUMBERS) + len(CATEGORY_FEATURES)
    for h, (name, _) in enumerate(HISTORIES):
        keys = columns.keys[h]
        tallies: dict[str, list[int]] = {}
        rate, earlier = np.full(count, np.nan), np.full(count, np.nan)
        for group in groups:
            for i in group:
                key = keys[i]
                if key is not None:
                    n, s = tallies.get(key, (0, 0))
                    earlier[i] = n
                    rate[i] = (s + prior_before[i] * SMOOTHING) / (n + SMOOTHING)
            for i in group:
                key = keys[i]
                if key is not None:
                    tally = tallies.setdefault(key, [0, 0])
                    tally[0] += 1
                    tally[1] += int(labels[i])
        matrix[:, first + 2 * h] = rate
        matrix[:, first + 2 * h + 1] = earlier
        histories[name] = {key: (n, s) for key, (n, s) in tallies.items()}
    prior = positives / seen if seen else 0.0
    return matrix, Encodings(prior, vocabularies, histories, medians)


class Encoder:
    """Encodes batches for scoring with what a model learned: histories of the whole training
    period. Built once per model; its lookup tables make encoding a few dictionary look-ups
    per item."""

    def __init__(self, encodings: Encodings) -> None:
        self.encodings = encodings
        self._codes = [_codes(encodings.vocabularies.get(feature.name, [])) for feature in CATEGORY_FEATURES]
        self._histories: list[tuple[dict[str | None, int], np.ndarray, np.ndarray]] = []
        prior = encodings.prior
        for name, _ in HISTORIES:
            table = encodings.histories.get(name, {})
            tallies = np.array(list(table.values()), dtype=float).reshape(len(table), 2)
            # the last two rows stand for an unseen key (the prior) and a missing one (NaN)
            counts = np.r_[tallies[:, 0], 0.0, np.nan]
            rates = np.r_[(tallies[:, 1] + prior * SMOOTHING) / (tallies[:, 0] + SMOOTHING), prior, np.nan]
            index: dict[str | None, int] = {key: i for i, key in enumerate(table)}
            index[None] = len(table) + 1
            self._histories.append((index, rates, counts))

    def encode(self, columns: Columns) -> np.ndarray:
        count = len(columns)
        matrix = np.empty((count, len(FEATURES)))
        _fill_numbers(matrix, columns, self.encodings.per_kg_medians)
        for offset, codes in enumerate(self._codes):
            values = map(codes.get, columns.categories[offset], repeat(math.nan))
            matrix[:, len(NUMBERS) + offset] = np.fromiter(values, dtype=float, count=count)
        first = len(NUMBERS) + len(CATEGORY_FEATURES)
        for h, (index, rates, counts) in enumerate(self._histories):
            found = map(index.get, columns.keys[h], repeat(len(rates) - 2))  # unseen: the prior
            rows = np.fromiter(found, dtype=np.intp, count=count)
            matrix[:, first + 2 * h] = rates[rows]
            matrix[:, first + 2 * h + 1] = counts[rows]
        return matrix


def describe(feature: int, columns: Columns, row: int, value: float, label: str) -> str:
    """A feature's value for one item, in words: "importer QLRUBN9: earlier fraud rate 0.62"."""
    spec = FEATURES[feature]
    if spec.kind == "number":
        if spec.name.startswith("category_"):
            return spec.words if value == 1 else spec.words.replace("ticked", "not ticked")
        if spec.name == "hs6_code":
            return f"HS subheading {int(value):06d}" if math.isfinite(value) else "no HS subheading"
        return f"{spec.words} {_amount(value)}"
    if spec.kind == "category":
        raw = columns.categories[feature - len(NUMBERS)][row]
        return f"{spec.words} {raw if raw is not None else 'unknown'}"
    history = (feature - len(NUMBERS) - len(CATEGORY_FEATURES)) // 2
    key = columns.keys[history][row]
    subject = HISTORIES[history][1].format(*(part or "?" for part in key.split(SEPARATOR))) if key else "?"
    if spec.kind == "rate":
        shown = "unknown" if not math.isfinite(value) else f"{value:.2f}"
        return f"{subject}: earlier {label} rate {shown}"
    shown = "unknown" if not math.isfinite(value) else f"{int(value)}"
    return f"{subject}: {shown} earlier declarations"


# ------------------------------------------------------------------------------- internals


def _fill_numbers(matrix: np.ndarray, columns: Columns, medians: dict[str, float]) -> None:
    matrix[:, : len(NUMBERS)] = columns.numbers
    median = np.fromiter(
        (_median(code, medians) for code in columns.hs_codes), dtype=float, count=len(columns)
    )
    matrix[:, _RATIO] = columns.numbers[:, 2] / median


def _codes(vocabulary: list[str]) -> dict[AttributeValue, float]:
    """Category value -> code; a value that reads as a whole number is found as a number too
    (an attribute is 11 in one source, "11" or 11.0 in another)."""
    codes: dict[AttributeValue, float] = {}
    for code, value in enumerate(vocabulary):
        codes[value] = float(code)
        if value.isdigit() and value == str(int(value)):
            codes.setdefault(int(value), float(code))
    return codes


def _median(code: str | None, medians: dict[str, float]) -> float:
    if code is None:
        return math.nan
    return medians.get(code) or medians.get(code[:4]) or math.nan


def _vocabularies(columns: Columns) -> dict[str, list[str]]:
    vocabularies = {}
    for feature, values in zip(CATEGORY_FEATURES, columns.categories, strict=True):
        counts = Counter(text for value in values if (text := _text(value)) is not None)
        frequent = [value for value, n in counts.items() if n >= MIN_CATEGORY]
        vocabularies[feature.name] = sorted(frequent, key=lambda value: (-counts[value], value))
    return vocabularies


def _medians(columns: Columns) -> dict[str, float]:
    by_code: dict[str, list[float]] = defaultdict(list)
    for code, per_kg in zip(columns.hs_codes, columns.numbers[:, 2], strict=True):
        if code is not None and per_kg > 0:
            by_code[code].append(per_kg)
            if len(code) == 6:
                by_code[code[:4]].append(per_kg)
    return {
        code: round(float(np.median(values)), 6)
        for code, values in sorted(by_code.items())
        if len(values) >= MIN_MEDIAN
    }


def _main_line(contents: list[ContentLine]) -> ContentLine | None:
    """The line that says most about the item: the most valuable one (the first on a tie)."""
    if len(contents) <= 1:
        return contents[0] if contents else None
    best, best_value = contents[0], -1.0
    for line in contents:
        amount = line.value.amount if line.value is not None else None
        if amount is not None and float(amount) > best_value:
            best, best_value = line, float(amount)
    return best


def _declared_value(item: Item) -> tuple[float | None, str | None]:
    total = item.total_value
    if total is not None and total.amount is not None:
        return float(total.amount), total.currency
    amounts = [line.value for line in item.contents if line.value and line.value.amount is not None]
    currencies = {money.currency for money in amounts}
    if not amounts or len(currencies) != 1:
        return None, None
    return sum(float(money.amount) for money in amounts if money.amount is not None), currencies.pop()


def _weight(item: Item) -> float:
    if item.gross_weight_kg is not None:
        return item.gross_weight_kg
    weights = [line.net_weight_kg for line in item.contents if line.net_weight_kg is not None]
    return sum(weights) if weights else math.nan


def _quantity(contents: list[ContentLine]) -> float:
    quantities = [line.quantity for line in contents if line.quantity is not None]
    return float(sum(quantities)) if quantities else math.nan


def _hs(code: str | None) -> str | None:
    if not code:
        return None
    digits = code.replace(".", "").replace(" ", "")[:6]
    return digits if len(digits) >= 4 and digits.isdigit() else None


def _number(value: AttributeValue) -> float:
    if isinstance(value, bool) or value is None:
        return math.nan
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except ValueError:
        return math.nan


def _text(value: AttributeValue) -> str | None:
    """An attribute as a category value: 11, 11.0 and "11" are the same value."""
    if value is None or value.__class__ is str:
        return value or None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _party(party: Party | None) -> str | None:
    """A party's identity across items: its customs reference, else name, postcode and country."""
    if party is None:
        return None
    if party.reference:
        return party.reference.strip().upper()
    if not party.name:
        return None
    name, address = party.name.casefold().strip(), party.address
    if address is None:
        return f"{name}{SEPARATOR}{SEPARATOR}"
    postcode, country = (
        (address.postcode or "").casefold().strip(),
        (address.country or "").casefold().strip(),
    )
    return f"{name}{SEPARATOR}{postcode}{SEPARATOR}{country}"


def _amount(value: float) -> str:
    if not math.isfinite(value):
        return "unknown"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"
