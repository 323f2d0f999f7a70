"""The officers' rule language: operators, combinators, validity, stages, errors and the hits."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest
from msgspec.structs import replace

from clearpost.model import Finding, Item, Party, Stage
from clearpost.pipeline import assess
from clearpost.quality.context import sender_key
from clearpost.reference import Reference
from clearpost.risk.bands import Band, ValueBands
from clearpost.risk.rules import RuleError, RuleRun, RuleSet, StoredEntry, backtest, read_ruleset

ARRIVED = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
"""The example item departed on 21 November: it has arrived."""
EXAMPLE = Path(__file__).resolve().parents[2] / "clearpost" / "risk" / "data" / "rules_example.yaml"
KNITWEAR_BANDS = ValueBands("test", {"6110": Band(low=200.0, median=800.0, declarations=50)})
"""The cardigan of the example item (EUR 159.95 per kg) is declared at 0.2 of this band's median."""


def one_rule(when: str, **keys: str) -> RuleSet:
    """A rule set of one rule R1 testing `when` (YAML, indented as under `when:`)."""
    keys = {"valid_from": "2026-01-01", **keys}
    extra = "".join(f"    {key}: {value}\n" for key, value in keys.items())
    text = (
        "ruleset: test\nversion: 1\nrules:\n  - id: R1\n    description: A test rule\n    owner: tester\n"
        "    weight: 0.5\n" + extra + "    when:\n" + textwrap.indent(when, "      ")
    )
    return read_ruleset(text, "test.yaml")


def hits(
    reference: Reference,
    rulesets: Sequence[RuleSet],
    item: Item,
    *,
    stage: Stage = "arrival",
    now: dt.datetime = ARRIVED,
    bands: ValueBands = KNITWEAR_BANDS,
    history: dict[str, int] | None = None,
) -> list[Finding]:
    run = RuleRun(rulesets, rates=reference.quality.rates, bands=bands, sender_history=history)
    profile = reference.profiles.select(item.destination_country, stage, now.date())
    assert item.posting_date is not None
    return run.evaluate(item, stage=stage, now=now, day=item.posting_date.date(), profile=profile)


@pytest.mark.parametrize(
    ("when", "matches"),
    [
        ("origin_country: GB", True),
        ("origin_country: gb", True),  # text compares case-insensitively
        ("origin_country: {equals: FR}", False),
        ("origin_country: [CN, GB]", True),
        ("origin_country: {in: [CN, HK]}", False),
        ("origin_country: {not_in: [CN, HK]}", True),
        ("origin_country: {not_in: [GB]}", False),
        ("contents[*].origin_country: {not_in: [PT]}", False),  # no line may be from PT
        ("contents[*].origin_country: {not_in: [CN]}", True),
        ("contents[*].hs_code: {prefix: ['6110', '8517']}", True),
        ("contents[*].hs_code: {prefix: '8517'}", False),
        ("sender.name: {contains: HART}", True),
        ("sender.business: {contains: [bakery, toys]}", False),
        (r"contents[*].description: {matches: 'wool\s+cardigan'}", True),
        ("contents[*].description: {matches: '^Wool'}", False),
        ("gross_weight_kg: {lt: 1}", True),
        ("gross_weight_kg: {lt: 0.92}", False),
        ("gross_weight_kg: {le: 0.92}", True),
        ("gross_weight_kg: {gt: 0.92}", False),
        ("gross_weight_kg: {ge: 0.92}", True),
        ("gross_weight_kg: {between: [0.5, 1]}", True),
        ("gross_weight_kg: {gt: 0.5, lt: 0.9}", False),  # several operators: all must hold
        ("total_value.amount: {gt: 80}", True),  # a decimal amount against a YAML number
        ("comments: {exists: false}", True),
        ("ioss_number: {exists: true}", True),
        ("attributes.channel: {exists: true}", False),
        ("categories: sale_of_goods", True),  # a list: any value may match
        ("categories: {in: [gift, documents]}", False),
        ("mail_class: {in: [parcel, ems]}", True),
        ("sender.address.postcode: {prefix: LS1}", True),
        ("origins: {in: [PT]}", True),  # the item's origin and its lines'
        ("origins: {not_in: [PT, GB]}", False),
        ("hs_prefix: '6505'", True),
        ("hs_prefix: [8517, 8471]", False),
        ("description_contains: beanie", True),
        ("description_contains: bean", False),  # whole words
        ("description_contains: [lithium, wool cardigan]", True),
        ("value_eur: {between: [100, 101]}", True),  # GBP 84.00 at the ECB rate of 20 Nov 2026
        ("value_per_kg_eur: {gt: 150}", True),
        ("value_per_kg_vs_band: {lt: 0.25}", True),
        ("value_per_kg_vs_band: {lt: 0.1}", False),
        ("value_vs_split_threshold: {between: [0.6, 0.7]}", True),  # EUR 100.74 of EUR 150
        ("profile.id: eu-ics2-ens", True),
        ("profile.split_threshold: 150", True),
        ("sender_items_before: 0", True),
    ],
)
def test_each_operator_and_fact(reference: Reference, example_item: Item, when: str, matches: bool) -> None:
    assert bool(hits(reference, [one_rule(when)], example_item)) is matches


