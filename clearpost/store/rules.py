"""Officers' rule sets in the store, versioned: every version is kept whole with who loaded it and
when; one version of each rule set name is active, and `assess` and the service use the active
ones. Also the stored items a backtest runs over."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, Select, and_, func, insert, select, update

from clearpost.formats.canonical import decode_item
from clearpost.risk.rules import RuleSet, StoredEntry, read_ruleset
from clearpost.store.tables import item_versions, items, rulesets


class RulesetConflict(ValueError):
    """A version that is already loaded with a different text: versions never change."""


@dataclass(frozen=True, slots=True)
class StoredRuleset:
    name: str
    version: str
    loaded_at: dt.datetime
    loaded_by: str
    active: bool
    rules: int


def store_ruleset(
    connection: Connection,
    ruleset: RuleSet,
    document: str,
    *,
    loaded_at: dt.datetime,
    loaded_by: str,
    activate: bool,
) -> tuple[StoredRuleset, bool]:
    """Store a rule set version (the caller commits); `activate` makes it the active version of its
    name. Returns it and whether it is new: loading the same text again changes nothing but the
    activation."""
    version = str(ruleset.version)
    row = connection.execute(
        select(rulesets.c.document).where(rulesets.c.name == ruleset.name, rulesets.c.version == version)
    ).first()
    if row is not None and row.document != document:
        raise RulesetConflict(
            f"version {version} of rule set {ruleset.name!r} is already loaded with a different text; "
            "give the changed rule set a new version."
        )
    if row is None:
        connection.execute(
            insert(rulesets).values(
                name=ruleset.name,
                version=version,
                loaded_at=loaded_at,
                loaded_by=loaded_by,
                document=document,
                active=False,
            )
        )
    if activate:
        activate_ruleset(connection, ruleset.name, version)
    stored = _stored(connection, ruleset.name, version)
    assert stored is not None
    return stored, row is None


def activate_ruleset(connection: Connection, name: str, version: str | None = None) -> StoredRuleset:
    """Make a version (default: the latest loaded) the active one of its name."""
    chosen = _stored(connection, name, version)
    if chosen is None:
        raise LookupError(_unknown(connection, name, version))
    connection.execute(update(rulesets).where(rulesets.c.name == name).values(active=False))
    connection.execute(
        update(rulesets)
        .where(rulesets.c.name == name, rulesets.c.version == chosen.version)
        .values(active=True)
    )
    return _stored(connection, name, chosen.version) or chosen


def deactivate_ruleset(connection: Connection, name: str) -> StoredRuleset:
    """Stop using a rule set: no version of the name stays active."""
    active = next((r for r in list_rulesets(connection) if r.name == name and r.active), None)
    if active is None:
        raise LookupError(f"no version of rule set {name!r} is active.")
    connection.execute(update(rulesets).where(rulesets.c.name == name).values(active=False))
    return active


def list_rulesets(connection: Connection) -> list[StoredRuleset]:
    """Every loaded version, by name and then in the order loaded."""
    rows = connection.execute(select(rulesets).order_by(rulesets.c.name, rulesets.c.id))
    return [_summary(row) for row in rows]


def active_rulesets(connection: Connection) -> list[RuleSet]:
    """The active version of each rule set name, compiled."""
    rows = connection.execute(
        select(rulesets.c.name, rulesets.c.version, rulesets.c.document)
        .where(rulesets.c.active)
        .order_by(rulesets.c.name)
    )
    return [read_ruleset(row.document, _source(row.name, row.version)) for row in rows]


def stored_ruleset(connection: Connection, name: str, version: str | None = None) -> RuleSet:
    """A stored rule set by name: the given version, else the active one, else the latest loaded."""
    query = select(rulesets.c.version, rulesets.c.document).where(rulesets.c.name == name)
    if version is not None:
        query = query.where(rulesets.c.version == version)
    row = connection.execute(query.order_by(rulesets.c.active.desc(), rulesets.c.id.desc()).limit(1)).first()
    if row is None:
        raise LookupError(_unknown(connection, name, version))
    return read_ruleset(row.document, _source(name, row.version))


def _stored(connection: Connection, name: str, version: str | None) -> StoredRuleset | None:
    query = select(rulesets).where(rulesets.c.name == name)
    if version is not None:
        query = query.where(rulesets.c.version == version)
    row = connection.execute(query.order_by(rulesets.c.id.desc()).limit(1)).first()
    return None if row is None else _summary(row)


def _summary(row: Row[Any]) -> StoredRuleset:
    compiled = read_ruleset(row.document, _source(row.name, row.version))
    loaded_at = row.loaded_at if row.loaded_at.tzinfo else row.loaded_at.replace(tzinfo=dt.UTC)
    return StoredRuleset(row.name, row.version, loaded_at, row.loaded_by, row.active, len(compiled.rules))


def _unknown(connection: Connection, name: str, version: str | None) -> str:
    versions = connection.scalars(
        select(rulesets.c.version).where(rulesets.c.name == name).order_by(rulesets.c.id)
    ).all()
    if not versions:
        names = sorted(set(connection.scalars(select(rulesets.c.name))))
        known = f"loaded rule sets: {', '.join(names)}" if names else "no rule set is loaded"
        return f"no rule set {name!r} is loaded ({known})."
    return f"rule set {name!r} has no version {version!r} (loaded: {', '.join(versions)})."


def _source(name: str, version: str) -> str:
    return f"rule set {name} version {version} (stored)"


def backtest_entries(connection: Connection, *, since: dt.date) -> Iterator[StoredEntry]:
    """The latest version of every accepted, not cancelled item assessed since a day, in the order
    received; streamed."""
    query = _backtest_query(
        [items.c.item_key, items.c.stage, item_versions.c.received_day, item_versions.c.item_json], since
    )
    rows = connection.execute(
        query.order_by(item_versions.c.received_at, items.c.item_key).execution_options(yield_per=2000)
    )
    for key, stage, day, raw in rows:
        yield StoredEntry(key=key, item=decode_item(raw), stage=stage, day=day)


def count_backtest_entries(connection: Connection, *, since: dt.date) -> int:
    return int(connection.scalar(_backtest_query([func.count()], since)) or 0)


def _backtest_query(columns: list[Any], since: dt.date) -> Select[Any]:
    return (
        select(*columns)
        .select_from(items)
        .join(
            item_versions,
            and_(item_versions.c.item_key == items.c.item_key, item_versions.c.version == items.c.versions),
        )
        .where(
            items.c.status == "accepted", items.c.cancelled.is_(False), item_versions.c.received_day >= since
        )
    )
