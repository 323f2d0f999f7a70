"""VAGUE_DESCRIPTION: content lines whose description does not say what the goods are.

Customs reject descriptions such as "gift", "parts", "clothes", "as per invoice" or an order
number (EU ICS2 stop words, US CBP ACAS, WCO/UPU). The test here is linguistic, with the
lexicon in `data/vague_terms.yaml`: a description is normalised (NFKC, case folded; accents,
possessives and plurals folded for matching; numbers and quantities dropped) and split into
words (Chinese, Japanese, Korean and Thai by longest lexicon match). One word the lexicon does
not know names something and makes the description specific; otherwise the words left are
weighed by their role:

- generic nouns ("goods", "parts", "gift") stay vague whatever qualifies them;
- category words ("clothing", "toys") are made specific by a material ("cotton clothing"),
  not by a domain modifier ("kids clothing");
- nouns vague only alone ("shoes", "case", "bag") are made specific by a modifier or material
  anywhere, or a category noun just before them ("phone case", "leather bag", "toy box"), not
  by a filler ("new shoes") or a generic noun ("gift box");
- a word that names an object as well as a domain ("phone", "car") is specific when it is the
  head: the last noun before any "for"/"of"/"with" ("toy car", "phone for kids"), not in
  "phone accessories" or "parts for car".

What is left of a vague description says which kind it is: general terms (`generic_term`),
only references and numbers (`reference_only`), or nothing at all (`no_content`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from importlib.resources import files
from typing import Literal, TypeVar

from clearpost.model import Code, Item
from clearpost.quality.problems import N_, Problem
from clearpost.yamldoc import load_yaml

VagueKind = Literal["generic_term", "reference_only", "no_content"]


class Role(Enum):
    """What a lexicon term does in a description; the values are the sections of the YAML file."""

    GENERIC = "generic_nouns"
    CATEGORY = "category_words"
    ALONE = "vague_alone"
    DOMAIN = "domain_modifiers"
    OBJECT = "object_modifiers"
    MATERIAL = "materials"
    QUALIFIER = "qualifiers"
    FILLER = "fillers"
    COMPLEMENT = "complement_markers"
    REFERENCE = "references"
    PLACEHOLDER = "placeholders"
    CODE = "code"
    """Not a section: an order, article or reference number found in the description."""
    BREAK = "break"
    """Not a section: punctuation between parts of a description ("Phone, gift")."""


Entry = tuple[Role, str]
"""A role and its term: a word or number as written in the description, a phrase or CJK/Thai
term as the lexicon spells it."""

_NOUNS = frozenset({Role.GENERIC, Role.CATEGORY, Role.ALONE, Role.DOMAIN, Role.OBJECT, Role.MATERIAL})
"""Roles whose terms are reported for a `generic_term` description; any of them can be its head."""
_MAKE_ALONE_SPECIFIC = frozenset({Role.DOMAIN, Role.OBJECT, Role.MATERIAL})
_COMPOUND_MODIFIERS = frozenset({Role.CATEGORY, Role.ALONE})
"""Nouns that make a following vague_alone noun a compound that names a thing ("toy box")."""
_VERDICTS: tuple[tuple[VagueKind, frozenset[Role]], ...] = (
    ("generic_term", _NOUNS),
    ("reference_only", frozenset({Role.REFERENCE, Role.CODE})),
    ("no_content", frozenset({Role.PLACEHOLDER})),
    ("generic_term", frozenset({Role.QUALIFIER})),
)
"""The kind of a vague description: the first of these whose roles it contains."""
_BREAK_ENTRY: Entry = (Role.BREAK, "")


@dataclass(frozen=True, slots=True)
class Vagueness:
    """Why a description is vague: its kind and the terms that made it so."""

    kind: VagueKind
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class VagueLexicon:
    """The lexicon of vague terms, normalised for matching. Hashed by identity (it keys a cache)."""

    words: Mapping[str, Entry]
    phrases: Mapping[tuple[str, ...], Entry]
    phrase_starts: frozenset[str]
    longest_phrase: int
    unspaced: Mapping[str, Entry]
    """Chinese, Japanese, Korean and Thai terms, matched as substrings."""
    longest_unspaced: int


# --- normalisation and tokens ---------------------------------------------------------------

_WORD_CHAR = r"(?:[^\W_]|[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u3099\u309a])"
"""A letter or digit, or a Thai or Japanese combining mark (which `\\w` leaves out)."""
_TOKEN = re.compile(f"{_WORD_CHAR}+(?:-{_WORD_CHAR}+)*")
_BREAKS = re.compile(r"[,;:()\[\]{}|+&–—]|\s-+\s")
_UNSPACED_CHARS = (
    "\u0e00-\u0e7f\u3005\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
)
_UNSPACED = re.compile(f"[{_UNSPACED_CHARS}]")
_UNSPACED_RUNS = re.compile(f"([{_UNSPACED_CHARS}]+)")
_ACCENTS = re.compile("[\u0300-\u036f]")
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])['’ʼ]s\b")
_DIGIT = re.compile(r"\d")
_QUANTITY = re.compile(r"x?\d{1,3}x?|\d+[^\W\d_]{1,4}")
"""A count or a measure ("2", "x3", "3x", "500ml", "128gb"), as opposed to a reference number."""

_WORD, _NUMBER, _RUN, _BREAK = 0, 1, 2, 3
Unit = tuple[int, str, str]
"""Kind, key and text as written: a word (its key accent-free and plural-folded), a number, a
run of unspaced script, or a break."""


def _normalise(text: str) -> str:
    """Case folded NFKC, without possessive 's."""
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text).casefold().replace("\u2010", "-")
    return _POSSESSIVE.sub("", text)


