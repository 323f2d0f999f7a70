"""Names as a screening officer compares them: any script to Latin letters, parts split and
cleaned of titles, particles and legal forms, with keys that survive spelling differences.

Transliteration is anyascii's (Cyrillic, Greek, Hebrew, hangul, kana, hanzi → pinyin …). Arabic
and Hebrew script is mostly written without vowels, so each part also has a *skeleton* — its
consonants, with the letters transliterations disagree on folded together — which is how
"محمد" meets "Mohammed", "Muhammad" and "Mohamad".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "bint", "abu", "abd", "ul", "van", "der", "den", "de", "la", "le", "du", "von"}
    | {"del", "della", "di", "da", "dos", "das", "y", "ben", "bat", "mc", "ap", "ould"}
)
"""Particles: kept for comparison but not required to match (they are often dropped or joined)."""
TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "haji", "hajji", "sheikh", "shaykh", "mullah"}
)
LEGAL_FORMS = frozenset(
    {"llc", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "co", "company", "gmbh", "ag"}
    | {"sa", "sarl", "srl", "spa", "bv", "nv", "plc", "ooo", "zao", "oao", "pao", "ao", "jsc", "pjsc", "fze"}
    | {"fzco", "llp", "lp", "pte", "pty", "sdn", "bhd", "kg", "ug", "as", "oy", "ab", "kft", "sp", "zoo"}
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_VOWELS = str.maketrans("", "", "aeiouy")
_SKELETON_FOLD = str.maketrans(
    {"q": "k", "c": "k", "g": "k", "z": "s", "v": "f", "p": "b", "j": "k", "x": "ks"}
)
_SCRIPTS_WITHOUT_VOWELS = frozenset({"ARABIC", "HEBREW", "SYRIAC"})


@dataclass(frozen=True, slots=True)
class Part:
    text: str
    """Latin letters, lower case: 'muhammad'."""
    skeleton: str
    """Consonants, folded: 'mhmd'."""
    particle: bool


@dataclass(frozen=True, slots=True)
class Name:
    original: str
    parts: tuple[Part, ...]
    unvowelled: bool
    script: str
    """The script it was written in, as Unicode names it ('LATIN', 'ARABIC', 'CJK', 'HANGUL', …)."""
    """Written in a script that leaves vowels out (Arabic, Hebrew): compare skeletons."""

    @property
    def core(self) -> tuple[Part, ...]:
        """The parts that carry the identity (particles aside, unless nothing else is left)."""
        kept = tuple(p for p in self.parts if not p.particle)
        return kept or self.parts


def skeleton(text: str) -> str:
    """Consonant outline of a Latin-letter name part: 'mohammed' -> 'mhmd', 'yusuf' -> 'sf'."""
    folded = (
        text.replace("kh", "h")
        .replace("gh", "g")
        .replace("sh", "s")
        .replace("ch", "s")
        .replace("th", "t")
        .replace("dh", "d")
        .replace("ph", "f")
        .replace("ou", "u")
    )
    consonants = folded.translate(_VOWELS).translate(_SKELETON_FOLD).replace("w", "").replace("h", "")
    collapsed = re.sub(r"(.)\1+", r"\1", consonants)
    return collapsed or text[:1]


def _script(text: str) -> str:
    for char in text:
        if char.isalpha():
            return unicodedata.name(char, "LATIN").split(" ", 1)[0]
    return "LATIN"


@lru_cache(maxsize=262144)
def parse_name(text: str, organization: bool = False) -> Name:
    """Split a name as written in any script into comparable parts."""
    script = _script(text)
    if script == "ARABIC":  # the article is written joined to the word: الظواهري is al-Zawahiri
        text = " ".join(
            word[2:] if word.startswith("ال") and len(word) > 3 else word for word in text.split()
        )
    latin = anyascii(text)
    latin = _CAMEL.sub(" ", latin)  # hanzi and hangul come out as "WangWei", "GimJeongEun"
    latin = _NON_WORD.sub(" ", latin.lower().replace("'", "").replace("`", ""))
    tokens = [t for t in latin.split() if t not in TITLES]
    if organization:
        tokens = [t for t in tokens if t not in LEGAL_FORMS] or tokens
    parts = tuple(Part(t, skeleton(t), t in PARTICLES) for t in tokens)
    return Name(text, parts, script in _SCRIPTS_WITHOUT_VOWELS, script)
