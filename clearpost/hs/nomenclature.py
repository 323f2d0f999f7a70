"""The HS nomenclature as frozen reference data: chapters, headings and subheadings of HS 2022,
and the HS 2017 subheadings that HS 2022 deleted, with the HS 2022 codes likely to replace them.

The WCO's correlation tables are not public data we can ship, so successors are derived from the
two editions: the HS 2022 subheadings of the same heading that are new in 2022 (where the 2017
code was split or moved), ranked by the words their texts share with the 2017 text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

_WORD = re.compile(r"[a-z]{3,}")
_STOP = frozenset({"and", "the", "for", "with", "not", "other", "whether", "than", "their", "thereof", "of"})


@dataclass(frozen=True, slots=True)
class Nomenclature:
    texts: Mapping[str, str]
    """HS 2022 code (2, 4 or 6 digits) -> its text."""
    subheadings: frozenset[str]
    """HS 2022 six-digit subheadings."""
    headings: frozenset[str]
    chapters: frozenset[str]
    outdated: Mapping[str, str]
    """HS 2017 subheadings that HS 2022 no longer has -> their 2017 text."""
    successors: Mapping[str, tuple[str, ...]]
    """Outdated HS 2017 subheading -> likely HS 2022 replacements, best first (may be empty)."""

    def text(self, code: str) -> str | None:
        return self.texts.get(code)


def _rows(name: str) -> list[dict[str, str]]:
    raw = resources.files("clearpost.hs").joinpath("data", name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(raw)))


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower())) - _STOP


@cache
def load_nomenclature() -> Nomenclature:
    """Read the packaged nomenclature (once per process)."""
    current = {row["hscode"]: row["description"] for row in _rows("hs2022.csv") if row["level"] in "246"}
    previous = {row["hscode"]: row["description"] for row in _rows("hs2017.csv") if row["level"] == "6"}
    subheadings = frozenset(code for code in current if len(code) == 6 and code != "999999")
    outdated = {code: text for code, text in previous.items() if code not in subheadings}
    new_in_2022 = subheadings - previous.keys()
    by_heading: dict[str, list[str]] = {}
    for code in sorted(subheadings):
        by_heading.setdefault(code[:4], []).append(code)
    successors: dict[str, tuple[str, ...]] = {}
    for code, text in outdated.items():
        same_heading = by_heading.get(code[:4], [])
        pool = [c for c in same_heading if c in new_in_2022] or same_heading
        words = _words(text)
        ranked = sorted(pool, key=lambda c: (-len(words & _words(current[c])), c))
        successors[code] = tuple(ranked[:5])
    return Nomenclature(
        texts=MappingProxyType(current),
        subheadings=subheadings,
        headings=frozenset(code for code in current if len(code) == 4),
        chapters=frozenset(code for code in current if len(code) == 2),
        outdated=MappingProxyType(outdated),
        successors=MappingProxyType(successors),
    )
