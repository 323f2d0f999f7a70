"""Destination profiles: which data a destination requires at a stage, how serious each check's
findings are there, and the figures the checks use. Profiles are YAML files (see
`clearpost/quality/profiles/`); one is chosen per item by destination country, stage and date.
Adding a country is adding a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, Literal, get_args

import yaml

from clearpost.model import MAIL_CLASSES, Code, Severity, Stage
from clearpost.yamldoc import load_yaml

Condition = Literal["cn23", "commercial", "other", "postcode"]
"""When a required field applies: the item needs a CN 23 (a parcel, or worth the CN 23
threshold or more); a commercial item (sale of goods, commercial sample); "other" ticked; the
address's country uses postcodes."""
CheckSeverity = Severity | Literal["off"]

CONDITIONS: tuple[Condition, ...] = get_args(Condition)
ANY_DESTINATION = "*"


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Amount:
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Requirement:
    field: str
    """A path into the item; `contents[].x` applies to every content line."""
    severity: Severity
    when: tuple[Condition, ...] = ()
    """All must hold for the requirement to apply."""


SIGNALS = ("counterfeit",)
"""Signals a prohibition may name instead of (or besides) its own terms: `counterfeit`, the
counterfeit lexicon of clearpost/risk/data/counterfeit.yaml (a marker near a protected brand)."""


@dataclass(frozen=True, slots=True)
class Prohibition:
    """An article the destination does not admit (a profile's `prohibitions:`).

    An article matches when its description holds one of the `terms`, its HS code starts with
    one of the `hs` prefixes, or the named `signals` fire; and none of the exceptions holds
    (`except_terms` in the description, `except_hs` prefixes). An entry with only `origins` bans
    every article of those origins (an embargo). `mail_classes` (the item's class) and
    `except_services` (S10 service indicators, the first letter of the item id: R registered,
    V insured) narrow it to some items; `origins` to articles of those countries of origin.
    """

    id: str
    what: str
    """A plain sentence: what is prohibited."""
    source: str
    """The legal reference."""
    terms: tuple[str, ...] = ()
    hs: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    except_terms: tuple[str, ...] = ()
    except_hs: tuple[str, ...] = ()
    mail_classes: frozenset[str] = frozenset()
    except_services: frozenset[str] = frozenset()
    origins: frozenset[str] = frozenset()
    declared_in: str = field(default="", compare=False)
    """The profile file that declares it, for messages."""


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    version: int
    title: str
    destinations: frozenset[str]
    """ISO country codes, group names (`EU`), or `*` for any destination."""
    stages: frozenset[Stage]
    valid_from: dt.date
    valid_to: dt.date | None
    required: tuple[Requirement, ...]
    checks: Mapping[str, CheckSeverity]
    weights: Mapping[str, float]
    cn23_threshold: Amount
    deadline_hours_before_departure: float
    token_values: frozenset[Decimal]
    gross_weight_max_ratio: float
    gross_weight_max_excess_kg: float
    value_tolerance: float
    gift_allowance: Amount
    gift_commercial_multiple: float
    gift_commercial_floor: Amount
    gift_max_identical_units: int
    prohibitions: tuple[Prohibition, ...] = ()
    """Articles the destination does not admit: the profile's own and those of the profiles it
    extends (a union; an entry with an inherited id replaces the inherited entry)."""
    split_threshold: Amount | None = None
    """The value below which a consignment escapes duty or collection (the EU's EUR 150): orders
    split to stay under it are split shipments. None: the destination has none."""
    extends: str | None = None
    source: str = field(default="", compare=False)
    """The file it was read from, for messages."""

    def severity(self, code: str) -> CheckSeverity:
        return self.checks.get(code, "off")

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class Profiles:
    """All profiles, and the country groups their `destinations` may name."""

    profiles: tuple[Profile, ...]
    groups: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    _chosen: dict[tuple[str | None, Stage, dt.date], Profile] = field(
        default_factory=dict, compare=False, repr=False
    )

    def select(self, destination: str | None, stage: Stage, day: dt.date) -> Profile:
        """The profile for a destination, stage and date: a profile naming the country beats one
        naming its group, which beats the generic one; among equals the latest `valid_from`."""
        key = (destination, stage, day)
        chosen = self._chosen.get(key)
        if chosen is None:
            chosen = self._chosen[key] = self._select(destination, stage, day)
        return chosen

    def _select(self, destination: str | None, stage: Stage, day: dt.date) -> Profile:
        best: tuple[int, dt.date, str] | None = None
        chosen: Profile | None = None
        for profile in self.profiles:
            if stage not in profile.stages or not profile.valid_on(day):
                continue
            rank = self._rank(profile, destination)
            if rank is None:
                continue
            key = (rank, profile.valid_from, profile.id)
            if best is None or key > best:
                best, chosen = key, profile
        if chosen is None:
            raise LookupError(
                f"no profile applies to {destination or 'an unknown destination'} ({stage}, {day})"
            )
        return chosen

    def _rank(self, profile: Profile, destination: str | None) -> int | None:
        if destination and destination in profile.destinations:
            return 2
        if destination and any(destination in self.groups.get(g, ()) for g in profile.destinations):
            return 1
        return 0 if ANY_DESTINATION in profile.destinations else None

    def by_id(self, profile_id: str) -> Profile:
        for profile in self.profiles:
            if profile.id == profile_id:
                return profile
        raise KeyError(profile_id)


