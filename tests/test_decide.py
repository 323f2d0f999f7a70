"""The decision policy as data: outcomes per stage, officers' rule actions, inspection capacity and
the random share."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml

from clearpost.decide import (
    Candidate,
    DecisionPolicy,
    OfficeDay,
    PolicyError,
    read_policy,
    target,
)
from clearpost.model import Code, Finding, Item
from clearpost.pipeline import assess
from clearpost.reference import Reference, load_policy
from clearpost.risk.combine import combine

DAY = dt.date(2026, 11, 28)
POLICY = Path(__file__).parents[1] / "clearpost" / "decision_policy.yaml"


def reason(code: Code, score: float = 0.5, **detail: Any) -> Finding:
    return Finding(
        code=code, message="…", severity="warning", detail={"score": score, **detail}, source="rule"
    )


@pytest.fixture(scope="module")
def policy() -> DecisionPolicy:
    return load_policy()


@pytest.mark.parametrize(
    ("codes", "pre_loading", "arrival"),
    [
        ([], "ASSESSMENT_COMPLETE", "RELEASE"),
        # revenue risks ride along to arrival: they do not stop loading
        ([Code.UNDERVALUATION], "ASSESSMENT_COMPLETE", "INSPECT"),
        ([Code.SPLIT_SHIPMENT, Code.MODEL_SCORE], "ASSESSMENT_COMPLETE", "INSPECT"),
        ([Code.WATCHLIST_MATCH], "ASSESSMENT_COMPLETE", "HOLD"),
        ([Code.DANGEROUS_GOODS], "SCREEN_HRCM", "HOLD"),
        ([Code.PROHIBITED_GOODS, Code.UNDERVALUATION], "ASSESSMENT_COMPLETE", "HOLD"),
    ],
)
def test_each_stage_answers_what_its_reasons_ask(
    policy: DecisionPolicy, codes: list[Code], pre_loading: str, arrival: str
) -> None:
    risk = combine([reason(code) for code in codes])
    assert policy.outcome("accepted", "pre_loading", risk) == pre_loading
    assert policy.outcome("accepted", "arrival", risk) == arrival
    assert policy.outcome("rejected", "arrival", risk) == "REJECTED_DATA"


def test_explosives_are_not_loaded_and_vague_data_asks_for_information(policy: DecisionPolicy) -> None:
    explosives = combine([reason(Code.DANGEROUS_GOODS, **{"class": "1"})])
    assert policy.outcome("accepted", "pre_loading", explosives) == "DO_NOT_LOAD"
    vague = Finding(code=Code.VAGUE_DESCRIPTION, message="…", severity="warning")
    assert policy.outcome("accepted", "pre_loading", combine([]), [vague]) == "REQUEST_INFO"
    assert policy.outcome("accepted", "arrival", combine([]), [vague]) == "RELEASE"
    info = msgspec.structs.replace(vague, severity="info")
    assert policy.outcome("accepted", "pre_loading", combine([]), [info]) == "ASSESSMENT_COMPLETE"


def test_an_officers_rule_asks_for_its_own_outcome_per_stage(policy: DecisionPolicy) -> None:
    rule = reason(Code.RULE_HIT, 0.7, action={"pre_loading": "DO_NOT_LOAD", "arrival": "SEIZE"})
    assert policy.outcome("accepted", "pre_loading", combine([rule])) == "DO_NOT_LOAD"
    assert policy.outcome("accepted", "arrival", combine([rule])) == "SEIZE"
    wrong_stage = reason(Code.RULE_HIT, 0.7, action={"arrival": "DO_NOT_LOAD"})
    assert policy.outcome("accepted", "arrival", combine([wrong_stage])) == "INSPECT"


def test_scores_combine_as_independent_evidence() -> None:
    one, two = combine([reason(Code.UNDERVALUATION, 0.5)]), combine([reason(Code.UNDERVALUATION, 0.5)] * 2)
    assert (one.score, one.level) == (0.5, "medium")
    assert (two.score, two.level) == (0.75, "medium")
    assert combine([reason(Code.WATCHLIST_MATCH, 0.85)]).level == "high"
    assert combine([reason(Code.MODEL_SCORE, 0.6), reason(Code.RULE_HIT, 0.6)]).level == "high"


def candidates(count: int, outcome: str, office: str = "CDG") -> list[Candidate]:
    return [
        Candidate(
            i, f"RR{i:09d}FR", office, outcome, combine([reason(Code.UNDERVALUATION, (i + 1) / (count + 1))])
        )
        for i in range(count)
    ]


def test_referrals_beyond_the_days_capacity_are_held_best_first(policy: DecisionPolicy) -> None:
    referred = candidates(10, "INSPECT")
    released = [
        Candidate(c.index + 10, f"CP{c.index:09d}FR", c.office, "RELEASE", c.risk)
        for c in candidates(190, "RELEASE")
    ]
    result = target([*referred, *released], policy, DAY, {})
    # 200 items at 5 %, 90 % of it targeted: ceil(9.0) = 9 inspections; the weakest referral waits
    assert [index for index, outcome in result.outcomes.items() if outcome == "HOLD"] == [0]
    assert result.used["CDG"] == OfficeDay(received=200, targeted=9)
    assert result.outcomes.keys() - {0} == result.random.keys()


def test_capacity_used_earlier_in_the_day_counts(policy: DecisionPolicy) -> None:
    result = target(candidates(3, "INSPECT"), policy, DAY, {"CDG": OfficeDay(received=100, targeted=5)})
    assert sorted(result.outcomes.values()) == ["HOLD", "HOLD", "HOLD"]  # ceil(103 × 0.045) = 5, all used
    other_office = target(
        candidates(3, "INSPECT", "LHR"), policy, DAY, {"CDG": OfficeDay(received=100, targeted=5)}
    )
    assert sorted(other_office.outcomes.values()) == ["HOLD", "HOLD"]  # ceil(3 × 0.045) = 1 inspection


def test_the_random_share_is_stable_and_near_its_rate(policy: DecisionPolicy) -> None:
    released = [Candidate(i, f"RR{i:09d}DE", "FRA", "RELEASE", combine([])) for i in range(40_000)]
    first = target(released, policy, DAY, {})
    assert first.random.keys() == target(released, policy, DAY, {}).random.keys()
    rate = policy.targeting.random_rate
    assert abs(len(first.random) / len(released) - rate) < 3 * (rate / len(released)) ** 0.5
    chosen = first.random[next(iter(first.random))]
    assert (chosen.code, chosen.source) == ("RANDOM_SELECTION", "targeting")
    assert target(released, policy, DAY + dt.timedelta(days=1), {}).random.keys() != first.random.keys()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"policy": 2}, "policy: not a ClearPost decision policy"),
        (
            {"referrals": [{"stage": "arrival", "code": "UNDERVALUATION", "outcome": "DO_NOT_LOAD"}]},
            r"referrals\[0\].outcome",
        ),
        (
            {"referrals": [{"stage": "arrival", "code": "NO_SUCH_CODE", "outcome": "HOLD"}]},
            r"referrals\[0\]: give one known",
        ),
        (
            {"referrals": [{"stage": "later", "code": "UNDERVALUATION", "outcome": "HOLD"}]},
            r"referrals\[0\].stage",
        ),
        (
            {"targeting": {"capacity_share": 2, "random_share": 0.1, "over_capacity": "HOLD"}},
            "targeting.capacity_share",
        ),
        (
            {"targeting": {"capacity_share": 0.1, "random_share": 0.1, "over_capacity": "LATER"}},
            "targeting.over_capacity",
        ),
    ],
)
def test_a_wrong_policy_is_refused_with_the_key(change: dict[str, Any], message: str) -> None:
    document = yaml.safe_load(POLICY.read_text(encoding="utf-8"))
    with pytest.raises(PolicyError, match=f"^ops.yaml: {message}"):
        read_policy({**document, **change}, "ops.yaml")


def test_the_arrival_decision_of_an_item_follows_the_policy_in_force(
    reference: Reference, example_item: Item
) -> None:
    now = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)  # after the example's departure: LATE_DATA
    (packaged,) = assess([example_item], now=now, reference=reference, stage="arrival")
    document = yaml.safe_load(POLICY.read_text(encoding="utf-8"))
    document["referrals"].append({"stage": "arrival", "finding": "LATE_DATA", "outcome": "RETURN"})
    strict = dataclasses.replace(reference, policy=read_policy(document, "strict.yaml"))
    (returned,) = assess([example_item], now=now, reference=strict, stage="arrival")
    assert [f.code for f in packaged.quality.findings] == ["LATE_DATA"]
    assert (packaged.outcome, returned.outcome) == ("RELEASE", "RETURN")


@pytest.mark.parametrize(
    ("prohibition", "arrival"),
    [("narcotics", "SEIZE"), ("embargoed-origins", "RETURN"), ("counterfeit", "HOLD")],
)
def test_prohibited_goods_are_seized_returned_or_held_by_kind(
    policy: DecisionPolicy, prohibition: str, arrival: str
) -> None:
    risk = combine([reason(Code.PROHIBITED_GOODS, 0.8, prohibition=prohibition)])
    assert policy.outcome("accepted", "pre_loading", risk) == "ASSESSMENT_COMPLETE"
    assert policy.outcome("accepted", "arrival", risk) == arrival
