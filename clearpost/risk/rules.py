"""Officer rules: a small declarative YAML language, compiled once into closures.

A rule set is a YAML document that officers write without code::

    ruleset: eu-arrival-targeting
    version: 3
    rules:
      - id: R12
        description: Phones from China far below their value band
        owner: j.martin
        valid_from: 2026-01-01
        valid_to: 2026-12-31          # optional
        stages: [arrival]             # optional: pre_loading and/or arrival (default both)
        when:
          origins: {in: [CN, HK]}
          hs_prefix: ["8517"]
          value_per_kg_vs_band: {lt: 0.2}
        weight: 0.6                   # 0..1: the score of a hit
        action: {arrival: INSPECT}    # optional referral, per stage

`when` is a mapping of facts to tests, all of which must hold; `all: [...]`, `any: [...]` and
`not: {...}` combine such mappings. A fact is a dotted path into the canonical item
(`origin_country`, `sender.name`, `contents[*].hs_code`, `attributes.X`) or a derived fact (see
`_DERIVED` and docs/rules.md). A test is a mapping of operators to arguments (several operators
must all hold), or a bare value (`equals`) or list (`in`). `hs_prefix` takes HS code prefixes
and `description_contains` words (case-insensitive, whole words), both bare.

Facts with several values (content lines, origins, categories) satisfy a test when any value
does, except `not_in`, which holds when no value is in the list. A missing fact satisfies no
operator but `exists: false`. Text compares case-insensitively.

Each rule compiles to closures at load. An item's derived facts are computed the first time a
rule asks for them, once per item; a conjunction tests its cheap parts first; rules that require
an HS code prefix are indexed by it, so that an item meets only the rules of its own HS codes.

A hit is a RULE_HIT finding whose detail carries the rule, its rule set and version, weight (also
as `score`), the action for the item's stage (as `{stage: outcome}`, absent when the rule gives
none for that stage) and the facts that matched.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter, ge, gt, le, lt
from types import MappingProxyType
from typing import Any, Protocol

import msgspec
import yaml

from clearpost.decide import ARRIVAL_OUTCOMES, PRE_LOADING_OUTCOMES
from clearpost.model import Code, Finding, Item, Stage
from clearpost.quality.context import sender_key
from clearpost.quality.profiles import Amount, Profile, Profiles
from clearpost.quality.rates import ExchangeRates
from clearpost.risk.bands import ValueBands
from clearpost.risk.valuation import per_kg_eur

STAGES: tuple[Stage, ...] = ("pre_loading", "arrival")
STAGE_OUTCOMES: Mapping[Stage, tuple[str, ...]] = MappingProxyType(
    {"pre_loading": PRE_LOADING_OUTCOMES, "arrival": ARRIVAL_OUTCOMES}
)
OPERATORS = (
    "equals",
    "in",
    "not_in",
    "prefix",
    "contains",
    "matches",
    "lt",
    "le",
    "gt",
    "ge",
    "between",
    "exists",
)
COMBINATORS = ("all", "any", "not")
_DOCUMENT_KEYS = ("ruleset", "version", "description", "rules")
"""`description` is for readers of the document only."""
_RULE_KEYS = ("id", "description", "owner", "valid_from", "valid_to", "stages", "when", "weight", "action")
_REQUIRED_RULE_KEYS = ("id", "description", "owner", "valid_from", "when", "weight")


class RuleError(ValueError):
    """A rule set that cannot be used; the message names the source, line, rule and key."""


# ----------------------------------------------------------------------------------- facts


class Facts:
    """What rules see of one item: the item, its stage and day, the profile in force, and derived
    facts computed when a rule first asks for them."""

    __slots__ = ("cache", "day", "item", "per_kg", "profile", "run", "stage")

    def __init__(
        self,
        item: Item,
        stage: Stage,
        day: dt.date,
        profile: Profile,
        per_kg: Mapping[int, float] | None,
        run: RuleRun,
    ) -> None:
        self.item, self.stage, self.day, self.profile = item, stage, day, profile
        self.per_kg, self.run = per_kg, run
        self.cache: dict[str, Any] = {}
        """Facts computed so far, by name (derived facts and item paths with several values)."""

    def eur(self, amount: float, currency: str | None) -> float | None:
        return None if currency is None else self.run.rates.to_eur(amount, currency, self.day)

    def eur_of(self, amount: Amount | None) -> float | None:
        return None if amount is None else self.eur(float(amount.amount), amount.currency)

    def line_per_kg(self) -> Mapping[int, float]:
        if self.per_kg is None:
            self.per_kg = per_kg_eur(self.item, self.run.rates, self.day)
        return self.per_kg


_UNSET: Any = object()
_NUMBER_TYPES = (int, float, Decimal)


@dataclass(frozen=True, slots=True)
class Derived:
    """A fact computed from the item and the reference data."""

    kind: str
    multi: bool
    compute: Callable[[Facts], Any]
    label: str
    """How the message names it; `{}` is the value."""
    cost: int = 2
    """Relative cost of computing it: a conjunction tests its cheap parts first."""


def _origins(facts: Facts) -> list[str]:
    item = facts.item
    found = [item.origin_country] if item.origin_country else []
    for line in item.contents:
        if line.origin_country and line.origin_country not in found:
            found.append(line.origin_country)
    return found


def _hs_codes(facts: Facts) -> list[str]:
    return [line.hs_code.replace(".", "").replace(" ", "") for line in facts.item.contents if line.hs_code]


def _descriptions(facts: Facts) -> str:
    return "\n".join(line.description for line in facts.item.contents if line.description)


def _value_eur(facts: Facts) -> float | None:
    total = facts.item.total_value
    if total is not None and total.amount is not None:
        value = facts.eur(float(total.amount), total.currency)
        return None if value is None else round(value, 2)
    return None


def _per_kg_values(facts: Facts) -> list[float]:
    return [round(value, 4) for value in facts.line_per_kg().values()]


def _per_kg_vs_band(facts: Facts) -> list[float]:
    per_kg, bands, contents = facts.line_per_kg(), facts.run.bands, facts.item.contents
    ratios = []
    for index, value in per_kg.items():
        code = contents[index].hs_code
        found = bands.band(code) if code else None
        if found is not None and found[1].median > 0:
            ratios.append(round(value / found[1].median, 4))
    return ratios


def _value_vs_split_threshold(facts: Facts) -> float | None:
    cache = facts.cache
    value = cache["value_eur"] if "value_eur" in cache else cache.setdefault("value_eur", _value_eur(facts))
    limit = facts.eur_of(facts.profile.split_threshold)
    return None if value is None or not limit else round(value / limit, 4)


def _eur_threshold(name: str) -> Callable[[Facts], float | None]:
    def compute(facts: Facts) -> float | None:
        value = facts.eur_of(getattr(facts.profile, name))
        return None if value is None else round(value, 2)

    return compute


_DERIVED: dict[str, Derived] = {
    # HS code prefixes of the content lines, and words in their descriptions (bare arguments)
    "hs_prefix": Derived("text", True, _hs_codes, "HS {}"),
    "description_contains": Derived("text", False, _descriptions, "description mentions {}", 3),
    # the item's origin country and its lines'
    "origins": Derived("text", True, _origins, "origin {}"),
    "value_eur": Derived("number", False, _value_eur, "value EUR {}", 3),
    # each line's value in EUR per kg of net weight, and that over the median of its HS value band
    "value_per_kg_eur": Derived("number", True, _per_kg_values, "EUR {} per kg", 4),
    "value_per_kg_vs_band": Derived("number", True, _per_kg_vs_band, "value per kg {} × the band median", 4),
    # the declared value over the destination's split-shipment (duty, de minimis) threshold
    "value_vs_split_threshold": Derived(
        "number", False, _value_vs_split_threshold, "value {} × the destination's threshold", 4
    ),
    # items the same sender sent before: stored recently, and earlier in the batch; RuleRun sets it
    "sender_items_before": Derived(
        "number", False, lambda facts: None, "{} earlier items from the sender", 5
    ),
    # the destination profile in force, and its figures in EUR
    "profile.id": Derived("text", False, lambda facts: facts.profile.id, "profile {}"),
    "profile.name": Derived("text", False, lambda facts: facts.profile.id, "profile {}"),
    "profile.title": Derived("text", False, lambda facts: facts.profile.title, "profile {}"),
    "profile.destinations": Derived(
        "text", True, lambda facts: sorted(facts.profile.destinations), "profile for {}"
    ),
    "profile.split_threshold": Derived(
        "number", False, _eur_threshold("split_threshold"), "threshold EUR {}"
    ),
    "profile.cn23_threshold": Derived(
        "number", False, _eur_threshold("cn23_threshold"), "CN 23 threshold EUR {}"
    ),
    "profile.gift_allowance": Derived(
        "number", False, _eur_threshold("gift_allowance"), "gift allowance EUR {}"
    ),
}
_BARE_FACTS = ("hs_prefix", "description_contains")
"""Facts that take a bare argument with a fixed meaning (prefixes, words), no operators."""


def _item_hs_codes(facts: Facts) -> list[str]:
    cache = facts.cache
    codes = cache.get("hs_prefix")
    if codes is None:
        codes = cache["hs_prefix"] = _hs_codes(facts)
    return codes


# ------------------------------------------------------------------------------ item paths

_PART = re.compile(r"^([a-z_][a-z0-9_]*)(\[\*\])?$")


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    kind: str
    multi: bool
    get: Callable[[Facts], Any]
    label: str
    cost: int


def _item_field(path: str) -> _Field | None:
    """The getter of a dotted path into the canonical item, or None if the item has no such field."""
    info: Any = msgspec.inspect.type_info(Item)
    steps: list[tuple[Callable[[Any], Any], bool]] = []
    multi = False
    parts = path.split(".")
    for position, part in enumerate(parts):
        if isinstance(info, msgspec.inspect.DictType):
            steps.append((_key_getter(".".join(parts[position:])), False))
            info = None
            break
        match = _PART.match(part)
        if match is None or not isinstance(info, msgspec.inspect.StructType):
            return None
        name = match.group(1)
        found = next((f for f in info.fields if f.name == name), None)
        if found is None:
            return None
        info = _without_none(found.type)
        many = isinstance(info, msgspec.inspect.ListType)
        if match.group(2) and not many:
            return None
        if many:
            info = _without_none(info.item_type)
        steps.append((attrgetter(name), many))
        multi = multi or many
    kind = _kind(info)
    if kind is None:
        return None
    if len(parts) == 1 and not multi:  # read in C: the item is never None
        return _Field(path, kind, False, attrgetter(f"item.{path}"), f"{path} {{}}", 1)
    return _Field(
        path, kind, multi, _path_getter(path, tuple(steps), multi), f"{path} {{}}", 2 if multi else 1
    )


def _key_getter(key: str) -> Callable[[Any], Any]:
    return lambda mapping: mapping.get(key)


def _without_none(info: Any) -> Any:
    if isinstance(info, msgspec.inspect.UnionType):
        types = [t for t in info.types if not isinstance(t, msgspec.inspect.NoneType)]
        if len(types) == 1:
            return types[0]
        return msgspec.inspect.UnionType(tuple(types))
    return info


def _kind(info: Any) -> str | None:
    """text, number, bool, datetime or any (attributes); None for a group of fields."""
    inspect = msgspec.inspect
    if info is None or isinstance(info, inspect.UnionType):
        return "any"
    if isinstance(info, inspect.StrType):
        return "text"
    if isinstance(info, inspect.LiteralType):
        return "text" if all(isinstance(value, str) for value in info.values) else "any"
    if isinstance(info, inspect.IntType | inspect.FloatType | inspect.DecimalType):
        return "number"
    if isinstance(info, inspect.BoolType):
        return "bool"
    if isinstance(info, inspect.DateTimeType):
        return "datetime"
    return None


def _path_getter(
    path: str, steps: tuple[tuple[Callable[[Any], Any], bool], ...], multi: bool
) -> Callable[[Facts], Any]:
    """A single value is read each time it is asked for; several are collected once per item."""
    if not multi and len(steps) == 2:
        (first, _), (second, _) = steps

        def pair(facts: Facts) -> Any:
            value = first(facts.item)
            return None if value is None else second(value)

        return pair
    if not multi:

        def single(facts: Facts) -> Any:
            value: Any = facts.item
            for step, _ in steps:
                value = step(value)
                if value is None:
                    return None
            return value

        return single

    def collect(item: Item) -> list[Any]:
        values: list[Any] = [item]
        for step, flatten in steps:
            found: list[Any] = []
            for value in values:
                got = step(value)
                if got is None:
                    continue
                if flatten:
                    found.extend(got)
                else:
                    found.append(got)
            values = found
        return [value for value in values if value is not None]

    def many(facts: Facts) -> list[Any]:
        cache = facts.cache
        values = cache.get(path, _UNSET)
        if values is _UNSET:
            values = cache[path] = collect(facts.item)
        return values  # type: ignore[no-any-return]

    return many


# ------------------------------------------------------------------------------- conditions

Test = Callable[[Facts], bool]


class _Condition:
    """A compiled condition: `test` decides; `explain` tells which facts made it hold; `cost`
    ranks how much testing it costs; `gate`, when set, holds HS code prefixes one of which the
    item must have for the condition to hold (rules are indexed by them)."""

    test: Test
    cost: int
    gate: frozenset[str] | None = None

    def explain(self, facts: Facts, into: dict[str, Any], negated: bool) -> None:
        raise NotImplementedError


class _Leaf(_Condition):
    def __init__(
        self,
        fact: _Field,
        test: Test,
        pred: Callable[[Any], bool] | None,
        show: Callable[[Any], Any],
        cost: int = 0,
    ) -> None:
        self.fact, self.test, self.pred, self.show = fact, test, pred, show
        self.cost = fact.cost + cost

    def explain(self, facts: Facts, into: dict[str, Any], negated: bool) -> None:
        value = self.fact.get(facts)
        pred = self.pred
        if pred is not None and not negated:
            value = [v for v in value if pred(v)] if self.fact.multi else value
        into[self.fact.name] = _plain(self.show(value))


class _All(_Condition):
    """All must hold: tested cheapest first (the facts are pure, so the order only changes the
    cost), explained in the order written."""

    def __init__(self, children: Sequence[_Condition]) -> None:
        self.children = tuple(children)
        self.cost = sum(child.cost for child in children)
        self.test = _all_of(tuple(child.test for child in sorted(children, key=lambda child: child.cost)))
        gates = [child.gate for child in children if child.gate is not None]
        self.gate = min(gates, key=len) if gates else None

    def explain(self, facts: Facts, into: dict[str, Any], negated: bool) -> None:
        for child in self.children:
            child.explain(facts, into, negated)


class _Any(_Condition):
    def __init__(self, children: Sequence[_Condition]) -> None:
        self.children = tuple(children)
        self.cost = sum(child.cost for child in children)
        tests = tuple(child.test for child in sorted(children, key=lambda child: child.cost))
        self.test = lambda facts: any(test(facts) for test in tests)
        gates = [child.gate for child in children]
        self.gate = frozenset().union(*gates) if all(gate is not None for gate in gates) else None  # type: ignore[arg-type]

    def explain(self, facts: Facts, into: dict[str, Any], negated: bool) -> None:
        for child in self.children:
            if negated or child.test(facts):
                child.explain(facts, into, negated)


class _Not(_Condition):
    def __init__(self, child: _Condition) -> None:
        self.child, self.cost = child, child.cost
        test = child.test
        self.test = lambda facts: not test(facts)

    def explain(self, facts: Facts, into: dict[str, Any], negated: bool) -> None:
        self.child.explain(facts, into, not negated)


def _all_of(tests: tuple[Test, ...]) -> Test:
    """A conjunction; the short ones unrolled, as they are the common case and run per item."""
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda facts: first(facts) and second(facts)
    if len(tests) == 3:
        first, second, third = tests
        return lambda facts: first(facts) and second(facts) and third(facts)
    return lambda facts: all(test(facts) for test in tests)


def _plain(value: Any) -> Any:
    """A fact as JSON carries it."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _fold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _is_number(value: Any) -> bool:
    return isinstance(value, _NUMBER_TYPES) and not isinstance(value, bool)


