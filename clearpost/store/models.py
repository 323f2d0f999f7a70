"""Learned risk models in the store: each activated model file is kept with its card; one at a
time is active, and it is the one `assess`, `ingest` and the service score with."""

from __future__ import annotations

import datetime as dt

import msgspec
from sqlalchemy import Connection, insert, select, update

from clearpost.risk.learned import ModelFileError, RiskModel
from clearpost.store.tables import risk_models


def activate_model(connection: Connection, model: RiskModel, body: bytes, *, at: dt.datetime) -> bool:
    """Store the model file `body` (if it is not stored yet) and make it the active model.
    True when it was new. The caller commits."""
    model_id = model.model_id
    stored = connection.execute(
        select(risk_models.c.id).where(risk_models.c.model_id == model_id)
    ).scalar_one_or_none()
    if stored is None:
        connection.execute(
            insert(risk_models).values(
                model_id=model_id,
                created_at=model.card.created_at,
                card=msgspec.to_builtins(model.card),
                body=body,
                active=False,
            )
        )
    connection.execute(update(risk_models).where(risk_models.c.active).values(active=False))
    connection.execute(
        update(risk_models).where(risk_models.c.model_id == model_id).values(active=True, activated_at=at)
    )
    return stored is None


def deactivate_models(connection: Connection) -> str | None:
    """No model is active any more; the id of the one that was, if any. The caller commits."""
    active = active_model_id(connection)
    connection.execute(update(risk_models).where(risk_models.c.active).values(active=False))
    return active


def active_model_id(connection: Connection) -> str | None:
    return connection.execute(select(risk_models.c.model_id).where(risk_models.c.active)).scalar_one_or_none()


def active_model(connection: Connection) -> RiskModel | None:
    """The active model, loaded; None when none is. Raises ModelFileError when the stored model
    cannot be used by this version (e.g. its feature set changed with an upgrade)."""
    body = connection.execute(select(risk_models.c.body).where(risk_models.c.active)).scalar_one_or_none()
    if body is None:
        return None
    try:
        return RiskModel.from_bytes(body)
    except ModelFileError as error:
        raise ModelFileError(
            f"the active risk model cannot be used: {error}. Activate another one "
            "(`clearpost model activate`) or run `clearpost model deactivate`."
        ) from None
