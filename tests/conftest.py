"""Shared fixtures.

- `example_item`: the contract's complete example item (../shared/contract/item.example.json).
- `database_url`: a fresh, migrated database, once per backend: SQLite in a temporary file, and
  PostgreSQL in a database created for this test run on the server named by
  CLEARPOST_TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test; set it
  to an empty string to leave PostgreSQL out). Tests that take `database_url` run on both.
- `engine`: an Engine on `database_url`.
- `reference`: the packaged reference data, loaded once per run.
- `database`: an SQLite file for the commands (CLEARPOST_DATABASE_URL set to it).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from clearpost.model import Item
from clearpost.reference import Reference, load_reference
from clearpost.store.database import open_database
from clearpost.store.tables import metadata

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POSTGRES_URL = os.environ.get(
    "CLEARPOST_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to test compiled modules older than their sources (compile_modules.py): Python
    would import the compiled module, and the tests would not see the change."""
    stale = [
        str(source.relative_to(ROOT))
        for compiled in (ROOT / "clearpost").rglob("*.so")
        if (source := compiled.with_name(compiled.name.split(".")[0] + ".py")).exists()
        and source.stat().st_mtime > compiled.stat().st_mtime
    ]
    if stale:
        pytest.exit(f"compiled modules older than their sources ({', '.join(stale)}): run `make install`", 2)


@pytest.fixture(scope="session")
def reference() -> Reference:
    """The packaged reference data (profiles, nomenclature, rates…), loaded once."""
    return load_reference()


@pytest.fixture
def example_item() -> Item:
    return msgspec.json.decode((SHARED / "contract" / "item.example.json").read_bytes(), type=Item)


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A database of its own on the PostgreSQL server, dropped at the end of the run."""
    if not POSTGRES_URL:
        pytest.skip("CLEARPOST_TEST_POSTGRES_URL is empty: PostgreSQL tests left out")
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"clearpost_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'clearpost.db'}"
        return
    url: str = request.getfixturevalue("postgres_server_url")
    engine = open_database(url)
    with engine.begin() as connection:
        tables = ", ".join(table.name for table in metadata.sorted_tables)
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY"))
    engine.dispose()
    yield url


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An SQLite file the commands use (CLEARPOST_DATABASE_URL points at it)."""
    path = tmp_path / "clearpost.db"
    monkeypatch.setenv("CLEARPOST_DATABASE_URL", f"sqlite:///{path}")
    return path


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    yield engine
    engine.dispose()
