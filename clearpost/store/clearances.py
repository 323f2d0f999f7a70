"""Cleared watchlist hits, and the open items that a new list version or a clearance re-screens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import msgspec
from sqlalchemy import Connection, and_, bindparam, insert, select, update

from clearpost.formats.canonical import decode_item
from clearpost.model import Assessment, Item
from clearpost.risk.clearances import Clearance
from clearpost.store.tables import cleared_hits, inspection_outcomes, item_versions, items

CLOSED_OUTCOMES = ("SEIZE", "RETURN")
"""Items decided for good: nothing to re-screen."""
_encode = msgspec.json.Encoder(decimal_format="string").encode
_decode = msgspec.json.Decoder(Assessment).decode


def clear_hits(
    connection: Connection,
    clearances: Sequence[Clearance],
    *,
    item_id: str | None,
    officer: str,
    reason: str,
    at: dt.datetime,
) -> None:
    """Record an officer's clearances, with who, why and when."""
    connection.execute(
        insert(cleared_hits),
        [
            {
                "party": clearance.party,
                "list_name": clearance.list_name,
                "entry_id": clearance.entry_id,
                "entry_fingerprint": clearance.entry_fingerprint,
                "item_id": item_id,
                "officer": officer,
                "reason": reason,
                "cleared_at": at,
            }
            for clearance in clearances
        ],
    )


def all_cleared(connection: Connection) -> list[Clearance]:
    rows = connection.execute(
        select(
            cleared_hits.c.party,
            cleared_hits.c.list_name,
            cleared_hits.c.entry_id,
            cleared_hits.c.entry_fingerprint,
        )
    )
    return [Clearance(*row) for row in rows]


def open_items(connection: Connection, since: dt.datetime) -> Iterator[tuple[str, Item, Assessment]]:
    """The latest versions of the items still open: received since `since`, accepted, not
    cancelled, not seized or returned, and with no inspection outcome recorded."""
    inspected = select(inspection_outcomes.c.item_id)
    rows = connection.execution_options(yield_per=2_000).execute(
        select(items.c.item_key, item_versions.c.item_json, item_versions.c.assessment_json)
        .join(
            item_versions,
            and_(item_versions.c.item_key == items.c.item_key, item_versions.c.version == items.c.versions),
        )
        .where(
            items.c.first_received_at >= since,
            items.c.status == "accepted",
            items.c.cancelled.is_(False),
            items.c.outcome.not_in(CLOSED_OUTCOMES),
            items.c.item_key.not_in(inspected),
        )
        .order_by(items.c.item_key)
    )
    for key, content, assessment in rows:
        yield key, decode_item(content), _decode(assessment)


def replace_assessments(connection: Connection, changed: Sequence[tuple[str, Assessment]]) -> None:
    """Replace the assessment of the latest versions of items (item_key, assessment)."""
    if not changed:
        return
    latest = select(items.c.versions).where(items.c.item_key == bindparam("key")).scalar_subquery()
    connection.execute(
        update(item_versions)
        .where(item_versions.c.item_key == bindparam("key"), item_versions.c.version == latest)
        .values(assessment_json=bindparam("assessment_json")),
        [{"key": key, "assessment_json": _encode(assessment)} for key, assessment in changed],
    )
    connection.execute(
        update(items)
        .where(items.c.item_key == bindparam("key"))
        .values(
            outcome=bindparam("outcome"),
            risk_score=bindparam("risk_score"),
            risk_level=bindparam("risk_level"),
        ),
        [
            {
                "key": key,
                "outcome": assessment.outcome,
                "risk_score": assessment.risk.score,
                "risk_level": assessment.risk.level,
            }
            for key, assessment in changed
        ],
    )
