"""Decisions: the stage an assessment is for, and the outcome its reasons ask for.

The decision policy is data (`decision_policy.yaml`, or the operator's file): per stage, the
outcome each kind of reason asks for; an assessment's outcome is the most serious one asked.
Pre-loading answers are about aviation security only, as in ICS2: revenue and compliance
reasons ride along to the arrival decision. On arrival, the referrals to inspection are
limited by the day's capacity and completed by a random share (`target`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from clearpost.model import Code, Finding, Item, Risk, Stage, Status

PRE_LOADING_OUTCOMES = ("ASSESSMENT_COMPLETE", "REQUEST_INFO", "SCREEN_HRCM", "DO_NOT_LOAD")
"""Least to most serious."""
ARRIVAL_OUTCOMES = ("RELEASE", "INSPECT", "HOLD", "RETURN", "SEIZE")
"""Least to most serious."""
OUTCOMES: dict[Stage, tuple[str, ...]] = {"pre_loading": PRE_LOADING_OUTCOMES, "arrival": ARRIVAL_OUTCOMES}
REJECTED_OUTCOME = "REJECTED_DATA"
CANCELLED_OUTCOME = "CANCELLED"


class PolicyError(ValueError):
    """A decision policy that cannot be used; the message names the file and the key."""


def stage_of(item: Item, now: dt.datetime) -> Stage:
    """Pre-loading while the transport data shows the item has not yet departed, else arrival."""
    departure = item.transport.departure_time if item.transport else None
    if departure is not None and departure > now:
        return "pre_loading"
    return "arrival"


def office_of(item: Item) -> str:
    """The office of exchange that receives the item: its arrival airport, else the destination
    Post, else the destination country."""
    airport = item.transport.arrival_airport if item.transport else None
    return airport or item.destination_post or item.destination_country or "unknown"


@dataclass(frozen=True, slots=True)
class Referral:
    """A reason (a risk reason, or a quality warning when `quality`) that asks for `outcome` at
    `stage`; `when` narrows it to reasons whose detail holds one of the given values."""

    stage: Stage
    code: str
    outcome: str
    when: Mapping[str, frozenset[str]] = field(default_factory=dict)
    quality: bool = False

    def applies(self, reason: Finding) -> bool:
        detail = reason.detail or {}
        return reason.code == self.code and all(
            str(detail.get(key)) in values for key, values in self.when.items()
        )


@dataclass(frozen=True, slots=True)
class Targeting:
    """Inspection capacity on arrival, per office and day."""

    capacity_share: float
    """Inspections a day, as a share of the items the office receives."""
    random_share: float
    """Share of the capacity given to items chosen at random, whatever their risk."""
    over_capacity: str
    """What a referral to inspection beyond the day's capacity gets instead."""
    seriousness: Mapping[str, float]
    """Weight of each reason code in the expected value of an inspection."""

    @property
    def random_rate(self) -> float:
        """The chance of an item being chosen at random."""
        return self.capacity_share * self.random_share


@dataclass(frozen=True, slots=True)
class DecisionPolicy:
    name: str
    version: str
    referrals: tuple[Referral, ...]
    targeting: Targeting

    def outcome(self, status: Status, stage: Stage, risk: Risk, quality: Sequence[Finding] = ()) -> str:
        """The most serious outcome the reasons ask for at `stage`; an officer's rule may ask for
        its own (`detail.action`, per stage)."""
        if status == "rejected":
            return REJECTED_OUTCOME
        order = OUTCOMES[stage]
        asked = [o for reason in risk.reasons for o in self._asked(reason, stage, quality=False)]
        asked += [o for f in quality if f.severity == "warning" for o in self._asked(f, stage, quality=True)]
        return order[max(map(order.index, asked), default=0)]

    def _asked(self, reason: Finding, stage: Stage, *, quality: bool) -> Iterable[str]:
        action = (reason.detail or {}).get("action") if not quality else None
        if isinstance(action, Mapping) and action.get(stage) in OUTCOMES[stage]:
            yield str(action[stage])
        for referral in self.referrals:
            if referral.stage == stage and referral.quality == quality and referral.applies(reason):
                yield referral.outcome


class Candidate:
    """An arrival decision open to targeting: its position in the batch, office and risk. One
    per item: a plain class with read-only attributes, as `quality.context.Context`."""

    __slots__ = ("index", "item_id", "office", "outcome", "risk")

    def __init__(self, index: int, item_id: str, office: str, outcome: str, risk: Risk) -> None:
        self.index: Final = index
        self.item_id: Final = item_id
        self.office: Final = office
        self.outcome: Final = outcome
        self.risk: Final = risk


@dataclass(slots=True)
class OfficeDay:
    """What an office has received and referred to inspection so far on a day."""

    received: int = 0
    targeted: int = 0


@dataclass(frozen=True, slots=True)
class Targeted:
    outcomes: dict[int, str]
    """New outcome by batch position, for the decisions targeting changed."""
    random: dict[int, Finding]
    """A RANDOM_SELECTION reason by batch position."""
    used: dict[str, OfficeDay]
    """The offices' counts after this batch."""