# ---------------------------------------------------------------------------------- loading


class _Map(dict[Any, Any]):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int
    key_lines: dict[Any, int]


class _Loader(yaml.SafeLoader):
    """Safe YAML with lines kept, duplicate keys refused, `0401` kept as text (not octal) and a
    malformed date kept as text, so that validation can name it."""


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    mapping = _Map()
    mapping.line, mapping.key_lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            seen = key in mapping
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value", key_node.start_mark
            ) from None
        if seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"key {key!r} appears twice (first on line {mapping.key_lines[key]})",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int | str:
    text = str(node.value)
    if len(text) > 1 and text.startswith("0") and text.isdigit():
        return text  # an HS code or postcode, not an octal number
    return int(loader.construct_yaml_int(node))


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    description: str
    owner: str
    valid_from: dt.date
    valid_to: dt.date | None
    stages: frozenset[Stage]
    weight: float
    actions: Mapping[Stage, str]
    """The referral the rule asks for, per stage (may be empty)."""
    condition: _Condition = field(repr=False, compare=False)
    line: int = 0
    """Where the rule starts in its document."""

    def in_force(self, stage: Stage, day: dt.date) -> bool:
        return (
            stage in self.stages
            and self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
        )


@dataclass(frozen=True, slots=True)
class RuleSet:
    name: str
    version: int | str
    rules: tuple[Rule, ...]
    source: str = field(default="", compare=False)
    facts: frozenset[str] = frozenset()
    """The facts its rules test."""
    _in_force: dict[tuple[Stage, dt.date], tuple[Rule, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def in_force(self, stage: Stage, day: dt.date) -> tuple[Rule, ...]:
        """The rules valid for a stage on a day (cached: a run asks for few days)."""
        key = (stage, day)
        rules = self._in_force.get(key)
        if rules is None:
            rules = self._in_force[key] = tuple(rule for rule in self.rules if rule.in_force(stage, day))
        return rules


def read_ruleset(text: str, source: str) -> RuleSet:
    """A rule set from its YAML text; `source` (a file name) is what error messages call it."""
    try:
        document = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise RuleError(f"{source}{line}: not valid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise RuleError(f"{source}: not valid YAML: {error}") from None
    if not isinstance(document, _Map):
        raise RuleError(f"{source}: a rule set is a mapping with `ruleset`, `version` and `rules`.")
    where = _Where(source, document)
    for key in document:
        if key not in _DOCUMENT_KEYS:
            raise where.error(key, f"unknown key (a rule set has {', '.join(_DOCUMENT_KEYS)})")
    name = document.get("ruleset")
    if not isinstance(name, str) or not name.strip():
        raise where.error("ruleset", "must name the rule set (text)")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int | str) or str(version).strip() == "":
        raise where.error("version", "must be a number or a text (e.g. 3 or 2026-11a)")
    rules_raw = document.get("rules")
    if not isinstance(rules_raw, list) or not rules_raw:
        raise where.error("rules", "must be a list of rules")
    rules: list[Rule] = []
    facts: set[str] = set()
    for position, raw in enumerate(rules_raw, 1):
        if not isinstance(raw, _Map):
            raise where.error("rules", f"rule {position} must be a mapping with id, description, when…")
        rule = _Compiler(source, raw, position, facts).rule()
        clash = next((other for other in rules if other.id == rule.id), None)
        if clash is not None:
            raise RuleError(
                f"{source}, line {rule.line}: rule {rule.id}: id: also used by the rule on line {clash.line}."
            )
        rules.append(rule)
    return RuleSet(
        name=name.strip(), version=version, rules=tuple(rules), source=source, facts=frozenset(facts)
    )


@dataclass(frozen=True, slots=True)
class _Where:
    """Names a place in the document for error messages."""

    source: str
    mapping: _Map
    rule_id: str | None = None
    path: str = ""

    def error(self, key: Any, problem: str, mapping: _Map | None = None) -> RuleError:
        where = mapping if mapping is not None else self.mapping
        line = where.key_lines.get(key, where.line)
        rule = f" rule {self.rule_id}:" if self.rule_id else ""
        return RuleError(f"{self.source}, line {line}:{rule} {self.path}{key}: {problem}.")


class _Compiler:
    def __init__(self, source: str, raw: _Map, position: int, facts: set[str]) -> None:
        self.raw, self.facts = raw, facts
        rule_id = raw.get("id")
        self.id = str(rule_id) if isinstance(rule_id, str | int) and str(rule_id).strip() else f"#{position}"
        self.where = _Where(source, raw, self.id)

    def rule(self) -> Rule:
        raw, where = self.raw, self.where
        for key in raw:
            if key not in _RULE_KEYS:
                hint = _suggest(str(key), _RULE_KEYS)
                raise where.error(key, f"unknown key{hint} (a rule has {', '.join(_RULE_KEYS)})")
        for key in _REQUIRED_RULE_KEYS:
            if raw.get(key) in (None, ""):
                raise where.error(key, "is missing")
        valid_from, valid_to = self._day("valid_from"), self._day("valid_to")
        assert valid_from is not None
        if valid_to is not None and valid_to < valid_from:
            raise where.error("valid_to", f"{valid_to} is before valid_from {valid_from}")
        stages = self._stages()
        weight = raw["weight"]
        if not _is_number(weight) or not 0 <= weight <= 1:
            raise where.error("weight", f"must be a number from 0 to 1, not {weight!r}")
        condition = self._condition(raw["when"], where, "when")
        return Rule(
            id=self.id,
            description=str(raw["description"]).strip(),
            owner=str(raw["owner"]).strip(),
            valid_from=valid_from,
            valid_to=valid_to,
            stages=stages,
            weight=float(weight),
            actions=MappingProxyType(self._actions(stages)),
            condition=condition,
            line=raw.line,
        )

    def _day(self, key: str) -> dt.date | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.where.error(key, f"{value!r} is not a date (YYYY-MM-DD)")

    def _stages(self) -> frozenset[Stage]:
        value = self.raw.get("stages", list(STAGES))
        stages = [value] if isinstance(value, str) else value
        if not isinstance(stages, list) or not stages or any(stage not in STAGES for stage in stages):
            raise self.where.error("stages", f"must list pre_loading and/or arrival, not {value!r}")
        return frozenset(stages)

    def _actions(self, stages: frozenset[Stage]) -> dict[Stage, str]:
        value = self.raw.get("action")
        if value is None:
            return {}
        if isinstance(value, str):
            owner = [stage for stage in STAGES if value in STAGE_OUTCOMES[stage]]
            if not owner:
                raise self.where.error("action", _unknown_action(value))
            if owner[0] not in stages:
                raise self.where.error(
                    "action",
                    f"{value} is a {owner[0]} outcome, but the rule is for {', '.join(sorted(stages))}",
                )
            return {owner[0]: value}
        if not isinstance(value, _Map) or not value:
            raise self.where.error("action", "must be an outcome or a mapping of stage to outcome")
        actions: dict[Stage, str] = {}
        for stage, outcome in value.items():
            if stage not in STAGES:
                raise self.where.error(stage, "is not a stage (pre_loading or arrival)", value)
            if stage not in stages:
                raise self.where.error(stage, "the rule does not apply at this stage (see `stages`)", value)
            if outcome not in STAGE_OUTCOMES[stage]:
                choices = ", ".join(STAGE_OUTCOMES[stage])
                raise self.where.error(stage, f"{outcome!r} is not a {stage} outcome ({choices})", value)
            actions[stage] = outcome
        return actions

    # conditions

    def _condition(self, raw: Any, parent: _Where, key: str) -> _Condition:
        """The condition `raw`, found under `key` of the mapping `parent` names (for messages)."""
        if not isinstance(raw, _Map) or not raw:
            raise parent.error(key, "must be a mapping of facts to tests")
        path = f"{parent.path}{key}."
        parts = [self._entry(raw, name, value, path) for name, value in raw.items()]
        return parts[0] if len(parts) == 1 else _All(parts)

    def _entry(self, mapping: _Map, key: Any, value: Any, path: str) -> _Condition:
        where = _Where(self.where.source, mapping, self.id, path)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise where.error(key, "must be a list of conditions")
            children = [self._condition(child, where, f"{key}[{i}]") for i, child in enumerate(value)]
            return _All(children) if key == "all" else _Any(children)
        if key == "not":
            return _Not(self._condition(value, where, "not"))
        if not isinstance(key, str):
            raise where.error(key, "a fact is named by text")
        if key in _BARE_FACTS:
            self.facts.add(key)
            return self._bare(where, key, value)
        fact = self._fact(where, key)
        return self._tests(where, fact, value)

    def _fact(self, where: _Where, name: str) -> _Field:
        derived = _DERIVED.get(name)
        if derived is not None:
            self.facts.add(name)
            return _Field(
                name, derived.kind, derived.multi, _derived_getter(name), derived.label, derived.cost
            )
        found = _item_field(name)
        if found is None:
            hint = _suggest(name, [*_DERIVED, *_ITEM_EXAMPLES])
            raise where.error(
                name,
                f"unknown fact{hint} (item fields such as origin_country, sender.name, contents[*].hs_code, "
                f"attributes.X; derived facts: {', '.join(_DERIVED)})",
            )
        self.facts.add(name)
        return found

    def _bare(self, where: _Where, name: str, value: Any) -> _Condition:
        values = value if isinstance(value, list) else [value]
        if not values or any(
            isinstance(v, bool) or not isinstance(v, str | int) or str(v) == "" for v in values
        ):
            what = "HS code prefixes" if name == "hs_prefix" else "words"
            raise where.error(name, f"takes one or a list of {what}, not {value!r}")
        derived = _DERIVED[name]
        fact = _Field(name, derived.kind, derived.multi, _derived_getter(name), derived.label, derived.cost)
        if name == "hs_prefix":
            prefixes = tuple(str(v).replace(".", "").replace(" ", "") for v in values)
            if not all(p.isdigit() for p in prefixes):
                raise where.error(name, f"HS code prefixes are digits, not {value!r}")

            def starts(facts: Facts) -> bool:  # a loop: faster than any() over a generator
                for code in _item_hs_codes(facts):  # noqa: SIM110
                    if code.startswith(prefixes):
                        return True
                return False

            leaf = _Leaf(fact, starts, lambda code: code.startswith(prefixes), lambda v: v)
            leaf.gate = frozenset(prefixes)
            return leaf
        words = re.compile(
            r"\b(?:" + "|".join(r"\s+".join(map(re.escape, str(v).split())) for v in values) + r")\b",
            re.IGNORECASE,
        )
        get = fact.get
        return _Leaf(
            fact,
            lambda facts: words.search(get(facts)) is not None,
            None,
            lambda text: sorted({found.casefold() for found in words.findall(text)}),
        )

    def _tests(self, where: _Where, fact: _Field, value: Any) -> _Condition:
        if isinstance(value, _Map):
            operations = list(value.items())
            where = _Where(where.source, value, self.id, f"{where.path}{fact.name}.")
        else:
            operations = [("in" if isinstance(value, list) else "equals", value)]
        leaves = [self._operation(where, fact, operator, argument) for operator, argument in operations]
        if not leaves:
            raise where.error(fact.name, "needs a test")
        return leaves[0] if len(leaves) == 1 else _All(leaves)

    def _operation(self, where: _Where, fact: _Field, operator: Any, argument: Any) -> _Leaf:
        if operator not in OPERATORS:
            hint = _suggest(str(operator), OPERATORS)
            raise where.error(operator, f"unknown operator{hint} (use {', '.join(OPERATORS)})")
        allowed = _KIND_OPERATORS[fact.kind]
        if operator not in allowed:
            raise where.error(
                operator, f"does not apply to {fact.name}, a {fact.kind} fact (use {', '.join(allowed)})"
            )
        get, multi = fact.get, fact.multi
        if operator == "exists":
            if not isinstance(argument, bool):
                raise where.error(operator, "takes true or false")
            if multi:
                return _Leaf(fact, lambda facts: bool(get(facts)) is argument, None, lambda v: v)
            return _Leaf(fact, lambda facts: (get(facts) not in (None, "")) is argument, None, lambda v: v)
        pred = self._predicate(where, fact, operator, argument)
        extra = 2 if operator == "matches" else 0
        if multi and fact.kind == "text" and operator in ("equals", "in", "not_in"):
            return self._members(fact, operator, argument, pred)
        if operator == "not_in":
            if multi:
                some = _some(get, pred)
                return _Leaf(fact, lambda facts: not some(facts), None, lambda v: v)

            def absent(facts: Facts) -> bool:
                v = get(facts)
                return v is not None and not pred(v)

            return _Leaf(fact, absent, None, lambda v: v)
        if multi:
            return _Leaf(fact, _some(get, pred), pred, lambda v: v, extra)

        return _Leaf(fact, _single(fact, operator, argument, pred), pred, lambda v: v, extra)

    def _members(self, fact: _Field, operator: str, argument: Any, pred: Callable[[Any], bool]) -> _Leaf:
        """Membership of a text fact with several values: one set operation on its values,
        casefolded once per item."""
        members = frozenset(
            str(v).casefold() for v in (argument if isinstance(argument, list) else [argument])
        )
        get, key = fact.get, f"{fact.name}:casefolded"

        def folded(facts: Facts) -> frozenset[str]:
            cache = facts.cache
            values = cache.get(key)
            if values is None:
                values = cache[key] = frozenset(value.casefold() for value in get(facts))
            return values

        if operator == "not_in":
            return _Leaf(fact, lambda facts: members.isdisjoint(folded(facts)), None, lambda v: v)
        return _Leaf(fact, lambda facts: not members.isdisjoint(folded(facts)), pred, lambda v: v)

    def _predicate(self, where: _Where, fact: _Field, operator: str, argument: Any) -> Callable[[Any], bool]:
        """The per-value test; for `not_in`, the membership it negates."""
        if operator in ("equals", "in", "not_in"):
            # text facts hold text only, number and bool facts never text: fold only what may be
            if operator == "equals":
                expected = _fold(self._scalar(where, fact, operator, argument))
                if fact.kind == "text":
                    return lambda v: v.casefold() == expected
                return (lambda v: _fold(v) == expected) if fact.kind == "any" else (lambda v: v == expected)
            if not isinstance(argument, list) or not argument:
                raise where.error(operator, "takes a list of values")
            members = frozenset(_fold(self._scalar(where, fact, operator, item)) for item in argument)
            if fact.kind == "text":
                return lambda v: v.casefold() in members
            return (lambda v: _fold(v) in members) if fact.kind == "any" else (lambda v: v in members)
        if operator in ("prefix", "contains"):
            values = argument if isinstance(argument, list) else [argument]
            if not values or any(isinstance(v, bool) or not isinstance(v, str | int) for v in values):
                raise where.error(operator, "takes a text or a list of texts")
            needles = tuple(str(v).casefold() for v in values)
            if operator == "prefix":
                return lambda v: isinstance(v, str) and v.casefold().startswith(needles)

            def contains(v: Any) -> bool:
                if not isinstance(v, str):
                    return False
                folded = v.casefold()
                for needle in needles:  # noqa: SIM110 - a loop: faster than any() over a generator
                    if needle in folded:
                        return True
                return False

            return contains
        if operator == "matches":
            if not isinstance(argument, str):
                raise where.error(operator, "takes a regular expression (text)")
            try:
                pattern = re.compile(argument)
            except re.error as error:
                raise where.error(
                    operator, f"{argument!r} is not a valid regular expression: {error}"
                ) from None
            return lambda v: isinstance(v, str) and pattern.search(v) is not None
        if operator == "between":
            if (
                not isinstance(argument, list)
                or len(argument) != 2
                or not all(_is_number(v) for v in argument)
                or argument[0] > argument[1]
            ):
                raise where.error(
                    operator, f"takes [low, high], two numbers with low ≤ high, not {argument!r}"
                )
            low, high = argument
            if fact.kind == "number":
                return lambda v: low <= v <= high
            return lambda v: _is_number(v) and low <= v <= high
        if not _is_number(argument):
            raise where.error(operator, f"takes a number, not {argument!r}")
        compare = _COMPARISONS[operator]
        if fact.kind == "number":  # a number fact holds numbers only
            return lambda v: compare(v, argument)
        return lambda v: _is_number(v) and compare(v, argument)

    def _scalar(self, where: _Where, fact: _Field, operator: str, value: Any) -> Any:
        """A value to compare the fact with, checked against its kind (a number for a text fact
        is taken as text: postcodes and HS codes are written bare)."""
        if fact.kind == "text" and isinstance(value, int | str) and not isinstance(value, bool):
            return str(value)
        if fact.kind == "number" and _is_number(value):
            return value
        if fact.kind == "bool" and isinstance(value, bool):
            return value
        if fact.kind == "any" and isinstance(value, str | int | float | bool):
            return value
        raise where.error(operator, f"{value!r} cannot be compared with {fact.name}, a {fact.kind} fact")


_COMPARISONS: Mapping[str, Callable[[Any, Any], bool]] = MappingProxyType(
    {"lt": lt, "le": le, "gt": gt, "ge": ge}
)


def _single(fact: _Field, name: str, argument: Any, pred: Callable[[Any], bool]) -> Test:
    """The test of a fact with one value. The frequent tests are written out whole: one Python
    call per test instead of three."""
    get = fact.get
    if fact.kind == "text" and name in ("equals", "in"):
        members = frozenset(str(v).casefold() for v in (argument if name == "in" else [argument]))

        def member(facts: Facts) -> bool:
            v = get(facts)
            return v is not None and v.casefold() in members

        return member
    if fact.kind == "number" and name in _COMPARISONS:
        limit = argument
        if name == "lt":

            def below(facts: Facts) -> bool:
                v = get(facts)
                return v is not None and v < limit

            return below
        if name == "gt":

            def above(facts: Facts) -> bool:
                v = get(facts)
                return v is not None and v > limit

            return above

    def holds(facts: Facts) -> bool:
        v = get(facts)
        return v is not None and pred(v)

    return holds


_KIND_OPERATORS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "text": ("equals", "in", "not_in", "prefix", "contains", "matches", "exists"),
        "number": ("equals", "in", "not_in", "lt", "le", "gt", "ge", "between", "exists"),
        "bool": ("equals", "exists"),
        "datetime": ("exists",),
        "any": OPERATORS,
    }
)
_ITEM_EXAMPLES = (
    "origin_country",
    "destination_country",
    "mail_class",
    "categories",
    "gross_weight_kg",
    "total_value.amount",
    "total_value.currency",
    "sender.name",
    "sender.address.country",
    "addressee.name",
    "contents[*].hs_code",
    "contents[*].description",
    "contents[*].origin_country",
    "ioss_number",
)


