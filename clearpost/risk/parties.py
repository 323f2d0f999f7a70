"""Watchlist screening of an item's parties: the sender's and addressee's names (and business
names) against the loaded lists, qualified by the party's country.

Each WATCHLIST_MATCH names in its detail the list, the entry (`entry_id`) and the entry's
`fingerprint` (a digest of its names, birth dates and countries): a cleared false hit is
(party, list, entry_id, fingerprint), honoured until the entry changes."""

from __future__ import annotations

from clearpost.model import Code, Finding, Item
from clearpost.risk.screening import Screener


def screen_parties(item: Item, screener: Screener) -> list[Finding]:
    """A WATCHLIST_MATCH reason for each party name that matches a list entry."""
    reasons: list[Finding] = []
    for role, party in (("sender", item.sender), ("addressee", item.addressee)):
        if party is None:
            continue
        country = party.address.country if party.address else None
        for field, name, organization in (("name", party.name, False), ("business", party.business, True)):
            if not name:
                continue
            for hit in screener.screen(
                name, country=country, organization=organization, limit=3, matches_only=True
            ):
                reasons.append(
                    Finding(
                        code=Code.WATCHLIST_MATCH,
                        field=f"{role}.{field}",
                        severity="warning",
                        message=(
                            f"The {role}'s {'business' if organization else 'name'} {name!r} matches "
                            f"{hit.matched_name!r} on {hit.list_name} (entry {hit.entry_id}), "
                            f"score {hit.score:.2f}."
                        ),
                        detail={
                            "list": hit.list_name,
                            "entry_id": hit.entry_id,
                            "fingerprint": hit.fingerprint,
                            "matched_name": hit.matched_name,
                            "name_kind": hit.name_kind,
                            "score": hit.score,
                            "why": hit.why,
                        },
                        source="screening",
                    )
                )
    return reasons