def target(
    candidates: Sequence[Candidate], policy: DecisionPolicy, day: dt.date, before: Mapping[str, OfficeDay]
) -> Targeted:
    """Fill each office's inspection capacity for the day by expected value, and choose the
    random share.

    Referrals to inspection are ranked by expected value (Σ reason score × seriousness); those
    beyond the capacity left get the policy's `over_capacity` outcome. Items about to be released
    are chosen at random with the policy's rate, by a hash of item id and day, so that an item
    re-sent gets the same answer and no state is needed.
    """
    targeting = policy.targeting
    used = {office: OfficeDay(counts.received, counts.targeted) for office, counts in before.items()}
    by_office: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_office.setdefault(candidate.office, []).append(candidate)
    outcomes: dict[int, str] = {}
    random: dict[int, Finding] = {}
    for office, members in by_office.items():
        counts = used.setdefault(office, OfficeDay())
        counts.received += len(members)
        capacity = math.ceil(counts.received * targeting.capacity_share * (1 - targeting.random_share))
        referred = sorted(
            (c for c in members if c.outcome == "INSPECT"),
            key=lambda c: _expected_value(c.risk, targeting),
            reverse=True,
        )
        room = max(0, capacity - counts.targeted)
        for candidate in referred[room:]:
            outcomes[candidate.index] = targeting.over_capacity
        counts.targeted += min(room, len(referred))
        for candidate in members:
            if candidate.outcome == ARRIVAL_OUTCOMES[0] and _drawn(
                candidate.item_id, day, targeting.random_rate
            ):
                outcomes[candidate.index] = "INSPECT"
                random[candidate.index] = _random_reason(targeting)
    return Targeted(outcomes=outcomes, random=random, used=used)


def _expected_value(risk: Risk, targeting: Targeting) -> float:
    return sum(
        float((reason.detail or {}).get("score", risk.score)) * targeting.seriousness.get(reason.code, 1.0)
        for reason in risk.reasons
    )


def _drawn(item_id: str, day: dt.date, rate: float) -> bool:
    digest = hashlib.blake2b(f"{item_id}|{day.isoformat()}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") < rate * 2**64


def _random_reason(targeting: Targeting) -> Finding:
    return Finding(
        code=Code.RANDOM_SELECTION,
        severity="info",
        message="This item was chosen at random for inspection, whatever its risk: random checks keep the "
        "targeting honest.",
        detail={"rate": round(targeting.random_rate, 6)},
        source="targeting",
    )


def read_policy(document: Any, source: str) -> DecisionPolicy:
    """A decision policy from its parsed YAML document; a PolicyError names `source` and the key."""

    def fail(key: str, problem: str) -> PolicyError:
        return PolicyError(f"{source}: {key}: {problem}")

    if not isinstance(document, Mapping) or document.get("policy") != 1:
        raise fail("policy", "not a ClearPost decision policy (expected `policy: 1`)")
    referrals = []
    for position, entry in enumerate(document.get("referrals") or []):
        key = f"referrals[{position}]"
        if not isinstance(entry, Mapping) or set(entry) - {"stage", "code", "finding", "when", "outcome"}:
            raise fail(key, "expected stage, code or finding, outcome and optionally when")
        stage = entry.get("stage")
        if stage not in OUTCOMES:
            raise fail(f"{key}.stage", f"{stage!r} is not one of {', '.join(OUTCOMES)}")
        if entry.get("outcome") not in OUTCOMES[stage]:
            raise fail(
                f"{key}.outcome",
                f"{entry.get('outcome')!r} is not a {stage} outcome ({', '.join(OUTCOMES[stage])})",
            )
        code = str(entry.get("code") or entry.get("finding"))
        if code not in Code.__members__ or ("code" in entry) == ("finding" in entry):
            raise fail(
                key, f"give one known `code` (a risk reason) or `finding` (a quality warning), not {code!r}"
            )
        when = entry.get("when") or {}
        if not isinstance(when, Mapping):
            raise fail(f"{key}.when", "expected detail keys with a value or a list of values")
        referrals.append(
            Referral(
                stage=stage,
                code=code,
                outcome=entry["outcome"],
                when={
                    k: frozenset(str(v) for v in (vs if isinstance(vs, list) else [vs]))
                    for k, vs in when.items()
                },
                quality="finding" in entry,
            )
        )
    return DecisionPolicy(
        name=str(document.get("name", "unnamed")),
        version=str(document.get("version", "")),
        referrals=tuple(referrals),
        targeting=_targeting(document.get("targeting"), fail),
    )


def _targeting(entry: Any, fail: Any) -> Targeting:
    if not isinstance(entry, Mapping):
        raise fail("targeting", "expected capacity_share, random_share, over_capacity and seriousness")
    shares = {}
    for key in ("capacity_share", "random_share"):
        value = entry.get(key)
        if not isinstance(value, int | float) or not 0 <= value <= 1:
            raise fail(f"targeting.{key}", f"expected a share between 0 and 1, not {value!r}")
        shares[key] = float(value)
    if entry.get("over_capacity") not in ARRIVAL_OUTCOMES:
        raise fail("targeting.over_capacity", f"{entry.get('over_capacity')!r} is not an arrival outcome")
    seriousness = entry.get("seriousness") or {}
    unknown = [code for code in seriousness if code not in Code.__members__]
    if unknown:
        raise fail("targeting.seriousness", f"unknown codes {', '.join(map(str, unknown))}")
    return Targeting(
        capacity_share=shares["capacity_share"],
        random_share=shares["random_share"],
        over_capacity=entry["over_capacity"],
        seriousness={code: float(weight) for code, weight in seriousness.items()},
    )
