"""The e-commerce lexicon: everyday product words in marketplace titles -> HS 2022 headings and subheadings.

Marketplace titles say "earbuds", "hoodie", "phone case"; the nomenclature says "Headphones and earphones
...", "Jerseys, pullovers, cardigans ...". `data/ecommerce_lexicon.yaml` (documented at its top) maps the
former to the latter: product terms by area (with French, Spanish and German equivalents of the commonest),
material and construction cues (cotton, leather, sterling silver, knitted ...) and audience cues (women's,
men's, babies') that move a candidate within its heading or to another heading.

`Lexicon.match(title)` finds the terms and cues of a title, longest phrase first; `Lexicon.candidates(title)`
turns them into scored HS codes with a short reason ("'earbuds' → 8518.30"). Matching casefolds, applies
Unicode NFKC, strips accents and punctuation, folds English singular/plural (hoodies/hoodie) and
hyphen/space/joined variants (t-shirt, t shirt, tshirt), and only matches whole words, so "ring" never
matches inside "earring" or "spring". Everything is compiled once into a trie keyed on tokens (terms have
at most 4 words) and both methods are memoised per exact text.

Everything here is pure except `load_lexicon`, which reads the packaged YAML once per process.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

import yaml

__all__ = [
    "Candidate",
    "Cue",
    "Lexicon",
    "LexiconError",
    "LexiconHit",
    "iter_terms",
    "load_lexicon",
    "parse_lexicon",
    "tokenize",
]

MAX_WORDS = 4
"""Longest term, in tokens; the trie is at most this deep."""

CONTEXT_FACTOR = 0.35
"""Weight multiplier for terms after a context word ("case for iphone": the iphone is not the item)."""

MODIFIER_FACTOR = 0.6
"""Weight multiplier for a term qualifying the next one ("iphone charger", "t-shirt dress"): in English the
last noun is the item; in French/Spanish titles ("coque iphone", "funda iphone") the first one is."""

MODIFIER_GAP = 3
"""Terms at most this many tokens apart are neighbours for MODIFIER_FACTOR ("iphone 15 pro max case")."""

BOOST = 1.5
"""Multiplier for a candidate that a cue confirms or moves to."""

KEEP = 0.4
"""Multiplier for a candidate that a cue contradicts or moves away from (kept, in case the cue misleads)."""

_CACHE_SIZE = 65536

Kind = Literal["term", "material", "audience"]
Role = Literal["item", "modifier", "context"]
CueKind = Literal["material", "audience"]
Candidate = tuple[str, float, str]
"""(HS code, score, reason): 4-digit heading or 6-digit subheading, a score comparable across titles
(a one-word term alone gives its first code 1.0), and a short English reason."""


class LexiconError(ValueError):
    """The lexicon data is malformed."""


class LexiconHit(NamedTuple):
    """A term or cue found in a title (a named tuple: cheap to build for every item in bulk)."""

    term: str
    """The lexicon word or phrase as written in the YAML ('earbuds', 'coque', 'sterling silver')."""
    canonical: str
    """The English entry a term belongs to (itself for English terms), or the cue's name ('silver')."""
    kind: Kind
    codes: tuple[str, ...]
    """Candidate codes of a term, likeliest first; empty for cues."""
    weight: float
    """Longer phrases weigh more (1.0 for one word, +0.5 a word); terms after a context word weigh less."""
    start: int
    """Token span [start, end) in `tokenize(title)`."""
    end: int
    role: Role = "item"
    """For terms: "item" (the product itself), "modifier" (qualifies a neighbouring term: 'iphone' in
    'iphone charger', weight x0.6) or "context" (after 'for', 'with' ... following another term: 'iphone'
    in 'case for iphone', weight x0.35). Cues are always "item"."""


@dataclass(frozen=True, slots=True)
class Cue:
    """A material/construction or audience cue and the codes it moves candidates to."""

    name: str
    kind: CueKind
    aliases: tuple[str, ...]
    targets: Mapping[str, tuple[str, ...]]
    """Candidate code (6 digits, looked up first) or heading (4 digits) -> codes this cue points to."""


# --- normalisation ---------------------------------------------------------------------------------------

