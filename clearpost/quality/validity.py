"""Validity of codes: countries, currencies, HS codes and IOSS numbers.

(S10 item ids are checked when records are identified: `clearpost.identifiers`.)
"""

from __future__ import annotations

import re

from clearpost.model import Code, Item
from clearpost.quality.context import Context
from clearpost.quality.descriptions import vagueness
from clearpost.quality.problems import N_, Problem

_HS = re.compile(r"[0-9]{6,10}")
_IOSS = re.compile(r"IM([0-9]{3})([0-9]{7})")


def check_countries(item: Item, context: Context) -> list[Problem]:
    """Every country must be an ISO 3166-1 alpha-2 code (`INVALID_COUNTRY`)."""
    countries = context.reference.countries
    problems: list[Problem] = []
    for path, value in (
        ("origin_country", item.origin_country),
        ("destination_country", item.destination_country),
    ):
        if value and value not in countries:
            problems.append(_invalid_country(path, value))
    for role, party in (("sender", item.sender), ("addressee", item.addressee)):
        if party is not None and party.address is not None:
            value = party.address.country
            if value and value not in countries:
                problems.append(_invalid_country(f"{role}.address.country", value))
    for index, line in enumerate(item.contents):
        value = line.origin_country
        if value and value not in countries:
            problems.append(_invalid_country(f"contents[{index}].origin_country", value))
    return problems


def _invalid_country(path: str, value: str) -> Problem:
    return Problem(
        Code.INVALID_COUNTRY,
        path,
        N_("{value} in {field} is not an ISO 3166-1 alpha-2 country code (e.g. GB, not UK; GR, not EL)."),
        {"value": value, "field": path},
        {"received": value},
    )


def check_currencies(item: Item, context: Context) -> list[Problem]:
    """Every amount's currency must be an ISO 4217 code (`INVALID_CURRENCY`)."""
    currencies = context.reference.currencies
    problems: list[Problem] = []
    for path, money in (("total_value", item.total_value), ("postal_charges", item.postal_charges)):
        if money is not None and money.currency and money.currency not in currencies:
            problems.append(_invalid_currency(path, money.currency))
    for index, line in enumerate(item.contents):
        money = line.value
        if money is not None and money.currency and money.currency not in currencies:
            problems.append(_invalid_currency(f"contents[{index}].value", money.currency))
    return problems


def _invalid_currency(path: str, currency: str) -> Problem:
    return Problem(
        Code.INVALID_CURRENCY,
        f"{path}.currency",
        N_("{value} in {field} is not an ISO 4217 currency code (e.g. EUR, USD, CNY)."),
        {"value": currency, "field": f"{path}.currency"},
        {"received": currency},
    )


def check_hs_codes(item: Item, context: Context) -> list[Problem]:
    """HS codes must exist in HS 2022 (`INVALID_HS_CODE`); a code that existed only in HS 2017 is
    `OUTDATED_HS_CODE`, with its likely HS 2022 successors."""
    nomenclature = context.reference.nomenclature
    problems: list[Problem] = []
    for index, line in enumerate(item.contents):
        code = line.hs_code
        if not code:
            continue
        path = f"contents[{index}].hs_code"
        params = {"line": index + 1, "hs_code": code}
        if not _HS.fullmatch(code):
            problems.append(
                Problem(
                    Code.INVALID_HS_CODE,
                    path,
                    N_(
                        "Article {line}: the HS code {hs_code} is not a tariff number: give 6 to "
                        "10 digits, no dots or spaces."
                    ),
                    params,
                    {"received": code},
                )
            )
            continue
        subheading = code[:6]
        if subheading in nomenclature.subheadings:
            continue
        if subheading in nomenclature.outdated:
            successors = list(nomenclature.successors[subheading])
            problems.append(
                Problem(
                    Code.OUTDATED_HS_CODE,
                    path,
                    N_(
                        "Article {line}: the HS code {hs_code} was deleted by HS 2022; "
                        "classify the goods again (likely: {successors})."
                    )
                    if successors
                    else N_(
                        "Article {line}: the HS code {hs_code} was deleted by HS 2022; classify "
                        "the goods again."
                    ),
                    {**params, "successors": ", ".join(successors)},
                    {"received": code, "hs2017": subheading, "successors": successors},
                )
            )
            continue
        heading = subheading[:4]
        problems.append(
            Problem(
                Code.INVALID_HS_CODE,
                path,
                N_(
                    "Article {line}: the HS code {hs_code} does not exist in HS 2022 (heading "
                    "{heading} has no subheading {subheading})."
                )
                if heading in nomenclature.headings
                else N_("Article {line}: the HS code {hs_code} does not exist in HS 2022."),
                {**params, "heading": heading, "subheading": subheading},
                {"received": code},
            )
        )
    return problems


