"""How alike two names are, 0..1, the way a screening officer weighs them: parts aligned in any
order, each part compared by spelling (typos), by consonant skeleton (transliterations), letter by
letter against Arabic or Hebrew script (`abjad_cost`), syllable by syllable as romanised Korean
(`korean_readings`: the same syllables, syllables one romanisation leaves open, or others), as
syllables of Mandarin (`chinese_syllable`: Wade-Giles Hsu is pinyin Xu, but pinyin Zheng is not
Zeng), and as an initial; parts written apart on one side and together on the other (Abdul Rahman /
Abdulrahman, bin al-Shibh / Binalshibh) are joined. The shorter name must be covered well, the
longer one reasonably (a missing middle name costs a little, a missing given name a lot).

No partial-ratio scoring: "Ali" inside "Alibaba Trading" is not a match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from clearpost.risk.names import (
    PINYIN,
    Name,
    NameParts,
    Part,
    chinese_readings,
    fold_units,
    korean_spelling,
    parse_name,
    shipped_name_parts,
    skeleton,
    squeeze,
)

INITIAL = 0.85
"""An initial ('V.') against the part it abbreviates."""
SKELETON = 0.9
"""Parts whose consonant outlines agree (Mohammed/Muhammad, Gim/Kim)."""
TRANSPOSED = 0.9
"""Two neighbouring letters swapped (Jnag/Jang): a slip of the keyboard, not another name."""
TYPO = 0.85
"""One letter added, dropped or replaced in a part that is nobody's name: a slip."""
KNOWN_DIFFERENT = 0.6
"""Spelling similarity of two known names of one length with another consonant counts for this
much: they are two names, not one name mistyped."""
KNOWN_OUTLINE = 0.7
"""Two known names with the same skeleton are spellings of one name only when this alike
(Hossain/Hosein, Qadhafi/Gaddafi), not Salma/Salimi."""
SHORT_PART = 0.8
"""Spelling similarity of parts of four letters or fewer counts for less."""
MIDDLE = 0.5
"""What a missing middle name weighs, against a first or last name (see `_total`)."""
FIRST = 1.5
"""What a missing first name weighs (see `_total`)."""
JOIN_FROM = 0.3
JOINED = 0.8
"""Neighbouring parts read as one match a part only when this alike (Abdul Rahman, Abdulrahman)."""
"""Names whose parts alone match this well are also compared with neighbouring parts joined."""
SHORT_SHARE = 0.6
"""How much of a name's score comes from covering the shorter name (the rest from the longer)."""
ABJAD_COST = 0.6
"""How much each unit of `abjad_cost` lowers the similarity of an Arabic or Hebrew part."""
KOREAN_VOWEL = 0.92
"""A Korean vowel one spelling writes and another leaves open ('yeong' and 'yong': 영, or 용)."""
KOREAN_INITIAL = 0.95
"""A Korean syllable whose initial the South drops and the North writes ('Yi' and 'Ri')."""
CROSS_SCRIPT = 0.97
"""A part matched across scripts is never quite certain."""
ABJAD_LIMIT = 1 / ABJAD_COST
"""A cost from which an abjad part and a Latin spelling are not alike at all."""