@pytest.mark.parametrize(
    ("when", "matches"),
    [
        ("any:\n  - origin_country: CN\n  - mail_class: parcel\n", True),
        ("any:\n  - origin_country: CN\n  - mail_class: letter\n", False),
        ("all:\n  - origin_country: GB\n  - mail_class: parcel\n", True),
        ("all:\n  - origin_country: GB\n  - mail_class: letter\n", False),
        ("not: {origin_country: CN}\n", True),
        ("not: {origin_country: GB, mail_class: parcel}\n", False),  # not (both)
        ("origin_country: GB\nany:\n  - hs_prefix: '8517'\n  - not: {categories: gift}\n", True),
        ("any:\n  - all: [{origin_country: CN}, {hs_prefix: '6110'}]\n  - hs_prefix: '9999'\n", False),
    ],
)
def test_combinators(reference: Reference, example_item: Item, when: str, matches: bool) -> None:
    assert bool(hits(reference, [one_rule(when)], example_item)) is matches


def test_a_hit_says_which_rule_matched_on_which_facts(reference: Reference, example_item: Item) -> None:
    rules = one_rule(
        "origins: {in: [GB, CN]}\nhs_prefix: ['6110', '8517']\nvalue_per_kg_vs_band: {lt: 0.25}\n",
        action="{pre_loading: SCREEN_HRCM, arrival: INSPECT}",
    )
    (hit,) = hits(reference, [rules], example_item)
    assert (hit.code, hit.source, hit.severity, hit.field) == ("RULE_HIT", "rule", "warning", None)
    assert hit.detail == {
        "rule": "R1",
        "ruleset": "test",
        "version": 1,
        "weight": 0.5,
        "score": 0.5,
        "action": {"arrival": "INSPECT"},
        "facts": {"origins": ["GB"], "hs_prefix": ["611011"], "value_per_kg_vs_band": [0.1999]},
    }
    assert hit.message == (
        "Rule R1 (A test rule) matched: origin GB, HS 611011, value per kg 0.20 × the band median."
    )
    (before_loading,) = hits(reference, [rules], example_item, stage="pre_loading")
    assert before_loading.detail is not None and before_loading.detail["action"] == {
        "pre_loading": "SCREEN_HRCM"
    }


def test_a_rule_without_an_action_for_the_stage_only_scores(reference: Reference, example_item: Item) -> None:
    (hit,) = hits(reference, [one_rule("mail_class: parcel\n", action="SCREEN_HRCM")], example_item)
    assert hit.detail is not None and "action" not in hit.detail and hit.detail["score"] == 0.5


def test_value_per_kg_against_the_band(reference: Reference, example_item: Item) -> None:
    rules = one_rule("value_per_kg_vs_band: {lt: 0.5}\n")
    assert hits(reference, [rules], example_item)  # 0.2 of the median
    fair = ValueBands("test", {"6110": Band(low=50.0, median=150.0, declarations=50)})
    assert not hits(reference, [rules], example_item, bands=fair)  # 1.07 of the median
    assert not hits(reference, [rules], example_item, bands=ValueBands("none", {}))  # no band: no ratio


