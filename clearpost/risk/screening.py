"""Screening parties against watchlists.

The index is one of name parts: every distinct part of the listed names (and every run of
neighbouring parts read as one) is a token, found by keys (`_keys`: spelling, one-slip spellings,
skeleton, consonant classes, Korean syllable key) and holding the names it appears in. A name is
screened part by part, rarest first: the tokens alike to each part (scored once, remembered for
the next name with that part), the listed names holding tokens alike to the parts it cannot do
without, and of those only the ones whose score could reach the floor if every part matched as
well as its most alike token are compared in full (`matching.py`); a list of 50,000+ names is
searched, not scanned. Then the evidence is weighed as an officer would:

- a name made of common parts ("Mohamed Ali") is shared by many people, so its match counts for
  less: the score drops by `COMMON_NAME` for each unit of information (log10, `NameParts`) the
  matched parts fall short of `ENOUGH_EVIDENCE`;
- a list's weak aliases (OFAC's "weak a.k.a.", the UN's low-quality aliases) never match on the
  name alone: the birth year or the country must agree;
- a country that differs from the entry's lowers the score, much for a common name, not at all
  for a rare one (people move); a birth year raises or lowers it.

The weights were chosen on the even rows of eval/screening's files (`make eval-screening` prints
the figures of both halves). Each hit names the list, the entry, the name matched and why, and
carries a fingerprint of the entry (its names, birth dates and countries): a cleared false hit is
honoured until the entry changes.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import msgspec
from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.process import cdist

from clearpost.risk.matching import MIDDLE, SHORT_SHARE, TYPO, Comparer, Prepared, Similarity, joined
from clearpost.risk.names import (
    PARTICLES,
    Name,
    NameParts,
    Part,
    coarse,
    fold_units,
    korean_key,
    parse_name,
    shipped_name_parts,
)
from clearpost.risk.watchlists import WatchlistEntry

KOREAS = frozenset({"KP", "KR"})
"""Countries whose people's romanised names are compared as Korean syllables (Ri = Lee)."""
THRESHOLD = 0.82
"""The default score from which a name is reported as a match (chosen on eval/screening)."""
ENOUGH_EVIDENCE = 4.0
"""Matched information (log10) from which a name is rare enough to stand on its own."""
COMMON_NAME = 0.08
"""How much the score drops per unit of information the match falls short of `ENOUGH_EVIDENCE`."""
COUNTRY_AGREES, COUNTRY_DIFFERS = 0.0, -0.15
COMMON_COUNTRY, RARE_NAME = 4.5, 6.0
"""A country that differs lowers a match with this much evidence or less by `COUNTRY_DIFFERS`, and
less and less up to a rare name's evidence, which it does not lower."""
BIRTH_YEAR_AGREES, BIRTH_YEAR_DIFFERS = 0.06, -0.15
ALIKE = 0.5
"""Parts less alike than this are not aligned (`matching.py`), so they do not make candidates."""
COVERED = 0.65
"""A listed name is compared in full only when its parts are alike to parts holding this share
of the screened name's information."""
KOREAN_ALIKE = 0.6
"""Coarse Korean syllable keys (`korean_key`) less alike than this make parts less alike than
`ALIKE`: a pre-filter of the tokens scored; how alike the parts are is `matching.py`'s to say
('young' and 'ryong' share a key, but are other syllables)."""
DECISIVE = 0.7
"""Candidates come from the tokens at least this alike to the query's most informative parts."""
MANY = 32
"""Candidates from one of a query's parts beyond which the others are looked up too."""
REPORTED = 0.7
"""Listed names whose names come less close than this are not reported, even as near misses."""
SCREENED_CACHE = 200_000
"""Names screened (with their qualifiers) whose hits are remembered."""
SIMILARITIES_CACHE = 2_000_000
"""Pairs of name parts whose similarity is remembered."""


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
    fingerprint: str
    """A digest of the entry's names, birth dates and countries: changes when the entry does."""


_INDEX = (
    "names",
    "_tokens",
    "_token_ids",
    "_token_names",
    "_token_keys",
    "_single_tokens",
    "_name_tokens",
    "_name_runs",
    "_name_run_tokens",
)
"""What a stored index holds besides its threshold and name-part table: all but the comparer and
what is remembered of screened names, made again as names are screened."""