# ------------------------------------------------------------------------------------- reading

_SEVERITIES = ("error", "warning", "info")
_FIELDS = {
    "id",
    "version",
    "title",
    "extends",
    "destinations",
    "stages",
    "valid_from",
    "valid_to",
    "required",
    "checks",
    "weights",
    "cn23_threshold",
    "deadline_hours_before_departure",
    "token_values",
    "gross_weight_max_ratio",
    "gross_weight_max_excess_kg",
    "value_tolerance",
    "gift_allowance",
    "gift_commercial_multiple",
    "gift_commercial_floor",
    "gift_max_identical_units",
    "split_threshold",
    "prohibitions",
}


def read_profiles(documents: Iterable[tuple[str, str]], groups: Mapping[str, Iterable[str]]) -> Profiles:
    """Profiles from (source name, YAML text) pairs; a profile may extend one read before or after."""
    raw: dict[str, tuple[str, dict[str, Any]]] = {}
    for source, text in documents:
        try:
            document = load_yaml(text)
        except yaml.YAMLError as error:
            raise ProfileError(f"{source}: not valid YAML: {error}") from None
        if not isinstance(document, dict) or not isinstance(document.get("id"), str):
            raise ProfileError(f"{source}: a profile is a mapping with a string `id`.")
        unknown = set(document) - _FIELDS
        if unknown:
            raise ProfileError(f"{source}: unknown keys {', '.join(sorted(unknown))}.")
        if document["id"] in raw:
            raise ProfileError(
                f"{source}: profile id {document['id']!r} is also used by {raw[document['id']][0]}."
            )
        document["prohibitions"] = _prohibitions(source, document.get("prohibitions"))
        raw[document["id"]] = (source, document)
    merged = {profile_id: _merged(profile_id, raw, ()) for profile_id in raw}
    profiles = tuple(_profile(raw[profile_id][0], document) for profile_id, document in merged.items())
    return Profiles(
        profiles=profiles,
        groups=MappingProxyType({name: frozenset(members) for name, members in groups.items()}),
    )


def _merged(
    profile_id: str, raw: Mapping[str, tuple[str, dict[str, Any]]], chain: Sequence[str]
) -> dict[str, Any]:
    source, document = raw[profile_id]
    parent_id = document.get("extends")
    if parent_id is None:
        return document
    if parent_id not in raw:
        raise ProfileError(f"{source}: extends {parent_id!r}, which no profile file defines.")
    if parent_id in chain:
        raise ProfileError(
            f"{source}: profiles extend each other in a loop: {' -> '.join([*chain, profile_id])}."
        )
    parent = _merged(parent_id, raw, [*chain, profile_id])
    result = {**parent, **document}
    for key in ("checks", "weights"):
        result[key] = {**parent.get(key, {}), **document.get(key, {})}
    own = {prohibition.id: prohibition for prohibition in document["prohibitions"]}
    inherited = tuple(own.pop(p.id, p) for p in parent["prohibitions"])
    result["prohibitions"] = (*inherited, *own.values())
    overridden = {entry.get("field") for entry in document.get("required", []) if isinstance(entry, dict)}
    result["required"] = [
        *(entry for entry in parent.get("required", []) if entry.get("field") not in overridden),
        *document.get("required", []),
    ]
    return result


