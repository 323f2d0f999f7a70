"""Inspection outcomes: what an officer found when an item was (or was not) inspected. Each
record keeps who recorded it and when; an item may have several (a re-examination, a
correction), and the latest is the one that counts for model training and rule backtests."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, get_args

from sqlalchemy import Connection, Row, and_, insert, select

from clearpost.formats.canonical import decode_item
from clearpost.identifiers import iso_currencies
from clearpost.model import Item
from clearpost.store.items import stored_key
from clearpost.store.tables import inspection_outcomes, item_versions, items

Result = Literal["irregularity_found", "no_irregularity", "not_inspected"]
RESULTS: tuple[Result, ...] = get_args(Result)
_REASON = re.compile(r"^[A-Za-z0-9_.-]+$")
_MAX_REVENUE = Decimal("999999999999.99")


class OutcomeError(ValueError):
    """An outcome that cannot be recorded; `field` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class UnknownItem(LookupError):
    """No item of these ids was received."""

    def __init__(self, message: str, item_ids: Sequence[str]) -> None:
        super().__init__(message)
        self.item_ids = tuple(item_ids)


@dataclass(frozen=True, slots=True)
class Outcome:
    id: int
    item_id: str
    recorded_at: dt.datetime
    officer: str
    result: Result
    fraud: bool
    seized: bool
    revenue_recovered: Decimal | None
    currency: str | None
    note: str | None
    reason_codes: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        revenue = (
            None
            if self.revenue_recovered is None
            else {"amount": str(self.revenue_recovered), "currency": self.currency}
        )
        return {
            "id": self.id,
            "item_id": self.item_id,
            "recorded_at": self.recorded_at.isoformat(),
            "officer": self.officer,
            "result": self.result,
            "fraud": self.fraud,
            "seized": self.seized,
            "revenue": revenue,
            "note": self.note,
            "reason_codes": list(self.reason_codes),
        }


@dataclass(frozen=True, slots=True)
class NewOutcome:
    """An outcome as an officer gives it, checked by `check_outcome`."""

    item_id: str
    result: Result
    officer: str
    fraud: bool = False
    seized: bool = False
    revenue_recovered: Decimal | None = None
    currency: str | None = None
    note: str | None = None
    reason_codes: tuple[str, ...] = ()


def check_outcome(
    *,
    item_id: str,
    result: str,
    officer: str,
    fraud: bool = False,
    seized: bool = False,
    revenue: str | Decimal | None = None,
    currency: str | None = None,
    note: str | None = None,
    reason_codes: Sequence[str] = (),
) -> NewOutcome:
    """Check an outcome before it is stored; raises OutcomeError naming the field."""
    key = item_id.strip()
    if not key:
        raise OutcomeError("item_id", "the item id is empty.")
    if result not in RESULTS:
        raise OutcomeError("result", f"{result!r} is not a result; use one of {', '.join(RESULTS)}.")
    if not officer.strip():
        raise OutcomeError("officer", "say which officer records the outcome.")
    amount = _amount(revenue)
    code = currency.strip().upper() if currency and currency.strip() else None
    if amount is not None and code is None:
        raise OutcomeError("currency", "revenue recovered needs its currency (ISO 4217, e.g. EUR).")
    if code is not None and amount is None:
        raise OutcomeError("revenue", "a currency was given without an amount of revenue recovered.")
    if code is not None and code not in iso_currencies():
        raise OutcomeError("currency", f"{currency!r} is not an ISO 4217 currency code.")
    if result != "irregularity_found":
        found = [name for name, value in (("fraud", fraud), ("seized", seized)) if value]
        if amount is not None and amount > 0:
            found.append("revenue")
        if found:
            raise OutcomeError(
                found[0], f"{', '.join(found)} can only go with result irregularity_found, not {result}."
            )
    reasons = tuple(code.strip() for code in reason_codes if code.strip())
    bad = next((reason for reason in reasons if not _REASON.match(reason)), None)
    if bad is not None:
        raise OutcomeError("reason_codes", f"{bad!r} is not a reason code (letters, digits, _ . -).")
    return NewOutcome(
        item_id=stored_key(key),
        result=result,
        officer=officer.strip(),
        fraud=fraud,
        seized=seized,
        revenue_recovered=amount,
        currency=code,
        note=note.strip() if note and note.strip() else None,
        reason_codes=reasons,
    )


