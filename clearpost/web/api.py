"""JSON over HTTP: messages in, assessments and items out."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec
from fastapi import APIRouter, BackgroundTasks, Depends, Header, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, Engine

from clearpost.formats import MEDIA_TYPES, ItemFormat, UnreadableMessage, looks_like_edifact
from clearpost.formats.mapping import BUILTIN_MAPPINGS
from clearpost.intake import Receipt, receive
from clearpost.model import Assessment
from clearpost.quality.feedback import feedback_html
from clearpost.reference import Reference
from clearpost.review import NoSuchItem, ReviewError, clear_hit
from clearpost.store.items import ItemFilter, get_item, list_items, stored_key
from clearpost.store.outcomes import (
    OutcomeError,
    UnknownItem,
    check_outcome,
    item_exists,
    list_outcomes,
    record_outcomes,
)
from clearpost.store.quality import feedback_problems, scorecards
from clearpost.store.reference import LiveReference
from clearpost.web.problems import problem
from clearpost.webhook import Webhook, deliver

router = APIRouter(prefix="/v1")
_log = logging.getLogger("clearpost.webhook")
_encoder = msgspec.json.Encoder(decimal_format="string")
MAX_MESSAGE_BYTES = 256 * 1024 * 1024
EDIFACT = "application/edifact"


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _reference(request: Request) -> Reference:
    live: LiveReference = request.app.state.reference
    return live.current()


def _connection(engine: Annotated[Engine, Depends(_engine)]) -> Iterator[Connection]:
    with engine.connect() as connection:
        yield connection


ConnectionDep = Annotated[Connection, Depends(_connection)]


def _json(body: Any, status: int = 200) -> Response:
    return Response(_encoder.encode(body), status_code=status, media_type="application/json")


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


@router.post(
    "/messages",
    summary="Send a message of EAD in any format",
    description=(
        "The body is a message in any input format: canonical JSON or JSON Lines, CUSITM (UN/EDIFACT), "
        "ITMATT (XML), CSV or XLSX (with `mapping`). Each item is assessed and stored; the answer has one "
        "assessment per record, in order. Send `Accept: application/EDIFACT` for a CUSRSP interchange "
        "(or a CONTRL when an EDIFACT message cannot be read). An unreadable message is answered 400 with "
        "`errors` (one SYNTAX_ERROR finding with its location) and nothing is stored."
    ),
    responses={
        200: {"description": '`{"assessments": [assessment, ...]}`'},
        400: {"description": "Problem details with `errors`: [finding]"},
    },
)
async def post_message(
    request: Request,
    background_tasks: BackgroundTasks,
    content_type: Annotated[str | None, Header()] = None,
    accept: Annotated[str | None, Header()] = None,
    mapping: Annotated[
        str | None, Query(description="Column mapping for CSV/XLSX: a built-in name (canonical, kcs).")
    ] = None,
    as_of: Annotated[dt.datetime | None, Query(description="Clock for stage and timeliness.")] = None,
    stage: Annotated[Literal["pre_loading", "arrival"] | None, Query()] = None,
    language: Annotated[
        Literal["en", "fr"] | None, Query(description="Language of the messages (default: the Post's).")
    ] = None,
) -> Response:
    if mapping is not None and mapping not in BUILTIN_MAPPINGS:
        known = ", ".join(BUILTIN_MAPPINGS)
        return problem(400, "Bad request", f"Unknown mapping {mapping!r}; the service knows: {known}.")
    raw = await request.body()
    if len(raw) > MAX_MESSAGE_BYTES:
        return problem(413, "Message too large", f"Messages are limited to {MAX_MESSAGE_BYTES} bytes.")
    media_type = _media_type(content_type)
    fmt: ItemFormat | None = MEDIA_TYPES.get(media_type)
    wants_edifact = EDIFACT in _media_type(accept)
    received_at = dt.datetime.now(dt.UTC)
    now = as_of if as_of is None or as_of.tzinfo else as_of.replace(tzinfo=dt.UTC)
    engine = _engine(request)
    try:
        receipt = receive(
            engine,
            raw,
            fmt=fmt,
            mapping=mapping,
            received_at=received_at,
            reference=_reference(request),
            now=now,
            stage=stage,
            language=language,
        )
    except UnreadableMessage as error:
        if wants_edifact and looks_like_edifact(raw):
            from clearpost.formats.contrl import write_contrl

            contrl = write_contrl(raw, error, prepared=received_at)
            return Response(contrl, status_code=400, media_type=EDIFACT)
        return problem(
            400,
            "Unreadable message",
            error.message,
            type_="urn:clearpost:problem:syntax-error",
            errors=[error.finding()],
        )
    _schedule_webhook(request, background_tasks, receipt)
    if wants_edifact:
        from clearpost.formats.cusrsp import write_cusrsp

        answer = write_cusrsp(receipt.assessments, recipient=receipt.sender or "POST", prepared=received_at)
        return Response(answer, media_type=EDIFACT)
    return _json({"assessments": receipt.assessments})


def _schedule_webhook(request: Request, tasks: BackgroundTasks, receipt: Receipt) -> None:
    """Deliver the stored assessments to CLEARPOST_WEBHOOK_URL after the answer has gone out."""
    webhook = Webhook.from_settings(request.app.state.settings)
    if webhook is not None and receipt.stored.message_id is not None and receipt.assessments:
        tasks.add_task(_deliver_to_webhook, webhook, receipt.assessments)


def _deliver_to_webhook(webhook: Webhook, assessments: list[Assessment]) -> None:
    """Runs in the thread pool; a failure is logged, the assessments are stored anyway."""
    report = deliver(webhook, assessments)
    if report.failure is None:
        _log.info("webhook: %s", report.summary())
    else:
        _log.warning("webhook: %s", report.summary())


@router.get("/items/{item_id}", summary="An item's latest declaration and assessment")
def read_item(item_id: str, connection: ConnectionDep) -> Response:
    stored = get_item(connection, item_id)
    if stored is None:
        return problem(404, "Not found", f"No item {item_id!r} was received.")
    return _json(
        {
            "item": stored.item,
            "assessment": stored.assessment,
            "versions": stored.versions,
            "cancelled": stored.cancelled,
        }
    )


@router.get("/items", summary="Items, filtered, in pages")
def read_items(
    connection: ConnectionDep,
    outcome: str | None = None,
    origin_country: str | None = None,
    destination_country: str | None = None,
    status: Literal["accepted", "rejected"] | None = None,
    cancelled: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[str | None, Query(description="`next` of the previous page.")] = None,
) -> Response:
    after = None
    if cursor is not None:
        try:
            after = base64.urlsafe_b64decode(cursor.encode() + b"==").decode()
        except (binascii.Error, UnicodeDecodeError):
            return problem(400, "Bad request", "The cursor is not one ClearPost gave out.")
    page = list_items(
        connection,
        ItemFilter(
            outcome=outcome,
            status=status,
            origin_country=origin_country,
            destination_country=destination_country,
            cancelled=cancelled,
        ),
        limit=limit,
        after=after,
    )
    next_cursor = (
        base64.urlsafe_b64encode(page.next_key.encode()).decode().rstrip("=") if page.next_key else None
    )
    return _json({"items": [_summary(row) for row in page.rows], "total": page.total, "next": next_cursor})


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "item_id": row["item_id"],
        "key": row["item_key"],
        "status": row["status"],
        "stage": row["stage"],
        "outcome": row["outcome"],
        "risk": {"score": row["risk_score"], "level": row["risk_level"]},
        "quality": {"score": row["quality_score"]},
        "origin_post": row["origin_post"],
        "origin_country": row["origin_country"],
        "destination_country": row["destination_country"],
        "versions": row["versions"],
        "cancelled": row["cancelled"],
        "updated_at": _aware(row["updated_at"]),
    }


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands stored UTC times back without their offset."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@router.get("/quality/scorecards", summary="Data-quality scorecards per Post")
def read_scorecards(
    connection: ConnectionDep,
    since: Annotated[dt.date | None, Query(description="Only items received on or after this day.")] = None,
    post: Annotated[str | None, Query(description="Only this Post (UPU operator code).")] = None,
) -> Response:
    """The figures of `clearpost quality scorecard`: items (rejected included), mean score,
    share of items per finding code, timeliness and the trend by day."""
    return _json(scorecards(connection, since=since, post=post))


@router.get(
    "/quality/feedback/{post}",
    summary="A Post's data-quality feedback report (HTML)",
    response_class=HTMLResponse,
)
def read_feedback(
    request: Request,
    post: str,
    connection: ConnectionDep,
    since: Annotated[dt.date | None, Query()] = None,
    language: Annotated[Literal["en", "fr"] | None, Query(description="Default: the Post's.")] = None,
    top: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Response:
    figures = scorecards(connection, since=since, post=post)["posts"]
    if not figures:
        return problem(404, "Not found", f"No item from Post {post!r} is stored.")
    html = feedback_html(
        figures[0],
        feedback_problems(connection, figures[0], since=since, top=top),
        language=language or _reference(request).languages.of(post, None),
        administration="Customs administration",
        generated=dt.datetime.now(dt.UTC),
        since=since,
    )
    return HTMLResponse(html)


@router.get("/hs/suggest", summary="HS code suggestions for a description")
def suggest_hs_codes(
    q: Annotated[str, Query(min_length=1, max_length=500, description="An item description.")],
    top: Annotated[int, Query(ge=1, le=50)] = 5,
) -> Response:
    """The likeliest HS 2022 subheadings, best first, each with a score (0..1) and why."""
    from clearpost.hs.suggest import load_suggester

    (suggestions,) = load_suggester().suggest([q], top=top)
    return _json({"description": q, "suggestions": suggestions})


class RevenueBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: Decimal = Field(description="Duties and taxes recovered, e.g. 125.40.")
    currency: str = Field(description="ISO 4217 code.")


class OutcomeBody(BaseModel):
    """An inspection outcome as an officer records it."""

    model_config = ConfigDict(extra="forbid")
    result: Literal["irregularity_found", "no_irregularity", "not_inspected"]
    officer: str = Field(min_length=1, description="Who records the outcome.")
    fraud: bool = False
    seized: bool = False
    revenue: RevenueBody | None = None
    note: str | None = None
    reason_codes: list[str] = Field(default_factory=list)


_OUTCOME_FIELDS = {
    "item_id": "path.item_id",
    "revenue": "body.revenue.amount",
    "currency": "body.revenue.currency",
}


@router.post(
    "/items/{item_id}/outcomes",
    status_code=201,
    summary="Record an inspection outcome",
    description=(
        "What an inspection of the item found, kept with the officer and the time it was recorded. "
        "An item may have several outcomes; the latest counts for rule backtests and model training. "
        "Fraud, seizure and revenue recovered go with `irregularity_found` only."
    ),
    responses={
        201: {"description": "The stored outcome, with its `id` and `recorded_at`."},
        404: {"description": "No such item was received."},
        422: {"description": "Problem details with `invalid_params`."},
    },
)
def post_outcome(item_id: str, body: OutcomeBody, request: Request) -> Response:
    try:
        outcome = check_outcome(
            item_id=item_id,
            result=body.result,
            officer=body.officer,
            fraud=body.fraud,
            seized=body.seized,
            revenue=body.revenue.amount if body.revenue else None,
            currency=body.revenue.currency if body.revenue else None,
            note=body.note,
            reason_codes=body.reason_codes,
        )
    except OutcomeError as error:
        parameter = _OUTCOME_FIELDS.get(error.field, f"body.{error.field}")
        invalid = [{"parameter": parameter, "message": str(error)}]
        return problem(422, "Invalid request", str(error), invalid_params=invalid)
    with _engine(request).begin() as connection:
        try:
            (stored,) = record_outcomes(connection, [outcome], recorded_at=dt.datetime.now(dt.UTC))
        except UnknownItem:
            return problem(404, "Not found", f"No item {item_id!r} was received.")
    return _json(stored.as_json(), 201)


@router.get("/items/{item_id}/outcomes", summary="An item's inspection outcomes")
def read_outcomes(item_id: str, connection: ConnectionDep) -> Response:
    """Every outcome recorded for the item, oldest first, and the latest (the one that counts)."""
    if not item_exists(connection, item_id):
        return problem(404, "Not found", f"No item {item_id!r} was received.")
    outcomes = [outcome.as_json() for outcome in list_outcomes(connection, item_id=item_id)]
    latest = outcomes[-1] if outcomes else None
    return _json({"item_id": stored_key(item_id), "outcomes": outcomes, "latest": latest})


class ClearanceBody(BaseModel):
    """An officer's word that the item's party is not a list entry."""

    model_config = ConfigDict(extra="forbid")
    entry_id: str = Field(min_length=1, description="The list entry the party is not.")
    officer: str = Field(min_length=1, description="Who clears the hit.")
    reason: str = Field(min_length=1, description="Why the party is not that entry.")


@router.post(
    "/items/{item_id}/clearances",
    status_code=201,
    summary="Clear a false watchlist hit",
    description=(
        "Records that the item's party is not the list entry, with who and why; the clearance is "
        "honoured for that party until the entry changes in a later list version. The item is "
        "decided again; the answer holds the clearances and the new assessment."
    ),
    responses={404: {"description": "No such item was received."}, 422: {"description": "No such hit."}},
)
def post_clearance(item_id: str, body: ClearanceBody, request: Request) -> Response:
    try:
        clearances, assessment = clear_hit(
            _engine(request),
            _reference(request),
            item_id=item_id,
            entry_id=body.entry_id,
            officer=body.officer,
            reason=body.reason,
            now=dt.datetime.now(dt.UTC),
        )
    except NoSuchItem as error:
        return problem(404, "Not found", str(error))
    except ReviewError as error:
        invalid = [{"parameter": "body.entry_id", "message": str(error)}]
        return problem(422, "Invalid request", str(error), invalid_params=invalid)
    request.app.state.reference.honour(clearances)
    cleared = [{"party": c.party, "list": c.list_name, "entry_id": c.entry_id} for c in clearances]
    return _json({"clearances": cleared, "assessment": msgspec.to_builtins(assessment)}, 201)