# The Latin spellings each abjad unit admits, with a cost (0 = the usual spelling).
_PIECE_COSTS: dict[str, dict[str, float]] = {
    "A": {"a": 0, "aa": 0, "e": 0, "i": 0, "o": 0, "u": 0},
    "{": {"a": 0, "e": 0, "u": 0, "o": 0, "i": 0.1},
    "}": {"l": 0, "t": 0.2, "d": 0.2, "r": 0.2, "z": 0.2, "s": 0.2, "n": 0.2, "sh": 0.2},
    "?": {"a": 0, "e": 0, "i": 0, "o": 0, "u": 0, "y": 0.2, "w": 0.2},
    "3": {"a": 0, "e": 0, "i": 0, "o": 0, "u": 0, "aa": 0},
    "b": {"b": 0, "p": 0.3},
    "p": {"p": 0, "b": 0.3},
    "t": {"t": 0, "th": 0.2},
    "T": {"th": 0, "s": 0.1, "t": 0.2},
    "j": {"j": 0, "g": 0.1, "dj": 0, "dzh": 0.1, "zh": 0.3, "y": 0.4},
    "c": {"ch": 0, "tch": 0, "c": 0.2, "j": 0.3, "ts": 0.3},
    "H": {"h": 0, "kh": 0.5},
    "x": {"kh": 0, "h": 0.2, "x": 0.1, "k": 0.3, "ch": 0.1, "q": 0.5},
    "d": {"d": 0, "dh": 0.3},
    "D": {"dh": 0, "z": 0.1, "d": 0.2, "th": 0.3, "s": 0.5},
    "r": {"r": 0},
    "z": {"z": 0, "s": 0.2, "dh": 0.5},
    "Z": {"zh": 0, "j": 0.1, "z": 0.2, "s": 0.5},
    "s": {"s": 0, "c": 0.3, "z": 0.4},
    "S": {"sh": 0, "ch": 0.1, "sch": 0.1, "s": 0.3},
    "E": {"d": 0, "dh": 0.1, "z": 0.1, "th": 0.4},
    "F": {"z": 0, "dh": 0.1, "d": 0.2, "th": 0.3},
    "g": {"gh": 0, "g": 0.1, "r": 0.5},
    "f": {"f": 0, "ph": 0.1, "v": 0.2},
    "q": {"q": 0, "k": 0, "g": 0.2, "c": 0.2, "qu": 0.1, "gh": 0.3, "ck": 0.2, "kh": 0.5},
    "k": {"k": 0, "c": 0.1, "ck": 0.1, "q": 0.3, "ch": 0.4, "g": 0.4},
    "G": {"g": 0, "gu": 0.1, "gh": 0.2, "j": 0.2, "k": 0.4},
    "l": {"l": 0},
    "m": {"m": 0},
    "n": {"n": 0},
    "h": {"h": 0, "eh": 0, "ah": 0, "e": 0.1, "a": 0.1},
    "@": {"a": 0, "ah": 0, "at": 0.1, "e": 0.1, "eh": 0.1, "et": 0.3, "h": 0.2},
    "w": {"w": 0, "u": 0, "o": 0, "ou": 0, "oo": 0, "uu": 0, "v": 0.1, "ow": 0.1, "aw": 0.1},
    "y": {"y": 0, "i": 0, "e": 0.1, "ee": 0, "ii": 0, "ei": 0, "ai": 0, "ay": 0, "ey": 0, "ie": 0},
    "v": {"a": 0, "aa": 0, "i": 0.1, "y": 0.1, "e": 0.1, "ah": 0.2},
    "B": {"b": 0, "v": 0},
    "K": {"k": 0, "kh": 0, "ch": 0, "c": 0.1, "h": 0.3},
    "P": {"p": 0, "f": 0, "ph": 0},
    "C": {"ts": 0, "tz": 0, "z": 0.1, "c": 0.2, "s": 0.3},
}


def _by_last_letter() -> dict[str, dict[str, list[tuple[str, int, float]]]]:
    """The pieces of each unit by their last letter: (piece, its length, cost)."""
    ending: dict[str, dict[str, list[tuple[str, int, float]]]] = {}
    for unit, pieces in _PIECE_COSTS.items():
        for piece, cost in pieces.items():
            ending.setdefault(unit, {}).setdefault(piece[-1], []).append((piece, len(piece), cost))
    return ending


_PIECES_BY_END = _by_last_letter()
_UNIT_SKIP = {"A": 0.3, "{": 0, "}": 0, "?": 0.05, "3": 0.1, "@": 0, "v": 0.3, "w": 0.4, "y": 0.4}
_UNIT_SKIP |= {"h": 0.4, "H": 0.6}
"""What leaving a unit without Latin letters costs (1 for other consonants)."""
_LATIN_VOWELS = frozenset("aeiou")
_VOWEL_PAIRS = frozenset(x + y for x in "aeiouy" for y in "aeiouy")


