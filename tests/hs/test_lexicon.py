"""The e-commerce lexicon (clearpost/hs/lexicon.py, clearpost/hs/data/ecommerce_lexicon.yaml)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearpost.hs.lexicon import Lexicon, LexiconError, load_lexicon, parse_lexicon, tokenize

HS_CSV = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "hs" / "harmonized-system.csv"
ENTRY_TERMS = sorted(load_lexicon().entries)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def hs2022() -> frozenset[str]:
    if not HS_CSV.exists():
        pytest.skip(f"{HS_CSV} is not available")
    with HS_CSV.open(encoding="utf-8-sig", newline="") as handle:
        return frozenset(row["hscode"] for row in csv.DictReader(handle) if row["level"] in ("4", "6"))


def terms(lexicon: Lexicon, text: str) -> list[str]:
    return [hit.term for hit in lexicon.match(text) if hit.kind == "term"]


def first(lexicon: Lexicon, text: str) -> str:
    candidates = lexicon.candidates(text)
    assert candidates, text
    return candidates[0][0]


# --- the data --------------------------------------------------------------------------------------------


def test_every_code_exists_in_hs_2022(lexicon: Lexicon, hs2022: frozenset[str]) -> None:
    unknown = sorted(lexicon.codes() - hs2022)
    assert not unknown, f"not HS 2022 headings or subheadings: {unknown}"


def test_every_entry_code_is_listed_with_its_term(lexicon: Lexicon, hs2022: frozenset[str]) -> None:
    bad = [(term, code) for term, codes in lexicon.entries.items() for code in codes if code not in hs2022]
    assert not bad


def test_size_and_breadth(lexicon: Lexicon) -> None:
    assert len(lexicon) >= 600
    assert len(lexicon.areas) >= 25
    assert all(len(terms) >= 30 for terms in lexicon.areas.values())
    for language in ("fr", "es", "de"):
        assert len(lexicon.translations[language]) >= 150
    assert {"cotton", "synthetic", "leather", "silver", "stainless_steel"} <= set(lexicon.materials)
    assert {"women", "men", "baby"} <= set(lexicon.audiences)


@pytest.mark.parametrize(
    ("term", "codes"),
    [
        ("smartphone", ("851713",)),
        ("earbuds", ("851830",)),
        ("power bank", ("850760",)),
        ("usb cable", ("854442",)),
        ("phone charger", ("850440",)),
        ("smartwatch", ("851762",)),
        ("led strip", ("940542",)),
        ("t-shirt", ("6109",)),
        ("hoodie", ("6110",)),
        ("sneakers", ("6404", "6402")),
        ("necklace", ("7117", "7113")),
        ("e cigarette", ("854340",)),
        ("drone", ("880621", "880622")),
        ("3d printer", ("848520",)),
    ],
)
def test_key_entries(lexicon: Lexicon, term: str, codes: tuple[str, ...]) -> None:
    assert lexicon.entries[term] == codes


def test_translations_point_at_entries(lexicon: Lexicon) -> None:
    for language, mapping in lexicon.translations.items():
        for foreign, english in mapping.items():
            assert english in lexicon.entries, (language, foreign)


def test_malformed_data_is_rejected() -> None:
    with pytest.raises(LexiconError, match="not a 4- or 6-digit"):
        parse_lexicon("entries:\n  a:\n    widget: [12345]\n")
    with pytest.raises(LexiconError, match="duplicate key"):
        parse_lexicon("entries:\n  a:\n    widget: [6109]\n    widget: [6110]\n")
    with pytest.raises(LexiconError, match="clashes"):
        parse_lexicon("entries:\n  a:\n    t-shirt: [6109]\n    t shirt: [6110]\n")
    with pytest.raises(LexiconError, match="not an English entry"):
        parse_lexicon("entries:\n  a:\n    widget: [6109]\ntranslations:\n  fr:\n    truc: gadget\n")


def test_codes_stay_strings() -> None:
    lexicon = parse_lexicon("entries:\n  food:\n    coffee: [0901, 090121]\n    tea: '0902.30'\n")
    assert lexicon.entries == {"coffee": ("0901", "090121"), "tea": ("090230",)}


# --- matching --------------------------------------------------------------------------------------------


def test_tokenize() -> None:
    assert tokenize("Women’s T-Shirt, 100% COTTON!") == ("womens", "t", "shirt", "100", "cotton")
    assert tokenize("Écouteurs sans fil — Größe Ｌ") == ("ecouteurs", "sans", "fil", "grosse", "l")


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Hoodies for men", "hoodie"),
        ("Earbud for running", "earbuds"),
        ("Ear buds bluetooth", "earbuds"),
        ("Phone cases", "phone case"),
        ("TSHIRT", "t-shirt"),
        ("t shirt", "t-shirt"),
        ("T-Shirts", "t-shirt"),
        ("Scarves", "scarf"),
        ("Sharp knives", "knife"),
        ("Écouteurs bluetooth", "écouteurs"),
        ("Coque iPhone 15", "coque iphone"),
        ("Funda de silicona", "funda"),
        ("Kopfhörer mit Mikrofon", "kopfhörer"),
        ("Sac à dos étanche", "sac à dos"),
    ],
)
def test_variants(lexicon: Lexicon, text: str, term: str) -> None:
    assert term in terms(lexicon, text)


def test_word_boundaries(lexicon: Lexicon) -> None:
    assert terms(lexicon, "Gold earrings") == ["earrings"]
    assert "ring" not in terms(lexicon, "Spring dress")
    assert terms(lexicon, "Spring dress") == ["dress"]
    assert terms(lexicon, "Bearing grease") == []
    assert "ring" in terms(lexicon, "Silver ring")


def test_longest_phrase_first(lexicon: Lexicon) -> None:
    hits = lexicon.match("Stainless steel pendant necklace with chain")
    assert {hit.term for hit in hits[:2]} == {"stainless steel", "pendant necklace"}
    assert [hit.end - hit.start for hit in hits] == [2, 2, 1]
    necklace = next(hit for hit in hits if hit.term == "pendant necklace")
    chain = next(hit for hit in hits if hit.term == "chain")
    assert necklace.weight > chain.weight
    assert chain.role == "context"


def test_longer_phrase_wins_over_its_words(lexicon: Lexicon) -> None:
    assert terms(lexicon, "Silicone phone case") == ["phone case"]
    assert terms(lexicon, "Ring light 10 inch") == ["ring light"]
    assert terms(lexicon, "Cell phone case") == ["phone case"]


def test_stop_phrases(lexicon: Lexicon) -> None:
    assert "tie" not in terms(lexicon, "Tie dye t-shirt")
    assert terms(lexicon, "Mickey Mouse plush toy") == ["plush toy"]


def test_audience_and_material_cues_are_reported(lexicon: Lexicon) -> None:
    hits = {hit.term: hit for hit in lexicon.match("Women's cotton hoodie")}
    assert hits["womens"].kind == "audience" and hits["womens"].canonical == "women"
    assert hits["cotton"].kind == "material"
    assert hits["hoodie"].codes == ("6110",)


# --- candidates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Cotton hoodie", "611020"),
        ("Stainless steel pendant necklace", "711719"),
        ("Sterling silver ring", "711311"),
        ("925 silver earrings for women", "711311"),
        ("18K gold plated necklace", "711719"),
        ("14k solid gold ring", "711319"),
        ("Leather sneakers", "6403"),
        ("Genuine leather wallet", "420231"),
        ("PU leather handbag", "420222"),
        ("Cotton t-shirt", "610910"),
        ("Polyester dress", "620443"),
        ("Knitted dress", "610443"),
        ("Women's cotton jeans", "620462"),
        ("Men's cotton shirt", "620520"),
        ("Women's cotton shirt", "620630"),
        ("Men's swim trunks", "621111"),
        ("Women's swimsuit", "611241"),
        ("Baby cotton romper", "611120"),
        ("Solar garden lamp", "940541"),
        ("Glass food storage containers", "701349"),
        ("Bamboo cutting board", "441911"),
        ("Stainless steel water bottle", "732393"),
    ],
)
def test_cues_choose_subheadings(lexicon: Lexicon, text: str, code: str) -> None:
    assert first(lexicon, text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Wireless Bluetooth Earbuds with Charging Case", "851830"),
        ("Phone case for iPhone 15 Pro Max", "392690"),
        ("iPhone 15 Pro Max Charger 20W", "850440"),
        ("Chargeur iPhone rapide", "850440"),
        ("Coque silicone iPhone 15", "392690"),
        ("Funda para iPhone 13", "392690"),
        ("Screen protector for Samsung Galaxy S23", "700719"),
        ("Ring light with tripod stand", "940542"),
        ("Smartphone 128GB unlocked", "851713"),
        ("20000mAh Power Bank", "850760"),
        ("Disposable vape pen", "854340"),
        ("FPV drone with 4K camera", "880621"),
        ("Sac à main en cuir", "420221"),
        ("Zapatillas deportivas hombre", "640411"),
        ("Damen Winterjacke", "6202"),
        ("T-shirt dress", "620443"),
    ],
)
def test_titles(lexicon: Lexicon, text: str, code: str) -> None:
    assert first(lexicon, text) == code


def test_candidate_shape(lexicon: Lexicon) -> None:
    candidates = lexicon.candidates("Earbuds")
    assert candidates == [("851830", 1.0, "'earbuds' → 8518.30")]
    code, score, why = lexicon.candidates("Cotton hoodie")[0]
    assert (code, why) == ("611020", "'hoodie' + 'cotton' → 6110.20")
    assert score > 1.0
    assert lexicon.candidates("") == []
    assert lexicon.candidates("asdf qwerty 12345") == []
    assert len(lexicon.candidates("necklace", limit=1)) == 1
    scores = [score for _, score, _ in lexicon.candidates("Cotton polyester women's jacket", limit=None)]
    assert scores == sorted(scores, reverse=True)


def test_results_are_memoised_but_not_shared(lexicon: Lexicon) -> None:
    once = lexicon.match("Cotton hoodie")
    once.clear()
    assert lexicon.match("Cotton hoodie")
    assert load_lexicon() is load_lexicon()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_candidates_never_raise(text: str) -> None:
    lexicon = load_lexicon()
    for code, score, why in lexicon.candidates(text, limit=None):
        assert len(code) in (4, 6) and code.isdigit()
        assert score > 0
        assert "→" in why


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ENTRY_TERMS), min_size=1, max_size=6), st.text(max_size=30))
def test_titles_of_lexicon_words_never_raise(words: list[str], noise: str) -> None:
    lexicon = load_lexicon()
    text = " ".join([*words, noise])
    assert lexicon.candidates(text, limit=None)
