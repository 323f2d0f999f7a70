"""Undervaluation: a declared value per kilogram far below what goods of the same HS subheading
(or heading, where the subheading has too few declarations) are declared at: their value band
(bands.py), shipped or learned from the store's own history as it grows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal

from clearpost.model import Code, Finding, Item
from clearpost.quality.plausibility import is_token_value
from clearpost.quality.rates import ExchangeRates
from clearpost.risk.bands import ValueBands

UNDER_SHARE = 0.35
"""Flag a value per kg below this share of the band's 10th percentile (tuned on generated
traffic: planted undervaluations are 5-18 % of the lowest selling price)."""


def undervaluation(
    item: Item, bands: ValueBands, per_kg_eur: Mapping[int, float], tokens: frozenset[Decimal]
) -> list[Finding]:
    """An UNDERVALUATION reason per content line declared far below its band. `per_kg_eur`:
    each line's value in EUR per kg (by line index); token values are the quality stage's."""
    reasons = []
    for index, line in enumerate(item.contents):
        if index not in per_kg_eur or not line.hs_code:
            continue
        if line.value is not None and is_token_value(line.value.amount, tokens):
            continue  # a placeholder value, reported as IMPLAUSIBLE_VALUE
        found = bands.band(line.hs_code)
        if found is None:
            continue
        code, band = found
        declared = per_kg_eur[index]
        if declared >= band.low * UNDER_SHARE:
            continue
        reasons.append(
            Finding(
                code=Code.UNDERVALUATION,
                field=f"contents[{index}].value",
                severity="warning",
                message=(
                    f"Article {index + 1} is declared at EUR {declared:.2f} per kg; goods of "
                    f"{'subheading' if len(code) == 6 else 'heading'} {code} are declared at EUR "
                    f"{band.median:.2f} per kg (median; 10 % below EUR {band.low:.2f})."
                ),
                detail={
                    "score": _strength(declared, band.low * UNDER_SHARE),
                    "declared_eur_per_kg": round(declared, 2),
                    "band": {
                        "hs": code,
                        "low": band.low,
                        "median": band.median,
                        "declarations": band.declarations,
                    },
                    "bands_from": bands.source,
                },
                source="rule",
            )
        )
    return reasons


def _strength(declared: float, limit: float) -> float:
    """0.4 just under the limit, up to 0.9 for goods declared at next to nothing."""
    return round(0.4 + 0.5 * (1.0 - declared / limit), 3) if limit > 0 else 0.4


def per_kg_eur(item: Item, rates: ExchangeRates, day: dt.date) -> dict[int, float]:
    """Each content line's value in EUR per kg of net weight (lines that have both), by index."""
    values = {}
    for index, line in enumerate(item.contents):
        money, kg = line.value, line.net_weight_kg
        if money is None or money.amount is None or money.currency is None or not kg or kg <= 0:
            continue
        eur = rates.to_eur(float(money.amount), money.currency, day)
        if eur is not None:
            values[index] = eur / kg
    return values


def observations(item: Item, rates: ExchangeRates) -> Iterator[tuple[str, float]]:
    """What a declaration teaches the bands: (HS code, EUR per kg) of its lines, token values
    (1 or less) and items without a posting date (no day to convert on) left out."""
    if item.posting_date is None:
        return
    for index, value in per_kg_eur(item, rates, item.posting_date.date()).items():
        line = item.contents[index]
        if (
            line.hs_code
            and line.value is not None
            and line.value.amount is not None
            and line.value.amount > 1
        ):
            yield line.hs_code, value