def _profile(source: str, document: Mapping[str, Any]) -> Profile:
    def need(key: str) -> Any:
        if key not in document:
            raise ProfileError(
                f"{source}: `{key}` is missing (neither the profile nor the one it extends gives it)."
            )
        return document[key]

    def number(key: str) -> float:
        value = need(key)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ProfileError(f"{source}: `{key}` must be a number, not {value!r}.")
        return float(value)

    def day(key: str) -> dt.date | None:
        value = document.get(key)
        if value is None or isinstance(value, dt.date):
            return value
        raise ProfileError(f"{source}: `{key}` must be a date (YYYY-MM-DD), not {value!r}.")

    stages = frozenset(need("stages"))
    if not stages or not stages <= {"pre_loading", "arrival"}:
        raise ProfileError(f"{source}: `stages` must list pre_loading and/or arrival.")
    checks: dict[str, CheckSeverity] = {}
    for code, severity in need("checks").items():
        if code not in Code.__members__:
            raise ProfileError(f"{source}: checks: {code!r} is not a finding code.")
        if severity not in (*_SEVERITIES, "off"):
            raise ProfileError(f"{source}: checks: {code}: severity must be error, warning, info or off.")
        checks[code] = severity
    weights: dict[str, float] = {}
    for code, weight in need("weights").items():
        if code not in Code.__members__ or not isinstance(weight, int | float) or weight < 0:
            raise ProfileError(
                f"{source}: weights: {code}: {weight!r} is not a finding code with a weight ≥ 0."
            )
        weights[code] = float(weight)
    valid_from = day("valid_from")
    if valid_from is None:
        raise ProfileError(f"{source}: `valid_from` is missing.")
    return Profile(
        id=document["id"],
        version=int(need("version")),
        title=str(need("title")),
        extends=document.get("extends"),
        destinations=frozenset(str(d) for d in need("destinations")),
        stages=stages,
        valid_from=valid_from,
        valid_to=day("valid_to"),
        required=tuple(_requirement(source, entry) for entry in need("required")),
        checks=MappingProxyType(checks),
        weights=MappingProxyType(weights),
        cn23_threshold=_amount(source, "cn23_threshold", need("cn23_threshold")),
        deadline_hours_before_departure=number("deadline_hours_before_departure"),
        token_values=frozenset(_decimal(source, "token_values", v) for v in need("token_values")),
        gross_weight_max_ratio=number("gross_weight_max_ratio"),
        gross_weight_max_excess_kg=number("gross_weight_max_excess_kg"),
        value_tolerance=number("value_tolerance"),
        gift_allowance=_amount(source, "gift_allowance", need("gift_allowance")),
        gift_commercial_multiple=number("gift_commercial_multiple"),
        gift_commercial_floor=_amount(source, "gift_commercial_floor", need("gift_commercial_floor")),
        gift_max_identical_units=int(number("gift_max_identical_units")),
        prohibitions=document["prohibitions"],
        split_threshold=_amount(source, "split_threshold", document["split_threshold"])
        if document.get("split_threshold")
        else None,
        source=source,
    )


def _requirement(source: str, entry: Any) -> Requirement:
    if not isinstance(entry, dict) or not isinstance(entry.get("field"), str):
        raise ProfileError(f"{source}: required: each entry needs a `field` (got {entry!r}).")
    severity = entry.get("severity", "error")
    if severity not in _SEVERITIES:
        raise ProfileError(f"{source}: required: {entry['field']}: severity must be error, warning or info.")
    when = entry.get("when", ())
    when = (when,) if isinstance(when, str) else tuple(when)
    for condition in when:
        if condition not in CONDITIONS:
            raise ProfileError(
                f"{source}: required: {entry['field']}: unknown condition {condition!r} "
                f"(use {', '.join(CONDITIONS)})."
            )
    return Requirement(field=entry["field"], severity=severity, when=when)


_PROHIBITION_KEYS = {
    "id",
    "what",
    "source",
    "terms",
    "hs",
    "signals",
    "exceptions",
    "mail_classes",
    "except_services",
    "origins",
}


