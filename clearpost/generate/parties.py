"""Senders and addressees: addresses, phones, e-mails and merchants in each country's conventions.

Clean addressees are unique within a run (`AddresseeBook`), so that no two items can look like a
split shipment by accident: no two share a name at one postcode, the address lines at one postcode,
a phone number or an e-mail address.

Speed matters here (tens of thousands of items a second), so each city keeps a pool of address
lines and postcodes, drawn once per process from a fixed seed; a run picks from the pools.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from functools import cache
from string import Formatter

import msgspec

from clearpost.generate.contents import Currency, Offer, goods_origin, offer
from clearpost.generate.names import PersonName, business_names, email_address, person_names
from clearpost.generate.reference import CountryTable, Product, Reference, fold, name_key, reference
from clearpost.model import Address, Party

_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_POOL = 256
"""Address line sets and postcodes pooled per city."""
WINDOW_START = dt.date(2026, 10, 1)
WINDOW_DAYS = 58
"""Posting dates fall in 2026-10-01 … 2026-11-27."""


class Pattern:
    """A code shape: `#` any digit, `%` a digit 1-9, `@` a capital letter, anything else literal.

    Filled with one random number, cut into characters by one `%` formatting (this runs for every
    phone number). A run of marks that starts with `%` never starts with 0; other `%` act as `#`.
    """

    __slots__ = ("_format", "_letters", "_nonzero", "_scale", "_template")

    def __init__(self, text: str) -> None:
        runs = [(match.start(), match.end()) for match in re.finditer(r"[#%@]+", text)]
        marks = "".join(text[start:end] for start, end in runs)
        if len(marks) > 15:
            raise ValueError(f"{text!r}: at most 15 digits or letters (one random number fills them)")
        self._template = re.sub(r"[#%@]", "%s", text)
        self._scale = 10 ** len(marks)
        self._format = f"%0{len(marks)}d"
        nonzero, position = [], 0
        for start, end in runs:
            if text[start] == "%":
                nonzero.append(position)
            position += end - start
        self._nonzero = tuple(nonzero)
        """Positions (among the marks) of the runs that start with `%`."""
        self._letters = tuple(index for index, char in enumerate(marks) if char == "@")

    def fill(self, rng: random.Random) -> str:
        digits = self._format % int(rng.random() * self._scale)
        if not (self._letters or self._nonzero):
            filled: str = self._template % tuple(digits)
            return filled
        chars = list(digits)
        for index in self._letters:
            chars[index] = _LETTERS[int(rng.random() * 20)]
        for index in self._nonzero:
            if chars[index] == "0":
                chars[index] = "5"
        filled = self._template % tuple(chars)
        return filled


class _LineTemplate:
    """An address line such as `{n} {street}` or `{street}, d. {n}, kv. {u}{k}`."""

    __slots__ = ("fields", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.fields = tuple(field for _, field, _, _ in Formatter().parse(text) if field)

    def fill(self, rng: random.Random, street: str, country: Country) -> str:
        draw = rng.random
        values: dict[str, str | int] = {}
        for field in self.fields:
            if field == "street":
                values[field] = street
            elif field == "n":
                values[field] = 1 + int(draw() * 199)
            elif field == "N":
                values[field] = 100 + int(draw() * 9900)
            elif field == "s":
                values[field] = 1 + int(draw() * 30)
            elif field == "k":
                values[field] = 1 + int(draw() * 9)
            elif field == "u":
                values[field] = 1 + int(draw() * 25)
            elif field == "L":
                values[field] = "ABCDEF"[int(draw() * 6)]
            elif field == "building":
                values[field] = country.buildings[int(draw() * len(country.buildings))]
            else:  # family: a residence named after a family ("Maison Sato")
                values[field] = country.families[int(draw() * len(country.families))]
        return self.text.format_map(values)


class _City:
    """A city, its postcode shape, its streets (or districts), and its pools once drawn."""

    __slots__ = ("line_sets", "name", "places", "postcode", "postcodes", "region", "streets")

    def __init__(self, name: str, postcode: str | None, region: str | None, streets: tuple[str, ...]) -> None:
        self.name = name
        self.postcode = Pattern(postcode) if postcode else None
        self.region = region
        self.streets = streets
        self.line_sets: tuple[tuple[str, ...], ...] = ()
        self.postcodes: tuple[str | None, ...] = ()
        self.places: tuple[str, ...] = ()
        """Per pooled postcode, the prefix of the addressee keys there: `country|postcode (or city)|`."""


class Country:
    """A country's conventions, ready for fast drawing (shared by all runs of a process)."""

    def __init__(self, code: str, table: CountryTable, ref: Reference) -> None:
        countries = ref.countries
        self.code = code
        self.currency = table.currency
        self.marketplace_currency = table.marketplace_currency
        self.operator = table.operator
        self.in_customs_union = code in countries.customs_union
        self.people = tuple(
            person for person in person_names(table) if person.key not in ref.excluded_persons
        )
        self.families = tuple(entry.partition("|")[0] for entry in table.family)
        self.buildings = tuple(table.buildings)
        self.cities = tuple(
            _City(
                str(city[0]),
                city[1] if isinstance(city[1], str) else None,
                city[2] if isinstance(city[2], str) else None,
                tuple(city[3]) if len(city) > 3 and isinstance(city[3], list) else tuple(table.streets),
            )
            for city in table.cities
        )
        self.line_sets = tuple(tuple(_LineTemplate(line) for line in lines) for lines in table.lines)
        self.phones = tuple(Pattern(phone) for phone in table.phones)
        self.email_domain = table.email_domain
        self.reference = Pattern(table.reference)
        self.businesses = tuple(
            name for name in business_names(table) if name_key(name) not in ref.excluded_businesses
        )
        self.airports = tuple(table.airports)
        self.carriers = tuple(table.carriers)
        self.timezones = self._timezones(table.tz)
        self.midnights = tuple(
            dt.datetime.combine(WINDOW_START + dt.timedelta(days=day), dt.time(), self.timezones[day])
            for day in range(WINDOW_DAYS)
        )
        """Local midnight of each day of the window."""
        self.pooled = False

    @staticmethod
    def _timezones(tz: str | tuple[str, str, str]) -> tuple[dt.timezone, ...]:
        """The UTC offset of each day of the posting window (daylight-saving changes included)."""

        def offset(text: str) -> dt.timezone:
            sign = -1 if text[0] == "-" else 1
            return dt.timezone(sign * dt.timedelta(hours=int(text[1:3]), minutes=int(text[4:6])))

        if isinstance(tz, str):
            return (offset(tz),) * WINDOW_DAYS
        before, after, switch = offset(tz[0]), offset(tz[1]), dt.date.fromisoformat(tz[2])
        return tuple(
            before if WINDOW_START + dt.timedelta(days=day) < switch else after for day in range(WINDOW_DAYS)
        )

    def fill_pools(self) -> None:
        """Draw every city's address lines and postcodes, once per process and from fixed seeds."""
        for city in self.cities:
            rng = random.Random(f"{self.code}/{city.name}/{city.region}")  # fixed: pools never vary
            city.line_sets = tuple(self.fresh_lines(city, rng) for _ in range(_POOL))
            city.postcodes = tuple(city.postcode.fill(rng) if city.postcode else None for _ in range(_POOL))
            city.places = tuple(f"{self.code}|{postcode or city.name}|" for postcode in city.postcodes)
        self.pooled = True

    def fresh_lines(self, city: _City, rng: random.Random) -> tuple[str, ...]:
        street = city.streets[int(rng.random() * len(city.streets))]
        templates = self.line_sets[int(rng.random() * len(self.line_sets))]
        return tuple([template.fill(rng, street, self) for template in templates])

    def person(self, rng: random.Random) -> PersonName:
        return self.people[int(rng.random() * len(self.people))]

    def address(self, rng: random.Random) -> AddressParts:
        if not self.pooled:
            self.fill_pools()
        draw = rng.random
        city = self.cities[int(draw() * len(self.cities))]
        return (
            city.line_sets[int(draw() * _POOL)],
            city.name,
            city.postcodes[int(draw() * _POOL)],
            city.region,
        )

    def unpooled_address(self, rng: random.Random) -> AddressParts:
        """An address drawn afresh: for when the pooled ones of a city are used up."""
        city = self.cities[int(rng.random() * len(self.cities))]
        postcode = city.postcode.fill(rng) if city.postcode else None
        return self.fresh_lines(city, rng), city.name, postcode, city.region

    def phone(self, rng: random.Random) -> str:
        return self.phones[int(rng.random() * len(self.phones))].fill(rng)

    def business_name(self, rng: random.Random) -> str:
        return self.businesses[int(rng.random() * len(self.businesses))]