def _latin_skips(text: str) -> list[float]:
    """What leaving each Latin letter without a unit costs: nothing for a short vowel (not written
    in the abjad) or a doubled letter (shadda), something for a long vowel or diphthong (it would
    be written), the whole for a consonant."""
    costs = []
    for i, char in enumerate(text):
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if char == before:
            costs.append(0.0)
        elif char in _LATIN_VOWELS or (char in "yw" and before in _LATIN_VOWELS):
            in_run = before in _LATIN_VOWELS or after in _LATIN_VOWELS or after in ("y", "w")
            costs.append(0.25 if in_run else 0.0)
        elif char in "hyw":
            costs.append(0.5)
        else:
            costs.append(1.0)
    return costs


@lru_cache(maxsize=262144)
def abjad_cost(units: str, latin: str) -> float:
    """The cheapest alignment of a part written in Arabic or Hebrew script (its units) with a
    Latin spelling: 0 when the spelling is a usual transliteration of the letters. Alignments
    dearer than `ABJAD_LIMIT` (parts not alike at all) are given up: their cost is some larger
    number."""
    skips = _latin_skips(latin)
    previous = [0.0]
    for cost in skips:
        previous.append(previous[-1] + cost)
    for unit in units:
        ending = _PIECES_BY_END.get(unit, {})
        unit_skip = _UNIT_SKIP.get(unit, 1.0)
        current = [previous[0] + unit_skip]
        for j in range(1, len(latin) + 1):
            best = min(previous[j] + unit_skip, current[j - 1] + skips[j - 1])
            for piece, width, cost in ending.get(latin[j - 1], ()):
                if width <= j and previous[j - width] + cost < best and latin.startswith(piece, j - width):
                    best = previous[j - width] + cost
            current.append(best)
        if min(current) > ABJAD_LIMIT:
            return min(current)
        previous = current
    return previous[-1]


@lru_cache(maxsize=262144)
def _latin_similarity(
    a: str, b: str, skeleton_a: str, skeleton_b: str, known: bool, outline: bool = True
) -> float:
    """Two spellings of Latin letters; `known`: both are names people have (in `NameParts`), so a
    small difference is more likely another name (Salma, Salimi) than a slip (Adre for Andre);
    `outline`: whether the same consonant skeleton makes them alike."""
    spelling = OSA.normalized_similarity(a, b)
    if not known and len(a) == len(b) >= 3 and Levenshtein.distance(a, b) == 2 and OSA.distance(a, b) == 1:
        return max(spelling, TRANSPOSED)  # but Hamad and Ahmad are two names
    # the same outline (of three consonants, or two after the same first letter), spellings not too
    # far apart (doubled letters aside): Yang and Ying are different names
    if (
        outline
        and skeleton_a == skeleton_b
        and (len(skeleton_a) >= 3 or a[0] == b[0])
        and OSA.normalized_similarity(squeeze(a), squeeze(b)) > (KNOWN_OUTLINE if known else 0.5)
    ):
        return max(spelling, SKELETON)
    if not known and min(len(a), len(b)) >= 3 and OSA.distance(a, b) == 1:
        return max(spelling, TYPO)  # Uar for Umar, Amzr for Amar
    if (
        known
        and len(a) == len(b)
        and any(x + y not in _VOWEL_PAIRS for x, y in zip(a, b, strict=True) if x != y)
    ):
        spelling *= KNOWN_DIFFERENT  # another consonant: Khalid and Khalil, Jamal and Kamal

    if max(len(a), len(b)) <= 4:  # one letter changes a short name into another name
        return spelling * SHORT_PART
    return spelling