def _derived_getter(name: str) -> Callable[[Facts], Any]:
    compute = _DERIVED[name].compute

    def get(facts: Facts) -> Any:
        cache = facts.cache
        value = cache.get(name, _UNSET)
        if value is _UNSET:
            value = cache[name] = compute(facts)
        return value

    return get


def _some(get: Callable[[Facts], Any], pred: Callable[[Any], bool]) -> Test:
    """Any of a fact's values satisfies `pred`."""

    def test(facts: Facts) -> bool:  # a loop: faster than any() over a generator
        for value in get(facts):  # noqa: SIM110
            if pred(value):
                return True
        return False

    return test


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


def _unknown_action(value: Any) -> str:
    return (
        f"{value!r} is not an outcome (pre_loading: {', '.join(PRE_LOADING_OUTCOMES)}; "
        f"arrival: {', '.join(ARRIVAL_OUTCOMES)})"
    )


# ------------------------------------------------------------------------------- evaluating


_Entry = tuple[int, Test, "RuleSet", Rule]
"""A rule with its position (hits come in rule order) and its test."""


@dataclass(frozen=True, slots=True)
class _Selection:
    """Rules to test, those that need certain HS code prefixes indexed by them (most items have
    none of them, and skip those rules at the cost of a few dictionary look-ups)."""

    ungated: tuple[_Entry, ...]
    gated: Mapping[str, tuple[_Entry, ...]]
    lengths: tuple[int, ...]
    """The lengths of the prefixes in `gated`."""

    @classmethod
    def of(cls, rules: Iterable[tuple[RuleSet, Rule]]) -> _Selection:
        ungated: list[_Entry] = []
        gated: dict[str, list[_Entry]] = {}
        for order, (ruleset, rule) in enumerate(rules):
            entry = (order, rule.condition.test, ruleset, rule)
            gate = rule.condition.gate
            if gate is None:
                ungated.append(entry)
            for prefix in gate or ():
                gated.setdefault(prefix, []).append(entry)
        return cls(
            tuple(ungated),
            {prefix: tuple(entries) for prefix, entries in gated.items()},
            tuple(sorted({len(prefix) for prefix in gated})),
        )

    def candidates(self, facts: Facts) -> Iterable[_Entry]:
        if not self.gated:
            return self.ungated
        gated, found = self.gated, {}
        for code in _item_hs_codes(facts):
            for length in self.lengths:
                for entry in gated.get(code[:length], ()):
                    found[entry[0]] = entry
        if not found:
            return self.ungated
        return sorted([*self.ungated, *found.values()], key=lambda entry: entry[0])


