"""Screening parties against watchlists: an inverted index of name-part keys finds candidate
entries (so a list of 50,000+ names is searched, not scanned), every candidate name is scored
(`matching.py`), and the entry's countries and birth years raise or lower the score."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from clearpost.risk.matching import name_similarity
from clearpost.risk.names import Name, parse_name
from clearpost.risk.watchlists import WatchlistEntry

THRESHOLD = 0.82
"""The default score from which a name is reported as a match (chosen on eval/screening)."""
CANDIDATES = 24
WEAK_ALIAS = 0.9
"""A list's low-quality aliases ('Abdul Rahman' alone) count for less."""
"""How many entries, best by shared name keys, are scored in full."""
COUNTRY_AGREES, COUNTRY_DIFFERS = 0.03, -0.05
BIRTH_YEAR_AGREES, BIRTH_YEAR_DIFFERS = 0.05, -0.12


@dataclass(frozen=True, slots=True)
class Hit:
    list_name: str
    entry_id: str
    matched_name: str
    """The list's name or alias that matched."""
    name_kind: str
    score: float
    match: bool
    why: str


def _keys(name: Name) -> set[str]:
    keys = set()
    for part in name.core:
        if len(part.text) < 2:
            continue
        keys.add("s:" + part.skeleton)
        if not name.unvowelled:
            keys.add("t:" + part.text)
            keys.add("p:" + part.text[:3])
    return keys


@dataclass(frozen=True, slots=True)
class _Listed:
    entry: WatchlistEntry
    name: Name
    written: str
    kind: str


class Screener:
    def __init__(self, entries: Iterable[WatchlistEntry], threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.names: list[_Listed] = []
        index: dict[str, list[int]] = defaultdict(list)
        for entry in entries:
            organization = entry.schema != "Person"
            for listed in entry.names:
                parsed = parse_name(listed.name, organization)
                if not parsed.parts:
                    continue
                row = len(self.names)
                self.names.append(_Listed(entry, parsed, listed.name, listed.kind))
                for key in _keys(parsed):
                    index[key].append(row)
        total = max(len(self.names), 1)
        self.postings = {key: np.array(rows, dtype=np.int32) for key, rows in index.items()}
        self.idf = {key: math.log(1 + total / len(rows)) for key, rows in index.items()}
        self._screened: dict[tuple[str, str | None, int | None, bool], list[Hit]] = {}

    def screen(
        self,
        name: str,
        *,
        country: str | None = None,
        birth_year: int | None = None,
        organization: bool = False,
        limit: int = 5,
    ) -> list[Hit]:
        """Entries whose names come close to `name`, best first (at most one hit per entry)."""
        cache_key = (name, country, birth_year, organization)
        cached = self._screened.get(cache_key)
        if cached is not None:
            return cached[:limit]
        query = parse_name(name, organization)
        keys = [key for key in _keys(query) if key in self.postings]
        if not keys:
            return self._remember(cache_key, [], limit)
        rows = np.concatenate([self.postings[key] for key in keys])
        weights = np.concatenate([np.full(len(self.postings[key]), self.idf[key]) for key in keys])
        votes = np.bincount(rows, weights=weights)
        top = np.argpartition(-votes, min(CANDIDATES, len(votes) - 1))[:CANDIDATES]
        strongest = float(votes.max())
        best: dict[tuple[str, str], Hit] = {}
        for row in top:
            if votes[row] < 0.5 * strongest:  # shares too little with the name to be it
                continue
            listed = self.names[row]
            score = name_similarity(query, listed.name) * (WEAK_ALIAS if listed.kind == "weak_alias" else 1.0)
            if score < 0.6:
                continue
            why = [f"name {score:.2f} against {listed.kind} {listed.written!r}"]
            score += self._qualifiers(listed.entry, country, birth_year, why)
            score = max(0.0, min(1.0, score))
            key = (listed.entry.list_name, listed.entry.entry_id)
            if key not in best or score > best[key].score:
                best[key] = Hit(
                    listed.entry.list_name,
                    listed.entry.entry_id,
                    listed.written,
                    listed.kind,
                    round(score, 4),
                    score >= self.threshold,
                    "; ".join(why),
                )
        return self._remember(cache_key, sorted(best.values(), key=lambda hit: -hit.score), limit)

    def _remember(
        self, key: tuple[str, str | None, int | None, bool], hits: list[Hit], limit: int
    ) -> list[Hit]:
        if len(self._screened) > 200_000:
            self._screened.clear()
        self._screened[key] = hits
        return hits[:limit]

    @staticmethod
    def _qualifiers(
        entry: WatchlistEntry, country: str | None, birth_year: int | None, why: list[str]
    ) -> float:
        change = 0.0
        if country and entry.countries:
            if country in entry.countries:
                change += COUNTRY_AGREES
                why.append(f"country {country} listed")
            else:
                change += COUNTRY_DIFFERS
                why.append(f"country {country} not among {', '.join(sorted(entry.countries))}")
        if birth_year and entry.birth_years:
            if any(abs(birth_year - year) <= 1 for year in entry.birth_years):
                change += BIRTH_YEAR_AGREES
                why.append(f"born {birth_year}, as listed")
            else:
                change += BIRTH_YEAR_DIFFERS
                why.append(f"born {birth_year}, list says {', '.join(map(str, sorted(entry.birth_years)))}")
        return change
