"""Names as a screening officer compares them: any script to Latin letters, parts split and
cleaned of titles, particles and legal forms, with keys that survive spelling differences.

- Latin, Cyrillic, Greek, hanzi (as pinyin), kana, Thai: anyascii's transliteration, compared by
  spelling. `chinese_readings` tells which syllables of Mandarin a part may spell, in pinyin or
  in Wade-Giles ('hsu' is 徐 xu; 'chang' is zhang or chang), so that `matching.py` can keep two
  syllables apart that a spelling comparison would take for one (zheng 郑 and zeng 曾).
- Arabic and Hebrew script is written without short vowels, and transliterations disagree on how
  to render its letters. Each such part keeps its letters as *abjad units* (one per letter: its
  consonant, or a long vowel, or the article al-), which `matching.py` aligns with a Latin
  spelling letter by letter: "محمد" meets "Mohammed", "Muhammad" and "Mohamad", "حسين" meets
  "Hussein" and "Husayn", but not "Hassan".
- Hangul is split into syllables; `korean_key` folds the romanisations of a syllable (Revised,
  McCune-Reischauer with or without breves, the initial-sound rule of the South) into one coarse
  key that finds candidates (김정은, "Kim Jong Un" and "Gim Jeong-eun"); `korean_spelling` keeps
  what a romanisation says for certain (Revised 'eo' is ㅓ, McCune-Reischauer 'o' may be ㅗ or
  ㅓ), so that `matching.py` can tell a spelling that is the same syllable from one that only may be.
- Latin spellings of one sound are folded before anything else (Saleem/Salim, Mahmood/Mahmud,
  Aly/Ali, Sergey/Sergei).
- Every part also has a *skeleton* — its consonants, with the letters transliterations disagree
  on folded together — and coarser consonant classes (`coarse`) that bridge scripts: keys the
  screening index finds candidates by.

`NameParts` tells how common each part is (the shipped table: `shipped_name_parts`), so that a
match on common parts counts for less than one on rare parts.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from itertools import groupby
from typing import Final

import msgspec
from anyascii import anyascii

PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "bint", "abu", "abd", "ul", "van", "der", "den", "de", "la", "le", "du", "von"}
    | {"del", "della", "di", "da", "dos", "das", "y", "ben", "bat", "mc", "ap", "ould", "ad", "ud", "ed"}
    | {"seyyed", "seyed", "sayyid", "sayyed", "syed"}
)
"""Particles (and the honorific Sayyid, also a given name): kept for comparison but not required
to match (they are often dropped or joined)."""
TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "haji", "hajji", "sheikh", "shaykh", "mullah", "md"}
    | {"mst", "mohd", "maulana", "maulawi", "mawlawi", "mawlavi", "qari", "mufti", "hafiz"}
)
"""Titles and honorifics (`Md.` and `Mohd.` abbreviate Muhammad as a title in South Asia)."""
LEGAL_FORMS = frozenset(
    {"llc", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "co", "company", "gmbh", "ag"}
    | {"sa", "sarl", "srl", "spa", "bv", "nv", "plc", "ooo", "zao", "oao", "pao", "ao", "jsc", "pjsc", "fze"}
    | {"fzco", "llp", "lp", "pte", "pty", "sdn", "bhd", "kg", "ug", "as", "oy", "ab", "kft", "sp", "zoo"}
    | {"cv", "de", "kk", "pt", "tbk", "liability", "joint", "stock", "closed", "open", "public"}
    | {"youxian", "gongsi", "jusikhoesa", "yugen", "kabushiki", "kaisha", "llc", "fz", "est"}
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_VOWELS = str.maketrans("", "", "aeiouy")
_SKELETON_FOLD = str.maketrans(
    {"q": "k", "c": "k", "g": "k", "z": "s", "v": "f", "p": "b", "j": "k", "x": "ks"}
)

# Abjad units: one character per letter of Arabic, Persian, Urdu and Hebrew script. `matching.py`
# knows which Latin spellings each unit admits.
_ARABIC_UNITS = {
    "ا": "A", "أ": "A", "إ": "A", "آ": "A", "ٱ": "A", "ء": "?", "ؤ": "?", "ئ": "?",
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "T", "ج": "j", "چ": "c", "ح": "H", "خ": "x",
    "د": "d", "ذ": "D", "ر": "r", "ز": "z", "ژ": "Z", "س": "s", "ص": "s", "ش": "S", "ض": "E",
    "ظ": "F", "ع": "3", "غ": "g", "ف": "f", "ق": "q", "ك": "k", "ک": "k", "گ": "G", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "ۀ": "h", "ہ": "h", "ھ": "h", "ة": "@", "و": "w", "ي": "y",
    "ی": "y", "ې": "y", "ۍ": "y", "ے": "y", "ى": "v", "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n",
}  # fmt: skip
_HEBREW_UNITS = {
    "א": "A", "ב": "B", "ג": "G", "ד": "d", "ה": "h", "ו": "w", "ז": "z", "ח": "x", "ט": "t",
    "י": "y", "כ": "K", "ך": "K", "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n", "ס": "s",
    "ע": "3", "פ": "P", "ף": "P", "צ": "C", "ץ": "C", "ק": "q", "ר": "r", "ש": "S", "ת": "t",
}  # fmt: skip
_UNIT_LATIN = str.maketrans(
    {
        "A": "a", "?": "", "T": "th", "H": "h", "x": "kh", "D": "dh", "Z": "zh", "S": "sh", "E": "d",
        "F": "z", "3": "", "g": "gh", "G": "g", "@": "", "v": "a", "{": "", "}": "", "B": "b",
        "K": "k", "P": "p", "C": "ts", "c": "ch",
    }
)  # fmt: skip
"""Each unit's most usual Latin letters: the skeleton of an abjad part is taken from these."""
_ARABIC_ARTICLE = ("ال", "{}")
"""The article al- written joined to its word (الظواهري = al-Zawahiri): units that may be left out."""
_ARTICLE_AFTER = ("عبد", "ابو", "أبو", "بو")
"""Compounds written as one word with the article inside: عبدالرحمن = Abd al-Rahman."""


