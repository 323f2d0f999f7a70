"""Planting one defect in an otherwise clean item, and saying exactly what was planted.

Each planter returns the item and its truth detail: where the defect sits (`field`, a path like a
finding's, 0-based: `contents[0].hs_code`) and what a checker needs to confirm it. Split shipments
span several items and live in `splits.py`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from clearpost.generate.contents import goods_origin, line, offer_lines, quantity, typical_price
from clearpost.generate.items import Builder, Draft
from clearpost.generate.parties import Country, private_sender
from clearpost.generate.watchlist import listed_name_variant
from clearpost.model import Code, Item, Money

Detail = dict[str, Any]
Planter = Callable[[Builder], tuple[Item, Detail]]

VAGUE_TERMS = (
    "gift",
    "parts",
    "clothes",
    "accessories",
    "as per invoice",
    "sample",
    "goods",
    "stuff",
    "daily necessities",
    "household goods",
    "electronics",
    "clothing",
    "toys",
    "merchandise",
    "items",
    "products",
    "personal effects",
    "spare parts",
    "general merchandise",
    "see invoice",
)
_INVALID_COUNTRIES = ("UK", "EU", "EL", "XX", "XZ")
"""Country parts a clerk might type that are not ISO 3166-1 codes (UK and EL are the EU's own)."""


def _pick(rng: random.Random, count: int) -> int:
    return int(rng.random() * count)


def _sale_or_gift(builder: Builder, gift_share: float = 0.15) -> Draft:
    return builder.gift() if builder.rng.random() < gift_share else builder.sale()


def missing_field(builder: Builder) -> tuple[Item, Detail]:
    """A required field left empty (None)."""
    rng = builder.rng
    item = builder.finish(_sale_or_gift(builder))
    line_index = _pick(rng, len(item.contents))
    content = item.contents[line_index]
    sender, addressee = item.sender, item.addressee
    assert sender is not None and addressee is not None and addressee.address is not None
    address = addressee.address
    choice = _pick(rng, 9)
    if choice == 0:
        address.city, path = None, "addressee.address.city"
    elif choice == 1:
        address.postcode, path = None, "addressee.address.postcode"
    elif choice == 2:
        addressee.name, path = None, "addressee.name"
    elif choice == 3:
        sender.name, sender.business, path = None, None, "sender.name"
    elif choice == 4:
        content.description, path = None, f"contents[{line_index}].description"
    elif choice == 5:
        content.value, path = None, f"contents[{line_index}].value"
    elif choice == 6:
        content.quantity, path = None, f"contents[{line_index}].quantity"
    elif choice == 7:
        item.gross_weight_kg, path = None, "gross_weight_kg"
    else:
        item.total_value, path = None, "total_value"
    return item, {"field": path}


def invalid_item_id(builder: Builder) -> tuple[Item, Detail]:
    """An identifier that is not a valid S10 (still unique in the run)."""
    rng = builder.rng
    item = builder.finish(builder.clean())
    valid = item.item_id
    assert valid is not None
    draw = rng.random()
    variant = (
        "check_digit"
        if draw < 0.4
        else "shape"
        if draw < 0.65
        else "reserved_service"
        if draw < 0.8
        else ("unknown_country")
    )
    while True:
        if variant == "check_digit":
            wrong = valid[:10] + str((int(valid[10]) + 1 + _pick(rng, 9)) % 10) + valid[11:]
        elif variant == "shape":
            shape = _pick(rng, 3)
            if shape == 0:  # a serial digit lost
                wrong = valid[:2] + valid[3:]
            elif shape == 1:  # a digit typed twice
                wrong = valid[:6] + valid[6] + valid[6:]
            else:  # letter O typed for a zero, or I for a one
                serial = valid[2:10]
                digit = "0" if "0" in serial else "1" if "1" in serial else serial[0]
                wrong = valid[:2] + serial.replace(digit, {"0": "O", "1": "I"}.get(digit, ""), 1) + valid[10:]
        elif variant == "reserved_service":
            wrong = "JKSTW"[_pick(rng, 5)] + valid[1:]
        else:
            wrong = valid[:11] + _INVALID_COUNTRIES[_pick(rng, len(_INVALID_COUNTRIES))]
        if wrong not in builder.item_ids:
            break
    builder.item_ids.discard(valid)
    builder.item_ids.add(wrong)
    item.item_id = wrong
    return item, {"field": "item_id", "variant": variant, "valid_form": valid}


def invalid_hs_code(builder: Builder) -> tuple[Item, Detail]:
    """A tariff number that exists neither in HS 2022 nor in HS 2017."""
    rng = builder.rng
    item = builder.finish(builder.sale())
    index = _pick(rng, len(item.contents))
    content = item.contents[index]
    true_code = content.hs_code
    assert true_code is not None
    known = builder.known_hs_codes
    swapped = true_code[:2] + true_code[3] + true_code[2] + true_code[4:]
    bad = swapped if rng.random() < 0.3 and swapped not in known else true_code
    while bad in known:  # the right heading, a subheading that does not exist
        bad = f"{true_code[:4]}{_pick(rng, 100):02d}"
    content.hs_code = bad
    return item, {"field": f"contents[{index}].hs_code", "hs_code": bad, "true_hs_code": true_code}


def outdated_hs_code(builder: Builder) -> tuple[Item, Detail]:
    """A product whose subheading changed in 2022, declared with its HS 2017 code."""
    rng = builder.rng
    draft = builder.sale()
    outdated = builder.catalogue.outdated
    product = outdated[_pick(rng, len(outdated))]
    draft.lines = [x for x in draft.lines if x.product is not product]
    draft.lines.insert(
        0,
        line(
            product,
            quantity(product, rng),
            typical_price(product, rng),
            draft.currency,
            goods_origin(draft.origin.code, rng),
            rng,
        ),
    )
    draft.ioss_number = builder.ioss_for(draft)
    item = builder.finish(draft)
    item.contents[0].hs_code = product.hs2017
    return item, {"field": "contents[0].hs_code", "hs_code": product.hs2017, "true_hs_code": product.hs_code}


def vague_description(builder: Builder) -> tuple[Item, Detail]:
    """A description that says nothing about the goods; the true HS code is kept."""
    rng = builder.rng
    item = builder.finish(_sale_or_gift(builder))
    index = _pick(rng, len(item.contents))
    content = item.contents[index]
    draw = rng.random()
    if draw < 0.8:
        term = VAGUE_TERMS[_pick(rng, len(VAGUE_TERMS))]
    elif draw < 0.9:
        term = f"Order {_pick(rng, 1000):03d}-{_pick(rng, 10**7):07d}-{_pick(rng, 10**7):07d}"
    else:
        term = f"PO #{_pick(rng, 10**6):06d}"
    original = content.description
    content.description = term
    return item, {
        "field": f"contents[{index}].description",
        "description": term,
        "true_description": original,
    }


def _valuable_sale(builder: Builder, unit_eur: Callable[[float, float], float]) -> tuple[Draft, float, float]:
    """A sale whose first line is an article clearly worth more than a token amount."""
    rng = builder.rng
    origin, destination = builder.route()
    seller = builder.pick_merchant(origin)
    currency = seller.currency
    pool = builder.catalogue.valuable
    product = pool[_pick(rng, len(pool))]
    first = line(
        product,
        1,
        unit_eur(product.eur_min, product.eur_max),
        currency,
        goods_origin(origin.code, rng),
        rng,
        exact=True,
    )
    draft = Draft(
        origin,
        destination,
        "sale_of_goods",
        seller.party(),
        builder.addressee(destination),
        currency,
        [first],
        merchant=seller,
    )
    draft.invoice = f"{seller.invoice_prefix}-2026-{_pick(rng, 10**6):06d}"
    return draft, product.eur_min, product.eur_max


def implausible_value(builder: Builder) -> tuple[Item, Detail]:
    """A single article worth tens or hundreds of euros declared at 0, 0.01 or 1."""
    rng = builder.rng
    draft, low, high = _valuable_sale(builder, lambda low, high: low * (high / low) ** rng.random())
    draft.ioss_number = builder.ioss_for(draft)
    item = builder.finish(draft)
    currency = draft.currency
    tokens = ("0", "1") if currency.exponent == 0 else ("0.00", "0.01", "1.00")
    token = Decimal(tokens[_pick(rng, len(tokens))])
    item.contents[0].value = Money(amount=token, currency=currency.code)
    item.total_value = Money(amount=token, currency=currency.code)
    return item, {"field": "contents[0].value", "declared": str(token), "typical_unit_eur": [low, high]}


def undervaluation(builder: Builder) -> tuple[Item, Detail]:
    """An article declared at 5-18 % of the lowest price it sells for (never a token 0 or 1)."""
    rng = builder.rng
    ratio = 0.05 + 0.13 * rng.random()
    draft, low, high = _valuable_sale(builder, lambda low, high: low * ratio)
    if rng.random() < 0.4 and draft.merchant is not None:
        extra = offer_lines(draft.merchant.offers, 1, rng)
        draft.lines += [x for x in extra if x.product is not draft.lines[0].product]
    draft.ioss_number = builder.ioss_for(draft)
    item = builder.finish(draft)
    unit_eur = round(draft.currency.eur(draft.lines[0].unit_minor), 2)
    return item, {"field": "contents[0].value", "unit_value_eur": unit_eur, "typical_unit_eur": [low, high]}


def weight_inconsistent(builder: Builder) -> tuple[Item, Detail]:
    """Gross weight below the sum of the net weights, or absurdly above it."""
    rng = builder.rng
    item = builder.finish(builder.clean())
    net = round(sum(content.net_weight_kg or 0.0 for content in item.contents), 3)
    if net >= 0.05 and rng.random() < 0.6:
        variant, gross = "gross_below_net", round(net * (0.3 + 0.5 * rng.random()), 3)
    else:
        variant, gross = (
            "gross_absurd",
            round(max(net * (12 + 28 * rng.random()), net + 8 + 10 * rng.random()), 3),
        )
    item.gross_weight_kg = gross
    return item, {
        "field": "gross_weight_kg",
        "variant": variant,
        "net_weight_kg": net,
        "gross_weight_kg": gross,
    }


def _allowance_eur(builder: Builder, destination: Country) -> float:
    region = "EU" if destination.in_customs_union else destination.code
    amount, currency = builder.ref.countries.gift_allowances.get(region, (45.0, "EUR"))
    return amount / builder.ref.eur_rate(currency)


def gift_misdeclared(builder: Builder) -> tuple[Item, Detail]:
    """'Gift' ticked on what is evidently not a gift between private persons."""
    rng = builder.rng
    draw = rng.random()
    origin, destination = builder.route()
    currency = builder.currencies[origin.currency]
    if draw < 0.3:
        variant = "business_sender"
        seller = builder.pick_merchant(origin)
        currency = seller.currency
        lines = offer_lines(seller.offers, 1 + _pick(rng, 2), rng)
        sender = seller.party()
    elif draw < 0.55 or (draw < 0.8 and _allowance_eur(builder, destination) > 200):
        variant = "identical_units"
        product = builder.catalogue.cheap[_pick(rng, len(builder.catalogue.cheap))]
        lines = [line(product, 10 + _pick(rng, 31), typical_price(product, rng), currency, origin.code, rng)]
        sender = private_sender(origin, rng)
    elif draw < 0.8:
        variant = "high_value"
        floor = max(150.0, 2 * _allowance_eur(builder, destination))
        pool = tuple(p for p in builder.catalogue.valuable if p.eur_max >= floor * 1.2)
        product = pool[_pick(rng, len(pool))]
        price = max(floor, product.eur_min) * (1 + 0.2 * rng.random())
        lines = [line(product, 1, price, currency, goods_origin(origin.code, rng), rng, exact=True)]
        sender = private_sender(origin, rng)
    else:
        variant = "ioss_number"
        while origin.in_customs_union:  # an EU-bound item must come from outside the EU
            origin, _ = builder.route()
        eu = tuple(
            code for code in builder.ref.countries.destinations if builder.countries[code].in_customs_union
        )
        destination = builder.destination_for(origin, eu)
        draft = builder.gift(origin, destination)
        registered = builder.ioss_numbers
        draft.ioss_number = registered[_pick(rng, len(registered))]
        return builder.finish(draft), {"field": "categories", "variant": variant}
    draft = Draft(origin, destination, "gift", sender, builder.addressee(destination), currency, lines)
    return builder.finish(draft), {"field": "categories", "variant": variant}


def watchlist_match(builder: Builder) -> tuple[Item, Detail]:
    """A sender or addressee drawn from the UN or OFAC SDN list, spelled as people really write it."""
    rng = builder.rng
    entry = builder.watchlist_entry()
    role = "sender" if rng.random() < 0.6 else "addressee"
    origin, destination = builder.route()
    if entry.country and role == "sender" and entry.country in builder.merchants:
        origin = builder.countries[entry.country]
        destination = builder.destination_for(origin, tuple(builder.ref.countries.destinations))
    elif entry.country and role == "addressee" and entry.country in builder.ref.countries.destinations:
        destination = builder.countries[entry.country]
        while origin is destination or (origin.in_customs_union and destination.in_customs_union):
            origin, _ = builder.route()
    # a listed company sends or receives goods it sold; a listed person may send a gift
    gift = rng.random() >= 0.85 and entry.schema == "Person"
    draft = builder.gift(origin, destination) if gift else builder.sale(origin, destination)
    party = draft.sender if role == "sender" else draft.addressee
    name, variations = listed_name_variant(entry, rng)
    if entry.schema == "Person":
        party.name, path = name, f"{role}.name"
    else:
        party.business, path = name, f"{role}.business"
    detail = {
        "field": path,
        "list": entry.list_name,
        "entry_id": entry.entry_id,
        "schema": entry.schema,
        "listed_name": entry.name,
        "name_used": name,
        "variations": variations,
    }
    return builder.finish(draft), detail


def dangerous_goods(builder: Builder) -> tuple[Item, Detail]:
    """Goods that may not travel by post (UPU Convention art. 19, IATA DGR 2.4), correctly classified."""
    rng = builder.rng
    draft = builder.sale()
    pool = builder.catalogue.dangerous
    product = pool[_pick(rng, len(pool))]
    draft.lines[0] = line(
        product,
        quantity(product, rng),
        typical_price(product, rng),
        draft.currency,
        goods_origin(draft.origin.code, rng),
        rng,
    )
    draft.ioss_number = builder.ioss_for(draft)
    detail = {
        "field": "contents[0].description",
        "description": product.description,
        "hazard": product.hazard,
    }
    return builder.finish(draft), detail


PLANTERS: dict[Code, Planter] = {
    Code.MISSING_FIELD: missing_field,
    Code.INVALID_ITEM_ID: invalid_item_id,
    Code.INVALID_HS_CODE: invalid_hs_code,
    Code.OUTDATED_HS_CODE: outdated_hs_code,
    Code.VAGUE_DESCRIPTION: vague_description,
    Code.IMPLAUSIBLE_VALUE: implausible_value,
    Code.WEIGHT_INCONSISTENT: weight_inconsistent,
    Code.GIFT_MISDECLARED: gift_misdeclared,
    Code.WATCHLIST_MATCH: watchlist_match,
    Code.UNDERVALUATION: undervaluation,
    Code.DANGEROUS_GOODS: dangerous_goods,
}