class RuleRun:
    """The rule sets evaluated over one run of items, in order. When a rule tests
    `sender_items_before`, it counts the items of each sender on top of what the store knew
    before the run."""

    def __init__(
        self,
        rulesets: Sequence[RuleSet],
        *,
        rates: ExchangeRates,
        bands: ValueBands,
        sender_history: Mapping[str, int] | None = None,
    ) -> None:
        self.rulesets, self.rates, self.bands = tuple(rulesets), rates, bands
        uses_senders = any("sender_items_before" in ruleset.facts for ruleset in rulesets)
        self._senders: Counter[str] | None = Counter(sender_history or {}) if uses_senders else None
        self._in_force: dict[tuple[Stage, dt.date], _Selection] = {}
        self._every_rule: dict[Stage | None, _Selection] = {}

    def evaluate(
        self,
        item: Item,
        *,
        stage: Stage,
        now: dt.datetime,
        day: dt.date,
        profile: Profile,
        per_kg: Mapping[int, float] | None = None,
    ) -> list[Finding]:
        """RULE_HIT reasons of the rules in force for the stage on the day of `now`. `day` is the
        day values are converted on (posting date, else the day received); `per_kg` each line's
        EUR per kg, if already computed."""
        key = (stage, now.date())
        selection = self._in_force.get(key)
        if selection is None:
            selection = self._in_force[key] = _Selection.of(
                (ruleset, rule) for ruleset in self.rulesets for rule in ruleset.in_force(stage, now.date())
            )
        return self._evaluate(selection, Facts(item, stage, day, profile, per_kg, self))

    def backtest(
        self, item: Item, *, stage: Stage, only_stage: bool, day: dt.date, profile: Profile
    ) -> list[Finding]:
        """The hits of every rule, whatever its validity dates (a backtest asks what a rule would
        have found had it been in force); with `only_stage`, only the rules for `stage`."""
        key = stage if only_stage else None
        selection = self._every_rule.get(key)
        if selection is None:
            selection = self._every_rule[key] = _Selection.of(
                (ruleset, rule)
                for ruleset in self.rulesets
                for rule in ruleset.rules
                if key is None or key in rule.stages
            )
        return self._evaluate(selection, Facts(item, stage, day, profile, None, self))

    def _evaluate(self, selection: _Selection, facts: Facts) -> list[Finding]:
        if self._senders is not None:
            facts.cache["sender_items_before"] = self._count_sender(facts.item)
        stage = facts.stage
        return [
            _hit(ruleset, rule, facts, stage)
            for _, test, ruleset, rule in selection.candidates(facts)
            if test(facts)
        ]

    def _count_sender(self, item: Item) -> int | None:
        """How many items of the sender came before; counts this one."""
        senders = self._senders
        key = sender_key(item)
        if senders is None or key is None:
            return None
        before = senders[key]
        senders[key] = before + 1
        return before