def test_validity_dates_and_stages(reference: Reference, example_item: Item) -> None:
    later = one_rule("mail_class: parcel\n", valid_from="2026-12-01")
    assert not hits(reference, [later], example_item)
    assert hits(reference, [later], example_item, now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    ended = one_rule("mail_class: parcel\n", valid_to="2026-11-21")
    assert not hits(reference, [ended], example_item)
    assert hits(reference, [ended], example_item, now=dt.datetime(2026, 11, 21, 23, tzinfo=dt.UTC))
    before_loading = one_rule("mail_class: parcel\n", stages="[pre_loading]")
    assert not hits(reference, [before_loading], example_item)
    assert hits(reference, [before_loading], example_item, stage="pre_loading")


def test_hs_codes_written_with_a_leading_zero_stay_text(reference: Reference, example_item: Item) -> None:
    milk = replace(example_item.contents[0], hs_code="040120", description="UHT milk")
    item = replace(example_item, contents=[milk])
    assert hits(reference, [one_rule("hs_prefix: [0401]\n")], item)
    assert hits(reference, [one_rule("contents[*].hs_code: {in: [040120]}\n")], item)


def test_attributes_are_facts(reference: Reference, example_item: Item) -> None:
    item = replace(example_item, attributes={"channel": "marketplace", "tax_rate": 8.0})
    assert hits(reference, [one_rule("attributes.channel: Marketplace\n")], item)
    assert hits(reference, [one_rule("attributes.tax_rate: {ge: 8}\n")], item)
    assert not hits(reference, [one_rule("attributes.channel: {gt: 3}\n")], item)  # text is no number


def test_a_missing_fact_satisfies_nothing_but_not_existing(reference: Reference, example_item: Item) -> None:
    item = replace(example_item, origin_country=None)
    assert not hits(reference, [one_rule("origin_country: {not_in: [CN]}\n")], item)
    assert hits(reference, [one_rule("origin_country: {exists: false}\n")], item)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "when:\n  orign_country: CN\n",
            ["test.yaml, line 10:", "rule R1:", "when.orign_country:", "origin_country?"],
        ),
        (
            "when:\n  origin_country: {inn: [CN]}\n",
            ["line 10:", "when.origin_country.inn:", "unknown operator"],
        ),
        (
            "when:\n  sender.name: {matches: 'a(b'}\n",
            ["line 10:", "when.sender.name.matches:", "regular expression"],
        ),
        ("when:\n  gross_weight_kg: {prefix: '1'}\n", ["gross_weight_kg.prefix:", "a number fact"]),
        ("when:\n  gross_weight_kg: {between: [3, 1]}\n", ["between:", "low ≤ high"]),
        ("when:\n  any: {origin_country: CN}\n", ["when.any:", "a list of conditions"]),
        ("when:\n  sender: {exists: true}\n", ["when.sender:", "unknown fact"]),
        ("when:\n  contents[*].colour: red\n", ["when.contents[*].colour:", "unknown fact"]),
        ("when:\n  hs_prefix: {prefix: '85'}\n", ["when.hs_prefix:", "HS code prefixes"]),
        (
            "when: {origin_country: CN}\nvalid_to: 2025-12-31\n",
            ["line 10:", "valid_to:", "before valid_from"],
        ),
        ("when: {origin_country: CN}\nstages: [departure]\n", ["stages:", "pre_loading and/or arrival"]),
        ("when: {origin_country: CN}\naction: DETAIN\n", ["action:", "'DETAIN' is not an outcome"]),
        (
            "when: {origin_country: CN}\naction: {pre_loading: INSPECT}\n",
            ["pre_loading:", "not a pre_loading"],
        ),
        ("when: {origin_country: CN}\nstages: [arrival]\naction: SCREEN_HRCM\n", ["a pre_loading outcome"]),
        ("when: {origin_country: CN}\nwieght: 1\n", ["wieght:", "unknown key (did you mean weight?)"]),
        ("when: {origin_country: CN}\norigin: CN\n", ["line 10:", "origin:", "unknown key"]),
    ],
)
def test_errors_name_the_file_line_rule_and_key(text: str, expected: list[str]) -> None:
    document = (
        "ruleset: test\nversion: 1\nrules:\n  - id: R1\n    description: A test rule\n    owner: tester\n"
        "    valid_from: 2026-01-01\n    weight: 0.5\n" + textwrap.indent(text, "    ")
    )
    with pytest.raises(RuleError) as raised:
        read_ruleset(document, "test.yaml")
    message = str(raised.value)
    assert all(part in message for part in expected), message


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            "ruleset: t\nversion: 1\nrules:\n  - id: R1\n    when: {origin_country: CN\n",
            ["line 6", "not valid YAML"],
        ),
        ("ruleset: t\nversion: 1\nrules: []\n", ["line 3:", "rules:", "a list of rules"]),
        ("ruleset: t\nrules: [{id: R1}]\n", ["line 1:", "version:"]),
        ("ruleset: t\nversion: 1\nversion: 2\nrules: []\n", ["line 3", "appears twice"]),
        (
            "ruleset: t\nversion: 1\nrules:\n  - id: R7\n    description: d\n    owner: o\n"
            "    valid_from: 2026-13-01\n    weight: 1\n    when: {mail_class: ems}\n",
            ["line 7:", "rule R7:", "valid_from:", "'2026-13-01' is not a date"],
        ),
        (
            "ruleset: t\nversion: 1\nrules:\n  - id: R7\n    description: d\n    owner: o\n"
            "    valid_from: 2026-01-01\n    weight: 1.5\n    when: {mail_class: ems}\n",
            ["line 8:", "rule R7:", "weight:", "from 0 to 1"],
        ),
        (
            "ruleset: t\nversion: 1\nrules:\n  - id: R7\n    owner: o\n"
            "    valid_from: 2026-01-01\n    weight: 1\n    when: {mail_class: ems}\n",
            ["line 4:", "rule R7:", "description:", "is missing"],
        ),
        (
            "ruleset: t\nversion: 1\nrules:\n"
            "  - {id: R7, description: d, owner: o, valid_from: 2026-01-01, weight: 1, when: {comments: a}}\n"
            "  - {id: R7, description: e, owner: o, valid_from: 2026-01-01, weight: 1, when: {comments: a}}",
            ["line 5:", "rule R7:", "also used by the rule on line 4"],
        ),
    ],
)
def test_document_errors(document: str, expected: list[str]) -> None:
    with pytest.raises(RuleError) as raised:
        read_ruleset(document, "rules.yaml")
    message = str(raised.value)
    assert message.startswith("rules.yaml") and all(part in message for part in expected), message


