"""Engine creation and migrations: every command creates and migrates its database on first use."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from alembic.config import Config

SCHEMA_REVISION = "0008"
"""The latest migration (a test holds it to Alembic's head). A store already at it is opened
without loading Alembic and its migration scripts: a tenth of a second at every start."""


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("clearpost.store") / "migrations"))
    config.attributes["engine"] = engine
    return config


def open_database(url: str) -> Engine:
    """Connect to the database at `url` and bring its schema to the latest migration."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _tune_sqlite)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    migrate(engine)
    return engine


def migrate(engine: Engine) -> None:
    with engine.connect() as connection:
        if revision(connection) == SCHEMA_REVISION:
            return
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def revision(connection: Connection) -> str | None:
    """The migration the store is at (None for a new one)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


def _tune_sqlite(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
