"""The pipeline: records in, one assessment per record out, in order. No I/O, no clock.

    read (formats) → identify → quality (HS codes included) → risk (dangerous and prohibited
    goods, undervaluation, officers' rules, watchlists, split shipments, the learned model)
    → combine → decide (policy, then targeting within capacity) → respond

Stages work on the whole batch, so that checks across items (split shipments, a sender's
history, the day's inspection capacity) and vectorised paths (the model) fit in. The clock
(`now`), the reference data, an optional forced stage and what the store already knows
(`known_items`, `sender_history`, `earlier_items`, `inspections`) come in as parameters."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping, Sequence

import msgspec

from clearpost.decide import (
    CANCELLED_OUTCOME,
    REJECTED_OUTCOME,
    Candidate,
    OfficeDay,
    office_of,
    stage_of,
    target,
)
from clearpost.identifiers import s10_problem
from clearpost.model import (
    Assessment,
    Cancellation,
    Code,
    Finding,
    Item,
    Quality,
    Record,
    Risk,
    Stage,
    Status,
)
from clearpost.quality.checks import QualityResult, rate, run_checks
from clearpost.quality.context import Context, SenderHistory, sender_key
from clearpost.quality.language import word
from clearpost.quality.problems import N_, Problem
from clearpost.reference import Reference
from clearpost.risk.clearances import not_cleared
from clearpost.risk.combine import combine
from clearpost.risk.goods import dangerous_goods
from clearpost.risk.parties import screen_parties
from clearpost.risk.prohibitions import prohibited_goods
from clearpost.risk.rules import RuleRun
from clearpost.risk.splitting import Parcel, split_shipments
from clearpost.risk.valuation import per_kg_eur, undervaluation

_NO_RISK = Risk(score=0.0, level="low", reasons=[])


def identify(records: Sequence[Record], known_items: Collection[str] | None) -> list[list[Problem]]:
    """What is wrong with each record's identity.

    An item id must be a valid S10 identifier. A cancellation must name an item that was
    received (earlier, or before it in the batch); without `known_items` that cannot be told.
    """
    problems: list[list[Problem]] = []
    seen: set[str] = set()
    for record in records:
        invalid = s10_problem(record.item_id)
        if invalid is not None:
            problems.append([invalid])
            continue
        assert record.item_id is not None
        if isinstance(record, Item):
            seen.add(record.item_id)
            problems.append([])
        elif known_items is None or record.item_id in seen or record.item_id in known_items:
            problems.append([])
        else:
            template = N_("No declaration was received for item {item_id}; there is nothing to cancel.")
            problems.append([Problem(Code.UNKNOWN_ITEM, "item_id", template, {"item_id": record.item_id})])
    return problems


def assess(
    records: Sequence[Record],
    *,
    now: dt.datetime,
    reference: Reference,
    stage: Stage | None = None,
    known_items: Collection[str] | None = None,
    sender_history: Mapping[str, int] | None = None,
    earlier_items: Sequence[Item] = (),
    inspections: Mapping[str, OfficeDay] | None = None,
    language: str | None = None,
) -> list[Assessment]:
    """Assess a batch of records as of `now` (when they were received).

    `stage` forces pre-loading or arrival; `sender_history` counts the items each sender (by
    `sender_key`) sent before this batch; `earlier_items` are the stored items that may form a
    split shipment with this batch's (same addressee bucket, `bucket_of`); `inspections` the
    day's counts per office before this batch, for the inspection capacity; `language` forces
    the language of the messages, which otherwise is each item's Post's.
    """
    if now.tzinfo is None:
        raise ValueError("`now` must carry a UTC offset")
    history = SenderHistory(_sender_counts(records, sender_history or {}))
    rules = None
    if reference.rules:
        rates, bands = reference.quality.rates, reference.bands
        rules = RuleRun(reference.rules, rates=rates, bands=bands, sender_history=sender_history)
    assessments: list[Assessment | None] = []
    pending: list[tuple[int, Item, Stage, QualityResult, list[Finding]]] = []
    parcels: list[Parcel] = []
    for index, (record, identity) in enumerate(zip(records, identify(records, known_items), strict=True)):
        if isinstance(record, Cancellation):
            assessments.append(_cancellation(record, identity, now, reference, language))
            continue
        assessments.append(None)
        item_stage = stage or stage_of(record, now)
        profile = reference.profiles.select(record.destination_country, item_stage, now.date())
        day = record.posting_date.date() if record.posting_date else now.date()
        context = Context(profile, now, day, reference.quality, history)
        post_language = language or reference.languages.of(record.origin_post, record.origin_country)
        result = rate(run_checks(record, context, identity), profile, post_language)
        reasons = dangerous_goods(record, reference.goods)
        reasons += prohibited_goods(record, profile, reference.counterfeits)
        per_kg = per_kg_eur(record, reference.quality.rates, day)
        reasons += undervaluation(record, reference.bands, per_kg, profile.token_values)
        if rules is not None and not result.errors:
            reasons += rules.evaluate(
                record, stage=item_stage, now=now, day=day, profile=profile, per_kg=per_kg
            )
        if reference.screener is not None:
            reasons += not_cleared(screen_parties(record, reference.screener), record, reference.cleared)
        pending.append((index, record, item_stage, result, reasons))
        parcel = _parcel(index, record, context)
        if parcel is not None:
            parcels.append(parcel)
    splits = split_shipments(parcels + _earlier_parcels(earlier_items, records, now, reference, history))
    scored = _model_reasons(pending, reference, now)
    decided: list[tuple[int, str | None, Stage, QualityResult, Risk, str]] = []
    candidates: list[Candidate] = []
    for index, record, item_stage, result, reasons in pending:
        if index in splits:
            reasons.append(splits[index])
        if index in scored:
            reasons.append(scored[index])
        risk = combine(reasons)
        status: Status = "rejected" if result.errors else "accepted"
        outcome = reference.policy.outcome(status, item_stage, risk, result.findings)
        if status == "accepted" and item_stage == "arrival" and record.item_id:
            candidates.append(Candidate(index, record.item_id, office_of(record), outcome, risk))
        decided.append((index, record.item_id, item_stage, result, risk, outcome))
    targeted = target(candidates, reference.policy, now.astimezone(dt.UTC).date(), inspections or {})
    for index, item_id, item_stage, result, risk, outcome in decided:
        if index in targeted.random:
            risk = combine([*risk.reasons, targeted.random[index]])
        outcome = targeted.outcomes.get(index, outcome)
        assessments[index] = _assessment(item_id, item_stage, result, risk, outcome, now)
    return [assessment for assessment in assessments if assessment is not None]


def _model_reasons(
    pending: Sequence[tuple[int, Item, Stage, QualityResult, list[Finding]]],
    reference: Reference,
    now: dt.datetime,
) -> dict[int, Finding]:
    """MODEL_SCORE reasons of the learned model, by batch position: the accepted items are
    scored together, in one call."""
    model = reference.model
    if model is None:
        return {}
    accepted = [(index, record) for index, record, _, result, _ in pending if not result.errors]
    found = model.findings([record for _, record in accepted], rates=reference.quality.rates, day=now.date())
    return {index: reason for (index, _), reason in zip(accepted, found, strict=True) if reason is not None}


def rescreen(item: Item, assessment: Assessment, reference: Reference) -> Assessment | None:
    """The assessment with its item's parties screened again against the reference's watchlists
    and clearances (a new list version, a cleared hit); None when the hits are the same. The
    rest of the assessment stands; the outcome is decided again from the new risk."""
    if assessment.status != "accepted":
        return None
    fresh = screen_parties(item, reference.screener) if reference.screener is not None else []
    fresh = not_cleared(fresh, item, reference.cleared)
    kept = [reason for reason in assessment.risk.reasons if reason.code != Code.WATCHLIST_MATCH]
    if _hits(fresh) == _hits([r for r in assessment.risk.reasons if r.code == Code.WATCHLIST_MATCH]):
        return None
    risk = combine([*kept, *fresh])
    outcome = reference.policy.outcome("accepted", assessment.stage, risk, assessment.quality.findings)
    return msgspec.structs.replace(assessment, risk=risk, outcome=outcome)


def _hits(reasons: Sequence[Finding]) -> set[tuple[str | None, str, str]]:
    """Which party matched which entry of which list."""
    details = ((reason.field, reason.detail or {}) for reason in reasons)
    return {(field, str(detail.get("list")), str(detail.get("entry_id"))) for field, detail in details}


def _earlier_parcels(
    earlier: Sequence[Item],
    records: Sequence[Record],
    now: dt.datetime,
    reference: Reference,
    history: SenderHistory,
) -> list[Parcel]:
    """The stored items, as parcels that may complete a split shipment (those not re-sent now)."""
    in_batch = {record.item_id for record in records}
    parcels = []
    for item in earlier:
        if item.item_id in in_batch:
            continue
        day = item.posting_date.date() if item.posting_date else now.date()
        profile = reference.profiles.select(item.destination_country, "arrival", day)
        parcel = _parcel(-1, item, Context(profile, now, day, reference.quality, history))
        if parcel is not None:
            parcels.append(parcel)
    return parcels


def _parcel(index: int, item: Item, context: Context) -> Parcel | None:
    """The item as a possible part of a split shipment, if its destination has a threshold."""
    threshold = context.profile.split_threshold
    total = item.total_value
    if threshold is None or total is None or total.amount is None:
        return None
    value, limit = context.eur(float(total.amount), total.currency), context.eur_of(threshold)
    return None if value is None or limit is None else Parcel(index, item, value, limit, threshold)


def _sender_counts(records: Sequence[Record], before: Mapping[str, int]) -> Counter[str]:
    counts: Counter[str] = Counter(before)
    counts.update(key for record in records if isinstance(record, Item) and (key := sender_key(record)))
    return counts


def _assessment(
    item_id: str | None, stage: Stage, result: QualityResult, risk: Risk, outcome: str, now: dt.datetime
) -> Assessment:
    return Assessment(
        item_id=item_id,
        status="rejected" if result.errors else "accepted",
        stage=stage,
        errors=result.errors,
        quality=Quality(score=round(result.score, 1), findings=result.findings),
        risk=risk,
        outcome=outcome,
        duties=None,
        assessed_at=now,
    )


def _cancellation(
    record: Cancellation,
    identity: list[Problem],
    now: dt.datetime,
    reference: Reference,
    language: str | None,
) -> Assessment:
    """A cancellation is checked for its identity only; it has no content to judge."""
    post_language = language or reference.languages.default
    errors = [
        Finding(code=p.code, field=p.field, message=word(p, post_language), detail=p.detail) for p in identity
    ]
    status: Status = "rejected" if errors else "accepted"
    return Assessment(
        item_id=record.item_id,
        status=status,
        stage="arrival",
        errors=errors,
        quality=Quality(score=0.0 if errors else 100.0, findings=[]),
        risk=_NO_RISK,
        outcome=REJECTED_OUTCOME if errors else CANCELLED_OUTCOME,
        duties=None,
        assessed_at=now,
    )
