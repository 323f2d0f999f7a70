"""From risk reasons to the assessment's risk: a score 0..1 and a level.

Each reason carries its strength in `detail.score` (a screening score, a rule's weight, a
model's calibrated probability) or a fixed strength by kind. The reasons are combined as
independent evidence (noisy-OR: 1 − Π(1 − pᵢ)), so two medium reasons make a stronger risk than
either alone. Safety and security reasons make the level high whatever the score.
"""

from __future__ import annotations

from collections.abc import Sequence

from clearpost.model import Code, Finding, Risk, RiskLevel

HIGH = frozenset({Code.WATCHLIST_MATCH, Code.DANGEROUS_GOODS, Code.PROHIBITED_GOODS})
"""Reasons that make the risk high on their own: an officer must look."""
STRENGTH = {Code.DANGEROUS_GOODS: 0.9, Code.PROHIBITED_GOODS: 0.8, Code.SPLIT_SHIPMENT: 0.5}
"""Strength of the reasons that carry no score of their own."""
HIGH_SCORE, MEDIUM_SCORE = 0.8, 0.3


def combine(reasons: Sequence[Finding]) -> Risk:
    if not reasons:
        return Risk(score=0.0, level="low", reasons=[])
    miss = 1.0
    for reason in reasons:
        miss *= 1.0 - min(1.0, max(0.0, _strength(reason)))
    score = round(1.0 - miss, 4)
    level: RiskLevel
    if score >= HIGH_SCORE or any(reason.code in HIGH for reason in reasons):
        level = "high"
    elif score >= MEDIUM_SCORE or any(reason.code != Code.RANDOM_SELECTION for reason in reasons):
        level = "medium"
    else:
        level = "low"
    return Risk(score=score, level=level, reasons=list(reasons))


def _strength(reason: Finding) -> float:
    if reason.code in STRENGTH:
        return STRENGTH[Code(reason.code)]
    return float((reason.detail or {}).get("score", 0.0))
