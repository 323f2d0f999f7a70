"""Build the shipped table of how common name parts are: `python -m clearpost.risk.build_name_parts`.

A match on "Mohamed Ali" says much less than a match on "Ayman al-Zawahiri": the screening weighs
each name part by its information, log10(1/p), p being how often the part occurs in names. Two
sources give p, and the larger wins:

- the share of listed persons whose names (any alias) hold the part, on the UN consolidated list
  and OFAC's SDN and non-SDN lists in ../shared/data/sanctions/ (the populations screened most),
  or of listed organisations (for the words of company names: 'trading', 'international');
- the given and family names of Faker's person providers (MIT licence; about 80 locales, in their
  own scripts): a part that is a name in k locales has p = k × `PER_LOCALE`, so names used in
  many countries (Mohammed, Ali, Maria, Kim) count as common everywhere; where a provider weighs
  its names by how common they are (Chinese, Korean, Hebrew, Spanish, English…), p is at least
  the name's share of its list.

Parts found in neither have `UNKNOWN`'s information. Arabic- and Hebrew-script parts are keyed by
their folded abjad units ('u:mHmd'), others by their Latin letters; an abjad part is as common as
the most common Latin spelling it transliterates to (محمد as Mohammed), since the lists write
most names in Latin letters only. Writes clearpost/risk/data/name_parts.json.gz.
"""

from __future__ import annotations

import gzip
import importlib
import math
import pkgutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import msgspec

from clearpost.risk.matching import abjad_cost
from clearpost.risk.names import NameParts, Part, coarse, frequency_key, parse_name
from clearpost.risk.watchlists import read_watchlist

SANCTIONS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "sanctions"
LISTS = (
    ("un_consolidated/UN_consolidated_2026-02-27.xml", "un-xml"),
    ("ofac_sdn_2021", "ofac-csv"),
    ("ofac_cons_nonsdn", "ofac-csv"),
)
TARGET = Path(__file__).with_name("data") / "name_parts.json.gz"
PER_LOCALE = 0.004
"""The share of names a part has in a locale whose name list holds it."""
UNKNOWN = 4.5
"""Information of a part neither source knows: rarer than 1 in 30,000."""
FLOOR = 0.5
"""No part is more common than 1 in 2."""
SAME_NAME = 0.3
"""An abjad part and a Latin spelling this close (`abjad_cost`) are taken for the same name."""


def listed_shares() -> dict[str, float]:
    """Each part's share of the listed persons whose names hold it, or of the listed
    organisations, vessels and aircraft, whichever is larger ('trading', 'international')."""
    entries = {"Person": 0, "other": 0}
    holders: dict[str, dict[str, int]] = {"Person": defaultdict(int), "other": defaultdict(int)}
    for path, fmt in LISTS:
        for entry in read_watchlist(SANCTIONS / path, fmt).entries:
            kind = "Person" if entry.schema == "Person" else "other"
            organization = kind == "other"
            entries[kind] += 1
            keys = {
                frequency_key(part)
                for listed in entry.names
                for part in parse_name(listed.name, organization).parts
            }
            for key in keys:
                holders[kind][key] += 1
    shares: dict[str, float] = defaultdict(float)
    for kind, counts in holders.items():
        for key, count in counts.items():
            shares[key] = max(shares[key], count / entries[kind])
    return shares


def faker_names() -> Iterator[tuple[str, str, float | None]]:
    """(locale, name, share) for every given and family name of Faker's person providers; the
    share of its list where the provider weighs its names (王 7.2 % of Chinese family names)."""
    providers = importlib.import_module("faker.providers.person")
    for module in pkgutil.iter_modules(providers.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female", "last_names"):
            names = provider.__dict__.get(attribute)
            if isinstance(names, dict):
                total = sum(names.values())
                for name, weight in names.items():
                    yield module.name, name, weight / total
            elif isinstance(names, tuple | list):
                for name in names:
                    yield module.name, name, None


def main() -> None:
    listed = listed_shares()
    locales: dict[str, set[str]] = defaultdict(set)
    weighed: dict[str, float] = defaultdict(float)
    for locale, name, share in faker_names():
        for part in parse_name(name).parts:
            key = frequency_key(part)
            locales[key].add(locale)
            if share is not None:
                weighed[key] = max(weighed[key], share)
    shares = {
        key: max(listed.get(key, 0.0), len(locales.get(key, ())) * PER_LOCALE, weighed.get(key, 0.0))
        for key in listed.keys() | locales.keys()
    }
    latin_by_class: dict[str, list[str]] = defaultdict(list)
    for key in shares:
        if not key.startswith("u:"):
            latin_by_class[coarse(Part(key, "", False))].append(key)
    for key in [key for key in shares if key.startswith("u:")]:
        units = key[2:]
        spellings = latin_by_class.get(coarse(Part("", "", False, units)), ())
        shares[key] = max([shares[key]] + [shares[t] for t in spellings if abjad_cost(units, t) <= SAME_NAME])
    information = {
        key: round(min(UNKNOWN, -math.log10(min(share, FLOOR))), 2) for key, share in shares.items()
    }
    table = NameParts(unknown=UNKNOWN, information=dict(sorted(information.items())))
    TARGET.write_bytes(gzip.compress(msgspec.json.encode(table), mtime=0))
    print(f"{TARGET}: {len(information)} parts")


if __name__ == "__main__":
    main()
