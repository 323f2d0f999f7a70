"""The table of how common name parts are: a part's share of a list of names is the shares of the
names holding it, added up, and every romanised spelling of a hangul syllable gets it too."""

from __future__ import annotations

import pytest

from clearpost.risk.build_name_parts import korean_spellings, list_shares
from clearpost.risk.names import korean_spelling, parse_name, shipped_name_parts


def test_a_syllable_is_as_common_as_the_names_holding_it_together() -> None:
    parts, held, korean = list_shares([("민준", 0.25), ("준영", 0.25), ("서연", 0.25), ("영희", 0.25)])
    assert held["jun"] == held["yeong"] == 0.5  # not 0.25, the share of one name holding it
    assert held["seo"] == 0.25
    assert {"jun", "yeong", "yong", "yung"} <= parts  # the spellings of 영 are names in the locale
    assert korean[korean_spelling("chun")] == korean[korean_spelling("joon")] == 0.5  # 준
    # 'yong' is 영 in McCune-Reischauer: 준영, 영희; and 'young' is 영 in English-style spelling
    assert korean[korean_spelling("yong")] == korean[korean_spelling("young")] == 0.5


def test_a_name_is_counted_once_for_each_syllable_it_holds() -> None:
    _, held, korean = list_shares([("영영", 0.5), ("Anna Maria", 0.25), ("Maria", 0.25)])
    assert held["yeong"] == 0.5 and korean[korean_spelling("yeong")] == 0.5
    assert held["maria"] == 0.5 and held["anna"] == 0.25


def test_the_romanisations_of_a_syllable() -> None:
    assert korean_spellings("yeong") == {"yeong", "yong", "yung"}  # Revised, McCune-Reischauer, English
    assert korean_spellings("eun") == {"eun", "un"}
    assert korean_spellings("jun") == {"jun"}


@pytest.mark.parametrize("spellings", [("jun", "joon", "chun"), ("yeong", "young", "yong"), ("choe", "choi")])
def test_the_shipped_table_weighs_every_spelling_of_a_common_syllable_alike(
    spellings: tuple[str, ...],
) -> None:
    table = shipped_name_parts()
    weights = {table.of(parse_name(spelling).parts[0]) for spelling in spellings}
    assert len(weights) == 1 and max(weights) < 1.5, spellings  # common given-name syllables


def test_the_shipped_table_knows_given_name_syllables_are_common() -> None:
    table = shipped_name_parts()
    of = {text: table.of(parse_name(text).parts[0]) for text in ("준", "영", "jun", "yeong", "young")}
    assert of["준"] == of["jun"] < 1.3 and of["영"] == of["yeong"] == of["young"] < 1.0