def _key(word: str) -> str:
    """The lexicon key of a word: Latin/Greek/Cyrillic accents dropped, English plural folded
    (accessories -> accessory, boxes -> box, toys -> toy)."""
    if not word.isascii():
        word = unicodedata.normalize("NFC", _ACCENTS.sub("", unicodedata.normalize("NFD", word)))
    if len(word) <= 3 or word[-1] != "s":
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


def _add_token(token: str, units: list[Unit]) -> None:
    if token.isalpha():
        units.append((_WORD, _key(token), token))
    elif _DIGIT.search(token):
        units.append((_NUMBER, token, token))  # "500ml", "112-3456789-1234567", "18-carat"
    else:
        units.extend((_WORD, _key(part), part) for part in token.split("-") if part)


def _units(text: str) -> list[Unit]:
    """The words, numbers and unspaced-script runs of normalised text, in order, with a break
    between the parts that punctuation separates."""
    units: list[Unit] = []
    for part in _BREAKS.split(text):
        if units and units[-1][0] != _BREAK:
            units.append((_BREAK, "", ""))
        for token in _TOKEN.findall(part):
            if token.isascii() or not _UNSPACED.search(token):
                _add_token(token, units)
                continue
            for index, piece in enumerate(_UNSPACED_RUNS.split(token)):
                if index % 2:
                    units.append((_RUN, piece, piece))
                elif piece.strip("-"):
                    _add_token(piece.strip("-"), units)
    return units


# --- the lexicon ------------------------------------------------------------------------------


