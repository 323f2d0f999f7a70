"""Content lines: products from the catalogue, plausible quantities, prices and weights.

Amounts are kept as integers in the currency's minor unit (cents; yen and won have none) so that
line values always add up exactly to the declared total.
"""

from __future__ import annotations

import random
from decimal import Decimal

import msgspec

from clearpost.generate.reference import Product, Reference

_MANUFACTURING_COUNTRIES = ("CN", "CN", "CN", "VN", "BD", "IN", "TR", "PT", "IT")


class Catalogue:
    """The product catalogue split into the pools the generator draws from."""

    def __init__(self, ref: Reference) -> None:
        products = ref.products
        self.goods = tuple(p for p in products if p.group not in ("dangerous", "documents"))
        self.groups = tuple(sorted({p.group for p in self.goods}))
        self.by_group = {group: tuple(p for p in self.goods if p.group == group) for group in self.groups}
        self.documents = tuple(p for p in products if p.group == "documents")
        self.dangerous = tuple(p for p in products if p.group == "dangerous")
        self.outdated = tuple(p for p in self.goods if p.hs2017)
        self.valuable = tuple(p for p in self.goods if p.eur_min >= 30)
        """Goods clearly worth more than a token value, so 0 or 1 or a fifth of the price is telling."""
        self.cheap = tuple(p for p in self.goods if p.eur_max <= 30 and p.qty_max >= 4)


class Currency:
    """Conversion from catalogue euros into a declaration currency, in minor units."""

    __slots__ = ("amounts", "code", "exponent", "minor_per_eur")

    def __init__(self, code: str, ref: Reference) -> None:
        self.code = code
        zero_decimal = code in ref.countries.zero_decimal_currencies
        self.exponent = 0 if zero_decimal else -2
        self.minor_per_eur = ref.eur_rate(code) * (1 if zero_decimal else 100)
        self.amounts: dict[int, Decimal] = {}
        """Decimal amounts by minor units, kept because shop prices recur."""

    def amount(self, minor: int) -> Decimal:
        """The amount of `minor` units (and remember it)."""
        amount = self.amounts[minor] = Decimal(minor).scaleb(self.exponent)
        return amount

    def price(self, eur: float, rng: random.Random) -> int:
        """A shop price: from 10 units up often ending in .99 (in 0 for yen and won), at most 10 % less."""
        minor = max(1, round(eur * self.minor_per_eur))
        if rng.random() < 0.5:
            if self.exponent and minor >= 1000 and minor % 100 != 99:
                minor = minor - minor % 100 - 1
            elif not self.exponent and minor >= 100:
                minor -= minor % 10
        return minor

    def exact(self, eur: float) -> int:
        return max(1, round(eur * self.minor_per_eur))

    def eur(self, minor: int) -> float:
        return minor / self.minor_per_eur


class Line(msgspec.Struct, frozen=True, gc=False):
    """One content line before it becomes a `ContentLine`."""

    product: Product
    quantity: int
    unit_minor: int
    net_kg: float
    origin: str


def value_minor(lines: list[Line]) -> int:
    """The value of `lines` in minor units of their currency."""
    return sum(line.unit_minor * line.quantity for line in lines)


class Offer(msgspec.Struct, frozen=True, gc=False):
    """An article as one shop sells it: a fixed price, weight and country of origin."""

    product: Product
    lines: tuple[Line, ...]
    """Its line for 1, 2, … units (lines are never changed, so every item of the shop shares them)."""


def offer(product: Product, currency: Currency, origin: str, rng: random.Random) -> Offer:
    unit_kg = unit_weight(product, rng)
    unit_minor = currency.price(typical_price(product, rng), rng)
    return Offer(
        product,
        tuple(
            Line(product, units, unit_minor, max(0.001, grams(unit_kg * units)), origin)
            for units in range(1, product.qty_max + 1)
        ),
    )