def _hit(ruleset: RuleSet, rule: Rule, facts: Facts, stage: Stage) -> Finding:
    matched: dict[str, Any] = {}
    rule.condition.explain(facts, matched, False)
    parts = [
        _DERIVED[name].label.format(_shown(value)) if name in _DERIVED else f"{name} {_shown(value)}"
        for name, value in matched.items()
    ]
    detail: dict[str, Any] = {
        "rule": rule.id,
        "ruleset": ruleset.name,
        "version": ruleset.version,
        "weight": rule.weight,
        "score": rule.weight,
    }
    if stage in rule.actions:
        detail["action"] = {stage: rule.actions[stage]}
    detail["facts"] = matched
    return Finding(
        code=Code.RULE_HIT,
        severity="warning",
        message=f"Rule {rule.id} ({rule.description}) matched: {', '.join(parts)}.",
        detail=detail,
        source="rule",
    )


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "/".join(_shown(v) for v in value) if value else "none"
    if isinstance(value, float):
        return f"{value:.2f}"
    return "none" if value is None else str(value)


# -------------------------------------------------------------------------------- backtests


class Labelled(Protocol):
    """What a backtest needs of an item's latest inspection outcome."""

    @property
    def result(self) -> str: ...

    @property
    def revenue_recovered(self) -> Decimal | None: ...

    @property
    def currency(self) -> str | None: ...