def build_lexicon(document: object) -> VagueLexicon:
    """The lexicon of a parsed `vague_terms.yaml`; ValueError if a section is malformed, a term
    is not a word, phrase or run of unspaced script, or a term sits in two sections."""
    if not isinstance(document, Mapping):
        raise ValueError("vague terms: expected a mapping of sections")
    words: dict[str, Entry] = {}
    phrases: dict[tuple[str, ...], Entry] = {}
    unspaced: dict[str, Entry] = {}
    for role in Role:
        if role in (Role.CODE, Role.BREAK):
            continue
        section = document.get(role.value)
        terms = section.get("terms") if isinstance(section, Mapping) else None
        if not isinstance(terms, Mapping):
            raise ValueError(f"vague terms: section {role.value!r} needs 'terms' (language -> list)")
        for language, listed in terms.items():
            if not isinstance(listed, list) or not all(isinstance(term, str) for term in listed):
                raise ValueError(f"vague terms: {role.value}.{language} must be a list of strings")
            for term in listed:
                _add_term(term, role, words, phrases, unspaced)
    return VagueLexicon(
        words=words,
        phrases=phrases,
        phrase_starts=frozenset(key[0] for key in phrases),
        longest_phrase=max(map(len, phrases), default=0),
        unspaced=unspaced,
        longest_unspaced=max(map(len, unspaced), default=0),
    )


def _add_term(
    term: str,
    role: Role,
    words: dict[str, Entry],
    phrases: dict[tuple[str, ...], Entry],
    unspaced: dict[str, Entry],
) -> None:
    units = _units(_normalise(term))
    if len(units) == 1 and units[0][0] in (_WORD, _RUN):
        _put(unspaced if units[0][0] == _RUN else words, units[0][1], role, term)
    elif len(units) > 1 and all(kind == _WORD for kind, _, _ in units):
        _put(phrases, tuple(key for _, key, _ in units), role, term)
    else:
        raise ValueError(f"vague terms: {term!r} ({role.value}) is not a word, phrase or CJK/Thai run")


_Key = TypeVar("_Key", str, tuple[str, ...])


def _put(table: dict[_Key, Entry], key: _Key, role: Role, term: str) -> None:
    known = table.setdefault(key, (role, term))
    if known[0] is not role:
        raise ValueError(
            f"vague terms: {term!r} is in {role.value} and (as {known[1]!r}) in {known[0].value}"
        )


@functools.cache
def load_vague_lexicon() -> VagueLexicon:
    """The lexicon shipped in `clearpost/quality/data/vague_terms.yaml`, read once."""
    source = files("clearpost.quality").joinpath("data/vague_terms.yaml")
    return build_lexicon(load_yaml(source.read_text(encoding="utf-8")))


# --- the test ---------------------------------------------------------------------------------


def vagueness(description: str, lexicon: VagueLexicon) -> Vagueness | None:
    """Why `description` does not say what the goods are, or None if it does."""
    return _vagueness(description, lexicon)


@functools.lru_cache(maxsize=65536)
def _vagueness(description: str, lexicon: VagueLexicon) -> Vagueness | None:
    found: list[Entry] = []
    words: list[tuple[str, str]] = []
    for kind, key, text in _units(_normalise(description)):
        if kind == _WORD:
            words.append((key, text))
            continue
        if not _match_words(words, lexicon, found):
            return None
        words.clear()
        if kind == _RUN:
            if not _match_unspaced(text, lexicon, found):
                return None
        elif kind == _BREAK:
            found.append(_BREAK_ENTRY)
        elif not _QUANTITY.fullmatch(text):
            found.append((Role.CODE, text))
    if not _match_words(words, lexicon, found):
        return None
    return _judge(found)


def _match_words(words: list[tuple[str, str]], lexicon: VagueLexicon, found: list[Entry]) -> bool:
    """Append the roles of `words` (key, text) to `found`; False at the first word that names
    something (no lexicon entry)."""
    index, count = 0, len(words)
    while index < count:
        key, text = words[index]
        if key in lexicon.phrase_starts:
            phrase = _phrase_at(words, index, lexicon)
            if phrase is not None:
                found.append(phrase[0])
                index += phrase[1]
                continue
        entry = lexicon.words.get(key)
        if entry is not None:
            found.append((entry[0], text))
        elif len(key) > 1:
            return False  # stray letters ("t" of t-shirt) say nothing either way
        index += 1
    return True