def test_the_example_rule_set(reference: Reference, example_item: Item) -> None:
    rules = read_ruleset(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    assert (rules.name, len(rules.rules)) == ("example-targeting", 5)
    battery = replace(
        example_item.contents[0], description="Lithium-ion battery pack 20000mAh", hs_code="850760"
    )
    item = replace(example_item, contents=[battery])
    (hit,) = hits(
        reference, [rules], item, stage="pre_loading", now=dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
    )
    assert hit.detail is not None and hit.detail["rule"] == "R02"
    assert hit.detail["action"] == {"pre_loading": "SCREEN_HRCM"}
    assert hit.detail["facts"] == {"hs_prefix": ["850760"], "description_contains": ["lithium"]}
    (clothing,) = hits(reference, [rules], example_item)  # R04: knitwear at 0.2 of its band
    assert clothing.detail is not None and clothing.detail["rule"] == "R04"


def test_the_pipeline_adds_rule_hits_to_accepted_items(reference: Reference, example_item: Item) -> None:
    rules = one_rule("sender_items_before: {ge: 1}\n")
    with_rules = dataclasses.replace(reference, rules=(rules,))
    rejected = replace(example_item, item_id="RR473124828GB")  # wrong check digit
    second = replace(example_item, item_id="RR000000005GB")
    first, bad, repeat = assess([example_item, rejected, second], now=ARRIVED, reference=with_rules)
    assert not any(reason.code == "RULE_HIT" for reason in first.risk.reasons)
    assert bad.status == "rejected" and not any(r.code == "RULE_HIT" for r in bad.risk.reasons)
    (hit,) = [reason for reason in repeat.risk.reasons if reason.code == "RULE_HIT"]
    assert hit.detail is not None and hit.detail["facts"] == {"sender_items_before": 1}
    # what the store knew before the batch counts too
    key = sender_key(example_item)
    assert key is not None
    (known,) = assess([example_item], now=ARRIVED, reference=with_rules, sender_history={key: 4})
    (hit,) = [reason for reason in known.risk.reasons if reason.code == "RULE_HIT"]
    assert hit.detail is not None and hit.detail["facts"] == {"sender_items_before": 4}
    anonymous = replace(example_item, sender=Party(name=None, business="Hart Knitwear Ltd"))
    assert not hits(reference, [rules], anonymous)


def test_a_backtest_counts_hits_inspections_and_precision(reference: Reference, example_item: Item) -> None:
    @dataclasses.dataclass
    class Label:
        result: str
        revenue_recovered: Decimal | None = None
        currency: str | None = None

    rules = one_rule("origin_country: CN\n")
    day = dt.date(2026, 11, 20)
    items = [
        replace(example_item, item_id=f"item{n}", origin_country="CN" if n < 6 else "GB") for n in range(10)
    ]
    labels = {
        "item0": Label("irregularity_found", Decimal("30.00"), "EUR"),
        "item1": Label("irregularity_found", Decimal("12.50"), "EUR"),
        "item2": Label("no_irregularity"),
        "item3": Label("not_inspected"),  # tells nothing about the rule
        "item7": Label("no_irregularity"),
    }
    report = backtest(
        [rules],
        [StoredEntry(f"item{n}", item, "arrival", day) for n, item in enumerate(items)],
        labels,
        profiles=reference.profiles,
        rates=reference.quality.rates,
        bands=KNITWEAR_BANDS,
    )
    (rule,) = report["rules"]
    assert (rule["hits"], rule["hit_rate"], rule["inspected"], rule["irregularities"]) == (6, 0.6, 3, 2)
    assert rule["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert rule["revenue_recovered"] == {"EUR": "42.50"}
    assert (report["items"], report["inspected"], report["irregularities"]) == (10, 4, 2)
    assert report["precision"] == 0.5
