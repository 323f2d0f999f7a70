"""From risk reasons to the assessment's risk: score 0..1 and level. So far the reasons are
watchlist hits and dangerous goods, each enough to make the risk high, and split shipments
(medium); the score is the strongest reason's."""

from __future__ import annotations

from collections.abc import Sequence

from clearpost.model import Code, Finding, Risk

HIGH = frozenset({Code.WATCHLIST_MATCH, Code.DANGEROUS_GOODS})
DANGEROUS_GOODS_SCORE = 0.9
"""A description or HS code of goods not admitted in the post: strong, but a person should look."""
SPLIT_SHIPMENT_SCORE = 0.5
"""A revenue risk: reported for the arrival decision, not enough to hold the item alone."""


def combine(reasons: Sequence[Finding]) -> Risk:
    if not reasons:
        return Risk(score=0.0, level="low", reasons=[])
    score = max(_strength(reason) for reason in reasons)
    high = any(reason.code in HIGH for reason in reasons)
    return Risk(score=round(score, 4), level="high" if high else "medium", reasons=list(reasons))


def _strength(reason: Finding) -> float:
    if reason.code == Code.DANGEROUS_GOODS:
        return DANGEROUS_GOODS_SCORE
    if reason.code == Code.SPLIT_SHIPMENT:
        return SPLIT_SHIPMENT_SCORE
    return float((reason.detail or {}).get("score", 0.0))
