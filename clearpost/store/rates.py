"""Official exchange rates for customs purposes, loaded by the operator."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

from sqlalchemy import Connection, delete, insert, select

from clearpost.quality.rates import OfficialRate
from clearpost.store.tables import exchange_rates

RATE_COLUMNS = ("currency", "per_eur", "valid_from", "valid_to")


class RatesFileError(ValueError):
    """A rates file that cannot be loaded; the message names the line and column."""


def read_rates_csv(text: str, currencies: frozenset[str]) -> list[OfficialRate]:
    """Rates from CSV with the columns currency, per_eur (units for one euro), valid_from,
    valid_to (ISO dates, inclusive)."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    missing = [name for name in RATE_COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise RatesFileError(
            f"line 1: the columns {', '.join(missing)} are missing (need {', '.join(RATE_COLUMNS)})."
        )
    rates: list[OfficialRate] = []
    for line, row in enumerate(reader, start=2):
        currency = (row["currency"] or "").strip().upper()
        if currency not in currencies:
            raise RatesFileError(
                f"line {line}, column currency: {currency!r} is not an ISO 4217 currency code."
            )
        try:
            per_eur = float(row["per_eur"])
        except (TypeError, ValueError):
            raise RatesFileError(
                f"line {line}, column per_eur: {row['per_eur']!r} is not a number."
            ) from None
        if not per_eur > 0:
            raise RatesFileError(f"line {line}, column per_eur: a rate must be positive.")
        days = []
        for column in ("valid_from", "valid_to"):
            try:
                days.append(dt.date.fromisoformat((row[column] or "").strip()))
            except ValueError:
                raise RatesFileError(
                    f"line {line}, column {column}: {row[column]!r} is not a date (YYYY-MM-DD)."
                ) from None
        if days[1] < days[0]:
            raise RatesFileError(f"line {line}: valid_to is before valid_from.")
        rates.append(OfficialRate(currency, per_eur, days[0], days[1]))
    return rates


def store_rates(
    connection: Connection, rates: Sequence[OfficialRate], *, source: str, at: dt.datetime
) -> int:
    """Store rates; a rate for a currency and start day already stored is replaced. The caller commits."""
    for rate in rates:
        connection.execute(
            delete(exchange_rates).where(
                exchange_rates.c.currency == rate.currency, exchange_rates.c.valid_from == rate.valid_from
            )
        )
    if rates:
        connection.execute(
            insert(exchange_rates),
            [
                {
                    "currency": r.currency,
                    "per_eur": r.per_eur,
                    "valid_from": r.valid_from,
                    "valid_to": r.valid_to,
                    "source": source,
                    "loaded_at": at,
                }
                for r in rates
            ],
        )
    return len(rates)


def official_rates(connection: Connection) -> list[OfficialRate]:
    rows = connection.execute(
        select(
            exchange_rates.c.currency,
            exchange_rates.c.per_eur,
            exchange_rates.c.valid_from,
            exchange_rates.c.valid_to,
        ).order_by(exchange_rates.c.valid_from.desc())
    )
    return [OfficialRate(currency, per_eur, start, end) for currency, per_eur, start, end in rows]
