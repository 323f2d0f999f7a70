"""Decisions: the stage an assessment is for, and the outcome it gives.

Pre-loading decisions are about aviation security only (ICS2); arrival decisions about
release and control. At this stage of ClearPost the outcome follows from the item's status:
quality and risk stages add their findings and the policy grows with them.
"""

from __future__ import annotations

import datetime as dt

from clearpost.model import Item, Stage, Status

PRE_LOADING_OUTCOMES = ("ASSESSMENT_COMPLETE", "REQUEST_INFO", "SCREEN_HRCM", "DO_NOT_LOAD")
ARRIVAL_OUTCOMES = ("RELEASE", "INSPECT", "HOLD", "SEIZE", "RETURN")
REJECTED_OUTCOME = "REJECTED_DATA"
CANCELLED_OUTCOME = "CANCELLED"


def stage_of(item: Item, now: dt.datetime) -> Stage:
    """Pre-loading while the transport data shows the item has not yet departed, else arrival."""
    departure = item.transport.departure_time if item.transport else None
    if departure is not None and departure > now:
        return "pre_loading"
    return "arrival"


def outcome_of(status: Status, stage: Stage) -> str:
    if status == "rejected":
        return REJECTED_OUTCOME
    return "ASSESSMENT_COMPLETE" if stage == "pre_loading" else "RELEASE"
