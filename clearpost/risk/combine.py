"""From risk reasons to the assessment's risk: score 0..1 and level. For now the reasons are
watchlist hits; the score is the strongest hit's, and a hit makes the risk high."""

from __future__ import annotations

from collections.abc import Sequence

from clearpost.model import Code, Finding, Risk


def combine(reasons: Sequence[Finding]) -> Risk:
    if not reasons:
        return Risk(score=0.0, level="low", reasons=[])
    score = max(float((reason.detail or {}).get("score", 0.0)) for reason in reasons)
    high = any(reason.code == Code.WATCHLIST_MATCH for reason in reasons)
    return Risk(score=round(score, 4), level="high" if high else "medium", reasons=list(reasons))
