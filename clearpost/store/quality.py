"""Data-quality figures per Post from stored item versions: scorecards and the examples a
feedback report quotes. Every item version received counts, rejected ones included."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import msgspec
from sqlalchemy import ColumnElement, Connection, and_, case, func, select, true

from clearpost.model import Assessment
from clearpost.store.tables import item_findings, item_versions

UNKNOWN_POST = "unknown"
_decode_assessment = msgspec.json.Decoder(Assessment)


def _filters(table: Any, since: dt.date | None, post: str | None) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(table.c.received_day >= since)
    if post is not None:
        conditions.append(
            table.c.origin_post.is_(None) if post == UNKNOWN_POST else table.c.origin_post == post
        )
    return and_(true(), *conditions)


def scorecards(
    connection: Connection, *, since: dt.date | None = None, post: str | None = None
) -> dict[str, Any]:
    """`{"posts": [{"post", "items", "rejected", "mean_score", "findings", "timeliness", "trend"}]}`,
    Posts in order of their operator code."""
    versions = item_versions
    where = _filters(versions, since, post)
    late = case((versions.c.lead_hours < 0, 1), else_=0)
    known = case((versions.c.lead_hours.is_not(None), 1), else_=0)
    totals = connection.execute(
        select(
            versions.c.origin_post,
            func.count(),
            func.sum(case((versions.c.status == "rejected", 1), else_=0)),
            func.avg(versions.c.quality_score),
            func.sum(known),
            func.sum(late),
            func.avg(versions.c.lead_hours),
        )
        .where(where)
        .group_by(versions.c.origin_post)
    ).all()
    codes: dict[str | None, dict[str, int]] = defaultdict(dict)
    for origin, code, count in connection.execute(
        select(item_findings.c.origin_post, item_findings.c.code, func.count())
        .where(_filters(item_findings, since, post))
        .group_by(item_findings.c.origin_post, item_findings.c.code)
    ):
        codes[origin][code] = int(count)
    trend: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for origin, day, count, rejected, mean in connection.execute(
        select(
            versions.c.origin_post,
            versions.c.received_day,
            func.count(),
            func.sum(case((versions.c.status == "rejected", 1), else_=0)),
            func.avg(versions.c.quality_score),
        )
        .where(where)
        .group_by(versions.c.origin_post, versions.c.received_day)
        .order_by(versions.c.origin_post, versions.c.received_day)
    ):
        trend[origin].append(
            {"day": _day(day), "items": int(count), "rejected": int(rejected), "mean_score": _round(mean)}
        )
    posts = []
    for origin, count, rejected, mean, with_departure, late_count, lead in totals:
        items = int(count)
        with_departure = int(with_departure or 0)
        posts.append(
            {
                "post": origin or UNKNOWN_POST,
                "items": items,
                "rejected": int(rejected or 0),
                "mean_score": _round(mean),
                "findings": {
                    code: round(n / items, 4)
                    for code, n in sorted(codes[origin].items(), key=lambda c: (-c[1], c[0]))
                },
                "timeliness": {
                    "items_with_departure": with_departure,
                    "on_time_share": round(1 - int(late_count or 0) / with_departure, 4)
                    if with_departure
                    else None,
                    "late_share": round(int(late_count or 0) / with_departure, 4) if with_departure else None,
                    "mean_lead_hours": _round(lead),
                },
                "trend": trend[origin],
            }
        )
    posts.sort(key=lambda entry: str(entry["post"]))
    return {"since": since.isoformat() if since else None, "posts": posts}


def finding_examples(
    connection: Connection, *, post: str, code: str, since: dt.date | None = None, limit: int = 3
) -> list[dict[str, Any]]:
    """The latest stored items of a Post with a finding code: item id, field and message."""
    rows = connection.execute(
        select(item_versions.c.assessment_json)
        .select_from(
            item_findings.join(
                item_versions,
                and_(
                    item_versions.c.item_key == item_findings.c.item_key,
                    item_versions.c.version == item_findings.c.version,
                ),
            )
        )
        .where(_filters(item_findings, since, post), item_findings.c.code == code)
        .order_by(item_findings.c.id.desc())
        .limit(limit)
    )
    examples = []
    for (raw,) in rows:
        assessment = _decode_assessment.decode(raw)
        finding = next(f for f in assessment.quality.findings if f.code == code)
        examples.append({"item_id": assessment.item_id, "field": finding.field, "message": finding.message})
    return examples


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def feedback_problems(
    connection: Connection, scorecard: dict[str, Any], *, since: dt.date | None, top: int, examples: int = 3
) -> list[dict[str, Any]]:
    """A Post's most frequent finding codes, with the share of items and a few examples."""
    items = scorecard["items"]
    counts = sorted(scorecard["findings"].items(), key=lambda entry: -entry[1])[:top]
    return [
        {
            "code": code,
            "share": share,
            "items": round(share * items),
            "examples": finding_examples(
                connection, post=scorecard["post"], code=code, since=since, limit=examples
            ),
        }
        for code, share in counts
    ]
