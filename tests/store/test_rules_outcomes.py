"""Rule set versions and inspection outcomes in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from msgspec.structs import replace
from sqlalchemy import Engine, delete

from clearpost.formats.canonical import write_jsonl
from clearpost.intake import receive
from clearpost.model import Item
from clearpost.reference import Reference
from clearpost.risk.rules import read_ruleset
from clearpost.store.outcomes import (
    OutcomeError,
    UnknownItem,
    check_outcome,
    list_outcomes,
    outcome_labels,
    record_outcomes,
)
from clearpost.store.rules import (
    RulesetConflict,
    activate_ruleset,
    active_rulesets,
    backtest_entries,
    count_backtest_entries,
    deactivate_ruleset,
    list_rulesets,
    store_ruleset,
    stored_ruleset,
)
from clearpost.store.tables import inspection_outcomes, rulesets

AT = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
RULES = """\
ruleset: {name}
version: {version}
rules:
  - id: R1
    description: Parcels from {origin}
    owner: risk-unit
    valid_from: 2026-01-01
    weight: 0.4
    when: {{origin_country: {origin}, mail_class: parcel}}
"""


def document(name: str = "targeting", version: int | str = 1, origin: str = "CN") -> str:
    return RULES.format(name=name, version=version, origin=origin)


@pytest.fixture
def store(engine: Engine) -> Engine:
    """The engine, with no rule set or outcome left from an earlier test (PostgreSQL keeps one
    database for the whole run)."""
    with engine.begin() as connection:
        connection.execute(delete(inspection_outcomes))
        connection.execute(delete(rulesets))
    return engine


def load(engine: Engine, text: str, *, activate: bool = False, at: dt.datetime = AT) -> bool:
    with engine.begin() as connection:
        _, new = store_ruleset(
            connection,
            read_ruleset(text, "t.yaml"),
            text,
            loaded_at=at,
            loaded_by="j.martin",
            activate=activate,
        )
    return new


def test_versions_are_kept_and_one_per_name_is_active(store: Engine) -> None:
    assert load(store, document(version=1), activate=True)
    assert load(store, document(version=2, origin="HK"), at=AT + dt.timedelta(hours=1))
    assert load(store, document("security", version="2026-11a"), activate=True)
    assert not load(store, document(version=2, origin="HK"))  # the same text again: nothing new
    with store.connect() as connection:
        active = {(r.name, r.version) for r in active_rulesets(connection)}
        listed = [(r.name, r.version, r.active, r.rules, r.loaded_by) for r in list_rulesets(connection)]
    assert active == {("targeting", 1), ("security", "2026-11a")}
    assert listed == [
        ("security", "2026-11a", True, 1, "j.martin"),
        ("targeting", "1", True, 1, "j.martin"),
        ("targeting", "2", False, 1, "j.martin"),
    ]
    with store.begin() as connection:
        latest = activate_ruleset(connection, "targeting")  # the latest loaded
        assert (latest.version, latest.active) == ("2", True)
        assert stored_ruleset(connection, "targeting").rules[0].description == "Parcels from HK"
        assert stored_ruleset(connection, "targeting", "1").rules[0].description == "Parcels from CN"
        assert deactivate_ruleset(connection, "security").version == "2026-11a"
    with store.connect() as connection:
        assert [(r.name, r.version) for r in active_rulesets(connection)] == [("targeting", 2)]
        assert list_rulesets(connection)[0].loaded_at == AT  # an aware time on both databases


def test_a_loaded_version_never_changes(store: Engine) -> None:
    load(store, document(version=3))
    with pytest.raises(RulesetConflict, match="version 3 of rule set 'targeting' is already loaded"):
        load(store, document(version=3, origin="HK"))


def test_unknown_rule_sets_and_versions_are_named(store: Engine) -> None:
    with store.begin() as connection, pytest.raises(LookupError, match="no rule set 'targeting' is loaded"):
        activate_ruleset(connection, "targeting")
    load(store, document(version=1))
    with store.begin() as connection:
        with pytest.raises(LookupError, match=r"has no version '7' \(loaded: 1\)"):
            activate_ruleset(connection, "targeting", "7")
        with pytest.raises(LookupError, match="loaded rule sets: targeting"):
            stored_ruleset(connection, "security")
        with pytest.raises(LookupError, match="no version of rule set 'targeting' is active"):
            deactivate_ruleset(connection, "targeting")


def received(engine: Engine, reference: Reference, items: list[Item], at: dt.datetime = AT) -> None:
    receive(engine, write_jsonl(items), received_at=at, reference=reference)


def test_outcomes_keep_who_and_when_and_the_latest_wins(
    store: Engine, reference: Reference, example_item: Item
) -> None:
    other = replace(example_item, item_id="EE471108151FR")
    received(store, reference, [example_item, other])
    first = check_outcome(item_id="rr 473124829 gb", result="no_irregularity", officer="a.officer")
    correction = check_outcome(
        item_id="RR473124829GB",
        result="irregularity_found",
        officer="b.officer",
        fraud=True,
        seized=True,
        revenue="12.5",
        currency="eur",
        note="Undervalued: invoice shows GBP 240",
        reason_codes=["UNDERVALUATION", "RULE_HIT"],
    )
    with store.begin() as connection:
        record_outcomes(connection, [first], recorded_at=AT)
        (stored,) = record_outcomes(connection, [correction], recorded_at=AT + dt.timedelta(days=2))
        record_outcomes(
            connection,
            [check_outcome(item_id="EE471108151FR", result="not_inspected", officer="a.officer")],
            recorded_at=AT + dt.timedelta(days=1),
        )
    assert stored.revenue_recovered == Decimal("12.50") and stored.currency == "EUR"
    with store.connect() as connection:
        history = list_outcomes(connection, item_id="RR473124829GB")
        labels = outcome_labels(connection)
        recent = list_outcomes(connection, since=(AT + dt.timedelta(days=1)).date())
    assert [(o.result, o.officer, o.recorded_at) for o in history] == [
        ("no_irregularity", "a.officer", AT),
        ("irregularity_found", "b.officer", AT + dt.timedelta(days=2)),
    ]
    assert history[1] == stored  # everything comes back as recorded
    assert history[1].as_json()["revenue"] == {"amount": "12.50", "currency": "EUR"}
    assert history[1].reason_codes == ("UNDERVALUATION", "RULE_HIT")
    assert {key: label.result for key, label in labels.items()} == {
        "RR473124829GB": "irregularity_found",
        "EE471108151FR": "not_inspected",
    }
    assert [o.item_id for o in recent] == ["EE471108151FR", "RR473124829GB"]


def test_an_outcome_for_an_item_never_received_is_refused(
    store: Engine, reference: Reference, example_item: Item
) -> None:
    received(store, reference, [example_item])
    outcomes = [
        check_outcome(item_id="RR473124829GB", result="no_irregularity", officer="a"),
        check_outcome(item_id="RR000000005GB", result="no_irregularity", officer="a"),
    ]
    with store.begin() as connection, pytest.raises(UnknownItem, match="no item RR000000005GB was received"):
        record_outcomes(connection, outcomes, recorded_at=AT)
    with store.connect() as connection:
        assert list_outcomes(connection) == []  # all or nothing


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"result": "found"}, "result", "'found' is not a result"),
        ({"officer": " "}, "officer", "which officer"),
        ({"revenue": "12.50"}, "currency", "needs its currency"),
        ({"currency": "EUR"}, "revenue", "without an amount"),
        ({"revenue": "ten", "currency": "EUR"}, "revenue", "'ten' is not an amount"),
        ({"revenue": "-3", "currency": "EUR"}, "revenue", "from 0 to"),
        ({"revenue": "1.005", "currency": "EUR"}, "revenue", "more than two decimals"),
        ({"revenue": "10", "currency": "EUX"}, "currency", "not an ISO 4217"),
        ({"result": "no_irregularity", "seized": True}, "seized", "only go with result irregularity_found"),
        ({"result": "not_inspected", "revenue": "5", "currency": "EUR"}, "revenue", "irregularity_found"),
        ({"reason_codes": ["UNDER VALUE"]}, "reason_codes", "not a reason code"),
    ],
)
def test_outcomes_are_checked_field_by_field(fields: dict[str, object], field: str, message: str) -> None:
    given: dict[str, object] = {
        "item_id": "RR473124829GB",
        "result": "irregularity_found",
        "officer": "a.officer",
        **fields,
    }
    with pytest.raises(OutcomeError, match=message) as raised:
        check_outcome(**given)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_a_backtest_reads_accepted_items_since_a_day_in_the_order_received(
    store: Engine, reference: Reference, example_item: Item
) -> None:
    early = replace(example_item, item_id="EE471108151FR")
    rejected = replace(example_item, item_id="RR473124828GB")  # wrong check digit
    receive(store, write_jsonl([early]), received_at=AT - dt.timedelta(days=3), reference=reference)
    receive(store, write_jsonl([example_item, rejected]), received_at=AT, reference=reference)
    later = replace(example_item, item_id="CP000000031GB")
    receive(store, write_jsonl([later]), received_at=AT + dt.timedelta(hours=1), reference=reference)
    with store.connect() as connection:
        entries = list(backtest_entries(connection, since=AT.date()))
        assert count_backtest_entries(connection, since=AT.date()) == 2
        assert count_backtest_entries(connection, since=(AT - dt.timedelta(days=3)).date()) == 3
    assert [(e.key, e.stage, e.day) for e in entries] == [
        ("RR473124829GB", "pre_loading", AT.date()),
        ("CP000000031GB", "pre_loading", AT.date()),
    ]
    assert entries[0].item == example_item