_KOREAN_NUCLEUS = re.compile(r"([wy]?[aeiou]+)")
_KOREAN_VOWELS: dict[str, frozenset[str]] = {
    "o": frozenset({"o", "eo"}),  # McCune-Reischauer without breves: o for ㅗ, and ŏ (ㅓ)
    "u": frozenset({"u", "eu", "eo"}),  # u for ㅜ, ŭ (ㅡ), and English-style u for ㅓ (Sung, Jung)
    "yo": frozenset({"yo", "yeo"}),  # yo for ㅛ, yŏ (ㅕ)
    "yu": frozenset({"yu", "yeo"}),  # yu for ㅠ, English-style yu for ㅕ (Hyun)
    "ou": frozenset({"u", "o"}),  # French-style ou for ㅜ (Sou), or an o
    "you": frozenset({"yu", "yo"}),  # Youn for 윤
}
"""The vowels a spelling leaves open; any other spelling of a vowel is the one vowel it writes."""


def _initial_sound(initial: str, vowel: str) -> str:
    """An initial consonant as the South writes it at the start of a name: ㄹ dropped before i
    and y, n before other vowels; ㄴ dropped before i and y (리 Ri = 이 Lee, 로 Ro = 노 No)."""
    if initial == "l":
        return "" if vowel[0] in "iy" else "n"
    return "" if initial == "n" and vowel[0] in "iy" else initial


@lru_cache(maxsize=262144)
def korean_readings(a: str, b: str) -> tuple[int, int] | None:
    """Whether two romanised Korean name parts may be the same syllables, and what it takes:
    (vowels read as a romanisation leaves them open, initial consonants read by the initial-sound
    rule), or None. A syllable is read one way at most: 'young' (영) and 'ryong' (룡) would need
    the ㄹ dropped and the o read as ŏ, so they are other syllables; 'yong' (용, or 영 without its
    breve) meets both, one way each."""
    key_a, key_b = korean_spelling(a), korean_spelling(b)
    if key_a == key_b:
        return (0, 0)
    split_a, split_b = _KOREAN_NUCLEUS.split(key_a), _KOREAN_NUCLEUS.split(key_b)
    if len(split_a) != len(split_b) or len(split_a) < 3:
        return None
    vowels = initials = 0
    for k in range(1, len(split_a), 2):  # each syllable's vowel, and the consonants before it
        vowel_a, vowel_b = split_a[k], split_b[k]
        read = 0
        if vowel_a != vowel_b:
            open_a, open_b = _KOREAN_VOWELS.get(vowel_a), _KOREAN_VOWELS.get(vowel_b)
            if not (open_a or {vowel_a}) & (open_b or {vowel_b}):
                return None
            read = 1
        before_a, before_b = split_a[k - 1], split_b[k - 1]
        if before_a != before_b:
            if k > 1 or read or _initial_sound(before_a, vowel_a) != _initial_sound(before_b, vowel_b):
                return None  # the initial-sound rule: at the start of a part, and only once
            initials += 1
        vowels += read
    if split_a[-1] != split_b[-1]:
        return None
    return vowels, initials


@lru_cache(maxsize=65536)
def _korean_syllables(text: str) -> bool:
    """Whether a part is spelled as Korean syllables are (a vowel between single consonants, two
    between syllables): 'cho', 'kwang', 'yongchol'; not a slip such as 'jnag' or 'sonng'."""
    split = _KOREAN_NUCLEUS.split(korean_spelling(text))
    return (
        len(split) >= 3
        and len(split[0]) <= 1
        and len(split[-1]) <= 1
        and all(len(between) <= 2 for between in split[2:-1:2])
    )


@lru_cache(maxsize=262144)
def _korean_similarity(a: str, b: str) -> float:
    readings = korean_readings(a, b)
    if readings is None:
        return Levenshtein.normalized_similarity(korean_spelling(a), korean_spelling(b)) * SHORT_PART
    vowels, initials = readings
    return KOREAN_VOWEL**vowels * KOREAN_INITIAL**initials


_KOREAN_SYLLABLE = re.compile(
    r"(?:kk|k|g|n|tt|t|d|r|l|m|pp|p|b|ss|s|sh|jj|j|tch|ch|h)?"
    r"(?:a|ae|ai|ya|yae|eo|e|yeo|ye|o|oo|ou|wa|wae|oe|oi|yo|u|wo|we|wi|yu|eu|ui|i|ee)"
    r"(?:k|g|n|t|d|l|r|m|p|b|ng|ck)?"
)


