"""Completeness: the fields the destination profile requires (`MISSING_FIELD`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from clearpost.model import Address, Code, Item
from clearpost.quality.addresses import uses_postcode
from clearpost.quality.context import COMMERCIAL, Context
from clearpost.quality.problems import N_, Problem
from clearpost.quality.profiles import Condition, Profile, Requirement

MISSING: dict[str, str] = {
    "item_id": N_("The item identifier (S10 barcode number) is missing."),
    "categories": N_(
        "No category of item is ticked (gift, commercial sample, documents, returned goods, sale "
        "of goods or other)."
    ),
    "category_explanation": N_('"Other" is ticked as the category of item but its explanation is missing.'),
    "sender.name": N_("The sender's name is missing."),
    "sender.address.lines": N_("The sender's street address is missing."),
    "sender.address.city": N_("The sender's city is missing."),
    "sender.address.postcode": N_("The sender's postcode is missing."),
    "sender.address.country": N_("The sender's country is missing."),
    "addressee.name": N_("The addressee's name is missing."),
    "addressee.address.lines": N_("The addressee's street address is missing."),
    "addressee.address.city": N_("The addressee's city is missing."),
    "addressee.address.postcode": N_("The addressee's postcode is missing."),
    "addressee.address.country": N_("The addressee's country is missing."),
    "gross_weight_kg": N_("The total gross weight of the item is missing."),
    "total_value": N_("The total value of the item is missing."),
    "contents": N_("The declaration lists no contents: describe each article."),
    "transport.receptacle_id": N_("The receptacle identifier (S9) the item travels in is missing."),
    "contents[].description": N_("Article {line}: the detailed description of the contents is missing."),
    "contents[].quantity": N_("Article {line}: the quantity is missing."),
    "contents[].net_weight_kg": N_("Article {line}: the net weight is missing."),
    "contents[].value": N_("Article {line}: the value is missing."),
    "contents[].hs_code": N_("Article {line}: the HS tariff number (6 digits at least) is missing."),
    "contents[].origin_country": N_("Article {line}: the country of origin of the goods is missing."),
}
"""What a Post's clerk reads for each required field; other fields get a general sentence."""
OTHER_FIELD = N_("The field {field} is missing.")


def _present(value: Any) -> bool:
    if value is None:
        return False
    if value.__class__ is str:
        return value != "" and (not value[0].isspace() or value.strip() != "")
    if isinstance(value, list):
        return any(_present(v) for v in value)
    return True


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A requirement made fast: its value read by one C-level attrgetter."""

    requirement: Requirement
    template: str
    get: Callable[[Any], Any]
    per_line: bool


def _compile(requirement: Requirement) -> _Compiled:
    path = requirement.field
    per_line = path.startswith("contents[].")
    get = attrgetter(path.removeprefix("contents[].") if per_line else path)
    return _Compiled(requirement, MISSING.get(path, OTHER_FIELD), get, per_line)


_compiled: dict[int, tuple[Profile, tuple[_Compiled, ...]]] = {}


def _requirements(profile: Profile) -> tuple[_Compiled, ...]:
    entry = _compiled.get(id(profile))
    if entry is None or entry[0] is not profile:
        entry = _compiled[id(profile)] = (profile, tuple(_compile(r) for r in profile.required))
    return entry[1]


def _missing(get: Callable[[Any], Any], obj: Any) -> bool:
    try:
        return not _present(get(obj))
    except AttributeError:  # an object on the way is missing
        return True


def _party_address(item: Item, path: str) -> Address | None:
    party = (
        item.sender
        if path.startswith("sender.")
        else item.addressee
        if path.startswith("addressee.")
        else None
    )
    return party.address if party is not None else None


def needs_cn23(item: Item, context: Context) -> bool:
    """A parcel, or an item worth the profile's CN 23 threshold (300 SDR) or more."""
    if item.mail_class in ("parcel", "ems", "express"):
        return True
    value = item.total_value
    if value is None or value.amount is None:
        return False
    threshold = context.eur_of(context.profile.cn23_threshold)
    worth = context.eur(float(value.amount), value.currency)
    return threshold is not None and worth is not None and worth >= threshold


def _applies(condition: Condition, item: Item, path: str, context: Context) -> bool:
    if condition == "cn23":
        return needs_cn23(item, context)
    if condition == "commercial":
        return not COMMERCIAL.isdisjoint(item.categories)
    if condition == "other":
        return "other" in item.categories
    address = _party_address(item, path)
    country = address.country if address else None
    return country is not None and uses_postcode(country, context.reference.addresses)


def check_required(item: Item, context: Context) -> list[Problem]:
    """A MISSING_FIELD problem for each required field the item leaves empty."""
    problems: list[Problem] = []
    for compiled in _requirements(context.profile):
        requirement = compiled.requirement
        if compiled.per_line:
            get = compiled.get
            for index, line in enumerate(item.contents):
                if _missing(get, line) and _required(requirement, item, context):
                    field = requirement.field.replace("[]", f"[{index}]")
                    params = {"line": index + 1, "field": field}
                    problems.append(
                        Problem(
                            Code.MISSING_FIELD,
                            field,
                            compiled.template,
                            params,
                            severity=requirement.severity,
                        )
                    )
            continue
        if _missing(compiled.get, item) and _required(requirement, item, context):
            field = requirement.field
            problems.append(
                Problem(
                    Code.MISSING_FIELD,
                    field,
                    compiled.template,
                    {"field": field},
                    severity=requirement.severity,
                )
            )
    return problems


def _required(requirement: Requirement, item: Item, context: Context) -> bool:
    """Whether a requirement applies to the item (its `when` conditions all hold)."""
    return all(_applies(condition, item, requirement.field, context) for condition in requirement.when)
