"""Prohibited goods: articles the destination does not admit, from the `prohibitions:` of its
profile (UPU Convention art. 19 in the generic profile; each country's own law in its profile),
found from descriptions and HS codes together, and counterfeits found by their signals: a marker
("replica", "super copy", "1:1", "inspired by") near a brand counterfeiters copy.

The core of it is one regular expression per profile for all its terms (a trie, so a description
is scanned once whatever the number of terms) and a memo per description: a few microseconds
per article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import yaml

from clearpost.model import Code, Finding, Item
from clearpost.quality.profiles import Profile, Prohibition
from clearpost.yamldoc import load_yaml

IN_DESCRIPTION, IN_HS, IN_BOTH = 0.8, 0.7, 0.95
"""Strength of a prohibition's match: by a term of the description, by the HS code, by both."""
OF_ORIGIN_DECLARED, OF_ORIGIN_POSTED = 0.8, 0.6
"""Strength of an embargo's match: the article's declared origin, or only the country it was
posted in."""
STRONG_MARKER, WEAK_MARKER, GOODS_BONUS = 0.85, 0.75, 0.1
"""Strength of a counterfeit signal: counterfeit slang with a brand anywhere, an ambiguous word
right next to the brand; more when the article is of the goods the brand makes."""
MAX_WORDS_BETWEEN = 2
"""How far an ambiguous marker may stand from the brand ("fake Louis Vuitton", "copy of a Rolex")."""

# ---------------------------------------------------------------------------------- text

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
"""Kana, CJK ideographs and Hangul: scripts whose words are not spaced (or carry particles)."""
_WORD = rf"[^\W{_CJK}]"
_UNSPACED = re.compile(rf"[{_CJK}]")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/]+")
_APOSTROPHES = re.compile(r"['’`´]")


