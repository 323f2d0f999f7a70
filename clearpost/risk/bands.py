"""Value bands: what goods of an HS subheading (or heading) are declared at per kilogram, as
robust quantiles of declarations. Shipped ones are learned from the KCS import declarations
(`python -m clearpost.risk.build_bands`), so that a fresh install already works; the store learns
its own from its history (`clearpost valuation learn`). valuation.py judges items against them.

Kept apart from valuation.py, which runs compiled (compile_modules.py): msgspec decodes the
nested structs of a mypyc-compiled module as plain dicts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from importlib import resources

import msgspec
import numpy as np

MIN_DECLARATIONS = 20
"""A band needs this many declarations of its subheading (or heading)."""


class Band(msgspec.Struct, frozen=True):
    low: float
    """10th percentile of EUR per kg."""
    median: float
    declarations: int


class ValueBands(msgspec.Struct, frozen=True):
    source: str
    """Where the bands were learned ('kcs' or 'store since …')."""
    bands: dict[str, Band]
    """HS6 or HS4 code -> band of EUR per kg."""

    def band(self, hs_code: str) -> tuple[str, Band] | None:
        """The band of the code's subheading, else of its heading (runs for every article)."""
        code = hs_code[:6]
        found = self.bands.get(code)
        if found is None:
            code = hs_code[:4]
            found = self.bands.get(code)
        return None if found is None else (code, found)


def learn_bands(observations: Iterable[tuple[str, float]], source: str) -> ValueBands:
    """Bands from (HS code, EUR per kg) observations, by subheading and by heading."""
    by_code: dict[str, list[float]] = defaultdict(list)
    for hs_code, per_kg in observations:
        if per_kg > 0 and len(hs_code) >= 6:
            by_code[hs_code[:6]].append(per_kg)
            by_code[hs_code[:4]].append(per_kg)
    bands = {}
    for code, values in by_code.items():
        if len(values) >= MIN_DECLARATIONS:
            low, median = np.percentile(values, [10, 50])
            bands[code] = Band(round(float(low), 4), round(float(median), 4), len(values))
    return ValueBands(source, bands)


@cache
def shipped_bands() -> ValueBands:
    """The bands learned from the KCS declarations (`python -m clearpost.risk.build_bands`)."""
    raw = resources.files("clearpost.risk").joinpath("data", "value_bands_kcs.json").read_bytes()
    return msgspec.json.decode(raw, type=ValueBands)
