"""Each check on real-looking items: what it finds, where, and what it says."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from msgspec.structs import replace

from clearpost.model import Code, ContentLine, Item, Money, Party, Transport
from clearpost.quality.checks import rate, run_checks
from clearpost.quality.context import Context, SenderHistory, sender_key
from clearpost.quality.problems import Problem
from clearpost.reference import Reference

NOW = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC)  # before the example departs (07:40Z)


def context(reference: Reference, item: Item, *, stage: str = "arrival", now: dt.datetime = NOW) -> Context:
    profile = reference.profiles.select(item.destination_country, stage, now.date())  # type: ignore[arg-type]
    return Context(profile, now, now.date(), reference.quality, SenderHistory({}))


def problems(reference: Reference, item: Item, **options: object) -> list[Problem]:
    return run_checks(item, context(reference, item, **options))  # type: ignore[arg-type]


def codes(reference: Reference, item: Item, **options: object) -> list[tuple[str, str | None]]:
    return [(p.code, p.field) for p in problems(reference, item, **options)]


def test_the_contract_example_is_clean(reference: Reference, example_item: Item) -> None:
    assert codes(reference, example_item) == []


def test_missing_required_fields_name_the_field(reference: Reference, example_item: Item) -> None:
    addressee = replace(example_item.addressee, name=None)
    lines = [replace(example_item.contents[0], description="  "), example_item.contents[1]]
    item = replace(example_item, addressee=addressee, contents=lines, gross_weight_kg=None)
    found = problems(reference, item)
    assert [(p.code, p.field) for p in found if p.code == Code.MISSING_FIELD] == [
        ("MISSING_FIELD", "addressee.name"),
        ("MISSING_FIELD", "gross_weight_kg"),
        ("MISSING_FIELD", "contents[0].description"),
    ]
    assert found[-1].params["line"] == 1


def test_missing_fields_come_in_the_profiles_order(reference: Reference, example_item: Item) -> None:
    """Item fields and the fields of each content line, in the order the profile requires them
    (a requirement's lines one after the other), also when a whole address is missing."""
    sender = replace(example_item.sender, address=None)
    lines = [
        replace(example_item.contents[0], description=None, quantity=None),
        replace(example_item.contents[1], description=""),
    ]
    item = replace(example_item, sender=sender, contents=lines, total_value=None)
    assert [p.field for p in problems(reference, item) if p.code == Code.MISSING_FIELD] == [
        "sender.address.lines",
        "sender.address.city",
        "sender.address.country",
        "total_value",
        "contents[0].description",
        "contents[1].description",
        "contents[0].quantity",
    ]


def test_hs_code_and_origin_are_required_on_commercial_cn23_items_only(
    reference: Reference, example_item: Item
) -> None:
    lines = [replace(line, hs_code=None, origin_country=None) for line in example_item.contents]
    sale = replace(example_item, contents=lines, destination_country="JP")  # the generic profile
    assert ("MISSING_FIELD", "contents[1].hs_code") in codes(reference, sale)
    gift_letter = replace(
        sale,
        categories=["gift"],
        mail_class="letter",
        sender=replace(sale.sender, business=None),
        ioss_number=None,
    )
    assert not [c for c in codes(reference, gift_letter) if c[0] == "MISSING_FIELD"]
    # the EU's entry summary wants an HS code on every item
    eu_gift = replace(gift_letter, destination_country="FR")
    assert ("MISSING_FIELD", "contents[0].hs_code") in codes(reference, eu_gift)


def test_postcode_is_required_only_where_the_country_has_postcodes(
    reference: Reference, example_item: Item
) -> None:
    hong_kong = replace(
        example_item.addressee.address, postcode=None, country="HK", city="Kowloon", region="Kowloon"
    )
    item = replace(
        example_item, destination_country="HK", addressee=replace(example_item.addressee, address=hong_kong)
    )
    assert "addressee.address.postcode" not in {f for _, f in codes(reference, item)}
    lyon = replace(example_item.addressee.address, postcode=None)
    item = replace(example_item, addressee=replace(example_item.addressee, address=lyon))
    assert ("MISSING_FIELD", "addressee.address.postcode") in codes(reference, item)
    assert ("INCOMPLETE_ADDRESS", "addressee.address.postcode") not in codes(reference, item)  # said once


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"origin_country": "UK"}, ("INVALID_COUNTRY", "origin_country")),
        (
            {"total_value": Money(amount=Decimal("84.00"), currency="GPB")},
            ("INVALID_CURRENCY", "total_value.currency"),
        ),
        ({"ioss_number": "IM372000022"}, ("INVALID_IOSS", "ioss_number")),
        ({"ioss_number": "IM9990000224"}, ("INVALID_IOSS", "ioss_number")),
        ({"ioss_number": "IM3720000224", "destination_country": "JP"}, ("INVALID_IOSS", "ioss_number")),
        ({"gross_weight_kg": 0.3}, ("WEIGHT_INCONSISTENT", "gross_weight_kg")),
        ({"gross_weight_kg": 14.0}, ("WEIGHT_INCONSISTENT", "gross_weight_kg")),
        (
            {"total_value": Money(amount=Decimal("48.00"), currency="GBP")},
            ("VALUE_INCONSISTENT", "total_value"),
        ),
    ],
)
def test_validity_and_plausibility(
    reference: Reference, example_item: Item, change: dict[str, object], expected: tuple[str, str]
) -> None:
    assert expected in codes(reference, replace(example_item, **change))


