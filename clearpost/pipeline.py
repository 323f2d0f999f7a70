"""The pipeline: records in, one assessment per record out, in order. No I/O, no clock.

    read (formats) → identify → [quality → HS → risk, with later issues] → decide → respond

Stages work on the whole batch, so that checks across items (split shipments) and vectorised
paths fit in. The clock (`now`), an optional forced stage and what the store already knows
(`known_items`) come in as parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from clearpost.decide import CANCELLED_OUTCOME, outcome_of, stage_of
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

_NO_RISK = Risk(score=0.0, level="low", reasons=[])


def identify(records: Sequence[Record], known_items: Collection[str] | None) -> list[list[Finding]]:
    """Errors that make a record unusable.

    An item id must be a valid S10 identifier. A cancellation must name an item that was
    received (earlier, or before it in the batch); without `known_items` that cannot be told.
    """
    errors: list[list[Finding]] = []
    seen: set[str] = set()
    for record in records:
        problem = s10_problem(record.item_id)
        if problem is not None:
            errors.append(
                [
                    Finding(
                        code=Code.INVALID_ITEM_ID,
                        field="item_id",
                        message=problem,
                        detail={"received": record.item_id},
                    )
                ]
            )
            continue
        assert record.item_id is not None
        if isinstance(record, Item):
            seen.add(record.item_id)
            errors.append([])
        elif known_items is None or record.item_id in seen or record.item_id in known_items:
            errors.append([])
        else:
            errors.append(
                [
                    Finding(
                        code=Code.UNKNOWN_ITEM,
                        field="item_id",
                        message=f"No declaration was received for item {record.item_id}; "
                        "there is nothing to cancel.",
                    )
                ]
            )
    return errors


def assess(
    records: Sequence[Record],
    *,
    now: dt.datetime,
    stage: Stage | None = None,
    known_items: Collection[str] | None = None,
) -> list[Assessment]:
    """Assess a batch of records as of `now`; `stage` forces pre-loading or arrival."""
    if now.tzinfo is None:
        raise ValueError("`now` must carry a UTC offset")
    assessments: list[Assessment] = []
    for record, errors in zip(records, identify(records, known_items), strict=True):
        item_stage = stage or (stage_of(record, now) if isinstance(record, Item) else "arrival")
        status: Status = "rejected" if errors else "accepted"
        outcome = outcome_of(status, item_stage)
        if isinstance(record, Cancellation) and status == "accepted":
            outcome = CANCELLED_OUTCOME
        assessments.append(
            Assessment(
                item_id=record.item_id,
                status=status,
                stage=item_stage,
                errors=errors,
                quality=Quality(score=0.0 if errors else 100.0, findings=[]),
                risk=_NO_RISK,
                outcome=outcome,
                duties=None,
                assessed_at=now,
            )
        )
    return assessments
