"""Exchange rates: ECB reference rates shipped with `currencyconverter` (offline), official
customs rates loaded by the operator (they win where they apply), and the SDR, valued from its
IMF currency basket as the IMF does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from currency_converter import CurrencyConverter, RateNotFoundError

SDR = "XDR"
SDR_BASKET: Mapping[str, float] = {
    "USD": 0.57813,
    "EUR": 0.37379,
    "CNY": 1.0993,
    "JPY": 13.452,
    "GBP": 0.08087,
}
"""Currency amounts in one SDR, IMF basket in force since 1 August 2022."""
PEGS: Mapping[str, tuple[str, float]] = {
    "AED": ("USD", 3.6725),
    "SAR": ("USD", 3.75),
    "QAR": ("USD", 3.64),
    "OMR": ("USD", 0.3845),
    "BHD": ("USD", 0.376),
    "JOD": ("USD", 0.709),
    "PAB": ("USD", 1.0),
    "BSD": ("USD", 1.0),
    "XOF": ("EUR", 655.957),
    "XAF": ("EUR", 655.957),
    "XPF": ("EUR", 119.33),
    "BAM": ("EUR", 1.95583),
}
"""Currencies the ECB does not quote that their central banks peg to the dollar or the euro:
units of the currency for one unit of the anchor."""


@dataclass(frozen=True, slots=True)
class OfficialRate:
    """A rate for customs purposes, published by the administration for a period."""

    currency: str
    per_eur: float
    """Units of `currency` for one euro."""
    valid_from: dt.date
    valid_to: dt.date


@dataclass(frozen=True, slots=True)
class Quote:
    eur_per_unit: float
    source: str
    """'official', 'ECB', 'SDR basket' or 'peg to USD' (or EUR)."""
    rate_date: dt.date
    """The day of the rate used: the item's day, or the nearest earlier day with a rate."""


@dataclass(slots=True)
class ExchangeRates:
    """Converts into euros on a given day. Built once by an edge and shared; it memoises quotes."""

    ecb: CurrencyConverter
    official: tuple[OfficialRate, ...] = ()
    _quotes: dict[tuple[str, dt.date], Quote | None] = field(default_factory=dict, repr=False)

    @classmethod
    def from_ecb(cls, official: Iterable[OfficialRate] = ()) -> ExchangeRates:
        converter = CurrencyConverter(
            fallback_on_missing_rate=True, fallback_on_missing_rate_method="last_known"
        )
        return cls(ecb=converter, official=tuple(official))

    def quote(self, currency: str, day: dt.date) -> Quote | None:
        """Euros per unit of `currency` on `day`, or None when no source has the currency."""
        key = (currency, day)
        if key not in self._quotes:
            self._quotes[key] = self._quote(currency, day)
        return self._quotes[key]

    def to_eur(self, amount: float, currency: str, day: dt.date) -> float | None:
        quote = self.quote(currency, day)
        return None if quote is None else amount * quote.eur_per_unit

    def _quote(self, currency: str, day: dt.date) -> Quote | None:
        if currency == "EUR":
            return Quote(1.0, "ECB", day)
        for rate in self.official:
            if rate.currency == currency and rate.valid_from <= day <= rate.valid_to:
                return Quote(1.0 / rate.per_eur, "official", day)
        if currency == SDR:
            parts = [self._quote(code, day) for code in SDR_BASKET]
            if any(part is None for part in parts):
                return None
            eur = sum(
                amount * part.eur_per_unit
                for amount, part in zip(SDR_BASKET.values(), parts, strict=True)
                if part
            )
            return Quote(eur, "SDR basket", min(part.rate_date for part in parts if part))
        if currency in PEGS and currency not in self.ecb.currencies:
            anchor, units = PEGS[currency]
            quote = self._quote(anchor, day)
            return (
                None
                if quote is None
                else Quote(quote.eur_per_unit / units, f"peg to {anchor}", quote.rate_date)
            )
        if currency not in self.ecb.currencies:
            return None
        bounds = self.ecb.bounds[currency]
        if day < bounds.first_date:
            return None
        used = min(day, bounds.last_date)
        try:
            per_eur = self.ecb.convert(1, "EUR", currency, date=used)
        except RateNotFoundError:
            return None
        return Quote(1.0 / per_eur, "ECB", used)