_APOSTROPHE_S = re.compile(r"['’‘`´]s\b")
_WORD = re.compile(r"[^\W_]+")


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=4096)
def _strip_accents(run: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", run) if not unicodedata.combining(ch))


def _strip_match(match: re.Match[str]) -> str:
    return _strip_accents(match.group())


def tokenize(text: str) -> tuple[str, ...]:
    """Words of a text: NFKC, casefolded, accents stripped, "women's" -> "womens", punctuation dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if not folded.isascii():
        folded = _NON_ASCII.sub(_strip_match, folded)
    return tuple(_WORD.findall(_APOSTROPHE_S.sub("s", folded)))


_F_TO_VES = frozenset(
    {"knife", "life", "wife", "shelf", "scarf", "leaf", "half", "wolf", "loaf", "calf", "elf"}
)
_SIBILANT = ("ss", "us", "is", "x", "z", "ch", "sh")


def _number_forms(word: str, invariant: frozenset[str]) -> list[str]:
    """Other English number of a word: plural of a singular (hoodie -> hoodies, dress -> dresses, knife ->
    knives), singular of a plural (earbuds -> earbud, hoodies -> hoodie, gloves -> glove)."""
    if not word.isalpha() or len(word) < 3 or word in invariant:
        return []
    if word.endswith(_SIBILANT):
        return [word + "es"]
    if word.endswith("s"):
        if len(word) < 4:
            return []
        if word.endswith("ies"):
            forms = [word[:-1], word[:-3] + "y"]
        elif word.endswith("ves"):
            forms = [word[:-1], word[:-3] + "f", word[:-3] + "fe"]
        elif word.endswith(("sses", "xes", "zes", "ches", "shes")):
            forms = [word[:-2]]
        elif word.endswith("ses"):
            forms = [word[:-1], word[:-2]]
        else:
            forms = [word[:-1]]
        if word.endswith(("ns", "as", "os")):  # lens, atlas, thermos: singulars that end in s
            forms.append(word + "es")
        return forms
    if word.endswith("y") and word[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    if word in _F_TO_VES:
        return [word + "s", word[:-2] + "ves" if word.endswith("fe") else word[:-1] + "ves"]
    return [word + "s"]


def _joined(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every way of writing adjacent words together: (t, shirt) -> (tshirt,); (a, b, c) -> (ab, c), ..."""
    variants: list[tuple[str, ...]] = []
    for joins in itertools.product((False, True), repeat=len(words) - 1):
        if not any(joins):
            continue
        parts = [words[0]]
        for word, join in zip(words[1:], joins, strict=True):
            if join:
                parts[-1] += word
            else:
                parts.append(word)
        variants.append(tuple(parts))
    return variants


def _variants(words: tuple[str, ...], english: bool, invariant: frozenset[str]) -> list[tuple[str, ...]]:
    forms = [words, *_joined(words)]
    if english:
        for form in list(forms):
            last = form[-1]
            forms.extend((*form[:-1], other) for other in _number_forms(last, invariant))
    return forms[1:]


def _format(code: str) -> str:
    return f"{code[:4]}.{code[4:]}" if len(code) == 6 else code


def _rank(index: int) -> float:
    return 1.0 / (1.0 + 0.6 * index)


# --- compiled form ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Payload:
    kind: Literal["term", "material", "audience", "stop"]
    term: str
    canonical: str
    codes: tuple[str, ...]
    words: int


class _Node:
    __slots__ = ("children", "payload")

    def __init__(self) -> None:
        self.payload: _Payload | None = None
        self.children: dict[str, _Node] = {}


@dataclass(frozen=True, slots=True)
class _Analysis:
    hits: tuple[LexiconHit, ...]


def _code(raw: object, where: str) -> str:
    code = str(raw).replace(".", "").strip()
    if not (code.isdigit() and len(code) in (4, 6)):
        raise LexiconError(f"{where}: {raw!r} is not a 4- or 6-digit HS code")
    return code


def _codes(raw: object, where: str) -> tuple[str, ...]:
    items = raw if isinstance(raw, list) else [raw]
    codes = tuple(_code(item, where) for item in items)
    if not codes:
        raise LexiconError(f"{where}: no codes")
    if len(set(codes)) != len(codes):
        raise LexiconError(f"{where}: repeated code in {list(codes)}")
    return codes


def _mapping(raw: object, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: expected a mapping")
    return raw


def _strings(raw: object, where: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise LexiconError(f"{where}: expected a list of strings")
    return list(raw)


class Lexicon:
    """The compiled lexicon. Build with `load_lexicon()` (packaged data) or `parse_lexicon(text)`."""

    entries: Mapping[str, tuple[str, ...]]
    """English term -> codes, likeliest first."""
    areas: Mapping[str, tuple[str, ...]]
    """Area -> its English terms (for review and reporting)."""
    translations: Mapping[str, Mapping[str, str]]
    """Language -> {foreign term: English term}."""
    materials: Mapping[str, Cue]
    audiences: Mapping[str, Cue]

    def __init__(self, data: Mapping[str, Any]) -> None:
        invariant = frozenset(
            word
            for item in _strings(data.get("plural_invariant", []), "plural_invariant")
            for word in tokenize(item)
        )
        self._context = frozenset(
            word
            for item in _strings(data.get("context_words", []), "context_words")
            for word in tokenize(item)
        )
        explicit: dict[tuple[str, ...], _Payload] = {}
        generated: dict[tuple[str, ...], _Payload] = {}

        problems: list[str] = []

        def add(phrase: str, payload: _Payload, english: bool, where: str) -> None:
            words = tokenize(phrase)
            if not words or len(words) > MAX_WORDS:
                problems.append(f"{where}: {phrase!r} must have 1 to {MAX_WORDS} words")
                return
            payload = _Payload(payload.kind, payload.term, payload.canonical, payload.codes, len(words))
            known = explicit.get(words)
            if known is not None:
                if (known.kind, known.canonical, known.codes) != (
                    payload.kind,
                    payload.canonical,
                    payload.codes,
                ):
                    problems.append(f"{where}: {phrase!r} clashes with {known.kind} {known.term!r}")
                return
            explicit[words] = payload
            for variant in _variants(words, english, invariant):
                generated.setdefault(variant, payload)

        entries: dict[str, tuple[str, ...]] = {}
        areas: dict[str, tuple[str, ...]] = {}
        for area, terms in _mapping(data.get("entries"), "entries").items():
            area_terms = _mapping(terms, f"entries.{area}")
            for term, raw_codes in area_terms.items():
                where = f"entries.{area}.{term}"
                if term in entries:
                    problems.append(f"{where}: duplicate term")
                    continue
                entries[term] = _codes(raw_codes, where)
                add(term, _Payload("term", term, term, entries[term], 0), english=True, where=where)
            areas[area] = tuple(area_terms)

        translations: dict[str, dict[str, str]] = {}
        for language, terms in _mapping(data.get("translations", {}), "translations").items():
            translations[language] = {}
            for term, english in _mapping(terms, f"translations.{language}").items():
                where = f"translations.{language}.{term}"
                if english not in entries:
                    problems.append(f"{where}: {english!r} is not an English entry")
                    continue
                translations[language][term] = english
                add(term, _Payload("term", term, english, entries[english], 0), english=False, where=where)

        cues: dict[CueKind, dict[str, Cue]] = {"material": {}, "audience": {}}
        sections: tuple[tuple[CueKind, str], ...] = (("material", "materials"), ("audience", "audiences"))
        for kind, section in sections:
            for name, raw in _mapping(data.get(section, {}), section).items():
                where = f"{section}.{name}"
                body = _mapping(raw, where)
                aliases = tuple(_strings(body.get("aliases"), f"{where}.aliases"))
                targets = {
                    _code(key, f"{where}.map"): _codes(value, f"{where}.map.{key}")
                    for key, value in _mapping(body.get("map"), f"{where}.map").items()
                }
                cues[kind][name] = Cue(name, kind, aliases, MappingProxyType(targets))
                for alias in aliases:
                    add(alias, _Payload(kind, alias, name, (), 0), english=False, where=where)

        for phrase in _strings(data.get("stop_phrases", []), "stop_phrases"):
            add(phrase, _Payload("stop", phrase, phrase, (), 0), english=True, where="stop_phrases")
        if problems:
            raise LexiconError("; ".join(problems))

        self.entries = MappingProxyType(entries)
        self.areas = MappingProxyType(areas)
        self.translations = MappingProxyType({k: MappingProxyType(v) for k, v in translations.items()})
        self.materials = MappingProxyType(cues["material"])
        self.audiences = MappingProxyType(cues["audience"])
        self._cues: dict[str, Cue] = {**cues["material"], **cues["audience"]}
        self._root: dict[str, _Node] = {}
        for words, payload in {**generated, **explicit}.items():
            node: _Node | None = None
            level = self._root
            for word in words:
                node = level.setdefault(word, _Node())
                level = node.children
            assert node is not None
            node.payload = payload
        self._analyse: Callable[[str], _Analysis] = lru_cache(maxsize=_CACHE_SIZE)(self._analyse_uncached)
        self._scored: Callable[[str], tuple[Candidate, ...]] = lru_cache(maxsize=_CACHE_SIZE)(
            self._candidates_uncached
        )

    def __len__(self) -> int:
        """Number of English entries (translations and cues not counted)."""
        return len(self.entries)

    def codes(self) -> frozenset[str]:
        """Every code the lexicon mentions: entry codes, cue keys and cue targets."""
        found = {code for codes in self.entries.values() for code in codes}
        for cue in self._cues.values():
            found.update(cue.targets)
            found.update(code for codes in cue.targets.values() for code in codes)
        return frozenset(found)

    # --- matching ----------------------------------------------------------------------------------------

    def match(self, text: str) -> list[LexiconHit]:
        """Terms and cues found in a title, longest phrase first (then left to right)."""
        return list(self._analyse(text).hits)

    def _scan(self, tokens: tuple[str, ...]) -> list[tuple[int, int, _Payload]]:
        """Every lexicon phrase in the tokens, as (start, end, payload); also tries each pair of adjacent
        tokens written together ("ear buds" finds "earbuds")."""
        found: list[tuple[int, int, _Payload]] = []
        append = found.append
        root_get = self._root.get
        last = len(tokens) - 1

        def walk(node: _Node | None, start: int, end: int) -> None:
            """Follow the trie from `node` (reached with tokens[start:end]), collecting entries."""
            while node is not None:
                if node.payload is not None:
                    append((start, end, node.payload))
                if end > last or not node.children:
                    return
                node = node.children.get(tokens[end])
                end += 1

        for start, word in enumerate(tokens):
            walk(root_get(word), start, start + 1)
            if start < last:
                walk(root_get(word + tokens[start + 1]), start, start + 2)
        return found

    def _analyse_uncached(self, text: str) -> _Analysis:
        tokens = tokenize(text)
        if not tokens:
            return _Analysis(())
        found = self._scan(tokens)
        # Longest span first; on a tie the longer lexicon phrase, then the later one (English head nouns
        # come last: "cell phone case" is a case).
        found.sort(key=lambda item: (item[0] - item[1], -item[2].words, -item[0]))
        taken = [False] * len(tokens)
        chosen: list[tuple[int, int, _Payload]] = []
        for start, end, payload in found:
            if any(taken[start:end]):
                continue
            for index in range(start, end):
                taken[index] = True
            chosen.append((start, end, payload))
        context_at = next(
            (i for i, word in enumerate(tokens) if word in self._context and not taken[i]), len(tokens)
        )
        has_item = any(p.kind == "term" and end <= context_at for _, end, p in chosen)
        terms = sorted((c for c in chosen if c[2].kind == "term"), key=lambda c: c[0])
        roles: dict[int, Role] = {}
        for start, _, _ in terms:
            if has_item and start > context_at:
                roles[start] = "context"
        for (start, end, first), (next_start, _, second) in itertools.pairwise(terms):
            if start in roles or next_start in roles or next_start - end > MODIFIER_GAP:
                continue
            if first.codes == second.codes:
                continue
            if first.term != first.canonical:  # French/Spanish word first: the first noun is the item
                roles[next_start] = "modifier"
            elif second.term == second.canonical:  # English: the last noun is the item
                roles[start] = "modifier"
        hits: list[LexiconHit] = []
        for start, end, payload in chosen:
            if payload.kind == "stop":
                continue
            weight = 1.0 + 0.5 * (min(payload.words, MAX_WORDS) - 1)
            role = roles.get(start, "item") if payload.kind == "term" else "item"
            if role == "context":
                weight *= CONTEXT_FACTOR
            elif role == "modifier":
                weight *= MODIFIER_FACTOR
            hits.append(
                LexiconHit(
                    term=payload.term,
                    canonical=payload.canonical,
                    kind=payload.kind,
                    codes=payload.codes,
                    weight=weight,
                    start=start,
                    end=end,
                    role=role,
                )
            )
        hits.sort(key=lambda hit: (hit.start - hit.end, -len(hit.term), hit.start))
        return _Analysis(tuple(hits))

    # --- scoring -----------------------------------------------------------------------------------------

    def candidates(self, text: str, limit: int | None = 10) -> list[Candidate]:
        """Scored HS codes for a title, best first: [(code, score, "'hoodie' + 'cotton' → 6110.20"), ...]."""
        scored = self._scored(text)
        return list(scored if limit is None else scored[:limit])

    def _candidates_uncached(self, text: str) -> tuple[Candidate, ...]:
        hits = self._analyse(text).hits
        scores: dict[str, float] = {}
        best: dict[str, tuple[float, str, tuple[str, ...]]] = {}
        for hit in sorted(hits, key=lambda h: h.start):
            if hit.kind == "term":
                for index, code in enumerate(hit.codes):
                    _add(scores, best, code, hit.weight * _rank(index), hit.term, ())
        if not scores:
            return ()
        for kind in ("audience", "material"):
            merged: dict[str, list[tuple[str, str]]] = {}
            for hit in sorted(hits, key=lambda h: h.start):
                if hit.kind == kind:
                    for key, targets in self._cues[hit.canonical].targets.items():
                        merged.setdefault(key, []).extend((target, hit.term) for target in targets)
            if merged:
                scores, best = _apply(scores, best, merged)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        result: list[Candidate] = []
        for code, score in ranked:
            _, term, cues = best[code]
            reason = "".join([f"'{term}'", *(f" + '{cue}'" for cue in cues), f" → {_format(code)}"])
            result.append((code, round(score, 4), reason))
        return tuple(result)


def _add(
    scores: dict[str, float],
    best: dict[str, tuple[float, str, tuple[str, ...]]],
    code: str,
    amount: float,
    term: str,
    cues: tuple[str, ...],
) -> None:
    scores[code] = scores.get(code, 0.0) + amount
    known = best.get(code)
    if known is None or amount > known[0]:
        best[code] = (amount, term, cues)


def _apply(
    scores: dict[str, float],
    best: dict[str, tuple[float, str, tuple[str, ...]]],
    merged: Mapping[str, list[tuple[str, str]]],
) -> tuple[dict[str, float], dict[str, tuple[float, str, tuple[str, ...]]]]:
    """Re-score candidates with cue targets (see the `materials` section of the YAML for the rules)."""
    existing = set(scores)
    by_heading: dict[str, list[str]] = {}
    for code in existing:
        if len(code) == 6:
            by_heading.setdefault(code[:4], []).append(code)
    new_scores: dict[str, float] = {}
    new_best: dict[str, tuple[float, str, tuple[str, ...]]] = {}
    for code, score in scores.items():
        _, term, cues = best[code]
        targets = merged.get(code) or merged.get(code[:4])
        if not targets:
            _add(new_scores, new_best, code, score, term, cues)
            continue
        confirming = [alias for target, alias in targets if target == code]
        if confirming:
            _add(new_scores, new_best, code, score * BOOST, term, (*cues, confirming[0]))
            continue
        _add(new_scores, new_best, code, score * KEEP, term, cues)
        family_covers = len(code) == 6 and any(t[:4] == code[:4] and t in existing for t, _ in targets)
        for index, (target, alias) in enumerate(targets):
            gain = score * BOOST / (1.0 + 0.5 * index)
            if len(code) == 6 and target[:4] == code[:4] and family_covers:
                continue  # the term's own family lists the right subheading, which is confirmed on its own
            if len(target) == 4 and target in by_heading and target != code[:4]:
                for sibling in by_heading[target]:
                    _add(new_scores, new_best, sibling, gain, term, (*cues, alias))
            else:
                _add(new_scores, new_best, target, gain, term, (*cues, alias))
    return new_scores, new_best


# --- loading ---------------------------------------------------------------------------------------------


class _StrictLoader(yaml.CSafeLoader):
    """YAML without int/float/bool conversion (codes like 0901 stay strings) and without duplicate keys."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, pattern)
        for tag, pattern in resolvers
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise LexiconError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_lexicon(text: str) -> Lexicon:
    """Compile lexicon YAML (the format of data/ecommerce_lexicon.yaml)."""
    data = yaml.load(text, Loader=_StrictLoader)  # a safe loader (libyaml's)
    return Lexicon(_mapping(data, "lexicon"))


@cache
def load_lexicon() -> Lexicon:
    """The packaged lexicon, compiled once per process."""
    path = resources.files("clearpost.hs").joinpath("data", "ecommerce_lexicon.yaml")
    return parse_lexicon(path.read_text(encoding="utf-8"))


def iter_terms(lexicon: Lexicon) -> Iterable[tuple[str, str, tuple[str, ...]]]:
    """(area, term, codes) of every English entry, in file order."""
    for area, terms in lexicon.areas.items():
        for term in terms:
            yield area, term, lexicon.entries[term]
