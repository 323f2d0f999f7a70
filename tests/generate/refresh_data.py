"""Rebuild the generator's derived package data from the shared sources.

Run from the repository root: `.venv/bin/python tests/generate/refresh_data.py [SHARED_DIR]`.
Writes into `clearpost/generate/data/`:
- `hs_codes.json`: the HS 2022 and HS 2017 subheadings;
- `watchlist.json.gz`: UN consolidated list and OFAC SDN, individuals and company-like entities,
  primary names only (what WATCHLIST_MATCH draws from);
- `name_exclusions.json`: the generated person and business names that resemble any listed name or
  alias (token-sorted similarity >= 0.85, or all tokens of one contained in the other), which the
  generator never uses for clean parties. Rerun after editing the name pools in `countries.json`.
The catalogue and the country tables are hand-written.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from clearpost.generate.names import business_names, person_names
from clearpost.generate.reference import countries_file, name_key

DATA = Path(__file__).resolve().parents[2] / "clearpost" / "generate" / "data"

COUNTRY_NAMES = {
    "China": "CN",
    "Hong Kong": "HK",
    "United Kingdom": "GB",
    "United States": "US",
    "United States of America": "US",
    "Germany": "DE",
    "France": "FR",
    "Japan": "JP",
    "Korea, South": "KR",
    "Republic of Korea": "KR",
    "Turkey": "TR",
    "Türkiye": "TR",
    "India": "IN",
    "Brazil": "BR",
    "Russia": "RU",
    "Russian Federation": "RU",
    "United Arab Emirates": "AE",
    "Thailand": "TH",
    "Poland": "PL",
    "Italy": "IT",
    "Spain": "ES",
    "Netherlands": "NL",
    "Belgium": "BE",
    "Austria": "AT",
    "Sweden": "SE",
    "Ireland": "IE",
    "Portugal": "PT",
    "Denmark": "DK",
    "Finland": "FI",
    "Czech Republic": "CZ",
    "Czechia": "CZ",
    "Canada": "CA",
    "Australia": "AU",
    "Switzerland": "CH",
    "Norway": "NO",
}
COMPANY = re.compile(
    r"\b(LTD|LIMITED|LLC|L\.L\.C|CO\.|COMPANY|CORP|CORPORATION|INC|GMBH|S\.A\.|SA|TRADING|INDUSTR\w*|"
    r"GROUP|ENTERPRISES?|INTERNATIONAL|HOLDINGS?|OOO|OAO|ZAO|JSC|FZE|FZCO|EXPORTS?|IMPORTS?|SHIPPING)\b"
)


def hs_codes(shared: Path) -> dict[str, list[str]]:
    def level6(name: str) -> list[str]:
        with (shared / "data" / "hs" / name).open(encoding="utf-8-sig", newline="") as handle:
            return sorted(row["hscode"] for row in csv.DictReader(handle) if row["level"] == "6")

    return {"hs2022": level6("harmonized-system.csv"), "hs2017": level6("harmonized-system_HS2017.csv")}


def un_entries(shared: Path) -> list[list[str]]:
    path = shared / "data" / "sanctions" / "un_consolidated" / "UN_consolidated_2026-02-27.xml"
    root = ET.parse(path).getroot()
    entries: list[list[str]] = []
    for person in root.iter("INDIVIDUAL"):
        parts = [
            (person.findtext(tag) or "").strip()
            for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        ]
        name = " ".join(part for part in parts if part)
        country = COUNTRY_NAMES.get((person.findtext("NATIONALITY/VALUE") or "").strip(), "")
        script = (person.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
        reference = (person.findtext("REFERENCE_NUMBER") or "").strip()
        entries.append(["UN", reference, "Person", name, country, script])
    for entity in root.iter("ENTITY"):
        name = (entity.findtext("FIRST_NAME") or "").strip()
        if not COMPANY.search(name.upper()):
            continue
        country = COUNTRY_NAMES.get((entity.findtext("ENTITY_ADDRESS/COUNTRY") or "").strip(), "")
        reference = (entity.findtext("REFERENCE_NUMBER") or "").strip()
        entries.append(["UN", reference, "Company", name, country, ""])
    return entries


def ofac_entries(shared: Path) -> list[list[str]]:
    folder = shared / "data" / "sanctions" / "ofac_sdn_2021"
    countries: dict[str, str] = {}
    with (folder / "add.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) > 4:
                countries.setdefault(row[0], COUNTRY_NAMES.get(row[4].strip(), ""))
    entries: list[list[str]] = []
    with (folder / "sdn.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) < 3:
                continue
            kind = row[2].strip()
            name = row[1].strip()
            if kind == "individual":
                entries.append(["OFAC-SDN", row[0], "Person", name, countries.get(row[0], ""), ""])
            elif kind == "-0-" and COMPANY.search(name.upper()):
                entries.append(["OFAC-SDN", row[0], "Company", name, countries.get(row[0], ""), ""])
    return entries


SIMILAR = 0.85
STOP_TOKENS = frozenset(
    ("al", "el", "bin", "ibn", "abu", "abd", "de", "del", "da", "la", "le", "van", "der", "den", "von", "mc")
)
"""Particles too common to find a name by."""
LEGAL_FORMS = frozenset(
    (
        "co",
        "ltd",
        "llc",
        "l",
        "c",
        "limited",
        "company",
        "trading",
        "general",
        "inc",
        "gmbh",
        "sa",
        "srl",
        "s",
        "r",
        "bv",
        "ag",
        "as",
        "ab",
        "oy",
        "the",
        "and",
        "of",
        "international",
        "group",
        "industrial",
        "industries",
        "technology",
        "e",
        "commerce",
        "enterprise",
        "corporation",
        "corp",
        "import",
        "export",
        "exports",
        "fze",
        "fzco",
        "sp",
        "z",
        "o",
        "hk",
        "kk",
        "k",
    )
)
"""Legal forms and generic words of business names, which say nothing about who the business is."""


def listed_names(shared: Path) -> tuple[list[str], list[str], list[str]]:
    """All names and aliases of listed individuals and of listed entities, and original-script names."""
    root = ET.parse(
        shared / "data" / "sanctions" / "un_consolidated" / "UN_consolidated_2026-02-27.xml"
    ).getroot()
    people: list[str] = []
    companies: list[str] = []
    scripts: list[str] = []
    for person in root.iter("INDIVIDUAL"):
        tags = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        people.append(" ".join(person.findtext(tag) or "" for tag in tags))
        people.extend(alias.findtext("ALIAS_NAME") or "" for alias in person.iter("INDIVIDUAL_ALIAS"))
        scripts.append(person.findtext("NAME_ORIGINAL_SCRIPT") or "")
    for entity in root.iter("ENTITY"):
        companies.append(entity.findtext("FIRST_NAME") or "")
        companies.extend(alias.findtext("ALIAS_NAME") or "" for alias in entity.iter("ENTITY_ALIAS"))
    folder = shared / "data" / "sanctions" / "ofac_sdn_2021"
    with (folder / "sdn.csv").open(encoding="utf-8", newline="") as handle:
        kinds = {row[0]: row[2].strip() for row in csv.reader(handle) if len(row) > 2}
    with (folder / "sdn.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) > 2:
                (people if kinds[row[0]] == "individual" else companies).append(row[1])
    with (folder / "alt.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) > 3:
                (people if kinds.get(row[0]) == "individual" else companies).append(row[3])
    return (
        [name for name in people if name.strip()],
        [name for name in companies if name.strip()],
        [script for script in scripts if script.strip()],
    )


def skeleton(token: str) -> str:
    """Consonant skeleton: Mohammed, Muhammad and Mohamad share `md`."""
    consonants = re.sub(r"[aeiouyhw]", "", token)
    return re.sub(r"(.)\1+", r"\1", consonants)


def resembling(candidates: Iterable[str], listed: Iterable[str], ignore: frozenset[str]) -> set[str]:
    """Keys of `candidates` whose names resemble a listed one (see module docstring)."""
    index: dict[str, set[str]] = defaultdict(set)
    listed_keys = {key for key in (name_key(name) for name in listed) if key}
    for key in listed_keys:
        for token in key.split():
            if token not in ignore and token not in STOP_TOKENS:
                index[token].add(key)
                if len(skeleton(token)) >= 2:
                    index["~" + skeleton(token)].add(key)
    found: set[str] = set()
    matcher = difflib.SequenceMatcher(autojunk=False)
    for key in {name_key(name) for name in candidates}:
        tokens = [token for token in key.split() if token not in ignore and token not in STOP_TOKENS]
        pool: set[str] = set()
        for token in tokens:
            pool |= index.get(token, set()) | index.get("~" + skeleton(token), set())
        matcher.set_seq2(key)
        distinctive = set(tokens)
        for other in pool:
            others = {token for token in other.split() if token not in ignore and token not in STOP_TOKENS}
            if (len(distinctive) >= 2 and distinctive <= others) or (
                len(others) >= 2 and others <= distinctive
            ):
                found.add(key)
                break
            matcher.set_seq1(other)
            if (
                matcher.real_quick_ratio() >= SIMILAR
                and matcher.quick_ratio() >= SIMILAR
                and matcher.ratio() >= SIMILAR
            ):
                found.add(key)
                break
    return found


def exclusions(shared: Path) -> dict[str, list[str]]:
    people, companies, scripts = listed_names(shared)
    tables = countries_file().countries.values()
    generated = [person for table in tables for person in person_names(table)]
    persons = resembling((person.latin for person in generated), people, frozenset())
    script_keys = {" ".join(sorted(script.split())) for script in scripts}
    persons |= {
        person.key
        for person in generated
        if person.native and " ".join(sorted(person.native.split())) in script_keys
    }
    businesses = resembling(
        (name for table in tables for name in business_names(table)), companies, LEGAL_FORMS
    )
    return {"persons": sorted(persons), "businesses": sorted(businesses)}


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared")
    (DATA / "hs_codes.json").write_text(json.dumps(hs_codes(shared), separators=(",", ":")) + "\n")
    entries = un_entries(shared) + ofac_entries(shared)
    payload = json.dumps(
        {"columns": ["list", "entry_id", "schema", "name", "country", "original_script"], "entries": entries},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    # mtime=0 keeps the archive byte-identical between runs
    (DATA / "watchlist.json.gz").write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    excluded = exclusions(shared)
    (DATA / "name_exclusions.json").write_text(json.dumps(excluded, ensure_ascii=False, indent=0) + "\n")
    print(
        f"hs_codes.json written; watchlist.json.gz: {len(entries)} entries; name_exclusions.json: "
        f"{len(excluded['persons'])} person names, {len(excluded['businesses'])} business names"
    )


if __name__ == "__main__":
    main()