_Runs = list[tuple[frozenset[int], dict[int, float]]]
"""Runs of a query's neighbouring parts read as one: the parts, and the tokens alike to the run."""


def _middle_weight(weights: list[float]) -> list[float]:
    """What leaving out each part may save of a name's weight (middle parts only)."""
    return (
        [0.0, *((1 - MIDDLE) * w for w in weights[1:-1]), 0.0] if len(weights) > 2 else [0.0] * len(weights)
    )


def _optimistic_total(weights: list[float], best: list[float], middle: list[float]) -> float:
    """A name's weight, its unmatched middle parts at `MIDDLE` (as `matching._total` may count them)."""
    return sum(weights, 0.0) - sum((m for m, b in zip(middle, best, strict=True) if not b), 0.0)


def entry_fingerprint(entry: WatchlistEntry) -> str:
    """sha256 (first 16 hex digits) of the entry's schema, names with their kinds, birth dates and
    years, and countries, in a fixed order: the same entry in the next version of the list keeps
    it; an entry whose identifying data changed does not."""
    canonical = msgspec.json.encode(
        [
            entry.schema,
            sorted([n.name, n.kind] for n in entry.names),
            sorted(entry.birth_dates),
            sorted(entry.birth_years),
            sorted(entry.countries),
        ]
    )
    return hashlib.sha256(canonical).hexdigest()[:16]


_ABD = re.compile(r"abd(?:ul|el|al|ur|ar|us|as|ou|u|e|i)?(?=[a-z]{3})")


def _keys(part: Part, korean: bool) -> list[str]:
    """The index keys of a name part: its spelling (t), the spellings with one letter left out
    (d: one slip of the keyboard away), its skeleton (s: other transliterations), its consonant
    classes (c: other scripts), its Korean syllable key (k), its Arabic or Hebrew letters (u)."""
    keys = ["s:" + part.skeleton, "c:" + coarse(part)]
    if part.units:
        return [*keys, "u:" + fold_units(part.units)]
    text = part.text
    keys.append("t:" + text)
    if len(text) >= 3:
        keys.append("d:" + text)
    if len(text) >= 4:
        keys += ["d:" + text[:i] + text[i + 1 :] for i in range(len(text))]
    if rest := _ABD.match(text):  # Abdulmalik is also found by Malik, and by ملك
        remainder = text[rest.end() :]
        keys += ["t:" + remainder, "c:" + coarse(Part(remainder, "", False))]
    if korean:
        keys.append("k:" + korean_key(text))
    return keys


@dataclass(slots=True)
class _Listed:
    entry: WatchlistEntry
    name: Name
    written: str
    kind: str
    fingerprint: str
    prepared: Prepared | None = None
    """Made ready for comparing when first compared."""
    weights: list[float] | None = None
    """Its core parts' information, when first needed."""

    def __reduce__(self) -> tuple[type[_Listed], tuple[WatchlistEntry, Name, str, str, str]]:
        # pickled by its fields (a stored index holds tens of thousands), without the work remembered
        return _Listed, (self.entry, self.name, self.written, self.kind, self.fingerprint)


def _windows(
    parts: tuple[Part, ...], core: tuple[Part, ...]
) -> list[tuple[tuple[Part, ...], frozenset[int]]]:
    """Runs of two or three neighbouring parts holding a core part, with the core parts they hold."""
    index = {id(part): i for i, part in enumerate(core)}
    windows = []
    for width in (2, 3):
        for start in range(len(parts) - width + 1):
            run = parts[start : start + width]
            cores = frozenset(index[id(p)] for p in run if id(p) in index)
            if cores:
                windows.append((run, cores))
    return windows


