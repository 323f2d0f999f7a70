"""What targeting needs from history: the stored items that may complete a split shipment with
new ones, and each office's inspection counts for the day."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping, Sequence

from sqlalchemy import Connection, and_, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from clearpost.decide import OfficeDay, office_of
from clearpost.formats.canonical import decode_item
from clearpost.model import Assessment, Code, Item, Record
from clearpost.risk.splitting import WINDOW, bucket_of
from clearpost.store.tables import addressee_buckets, inspection_days, item_versions, items

_CHUNK = 500


def earlier_items(connection: Connection, records: Sequence[Record]) -> list[Item]:
    """The latest versions of stored, accepted, uncancelled items sent to the same addressee
    buckets as these records, posted within the split-shipment window of them."""
    posted: dict[str, list[dt.datetime]] = {}
    for record in records:
        if isinstance(record, Item) and (bucket := bucket_of(record)) is not None and record.posting_date:
            posted.setdefault(bucket, []).append(record.posting_date)
    if not posted:
        return []
    earliest = min(min(days) for days in posted.values()) - WINDOW
    latest = max(max(days) for days in posted.values()) + WINDOW
    buckets = sorted(posted)
    found: list[Item] = []
    for start in range(0, len(buckets), _CHUNK):
        rows = connection.execute(
            select(item_versions.c.item_json)
            .join(addressee_buckets, addressee_buckets.c.item_key == item_versions.c.item_key)
            .join(
                items,
                and_(
                    items.c.item_key == item_versions.c.item_key, items.c.versions == item_versions.c.version
                ),
            )
            .where(
                addressee_buckets.c.bucket.in_(buckets[start : start + _CHUNK]),
                addressee_buckets.c.posted_at.between(earliest, latest),
                items.c.status == "accepted",
                items.c.cancelled.is_(False),
            )
        )
        found.extend(decode_item(content) for (content,) in rows)
    return found


def remember_buckets(connection: Connection, stored: Mapping[str, Item], amended: Collection[str]) -> None:
    """Keep the addressee bucket of newly stored item versions (item_key → item); the `amended`
    items' earlier buckets are replaced."""
    rows = [
        {"item_key": key, "bucket": bucket, "posted_at": item.posting_date}
        for key, item in stored.items()
        if (bucket := bucket_of(item)) is not None
    ]
    keys = list(amended)
    for start in range(0, len(keys), _CHUNK):
        connection.execute(
            delete(addressee_buckets).where(addressee_buckets.c.item_key.in_(keys[start : start + _CHUNK]))
        )
    if rows:
        connection.execute(insert(addressee_buckets), rows)


def office_days(connection: Connection, day: dt.date) -> dict[str, OfficeDay]:
    """Each office's counts so far on `day`."""
    rows = connection.execute(
        select(inspection_days.c.office, inspection_days.c.received, inspection_days.c.targeted).where(
            inspection_days.c.day == day
        )
    )
    return {office: OfficeDay(count, targeted) for office, count, targeted in rows}


def count_inspections(connection: Connection, decided: Sequence[tuple[Item, Assessment]]) -> None:
    """Add newly received items decided on arrival to their office's counts for the day: every
    accepted item, and the referrals to inspection that took capacity (random ones do not)."""
    received: Counter[tuple[dt.date, str]] = Counter()
    targeted: Counter[tuple[dt.date, str]] = Counter()
    for item, assessment in decided:
        if assessment.stage != "arrival" or assessment.status != "accepted":
            continue
        key = (assessment.assessed_at.astimezone(dt.UTC).date(), office_of(item))
        received[key] += 1
        random = any(reason.code == Code.RANDOM_SELECTION for reason in assessment.risk.reasons)
        targeted[key] += assessment.outcome == "INSPECT" and not random
    if not received:
        return
    upsert = (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)(
        inspection_days
    )
    statement = upsert.on_conflict_do_update(
        index_elements=[inspection_days.c.day, inspection_days.c.office],
        set_={
            "received": inspection_days.c.received + upsert.excluded.received,
            "targeted": inspection_days.c.targeted + upsert.excluded.targeted,
        },
    )
    connection.execute(
        statement,
        [
            {"day": day, "office": office, "received": count, "targeted": targeted[(day, office)]}
            for (day, office), count in received.items()
        ],
    )