def test_a_heavier_item_within_reason_is_consistent(reference: Reference, example_item: Item) -> None:
    assert codes(reference, replace(example_item, gross_weight_kg=1.6)) == []


def test_ioss_above_150_euros_cannot_be_used(reference: Reference, example_item: Item) -> None:
    lines = [replace(example_item.contents[0], value=Money(amount=Decimal("400.00"), currency="GBP"))]
    item = replace(
        example_item,
        contents=lines,
        total_value=Money(amount=Decimal("400.00"), currency="GBP"),
        gross_weight_kg=0.6,
    )
    (found,) = problems(reference, item)
    assert (found.code, found.detail is not None and found.detail["value_eur"] > 150) == (
        "INVALID_IOSS",
        True,
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("611011", None),
        ("6110119000", None),
        ("611099", "INVALID_HS_CODE"),
        ("61101", "INVALID_HS_CODE"),
        ("6110.11", "INVALID_HS_CODE"),
        ("851712", "OUTDATED_HS_CODE"),
    ],
)
def test_hs_codes_against_hs_2022(
    reference: Reference, example_item: Item, code: str, expected: str | None
) -> None:
    lines = [replace(example_item.contents[0], hs_code=code), example_item.contents[1]]
    found = [
        p
        for p in problems(reference, replace(example_item, contents=lines))
        if p.field == "contents[0].hs_code"
    ]
    assert [p.code for p in found] == ([expected] if expected else [])


def test_an_outdated_hs_code_suggests_its_successors(reference: Reference, example_item: Item) -> None:
    lines = [replace(example_item.contents[0], hs_code="851712"), example_item.contents[1]]
    (found,) = problems(reference, replace(example_item, contents=lines))
    assert found.detail is not None and "851713" in found.detail["successors"]  # smartphones, HS 2022
    assert "851713" in str(found.params["successors"])


@pytest.mark.parametrize("token", ["0", "0.00", "0.01", "1", "1.00"])
def test_token_values_are_implausible(reference: Reference, example_item: Item, token: str) -> None:
    money = Money(amount=Decimal(token), currency="GBP")
    lines = [replace(example_item.contents[0], value=money)]
    item = replace(example_item, contents=lines, total_value=money, gross_weight_kg=0.6)
    assert codes(reference, item) == [("IMPLAUSIBLE_VALUE", "contents[0].value")]


def test_documents_may_have_no_value(reference: Reference, example_item: Item) -> None:
    money = Money(amount=Decimal("0"), currency="GBP")
    lines = [
        ContentLine(
            description="Signed contract papers",
            quantity=1,
            unit="pcs",
            net_weight_kg=0.1,
            value=money,
            hs_code="490199",
            origin_country="GB",
        )
    ]
    item = replace(
        example_item,
        categories=["documents"],
        contents=lines,
        total_value=money,
        gross_weight_kg=0.15,
        ioss_number=None,
    )
    assert "IMPLAUSIBLE_VALUE" not in {c for c, _ in codes(reference, item)}


