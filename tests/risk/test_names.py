"""Names split into comparable parts: abjad units, Korean syllable keys, consonant classes, and the
shipped table of how common name parts are."""

from __future__ import annotations

import pytest

from clearpost.risk.matching import abjad_cost
from clearpost.risk.names import coarse, korean_key, korean_spelling, parse_name, shipped_name_parts


def test_arabic_script_keeps_its_letters_and_the_article_apart() -> None:
    (zawahiri,) = parse_name("الظواهري").parts
    assert zawahiri.units == "{}FwAhry"  # the article al-, then ظ و ا ه ر ي
    abd, rahman = parse_name("عبد الرحمن").parts
    assert (abd.particle, rahman.units) == (True, "{}rHmn")
    (joined,) = parse_name("عبدالرحمن").parts  # written as one word, the article inside
    assert joined.units == "3bd{}rHmn"
    assert parse_name("مرتضی").parts[0].units.endswith("v")  # a final Persian ی may be an a


@pytest.mark.parametrize(
    ("units", "latin", "usual"),
    [
        ("mHmd", "muhammad", True),
        ("mHmd", "mohamed", True),
        ("Hsyn", "hussein", True),
        ("Hsyn", "husayn", True),
        ("Hsn", "hassan", True),
        ("Hsn", "hussein", False),  # the ei of Hussein would be written (ي)
        ("Hsyn", "hassan", False),
        ("{}FwAhry", "zawahiri", True),
        ("mrtEv", "morteza", True),
    ],
)
def test_abjad_letters_align_with_their_usual_latin_spellings(units: str, latin: str, usual: bool) -> None:
    assert (abjad_cost(units, latin) < 0.3) is usual


def test_korean_syllables_in_any_romanisation_share_a_key() -> None:
    assert len({korean_key(s) for s in ("ri", "lee", "rhee", "yi", "i")}) == 1
    assert len({korean_key(s) for s in ("pak", "park", "bag")}) == 1
    assert len({korean_key(s) for s in ("jong", "jeong", "chong")}) == 1
    assert korean_key("jong") != korean_key("yong")
    assert [p.text for p in parse_name("김정은").parts] == ["gim", "jeong", "eun"]


def test_korean_spellings_keep_what_a_romanisation_tells() -> None:
    # the spellings of one syllable: Revised, McCune-Reischauer without its marks, English-style
    assert len({korean_spelling(s) for s in ("jo", "cho")}) == 1
    assert len({korean_spelling(s) for s in ("jun", "joon", "chun")}) == 1  # 준 is chun in MR
    assert len({korean_spelling(s) for s in ("yeong", "young")}) == 1  # 영
    assert len({korean_spelling(s) for s in ("choi", "choe", "chwe")}) == 1
    assert len({korean_spelling(s) for s in ("ri", "lee", "rhee")}) == 1
    assert len({korean_spelling(s) for s in ("pak", "park", "bak")}) == 1
    # but not what one romanisation writes and another leaves open, or the initial-sound rule
    assert korean_spelling("jeong") != korean_spelling("jong")  # ㅓ against ㅗ, or ŏ without breve
    assert korean_spelling("eun") != korean_spelling("un")
    assert len({korean_spelling(s) for s in ("young", "yong", "ryong")}) == 3  # 영, 용, 룡
    assert korean_spelling(parse_name("룡").parts[0].text) == korean_spelling("ryong")
    assert korean_spelling(parse_name("영").parts[0].text) == korean_spelling("young")


def test_consonant_classes_bridge_scripts() -> None:
    assert coarse(parse_name("Morteza").parts[0]) == coarse(parse_name("مرتضی").parts[0]) == "MRT"
    assert coarse(parse_name("Davani").parts[0]) == coarse(parse_name("دوانی").parts[0])


def test_latin_spellings_of_one_name_part_are_folded_alike() -> None:
    assert [p.text for p in parse_name("Saleem Aly MAHMOOD").parts] == ["salim", "ali", "mahmud"]
    assert [p.text for p in parse_name("Sergey Ivanov").parts] == ["sergei", "ivanov"]


def test_common_name_parts_tell_less_than_rare_ones() -> None:
    table = shipped_name_parts()
    mohammed, ali = parse_name("Mohammed Ali").parts
    (zawahiri,) = parse_name("Zawahiri").parts
    (wang,) = parse_name("王").parts
    (nonsense,) = parse_name("Qxzvorptl").parts
    assert table.of(mohammed) < 2 and table.of(ali) < 2 and table.of(wang) < 2
    assert table.of(zawahiri) > 3
    assert table.of(nonsense) == table.unknown and not table.known(nonsense)
    (arabic,) = parse_name("محمد").parts  # as common as its usual Latin spelling
    assert table.of(arabic) < 2