def _amount(value: str | Decimal | None) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = value if isinstance(value, Decimal) else Decimal(value.strip())
    except InvalidOperation:
        raise OutcomeError("revenue", f"{value!r} is not an amount (e.g. 125.40).") from None
    if not amount.is_finite() or amount < 0 or amount > _MAX_REVENUE:
        raise OutcomeError("revenue", f"{value!r} is not an amount from 0 to {_MAX_REVENUE}.")
    if amount != amount.quantize(Decimal("0.01")):
        raise OutcomeError("revenue", f"{value!r} has more than two decimals.")
    return amount.quantize(Decimal("0.01"))


def record_outcomes(
    connection: Connection, outcomes: Sequence[NewOutcome], *, recorded_at: dt.datetime
) -> list[Outcome]:
    """Store checked outcomes (the caller commits). Refuses the lot if one names an item that was
    never received: UnknownItem lists them."""
    keys = sorted({outcome.item_id for outcome in outcomes})
    known: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        known.update(connection.scalars(select(items.c.item_key).where(items.c.item_key.in_(chunk))))
    unknown = [key for key in keys if key not in known]
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise UnknownItem(f"no item {shown} was received; record outcomes of received items only.", unknown)
    stored = []
    for outcome in outcomes:
        given = {field.name: getattr(outcome, field.name) for field in fields(NewOutcome)}
        row = {**given, "recorded_at": recorded_at, "reason_codes": ",".join(outcome.reason_codes) or None}
        new_id = connection.execute(insert(inspection_outcomes).values(row)).inserted_primary_key[0]  # type: ignore[index]
        stored.append(Outcome(id=int(new_id), recorded_at=recorded_at, **given))
    return stored


def item_exists(connection: Connection, item_id: str) -> bool:
    key = stored_key(item_id)
    return connection.scalar(select(items.c.item_key).where(items.c.item_key == key)) is not None


def list_outcomes(
    connection: Connection, *, item_id: str | None = None, since: dt.date | None = None
) -> list[Outcome]:
    """Outcomes in the order recorded, of one item or all, recorded on or after a day."""
    query = select(inspection_outcomes)
    if item_id is not None:
        query = query.where(inspection_outcomes.c.item_id == stored_key(item_id))
    if since is not None:
        start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
        query = query.where(inspection_outcomes.c.recorded_at >= start)
    rows = connection.execute(query.order_by(inspection_outcomes.c.recorded_at, inspection_outcomes.c.id))
    return [_outcome(row) for row in rows]


def outcome_labels(connection: Connection) -> dict[str, Outcome]:
    """The latest outcome of each item that has one, by item id: what models learn from and
    backtests measure rules against."""
    rows = connection.execute(
        select(inspection_outcomes).order_by(inspection_outcomes.c.recorded_at, inspection_outcomes.c.id)
    )
    return {outcome.item_id: outcome for outcome in map(_outcome, rows)}


def _outcome(row: Row[Any]) -> Outcome:
    at = row.recorded_at if row.recorded_at.tzinfo else row.recorded_at.replace(tzinfo=dt.UTC)
    revenue = row.revenue_recovered
    return Outcome(
        id=row.id,
        item_id=row.item_id,
        recorded_at=at,
        officer=row.officer,
        result=row.result,
        fraud=row.fraud,
        seized=row.seized,
        revenue_recovered=None if revenue is None else Decimal(revenue).quantize(Decimal("0.01")),
        currency=row.currency,
        note=row.note,
        reason_codes=tuple(row.reason_codes.split(",")) if row.reason_codes else (),
    )


def inspected_items(connection: Connection) -> Iterator[tuple[Item, Outcome]]:
    """The latest stored version of every item inspected (its latest outcome not
    `not_inspected`), with that outcome: the labelled examples a model retrains on."""
    labels = outcome_labels(connection)
    latest = {key: outcome for key, outcome in labels.items() if outcome.result != "not_inspected"}
    keys = sorted(latest)
    for start in range(0, len(keys), 500):
        rows = connection.execute(
            select(items.c.item_key, item_versions.c.item_json)
            .join(
                item_versions,
                and_(
                    item_versions.c.item_key == items.c.item_key,
                    item_versions.c.version == items.c.versions,
                ),
            )
            .where(items.c.item_key.in_(keys[start : start + 500]))
            .order_by(items.c.item_key)
        )
        for key, content in rows:
            yield decode_item(content), latest[key]