class Part:
    """One part of a name, compared by value. A plain class with read-only attributes, as
    `quality.context.Context`: a stored name index makes some 200,000 of them at every start."""

    __slots__ = ("particle", "skeleton", "text", "units")

    def __init__(self, text: str, skeleton: str, particle: bool, units: str = "") -> None:
        self.text: Final = text
        """Latin letters, lower case: 'muhammad'."""
        self.skeleton: Final = skeleton
        """Consonants, folded: 'mhmd'."""
        self.particle: Final = particle
        self.units: Final = units
        """Abjad units of a part written in Arabic or Hebrew script ('mHmd'), else ''."""

    def _fields(self) -> tuple[str, str, bool, str]:
        return (self.text, self.skeleton, self.particle, self.units)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Part) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "Part({!r}, {!r}, {!r}, {!r})".format(*self._fields())

    def __reduce__(self) -> tuple[type[Part], tuple[str, str, bool, str]]:
        # pickled by its fields: a stored name index holds hundreds of thousands of parts
        return Part, self._fields()


@dataclass(frozen=True, slots=True)
class Name:
    original: str
    parts: tuple[Part, ...]
    unvowelled: bool
    """Written in a script that leaves vowels out (Arabic, Hebrew): parts carry abjad units."""
    script: str
    """The script it was written in, as Unicode names it ('LATIN', 'ARABIC', 'CJK', 'HANGUL', …)."""

    core: tuple[Part, ...] = field(init=False)
    """The parts that carry the identity (particles aside, unless nothing else is left)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "core", tuple(p for p in self.parts if not p.particle) or self.parts)

    def __reduce__(self) -> tuple[type[Name], tuple[str, tuple[Part, ...], bool, str]]:
        return Name, (self.original, self.parts, self.unvowelled, self.script)


def squeeze(text: str) -> str:
    """Each run of a repeated letter as one letter: 'mmd' -> 'md'."""
    return "".join(letter for letter, _ in groupby(text))


@lru_cache(maxsize=131072)
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
    collapsed = squeeze(consonants)
    return collapsed or text[:1]


_COARSE_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("kh", "K"), ("gh", "K"), ("sh", "S"), ("ch", "S"), ("zh", "S"), ("th", "T"), ("dh", "T"), ("ph", "F"),
    ("ts", "T"), ("tz", "T"),
)  # fmt: skip
_COARSE_LATIN = str.maketrans("bpftdzsckqgxjlrmnKSTF", "BBFTTTTKKKKKKLRMNKSTF", "aeiouyhwv'")
_COARSE_UNITS = str.maketrans("bpBPtTdDzsEFCSZcjxqkGgKHhlrmnf", "BBBBTTTTTTTTTSSSKKKKKKK--LRMNF", "A?3wyv@{}")


def coarse(part: Part) -> str:
    """The consonant classes of a part, coarse enough to bridge scripts and transliterations (the
    d/z/dh/th and s/t family, k/q/g/kh/j, b/p; v and w left out, as و may be either or a vowel):
    'morteza' and مرتضی -> 'MRT'."""
    return _coarse_units(part.units) if part.units else _coarse_latin(part.text)


@lru_cache(maxsize=131072)
def _coarse_units(units: str) -> str:
    return squeeze(units.translate(_COARSE_UNITS).replace("-", ""))


@lru_cache(maxsize=131072)
def _coarse_latin(text: str) -> str:
    for digraph, cls in _COARSE_DIGRAPHS:
        text = text.replace(digraph, cls)
    return squeeze(text.translate(_COARSE_LATIN))


def _script(text: str) -> str:
    for char in text:
        if char.isalpha():
            return unicodedata.name(char, "LATIN").split(" ", 1)[0]
    return "LATIN"


def _abjad_units(word: str, table: dict[str, str]) -> str:
    """The units of one word; the Arabic article (at the start, or inside عبدال…) as '{}'; a
    Persian ی ending a word may be the a of Morteza or Mostafa, as ى is in Arabic."""
    if word.endswith("ی") and len(word) > 2:
        return _abjad_units(word[:-1], table) + "v"
    for prefix in _ARTICLE_AFTER:
        if word.startswith(prefix + "ال") and len(word) > len(prefix) + 3:
            return (
                _abjad_units(prefix, table)
                + _ARABIC_ARTICLE[1]
                + _abjad_units(word[len(prefix) + 2 :], table)
            )
    if word.startswith(_ARABIC_ARTICLE[0]) and len(word) > 3:
        return _ARABIC_ARTICLE[1] + _abjad_units(word[2:], table)
    return "".join(table.get(char, "") for char in word)


def _abjad_parts(text: str, script: str) -> tuple[Part, ...]:
    table = _HEBREW_UNITS if script == "HEBREW" else _ARABIC_UNITS
    parts = []
    for word in re.split(r"[^\w]+|_", unicodedata.normalize("NFKC", text)):
        units = _abjad_units(word, table)
        if not units:
            continue
        latin = _NON_WORD.sub("", anyascii(word).lower())
        plain = units.translate(_UNIT_LATIN)
        particle = units in ("bn", "Abw", "bnt", "3bd", "Bn")  # bin, abu, bint, abd; ben (Hebrew)
        parts.append(Part(latin or plain, skeleton(plain), particle, units))
    return tuple(parts)


def _latin_vowels(word: str) -> str:
    """The long vowels and final y of English-style transliterations as the others write them:
    Saleem, Mahmood, Aly, Sergey as Salim, Mahmud, Ali, Sergei."""
    word = word.replace("ee", "i").replace("oo", "u")
    return word[:-1] + "i" if len(word) > 2 and word.endswith("y") else word


@lru_cache(maxsize=262144)
def parse_name(text: str, organization: bool = False) -> Name:
    """Split a name as written in any script into comparable parts."""
    script = _script(text)
    if script in ("ARABIC", "HEBREW"):
        return Name(text, _abjad_parts(text, script), True, script)
    written = text
    if script == "HANGUL":  # one part per syllable, as the lists write Korean names
        written = "".join(char + " " if "\uac00" <= char <= "\ud7a3" else char for char in text)
    latin = anyascii(written)
    latin = _CAMEL.sub(" ", latin)  # hanzi come out as "WangWei"
    latin = _NON_WORD.sub(" ", latin.lower().replace("'", "").replace("`", "").replace("’", ""))
    words = [_latin_vowels(word) for word in latin.split()]
    tokens = [t for t in words if t not in TITLES] or words
    if organization:
        tokens = [t for t in tokens if t not in LEGAL_FORMS] or tokens
    parts = tuple(Part(t, skeleton(t), t in PARTICLES) for t in tokens)
    return Name(text, parts, False, script)


_KOREAN_FOLDS = (
    ("rk", "k"), ("yeo", "yo"), ("eo", "o"), ("eu", "u"), ("oo", "u"), ("ou", "o"), ("ee", "i"),
    ("wae", "we"), ("oe", "we"), ("oi", "we"), ("ae", "e"), ("ai", "e"), ("ui", "i"), ("ng", "N"),
    ("tch", "c"), ("ch", "c"), ("j", "c"), ("kk", "k"), ("g", "k"), ("tt", "t"), ("d", "t"), ("pp", "p"),
    ("b", "p"), ("ss", "s"), ("sh", "s"), ("rh", "l"), ("r", "l"),
)  # fmt: skip


@lru_cache(maxsize=65536)
def korean_key(text: str) -> str:
    """One key for every romanisation a Korean name part may have: 'jeong', 'chong', 'jong' ->
    'coN', and also 'yeong', 'yong', 'ryong' -> 'yoN'. A coarse key, for finding candidates:
    how alike two parts are is `korean_spelling`'s business (`matching.py`).

    Initial r/l is dropped before i and y and becomes n before other vowels, as the South writes
    it (리 Ri = 이 Lee, Yi, I; 로 Ro = 노 No); so 'ri', 'lee', 'rhee', 'yi' and 'i' share a key."""
    key = text
    for old, new in _KOREAN_FOLDS:
        key = key.replace(old, new)
    key = squeeze(key)
    if key.startswith("l"):
        key = key[1:] if key[1:2] in ("i", "y") else "n" + key[1:]
    if key.startswith("yi"):
        key = key[1:]
    return key or text


_KOREAN_SPELLINGS = (
    ("rk", "k"), ("oung", "eong"), ("oo", "u"), ("ee", "i"), ("eui", "ui"), ("wae", "we"),
    ("oe", "we"), ("oi", "we"), ("weo", "wo"), ("ae", "e"), ("ai", "e"), ("ui", "i"), ("ng", "N"),
    ("tch", "c"), ("ch", "c"), ("j", "c"), ("kk", "k"), ("g", "k"), ("tt", "t"), ("d", "t"), ("pp", "p"),
    ("b", "p"), ("ss", "s"), ("sh", "s"), ("rh", "l"), ("r", "l"),
)  # fmt: skip


@lru_cache(maxsize=65536)
def korean_spelling(text: str) -> str:
    """A Korean name part as its romanisations agree on it: the spellings of one sound folded
    (Revised g/d/b/j against McCune-Reischauer k/t/p/ch, without the marks of aspiration; Park,
    Lee and Rhee, Choi and Choe, Joon, Young as English-style yeong), but not what one romanisation
    tells and another leaves open. 'eo' (ㅓ) stays apart from 'o', which McCune-Reischauer
    without breves writes for ㅗ and ㅓ; 'eu' (ㅡ) from 'u'; an initial l/r is kept (the South
    drops it: `matching.py` weighs that). 'yeong' and 'young' -> 'yeoN', 'yong' -> 'yoN',
    'ryong' -> 'lyoN'; 'jun', 'joon' and 'chun' -> 'cun'; French-style 'ou' (Sou) is kept."""
    key = text
    for old, new in _KOREAN_SPELLINGS:
        key = key.replace(old, new)
    key = squeeze(key)
    if key.startswith("yi"):
        key = key[1:]
    return key or text


_PINYIN = """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang
    cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan
    chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de den deng di dia
    dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo
    fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai
    han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao
    jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai
    kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu
    lo long lou lu luan lue lun luo ma mai man mang mao me mei men meng mi mian miao mie min ming
    miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou
    nu nuan nue nun nuo o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi
    qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou
    ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen
    sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai
    tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen
    weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi
    yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang
    zhao zhe zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu
    zuan zui zun zuo
