"""Romanised Korean names compared syllable by syllable: the same syllable in another romanisation,
a syllable one romanisation leaves open, and another syllable; and parts read as one that leave a
listed name's part unmatched."""

from __future__ import annotations

import pytest

from clearpost.risk.matching import (
    KOREAN_INITIAL,
    KOREAN_VOWEL,
    korean_readings,
    part_similarity,
    score_pair,
)
from clearpost.risk.names import parse_name, shipped_name_parts
from clearpost.risk.screening import ALIKE, THRESHOLD


def similarity(left: str, right: str) -> float:
    (one,), (other,) = parse_name(left).parts, parse_name(right).parts
    return part_similarity(one, other, korean=True, parts=shipped_name_parts())


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("cho", "jo"),  # 조: McCune-Reischauer and Revised
        ("joon", "chun"),  # 준 in English-style and McCune-Reischauer spelling (춘 is also chun)
        ("young", "yeong"),  # 영
        ("choi", "choe"),  # 최
        ("lee", "ri"),  # 이 as the South writes it, 리 as the North does
        ("rhee", "ri"),
        ("park", "pak"),
        ("룡", "ryong"),
        ("영", "yeong"),
    ],
)
def test_the_same_syllable_in_another_romanisation(left: str, right: str) -> None:
    assert similarity(left, right) == 1.0


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("yeong", "yong"),  # 영, or 용: McCune-Reischauer without its breve writes yŏng as yong
        ("jeong", "jong"),
        ("eun", "un"),  # 은, or 운: ŭn without its breve
        ("sung", "song"),  # English-style u for ㅓ (성), or McCune-Reischauer ŏ without breve
        ("hyun", "hyeon"),  # 현
        ("yong", "ryong"),  # 용 is 룡 as the South writes it at the start of a name
        ("yi", "ri"),  # 이 and 리
    ],
)
def test_a_syllable_one_romanisation_leaves_open_is_nearly_the_same(left: str, right: str) -> None:
    alike = similarity(left, right)
    assert min(KOREAN_VOWEL, KOREAN_INITIAL) <= alike < 1.0


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("young", "ryong"),  # 영 and 룡: the ㄹ dropped *and* the o read as ŏ
        ("yeong", "ryong"),
        ("영", "ryong"),
        ("cho", "choe"),  # 조 and 최: one consonant outline, two syllables
        ("cho", "choi"),
        ("kang", "kwang"),  # 강 and 광
        ("ho", "hyo"),  # 호 and 효
        ("eun", "on"),  # ㅡ is neither ㅗ nor ㅓ
    ],
)
def test_other_syllables_are_not_alike(left: str, right: str) -> None:
    assert similarity(left, right) < 0.81
    if "ryong" in (left, right):
        assert similarity(left, right) <= ALIKE  # not even aligned


def test_a_syllable_is_read_one_way_at_most() -> None:
    assert korean_readings("yeong", "yong") == (1, 0)
    assert korean_readings("yong", "ryong") == (0, 1)
    assert korean_readings("yeong", "ryong") is None
    assert korean_readings("kimjong", "kimjeong") == (1, 0)
    assert korean_readings("jongkim", "jongrim") is None  # the initial-sound rule: at the start only


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Cho Joon-young", "CHO CHUN RYONG"),  # UN KPi.038: 조준영 against 조춘룡
        ("조준영", "CHO CHUN RYONG"),
        ("Choi Joon-young", "CHO, Chun-ryong"),  # SDN 20577: 최 is not 조 either
        ("Kim Ryong-chol", "Kim Young-chol"),
        ("Kim Ho", "Kim Hyo"),
        ("Chung Song-il", "CHOE SONG IL"),
        ("Song Yan", "Songyan JI"),  # SDN 27923: Songyan read as one, JI left unmatched
        ("宋燕", "Songyan JI"),
        ("Song Yan", "JI Songyan"),
    ],
)
def test_other_names_do_not_match(left: str, right: str) -> None:
    assert score_pair(left, right) < THRESHOLD


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("조춘룡", "CHO CHUN RYONG"),
        ("Jo Chun-ryong", "CHO CHUN RYONG"),
        ("Lee Su-yong", "RI SU YONG"),  # 이수용 / 리수용
        ("Rhee Su-yong", "RI SU YONG"),
        ("Yi Su Yong", "RI SU YONG"),
        ("Yu Jin", "RYU JIN"),
        ("리용무", "Lee Yong-mu"),
        ("Kim Jeong-sik", "KIM JONG SIK"),  # Jong, Chong, Jeong
        ("Jeong Chun Sik", "Chong Chun Sik"),
        ("김정식", "KIM JONG SIK"),
        ("김영철", "KIM YONG CHOL"),  # 영 as McCune-Reischauer writes it without the breve
        ("Kim Yeong-chul", "KIM YONG CHOL"),
        ("Choi Chun-sik", "CHOE CHUN SIK"),
        ("Choi Joon-young", "CHOE CHUN YONG"),  # 최준영 as Ch'oe Chun-yŏng: the same name
        ("Abd al-Rahman", "Abdulrahman"),  # parts read as one, nothing left over
    ],
)
def test_the_same_name_still_matches(left: str, right: str) -> None:
    assert score_pair(left, right) >= THRESHOLD
