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
  the part's share of its list: the shares of the names holding it, added up (a Korean or
  Chinese given name is split into its syllables, and 준 is in 민준, 서준, 준영, 준호…). A hangul
  syllable's share goes to each of its romanised spellings too, and a spelling that may write
  several syllables gets their shares added up: 'yong' is 용, or 영 in McCune-Reischauer.

Parts found in neither have `UNKNOWN`'s information. Arabic- and Hebrew-script parts are keyed by
their folded abjad units ('u:mHmd'), others by their Latin letters; an abjad part is as common as
the most common Latin spelling it transliterates to (محمد as Mohammed), since the lists write
most names in Latin letters only. Writes clearpost/risk/data/name_parts.json.gz.

Changed on 2026-11-28: a part's share of a list was the share of the most common single name
holding it, from the list of either sex, and only anyascii's Revised spelling of a hangul syllable
had a share; so 준 and 영 told about 1.75 units each instead of 1.13 and 0.80, the McCune-Reischauer
'chun' and 'yong' 1.8 and 2.1, and a Korean name made of common syllables (최준영 as Choi
Joon-young against CHOE CHUN YONG) was taken for a rare one. Now the shares are added up, from
the list for both sexes where there is one, and go to every spelling of the syllable.
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

from clearpost.risk.matching import abjad_cost, korean_syllable
from clearpost.risk.names import NameParts, Part, coarse, frequency_key, korean_spelling, parse_name
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


def faker_names() -> Iterator[tuple[str, list[tuple[str, float | None]]]]:
    """(locale, [(name, share)]) for each list of given or family names of Faker's person
    providers: a name's share of its list where the provider weighs its names (王 7.2 % of
    Chinese family names), else None. A provider that weighs its given names in one list for
    both sexes has its lists for men and for women weighed no further: the share of a name (or of
    a syllable of names) among men is twice what it is among people."""
    providers = importlib.import_module("faker.providers.person")
    for module in pkgutil.iter_modules(providers.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        both_sexes = isinstance(provider.__dict__.get("first_names"), dict)
        for attribute in ("first_names", "first_names_male", "first_names_female", "last_names"):
            names = provider.__dict__.get(attribute)
            weighed = isinstance(names, dict) and not (both_sexes and attribute.startswith("first_names_"))
            if isinstance(names, dict) and weighed:
                total = sum(names.values())
                yield module.name, [(name, weight / total) for name, weight in names.items()]
            elif isinstance(names, dict | tuple | list):
                yield module.name, [(name, None) for name in names]


def korean_spellings(syllable: str) -> set[str]:
    """How the romanisations write a hangul syllable (given as anyascii romanises it: 'yeong',
    'jun', 'bag'): Revised, McCune-Reischauer without its breves (ㅓ as o, ㅡ as u: 'yong'),
    English-style (ㅓ as u: 'sung', 'hyun'). The consonants they write differently (j and ch, g
    and k) and English-style vowels ('young', 'joon', 'choi') meet these in `korean_spelling`."""
    return {syllable, syllable.replace("eo", "o").replace("eu", "u"), syllable.replace("eo", "u")}


def list_shares(names: list[tuple[str, float | None]]) -> tuple[set[str], dict[str, float], dict[str, float]]:
    """The parts of one list's names (with the romanised spellings of hangul syllables); each
    part's share of the list where it is weighed: the shares of the names that hold it, added up
    (준 is in 민준, 서준, 준영, 준호…, 志 in as many Chinese given names), not the largest of them;
    and the same share for each `korean_spelling` of a hangul syllable, so that every spelling of
    it is as common as the names it may stand for ('yeong', 'young' and 'yong' for 영)."""
    parts: set[str] = set()
    held: dict[str, float] = defaultdict(float)
    korean: dict[str, float] = defaultdict(float)
    for name, share in names:
        parsed = parse_name(name)
        keys = {frequency_key(part) for part in parsed.parts}
        spellings: set[str] = set()
        if parsed.script == "HANGUL":
            spellings = {spelled for part in parsed.parts for spelled in korean_spellings(part.text)}
        parts |= keys | spellings
        if share is not None:
            for key in keys:
                held[key] += share
            for folded in {korean_spelling(spelled) for spelled in spellings}:
                korean[folded] += share
    return parts, held, korean


def main() -> None:
    listed = listed_shares()
    locales: dict[str, set[str]] = defaultdict(set)
    weighed: dict[str, float] = defaultdict(float)
    korean: dict[str, float] = defaultdict(float)
    for locale, names in faker_names():
        parts, held, syllables = list_shares(names)
        for key in parts:
            locales[key].add(locale)
        for key, share in held.items():
            weighed[key] = max(weighed[key], share)
        for folded, share in syllables.items():
            korean[folded] = max(korean[folded], share)
    shares = {
        key: max(listed.get(key, 0.0), len(locales.get(key, ())) * PER_LOCALE, weighed.get(key, 0.0))
        for key in listed.keys() | locales.keys()
    }
    for key in shares:  # 'young', 'yong' and 'yeong' as common as 영 (and 'yong' as 용 too)
        if korean_syllable(key) and korean_spelling(key) in korean:
            shares[key] = max(shares[key], korean[korean_spelling(key)])
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
