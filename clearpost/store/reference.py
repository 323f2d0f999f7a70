"""The reference data in force: the packaged data with the operator's files (settings) and what
was loaded into the store (official rates, the watchlists' stored name index and cleared hits,
value bands, rule sets, the active model). The one place the CLI and the service build it from.

The reference data are hundreds of thousands of small objects (the watchlists' name index above
all) made at once: they are built with the cycle collector paused, which otherwise rescans them
again and again while they grow (see `clearpost.bulk`).

A long-running process (the service) holds a `LiveReference`: it reads the reference data again
when what the store holds changed, so a list, rule set or model loaded or activated with the CLI
is in force within seconds, without a restart."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Iterable

from sqlalchemy import Connection, Engine, Table, func, select
from sqlalchemy.exc import SQLAlchemyError

from clearpost.bulk import cycle_collector_paused
from clearpost.reference import Reference, load_reference
from clearpost.risk.clearances import Clearance
from clearpost.settings import Settings
from clearpost.store.clearances import all_cleared
from clearpost.store.models import active_model
from clearpost.store.rates import official_rates
from clearpost.store.rules import active_rulesets
from clearpost.store.screening_index import active_screener
from clearpost.store.tables import (
    cleared_hits,
    exchange_rates,
    risk_models,
    rulesets,
    value_bands,
    watchlists,
)
from clearpost.store.valuation import latest_bands

_log = logging.getLogger("clearpost.reference")


def stored_reference(engine: Engine, settings: Settings) -> Reference:
    """Raises ProfileError, PolicyError (a ValueError) or OSError for an unusable operator file."""
    with cycle_collector_paused():
        screener = active_screener(engine)
        with engine.connect() as connection:
            rates = official_rates(connection)
            cleared = all_cleared(connection)
            bands = latest_bands(connection)
            model = active_model(connection)
            rulesets = active_rulesets(connection)
        return load_reference(
            official_rates=rates,
            profiles_dir=settings.profiles_dir,
            post_languages=settings.post_languages,
            screener=screener,
            cleared_hits=cleared,
            value_bands=bands,
            decision_policy=settings.decision_policy,
            risk_model=model,
            rulesets=rulesets,
        )


def reference_stamp(connection: Connection) -> tuple[object, ...]:
    """Where the stored reference data are at: it changes whenever a list version, rule set,
    model, set of value bands, official rate or clearance is loaded, activated or deactivated."""

    def active(table: Table) -> tuple[int, ...]:
        ids = select(table.c.id).where(table.c.active).order_by(table.c.id)
        return tuple(connection.execute(ids).scalars())

    def latest(table: Table) -> tuple[object, ...]:
        return tuple(connection.execute(select(func.max(table.c.id), func.count())).one())

    return (
        active(watchlists),
        active(rulesets),
        active(risk_models),
        latest(value_bands),
        latest(exchange_rates),
        latest(cleared_hits),
    )


class LiveReference:
    """The reference data in force for a long-running process: checked against the store at most
    every `refresh` seconds, and read again when the stamp (`reference_stamp`) changed. One
    caller reads it again while the others go on with the data in force until then."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        refresh: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._engine, self._settings, self._refresh, self._clock = engine, settings, refresh, clock
        self._lock = threading.Lock()
        self._stamp = self._read_stamp()
        self._reference = stored_reference(engine, settings)
        self._checked = clock()

    def current(self) -> Reference:
        if self._clock() - self._checked >= self._refresh and self._lock.acquire(blocking=False):
            try:
                self._checked = self._clock()
                stamp = self._read_stamp()
                if stamp != self._stamp:
                    self._reference = stored_reference(self._engine, self._settings)
                    self._stamp = stamp
            except (SQLAlchemyError, ValueError, OSError) as error:  # the data in force stay
                _log.warning("the reference data could not be read again: %s", error)
            finally:
                self._lock.release()
        return self._reference

    def honour(self, clearances: Iterable[Clearance]) -> None:
        """Clearances just stored are in force at once (not only from the next check)."""
        cleared = self._reference.cleared | set(clearances)
        self._reference = dataclasses.replace(self._reference, cleared=cleared)

    def _read_stamp(self) -> tuple[object, ...]:
        with self._engine.connect() as connection:
            return reference_stamp(connection)
