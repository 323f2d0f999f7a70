"""Build the shipped value bands from the KCS import declarations: `python -m clearpost.risk.build_bands`.

Reads ../shared/data/kcs/ (train and valid: HS6 code, net mass, item price in KRW, date), converts
each price to euros at the ECB rate of its date, and writes clearpost/risk/data/value_bands_kcs.json.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import msgspec

from clearpost.quality.rates import ExchangeRates
from clearpost.risk.bands import learn_bands

KCS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "kcs"
TARGET = Path(__file__).with_name("data") / "value_bands_kcs.json"


def observations(rates: ExchangeRates) -> Iterator[tuple[str, float]]:
    for name in ("df_syn_train_eng.csv", "df_syn_valid_eng.csv"):
        with (KCS / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                kg, price = float(row["Net Mass"] or 0), float(row["Item Price"] or 0)
                eur = rates.to_eur(price, "KRW", dt.date.fromisoformat(row["Date"]))
                if kg > 0 and eur:
                    yield row["HS6 Code"].zfill(6), eur / kg


def main() -> None:
    bands = learn_bands(observations(ExchangeRates.from_ecb()), "kcs")
    TARGET.write_bytes(msgspec.json.format(msgspec.json.encode(bands)))
    print(f"{TARGET}: {len(bands.bands)} bands")


if __name__ == "__main__":
    main()