def offer_lines(offers: tuple[Offer, ...], count: int, rng: random.Random, *, units: int = 0) -> list[Line]:
    """`count` lines of distinct offers (fewer if the shop has fewer): `units` each, or plausibly many."""
    draw = rng.random
    count = min(count, len(offers))
    chosen = [offers[int(draw() * len(offers))]]
    while len(chosen) < count:
        candidate = offers[int(draw() * len(offers))]
        if candidate not in chosen:
            chosen.append(candidate)
    lines = []
    for article in chosen:
        most = len(article.lines)
        quantity = units or (1 if most == 1 or draw() < 0.65 else 2 + int(draw() * (most - 1)))
        lines.append(article.lines[quantity - 1])
    return lines


def goods_origin(sender_country: str, rng: random.Random) -> str:
    """Where the goods were made: mostly the sender's country, else a manufacturing country."""
    if sender_country == "HK":
        return "CN" if rng.random() < 0.8 else "HK"
    if rng.random() < 0.75:
        return sender_country
    return _MANUFACTURING_COUNTRIES[int(rng.random() * len(_MANUFACTURING_COUNTRIES))]


def unit_weight(product: Product, rng: random.Random) -> float:
    return product.kg_min + (product.kg_max - product.kg_min) * rng.random()


def grams(kg: float) -> float:
    """Kilograms rounded to the gram (a positive weight; quicker than `round(kg, 3)`)."""
    return int(kg * 1000 + 0.5) / 1000


def line(
    product: Product,
    quantity: int,
    unit_eur: float,
    currency: Currency,
    origin: str,
    rng: random.Random,
    *,
    exact: bool = False,
) -> Line:
    unit_minor = currency.exact(unit_eur) if exact else currency.price(unit_eur, rng)
    net_kg = max(0.001, grams(unit_weight(product, rng) * quantity))
    return Line(product, quantity, unit_minor, net_kg, origin)


def typical_price(product: Product, rng: random.Random) -> float:
    """A unit price inside the product's range (log-uniform: cheap offers are more common)."""
    return float(product.eur_min * (product.eur_max / product.eur_min) ** rng.random())


def quantity(product: Product, rng: random.Random) -> int:
    if product.qty_max == 1 or rng.random() < 0.65:
        return 1
    return 2 + int(rng.random() * (product.qty_max - 1))


def draw_lines(
    pool: tuple[Product, ...], count: int, currency: Currency, sender_country: str, rng: random.Random
) -> list[Line]:
    """`count` lines of distinct products from `pool` at typical prices and quantities."""
    chosen: list[Product] = []
    while len(chosen) < min(count, len(pool)):
        product = pool[int(rng.random() * len(pool))]
        if product not in chosen:
            chosen.append(product)
    return [
        line(
            product,
            quantity(product, rng),
            typical_price(product, rng),
            currency,
            goods_origin(sender_country, rng),
            rng,
        )
        for product in chosen
    ]


def _makes_up(product: Product, part: float, lines: list[Line]) -> bool:
    """Whether `product`, not yet in `lines`, is worth `part` EUR at a typical price in plausible numbers."""
    fewest = max(1, -(-part // product.eur_max))
    return fewest <= min(product.qty_max, part // product.eur_min) and all(
        x.product is not product for x in lines
    )


def lines_worth(
    value_eur: float, pool: tuple[Product, ...], currency: Currency, sender_country: str, rng: random.Random
) -> list[Line]:
    """One or two lines worth `value_eur` in all, at unit prices within each product's range.

    Draws products from `pool` until one can reach its share of the value at a typical price (then
    takes the first that can); a pool with none (say, only luxury goods for 10 EUR) is a ValueError.
    """
    parts = [value_eur] if value_eur < 40 or rng.random() < 0.6 else [value_eur * 0.6, value_eur * 0.4]
    lines: list[Line] = []
    for part in parts:
        drawn = (pool[int(rng.random() * len(pool))] for _ in range(30))
        product = next((p for p in drawn if _makes_up(p, part, lines)), None) or next(
            (p for p in pool if _makes_up(p, part, lines)), None
        )
        if product is None:
            raise ValueError(f"no product of the pool sells for {part:.2f} EUR in plausible quantities")
        low = int(max(1, -(-part // product.eur_max)))  # fewest units at the highest typical price
        high = int(min(product.qty_max, part // product.eur_min))
        units = low + int(rng.random() * (min(high, low + 2) - low + 1))
        origin = goods_origin(sender_country, rng)
        lines.append(line(product, units, part / units, currency, origin, rng, exact=True))
    return lines
