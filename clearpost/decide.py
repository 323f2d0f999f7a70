"""Decisions: the stage an assessment is for, and the outcome it gives.

Pre-loading decisions are about aviation security only (ICS2); arrival decisions about
release and control. Rejected data is answered REJECTED_DATA; suspected dangerous goods are
screened before loading (SCREEN_HRCM); a high risk holds the item on arrival. The risk issue's
policy-as-data will replace this.
"""

from __future__ import annotations

import datetime as dt

from clearpost.model import Code, Item, Risk, Stage, Status

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


def outcome_of(status: Status, stage: Stage, risk: Risk | None = None) -> str:
    """Rejected data is answered REJECTED_DATA. Before loading, only aviation-security risks change
    the answer: suspected dangerous goods are screened as high-risk cargo and mail (watchlist hits
    are carried to the arrival decision); on arrival, a high risk holds the item for an officer."""
    if status == "rejected":
        return REJECTED_OUTCOME
    codes = {reason.code for reason in risk.reasons} if risk is not None else set()
    if stage == "pre_loading":
        return "SCREEN_HRCM" if Code.DANGEROUS_GOODS in codes else "ASSESSMENT_COMPLETE"
    return "HOLD" if risk is not None and risk.level == "high" else "RELEASE"
