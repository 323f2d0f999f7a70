"""Split shipments: one order cut into 2-4 parcels so that each stays under the destination's threshold.

Every member is worth 55-88 % of the threshold, so any two members together exceed it and none
does alone. The members go to the same person at the same address, written with the small
variations of real declarations ("J. Dupont" and "Jean Dupont", "12, rue ..." and "12 Rue ..."),
within a few days, and are placed among the next positions of the output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from clearpost.generate.contents import lines_worth, value_minor
from clearpost.generate.items import Builder, Draft
from clearpost.generate.names import name_variant
from clearpost.generate.parties import WINDOW_DAYS, Addressee, AddressParts, Country, Merchant, make_party
from clearpost.model import Item

_SIZES = (2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4)
MEAN_SIZE = sum(_SIZES) / len(_SIZES)
_SPREAD = 12
"""Later members appear within the next `_SPREAD` positions of the output."""
_ABBREVIATIONS = (
    ("Street", "St."),
    ("Avenue", "Ave"),
    ("Road", "Rd"),
    ("straße", "str."),
    ("Straße", "Str."),
    ("strasse", "str."),
    ("Boulevard", "Blvd"),
    ("rue ", "r. "),
    ("Calle ", "C/ "),
    ("Via ", "V. "),
    ("Caddesi", "Cad."),
    ("Sokak", "Sk."),
    ("Rua ", "R. "),
    ("Avenida ", "Av. "),
    ("gatan", "g."),
)


@dataclass(slots=True)
class SplitGroup:
    """A split order: who, from where, when, at what values, and at which output positions."""

    first: int
    positions: tuple[int, ...]
    origin: Country
    destination: Country
    addressee: Addressee
    merchants: tuple[Merchant, ...]
    values_eur: tuple[float, ...]
    days: tuple[int, ...]
    threshold: tuple[float, str]


def split_destinations(builder: Builder) -> tuple[str, ...]:
    thresholds = builder.ref.countries.split_thresholds
    return tuple(
        code
        for code in builder.ref.countries.destinations
        if (builder.countries[code].in_customs_union and "EU" in thresholds) or code in thresholds
    )


def threshold_of(builder: Builder, destination: Country) -> tuple[float, str]:
    thresholds = builder.ref.countries.split_thresholds
    return thresholds["EU"] if destination.in_customs_union else thresholds[destination.code]


def plan(builder: Builder, position: int, taken: set[int], destinations: tuple[str, ...]) -> SplitGroup:
    """A new group whose first member is at `position`; later positions must not be in `taken`."""
    rng = builder.rng
    origin, _ = builder.route()
    destination = builder.destination_for(origin, destinations)
    size = _SIZES[int(rng.random() * len(_SIZES))]
    positions = [position]
    window = _SPREAD
    while len(positions) < size:
        candidate = position + 1 + int(rng.random() * window)
        if candidate not in taken and candidate not in positions:
            positions.append(candidate)
        window += 1  # widen slowly in case the window is crowded by other groups
    seller = builder.pick_merchant(origin)
    merchants = tuple(seller if rng.random() < 0.7 else builder.pick_merchant(origin) for _ in range(size))
    threshold = threshold_of(builder, destination)
    threshold_eur = threshold[0] / builder.ref.eur_rate(threshold[1])
    first_day = int(rng.random() * (WINDOW_DAYS - 3))
    return SplitGroup(
        first=position,
        positions=tuple(sorted(positions)),
        origin=origin,
        destination=destination,
        addressee=builder.addressees.fresh(destination, rng),
        merchants=merchants,
        values_eur=tuple(threshold_eur * (0.55 + 0.33 * rng.random()) for _ in range(size)),
        days=tuple(first_day + int(rng.random() * 4) for _ in range(size)),
        threshold=threshold,
    )


def _address_variant(parts: AddressParts, kind: int) -> AddressParts:
    lines, city, postcode, region = parts
    first = lines[0]
    if kind == 1:
        first = re.sub(r"^(\d+) ", r"\1, ", first) if re.match(r"^\d+ ", first) else first.replace(",", "")
    elif kind == 2:
        for long, short in _ABBREVIATIONS:
            if long in first:
                first = first.replace(long, short, 1)
                break
    elif kind == 3:
        first, city = first.upper(), city.upper()
    return (first, *lines[1:]), city, postcode, region


def member(builder: Builder, group: SplitGroup, number: int) -> tuple[Item, dict[str, Any]]:
    """The `number`-th member (0-based) of `group`, without its truth codes."""
    rng = builder.rng
    seller = group.merchants[number]
    currency = seller.currency
    value = group.values_eur[number]
    try:
        lines = lines_worth(value, seller.products, currency, group.origin.code, rng)
    except ValueError:  # the shop sells nothing at that price: another article will do
        lines = lines_worth(value, builder.catalogue.goods, currency, group.origin.code, rng)
    person, parts, phone, email = group.addressee
    written_phone: str | None = phone
    variations: list[str] = []
    name = person.latin
    if number:
        if rng.random() < 0.6:
            kind, name = name_variant(person, rng)
            variations.append(f"name:{kind}")
        address_kind = int(rng.random() * 4)
        if address_kind:
            parts = _address_variant(parts, address_kind)
            variations.append(
                ("", "address:punctuation", "address:abbreviation", "address:case")[address_kind]
            )
        if rng.random() < 0.3:
            written_phone = None
        if rng.random() < 0.3:
            email = None
    party = make_party(
        name, None, parts, group.destination.code, phone=written_phone, email=email, reference=None
    )
    draft = Draft(
        group.origin,
        group.destination,
        "sale_of_goods",
        seller.party(),
        party,
        currency,
        lines,
        merchant=seller,
        day=group.days[number],
    )
    draft.ioss_number = builder.ioss_for(draft)
    if rng.random() < 0.85:
        draft.invoice = f"{seller.invoice_prefix}-2026-{int(rng.random() * 10**6):06d}"
    amount, threshold_currency = group.threshold
    detail = {
        "group": f"G{group.first:08d}",
        "member": number + 1,
        "threshold": {"amount": f"{amount:g}", "currency": threshold_currency},
        "value_eur": round(currency.eur(value_minor(lines)), 2),
        "variations": variations,
    }
    return builder.finish(draft), detail
