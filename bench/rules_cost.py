"""What officers' rules cost per item: `python -m bench.rules_cost [--items N]`.

Generates N items, compiles a rule set of 20 rules over the facts officers use (origins, HS
prefixes, values in EUR, value per kg against the band, description words, sender history,
profile facts, combinators) and measures, in-process on one thread:
- the rules alone: `RuleRun.evaluate` per item (facts included), best of `--repeat` runs;
- the whole pipeline (`assess`) with and without the rule set, items per second.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import time

from clearpost.generate import generate
from clearpost.model import Item
from clearpost.pipeline import assess
from clearpost.reference import load_reference
from clearpost.risk.rules import RuleRun, read_ruleset

NOW = dt.datetime(2026, 10, 20, tzinfo=dt.UTC)
_RULE = """
  - id: {id}
    description: {description}
    owner: bench
    valid_from: 2026-01-01
    weight: 0.{weight}
    when:
{when}"""
CONDITIONS = [
    (
        "Electronics from CN/HK far below band",
        "origins: {in: [CN, HK]}\nhs_prefix: ['8517', '8471']\nvalue_per_kg_vs_band: {lt: 0.2}",
    ),
    ("Lithium batteries", "hs_prefix: ['8506', '8507']\ndescription_contains: [lithium, li-ion, power bank]"),
    ("First item of a sender, high value", "sender_items_before: 0\nvalue_eur: {gt: 1000}"),
    ("Clothing far below band", "hs_prefix: ['61', '62']\nvalue_per_kg_vs_band: {lt: 0.25}"),
    (
        "Gift from a business near the threshold",
        "categories: gift\nsender.business: {exists: true}\nvalue_vs_split_threshold: {between: [0.85, 1.0]}",
    ),
    (
        "Express from high-risk origins",
        "mail_class: {in: [ems, express]}\norigin_country: {in: [AF, IR, SY]}",
    ),
    ("Watches declared cheap", "hs_prefix: '9102'\nvalue_eur: {lt: 20}"),
    ("Counterfeit words", "description_contains: [replica, copy of, fake]"),
    ("Heavy letters", "mail_class: letter\ngross_weight_kg: {gt: 2}"),
    ("Medicines from outside the EU", "hs_prefix: ['3004']\norigins: {not_in: [FR, DE, NL, BE, IT, ES]}"),
    ("Tobacco", "hs_prefix: '24'"),
    ("Perfume in quantity", "hs_prefix: '3303'\ncontents[*].quantity: {gt: 5}"),
    ("Sender name looks like a shop", "sender.name: {matches: '(?i)\\\\b(shop|store|trading)\\\\b'}"),
    ("Returned goods from CN", "categories: returned_goods\norigin_country: CN"),
    (
        "A sale to the EU just under the IOSS ceiling without an IOSS number",
        "categories: sale_of_goods\nioss_number: {exists: false}\nprofile.id: {prefix: eu-}\n"
        "value_eur: {between: [140, 150]}",
    ),
    (
        "Any of several risky chapters",
        "any:\n  - hs_prefix: '93'\n  - hs_prefix: '36'\n  - hs_prefix: '2939'",
    ),
    (
        "Not documents, yet very light and valuable",
        "not: {categories: documents}\ngross_weight_kg: {lt: 0.05}\nvalue_eur: {gt: 500}",
    ),
    ("Jewellery by value", "hs_prefix: '7113'\nvalue_eur: {between: [100, 5000]}"),
    ("Postal charges out of all proportion", "postal_charges.amount: {gt: 1000}"),
    ("Sample category with many lines", "categories: commercial_sample\ncontents[*].hs_code: {exists: true}"),
]


def rule_set() -> str:
    rules = "".join(
        _RULE.format(id=f"B{n:02d}", description=description, weight=n % 9 + 1, when=_indent(when))
        for n, (description, when) in enumerate(CONDITIONS, 1)
    )
    return f"ruleset: bench\nversion: 1\nrules:{rules}\n"


def _indent(text: str) -> str:
    return "".join(f"      {line}\n" for line in text.splitlines())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    reference = load_reference()
    rules = read_ruleset(rule_set(), "bench rule set")
    assert len(rules.rules) == 20
    items: list[Item] = [entry.item for entry in generate(args.items, 2026)]

    stage = "arrival"
    prepared = [
        (
            item,
            reference.profiles.select(item.destination_country, stage, NOW.date()),
            item.posting_date.date() if item.posting_date else NOW.date(),
        )
        for item in items
    ]
    best, hits = float("inf"), 0
    for _ in range(args.repeat):
        run = RuleRun([rules], rates=reference.quality.rates, bands=reference.bands, sender_history={})
        started = time.perf_counter()
        hits = sum(
            len(run.evaluate(item, stage=stage, now=NOW, day=day, profile=profile))
            for item, profile, day in prepared
        )
        best = min(best, time.perf_counter() - started)
    print(
        f"20 rules, {len(items)} items: {best / len(items) * 1e6:.2f} µs per item (best of {args.repeat}), "
        f"{hits} hits ({hits / len(items):.1%} of items)"
    )

    with_rules = dataclasses.replace(reference, rules=(rules,))
    for name, ref in (("without rules", reference), ("with 20 rules", with_rules)):
        rates = []
        for _ in range(max(1, args.repeat // 2)):
            started = time.perf_counter()
            assess(items, now=NOW, reference=ref, stage="arrival")
            rates.append(len(items) / (time.perf_counter() - started))
        print(f"assess {name}: {max(rates):,.0f} items/s (best of {len(rates)})")


if __name__ == "__main__":
    main()
