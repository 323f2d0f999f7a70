"""The features' encodings (features.py), apart from it because it runs compiled
(compile_modules.py): msgspec decodes the nested types of a mypyc-compiled module's structs
loosely (a tuple as a list)."""

from __future__ import annotations

import msgspec


class Encodings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the features learn from the training period, stored with the model."""

    prior: float
    """Share of positives over the training period."""
    vocabularies: dict[str, list[str]]
    """Category feature -> its learned values, in code order."""
    histories: dict[str, dict[str, tuple[int, int]]]
    """History -> key -> (declarations, positives) over the training period."""
    per_kg_medians: dict[str, float]
    """HS subheading or heading -> median declared EUR per kg."""