INSPECTED = frozenset({"irregularity_found", "no_irregularity"})
"""Results that say an officer looked; `not_inspected` tells nothing about a rule."""


@dataclass
class Tally:
    hits: int = 0
    inspected: int = 0
    irregularities: int = 0
    revenue: dict[str, Decimal] = field(default_factory=dict)

    def add(self, label: Labelled | None) -> None:
        self.hits += 1
        if label is None or label.result not in INSPECTED:
            return
        self.inspected += 1
        if label.result == "irregularity_found":
            self.irregularities += 1
        if label.revenue_recovered is not None and label.currency:
            self.revenue[label.currency] = (
                self.revenue.get(label.currency, Decimal(0)) + label.revenue_recovered
            )

    def figures(self, items: int) -> dict[str, Any]:
        return {
            "hits": self.hits,
            "hit_rate": round(self.hits / items, 6) if items else None,
            "inspected": self.inspected,
            "irregularities": self.irregularities,
            "precision": round(self.irregularities / self.inspected, 4) if self.inspected else None,
            "revenue_recovered": {currency: str(amount) for currency, amount in sorted(self.revenue.items())},
        }


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """A stored item as a backtest reads it."""

    key: str
    item: Item
    stage: Stage
    """The stage of its stored assessment."""
    day: dt.date
    """The day it was assessed."""