def _prohibitions(source: str, entries: Any) -> tuple[Prohibition, ...]:
    """The `prohibitions:` of one profile file, checked strictly (errors name the file, the
    entry and the key)."""
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise ProfileError(f"{source}: `prohibitions` must be a list of entries.")
    result: dict[str, Prohibition] = {}
    for index, entry in enumerate(entries):
        prohibition = _prohibition(source, index, entry)
        if prohibition.id in result:
            raise ProfileError(f"{source}: prohibitions: id {prohibition.id!r} is used twice.")
        result[prohibition.id] = prohibition
    return tuple(result.values())


def _prohibition(source: str, index: int, entry: Any) -> Prohibition:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"].strip():
        raise ProfileError(f"{source}: prohibitions[{index}]: each entry is a mapping with a string `id`.")
    where = f"{source}: prohibitions: {entry['id']}"
    unknown = set(entry) - _PROHIBITION_KEYS
    if unknown:
        raise ProfileError(f"{where}: unknown keys {', '.join(sorted(unknown))}.")

    def sentence(key: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ProfileError(f"{where}: `{key}` must be a non-empty string.")
        return value.strip()

    def words(value: Any, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            raise ProfileError(f"{where}: `{key}` must be a list of non-empty strings.")
        return tuple(w.strip() for w in value)

    def prefixes(value: Any, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise ProfileError(f"{where}: `{key}` must be a list of quoted HS prefixes (2 to 10 digits).")
        for prefix in value:
            if not isinstance(prefix, str):
                raise ProfileError(
                    f'{where}: `{key}`: {prefix!r} must be quoted ("0106"): YAML reads an unquoted '
                    "code as a number and drops its leading zeros."
                )
            if not (prefix.isdigit() and prefix.isascii() and 2 <= len(prefix) <= 10):
                raise ProfileError(f"{where}: `{key}`: {prefix!r} is not an HS prefix of 2 to 10 digits.")
        return tuple(value)

    def choices(key: str, allowed: Callable[[str], bool], what: str) -> frozenset[str]:
        values = words(entry.get(key), key)
        wrong = [v for v in values if not allowed(v)]
        if wrong:
            raise ProfileError(f"{where}: `{key}`: {', '.join(map(repr, wrong))} {what}.")
        return frozenset(values)

    exceptions = entry.get("exceptions") or {}
    if not isinstance(exceptions, dict) or set(exceptions) - {"terms", "hs"}:
        raise ProfileError(f"{where}: `exceptions` must be a mapping with `terms` and/or `hs`.")
    prohibition = Prohibition(
        id=entry["id"].strip(),
        what=sentence("what"),
        source=sentence("source"),
        terms=words(entry.get("terms"), "terms"),
        hs=prefixes(entry.get("hs"), "hs"),
        signals=tuple(
            sorted(choices("signals", SIGNALS.__contains__, f"is not a signal (use {', '.join(SIGNALS)})"))
        ),
        except_terms=words(exceptions.get("terms"), "exceptions.terms"),
        except_hs=prefixes(exceptions.get("hs"), "exceptions.hs"),
        mail_classes=choices(
            "mail_classes", MAIL_CLASSES.__contains__, f"is not a mail class ({', '.join(MAIL_CLASSES)})"
        ),
        except_services=choices(
            "except_services", _capitals(1), "is not an S10 service indicator (one capital letter)"
        ),
        origins=choices("origins", _capitals(2), "is not an ISO 3166-1 alpha-2 code"),
        declared_in=source,
    )
    if not (prohibition.terms or prohibition.hs or prohibition.signals or prohibition.origins):
        raise ProfileError(f"{where}: give `terms`, `hs`, `signals` or `origins`: what finds the article.")
    return prohibition


def _capitals(length: int) -> Callable[[str], bool]:
    return lambda value: len(value) == length and value.isascii() and value.isalpha() and value.isupper()


def _decimal(source: str, key: str, value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ProfileError(f"{source}: `{key}`: {value!r} is not a number.") from None


def _amount(source: str, key: str, value: Any) -> Amount:
    if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
        raise ProfileError(f'{source}: `{key}` must be {{amount: "…", currency: XXX}}.')
    return Amount(_decimal(source, key, value["amount"]), str(value["currency"]))
