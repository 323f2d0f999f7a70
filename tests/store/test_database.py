"""Opening a store: created and migrated on first use; at the latest migration, opened as is."""

from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from clearpost.store.database import SCHEMA_REVISION, alembic_config, open_database, revision


def test_the_schema_revision_is_alembics_head(tmp_path: Path) -> None:
    config = alembic_config(create_engine(f"sqlite:///{tmp_path / 'unused.db'}"))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION


def test_a_new_store_is_created_at_the_latest_migration(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'new.db'}")
    with engine.connect() as connection:
        assert revision(connection) == SCHEMA_REVISION


def test_a_store_of_an_earlier_version_is_migrated_on_opening(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(url)
    command.upgrade(alembic_config(old), "0007")
    assert not inspect(old).has_table("screening_indexes")
    old.dispose()
    engine = open_database(url)
    with engine.connect() as connection:
        assert revision(connection) == SCHEMA_REVISION
    assert inspect(engine).has_table("screening_indexes")
