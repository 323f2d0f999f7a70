"""The reference data in force: the packaged data with the operator's files (settings) and what
was loaded into the store (official rates, watchlists and cleared hits, value bands, rule sets,
the active model). The one place the CLI and the service build it from."""

from __future__ import annotations

from sqlalchemy import Engine

from clearpost.reference import Reference, load_reference
from clearpost.settings import Settings
from clearpost.store.clearances import all_cleared
from clearpost.store.models import active_model
from clearpost.store.rates import official_rates
from clearpost.store.rules import active_rulesets
from clearpost.store.valuation import latest_bands
from clearpost.store.watchlists import active_entries


def stored_reference(engine: Engine, settings: Settings) -> Reference:
    """Raises ProfileError, PolicyError (a ValueError) or OSError for an unusable operator file."""
    with engine.connect() as connection:
        rates = official_rates(connection)
        entries = active_entries(connection)
        cleared = all_cleared(connection)
        bands = latest_bands(connection)
        model = active_model(connection)
        rulesets = active_rulesets(connection)
    return load_reference(
        official_rates=rates,
        profiles_dir=settings.profiles_dir,
        post_languages=settings.post_languages,
        watchlist_entries=entries,
        cleared_hits=cleared,
        value_bands=bands,
        decision_policy=settings.decision_policy,
        risk_model=model,
        rulesets=rulesets,
    )
