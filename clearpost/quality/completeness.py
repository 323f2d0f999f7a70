"""Completeness: the fields the destination profile requires (`MISSING_FIELD`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
        return value != "" and not value.isspace()
    if isinstance(value, list):
        return any(_present(v) for v in value)
    return True


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A requirement with the words of its finding."""

    requirement: Requirement
    position: int
    """Its place in the profile: findings come in the profile's order."""
    template: str
    get: Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Requirements:
    """A profile's requirements made fast: the values of all the item's required fields read by
    one C-level attrgetter (and those of each content line by another); when an object on the
    way is missing (no sender address, say), field by field."""

    of_item: tuple[_Compiled, ...]
    of_line: tuple[_Compiled, ...]
    item_values: Callable[[Any], tuple[Any, ...]]
    line_values: Callable[[Any], tuple[Any, ...]]


def _compile(required: Sequence[Requirement]) -> _Requirements:
    compiled: dict[bool, list[_Compiled]] = {False: [], True: []}
    for position, requirement in enumerate(required):
        path = requirement.field
        per_line = path.startswith("contents[].")
        get = attrgetter(path.removeprefix("contents[].") if per_line else path)
        compiled[per_line].append(_Compiled(requirement, position, MISSING.get(path, OTHER_FIELD), get))
    return _Requirements(
        tuple(compiled[False]),
        tuple(compiled[True]),
        _all_values(compiled[False]),
        _all_values(compiled[True]),
    )


def _all_values(compiled: Sequence[_Compiled]) -> Callable[[Any], tuple[Any, ...]]:
    fields = [c.requirement.field.removeprefix("contents[].") for c in compiled]
    if len(fields) >= 2:
        return attrgetter(*fields)  # a tuple of the values
    return lambda obj: tuple(c.get(obj) for c in compiled)


def _values(
    requirements: tuple[_Compiled, ...], read_all: Callable[[Any], tuple[Any, ...]], obj: Any
) -> tuple[Any, ...]:
    try:
        return read_all(obj)
    except AttributeError:  # an object on the way is missing
        return tuple(_value(c.get, obj) for c in requirements)


def _value(get: Callable[[Any], Any], obj: Any) -> Any:
    try:
        return get(obj)
    except AttributeError:
        return None


_compiled: dict[int, tuple[Profile, _Requirements]] = {}


def _requirements(profile: Profile) -> _Requirements:
    entry = _compiled.get(id(profile))
    if entry is None or entry[0] is not profile:
        entry = _compiled[id(profile)] = (profile, _compile(profile.required))
    return entry[1]


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
    """A MISSING_FIELD problem for each required field the item leaves empty, in the profile's
    order of the requirements (a content line's, line by line)."""
    found: list[tuple[int, int, Problem]] = []
    required = _requirements(context.profile)
    values = _values(required.of_item, required.item_values, item)
    for position in _absent(values):
        compiled = required.of_item[position]
        if _required(compiled.requirement, item, context):
            found.append((compiled.position, 0, _missing(compiled, compiled.requirement.field, {})))
    if required.of_line:
        for index, line in enumerate(item.contents):
            values = _values(required.of_line, required.line_values, line)
            for position in _absent(values):
                compiled = required.of_line[position]
                if _required(compiled.requirement, item, context):
                    field = compiled.requirement.field.replace("[]", f"[{index}]")
                    found.append((compiled.position, index, _missing(compiled, field, {"line": index + 1})))
    found.sort(key=lambda entry: entry[:2])
    return [problem for _, _, problem in found]


def _absent(values: tuple[Any, ...]) -> list[int]:
    """The positions of the values not given: None, blank text, an empty list or one of blanks
    (`_present`, inlined for the common values: this runs for every field of every item)."""
    return [
        position
        for position, value in enumerate(values)
        if value is None
        or (value.__class__ is str and (value == "" or value.isspace()))
        or (value.__class__ is list and not any(map(_present, value)))
    ]


def _missing(compiled: _Compiled, field: str, params: dict[str, object]) -> Problem:
    return Problem(
        Code.MISSING_FIELD,
        field,
        compiled.template,
        {**params, "field": field},
        severity=compiled.requirement.severity,
    )


def _required(requirement: Requirement, item: Item, context: Context) -> bool:
    """Whether a requirement applies to the item (its `when` conditions all hold)."""
    return all(_applies(condition, item, requirement.field, context) for condition in requirement.when)
