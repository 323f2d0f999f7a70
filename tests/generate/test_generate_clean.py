"""Clean items are clean: no reasonable checker could flag them."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal

import pytest

from clearpost.generate import GeneratedItem
from clearpost.generate.defects import VAGUE_TERMS
from clearpost.generate.reference import Product, name_key, reference
from clearpost.identifiers import iso_countries, s10_problem
from clearpost.model import CATEGORIES, Item, Party

SERVICE_LETTERS = {"letter": "RU", "parcel": "C", "ems": "E", "express": "L"}
NO_POSTCODES = {"HK", "AE"}
WINDOW = (dt.date(2026, 10, 1), dt.date(2026, 11, 27))


def _eur(amount: Decimal, currency: str) -> float:
    return float(amount) / reference().eur_rate(currency)


def _party_problems(party: Party | None, country: str | None, role: str) -> list[str]:
    if party is None or party.address is None:
        return [f"{role} or its address is missing"]
    address = party.address
    problems = []
    if not party.name:
        problems.append(f"{role} has no name")
    if not address.lines or not all(address.lines) or not address.city:
        problems.append(f"{role} address is incomplete")
    if not address.postcode and address.country not in NO_POSTCODES:
        problems.append(f"{role} has no postcode")
    if address.country != country:
        problems.append(f"{role} is in {address.country}, not {country}")
    if party.phone is not None and not re.fullmatch(r"\+\d{1,3}( \d+)+( \d+)*", party.phone):
        problems.append(f"{role} phone {party.phone!r} is not E.164-style")
    if party.email is not None and not re.fullmatch(r"[a-z0-9._]+@[a-z0-9.-]+\.[a-z]+", party.email):
        problems.append(f"{role} e-mail {party.email!r} is malformed")
    return problems


def clean_problems(
    item: Item, products: dict[str, Product], hs2022: dict[str, str], words: re.Pattern[str]
) -> list[str]:
    """Everything a data-quality or risk checker could reasonably object to in `item`."""
    problems: list[str] = []
    countries = reference().countries
    if s10_problem(item.item_id):
        problems.append(f"invalid item id {item.item_id}")
    elif item.item_id and item.mail_class and item.item_id[0] not in SERVICE_LETTERS[item.mail_class]:
        problems.append(f"item id {item.item_id} does not fit the mail class {item.mail_class}")
    elif item.item_id and item.item_id[11:] != item.origin_country:
        problems.append(f"item id {item.item_id} was not issued in {item.origin_country}")
    origin, destination = item.origin_country, item.destination_country
    if origin not in iso_countries() or destination not in iso_countries() or origin == destination:
        problems.append(f"route {origin} -> {destination}")
    if origin in countries.customs_union and destination in countries.customs_union:
        problems.append("an intra-EU item is not a customs flow")
    if item.origin_post != f"{origin}A" or item.destination_post != f"{destination}A":
        problems.append("operator codes do not match the countries")
    posted = item.posting_date
    if posted is None or posted.tzinfo is None or not WINDOW[0] <= posted.date() <= WINDOW[1]:
        problems.append(f"posting date {posted} outside the window")
    if item.transport is not None and posted is not None:
        departure = item.transport.departure_time
        if departure is None or departure <= posted:
            problems.append("departure before posting")
    if len(item.categories) != 1 or item.categories[0] not in CATEGORIES:
        problems.append(f"categories {item.categories}")
    problems += _party_problems(item.sender, origin, "sender")
    problems += _party_problems(item.addressee, destination, "addressee")
    if item.total_value is None or item.total_value.amount is None or item.total_value.currency is None:
        return [*problems, "no total value"]
    currency = item.total_value.currency
    if currency not in countries.fx_per_eur:
        problems.append(f"unknown currency {currency}")
    total = Decimal(0)
    net_kg = 0.0
    if not item.contents:
        problems.append("no contents")
    for index, content in enumerate(item.contents):
        product = products.get(content.description or "")
        if product is None:
            problems.append(f"contents[{index}] {content.description!r} is not a clean catalogue product")
            continue
        if content.hs_code != product.hs_code or content.hs_code not in hs2022:
            problems.append(
                f"contents[{index}].hs_code {content.hs_code} is not {product.hs_code} or not HS 2022"
            )
        if words.search(content.description or ""):
            problems.append(f"contents[{index}] description {content.description!r} is vague or dangerous")
        quantity = content.quantity
        if not isinstance(quantity, int) or not 1 <= quantity <= product.qty_max:
            problems.append(f"contents[{index}].quantity {quantity}")
            continue
        if content.value is None or content.value.amount is None or content.value.currency != currency:
            problems.append(f"contents[{index}].value {content.value}")
            continue
        total += content.value.amount
        unit_eur = _eur(content.value.amount, currency) / quantity
        if not product.eur_min * 0.9 <= unit_eur <= product.eur_max * 1.1:
            problems.append(
                f"contents[{index}] unit value {unit_eur:.2f} EUR outside {product.eur_min}-{product.eur_max}"
            )
        if (
            content.net_weight_kg is None
            or content.net_weight_kg <= 0
            or content.origin_country not in iso_countries()
        ):
            problems.append(f"contents[{index}] weight or origin")
        net_kg += content.net_weight_kg or 0.0
    if total != item.total_value.amount:
        problems.append(f"lines add up to {total}, total is {item.total_value.amount}")
    gross = item.gross_weight_kg
    if gross is None or not net_kg + 0.005 <= gross <= net_kg * 1.4 + 0.0115:
        problems.append(f"gross weight {gross} against net {net_kg:.3f}")
    total_eur = _eur(item.total_value.amount, currency)
    sender = item.sender
    business = sender is not None and sender.business is not None
    if item.ioss_number is not None:
        if not re.fullmatch(r"IM\d{10}", item.ioss_number):
            problems.append(f"IOSS number {item.ioss_number} malformed")
        if destination not in countries.customs_union or item.categories != ["sale_of_goods"]:
            problems.append("IOSS number on an item that is not an EU-bound sale")
        if not business or total_eur > 150:
            problems.append("IOSS number without a business seller or above 150 EUR")
    if item.categories == ["gift"]:
        if business or (sender is not None and sender.reference) or item.documents.invoice:
            problems.append("a gift from a business")
        if total_eur > 35.01 or any((content.quantity or 0) > 2 for content in item.contents):
            problems.append(f"a gift worth {total_eur:.2f} EUR or in quantity")
    return problems


@pytest.fixture(scope="module")
def products() -> dict[str, Product]:
    return {product.description: product for product in reference().products if product.group != "dangerous"}


@pytest.fixture(scope="module")
def suspicious_words(dangerous_goods_facts: dict[str, object]) -> re.Pattern[str]:
    classes = dangerous_goods_facts["iata_9_classes_hidden_dg_keywords"]
    vague = dangerous_goods_facts["vague_description_terms"]
    assert isinstance(classes, dict) and isinstance(vague, dict)
    words = [keyword for hazard in classes["classes"] for keyword in hazard["keywords"]]
    words += vague["named_by_cbp"] + vague["other_reported_examples_vague"] + list(VAGUE_TERMS)
    return re.compile(r"\b(" + "|".join(re.escape(word) for word in words) + r")\b", re.IGNORECASE)


def test_clean_items_have_nothing_to_flag(
    run: list[GeneratedItem],
    products: dict[str, Product],
    hs2022: dict[str, str],
    suspicious_words: re.Pattern[str],
) -> None:
    failures = {
        generated.item.item_id: problems
        for generated in run
        if not generated.codes
        and (problems := clean_problems(generated.item, products, hs2022, suspicious_words))
    }
    assert not failures, list(failures.items())[:5]


def test_most_items_are_clean_and_categories_are_mixed(run: list[GeneratedItem]) -> None:
    clean = [generated.item for generated in run if not generated.codes]
    assert 0.75 < len(clean) / len(run) < 0.85
    categories = Counter(item.categories[0] for item in clean)
    assert categories["sale_of_goods"] / len(clean) > 0.7
    for category in ("gift", "documents", "returned_goods", "commercial_sample"):
        assert categories[category] / len(clean) > 0.02, category


def _addressee_keys(item: Item) -> list[str]:
    party = item.addressee
    assert party is not None and party.address is not None
    address = party.address
    place = f"{address.country}|{address.postcode or address.city}"
    keys = [f"address|{place}|{re.sub(r'[^0-9a-z]', '', (address.lines or [''])[0].casefold())}"]
    if party.name:
        keys.append(f"name|{place}|{name_key(party.name) or party.name.casefold()}")
    keys += [f"phone|{party.phone}"] if party.phone else []
    keys += [f"email|{party.email}"] if party.email else []
    return keys


def test_clean_items_share_no_addressee_with_any_other_item(run: list[GeneratedItem]) -> None:
    seen = Counter(key for generated in run for key in set(_addressee_keys(generated.item)))
    shared = [
        (generated.item.item_id, key)
        for generated in run
        if not generated.codes
        for key in _addressee_keys(generated.item)
        if seen[key] > 1
    ]
    assert not shared, shared[:5]


def test_item_ids_are_unique_and_valid_unless_planted(run: list[GeneratedItem]) -> None:
    ids = [generated.item.item_id for generated in run]
    assert len(set(ids)) == len(ids)
    invalid = [
        g.item.item_id for g in run if "INVALID_ITEM_ID" not in g.codes and s10_problem(g.item.item_id)
    ]
    assert not invalid


def test_clean_parties_carry_no_listed_name(run: list[GeneratedItem]) -> None:
    listed = {name_key(entry.name) for entry in reference().watchlist}
    used = {
        name_key(name)
        for generated in run
        if not generated.codes
        for party in (generated.item.sender, generated.item.addressee)
        if party is not None
        for name in (party.name, party.business)
        if name
    }
    assert not used & listed


def test_origins_and_destinations_are_many_and_weighted(run: list[GeneratedItem]) -> None:
    origins = Counter(generated.item.origin_country for generated in run)
    destinations = Counter(generated.item.destination_country for generated in run)
    required = {"CN", "HK", "GB", "US", "DE", "FR", "JP", "KR", "TR", "IN", "BR", "RU", "AE", "TH", "PL"}
    assert required <= {code for code, count in origins.items() if count >= 20}
    assert origins.most_common(1)[0][0] == "CN"
    eu = reference().countries.customs_union
    assert sum(count for code, count in destinations.items() if code in eu) / len(run) > 0.4
    assert {"US", "GB", "CA", "AU", "JP", "KR"} <= set(destinations)


def test_some_parties_write_their_names_in_native_script(run: list[GeneratedItem]) -> None:
    senders = [
        g.item.sender.name for g in run if g.item.sender and g.item.origin_country in ("CN", "JP", "RU")
    ]
    native = [name for name in senders if name and not name.isascii()]
    assert 0.05 < len(native) / len(senders) < 0.5


def test_the_check_digit_table_is_the_s10_algorithm() -> None:
    from clearpost.generate import items
    from clearpost.identifiers import s10_check_digit

    for serial in [*range(0, 100_000_000, 99_991), 96633102, 71758, 76129403, 47312482]:
        digit = items._CHECK[(items._HIGH[serial // 10_000] + items._LOW[serial % 10_000]) % 11]
        assert digit == str(s10_check_digit(f"{serial:08d}")), serial
