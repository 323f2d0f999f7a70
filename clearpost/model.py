"""The canonical records of the public contract: the item (§1), the assessment (§2), findings (§3).

Records are msgspec structs: the JSON boundary decodes straight into them, strictly typed
(a string where a number belongs is a syntax error), while *content* (an S10 check digit, a
country code, a missing value) is left to the pipeline so that `convert` can pass defective
items through unchanged. Every field of an item may therefore be absent; absence is `None`.

Canonical normalisation, applied wherever an item is built:
- `item_id` loses its spaces and is upper-cased (contract §1);
- an empty sub-object (address, party, transport, attributes) is the same as a missing one: `None`.
  EDIFACT and XML cannot tell the two apart, so the model does not either.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from math import isfinite
from typing import Annotated, Any, Literal

import msgspec

AwareDateTime = Annotated[dt.datetime, msgspec.Meta(tz=True)]
"""ISO 8601 date-time that must carry a UTC offset."""

MailClass = Literal["letter", "parcel", "ems", "express"]
Category = Literal["gift", "commercial_sample", "documents", "returned_goods", "sale_of_goods", "other"]
Severity = Literal["error", "warning", "info"]
Stage = Literal["pre_loading", "arrival"]
Status = Literal["accepted", "rejected"]
RiskLevel = Literal["low", "medium", "high"]
RiskSource = Literal["rule", "screening", "model", "quality", "targeting"]

CATEGORIES: tuple[Category, ...] = (
    "gift",
    "commercial_sample",
    "documents",
    "returned_goods",
    "sale_of_goods",
    "other",
)
MAIL_CLASSES: tuple[MailClass, ...] = ("letter", "parcel", "ems", "express")


class Code(StrEnum):
    """Finding codes of the contract's catalogue (§3)."""

    # data quality
    MISSING_FIELD = "MISSING_FIELD"
    INVALID_ITEM_ID = "INVALID_ITEM_ID"
    INVALID_COUNTRY = "INVALID_COUNTRY"
    INVALID_CURRENCY = "INVALID_CURRENCY"
    INVALID_HS_CODE = "INVALID_HS_CODE"
    OUTDATED_HS_CODE = "OUTDATED_HS_CODE"
    HS_DESCRIPTION_MISMATCH = "HS_DESCRIPTION_MISMATCH"
    VAGUE_DESCRIPTION = "VAGUE_DESCRIPTION"
    IMPLAUSIBLE_VALUE = "IMPLAUSIBLE_VALUE"
    WEIGHT_INCONSISTENT = "WEIGHT_INCONSISTENT"
    VALUE_INCONSISTENT = "VALUE_INCONSISTENT"
    INCOMPLETE_ADDRESS = "INCOMPLETE_ADDRESS"
    GIFT_MISDECLARED = "GIFT_MISDECLARED"
    INVALID_IOSS = "INVALID_IOSS"
    LATE_DATA = "LATE_DATA"
    # risk
    WATCHLIST_MATCH = "WATCHLIST_MATCH"
    UNDERVALUATION = "UNDERVALUATION"
    SPLIT_SHIPMENT = "SPLIT_SHIPMENT"
    DANGEROUS_GOODS = "DANGEROUS_GOODS"
    PROHIBITED_GOODS = "PROHIBITED_GOODS"
    RULE_HIT = "RULE_HIT"
    MODEL_SCORE = "MODEL_SCORE"
    RANDOM_SELECTION = "RANDOM_SELECTION"
    # syntax
    SYNTAX_ERROR = "SYNTAX_ERROR"
    # messages (ClearPost's extension of the catalogue)
    UNKNOWN_ITEM = "UNKNOWN_ITEM"
    """A cancellation names an item ClearPost never received."""


QUALITY_CODES = frozenset(
    {
        Code.MISSING_FIELD,
        Code.INVALID_ITEM_ID,
        Code.INVALID_COUNTRY,
        Code.INVALID_CURRENCY,
        Code.INVALID_HS_CODE,
        Code.OUTDATED_HS_CODE,
        Code.HS_DESCRIPTION_MISMATCH,
        Code.VAGUE_DESCRIPTION,
        Code.IMPLAUSIBLE_VALUE,
        Code.WEIGHT_INCONSISTENT,
        Code.VALUE_INCONSISTENT,
        Code.INCOMPLETE_ADDRESS,
        Code.GIFT_MISDECLARED,
        Code.INVALID_IOSS,
        Code.LATE_DATA,
    }
)
"""The data-quality part of the catalogue (contract §3)."""