def normal(text: str) -> str:
    """Text as matched: case-folded, accents off Latin letters, apostrophes dropped ("men's" =
    "mens"), hyphens and slashes read as spaces ("knock-off" = "knock off"), spaces collapsed."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        kept: list[str] = []
        for char in decomposed:
            if unicodedata.combining(char) and kept and kept[-1] < "\u0250":
                continue  # an accent on a Latin letter
            kept.append(char)
        text = unicodedata.normalize("NFC", "".join(kept))
    text = _APOSTROPHES.sub("", text.casefold())
    return " ".join(_SEPARATORS.sub(" ", text).split())


def _trie(phrases: Iterable[str]) -> str:
    """A regular expression matching any of the phrases, as a trie: one pass whatever their number."""
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return pattern(root)


def _phrases(phrases: Iterable[str], *, plurals: bool) -> re.Pattern[str] | None:
    """Whole phrases (group 1 or 2: the phrase as listed). Spaced scripts match whole words, with
    an optional English plural when `plurals`; Chinese, Japanese and Korean phrases match anywhere."""
    normalised = {normal(p) for p in phrases} - {""}
    spaced = sorted(p for p in normalised if not _UNSPACED.search(p))
    unspaced = sorted(p for p in normalised if _UNSPACED.search(p))
    parts = []
    if spaced:
        plural = "(?:e?s)?" if plurals else ""
        parts.append(rf"(?<!{_WORD})({_trie(spaced)}){plural}(?!{_WORD})")
    if unspaced:
        parts.append(f"({_trie(unspaced)})")
    return re.compile("|".join(parts)) if parts else None


def _found(match: re.Match[str]) -> str:
    return match.group(1) or match.group(2)


def _prefixes(hs_code: str) -> tuple[str, ...]:
    return tuple(hs_code[:n] for n in range(2, min(len(hs_code), 10) + 1))


# ------------------------------------------------------------------------ counterfeit signals


@dataclass(frozen=True, slots=True)
class Brand:
    name: str
    goods: frozenset[str]
    """Kinds of goods the brand makes (keys of the lexicon's `goods`)."""
    luxury: bool


@dataclass(frozen=True, slots=True)
class Counterfeit:
    brand: str
    marker: str
    score: float
    evidence: str


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: one per reference, memoised
class CounterfeitLexicon:
    brands: re.Pattern[str]
    brand_names: Mapping[str, tuple[Brand, bool]]
    """A name as matched -> (the brand, whether the name is also an ordinary word)."""
    strong: re.Pattern[str] | None
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    luxury_before: re.Pattern[str] | None
    legitimate: re.Pattern[str] | None
    neutralising: re.Pattern[str] | None
    goods_words: re.Pattern[str] | None
    goods_of_word: Mapping[str, frozenset[str]]
    goods_of_hs: Mapping[str, frozenset[str]]
    source: str

    def signal(self, description: str, hs_code: str | None = None) -> Counterfeit | None:
        """The strongest counterfeit signal of a description (and its HS code), if any."""
        return _signal(self, normal(description), "".join(c for c in hs_code or "" if c.isdigit()))


def _signal(lexicon: CounterfeitLexicon, text: str, hs_code: str) -> Counterfeit | None:
    brands = list(lexicon.brands.finditer(text))
    if not brands or (lexicon.neutralising and lexicon.neutralising.search(text)):
        return None
    if lexicon.legitimate:
        text = lexicon.legitimate.sub(lambda m: " " * len(m.group(0)), text)
    by_hs = frozenset().union(*(lexicon.goods_of_hs.get(p, frozenset()) for p in _prefixes(hs_code)))
    by_word = frozenset().union(
        *(
            lexicon.goods_of_word[_found(m)]
            for m in (lexicon.goods_words.finditer(text) if lexicon.goods_words else ())
        )
    )
    strong = lexicon.strong.search(text) if lexicon.strong else None
    best: Counterfeit | None = None
    for found in brands:
        brand, ambiguous = lexicon.brand_names[_found(found)]
        goods = brand.goods & (by_hs | by_word)
        if ambiguous and not goods:
            continue  # "apple", "coach", "puma": only with the goods of the brand
        if strong is not None:
            marker, score, how = _found(strong), STRONG_MARKER, "and names the brand"
        else:
            near = _near(lexicon, text, found, brand)
            if near is None:
                continue
            marker, score, how = near, WEAK_MARKER, "next to the brand"
        evidence = f"the description says {marker!r} {how} {brand.name}"
        if goods:
            score += GOODS_BONUS
            kinds = ", ".join(sorted(goods)).replace("_", " ")
            evidence += (
                f", on goods the brand makes ({kinds}{f', HS {hs_code}' if brand.goods & by_hs else ''})"
            )
        if best is None or score > best.score:
            best = Counterfeit(brand.name, marker, round(min(score, 1.0), 2), evidence)
    return best


def _near(lexicon: CounterfeitLexicon, text: str, brand: re.Match[str], of: Brand) -> str | None:
    """An ambiguous marker just before or after the brand's name, in the same clause."""
    before = [lexicon.before, lexicon.luxury_before if of.luxury else None]
    for pattern in before:
        for marker in pattern.finditer(text, 0, brand.start()) if pattern else ():
            if _close(text[marker.end() : brand.start()]):
                return _found(marker)
    after = lexicon.after.search(text, brand.end()) if lexicon.after else None
    return _found(after) if after and _close(text[brand.end() : after.start()]) else None


def _close(between: str) -> bool:
    return len(between.split()) <= MAX_WORDS_BETWEEN and not _CLAUSE_BREAK.search(between)


_CLAUSE_BREAK = re.compile(r"[,;:.()\[\]|]")


class LexiconError(ValueError):
    """A counterfeit lexicon that cannot be used; the message names the file and the key."""


def read_counterfeit_lexicon(text: str, source: str) -> CounterfeitLexicon:
    """The counterfeit lexicon from its YAML text (clearpost/risk/data/counterfeit.yaml)."""
    try:
        document = load_yaml(text)
    except yaml.YAMLError as error:
        raise LexiconError(f"{source}: not valid YAML: {error}") from None

    def need(mapping: Any, key: str, kind: type, where: str) -> Any:
        value = mapping.get(key) if isinstance(mapping, dict) else None
        if not isinstance(value, kind):
            raise LexiconError(f"{source}: `{where}{key}` must be a {kind.__name__}.")
        return value

    def strings(mapping: Any, key: str, where: str = "") -> list[str]:
        value = mapping.get(key, []) if isinstance(mapping, dict) else None
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise LexiconError(
                f'{source}: `{where}{key}` must be a list of strings (quote "1:1" and HS prefixes).'
            )
        return list(value)

    markers = need(document, "markers", dict, "")
    marker_patterns = {
        kind: _phrases(strings(markers, kind, "markers."), plurals=False)
        for kind in ("strong", "before", "after", "luxury_before")
    }
    goods = need(document, "goods", dict, "")
    goods_of_word: dict[str, set[str]] = {}
    goods_of_hs: dict[str, set[str]] = {}
    for kind, block in goods.items():
        for word in strings(block, "words", f"goods.{kind}."):
            goods_of_word.setdefault(normal(word), set()).add(kind)
        for prefix in strings(block, "hs", f"goods.{kind}."):
            if not prefix.isdigit():
                raise LexiconError(f"{source}: `goods.{kind}.hs`: {prefix!r} is not an HS prefix.")
            goods_of_hs.setdefault(prefix, set()).add(kind)
    brand_names: dict[str, tuple[Brand, bool]] = {}
    for index, entry in enumerate(need(document, "brands", list, "")):
        name = need(entry, "name", str, f"brands[{index}].")
        kinds = frozenset(strings(entry, "goods", f"brands[{index}]."))
        if not kinds or kinds - set(goods):
            raise LexiconError(f"{source}: `brands[{index}].goods` ({name}) must name kinds of `goods`.")
        brand = Brand(name, kinds, bool(entry.get("luxury", False)))
        names = [(normal(a), False) for a in strings(entry, "names", f"brands[{index}].")]
        names += [(normal(a), True) for a in strings(entry, "ambiguous", f"brands[{index}].")]
        if not names:
            raise LexiconError(f"{source}: `brands[{index}]` ({name}) has neither `names` nor `ambiguous`.")
        for alias, ambiguous in names:
            if alias in brand_names:
                raise LexiconError(f"{source}: `brands[{index}]`: {alias!r} is also a name of another brand.")
            brand_names[alias] = (brand, ambiguous)
    brands = _phrases(brand_names, plurals=False)
    if brands is None:
        raise LexiconError(f"{source}: `brands` must list at least one brand.")
    return CounterfeitLexicon(
        brands=brands,
        brand_names=MappingProxyType(brand_names),
        strong=marker_patterns["strong"],
        before=marker_patterns["before"],
        after=marker_patterns["after"],
        luxury_before=marker_patterns["luxury_before"],
        legitimate=_phrases(strings(document, "legitimate"), plurals=False),
        neutralising=_phrases(strings(document, "neutralising"), plurals=False),
        goods_words=_phrases(goods_of_word, plurals=True),
        goods_of_word=MappingProxyType({w: frozenset(k) for w, k in goods_of_word.items()}),
        goods_of_hs=MappingProxyType({p: frozenset(k) for p, k in goods_of_hs.items()}),
        source=source,
    )


# ------------------------------------------------------------------ a profile's prohibitions


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: one per profile, memoised
class _Matcher:
    prohibitions: tuple[Prohibition, ...]
    terms: re.Pattern[str] | None
    by_term: Mapping[str, tuple[int, ...]]
    exceptions: re.Pattern[str] | None
    by_exception: Mapping[str, tuple[int, ...]]
    by_hs: Mapping[str, tuple[int, ...]]
    by_except_hs: Mapping[str, tuple[int, ...]]
    counterfeit: tuple[int, ...]
    embargoes: tuple[int, ...]
    """Entries with only `origins`: every article of those origins."""


def _index(pairs: Iterable[tuple[str, int]]) -> Mapping[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for key, number in pairs:
        if number not in index.setdefault(key, []):
            index[key].append(number)
    return MappingProxyType({key: tuple(numbers) for key, numbers in index.items()})


def _compile(prohibitions: tuple[Prohibition, ...]) -> _Matcher:
    numbered = list(enumerate(prohibitions))
    by_term = _index((normal(t), n) for n, p in numbered for t in p.terms)
    by_exception = _index((normal(t), n) for n, p in numbered for t in p.except_terms)
    return _Matcher(
        prohibitions=prohibitions,
        terms=_phrases(by_term, plurals=True),
        by_term=by_term,
        exceptions=_phrases(by_exception, plurals=True),
        by_exception=by_exception,
        by_hs=_index((h, n) for n, p in numbered for h in p.hs),
        by_except_hs=_index((h, n) for n, p in numbered for h in p.except_hs),
        counterfeit=tuple(n for n, p in numbered if "counterfeit" in p.signals),
        embargoes=tuple(n for n, p in numbered if p.origins and not (p.terms or p.hs or p.signals)),
    )


_matchers: dict[int, tuple[Profile, _Matcher]] = {}


def _matcher(profile: Profile) -> _Matcher:
    """The profile's compiled prohibitions, memoised by identity (the profile is kept alive with
    them, so its id is not reused)."""
    entry = _matchers.get(id(profile))
    if entry is None or entry[0] is not profile:
        entry = _matchers[id(profile)] = (profile, _compile(profile.prohibitions))
    return entry[1]


@dataclass(frozen=True, slots=True)
class _Hit:
    prohibition: int
    matched: tuple[str, ...]
    score: float


@lru_cache(maxsize=65536)
def _hits(matcher: _Matcher, lexicon: CounterfeitLexicon, description: str, hs_code: str) -> tuple[_Hit, ...]:
    """What an article's description and HS code match, before the item's conditions (mail
    class, service, origin) are applied."""
    text = normal(description)
    terms: dict[int, list[str]] = {}
    for match in matcher.terms.finditer(text) if matcher.terms and text else ():
        for number in matcher.by_term[_found(match)]:
            terms.setdefault(number, []).append(match.group(0))
    excepted: set[int] = set()
    for match in matcher.exceptions.finditer(text) if matcher.exceptions and text else ():
        excepted.update(matcher.by_exception[_found(match)])
    prefixes = _prefixes(hs_code)
    codes: dict[int, str] = {}
    for prefix in prefixes:
        excepted.update(matcher.by_except_hs.get(prefix, ()))
        for number in matcher.by_hs.get(prefix, ()):
            codes.setdefault(number, prefix)
    signal = _signal(lexicon, text, hs_code) if matcher.counterfeit and text else None
    hits = []
    for number in sorted((terms.keys() | codes.keys() | set(matcher.counterfeit)) - excepted):
        matched: list[str] = [f"description: {term!r}" for term in dict.fromkeys(terms.get(number, ()))]
        if number in codes:
            prefix = codes[number]
            matched.append(f"HS {hs_code}" if prefix == hs_code else f"HS {hs_code} (under {prefix})")
        score = (
            IN_BOTH if number in terms and number in codes else IN_DESCRIPTION if number in terms else IN_HS
        )
        if signal is not None and number in matcher.counterfeit:
            matched.append(f"counterfeit: {signal.evidence}")
            score = max(signal.score, score) if len(matched) > 1 else signal.score
        if matched:
            hits.append(_Hit(number, tuple(matched), score))
    return tuple(hits)


_NON_DIGITS = re.compile(r"\D")


def prohibited_goods(item: Item, profile: Profile, lexicon: CounterfeitLexicon) -> list[Finding]:
    """A PROHIBITED_GOODS reason per article and prohibition of the destination's profile."""
    if not profile.prohibitions:
        return []
    matcher = _matcher(profile)
    service = (item.item_id or "")[:1]
    destination = item.destination_country or "the destination"
    reasons = []
    for index, line in enumerate(item.contents):
        declared_code = line.hs_code or ""
        hs_code = declared_code if declared_code.isdigit() else _NON_DIGITS.sub("", declared_code)
        hits = list(_hits(matcher, lexicon, line.description or "", hs_code))
        origin = line.origin_country or item.origin_country
        for number in matcher.embargoes:
            if origin in matcher.prohibitions[number].origins:
                declared = line.origin_country is not None
                where = "declared origin" if declared else "country of posting"
                score = OF_ORIGIN_DECLARED if declared else OF_ORIGIN_POSTED
                hits.append(_Hit(number, (f"{where}: {origin}",), score))
        for hit in hits:
            prohibition = matcher.prohibitions[hit.prohibition]
            if (
                (prohibition.mail_classes and item.mail_class not in prohibition.mail_classes)
                or service in prohibition.except_services
                or (prohibition.origins and origin not in prohibition.origins)
            ):
                continue
            reasons.append(_finding(index, prohibition, hit, destination, profile))
    return reasons


def _finding(index: int, prohibition: Prohibition, hit: _Hit, destination: str, profile: Profile) -> Finding:
    return Finding(
        code=Code.PROHIBITED_GOODS,
        field=f"contents[{index}].description",
        severity="warning",
        message=(
            f"Article {index + 1} looks like an article that {destination} does not admit. "
            f"{prohibition.what} (source: {prohibition.source}). Found by {'; '.join(hit.matched)}."
        ),
        detail={
            "prohibition": prohibition.id,
            "destination": destination,
            "profile": profile.id,
            "source": prohibition.source,
            "matched": list(hit.matched),
            "score": hit.score,
        },
        source="rule",
    )
