"""Cleared watchlist hits: an officer's word that a party is not a list entry.

A clearance names the party (its name as declared, normalised, and its country), the list
entry and the entry's fingerprint when cleared: it is honoured until the entry changes in a
later version of the list (new aliases, new birth date…), when the party is screened afresh.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from anyascii import anyascii

from clearpost.model import Code, Finding, Item, Party


@dataclass(frozen=True, slots=True)
class Clearance:
    party: str
    """`party_key` of the party's name and country."""
    list_name: str
    entry_id: str
    entry_fingerprint: str


def party_key(name: str, country: str | None) -> str:
    """The party as a clearance names it: its name in Latin letters, case and spacing folded, and
    its country; 'Ali Hassan (EG)' is not 'Ali Hassan (FR)'."""
    return f"{' '.join(anyascii(name).casefold().split())}|{(country or '').upper()}"


def party_of(item: Item, field: str) -> str | None:
    """The key of the party a finding's field (`sender.name`, `addressee.business`…) points at."""
    role, _, part = field.partition(".")
    party = item.sender if role == "sender" else item.addressee if role == "addressee" else None
    if not isinstance(party, Party) or part not in ("name", "business"):
        return None
    name = party.name if part == "name" else party.business
    country = party.address.country if party.address else None
    return party_key(name, country) if name else None


def clearance_of(reason: Finding, item: Item) -> Clearance | None:
    """The clearance a WATCHLIST_MATCH reason would need to be cleared."""
    detail = reason.detail or {}
    party = party_of(item, reason.field or "")
    if reason.code != Code.WATCHLIST_MATCH or party is None:
        return None
    entry = str(detail.get("entry_id"))
    return Clearance(party, str(detail.get("list")), entry, str(detail.get("fingerprint")))


def not_cleared(reasons: list[Finding], item: Item, cleared: Collection[Clearance]) -> list[Finding]:
    """The reasons, without the watchlist hits an officer has cleared."""
    if not cleared:
        return reasons
    return [reason for reason in reasons if clearance_of(reason, item) not in cleared]