def korean_syllable(text: str) -> bool:
    """Whether a part (as `parse_name` spells it: Lee as 'li', Rhee as 'rhi') is spelled as a
    romanised Korean syllable is: 'kim', 'choe', 'yong', 'park'; not 'cui' or 'zheng'."""
    return text in ("park", "rhi", "yi", "young") or _KOREAN_SYLLABLE.fullmatch(text) is not None


def _korean_looking(name: Name) -> bool:
    """Every part a romanised Korean syllable (Kim Jong Un, Ri Su Yong, Choe Chun Yong)."""
    return len(name.core) >= 2 and all(korean_syllable(p.text) for p in name.core)


def part_similarity(left: Part, right: Part, korean: bool = False, parts: NameParts | None = None) -> float:
    """0..1: how alike two name parts are (written in any scripts). `korean`: both are Korean
    names (one in hangul, or both romanised syllables); `parts` tells which parts are known names."""
    a, b = left.text, right.text
    if left.units and right.units:
        return Levenshtein.normalized_similarity(fold_units(left.units), fold_units(right.units))
    if left.units or right.units:
        units, latin = (left.units, b) if left.units else (right.units, a)
        return max(0.0, 1 - ABJAD_COST * abjad_cost(units, latin)) * CROSS_SCRIPT
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return INITIAL if a[0] == b[0] else 0.0
    known = parts is not None and parts.known(left) and parts.known(right)
    if korean and korean_readings(a, b) is None and _korean_syllables(a) and _korean_syllables(b):
        # two Korean syllables the romanisations keep apart (조 Cho and 최 Choe, 강 Kang and 광
        # Kwang): their consonant outline, blind to vowels and to the w of 광, says nothing
        spelled = _latin_similarity(a, b, left.skeleton, right.skeleton, known, outline=False)
        return max(spelled, _korean_similarity(a, b))
    same_syllable = None if korean else chinese_syllable(a, b)
    if same_syllable is False:
        # two syllables of Mandarin that pinyin and Wade-Giles keep apart (郑 Zheng and 曾 Zeng,
        # 张 Zhang and 郑 Zheng, 彭 Peng and 平 Ping): their outline, blind to vowels and to the h
        # of zh, ch and sh, says nothing: they are two names, as Khalid and Khalil are
        spelled = _latin_similarity(a, b, left.skeleton, right.skeleton, known, outline=False)
        return min(spelled, OSA.normalized_similarity(a, b) * KNOWN_DIFFERENT)
    if same_syllable:  # one syllable in pinyin and in Wade-Giles: 徐 Xu and Hsu, 蔡 Cai and Tsai
        return SKELETON
    similarity = _latin_similarity(a, b, left.skeleton, right.skeleton, known)
    if korean:
        return max(similarity, _korean_similarity(a, b))
    return similarity


@lru_cache(maxsize=65536)
def chinese_syllable(a: str, b: str) -> bool | None:
    """Whether two different name parts that are both syllables of Mandarin, in pinyin or in
    Wade-Giles, are one syllable: True for a Wade-Giles spelling that is not pinyin and the
    pinyin it writes ('hsu' and 'xu', 'tsai' and 'cai'); False for syllables no reading makes one
    ('zheng' and 'zeng', 'peng' and 'ping', 'chao' and 'cho'). None when either is no such
    syllable, or when both are pinyin that Wade-Giles would also write for one another ('chang'
    and 'zhang', 'chu' and 'zhu': one syllable in Taiwan's spelling, two in the mainland's): their
    letters decide, as for any name."""
    readings_a, readings_b = chinese_readings(a), chinese_readings(b)
    if not readings_a or not readings_b:
        return None
    if not readings_a & readings_b:
        return False
    return None if a in PINYIN and b in PINYIN else True


def _length_weight(part: Part) -> float:
    return 1.0 if len(part.text) == 1 else min(len(part.text), 8)