def check_ioss(item: Item, context: Context) -> list[Problem]:
    """An IOSS number is `IM`, the member state's 3-digit ISO code, 7 digits; it only serves
    goods sent to the EU (`INVALID_IOSS`)."""
    number = item.ioss_number
    if not number:
        return []
    compact = number.replace(" ", "").upper()
    match = _IOSS.fullmatch(compact)
    if match is None:
        template = N_("The IOSS number {ioss} is not in the form IM + 10 digits (e.g. IM3720000123).")
        return [Problem(Code.INVALID_IOSS, "ioss_number", template, {"ioss": number}, {"received": number})]
    state = context.reference.ioss_states.get(match.group(1))
    if state is None:
        template = N_(
            "The IOSS number {ioss} names no EU member state: its digits {digits} must be the "
            "state's ISO code."
        )
        params = {"ioss": number, "digits": match.group(1)}
        return [Problem(Code.INVALID_IOSS, "ioss_number", template, params, {"received": number})]
    destination = item.destination_country
    if destination and destination not in context.reference.eu:
        template = N_(
            "The IOSS number {ioss} only serves goods sent to the EU; this item goes to {destination}."
        )
        params = {"ioss": number, "destination": destination}
        return [Problem(Code.INVALID_IOSS, "ioss_number", template, params, {"member_state": state})]
    return []


IOSS_CEILING_EUR = 150.0
"""IOSS covers consignments of an intrinsic value up to EUR 150 (VAT Directive art. 369l)."""
IOSS_RATE_MARGIN = 1.05
"""The seller converts at the rate of the day of payment, ClearPost at the posting day's: a
consignment is flagged only when it exceeds EUR 150 by more than that can explain."""


def check_ioss_value(item: Item, context: Context) -> list[Problem]:
    """An IOSS number on a consignment worth more than EUR 150 cannot be used (`INVALID_IOSS`)."""
    value = item.total_value
    if not item.ioss_number or value is None or value.amount is None:
        return []
    eur = context.eur(float(value.amount), value.currency)
    if eur is None or eur <= IOSS_CEILING_EUR * IOSS_RATE_MARGIN:
        return []
    template = N_(
        "The IOSS number {ioss} cannot be used: the consignment is worth about EUR {eur} and "
        "IOSS covers consignments of up to EUR 150."
    )
    params = {"ioss": item.ioss_number, "eur": f"{eur:.2f}"}
    detail = {"value_eur": round(eur, 2), **context.rate_used(value.currency)}
    return [Problem(Code.INVALID_IOSS, "ioss_number", template, params, detail)]


def check_hs_fit(item: Item, context: Context) -> list[Problem]:
    """A declared HS code from a chapter the description cannot belong to
    (`HS_DESCRIPTION_MISMATCH`), with the likely codes. Codes that are invalid or outdated, and
    descriptions too vague to judge, are left to their own checks."""
    reference = context.reference
    problems: list[Problem] = []
    for index, line in enumerate(item.contents):
        code, description = line.hs_code, line.description
        if not code or not description or code[:6] not in reference.nomenclature.subheadings:
            continue
        if vagueness(description, reference.vague) is not None:
            continue
        evidence = reference.hs_judge.misfit(description, code)
        if evidence is None:
            continue
        chapter = code[:2]
        problems.append(
            Problem(
                Code.HS_DESCRIPTION_MISMATCH,
                f"contents[{index}].hs_code",
                N_(
                    "Article {line}: the HS code {hs_code} (chapter {chapter}: {chapter_text}) does not "
                    'fit the description "{description}"; check the classification (likely: {likely}).'
                ),
                {
                    "line": index + 1,
                    "hs_code": code,
                    "chapter": chapter,
                    "chapter_text": reference.nomenclature.texts.get(chapter, ""),
                    "description": description,
                    "likely": ", ".join(evidence.likely[:3]),
                },
                {
                    "declared": code,
                    "likely": list(evidence.likely),
                    "plausible_chapters": list(evidence.chapters),
                    "evidence": round(evidence.strength, 3),
                    "why": evidence.reason,
                },
            )
        )
    return problems
