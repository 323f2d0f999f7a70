"""JSON over HTTP: messages in, assessments and items out."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import msgspec
from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Connection, Engine

from clearpost.formats import MEDIA_TYPES, ItemFormat, UnreadableMessage, looks_like_edifact
from clearpost.formats.mapping import BUILTIN_MAPPINGS
from clearpost.intake import receive
from clearpost.quality.feedback import feedback_html
from clearpost.reference import Reference
from clearpost.store.items import ItemFilter, get_item, list_items
from clearpost.store.quality import feedback_problems, scorecards
from clearpost.web.problems import problem

router = APIRouter(prefix="/v1")
_encoder = msgspec.json.Encoder(decimal_format="string")
MAX_MESSAGE_BYTES = 256 * 1024 * 1024
EDIFACT = "application/edifact"


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _reference(request: Request) -> Reference:
    reference: Reference = request.app.state.reference
    return reference


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
    if wants_edifact:
        from clearpost.formats.cusrsp import write_cusrsp

        answer = write_cusrsp(receipt.assessments, recipient=receipt.sender or "POST", prepared=received_at)
        return Response(answer, media_type=EDIFACT)
    return _json({"assessments": receipt.assessments})


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