AddressParts = tuple[tuple[str, ...], str, str | None, str | None]
"""Address lines, city, postcode, region."""


@cache
def countries() -> dict[str, Country]:
    ref = reference()
    return {code: Country(code, table, ref) for code, table in ref.countries.countries.items()}


def make_party(
    name: str | None,
    business: str | None,
    parts: AddressParts,
    country: str,
    *,
    phone: str | None,
    email: str | None,
    reference: str | None,
) -> Party:
    lines, city, postcode, region = parts
    return Party(
        name=name,
        business=business,
        address=Address(lines=list(lines), city=city, postcode=postcode, region=region, country=country),
        phone=phone,
        email=email,
        reference=reference,
    )


def written_name(person: PersonName, rng: random.Random, native_rate: float) -> str:
    """The name as written: in the native script for some people of CN, HK, JP, KR, RU, AE."""
    if person.native and rng.random() < native_rate:
        return person.native
    return person.latin


def private_sender(country: Country, rng: random.Random) -> Party:
    """A private person posting an item (may recur in a run: senders are not screened for splits)."""
    person = country.person(rng)
    draw = rng.random()
    return make_party(
        written_name(person, rng, 0.3),
        None,
        country.address(rng),
        country.code,
        phone=country.phone(rng) if draw < 0.9 else None,
        email=email_address(person, country.email_domain, rng) if draw < 0.55 else None,
        reference=None,
    )