class _Record(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    """Base of the contract's records: keyword construction, unknown fields refused."""


class Money(_Record):
    amount: Decimal | None = None
    currency: str | None = None


class Address(_Record):
    lines: list[str] = msgspec.field(default_factory=list)
    city: str | None = None
    postcode: str | None = None
    region: str | None = None
    country: str | None = None


class Party(_Record):
    name: str | None = None
    business: str | None = None
    address: Address | None = None
    phone: str | None = None
    email: str | None = None
    reference: str | None = None


class ContentLine(_Record):
    description: str | None = None
    quantity: int | float | None = None
    unit: str | None = None
    net_weight_kg: float | None = None
    value: Money | None = None
    hs_code: str | None = None
    origin_country: str | None = None


class Documents(_Record):
    invoice: str | None = None
    licences: list[str] = msgspec.field(default_factory=list)
    certificates: list[str] = msgspec.field(default_factory=list)


class Transport(_Record):
    despatch_id: str | None = None
    receptacle_id: str | None = None
    carrier: str | None = None
    flight: str | None = None
    departure_airport: str | None = None
    arrival_airport: str | None = None
    departure_time: AwareDateTime | None = None


AttributeValue = str | int | float | bool | None
"""Attributes are flat: each is one source column (or one extra element) with a scalar value."""


def normalise_item_id(item_id: str) -> str:
    """Contract §1: spaces in an item id are ignored and case is folded."""
    return "".join(item_id.split()).upper()


class Item(_Record):
    """One postal item with its electronic customs declaration (CN 22/CN 23 content)."""

    item_id: str | None = None
    mail_class: MailClass | None = None
    origin_post: str | None = None
    destination_post: str | None = None
    origin_country: str | None = None
    destination_country: str | None = None
    posting_date: AwareDateTime | None = None
    categories: list[Category] = msgspec.field(default_factory=list)
    category_explanation: str | None = None
    sender: Party | None = None
    addressee: Party | None = None
    gross_weight_kg: float | None = None
    total_value: Money | None = None
    postal_charges: Money | None = None
    ioss_number: str | None = None
    contents: list[ContentLine] = msgspec.field(default_factory=list)
    documents: Documents = msgspec.field(default_factory=Documents)
    comments: str | None = None
    transport: Transport | None = None
    attributes: dict[str, AttributeValue] | None = None

    def __post_init__(self) -> None:
        if self.item_id is not None:
            self.item_id = normalise_item_id(self.item_id)
        self.sender = _party_or_none(self.sender)
        self.addressee = _party_or_none(self.addressee)
        if self.transport is not None and self.transport == _EMPTY_TRANSPORT:
            self.transport = None
        if not self.attributes:
            self.attributes = None
        _refuse_non_finite(self)


class Cancellation(_Record):
    """A Post withdraws the EAD of an item: the item is marked cancelled, never deleted."""

    item_id: str | None = None
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.item_id is not None:
            self.item_id = normalise_item_id(self.item_id)


Record = Item | Cancellation
"""What a message carries: declarations and cancellations, in order."""


_EMPTY_ADDRESS = Address()
_EMPTY_PARTY = Party()
_EMPTY_TRANSPORT = Transport()


def _refuse_non_finite(item: Item) -> None:
    """Amounts, weights and quantities are finite numbers. The decimal and float types admit
    "NaN" and "Infinity" (so do msgspec and the message formats' readers), which are no value
    and which no comparison can be made with: such a declaration is malformed. The numbers are
    tested inline first, as this runs for every item read; the field is named only on failure."""
    total, charges, weight = item.total_value, item.postal_charges, item.gross_weight_kg
    if (
        (weight is None or isfinite(weight))
        and (total is None or total.amount is None or total.amount.is_finite())
        and (charges is None or charges.amount is None or charges.amount.is_finite())
    ):
        for line in item.contents:
            value, quantity, net = line.value, line.quantity, line.net_weight_kg
            if not (
                (value is None or value.amount is None or value.amount.is_finite())
                and (quantity is None or isfinite(quantity))
                and (net is None or isfinite(net))
            ):
                break
        else:
            return
    numbers: list[tuple[str, Decimal | float | None]] = [
        ("gross_weight_kg", weight),
        ("total_value.amount", total.amount if total else None),
        ("postal_charges.amount", charges.amount if charges else None),
    ]
    for index, line in enumerate(item.contents):
        numbers += [
            (f"contents[{index}].quantity", line.quantity),
            (f"contents[{index}].net_weight_kg", line.net_weight_kg),
            (f"contents[{index}].value.amount", line.value.amount if line.value else None),
        ]
    field, number = next(
        (field, number)
        for field, number in numbers
        if number is not None
        and not (number.is_finite() if isinstance(number, Decimal) else isfinite(number))
    )
    raise ValueError(f"{field} is {number}, not a finite number")


def _party_or_none(party: Party | None) -> Party | None:
    if party is None:
        return None
    if party.address is not None and party.address == _EMPTY_ADDRESS:
        party.address = None
    return None if party == _EMPTY_PARTY else party


# ---------------------------------------------------------------- findings and assessments


class Location(_Record, omit_defaults=True):
    """Where in the source message a finding points. Only the parts that apply are set."""

    line: int | None = None
    column: int | None = None
    path: str | None = None
    segment: int | None = None
    tag: str | None = None
    element: int | None = None
    component: int | None = None
    row: int | None = None
    column_name: str | None = None
    record: int | None = None


class Finding(_Record, kw_only=True):
    code: str
    field: str | None = None
    severity: Severity = "error"
    message: str
    location: Location | None = None
    detail: dict[str, Any] | None = None
    source: RiskSource | None = None
    """For risk reasons: what raised it (contract §2)."""


class Quality(_Record):
    score: float
    findings: list[Finding] = msgspec.field(default_factory=list)


class Risk(_Record):
    score: float
    level: RiskLevel
    reasons: list[Finding] = msgspec.field(default_factory=list)


class Assessment(_Record, kw_only=True):
    item_id: str | None
    status: Status
    stage: Stage
    errors: list[Finding] = msgspec.field(default_factory=list)
    quality: Quality
    risk: Risk
    outcome: str
    duties: dict[str, Any] | None = None
    assessed_at: AwareDateTime