def _phrase_at(words: list[tuple[str, str]], index: int, lexicon: VagueLexicon) -> tuple[Entry, int] | None:
    for size in range(min(lexicon.longest_phrase, len(words) - index), 1, -1):
        entry = lexicon.phrases.get(tuple(key for key, _ in words[index : index + size]))
        if entry is not None:
            return entry, size
    return None


def _match_unspaced(run: str, lexicon: VagueLexicon, found: list[Entry]) -> bool:
    """Cover `run` with lexicon terms, longest first; False if a character is left uncovered."""
    index, count = 0, len(run)
    while index < count:
        entry = _unspaced_at(run, index, lexicon)
        if entry is None:
            return False
        found.append(entry[0])
        index += entry[1]
    return True


def _unspaced_at(run: str, index: int, lexicon: VagueLexicon) -> tuple[Entry, int] | None:
    for size in range(min(lexicon.longest_unspaced, len(run) - index), 0, -1):
        entry = lexicon.unspaced.get(run[index : index + size])
        if entry is not None:
            return entry, size
    return None


def _judge(found: list[Entry]) -> Vagueness | None:
    """The verdict on a description all of whose words are in the lexicon."""
    roles = {role for role, _ in found}
    if Role.ALONE in roles and roles & _MAKE_ALONE_SPECIFIC:
        return None  # "phone case", "leather bag", "shoes for kids"
    if Role.CATEGORY in roles and Role.MATERIAL in roles:
        return None  # "cotton clothing", "plastic toys"
    head: Role | None = None
    previous: Role | None = None
    complement = False
    for role, _ in (*found, _BREAK_ENTRY):
        if role is Role.BREAK:  # the end of a part: judge its head
            if head is Role.OBJECT:
                return None  # "phone", "toy car", "phone for kids", "phone, gift"
            head = previous = None
            complement = False
            continue
        if role is Role.COMPLEMENT:
            complement = complement or head is not None
        elif role in _NOUNS:
            if role is Role.ALONE and previous in _COMPOUND_MODIFIERS:
                return None  # "toy box", "cosmetic bag"
            if not complement:
                head = role
        previous = role
    for kind, wanted in _VERDICTS:
        terms = tuple(dict.fromkeys(term for role, term in found if role in wanted))
        if terms:
            return Vagueness(kind, terms)
    return Vagueness("no_content", ())


# --- the check --------------------------------------------------------------------------------

_TEMPLATES: Mapping[VagueKind, str] = {
    "generic_term": N_(
        'The description "{description}" does not say what the goods are: customs do not accept '
        "general terms such as {terms}. Describe each article precisely: what it is, its material "
        'and its use (e.g. "men\'s cotton shirt", not "clothes").'
    ),
    "reference_only": N_(
        'The description "{description}" is only a reference ({terms}), not a description of the '
        "goods. Describe each article in words: what it is, its material and its use "
        '(e.g. "men\'s cotton shirt").'
    ),
    "no_content": N_(
        'The description "{description}" does not describe the goods. Describe each article in '
        'words: what it is, its material and its use (e.g. "men\'s cotton shirt").'
    ),
}


def check_descriptions(item: Item, lexicon: VagueLexicon) -> list[Problem]:
    """One VAGUE_DESCRIPTION per content line whose description does not say what the goods are.
    A missing or blank description is left to the completeness check (MISSING_FIELD)."""
    problems: list[Problem] = []
    for index, line in enumerate(item.contents):
        description = line.description
        if description is None or not description.strip():
            continue
        found = vagueness(description, lexicon)
        if found is None:
            continue
        problems.append(
            Problem(
                code=Code.VAGUE_DESCRIPTION,
                field=f"contents[{index}].description",
                template=_TEMPLATES[found.kind],
                params={"description": description, "terms": ", ".join(f'"{term}"' for term in found.terms)},
                detail={"kind": found.kind, "terms": list(found.terms)},
            )
        )
    return problems
