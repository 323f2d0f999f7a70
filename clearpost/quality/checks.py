"""The quality stage: every check, run on an item; the profile rates what they find; the
score follows from the weights.

A check is a function `(item, context) -> list[Problem]`; `CHECKS` lists them in the order
their findings are reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from clearpost.model import Code, Finding, Item, Severity
from clearpost.quality.addresses import check_address
from clearpost.quality.completeness import check_required
from clearpost.quality.context import Context
from clearpost.quality.descriptions import check_descriptions
from clearpost.quality.gifts import check_gift
from clearpost.quality.language import word
from clearpost.quality.plausibility import check_total, check_values, check_weights
from clearpost.quality.problems import Problem
from clearpost.quality.profiles import Profile
from clearpost.quality.timeliness import check_timeliness
from clearpost.quality.validity import (
    check_countries,
    check_currencies,
    check_hs_codes,
    check_hs_fit,
    check_ioss,
    check_ioss_value,
)

Check = Callable[[Item, Context], list[Problem]]


def check_addresses(item: Item, context: Context) -> list[Problem]:
    """Sender's and addressee's addresses against their country's address format."""
    rules = context.reference.addresses
    problems: list[Problem] = []
    for role, party in (("sender", item.sender), ("addressee", item.addressee)):
        if party is not None and party.address is not None:
            problems += check_address(f"{role}.address", party.address, rules)
    return problems


def check_description_texts(item: Item, context: Context) -> list[Problem]:
    """Descriptions that do not say what the goods are."""
    return check_descriptions(item, context.reference.vague)


CHECKS: tuple[Check, ...] = (
    check_required,
    check_countries,
    check_currencies,
    check_hs_codes,
    check_hs_fit,
    check_ioss,
    check_ioss_value,
    check_values,
    check_weights,
    check_total,
    check_addresses,
    check_description_texts,
    check_gift,
    check_timeliness,
)

_SEVERITY_SHARE = {"error": 1.0, "warning": 0.5, "info": 0.0}
_SUPERSEDED_BY_MISSING = frozenset({Code.INCOMPLETE_ADDRESS})
"""Findings a MISSING_FIELD on the same field makes redundant."""


class QualityResult:
    """One per item: a plain class with read-only attributes, as `Context` (context.py)."""

    __slots__ = ("errors", "findings", "score")

    def __init__(self, findings: list[Finding], errors: list[Finding], score: float) -> None:
        self.findings: Final = findings
        """All quality findings, errors included, in check order."""
        self.errors: Final = errors
        """The findings that make the item unusable (severity error)."""
        self.score: Final = score


def run_checks(item: Item, context: Context, identity: Sequence[Problem] = ()) -> list[Problem]:
    problems = list(identity)
    for check in CHECKS:
        problems += check(item, context)
    missing = {p.field for p in problems if p.code is Code.MISSING_FIELD}
    if missing:
        problems = [p for p in problems if not (p.code in _SUPERSEDED_BY_MISSING and p.field in missing)]
    return problems


def rate(problems: Sequence[Problem], profile: Profile, language: str) -> QualityResult:
    """Severities from the profile (a check turned `off` drops its findings), words in the
    Post's language, and the score: 100 less each finding's weight (half for a warning)."""
    findings: list[Finding] = []
    penalty = 0.0
    for problem in problems:
        severity: Severity | str = problem.severity or profile.severity(problem.code)
        if severity == "off":
            continue
        assert severity in _SEVERITY_SHARE
        penalty += profile.weights.get(problem.code, 0.0) * _SEVERITY_SHARE[severity]
        findings.append(
            Finding(
                code=problem.code,
                field=problem.field,
                severity=severity,  # type: ignore[arg-type]  # checked above
                message=word(problem, language),
                detail=problem.detail,
            )
        )
    errors = [finding for finding in findings if finding.severity == "error"]
    return QualityResult(findings=findings, errors=errors, score=max(0.0, 100.0 - penalty))
