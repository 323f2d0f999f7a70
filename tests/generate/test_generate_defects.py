"""Every planted defect is really there, where its truth detail says, and is what its code means."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest

from clearpost.generate import GeneratedItem
from clearpost.generate.defects import VAGUE_TERMS
from clearpost.generate.reference import Product, fold, reference
from clearpost.identifiers import s10_problem
from clearpost.model import Code, Item


def _planted(run: list[GeneratedItem], code: Code) -> list[tuple[Item, dict[str, Any]]]:
    found = [(g.item, g.truth_detail[code]) for g in run if code in g.codes]
    assert found, f"no {code} in the run"
    return found


def _resolve(item: Item, path: str) -> object:
    value: object = item
    for part in re.findall(r"[a-z_]+|\[\d+\]", path):
        value = value[int(part[1:-1])] if part.startswith("[") else getattr(value, part)  # type: ignore[index]
    return value


def _eur(amount: Decimal | None, currency: str | None) -> float:
    assert amount is not None and currency is not None
    return float(amount) / reference().eur_rate(currency)


def _product(description: str | None) -> Product:
    return next(p for p in reference().products if p.description == description)


def test_missing_field(run: list[GeneratedItem]) -> None:
    paths = set()
    for item, detail in _planted(run, Code.MISSING_FIELD):
        assert _resolve(item, detail["field"]) is None
        paths.add(re.sub(r"\[\d+\]", "[]", detail["field"]))
    assert {"addressee.address.postcode", "contents[].description", "gross_weight_kg", "sender.name"} <= paths


def test_invalid_item_id(run: list[GeneratedItem]) -> None:
    variants = set()
    for item, detail in _planted(run, Code.INVALID_ITEM_ID):
        assert s10_problem(item.item_id) is not None
        assert s10_problem(detail["valid_form"]) is None
        variants.add(detail["variant"])
    assert variants == {"check_digit", "shape", "reserved_service", "unknown_country"}


def test_invalid_hs_code(run: list[GeneratedItem], hs2022: dict[str, str], hs2017: dict[str, str]) -> None:
    for item, detail in _planted(run, Code.INVALID_HS_CODE):
        code = _resolve(item, detail["field"])
        assert code == detail["hs_code"] and re.fullmatch(r"\d{6}", str(code))
        assert code not in hs2022 and code not in hs2017
        assert detail["true_hs_code"] in hs2022


def test_outdated_hs_code(run: list[GeneratedItem], hs2022: dict[str, str], hs2017: dict[str, str]) -> None:
    for item, detail in _planted(run, Code.OUTDATED_HS_CODE):
        code = _resolve(item, detail["field"])
        assert code in hs2017 and code not in hs2022
        assert detail["true_hs_code"] in hs2022


def test_vague_description(run: list[GeneratedItem]) -> None:
    for item, detail in _planted(run, Code.VAGUE_DESCRIPTION):
        description = _resolve(item, detail["field"])
        assert description in VAGUE_TERMS or re.fullmatch(
            r"(Order \d{3}-\d{7}-\d{7}|PO #\d{6})", str(description)
        )
        content = _resolve(item, detail["field"].rsplit(".", 1)[0])
        assert content.hs_code == _product(detail["true_description"]).hs_code  # type: ignore[attr-defined]


def test_implausible_value(run: list[GeneratedItem]) -> None:
    for item, _detail in _planted(run, Code.IMPLAUSIBLE_VALUE):
        value = item.contents[0].value
        assert value is not None and value.amount in (Decimal(0), Decimal("0.01"), Decimal(1))
        assert item.total_value == value
        assert _product(item.contents[0].description).eur_min >= 30


def test_undervaluation(run: list[GeneratedItem]) -> None:
    for item, detail in _planted(run, Code.UNDERVALUATION):
        content = item.contents[0]
        assert content.value is not None and content.quantity
        unit_eur = _eur(content.value.amount, content.value.currency) / content.quantity
        product = _product(content.description)
        assert 1.0 < unit_eur < 0.2 * product.eur_min, (unit_eur, product)
        assert detail["typical_unit_eur"] == [product.eur_min, product.eur_max]
        assert item.total_value is not None
        assert item.total_value.amount == sum(
            c.value.amount for c in item.contents if c.value and c.value.amount
        )


def test_weight_inconsistent(run: list[GeneratedItem]) -> None:
    variants = set()
    for item, detail in _planted(run, Code.WEIGHT_INCONSISTENT):
        net = sum(content.net_weight_kg or 0.0 for content in item.contents)
        gross = item.gross_weight_kg
        assert gross is not None and (gross < net - 0.005 or gross > 10 * net), (gross, net)
        variants.add(detail["variant"])
    assert variants == {"gross_below_net", "gross_absurd"}


def test_gift_misdeclared(run: list[GeneratedItem]) -> None:
    variants = set()
    for item, detail in _planted(run, Code.GIFT_MISDECLARED):
        assert item.categories == ["gift"] and item.sender is not None and item.total_value is not None
        variant = detail["variant"]
        variants.add(variant)
        if variant == "business_sender":
            assert item.sender.business and item.sender.reference
        elif variant == "identical_units":
            assert any((content.quantity or 0) >= 10 for content in item.contents)
        elif variant == "high_value":
            assert _eur(item.total_value.amount, item.total_value.currency) >= 150
        else:
            assert item.ioss_number and re.fullmatch(r"IM\d{10}", item.ioss_number)
    assert variants == {"business_sender", "identical_units", "high_value", "ioss_number"}


def test_dangerous_goods(
    run: list[GeneratedItem], hs2022: dict[str, str], dangerous_goods_facts: dict[str, Any]
) -> None:
    keywords = [
        word
        for hazard in dangerous_goods_facts["iata_9_classes_hidden_dg_keywords"]["classes"]
        for word in hazard["keywords"]
    ]
    pattern = re.compile(r"\b(" + "|".join(re.escape(word) for word in keywords) + r")\b", re.IGNORECASE)
    for item, detail in _planted(run, Code.DANGEROUS_GOODS):
        content = item.contents[0]
        product = _product(content.description)
        assert product.group == "dangerous" and product.hazard == detail["hazard"]
        assert content.hs_code == product.hs_code and content.hs_code in hs2022
        assert pattern.search(str(content.description))


def test_watchlist_names_trace_back_to_a_real_list_entry(
    run: list[GeneratedItem], listed_entries: dict[tuple[str, str], tuple[str, str]]
) -> None:
    lists = listed_entries
    planted = _planted(run, Code.WATCHLIST_MATCH)
    assert {detail["list"] for _, detail in planted} == {"UN", "OFAC-SDN"}
    assert {detail["schema"] for _, detail in planted} == {"Person", "Company"}
    for item, detail in planted:
        published, script = lists[detail["list"], detail["entry_id"]]
        assert detail["listed_name"] == published
        assert _resolve(item, detail["field"]) == detail["name_used"]
        used = detail["name_used"]
        if detail["variations"] == ["original_script"]:
            assert used == script
            continue
        listed_tokens = fold(published.replace(",", " ")).split()
        used_tokens = fold(used).split()
        similar = sum(
            1 for token in listed_tokens if difflib.get_close_matches(token, used_tokens, n=1, cutoff=0.7)
        )
        assert similar >= max(1, len(listed_tokens) - 2), (published, used, detail["variations"])


def test_split_groups_exceed_the_threshold_together_and_not_alone(run: list[GeneratedItem]) -> None:
    groups: dict[str, list[tuple[Item, dict[str, Any]]]] = defaultdict(list)
    for item, detail in _planted(run, Code.SPLIT_SHIPMENT):
        groups[detail["group"]].append((item, detail))
    assert len(groups) > 50
    for members in groups.values():
        threshold = members[0][1]["threshold"]
        limit = float(threshold["amount"]) / reference().eur_rate(threshold["currency"])
        values = [
            _eur(item.total_value.amount, item.total_value.currency)
            for item, _ in members
            if item.total_value
        ]
        assert len(values) == len(members) == members[0][1]["members"] >= 2
        assert all(value < limit for value in values) and sum(values) > limit
        addressees = [item.addressee for item, _ in members]
        assert all(party is not None and party.address is not None for party in addressees)
        places = {(p.address.country, p.address.postcode) for p in addressees if p and p.address}
        assert len(places) == 1
        postings = [item.posting_date for item, _ in members if item.posting_date]
        assert max(postings) - min(postings) < dt.timedelta(days=5)
        assert all(item.categories == ["sale_of_goods"] for item, _ in members)


@pytest.mark.parametrize("code", [Code.SPLIT_SHIPMENT, Code.WATCHLIST_MATCH])
def test_defective_items_are_otherwise_well_formed(run: list[GeneratedItem], code: Code) -> None:
    for item, _ in _planted(run, code):
        assert s10_problem(item.item_id) is None
        assert item.total_value is not None and item.gross_weight_kg
