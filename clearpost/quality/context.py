"""What a check sees besides the item: the profile in force, the clock, the reference data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from clearpost.hs.mismatch import MismatchJudge
from clearpost.hs.nomenclature import Nomenclature
from clearpost.model import Item
from clearpost.quality.addresses import AddressRules
from clearpost.quality.descriptions import VagueLexicon
from clearpost.quality.profiles import Amount, Profile
from clearpost.quality.rates import ExchangeRates

COMMERCIAL = frozenset({"sale_of_goods", "commercial_sample"})


@dataclass(frozen=True, slots=True)
class QualityReference:
    """The reference data of the quality stage, loaded once by an edge and shared."""

    nomenclature: Nomenclature
    hs_judge: MismatchJudge
    addresses: AddressRules
    vague: VagueLexicon
    rates: ExchangeRates
    countries: frozenset[str]
    """ISO 3166-1 alpha-2 codes."""
    currencies: frozenset[str]
    """ISO 4217 codes."""
    ioss_states: Mapping[str, str]
    """ISO 3166-1 numeric code of an EU member state -> its alpha-2 code (IOSS digits 3-5)."""
    eu: frozenset[str]


@dataclass(frozen=True, slots=True)
class SenderHistory:
    """How many items each sender sent recently (a seller-like sender sends many); keyed by
    `sender_key`. Read by the edge from the store and this batch; passed in."""

    items: Mapping[str, int]
    seller_threshold: int = 5


def sender_key(item: Item) -> str | None:
    """A sender's identity across items: name, first address line, postcode and country,
    casefolded (a name alone is shared by many private persons)."""
    sender = item.sender
    if sender is None or not sender.name:
        return None
    address = sender.address
    if address is None:
        return sender.name.casefold().strip()
    line = address.lines[0] if address.lines else ""
    postcode, country = address.postcode or "", address.country or ""
    # (one f-string, not a join over a generator: this runs for every item, compiled)
    return (
        f"{sender.name.casefold().strip()}|{line.casefold().strip()}|"
        f"{postcode.casefold().strip()}|{country.casefold().strip()}"
    )


class Context:
    """What the checks of one item read besides the item. One is made per item, so it is a plain
    class: compiled, its `__init__` is native (a dataclass's is generated Python, many times
    slower); `Final` attributes keep it read-only."""

    __slots__ = ("day", "history", "now", "profile", "reference")

    def __init__(
        self,
        profile: Profile,
        now: dt.datetime,
        day: dt.date,
        reference: QualityReference,
        history: SenderHistory,
    ) -> None:
        self.profile: Final = profile
        self.now: Final = now
        """When the data was received (ingest time or --as-of)."""
        self.day: Final = day
        """The day values are converted on: the posting date, else the day received."""
        self.reference: Final = reference
        self.history: Final = history

    def eur(self, amount: float, currency: str | None) -> float | None:
        if currency is None:
            return None
        return self.reference.rates.to_eur(amount, currency, self.day)

    def rate_used(self, currency: str | None) -> dict[str, str]:
        """Which rate a conversion used, for a finding's detail (a day before the item's means
        the source had no later rate)."""
        quote = self.reference.rates.quote(currency, self.day) if currency else None
        return (
            {} if quote is None else {"rate_source": quote.source, "rate_date": quote.rate_date.isoformat()}
        )

    def eur_of(self, threshold: Amount) -> float | None:
        return self.eur(float(threshold.amount), threshold.currency)
