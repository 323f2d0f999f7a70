"""UPU S10 item identifiers: `AA 12345678 9 CC` (standards §4).

Service indicator (2 letters), 8-digit serial, check digit, ISO 3166-1 alpha-2 country of the
issuing Post. The check digit uses the weights 8-6-4-2-3-5-9-7 (S10-12).
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

from clearpost.model import Code
from clearpost.quality.problems import N_, Problem

S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_S10_SHAPE = re.compile(r"[A-Z]{2}[0-9]{9}[A-Z]{2}")
RESERVED_SERVICE_LETTERS = frozenset("JKSTW")
"""First letters that no S10 service indicator may use (reserved by the UPU)."""


@cache
def iso_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from pycountry's packaged data."""
    return frozenset(country.alpha_2 for country in pycountry.countries)


@cache
def iso_currencies() -> frozenset[str]:
    """ISO 4217 currency codes, from pycountry's packaged data."""
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def s10_check_digit(serial: str) -> int:
    """Check digit of an 8-digit serial number."""
    if len(serial) != len(S10_WEIGHTS) or not serial.isascii() or not serial.isdigit():
        raise ValueError(f"an S10 serial number has 8 digits, not {serial!r}")
    total = 0
    for digit, weight in zip(serial, S10_WEIGHTS, strict=True):  # compiled: native arithmetic
        total += (ord(digit) - 48) * weight
    remainder = total % 11
    check = 11 - remainder
    if check == 10:
        return 0
    if check == 11:
        return 5
    return check


def s10_problem(item_id: str | None) -> Problem | None:
    """Why `item_id` (already normalised: no spaces, upper case) is not a valid S10 id, or None."""
    if not item_id:
        return _invalid(
            N_(
                "The item identifier is missing; every item needs its UPU S10 identifier (e.g. "
                "RR473124829GB)."
            ),
            item_id,
        )
    if len(item_id) != 13 or not _S10_SHAPE.fullmatch(item_id):
        return _invalid(
            N_(
                "The item identifier {item_id} is not in UPU S10 form: two letters, nine digits, "
                "two letters (e.g. RR473124829GB)."
            ),
            item_id,
        )
    if item_id[0] in RESERVED_SERVICE_LETTERS:
        return _invalid(
            N_(
                "The service indicator {service} of {item_id} is not allowed: "
                "S10 service indicators never begin with J, K, S, T or W."
            ),
            item_id,
            service=item_id[:2],
        )
    if item_id[11:] not in iso_countries():
        return _invalid(
            N_("The country code {country} at the end of {item_id} is not an ISO 3166-1 country code."),
            item_id,
            country=item_id[11:],
        )
    expected = s10_check_digit(item_id[2:10])
    if int(item_id[10]) != expected:
        return _invalid(
            N_(
                "The check digit of {item_id} is {digit} but its serial number {serial} gives "
                "{expected}: the identifier was mistyped or misprinted."
            ),
            item_id,
            digit=item_id[10],
            serial=item_id[2:10],
            expected=expected,
        )
    return None


def _invalid(template: str, item_id: str | None, **params: object) -> Problem:
    return Problem(
        Code.INVALID_ITEM_ID, "item_id", template, {"item_id": item_id, **params}, {"received": item_id}
    )


def make_s10(service: str, serial: int, country: str) -> str:
    """Build a valid S10 identifier from its parts (serial taken modulo 10^8)."""
    digits = f"{serial % 100_000_000:08d}"
    return f"{service}{digits}{s10_check_digit(digits)}{country}"
