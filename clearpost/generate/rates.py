"""How often each defect is planted."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from clearpost.model import Code

PLANTED_CODES: tuple[Code, ...] = (
    Code.MISSING_FIELD,
    Code.INVALID_ITEM_ID,
    Code.INVALID_HS_CODE,
    Code.OUTDATED_HS_CODE,
    Code.VAGUE_DESCRIPTION,
    Code.IMPLAUSIBLE_VALUE,
    Code.WEIGHT_INCONSISTENT,
    Code.GIFT_MISDECLARED,
    Code.WATCHLIST_MATCH,
    Code.UNDERVALUATION,
    Code.SPLIT_SHIPMENT,
    Code.DANGEROUS_GOODS,
)
"""The finding codes the generator can plant, in the order of `DefectRates`' fields."""


@dataclass(frozen=True, slots=True)
class DefectRates:
    """Share of items that carry each planted finding code (defaults: about 20 % defective in all).

    An item carries at most one planted code. `split_shipment` is the share of items that belong
    to a split group (2-4 items each), not the share of groups.
    """

    missing_field: float = 0.02
    invalid_item_id: float = 0.01
    invalid_hs_code: float = 0.02
    outdated_hs_code: float = 0.015
    vague_description: float = 0.03
    implausible_value: float = 0.015
    weight_inconsistent: float = 0.015
    gift_misdeclared: float = 0.015
    watchlist_match: float = 0.01
    undervaluation: float = 0.02
    split_shipment: float = 0.02
    dangerous_goods: float = 0.01

    def __post_init__(self) -> None:
        rates = self.by_code()
        for code, rate in rates.items():
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"the rate of {code} must be between 0 and 1, not {rate}")
        if sum(rates.values()) > 1.0:
            raise ValueError(
                f"the rates add up to {sum(rates.values()):.3f}; at most 1 item in 1 can be defective"
            )

    @classmethod
    def none(cls) -> DefectRates:
        """Only clean items."""
        return cls(**{field.name: 0.0 for field in dataclasses.fields(cls)})

    @classmethod
    def from_codes(cls, rates: Mapping[str, float], *, base: DefectRates | None = None) -> DefectRates:
        """Rates by finding code (e.g. from a command line); the others from `base` (or the defaults)."""
        unknown = set(rates) - {str(code) for code in PLANTED_CODES}
        if unknown:
            raise ValueError(f"the generator cannot plant {', '.join(sorted(unknown))}")
        return dataclasses.replace(base or cls(), **{code.lower(): rate for code, rate in rates.items()})

    def by_code(self) -> dict[Code, float]:
        return {code: getattr(self, code.lower()) for code in PLANTED_CODES}

    @property
    def total(self) -> float:
        return sum(self.by_code().values())
