"""Clean items: route, parties, contents, weights, identifiers, dates and transport of one item."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from itertools import accumulate

import msgspec

from clearpost.generate.contents import (
    Catalogue,
    Currency,
    Line,
    draw_lines,
    goods_origin,
    line,
    offer_lines,
    typical_price,
    value_minor,
)
from clearpost.generate.parties import (
    WINDOW_DAYS,
    AddresseeBook,
    Country,
    Merchant,
    countries,
    merchant,
    private_sender,
)
from clearpost.generate.reference import ListedParty, Product, Reference
from clearpost.identifiers import S10_WEIGHTS
from clearpost.model import (
    MAIL_CLASSES,
    Address,
    Category,
    ContentLine,
    Documents,
    Item,
    MailClass,
    Money,
    Party,
    Transport,
)

SERVICES: dict[MailClass, tuple[str, ...]] = {
    "letter": ("RR", "RB", "RA", "RC", "RE", "RM", "UA", "UB", "UC", "UE", "UM"),
    "parcel": ("CP", "CA", "CB", "CC", "CE", "CH", "CL", "CX", "CY"),
    "ems": ("EA", "EB", "EC", "EE", "EJ", "EM", "EV", "EW"),
    "express": ("LA", "LB", "LC", "LE", "LL", "LX", "LZ"),
}
"""S10 service indicators by mail class: R/U letters, C parcels, E EMS, L letter-post express."""
_SUBCLASS: dict[MailClass, str] = {"letter": "UN", "parcel": "CN", "ems": "EN", "express": "UA"}
_FOUR_DIGITS = tuple(f"{number:04d}" for number in range(10_000))
"""Zero-padded numbers by lookup: formatting `f"{n:04d}"` for every item costs more."""
_RECEPTACLE_NUMBERS = tuple(f"{number:03d}00" for number in range(1, 41))
"""What follows the despatch id in an S9 receptacle id: the receptacle number, "0" (not the last
receptacle), "0" (no registered items); then its weight in hectograms."""
_MINUTES = tuple(dt.timedelta(minutes=minute) for minute in range(1440))
_DEPARTURE_DELAYS = tuple(dt.timedelta(minutes=240 + 17 * step) for step in range(240))
"""Departure 4 to 72 hours after posting."""
_LINE_COUNTS = (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 4, 5)
MERCHANTS_PER_COUNTRY = 40
_CHARGES: dict[MailClass, tuple[float, float]] = {
    "letter": (3.0, 6.0),
    "parcel": (8.0, 4.0),
    "ems": (18.0, 8.0),
    "express": (12.0, 7.0),
}
"""Postage in EUR: a base and a rate per kg of gross weight."""


def _weighted_sums(weights: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(
        sum(int(digit) * weight for digit, weight in zip(f"{n:04d}", weights, strict=True))
        for n in range(10_000)
    )


_HIGH, _LOW = _weighted_sums(S10_WEIGHTS[:4]), _weighted_sums(S10_WEIGHTS[4:])
_CHECK = "5" + "0" + "".join(str(11 - remainder) for remainder in range(2, 11))
"""S10 check digits by table: for serial s, `_CHECK[(_HIGH[s // 10**4] + _LOW[s % 10**4]) % 11]` is
`identifiers.s10_check_digit` (S10-12 weights 8-6-4-2-3-5-9-7) without its per-digit loop."""


class Weighted:
    """Countries drawn with fixed weights: `countries[bisect_right(cumulative, rng.random())]`."""

    __slots__ = ("countries", "cumulative")

    def __init__(self, weights: dict[str, float], countries: dict[str, Country]) -> None:
        self.countries = tuple(countries[code] for code in weights)
        sums = tuple(accumulate(weights.values()))
        self.cumulative = tuple(partial / sums[-1] for partial in sums)


def _route_table(
    froms: dict[str, float], tos: dict[str, float], countries: dict[str, Country]
) -> tuple[Weighted, dict[Country, Weighted]]:
    """Where flows start and, from each start, where they go: never to the same country, never from
    one EU customs union member to another (the conditional weights, so no draw is ever rejected)."""
    starts = Weighted(froms, countries)
    ends = {}
    for start in starts.countries:
        allowed = {
            code: weight
            for code, weight in tos.items()
            if code != start.code and not (start.in_customs_union and countries[code].in_customs_union)
        }
        ends[start] = Weighted(allowed, countries)
    return starts, ends


class _Flight:
    """A flight of a route, and the despatches (S8 ids) it carries: one a day per mail class."""

    __slots__ = ("arrival", "carrier", "departure", "despatches", "number")

    def __init__(
        self, carrier: str, number: str, departure: str, arrival: str, office_pair: str, serial: int
    ) -> None:
        self.carrier = carrier
        self.number = number
        self.departure = departure
        self.arrival = arrival
        self.despatches = {
            mail_class: (f"{office_pair}{_SUBCLASS[mail_class]}6", serial + index)
            for index, mail_class in enumerate(MAIL_CLASSES)
        }
        """By mail class: the despatch id up to its serial, and the serial of the window's first day
        (`office_pair`: origin and destination offices of exchange and the mail category)."""


class Draft(msgspec.Struct, gc=False):
    """An item before it is frozen into a canonical `Item`: defects are planted here or after."""

    origin: Country
    destination: Country
    category: Category
    sender: Party
    addressee: Party
    currency: Currency
    lines: list[Line]
    merchant: Merchant | None = None
    ioss_number: str | None = None
    invoice: str | None = None
    comments: str | None = None
    day: int | None = None


class Builder:
    """The state of one generation run: random stream, pools and what is already taken."""

    def __init__(self, rng: random.Random, ref: Reference) -> None:
        self.rng = rng
        self.ref = ref
        countries_file = ref.countries
        self.countries = countries()
        self.catalogue = Catalogue(ref)
        self.currencies = {code: Currency(code, ref) for code in countries_file.fx_per_eur}
        self._routes = _route_table(countries_file.origins, countries_file.destinations, self.countries)
        self._returns = _route_table(countries_file.destinations, countries_file.origins, self.countries)
        self.addressees = AddresseeBook()
        self.item_ids: set[str] = set()
        self._services = {
            code: {mail_class: self._pick(codes, 2) for mail_class, codes in SERVICES.items()}
            for code in countries_file.countries
        }
        self.merchants = {
            code: tuple(self._merchant(self.countries[code]) for _ in range(MERCHANTS_PER_COUNTRY))
            for code in countries_file.origins
        }
        self.ioss_numbers = tuple(
            m.ioss_number for shops in self.merchants.values() for m in shops if m.ioss_number
        )
        """The IOSS numbers of the run's registered merchants."""
        self.known_hs_codes = ref.hs2022 | ref.hs2017
        self._watchlist = {
            (list_name, schema): tuple(
                e for e in ref.watchlist if e.list_name == list_name and e.schema == schema
            )
            for list_name in ("UN", "OFAC-SDN")
            for schema in ("Person", "Company")
        }
        self._gift_pools: dict[float, tuple[Product, ...]] = {}
        self._flights: dict[tuple[Country, Country], tuple[_Flight, ...]] = {}

    # ---------------------------------------------------------------- drawing helpers

    def _pick(self, values: tuple[str, ...], count: int) -> tuple[str, ...]:
        return tuple(self.rng.sample(values, count))

    def _merchant(self, country: Country) -> Merchant:
        catalogue = self.catalogue
        if self.rng.random() < 0.3:  # marketplace seller: a bit of everything
            products = catalogue.goods
        else:
            groups = self.rng.sample(catalogue.groups, 1 + int(self.rng.random() * 3))
            products = tuple(p for group in groups for p in catalogue.by_group[group])
        return merchant(country, self.rng, products, self.ref.countries.ioss_member_states, self.currencies)

    def route(self, *, returning: bool = False) -> tuple[Country, Country]:
        """Origin and destination of a customs flow (never inside the EU customs union)."""
        draw = self.rng.random
        origins, destinations = self._returns if returning else self._routes
        origin = origins.countries[bisect.bisect_right(origins.cumulative, draw())]
        to = destinations[origin]
        return origin, to.countries[bisect.bisect_right(to.cumulative, draw())]

    def destination_for(self, origin: Country, codes: tuple[str, ...]) -> Country:
        while True:
            destination = self.countries[codes[int(self.rng.random() * len(codes))]]
            if destination is not origin and not (origin.in_customs_union and destination.in_customs_union):
                return destination

    def pick_merchant(self, origin: Country) -> Merchant:
        merchants = self.merchants[origin.code]
        return merchants[int(self.rng.random() * len(merchants))]

    def watchlist_entry(self) -> ListedParty:
        """UN entries about a third of the time, persons three times as often as companies."""
        rng = self.rng
        pool = self._watchlist[
            "UN" if rng.random() < 0.35 else "OFAC-SDN", "Person" if rng.random() < 0.75 else "Company"
        ]
        return pool[int(rng.random() * len(pool))]

    def addressee(self, destination: Country, *, business: bool = False) -> Party:
        """A new addressee; businesses (samples, returns, some documents) name a contact person."""
        rng = self.rng
        person, (lines, city, postcode, region), phone, email = self.addressees.fresh(destination, rng)
        name = person.native if person.native and rng.random() < 0.25 else person.latin
        return Party(
            name=name,
            business=destination.business_name(rng) if business else None,
            address=Address(
                lines=list(lines), city=city, postcode=postcode, region=region, country=destination.code
            ),
            phone=phone,
            email=email,
            reference=destination.reference.fill(rng) if business else None,
        )

    def ioss_for(self, draft: Draft) -> str | None:
        """IOSS only for EU-bound sales of at most 150 EUR by a registered business."""
        merchant = draft.merchant
        if merchant is None or merchant.ioss_number is None or not draft.destination.in_customs_union:
            return None
        total = draft.currency.eur(value_minor(draft.lines))
        return merchant.ioss_number if total <= 150 else None

    # ---------------------------------------------------------------- clean drafts by category

    def sale(self, origin: Country | None = None, destination: Country | None = None) -> Draft:
        if origin is None or destination is None:
            origin, destination = self.route()
        rng = self.rng
        if rng.random() < 0.9:
            merchants = self.merchants[origin.code]
            seller = merchants[int(rng.random() * len(merchants))]
            currency = seller.currency
            lines = offer_lines(seller.offers, _LINE_COUNTS[int(rng.random() * len(_LINE_COUNTS))], rng)
            draft = Draft(
                origin,
                destination,
                "sale_of_goods",
                seller.party(),
                self.addressee(destination),
                currency,
                lines,
                merchant=seller,
            )
            if seller.ioss_number and destination.in_customs_union:
                draft.ioss_number = self.ioss_for(draft)
            if rng.random() < 0.85:
                draft.invoice = f"{seller.invoice_prefix}-2026-{_FOUR_DIGITS[int(rng.random() * 10_000)]}"
            return draft
        currency = self.currencies[origin.currency]  # a private seller: one second-hand article
        lines = draw_lines(self.catalogue.goods, 1, currency, origin.code, rng)
        return Draft(
            origin,
            destination,
            "sale_of_goods",
            private_sender(origin, rng),
            self.addressee(destination),
            currency,
            lines,
        )

    def gift_cap_eur(self, destination: Country) -> float:
        """Genuine gifts stay well under the destination's gift allowance (and under 35 EUR)."""
        region = "EU" if destination.in_customs_union else destination.code
        allowance = self.ref.countries.gift_allowances.get(region)
        if allowance is None:
            return 35.0
        amount, currency = allowance
        return min(35.0, 0.8 * amount / self.ref.eur_rate(currency))

    def gift(self, origin: Country | None = None, destination: Country | None = None) -> Draft:
        if origin is None or destination is None:
            origin, destination = self.route()
        rng = self.rng
        cap = self.gift_cap_eur(destination)
        currency = self.currencies[origin.currency]
        pool = self._gift_pools.get(cap)
        if pool is None:
            pool = self._gift_pools[cap] = tuple(p for p in self.catalogue.goods if p.eur_min <= cap / 2)
        count = 1 if rng.random() < 0.7 else 2
        lines: list[Line] = []
        while len(lines) < count:
            product = pool[int(rng.random() * len(pool))]
            if all(existing.product is not product for existing in lines):
                price = min(typical_price(product, rng), product.eur_max, cap / (2 * count))
                lines.append(
                    line(
                        product,
                        1,
                        max(price, product.eur_min),
                        currency,
                        goods_origin(origin.code, rng),
                        rng,
                        exact=True,
                    )
                )
        return Draft(
            origin,
            destination,
            "gift",
            private_sender(origin, rng),
            self.addressee(destination),
            currency,
            lines,
        )

    def documents(self) -> Draft:
        origin, destination = self.route()
        rng = self.rng
        currency = self.currencies[origin.currency]
        papers = self.catalogue.documents
        product = papers[int(rng.random() * len(papers))]
        lines = [line(product, 1, typical_price(product, rng), currency, origin.code, rng)]
        if rng.random() < 0.6:
            return Draft(
                origin,
                destination,
                "documents",
                self.pick_merchant(origin).party(),
                self.addressee(destination, business=True),
                currency,
                lines,
            )
        return Draft(
            origin,
            destination,
            "documents",
            private_sender(origin, rng),
            self.addressee(destination),
            currency,
            lines,
        )

    def returned(self) -> Draft:
        """A consumer sends a purchase back to a seller abroad."""
        origin, destination = self.route(returning=True)
        rng = self.rng
        currency = self.currencies[origin.currency]
        lines = draw_lines(self.catalogue.goods, 1, currency, destination.code, rng)
        order = f"{int(rng.random() * 10**8):08d}"
        return Draft(
            origin,
            destination,
            "returned_goods",
            private_sender(origin, rng),
            self.addressee(destination, business=True),
            currency,
            lines,
            comments=f"Return of order {order}, refund requested",
            invoice=f"RMA-{order}",
        )

    def sample(self) -> Draft:
        """A commercial sample (one unit of one or two articles) from a business to a business."""
        origin, destination = self.route()
        seller = self.pick_merchant(origin)
        lines = offer_lines(seller.offers, 1 + int(self.rng.random() * 2), self.rng, units=1)
        return Draft(
            origin,
            destination,
            "commercial_sample",
            seller.party(),
            self.addressee(destination, business=True),
            seller.currency,
            lines,
            merchant=seller,
        )

    def clean(self) -> Draft:
        draw = self.rng.random()
        if draw < 0.78:
            return self.sale()
        if draw < 0.87:
            return self.gift()
        if draw < 0.92:
            return self.documents()
        if draw < 0.96:
            return self.returned()
        return self.sample()

    # ---------------------------------------------------------------- freezing

    def mail_class(self, gross_kg: float, category: Category) -> MailClass:
        draw = self.rng.random()
        if category == "documents":
            return "letter" if draw < 0.7 else "express"
        if gross_kg > 2.0:
            return "parcel" if draw < 0.8 else "ems"
        if draw < 0.5:
            return "letter"
        if draw < 0.8:
            return "parcel"
        return "ems" if draw < 0.88 else "express"

    def _route_flights(self, origin: Country, destination: Country) -> tuple[_Flight, ...]:
        """Three flights of the origin's carrier on a route (drawn at the route's first item)."""
        rng = self.rng
        carrier = self._pick(origin.carriers, 1)[0]
        flights = []
        for _ in range(3):
            departure, arrival = self._pick(origin.airports, 1)[0], self._pick(destination.airports, 1)[0]
            flights.append(
                _Flight(
                    carrier,
                    f"{carrier}{10 + int(rng.random() * 9990)}",
                    departure,
                    arrival,
                    f"{origin.code}{departure}A{destination.code}{arrival}A",
                    int(rng.random() * 8000),
                )
            )
        route = self._flights[origin, destination] = tuple(flights)
        return route

    def transport(
        self, draft: Draft, posted: dt.datetime, day: int, mail_class: MailClass
    ) -> Transport | None:
        draw = self.rng.random
        if draw() < 0.15:
            return None  # pre-loading data not yet known
        route = draft.origin, draft.destination
        flights = self._flights.get(route) or self._route_flights(*route)
        flight = flights[int(draw() * 3)]
        despatch = receptacle = None
        if draw() < 0.7:
            # one despatch a day per route and mail class (S8 id), receptacles in it (S9 ids)
            prefix, first_serial = flight.despatches[mail_class]
            despatch = prefix + _FOUR_DIGITS[first_serial + day * 4]
            receptacle = (
                despatch + _RECEPTACLE_NUMBERS[int(draw() * 40)] + _FOUR_DIGITS[50 + int(draw() * 250)]
            )
        return Transport(
            despatch_id=despatch,
            receptacle_id=receptacle,
            carrier=flight.carrier,
            flight=flight.number,
            departure_airport=flight.departure,
            arrival_airport=flight.arrival,
            departure_time=posted + _DEPARTURE_DELAYS[int(draw() * len(_DEPARTURE_DELAYS))],
        )

    def finish(self, draft: Draft, *, mail_class: MailClass | None = None) -> Item:
        """Freeze a draft into an item: totals, gross weight, mail class, identifier, dates, transport."""
        draw = self.rng.random
        currency = draft.currency
        code, amounts, amount = currency.code, currency.amounts, currency.amount
        total_minor = 0
        net_kg = 0.0
        contents = []
        for draft_line in draft.lines:
            product = draft_line.product
            value = draft_line.unit_minor * draft_line.quantity
            total_minor += value
            net_kg += draft_line.net_kg
            contents.append(
                ContentLine(
                    description=product.description,
                    quantity=draft_line.quantity,
                    unit=product.unit,
                    net_weight_kg=draft_line.net_kg,
                    value=Money(amount=amounts.get(value) or amount(value), currency=code),
                    hs_code=product.hs_code,
                    origin_country=draft_line.origin,
                )
            )
        gross_kg = int((net_kg * (1.1 + 0.3 * draw()) + 0.01) * 1000 + 0.5) / 1000
        if mail_class is None:
            mail_class = self.mail_class(gross_kg, draft.category)
        origin = draft.origin
        day = draft.day if draft.day is not None else int(draw() * WINDOW_DAYS)
        posted = origin.midnights[day] + _MINUTES[480 + int(draw() * 720)]  # 08:00 to 19:59
        charges = None
        if draw() < 0.7:
            base, per_kg = _CHARGES[mail_class]
            charged = currency.exact(base + per_kg * gross_kg)
            charges = Money(amount=amounts.get(charged) or amount(charged), currency=code)
        services = self._services[origin.code][mail_class]
        item_ids = self.item_ids
        while True:
            high, low = divmod(int(draw() * 100_000_000), 10_000)
            check = _CHECK[(_HIGH[high] + _LOW[low]) % 11]  # = identifiers.make_s10
            item_id = (
                f"{services[int(draw() * 2)]}{_FOUR_DIGITS[high]}{_FOUR_DIGITS[low]}{check}{origin.code}"
            )
            if item_id not in item_ids:
                break
        item_ids.add(item_id)
        destination = draft.destination
        return Item(
            item_id=item_id,
            mail_class=mail_class,
            origin_post=origin.operator,
            destination_post=destination.operator,
            origin_country=origin.code,
            destination_country=destination.code,
            posting_date=posted,
            categories=[draft.category],
            sender=draft.sender,
            addressee=draft.addressee,
            gross_weight_kg=gross_kg,
            total_value=Money(amount=amounts.get(total_minor) or amount(total_minor), currency=code),
            postal_charges=charges,
            ioss_number=draft.ioss_number,
            contents=contents,
            documents=Documents(invoice=draft.invoice),
            comments=draft.comments,
            transport=self.transport(draft, posted, day, mail_class),
        )