def test_late_data_says_by_how_much(reference: Reference, example_item: Item) -> None:
    late = dt.datetime(2026, 11, 21, 9, 10, tzinfo=dt.UTC)
    (found,) = problems(reference, example_item, now=late)
    assert (found.code, found.field, found.params["late"]) == (
        "LATE_DATA",
        "transport.departure_time",
        "90 min",
    )
    no_departure = replace(example_item, transport=Transport(flight="AF1963"))
    assert codes(reference, no_departure, now=late) == []


def _gift(example_item: Item, **change: object) -> Item:
    sender = Party(name="Amelia Hart", address=example_item.sender.address)  # a private person
    line = ContentLine(
        description="Hand-knitted wool scarf",
        quantity=1,
        unit="pcs",
        net_weight_kg=0.2,
        value=Money(amount=Decimal("25.00"), currency="GBP"),
        hs_code="611790",
        origin_country="GB",
    )
    item = replace(
        example_item,
        categories=["gift"],
        sender=sender,
        ioss_number=None,
        contents=[line],
        total_value=line.value,
        gross_weight_kg=0.3,
        mail_class="letter",
    )
    return replace(item, **change)


def test_a_real_gift_is_not_misdeclared(reference: Reference, example_item: Item) -> None:
    assert codes(reference, _gift(example_item)) == []


@pytest.mark.parametrize(
    ("change", "signal"),
    [
        ({"sender": Party(name="Amelia Hart", business="Hart Knitwear Ltd")}, "business_sender"),
        ({"ioss_number": "IM3720000224"}, "ioss_number"),
        ({"total_value": Money(amount=Decimal("260.00"), currency="GBP")}, "high_value"),
    ],
)
def test_gift_with_signs_of_a_sale(
    reference: Reference, example_item: Item, change: dict[str, object], signal: str
) -> None:
    item = _gift(example_item, **change)
    if "total_value" in change:
        item = replace(item, contents=[replace(item.contents[0], value=item.total_value)])
    found = [p for p in problems(reference, item) if p.code == Code.GIFT_MISDECLARED]
    assert found and found[0].detail is not None and signal in found[0].detail["signals"]


def test_many_identical_units_are_not_a_gift(reference: Reference, example_item: Item) -> None:
    item = _gift(example_item)
    item = replace(item, contents=[replace(item.contents[0], quantity=24)])
    (found,) = [p for p in problems(reference, item) if p.code == Code.GIFT_MISDECLARED]
    assert found.detail == {"signals": ["identical_units"]}


def test_rating_applies_the_profile_and_scores(reference: Reference, example_item: Item) -> None:
    item = replace(example_item, gross_weight_kg=0.3, addressee=replace(example_item.addressee, name=None))
    ctx = context(reference, item)
    result = rate(run_checks(item, ctx), ctx.profile, "en")
    assert [(f.code, f.severity) for f in result.findings] == [
        ("MISSING_FIELD", "error"),
        ("WEIGHT_INCONSISTENT", "warning"),
    ]
    assert [f.code for f in result.errors] == ["MISSING_FIELD"]
    assert result.score == 100 - 20 - 20 / 2
    assert result.findings[0].message == "The addressee's name is missing."
    clean = rate(run_checks(example_item, ctx), ctx.profile, "en")
    assert (clean.score, clean.findings) == (100.0, [])


def test_a_sender_who_sends_like_a_seller(reference: Reference, example_item: Item) -> None:
    item = _gift(example_item)
    key = sender_key(item)
    assert key is not None
    profile = reference.profiles.select("FR", "arrival", NOW.date())
    busy = Context(profile, NOW, NOW.date(), reference.quality, SenderHistory({key: 12}))
    (found,) = [p for p in run_checks(item, busy) if p.code == Code.GIFT_MISDECLARED]
    assert found.detail == {"signals": ["seller_history"]}


def test_a_code_from_the_wrong_chapter_does_not_fit_its_description(
    reference: Reference, example_item: Item
) -> None:
    lines = [replace(example_item.contents[0], hs_code="851830"), example_item.contents[1]]  # headphones
    (found,) = problems(reference, replace(example_item, contents=lines))
    assert (found.code, found.field) == ("HS_DESCRIPTION_MISMATCH", "contents[0].hs_code")
    assert found.detail is not None and found.detail["likely"][0].startswith("61")  # a knitted cardigan
    assert "Women's wool cardigan" in str(found.params["description"])