class _Span:
    """One core part, or neighbouring parts read as one (Abdul Rahman as Abdulrahman)."""

    __slots__ = ("cores", "part", "width")

    def __init__(self, parts: Sequence[Part], cores: frozenset[int]) -> None:
        self.cores = cores
        self.width = len(parts)
        self.part = parts[0] if len(parts) == 1 else joined(tuple(parts))


@lru_cache(maxsize=65536)
def joined(parts: tuple[Part, ...]) -> Part:
    """Neighbouring parts read as one."""
    text = "".join(p.text for p in parts)
    return Part(text, skeleton(text), False, "".join(p.units for p in parts))


class Prepared:
    """A name made ready to be compared many times: its core parts' weights, and (when first
    needed) its runs of two or three neighbouring parts (particles included) read as one."""

    __slots__ = ("_runs", "_singles", "chinese", "korean", "name", "weights")

    def __init__(self, name: Name, parts: NameParts | None = None) -> None:
        self.name = name
        weigh = parts.of if parts is not None else _length_weight
        self.weights = [weigh(p) for p in name.core]
        self.korean = _korean_looking(name)
        # every part one syllable of Mandarin (Guo Ping CHEN): with `korean`, a name whose parts
        # are syllables, not names; one left out is half a given name, not a middle name
        self.chinese = all(chinese_readings(p.text) for p in name.core)
        self._singles: list[_Span] | None = None
        self._runs: list[_Span] | None = None

    def singles(self) -> list[_Span]:
        if self._singles is None:
            self._singles = [_Span((p,), frozenset({i})) for i, p in enumerate(self.name.core)]
        return self._singles

    def runs(self) -> list[_Span]:
        if self._runs is None:
            parts, core = self.name.parts, self.name.core
            index = {id(p): i for i, p in enumerate(core)}
            self._runs = []
            for width in (2, 3):
                for start in range(len(parts) - width + 1):
                    run = parts[start : start + width]
                    cores = frozenset(index[id(p)] for p in run if id(p) in index)
                    if cores:
                        self._runs.append(_Span(run, cores))
        return self._runs


@dataclass(frozen=True, slots=True)
class Similarity:
    score: float
    """0..1: how alike the names are."""
    evidence: float
    """The information (log10 of 1/share of names, see `NameParts`) of what the names have in
    common, each matched part counted by how well it matches: about 2.5 for 'Mohamed Ali' against
    'Ali Mohammed', 6 or more for a rare full name."""


