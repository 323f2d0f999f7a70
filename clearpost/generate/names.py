"""Person and business names in each country's own conventions, and their natural variants."""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import cache

import msgspec

from clearpost.generate.reference import CountryTable, fold


class PersonName(msgspec.Struct, frozen=True, gc=False):
    """A person's name in the forms the generator writes it."""

    given: str
    family: str
    latin: str
    """The name as a Latin-script declaration writes it (family first where that is the custom)."""
    native: str | None
    """The name in the country's own script (CN, HK, JP, KR, RU, AE), if any."""
    family_first: bool
    email_given: str
    email_family: str
    key: str


def _split(entry: str) -> tuple[str, str | None]:
    latin, _, native = entry.partition("|")
    return latin, native or None


@cache
def _folded(name: str) -> str:
    return fold(name)


def _person(table: CountryTable, given_entry: str, family_entry: str) -> PersonName:
    given, given_native = _split(given_entry)
    family, family_native = _split(family_entry)
    family_first = table.order == "family_first"
    latin = f"{family} {given}" if family_first else f"{given} {family}"
    native = None
    if given_native and family_native:
        if table.native == "joined":  # CJK: family name first, no space
            native = family_native + given_native
        else:
            native = f"{given_native} {family_native}"
    return PersonName(
        given=given,
        family=family,
        latin=latin,
        native=native,
        family_first=family_first,
        email_given=_folded(given).replace(" ", ""),
        email_family=_folded(family).replace(" ", ""),
        key=" ".join(sorted(f"{_folded(given)} {_folded(family)}".split())),  # = name_key(latin), faster
    )


def person_names(table: CountryTable) -> Iterator[PersonName]:
    """Every given × family combination of a country (female given names take female family forms)."""
    for given in table.given_female:
        for family in table.family_female or table.family:
            yield _person(table, given, family)
    for given in table.given_male:
        for family in table.family:
            yield _person(table, given, family)


def business_names(table: CountryTable) -> Iterator[str]:
    """Every business name the country's templates can compose."""
    cities = sorted({str(city[0]) for city in table.cities})
    families = [_split(entry)[0] for entry in table.family]
    for template in table.businesses:
        for word in table.business_words if "{word}" in template else [""]:
            for city in cities if "{city}" in template else [""]:
                for family in families if "{family}" in template else [""]:
                    yield template.format(word=word, city=city, family=family)


def email_address(person: PersonName, domain: str, rng: random.Random) -> str:
    draw = rng.random()
    number = int(draw * 5000) % 1000  # the fraction left after choosing the style
    if draw < 0.2:
        return f"{person.email_given}.{person.email_family}@{domain}"
    if draw < 0.4:
        return f"{person.email_given}{person.email_family}{number % 100:02d}@{domain}"
    if draw < 0.6:
        return f"{person.email_given[0]}.{person.email_family}{number}@{domain}"
    if draw < 0.8:
        return f"{person.email_given}_{person.email_family}{1960 + number % 46}@{domain}"
    return f"{person.email_family}.{person.email_given}{number % 10}@{domain}"


def name_variant(person: PersonName, rng: random.Random) -> tuple[str, str]:
    """Another way the same person writes their name on a later parcel: (variant kind, name)."""
    if person.native and rng.random() < 0.3:
        return "script", person.native
    choice = int(rng.random() * 4)
    if choice == 0:
        return "case", person.latin.upper()
    if person.family_first:
        if choice == 1:
            return "order", f"{person.given} {person.family}"
        return "family_upper", f"{person.family.upper()} {person.given}"
    if choice == 1:
        return "initial", f"{person.given[0]}. {person.family}"
    if choice == 2:
        return "order", f"{person.family.upper()} {person.given}"
    return "family_upper", f"{person.given} {person.family.upper()}"
