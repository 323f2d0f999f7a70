"""The generator's packaged reference data, loaded once: catalogue, countries, HS codes, watchlist.

Everything lives in `data/` beside this module (see `data/SOURCE.md` for provenance and licences).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import msgspec

_FOLD = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "ł": "l", "Ł": "L", "œ": "oe"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case ASCII form of a Latin name: diacritics and punctuation dropped, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD).lower())
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def name_key(name: str) -> str:
    """Order-insensitive comparison key of a name (token-sorted folded form)."""
    return " ".join(sorted(fold(name).split()))


class Product(msgspec.Struct, frozen=True, gc=False):
    """A catalogue entry: an e-commerce title, its true HS 2022 subheading and typical figures."""

    description: str
    hs_code: str
    eur_min: float
    eur_max: float
    kg_min: float
    kg_max: float
    qty_max: int
    unit: str
    group: str
    hs2017: str | None
    """The HS 2017 subheading it had, when that code no longer exists in HS 2022."""
    hazard: str | None
    """Why the product may not travel by post (dangerous goods only)."""


class ListedParty(msgspec.Struct, frozen=True, gc=False):
    """A watchlist entry as published (primary name only)."""

    list_name: Literal["UN", "OFAC-SDN"]
    entry_id: str
    schema: Literal["Person", "Company"]
    name: str
    country: str | None
    original_script: str | None


class CountryTable(msgspec.Struct, forbid_unknown_fields=True):
    """Conventions of one country (hand-written; see data/SOURCE.md)."""

    currency: str
    operator: str
    tz: str | tuple[str, str, str]
    """A fixed UTC offset, or (offset before, offset from, switch date) for a daylight-saving change."""
    order: Literal["given_first", "family_first"]
    given_female: list[str]
    given_male: list[str]
    family: list[str]
    streets: list[str]
    lines: list[list[str]]
    cities: list[list[str | list[str] | None]]
    phones: list[str]
    email_domain: str
    businesses: list[str]
    business_words: list[str]
    reference: str
    airports: list[str]
    carriers: list[str]
    family_female: list[str] | None = None
    native: Literal["joined", "spaced"] | None = None
    marketplace_currency: str | None = None
    buildings: list[str] = msgspec.field(default_factory=list)


class CountriesFile(msgspec.Struct, forbid_unknown_fields=True):
    fx_per_eur: dict[str, float]
    zero_decimal_currencies: list[str]
    customs_union: list[str]
    origins: dict[str, float]
    destinations: dict[str, float]
    split_thresholds: dict[str, tuple[float, str]]
    gift_allowances: dict[str, tuple[float, str]]
    ioss_member_states: list[str]
    countries: dict[str, CountryTable]


class _HsCodes(msgspec.Struct):
    hs2022: list[str]
    hs2017: list[str]


class _Watchlist(msgspec.Struct):
    columns: list[str]
    entries: list[tuple[str, str, str, str, str, str]]


class _Exclusions(msgspec.Struct):
    persons: list[str]
    businesses: list[str]


@dataclass(frozen=True, slots=True)
class Reference:
    products: tuple[Product, ...]
    countries: CountriesFile
    hs2022: frozenset[str]
    hs2017: frozenset[str]
    watchlist: tuple[ListedParty, ...]
    excluded_persons: frozenset[str]
    """Name keys of generated person names that resemble a listed name: never used for clean parties."""
    excluded_businesses: frozenset[str]

    def eur_rate(self, currency: str) -> float:
        return self.countries.fx_per_eur[currency]


def _read(name: str) -> bytes:
    return resources.files("clearpost.generate").joinpath("data").joinpath(name).read_bytes()


def _products(text: str) -> tuple[Product, ...]:
    return tuple(
        Product(
            description=row["description"],
            hs_code=row["hs_code"],
            eur_min=float(row["eur_min"]),
            eur_max=float(row["eur_max"]),
            kg_min=float(row["kg_min"]),
            kg_max=float(row["kg_max"]),
            qty_max=int(row["qty_max"]),
            unit=row["unit"],
            group=row["group"],
            hs2017=row["hs2017"] or None,
            hazard=row["hazard"] or None,
        )
        for row in csv.DictReader(io.StringIO(text))
    )


def _listed(entry: tuple[str, str, str, str, str, str]) -> ListedParty:
    list_name, entry_id, schema, name, country, script = entry
    if list_name not in ("UN", "OFAC-SDN") or schema not in ("Person", "Company"):
        raise ValueError(f"unexpected watchlist entry {entry!r}")
    return ListedParty(
        list_name="UN" if list_name == "UN" else "OFAC-SDN",
        entry_id=entry_id,
        schema="Person" if schema == "Person" else "Company",
        name=name,
        country=country or None,
        original_script=script or None,
    )


@cache
def countries_file() -> CountriesFile:
    return msgspec.json.decode(_read("countries.json"), type=CountriesFile)


@cache
def reference() -> Reference:
    hs = msgspec.json.decode(_read("hs_codes.json"), type=_HsCodes)
    watchlist = msgspec.json.decode(gzip.decompress(_read("watchlist.json.gz")), type=_Watchlist)
    exclusions = msgspec.json.decode(_read("name_exclusions.json"), type=_Exclusions)
    return Reference(
        products=_products(_read("catalogue.csv").decode("utf-8")),
        countries=countries_file(),
        hs2022=frozenset(hs.hs2022),
        hs2017=frozenset(hs.hs2017),
        watchlist=tuple(_listed(entry) for entry in watchlist.entries),
        excluded_persons=frozenset(exclusions.persons),
        excluded_businesses=frozenset(exclusions.businesses),
    )