Addressee = tuple[PersonName, AddressParts, str, str | None]
"""A unique addressee of the run: person, address, phone, e-mail."""


class AddresseeBook:
    """Hands out addressees that share nothing identifying with any earlier one in the run.

    Identifying: the name at a postcode (or in a city without postcodes), the first address line
    there, the phone number, the e-mail address.
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def fresh(self, country: Country, rng: random.Random) -> Addressee:
        taken = self._taken
        draw = rng.random
        if not country.pooled:
            country.fill_pools()
        people, cities, phones = country.people, country.cities, country.phones
        people_count, city_count, phone_count = len(people), len(cities), len(phones)
        attempts = 0
        while True:
            attempts += 1
            person = people[int(draw() * people_count)]
            if attempts < 20:
                pool = cities[int(draw() * city_count)]
                lines = pool.line_sets[int(draw() * _POOL)]
                index = int(draw() * _POOL)
                parts = lines, pool.name, pool.postcodes[index], pool.region
                place = pool.places[index]
            else:
                lines, city, postcode, _ = parts = country.unpooled_address(rng)
                place = f"{country.code}|{postcode or city}|"
            # string keys, not tuples: they are not tracked by the garbage collector
            person_slot = place + person.key
            address_slot = place + lines[0]
            phone = phones[int(draw() * phone_count)].fill(rng)
            if address_slot in taken or phone in taken or (person_slot in taken and attempts < 50):
                continue  # (after 50 attempts the name may recur, at another address)
            email = email_address(person, country.email_domain, rng) if draw() < 0.7 else None
            if email in taken:
                continue
            taken.add(person_slot)
            taken.add(address_slot)
            taken.add(phone)
            if email:
                taken.add(email)
            return person, parts, phone, email


class Merchant(msgspec.Struct, frozen=True, gc=False):
    """A business that sells abroad: the same sender, prices and articles on many items of a run."""

    country: Country
    business: str
    contact: PersonName
    parts: AddressParts
    phone: str
    email: str
    reference: str
    ioss_number: str | None
    currency: Currency
    invoice_prefix: str
    products: tuple[Product, ...]
    offers: tuple[Offer, ...]

    def party(self) -> Party:
        lines, city, postcode, region = self.parts
        return Party(
            name=self.contact.latin,
            business=self.business,
            address=Address(
                lines=list(lines), city=city, postcode=postcode, region=region, country=self.country.code
            ),
            phone=self.phone,
            email=self.email,
            reference=self.reference,
        )


def merchant(
    country: Country,
    rng: random.Random,
    products: tuple[Product, ...],
    ioss_states: list[str],
    currencies: dict[str, Currency],
) -> Merchant:
    business = country.business_name(rng)
    words = fold(business).split()
    currency = currencies[country.currency]
    if country.marketplace_currency and rng.random() < 0.6:
        currency = currencies[country.marketplace_currency]
    ioss = None
    if not country.in_customs_union and rng.random() < 0.65:
        state = ioss_states[int(rng.random() * len(ioss_states))]
        ioss = f"IM{state}{int(rng.random() * 10**7):07d}"
    listed = rng.sample(products, min(len(products), 12 + int(rng.random() * 29)))
    return Merchant(
        country=country,
        business=business,
        contact=country.person(rng),
        parts=country.address(rng),
        phone=country.phone(rng),
        email=f"{('orders', 'sales', 'shop', 'info')[int(rng.random() * 4)]}@{''.join(words[:2])}.example",
        reference=country.reference.fill(rng),
        ioss_number=ioss,
        currency=currency,
        invoice_prefix="".join(word[0] for word in words[:3]).upper(),
        products=products,
        offers=tuple(offer(product, currency, goods_origin(country.code, rng), rng) for product in listed),
    )
