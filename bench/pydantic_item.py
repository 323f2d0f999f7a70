"""A pydantic v2 mirror of clearpost.model.Item, only to measure the boundary choice (msgspec)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Money(_Strict):
    amount: Decimal | None = None
    currency: str | None = None


class Address(_Strict):
    lines: list[str] = Field(default_factory=list)
    city: str | None = None
    postcode: str | None = None
    region: str | None = None
    country: str | None = None


class Party(_Strict):
    name: str | None = None
    business: str | None = None
    address: Address | None = None
    phone: str | None = None
    email: str | None = None
    reference: str | None = None


class ContentLine(_Strict):
    description: str | None = None
    quantity: int | float | None = None
    unit: str | None = None
    net_weight_kg: float | None = None
    value: Money | None = None
    hs_code: str | None = None
    origin_country: str | None = None


class Documents(_Strict):
    invoice: str | None = None
    licences: list[str] = Field(default_factory=list)
    certificates: list[str] = Field(default_factory=list)


class Transport(_Strict):
    despatch_id: str | None = None
    receptacle_id: str | None = None
    carrier: str | None = None
    flight: str | None = None
    departure_airport: str | None = None
    arrival_airport: str | None = None
    departure_time: AwareDatetime | None = None


class PydanticItem(_Strict):
    item_id: str | None = None
    mail_class: Literal["letter", "parcel", "ems", "express"] | None = None
    origin_post: str | None = None
    destination_post: str | None = None
    origin_country: str | None = None
    destination_country: str | None = None
    posting_date: AwareDatetime | None = None
    categories: list[
        Literal["gift", "commercial_sample", "documents", "returned_goods", "sale_of_goods", "other"]
    ] = Field(default_factory=list)
    category_explanation: str | None = None
    sender: Party | None = None
    addressee: Party | None = None
    gross_weight_kg: float | None = None
    total_value: Money | None = None
    postal_charges: Money | None = None
    ioss_number: str | None = None
    contents: list[ContentLine] = Field(default_factory=list)
    documents: Documents = Field(default_factory=Documents)
    comments: str | None = None
    transport: Transport | None = None
    attributes: dict[str, str | int | float | bool | None] | None = None