class Comparer:
    """Compares prepared names, weighing parts with a `NameParts` table (a missing 'Mohammed'
    costs little, a missing 'Zawahiri' much; without a table, by length) and remembering how
    alike the parts it met were."""

    def __init__(self, parts: NameParts | None = None, remember: int = 0) -> None:
        self.parts = parts
        self.remember = remember
        self._similar: dict[tuple[str, str, str, str, bool], float] = {}

    def prepare(self, name: Name) -> Prepared:
        return Prepared(name, self.parts)

    def part_similarity(self, one: Part, other: Part, korean: bool) -> float:
        key = (one.text, one.units, other.text, other.units, korean)
        similarity = self._similar.get(key)
        if similarity is None:
            similarity = part_similarity(one, other, korean, self.parts)
            if len(self._similar) < self.remember:
                self._similar[key] = similarity
        return similarity

    def compare(self, left: Prepared, right: Prepared) -> Similarity:
        """How alike two names are (symmetric)."""
        short, long = (left, right) if len(left.weights) <= len(right.weights) else (right, left)
        if not short.weights:
            return Similarity(0.0, 0.0)
        scripts = {left.name.script, right.name.script}
        if (
            len(scripts) > 1
            and "LATIN" not in scripts
            and not (left.name.unvowelled or right.name.unvowelled)
        ):
            return Similarity(0.0, 0.0)  # two non-Latin scripts: no common ground
        korean = "HANGUL" in scripts or (left.korean and right.korean)
        best = self._match(short, long, korean, joined=False)
        if JOIN_FROM <= best.score < 0.95 and len(short.name.parts) + len(long.name.parts) > 2:
            joined = self._match(short, long, korean, joined=True)
            if joined.score > best.score:
                best = joined
        return best

    def _match(self, short: Prepared, long: Prepared, korean: bool, joined: bool) -> Similarity:
        """Greedy best-first alignment of the parts, and what it covers of each name."""
        spans_short, spans_long = short.singles(), long.singles()
        if joined:
            spans_short, spans_long = spans_short + short.runs(), spans_long + long.runs()
        similar = self.part_similarity
        pairs = sorted(
            (
                (similar(one.part, other.part, korean), i, j)
                for i, one in enumerate(spans_short)
                for j, other in enumerate(spans_long)
                if one.width == 1 or other.width == 1
            ),
            reverse=True,
        )
        weights_short, weights_long = short.weights, long.weights
        used_short: set[int] = set()
        used_long: set[int] = set()
        matched_short = matched_long = evidence = 0.0
        aligned = runs = 0
        for similarity, i, j in pairs:
            if similarity <= 0.5:
                break
            if similarity < JOINED and (spans_short[i].width > 1 or spans_long[j].width > 1):
                continue  # 'Khalid al' is not 'Khalil'
            one, other = spans_short[i].cores, spans_long[j].cores
            if used_short & one or used_long & other:
                continue
            used_short |= one
            used_long |= other
            weight_short = sum(weights_short[k] for k in one)
            weight_long = sum(weights_long[k] for k in other)
            matched_short += similarity * weight_short
            matched_long += similarity * weight_long
            evidence += similarity * min(weight_short, weight_long)
            aligned += 1
            runs += spans_short[i].width > 1 or spans_long[j].width > 1
        complete_short, complete_long = (
            len(used_short) == len(weights_short),
            len(used_long) == len(weights_long),
        )
        cover_short = matched_short / _total(
            weights_short, used_short, complete_long, not (short.korean or short.chinese)
        )
        cover_long = matched_long / _total(
            weights_long, used_long, complete_short, not (long.korean or long.chinese)
        )
        if len(weights_short) == 1 or aligned == runs == 1:
            # one part says little: both sides must be nearly all of it; so do parts read as one,
            # when they are all that matched ('Song Yan' as Songyan is not 'Songyan JI')
            return Similarity(min(cover_short, cover_long), evidence)
        return Similarity(SHORT_SHARE * cover_short + (1 - SHORT_SHARE) * cover_long, evidence)


def _total(weights: list[float], matched: set[int], other_complete: bool, middle_names: bool = True) -> float:
    """What a name's parts weigh against what matched of them. When the other name is matched
    completely, its parts are missing here rather than different: a middle part left out counts
    `MIDDLE` of its weight if the first and last are matched (middle names and patronymics are
    often left out), a first part left out `FIRST` (another given name: a relative). Not with
    `middle_names` False, for a name whose parts are Korean or Chinese syllables: its middle part
    is half a given name (Chol of CHO Chol Song), and siblings share the other half."""
    total = sum(weights)
    last = len(weights) - 1
    if last < 1 or not other_complete:
        return total
    if 0 not in matched:
        total += (FIRST - 1) * weights[0]
    elif middle_names and last >= 2 and last in matched:
        total -= (1 - MIDDLE) * sum(weights[k] for k in range(1, last) if k not in matched)
    return total


def compare(left: Name, right: Name, parts: NameParts | None = None) -> Similarity:
    """How alike two names are (symmetric). With `parts`, each part weighs as much as it tells;
    without, by its length."""
    comparer = Comparer(parts)
    return comparer.compare(comparer.prepare(left), comparer.prepare(right))


def name_similarity(left: Name, right: Name, parts: NameParts | None = None) -> float:
    """0..1, symmetric (see `compare`)."""
    return compare(left, right, parts).score


def score_pair(left: str, right: str, organization: bool = False) -> float:
    """How alike two names as written (any scripts) are, parts weighed by the shipped table."""
    return name_similarity(
        parse_name(left, organization), parse_name(right, organization), shipped_name_parts()
    )
