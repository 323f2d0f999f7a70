"""Syllables of Mandarin in pinyin and Wade-Giles: one syllable in two spellings is alike, two
syllables that a spelling comparison would take for one are not (zheng 郑 and zeng 曾); the parts
of a Korean or Chinese name are syllables, not middle names; and the clean items these held."""

from __future__ import annotations

import pytest

from clearpost.risk.matching import _total, chinese_syllable, part_similarity, score_pair
from clearpost.risk.names import chinese_readings, parse_name, shipped_name_parts
from clearpost.risk.screening import ALIKE, THRESHOLD, Screener
from clearpost.risk.watchlists import ListedName, WatchlistEntry


def similarity(left: str, right: str) -> float:
    (one,), (other,) = parse_name(left).parts, parse_name(right).parts
    return part_similarity(one, other, parts=shipped_name_parts())


def test_the_readings_of_a_spelling_in_pinyin_and_wade_giles() -> None:
    assert chinese_readings("zhang") == {"zhang"}
    assert chinese_readings("chang") == {"chang", "zhang"}  # pinyin chang, Wade-Giles for zhang
    assert chinese_readings("hsu") == {"xu"}
    assert chinese_readings("tsai") == {"cai", "zai"}
    assert chinese_readings("kuo") == {"kuo", "guo"}
    assert chinese_readings("shih") == {"shi"}
    assert chinese_readings("cho") == {"zhuo", "chuo"}  # Wade-Giles only
    assert chinese_readings("kim") == chinese_readings("zhangwei") == frozenset()


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("zheng", "zeng", False),  # pinyin zh and z are two initials
        ("zhang", "zheng", False),
        ("peng", "ping", False),
        ("yang", "ying", False),
        ("chao", "cho", False),
        ("hsu", "xu", True),  # Wade-Giles and pinyin
        ("tsai", "cai", True),
        ("hsiung", "xiong", True),
        ("chang", "zhang", None),  # both pinyin, one syllable only in Wade-Giles: the letters decide
        ("cheng", "zheng", None),
        ("zhu", "chu", None),
        ("ali", "ari", None),  # no syllables of Mandarin
    ],
)
def test_which_syllables_are_one(left: str, right: str, same: bool | None) -> None:
    assert chinese_syllable(left, right) is same
    assert chinese_syllable(right, left) is same


@pytest.mark.parametrize(("left", "right"), [("zheng", "zeng"), ("zhang", "zheng"), ("peng", "ping")])
def test_two_syllables_are_two_names_whatever_their_outline(left: str, right: str) -> None:
    assert similarity(left, right) <= ALIKE  # not aligned at all: 0.9 by outline before


@pytest.mark.parametrize(
    ("left", "right"),
    [("zhang", "chang"), ("zheng", "cheng"), ("xu", "hsu"), ("cai", "tsai"), ("xiong", "hsiung")],
)
def test_one_syllable_in_pinyin_and_wade_giles(left: str, right: str) -> None:
    assert similarity(left, right) >= 0.9


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Zhang Wei", "Chang Wei"),
        ("Xu Li", "Hsu Li"),
        ("Cheng Wei", "Zheng Wei"),
        ("Tsai Ing-wen", "Cai Yingwen"),
        ("王伟", "Wang Wei"),
    ],
)
def test_pinyin_and_wade_giles_spellings_of_one_name_match(left: str, right: str) -> None:
    assert score_pair(left, right) >= THRESHOLD


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("鄭國偉", "Guowei ZENG"),  # 郑 Zheng is not 曾 Zeng
        ("Zheng Guowei", "Guowei ZENG"),
        ("Guo Peng", "Guo Ping CHEN"),
        ("Liu Yang", "Liu Ying"),
        ("Song Chao", "CHO, Ch'o'l-so'ng"),
        ("宋超", "CHO, Ch'o'l-so'ng"),
    ],
)
def test_other_chinese_syllables_do_not_match(left: str, right: str) -> None:
    assert score_pair(left, right) < THRESHOLD


def test_the_middle_syllable_of_a_korean_or_chinese_name_is_half_its_given_name() -> None:
    assert _total([2.0, 2.0, 2.0], {0, 2}, True) == 5.0  # a middle name left out: half its weight
    assert _total([2.0, 2.0, 2.0], {0, 2}, True, middle_names=False) == 6.0
    # CHO Chol Song: 'Song Cho' leaves out Chol, half of the given name Chol-song
    korean = score_pair("Song Cho", "CHO Chol Song")
    assert korean < score_pair("Hassan Ali", "Ali Ahmed Hassan")


def _person(entry_id: str, *names: str, countries: set[str]) -> WatchlistEntry:
    return WatchlistEntry(
        list_name="local",
        entry_id=entry_id,
        schema="Person",
        names=tuple(ListedName(name, "primary") for name in names),
        countries=frozenset(countries),
    )


def test_the_clean_items_held_by_syllables_are_not_held() -> None:
    """The last false watchlist holds of clean generated items (UN KPi.054, SDN 21744, 29246 and
    30108), and the listed persons themselves, who are still found."""
    screener = Screener(
        [
            _person("KPi.054", "CHOE CHUN YONG", "CHOE, Chun Yong", countries={"KP"}),
            _person("21744", "CHO, Ch'o'l-so'ng", "JO, Chol Song", countries={"KP", "CN"}),
            _person("29246", "Guowei ZENG", "ZENG, Guowei", countries={"HK"}),
            _person("30108", "Guo Ping CHEN", "CHEN, Eric", countries={"CN"}),
        ]
    )
    for name, country in (
        ("Choi Joon-young", "KR"),  # 최준영: common syllables, as common as the table now says
        ("Song Chao", "CN"),
        ("宋超", "CN"),
        ("鄭國偉", "HK"),
        ("Zheng Guowei", "HK"),
        ("Guo Peng", "CN"),
    ):
        assert screener.screen(name, country=country, matches_only=True) == [], name
    for name, country, entry in (
        ("Choe Chun Yong", "KP", "KPi.054"),
        ("Jo Chol Song", "KP", "21744"),
        ("Zeng Guowei", "HK", "29246"),
        ("ZENG Guo Wei", "HK", "29246"),
        ("Chen Guoping", "CN", "30108"),
    ):
        (hit,) = screener.screen(name, country=country, matches_only=True)
        assert hit.entry_id == entry, name
