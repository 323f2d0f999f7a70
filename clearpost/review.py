"""Officers' review of watchlist hits: clearing a false hit, and screening the open items again
when a list version is loaded or a hit is cleared. An edge: reads and writes the store."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from clearpost.model import Assessment, Code
from clearpost.pipeline import rescreen
from clearpost.reference import Reference
from clearpost.risk.clearances import Clearance, clearance_of
from clearpost.store.clearances import clear_hits, open_items, replace_assessments
from clearpost.store.items import get_item, stored_key

OPEN_DAYS = 30
"""How far back an item still counts as open, unless it was seized, returned or inspected."""


class ReviewError(ValueError):
    """What an officer asked cannot be done; the message says why."""


class NoSuchItem(ReviewError):
    """The item was never received."""


@dataclass(frozen=True, slots=True)
class Rescreened:
    items: int
    """Open items screened again."""
    changed: int
    """Items whose watchlist hits changed (their assessment and outcome were decided again)."""
    matched: int
    """Of those, items that match a list entry now."""


def rescreen_open(
    engine: Engine, reference: Reference, *, now: dt.datetime, progress: Callable[[int], None] | None = None
) -> Rescreened:
    """Screen the open items of the last OPEN_DAYS again against the reference's lists."""
    screened = 0
    changed: list[tuple[str, Assessment]] = []
    with engine.connect() as connection:
        for key, item, assessment in open_items(connection, now - dt.timedelta(days=OPEN_DAYS)):
            screened += 1
            fresh = rescreen(item, assessment, reference)
            if fresh is not None:
                changed.append((key, fresh))
            if progress is not None and screened % 1_000 == 0:
                progress(1_000)
    with engine.begin() as connection:
        replace_assessments(connection, changed)
    matched = sum(1 for _, a in changed if any(r.code == Code.WATCHLIST_MATCH for r in a.risk.reasons))
    return Rescreened(screened, len(changed), matched)


def clear_hit(
    engine: Engine,
    reference: Reference,
    *,
    item_id: str,
    entry_id: str,
    officer: str,
    reason: str,
    now: dt.datetime,
) -> tuple[list[Clearance], Assessment]:
    """Record that the item's party is not the list entry `entry_id`, and decide the item again.
    Returns the clearances recorded (one per party that matched the entry) and the new assessment."""
    if not officer.strip() or not reason.strip():
        raise ReviewError("a clearance needs the officer's name and the reason.")
    with engine.begin() as connection:
        stored = get_item(connection, item_id)
        if stored is None:
            raise NoSuchItem(f"no item {item_id!r} is stored.")
        hits = [
            r
            for r in stored.assessment.risk.reasons
            if r.code == Code.WATCHLIST_MATCH and str((r.detail or {}).get("entry_id")) == entry_id
        ]
        clearances = [c for r in hits if (c := clearance_of(r, stored.item)) is not None]
        if not clearances:
            listed = sorted(
                {
                    str((r.detail or {}).get("entry_id"))
                    for r in stored.assessment.risk.reasons
                    if r.code == Code.WATCHLIST_MATCH
                }
            )
            raise ReviewError(
                f"item {item_id} has no watchlist hit on entry {entry_id!r}"
                + (f"; its hits are on {', '.join(listed)}." if listed else "; it has no watchlist hit.")
            )
        clear_hits(connection, clearances, item_id=item_id, officer=officer, reason=reason, at=now)
        updated = dataclasses.replace(reference, cleared=reference.cleared | set(clearances))
        fresh = rescreen(stored.item, stored.assessment, updated)
        assessment = fresh or stored.assessment
        if fresh is not None:
            replace_assessments(connection, [(stored_key(item_id), fresh)])
    return clearances, assessment
