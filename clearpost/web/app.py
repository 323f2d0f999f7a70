"""The HTTP service (contract §5): create_app(settings) builds it; nothing happens at import."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException

from clearpost.settings import Settings
from clearpost.store.database import open_database
from clearpost.store.reference import LiveReference
from clearpost.web import api
from clearpost.web.problems import http_exception_handler, validation_exception_handler


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(
        title="ClearPost",
        summary="Electronic advance data between Posts and Customs: intake, assessment, answers.",
        version="1",
    )
    app.state.settings = settings
    app.state.engine = open_database(settings.database_url)
    app.state.reference = LiveReference(app.state.engine, settings, refresh=settings.reference_refresh)
    app.include_router(api.router)
    app.add_exception_handler(HTTPException, http_exception_handler)
    app.add_exception_handler(RequestValidationError, validation_exception_handler)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/docs")

    return app