def backtest(
    rulesets: Sequence[RuleSet],
    entries: Iterable[StoredEntry],
    labels: Mapping[str, Labelled],
    *,
    profiles: Profiles,
    rates: ExchangeRates,
    bands: ValueBands,
    stage: Stage | None = None,
) -> dict[str, Any]:
    """Per rule: hits, hit rate, inspected hits, irregularities among them (precision) and
    revenue recovered, over stored items in the order received. Each item is taken at its stored
    stage, or at `stage` (then only the rules for that stage count)."""
    run = RuleRun(rulesets, rates=rates, bands=bands)
    tallies = {(ruleset.name, rule.id): Tally() for ruleset in rulesets for rule in ruleset.rules}
    any_rule, everything = Tally(), Tally()
    items = 0
    for entry in entries:
        items += 1
        item = entry.item
        item_stage = stage or entry.stage
        day = item.posting_date.date() if item.posting_date else entry.day
        profile = profiles.select(item.destination_country, item_stage, entry.day)
        hits = run.backtest(item, stage=item_stage, only_stage=stage is not None, day=day, profile=profile)
        label = labels.get(entry.key)
        everything.add(label)
        for hit in hits:
            assert hit.detail is not None
            tallies[(hit.detail["ruleset"], hit.detail["rule"])].add(label)
        if hits:
            any_rule.add(label)
    overall = everything.figures(items)
    return {
        "rulesets": [{"ruleset": r.name, "version": r.version, "source": r.source} for r in rulesets],
        "stage": stage,
        "items": items,
        "inspected": overall["inspected"],
        "irregularities": overall["irregularities"],
        "precision": overall["precision"],
        "rules": [
            {
                "ruleset": ruleset.name,
                "version": ruleset.version,
                "rule": rule.id,
                "description": rule.description,
                **tallies[(ruleset.name, rule.id)].figures(items),
            }
            for ruleset in rulesets
            for rule in ruleset.rules
        ],
        "any_rule": any_rule.figures(items),
    }