"""
PINYIN = frozenset(_PINYIN.split())
"""The syllables of Mandarin in pinyin, without tones (ü written u, as anyascii writes it: lü lu)."""
_WG_INITIALS = (
    ("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("p", "p"), ("m", "m"), ("f", "f"), ("d", "t"),
    ("t", "t"), ("n", "n"), ("l", "l"), ("g", "k"), ("k", "k"), ("h", "h"), ("j", "ch"), ("q", "ch"),
    ("x", "hs"), ("r", "j"), ("z", "ts"), ("c", "ts"), ("s", "s"), ("y", "y"), ("w", "w"), ("", ""),
)  # fmt: skip
_WG_WHOLE = {
    "zi": ("tzu", "tsu"), "ci": ("tzu", "tsu"), "si": ("ssu", "szu"), "zhi": ("chih",), "chi": ("chih",),
    "shi": ("shih",), "ri": ("jih",), "er": ("erh",), "e": ("o", "e"), "yi": ("i", "yi"), "you": ("yu",),
    "yan": ("yen",), "ye": ("yeh",), "yue": ("yueh",), "yong": ("yung",),
}  # fmt: skip


def _wade_giles(syllable: str) -> tuple[str, ...]:
    """A pinyin syllable as Wade-Giles writes it, without the apostrophe of aspiration and the
    umlaut (as names are written in Latin letters): zhang and chang 'chang', xu 'hsu', cai
    'tsai', guo 'kuo', zhou 'chou', deng 'teng', rong 'jung', zi 'tzu', shi 'shih'."""
    if syllable in _WG_WHOLE:
        return _WG_WHOLE[syllable]
    initial, written = next((i, w) for i, w in _WG_INITIALS if syllable.startswith(i))
    final = syllable[len(initial) :]
    if final == "e":
        final = "o" if initial in ("g", "k", "h") else "e"  # ko, ho; te, che, tse
    elif final == "uo" and initial not in ("g", "k", "h", "sh"):
        final = "o"  # to, lo, cho, tso; but kuo, huo, shuo
    elif final == "ui" and initial in ("g", "k"):
        final = "uei"
    elif final.endswith("ong"):
        final = final[:-3] + "ung"  # tung, chung, hsiung
    elif final == "ian":
        final = "ien"
    elif final in ("ie", "ue"):
        final += "h"  # tieh, hsueh
    return (written + final,)


def _chinese_readings() -> dict[str, frozenset[str]]:
    readings: dict[str, set[str]] = {syllable: {syllable} for syllable in PINYIN}
    for syllable in PINYIN:
        for spelling in _wade_giles(syllable):
            readings.setdefault(spelling, set()).add(syllable)
    return {spelling: frozenset(syllables) for spelling, syllables in readings.items()}


_CHINESE_READINGS = _chinese_readings()


def chinese_readings(text: str) -> frozenset[str]:
    """The Mandarin syllables (in pinyin) a name part may spell, in pinyin or in Wade-Giles:
    'chang' is 长 chang or 张 zhang, 'zhang' only zhang, 'hsu' is xu; empty for a part that is
    not one syllable of Mandarin ('zhangwei', 'cho' aside: Wade-Giles for zhuo and chuo)."""
    return _CHINESE_READINGS.get(text, frozenset())


class NameParts(msgspec.Struct, frozen=True):
    """How much a name part tells: log10(1/p), p its share in people's names (the shipped table is
    built by `python -m clearpost.risk.build_name_parts`)."""

    unknown: float
    """The information of a part not in the table (a rare one)."""
    information: dict[str, float]
    """By `frequency_key`."""

    def of(self, part: Part) -> float:
        if len(part.text) == 1 and not part.units:
            return 1.0  # an initial
        return self.information.get(frequency_key(part), self.unknown)

    def known(self, part: Part) -> bool:
        """Whether the part is a name people have (in the table)."""
        return frequency_key(part) in self.information


def frequency_key(part: Part) -> str:
    """Arabic- and Hebrew-script parts by their folded units ('u:mHmd'), others by their letters."""
    return "u:" + fold_units(part.units) if part.units else part.text


def fold_units(units: str) -> str:
    """Units as two spellings in the same script may differ: hamza seats, taa marbuta, the article."""
    return units.replace("{", "").replace("}", "").replace("?", "A").replace("@", "h").replace("v", "y")


@cache
def shipped_name_parts() -> NameParts:
    """The packaged table of name-part information."""
    data = resources.files("clearpost.risk").joinpath("data", "name_parts.json.gz").read_bytes()
    return msgspec.json.decode(gzip.decompress(data), type=NameParts)
