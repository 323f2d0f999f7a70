"""RFC 9457 problem details: every HTTP error ClearPost answers has this shape."""

from __future__ import annotations

from typing import Any

import msgspec
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
_encoder = msgspec.json.Encoder(decimal_format="string")


def problem(status: int, title: str, detail: str, *, type_: str = "about:blank", **extra: Any) -> Response:
    body = {"type": type_, "title": title, "status": status, "detail": detail, **extra}
    return Response(_encoder.encode(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE)


async def http_exception_handler(_request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return problem(error.status_code, _TITLES.get(error.status_code, "Error"), str(error.detail))


async def validation_exception_handler(_request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    invalid = [
        {"parameter": ".".join(str(part) for part in problem_["loc"]), "message": problem_["msg"]}
        for problem_ in error.errors()
    ]
    names = ", ".join(entry["parameter"] for entry in invalid)
    return problem(422, "Invalid request", f"Invalid parameters: {names}.", invalid_params=invalid)


_TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Method not allowed",
    413: "Message too large",
    415: "Unsupported media type",
}
