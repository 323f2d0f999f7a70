"""Hypothesis strategies for the canonical records (contract §1–2), shared by all format tests.

`items()` draws valid-typed Items: Nones, empty lists, unicode names, Decimal amounts, aware
datetimes. Values are chosen so that every interchange format can carry them exactly:

- texts are non-empty and hold no control, surrogate or unassigned characters (EDIFACT and XML
  cannot tell an empty string from an absent one, nor carry control characters);
- date-times have whole seconds and UTC offsets in whole minutes;
- addresses have at most four lines (CUSITM's C059 street has four components);
- `attributes` is None or non-empty.

Pass `text=` to widen or narrow what the texts may hold.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypeVar

from hypothesis import strategies as st

from clearpost.identifiers import iso_countries, make_s10
from clearpost.model import (
    CATEGORIES,
    MAIL_CLASSES,
    Address,
    Assessment,
    Cancellation,
    Code,
    ContentLine,
    Documents,
    Finding,
    Item,
    Location,
    Money,
    Party,
    Quality,
    Risk,
    Transport,
)

T = TypeVar("T")

TEXT_CHARACTERS = st.characters(exclude_categories=("Cc", "Cs", "Cn"))
"""Every printable character of every script, spaces and format characters included."""


def texts(max_size: int = 40, alphabet: st.SearchStrategy[str] = TEXT_CHARACTERS) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=1, max_size=max_size)


def optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def countries() -> st.SearchStrategy[str]:
    """Mostly ISO 3166-1 alpha-2 codes; now and then free text (the contract allows it)."""
    return st.sampled_from(sorted(iso_countries())) | texts(6)


def item_ids() -> st.SearchStrategy[str]:
    valid = st.builds(
        make_s10,
        st.sampled_from(["RR", "CP", "EE", "LX", "UA", "CZ"]),
        st.integers(0, 99_999_999),
        st.sampled_from(["GB", "FR", "DE", "CN", "US", "IN", "TW"]),
    )
    return valid | st.from_regex(r"[A-Z0-9]{1,20}", fullmatch=True)


def moments() -> st.SearchStrategy[dt.datetime]:
    zones = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
    return st.datetimes(
        min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2100, 12, 31), timezones=zones
    ).map(lambda moment: moment.replace(microsecond=0))


def amounts() -> st.SearchStrategy[Decimal]:
    plain = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
    any_places = st.decimals(
        min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, allow_infinity=False
    )
    return plain | any_places


def finite_floats() -> st.SearchStrategy[float]:
    return st.floats(allow_nan=False, allow_infinity=False)


def money() -> st.SearchStrategy[Money]:
    currencies = st.sampled_from(["EUR", "GBP", "USD", "CNY", "JPY", "INR"]) | texts(5)
    return st.builds(Money, amount=optional(amounts()), currency=optional(currencies))


def addresses() -> st.SearchStrategy[Address]:
    return st.builds(
        Address,
        lines=st.lists(texts(35), max_size=4),
        city=optional(texts()),
        postcode=optional(texts(10)),
        region=optional(texts(20)),
        country=optional(countries()),
    )


def parties() -> st.SearchStrategy[Party]:
    return st.builds(
        Party,
        name=optional(texts(70)),
        business=optional(texts(70)),
        address=optional(addresses()),
        phone=optional(texts(20)),
        email=optional(texts(40)),
        reference=optional(texts(20)),
    )


def content_lines() -> st.SearchStrategy[ContentLine]:
    return st.builds(
        ContentLine,
        description=optional(texts(80)),
        quantity=optional(st.integers(-(10**12), 10**12) | finite_floats()),
        unit=optional(st.sampled_from(["pcs", "kg", "l", "pair"]) | texts(5)),
        net_weight_kg=optional(finite_floats()),
        value=optional(money()),
        hs_code=optional(st.from_regex(r"[0-9]{6,10}", fullmatch=True) | texts(12)),
        origin_country=optional(countries()),
    )


def transports() -> st.SearchStrategy[Transport]:
    return st.builds(
        Transport,
        despatch_id=optional(texts(29)),
        receptacle_id=optional(texts(29)),
        carrier=optional(texts(3)),
        flight=optional(texts(8)),
        departure_airport=optional(texts(3)),
        arrival_airport=optional(texts(3)),
        departure_time=optional(moments()),
    )


def attributes() -> st.SearchStrategy[dict[str, str | int | float | bool | None]]:
    scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | finite_floats() | texts()
    return st.dictionaries(st.text(TEXT_CHARACTERS, max_size=20), scalars, min_size=1, max_size=5)


def items() -> st.SearchStrategy[Item]:
    return st.builds(
        Item,
        item_id=optional(item_ids()),
        mail_class=optional(st.sampled_from(MAIL_CLASSES)),
        origin_post=optional(texts(6)),
        destination_post=optional(texts(6)),
        origin_country=optional(countries()),
        destination_country=optional(countries()),
        posting_date=optional(moments()),
        categories=st.lists(st.sampled_from(CATEGORIES), max_size=3, unique=True),
        category_explanation=optional(texts(60)),
        sender=optional(parties()),
        addressee=optional(parties()),
        gross_weight_kg=optional(finite_floats()),
        total_value=optional(money()),
        postal_charges=optional(money()),
        ioss_number=optional(st.from_regex(r"IM[0-9]{10}", fullmatch=True) | texts(12)),
        contents=st.lists(content_lines(), max_size=4),
        documents=st.builds(
            Documents,
            invoice=optional(texts(20)),
            licences=st.lists(texts(20), max_size=2),
            certificates=st.lists(texts(20), max_size=2),
        ),
        comments=optional(texts(120)),
        transport=optional(transports()),
        attributes=optional(attributes()),
    )


def cancellations() -> st.SearchStrategy[Cancellation]:
    return st.builds(Cancellation, item_id=optional(item_ids()), reason=optional(texts(80)))


def findings(*, with_location: bool = False, with_detail: bool = False) -> st.SearchStrategy[Finding]:
    location = st.builds(
        Location,
        segment=optional(st.integers(0, 10**6)),
        tag=optional(st.from_regex(r"[A-Z]{3}", fullmatch=True)),
        element=optional(st.integers(1, 99)),
        component=optional(st.integers(1, 99)),
    )
    detail = st.dictionaries(texts(10), st.none() | st.integers(-1000, 1000) | texts(20), max_size=3)
    return st.builds(
        Finding,
        code=st.sampled_from(list(Code)).map(str),
        field=optional(st.from_regex(r"[a-z_]+(\[[0-9]\])?(\.[a-z_]+)?", fullmatch=True)),
        severity=st.sampled_from(["error", "warning", "info"]),
        message=texts(120),
        location=optional(location) if with_location else st.none(),
        detail=optional(detail) if with_detail else st.none(),
        source=optional(st.sampled_from(["rule", "screening", "model", "quality", "targeting"])),
    )


OUTCOMES = (
    "ASSESSMENT_COMPLETE",
    "REQUEST_INFO",
    "SCREEN_HRCM",
    "DO_NOT_LOAD",
    "RELEASE",
    "INSPECT",
    "HOLD",
    "SEIZE",
    "RETURN",
    "REJECTED_DATA",
)


def assessments(*, with_location: bool = False, with_detail: bool = False) -> st.SearchStrategy[Assessment]:
    finding = findings(with_location=with_location, with_detail=with_detail)
    return st.builds(
        Assessment,
        item_id=optional(item_ids()),
        status=st.sampled_from(["accepted", "rejected"]),
        stage=st.sampled_from(["pre_loading", "arrival"]),
        errors=st.lists(finding, max_size=3),
        quality=st.builds(Quality, score=st.floats(0, 100), findings=st.lists(finding, max_size=3)),
        risk=st.builds(
            Risk,
            score=st.floats(0, 1),
            level=st.sampled_from(["low", "medium", "high"]),
            reasons=st.lists(finding, max_size=3),
        ),
        outcome=st.sampled_from(OUTCOMES),
        duties=optional(
            st.dictionaries(st.sampled_from(["VAT", "DUTY", "FEE"]), st.integers(0, 10**6), max_size=3)
        ),
        assessed_at=moments(),
    )