class Screener:
    """The loaded watchlists, indexed by name part (see the module's description). Screened
    names are remembered with their qualifiers: a party seen again costs a lookup."""

    def __init__(
        self,
        entries: Iterable[WatchlistEntry],
        threshold: float = THRESHOLD,
        parts: NameParts | None = None,
    ) -> None:
        self.threshold = threshold
        self.parts = parts if parts is not None else shipped_name_parts()
        self.comparer = Comparer(self.parts, remember=SIMILARITIES_CACHE)
        self.names: list[_Listed] = []
        self._tokens: list[Part] = []
        self._token_ids: dict[tuple[str, str], int] = {}
        self._token_names: list[list[int]] = []
        self._token_keys: dict[str, list[int]] = defaultdict(list)
        self._single_tokens: set[int] = set()
        self._name_tokens: list[tuple[int, ...]] = []
        self._name_runs: list[tuple[tuple[int, frozenset[int]], ...]] = []
        self._name_run_tokens: list[tuple[int, ...]] = []
        for entry in entries:
            organization = entry.schema != "Person"
            fingerprint = entry_fingerprint(entry)
            for listed in entry.names:
                parsed = parse_name(listed.name, organization)
                if not parsed.core:
                    continue
                row = len(self.names)
                self.names.append(_Listed(entry, parsed, listed.name, listed.kind, fingerprint))
                singles = tuple(self._token(part) for part in parsed.core)
                runs = tuple(
                    (self._run_token(run), cores) for run, cores in _windows(parsed.parts, parsed.core)
                )
                self._name_tokens.append(singles)
                self._name_runs.append(runs)
                self._name_run_tokens.append(tuple(token for token, _ in runs))
                for token in {*singles, *(token for token, _ in runs)}:
                    self._token_names[token].append(row)
        self._alike: dict[tuple[str, str, bool], dict[int, float]] = {}
        self._screened: dict[tuple[str, str | None, int | None, bool, bool], list[Hit]] = {}

    def __reduce__(
        self,
    ) -> tuple[Callable[..., Screener], tuple[float, NameParts | None, dict[str, Any]]]:
        """The index, to be stored (`clearpost.store.screening_index`) and read back at the next
        start instead of being built again: without what is remembered of screened names and
        compared parts, and without the packaged name-part table (read again on loading)."""
        parts = None if self.parts is shipped_name_parts() else self.parts
        return _restored, (self.threshold, parts, {name: getattr(self, name) for name in _INDEX})

    def _new_token(self, key: tuple[str, str], part: Part) -> int:
        token = self._token_ids[key] = len(self._tokens)
        self._tokens.append(part)
        self._token_names.append([])
        return token

    def _token(self, part: Part) -> int:
        """The token of a listed name's part, indexed by all its keys."""
        key = (part.text, part.units)
        token = self._token_ids.get(key)
        if token is None:
            token = self._new_token(key, part)
        elif token not in self._single_tokens:  # known so far as a run only
            self._tokens[token] = part
        if token not in self._single_tokens:
            self._single_tokens.add(token)
            if len(part.text) > 1 or part.units:
                for index_key in _keys(part, korean=len(part.text) <= 6):
                    self._token_keys[index_key].append(token)
        return token

    def _run_token(self, run: tuple[Part, ...]) -> int:
        """The token of neighbouring parts read as one, indexed by its spelling (or letters)."""
        text, units = "".join(p.text for p in run), "".join(p.units for p in run)
        token = self._token_ids.get((text, units))
        if token is None:
            part = Part(text, "", False, units)
            token = self._new_token((text, units), part)
            self._token_keys["u:" + fold_units(units) if units else "t:" + text].append(token)
            self._token_keys["c:" + coarse(part)].append(token)  # حمیدرضا for Hamid-Reza
        return token

    def _weights(self, row: int) -> list[float]:
        listed = self.names[row]
        if listed.weights is None:
            listed.weights = [self.parts.of(part) for part in listed.name.core]
        return listed.weights

    def _prepared(self, row: int) -> Prepared:
        listed = self.names[row]
        if listed.prepared is None:
            listed.prepared = self.comparer.prepare(listed.name)
            if listed.entry.countries and not listed.entry.countries & KOREAS:
                listed.prepared.korean = False
        return listed.prepared

    def screen(
        self,
        name: str,
        *,
        country: str | None = None,
        birth_year: int | None = None,
        organization: bool = False,
        limit: int = 5,
        matches_only: bool = False,
    ) -> list[Hit]:
        """Entries whose names come close to `name` (a score of `REPORTED` or more), matches
        first, best first, at most one hit per entry; only the matches with `matches_only`."""
        cache_key = (name, country, birth_year, organization, matches_only)
        cached = self._screened.get(cache_key)
        if cached is None:
            cached = self._screen(parse_name(name, organization), country, birth_year, matches_only)
            if matches_only:
                cached = [hit for hit in cached if hit.match]
            if len(self._screened) >= SCREENED_CACHE:
                self._screened.clear()
            self._screened[cache_key] = cached
        return cached[:limit]

    def _alike_tokens(self, part: Part, korean: bool) -> dict[int, float]:
        """The listed tokens alike to a part (similarity above `ALIKE`), by token."""
        cache_key = (part.text, part.units, korean)
        alike = self._alike.get(cache_key)
        if alike is not None:
            return alike
        found: set[int] = set()
        for key in _keys(part, korean):
            if part.units or korean or not key.startswith("c:"):  # classes: for other scripts
                found.update(self._token_keys.get(key, ()))
        tokens = [self._tokens[token] for token in found]
        if part.units:
            pairs = list(zip(found, tokens, strict=True))
        else:  # Latin letters: alike only if the spellings (or Korean syllable keys) are
            texts = [token.text if not token.units else "" for token in tokens]
            spelling = cdist([part.text], texts, scorer=OSA.normalized_similarity, score_cutoff=ALIKE)[0]
            if korean:
                keys = [korean_key(text) for text in texts]
                by_key = cdist([korean_key(part.text)], keys, scorer=Levenshtein.normalized_similarity)[0]
                spelling = spelling + (by_key >= KOREAN_ALIKE)
            # (listed names in Arabic or Hebrew script have their Latin spelling listed too)
            pairs = [(t, tokens[i]) for i, t in enumerate(found) if spelling[i]]
        alike = {}
        similar = self.comparer.part_similarity
        for token, other in pairs:
            similarity = similar(part, other, korean)
            if similarity > ALIKE:
                alike[token] = similarity
        if len(self._alike) >= SIMILARITIES_CACHE // 10:
            self._alike.clear()
        self._alike[cache_key] = alike
        return alike

    def _typos_weigh_as_names(self, query: Prepared) -> None:
        """A part no table knows that is a slip away from a listed name ('Muhammd') tells as
        little as that name, or one away from a particle ('All'), as little as a particle."""
        korean = query.name.script == "HANGUL" or query.korean
        for i, part in enumerate(query.name.core):
            if not self.parts.known(part):
                slips = self._alike_tokens(part, korean)
                named = [self.parts.of(self._tokens[t]) for t, s in slips.items() if s >= TYPO]
                if (
                    not slips
                    and not part.units
                    and any(OSA.distance(part.text, particle) <= 1 for particle in PARTICLES)
                ):
                    named.append(1.0)  # 'All' for al-, 'Sauyed' for Sayyid
                if named:
                    query.weights[i] = min(query.weights[i], *named)

    def _holding(self, similar: list[dict[int, float]]) -> set[int]:
        """The listed names holding a token at least `DECISIVE` alike (in any of `similar`)."""
        rows: set[int] = set()
        for tokens in similar:
            for token, similarity in tokens.items():
                if similarity >= DECISIVE:
                    rows.update(self._token_names[token])
        return rows

    def _holders(self, query: Prepared, korean: bool, runs: _Runs) -> tuple[set[int], list[dict[int, float]]]:
        """The listed names that may cover `COVERED` of the query's information, and the tokens
        alike to each part of the query. They must hold (a token alike to) every part without
        which the others fall short of it, or else one of the most informative parts (those
        without which the others fall short); when that leaves many, the parts they hold must
        weigh enough. The rarest parts are looked at first, and the others only when some listed
        name holds those."""
        weights, core = query.weights, query.name.core
        total = sum(weights)
        need = COVERED * total
        order = sorted(range(len(weights)), key=lambda i: -weights[i])
        alike: list[dict[int, float] | None] = [None] * len(weights)
        holdings: dict[int, set[int]] = {}

        def holding(i: int) -> set[int]:
            alike[i] = tokens = self._alike_tokens(core[i], korean)
            held = self._holding([tokens, *(similar for cores, similar in runs if i in cores)])
            holdings[i] = held
            return held

        found: set[int] | None = None
        for i in order:
            if total - weights[i] >= need:
                break
            held = holding(i)  # a part no name can do without
            found = held if found is None else found & held
            if not found:
                return set(), []
        if found is None:
            found = set()
            rest = total
            for i in order:
                if rest < need:
                    break
                found |= holding(i)
                rest -= weights[i]
            if len(found) > MANY:
                for i in order:
                    if i not in holdings:
                        holding(i)
                found = {
                    row
                    for row in found
                    if sum(w for i, w in enumerate(weights) if row in holdings[i]) >= need
                }
            if not found:
                return set(), []
        return found, [
            tokens if tokens is not None else self._alike_tokens(part, korean)
            for tokens, part in zip(alike, core, strict=True)
        ]

    def _runs(self, name: Name, korean: bool) -> _Runs:
        """Runs of two or three neighbouring parts of a name (holding a core part) that, read as
        one, are alike to listed tokens: 'Abdul Rahman' to Abdulrahman, عبد الملك to Abdulmalik.
        Runs holding a particle are looked up like parts, others by their spelling only."""
        runs: _Runs = []
        for run, cores in _windows(name.parts, name.core):
            if any(p.particle for p in run):
                alike = self._alike_tokens(joined(run), korean)
                if alike:
                    runs.append((cores, alike))
                continue
            units = "".join(p.units for p in run)
            key = "u:" + fold_units(units) if units else "t:" + "".join(p.text for p in run)
            tokens = self._token_keys.get(key)
            if tokens:
                runs.append((cores, dict.fromkeys(tokens, 1.0)))
        return runs

    def _candidates(self, query: Prepared, floor: float = 0.0) -> list[int]:
        """The listed names that could score `floor` (at least `REPORTED`) against the query:
        those holding tokens alike to its most informative parts, whose score, if every part
        matched as well as its most alike token, would reach it."""
        floor = max(floor, REPORTED)
        korean = query.name.script == "HANGUL" or query.korean
        weights = query.weights
        runs = self._runs(query.name, korean)
        found, alike = self._holders(query, korean, runs)
        if not found:
            return []
        # each alike token: how alike it is to each part of the query (a run: to each of its parts)
        vectors: dict[int, list[float]] = {}
        for i, similar in enumerate(alike):
            for token, similarity in similar.items():
                vectors.setdefault(token, [0.0] * len(weights))[i] = similarity
        for cores, similar in runs:
            for token, similarity in similar.items():
                vector = vectors.setdefault(token, [0.0] * len(weights))
                for k in cores:
                    vector[k] = max(vector[k], similarity)
        candidates = []
        get = vectors.get
        middle = _middle_weight(weights)
        for row in found:
            # each part of either name at its most alike counterpart (an upper bound of the score)
            singles = self._name_tokens[row]
            listed_vectors = list(map(get, singles))
            held = [vector for vector in listed_vectors if vector is not None]
            run_tokens = self._name_run_tokens[row]
            if any(map(vectors.__contains__, run_tokens)):
                held += [vector for vector in map(get, run_tokens) if vector is not None]
            best = [max(column) for column in zip(*held, strict=True)] if len(held) > 1 else held[0]
            covered = sum(w * b for w, b in zip(weights, best, strict=True))
            covered /= _optimistic_total(weights, best, middle)
            if covered < COVERED:
                continue
            best_listed = [max(vector) if vector is not None else 0.0 for vector in listed_vectors]
            for token, cores in self._name_runs[row]:
                run_vector = get(token)
                if run_vector is not None:
                    for k in cores:
                        best_listed[k] = max(best_listed[k], max(run_vector))
            listed_weights = self._weights(row)
            covered_listed = sum(w * b for w, b in zip(listed_weights, best_listed, strict=True))
            covered_listed /= _optimistic_total(listed_weights, best_listed, _middle_weight(listed_weights))
            if len(weights) == 1 or len(listed_weights) == 1:
                bound = min(covered, covered_listed)
            elif len(weights) <= len(listed_weights):
                bound = SHORT_SHARE * covered + (1 - SHORT_SHARE) * covered_listed
            else:
                bound = SHORT_SHARE * covered_listed + (1 - SHORT_SHARE) * covered
            if bound >= floor:
                candidates.append(row)
        return candidates

    def _screen(
        self, query: Name, country: str | None, birth_year: int | None, matches_only: bool
    ) -> list[Hit]:
        if not query.core:
            return []
        prepared = self.comparer.prepare(query)
        if country and country not in KOREAS:
            prepared.korean = False  # Li Jun of China is not Ri Chun
        self._typos_weigh_as_names(prepared)
        # a match needs a name score from which the qualifiers can lift it to the threshold
        lift = (BIRTH_YEAR_AGREES if birth_year else 0.0) + (COUNTRY_AGREES if country else 0.0)
        # and so much more as the common-name penalty takes at least: a name tells no more than
        # its parts do
        shortfall = max(0.0, ENOUGH_EVIDENCE - sum(prepared.weights))
        floor = self.threshold - lift + COMMON_NAME * shortfall if matches_only else REPORTED
        if floor > 1:
            return []
        best: dict[tuple[str, str], Hit] = {}
        for row in self._candidates(prepared, floor):
            listed = self.names[row]
            similarity = self.comparer.compare(prepared, self._prepared(row))
            if similarity.score < floor:
                continue
            score, why, agrees = self._weigh(similarity, listed, country, birth_year)
            key = (listed.entry.list_name, listed.entry.entry_id)
            match = score >= self.threshold and (listed.kind != "weak_alias" or agrees)
            if key not in best or (match, score) > (best[key].match, best[key].score):
                best[key] = Hit(
                    listed.entry.list_name,
                    listed.entry.entry_id,
                    listed.written,
                    listed.kind,
                    round(score, 4),
                    match,
                    "; ".join(why),
                    listed.fingerprint,
                )
        return sorted(best.values(), key=lambda hit: (-hit.match, -hit.score))

    def _weigh(
        self, similarity: Similarity, listed: _Listed, country: str | None, birth_year: int | None
    ) -> tuple[float, list[str], bool]:
        """The score of a name match with its qualifiers, the reasons, and whether a qualifier agrees."""
        kind = listed.kind.replace("_", " ")
        why = [f"name {similarity.score:.2f} against {kind} {listed.written!r}"]
        score = similarity.score
        if similarity.evidence < ENOUGH_EVIDENCE:
            score -= COMMON_NAME * (ENOUGH_EVIDENCE - similarity.evidence)
            why.append(f"a common name ({similarity.evidence:.1f} of {ENOUGH_EVIDENCE} units of evidence)")
        entry = listed.entry
        agrees = False
        if country and entry.countries:
            if country in entry.countries:
                score += COUNTRY_AGREES
                agrees = True
                why.append(f"country {country} listed")
            else:  # people move: that says much against a common name, little against a rare one
                rarity = (RARE_NAME - similarity.evidence) / (RARE_NAME - COMMON_COUNTRY)
                score += COUNTRY_DIFFERS * min(1.0, max(0.0, rarity))
                why.append(f"country {country} not among {', '.join(sorted(entry.countries))}")
        if birth_year and entry.birth_years:
            if any(abs(birth_year - year) <= 1 for year in entry.birth_years):
                score += BIRTH_YEAR_AGREES
                agrees = True
                why.append(f"born {birth_year}, as listed")
            else:
                score += BIRTH_YEAR_DIFFERS
                why.append(f"born {birth_year}, list says {', '.join(map(str, sorted(entry.birth_years)))}")
        if listed.kind == "weak_alias" and not agrees:
            why.append("a weak alias: a match needs the country or birth year to agree")
        return max(0.0, min(1.0, score)), why, agrees


def _restored(threshold: float, parts: NameParts | None, index: dict[str, Any]) -> Screener:
    """A stored index read back (`Screener.__reduce__`)."""
    screener = Screener((), threshold, parts)
    for name, value in index.items():
        setattr(screener, name, value)
    return screener
