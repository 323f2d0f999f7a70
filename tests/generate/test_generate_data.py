"""The packaged reference data: real HS 2022 codes, traceable watchlist entries, small, sourced."""

from __future__ import annotations

import csv
import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
import refresh_data

from clearpost.generate import GeneratedItem
from clearpost.generate.defects import VAGUE_TERMS
from clearpost.generate.reference import reference

DATA = Path(__file__).resolve().parents[2] / "clearpost" / "generate" / "data"


def test_the_catalogue_is_large_and_every_code_is_a_real_hs_2022_subheading(
    hs2022: dict[str, str], hs2017: dict[str, str]
) -> None:
    products = reference().products
    goods = [p for p in products if p.group not in ("dangerous", "documents")]
    assert len(goods) >= 150
    assert len({p.description for p in products}) == len(products)
    for product in products:
        assert product.hs_code in hs2022, product
        assert 0 < product.eur_min <= product.eur_max and 0 < product.kg_min <= product.kg_max, product
        assert product.qty_max >= 1 and product.unit in ("pcs", "pair", "set")
        assert (product.hazard is not None) == (product.group == "dangerous"), product
        if product.hs2017:
            assert product.hs2017 in hs2017 and product.hs2017 not in hs2022, product


def test_clean_products_are_specific_and_harmless(dangerous_goods_facts: dict[str, Any]) -> None:
    vague = dangerous_goods_facts["vague_description_terms"]
    words = [
        w
        for hazard in dangerous_goods_facts["iata_9_classes_hidden_dg_keywords"]["classes"]
        for w in hazard["keywords"]
    ]
    words += vague["named_by_cbp"] + vague["other_reported_examples_vague"] + list(VAGUE_TERMS)
    pattern = re.compile(r"\b(" + "|".join(re.escape(word) for word in words) + r")\b", re.IGNORECASE)
    flagged = [
        p.description
        for p in reference().products
        if p.group != "dangerous" and pattern.search(p.description)
    ]
    assert not flagged


def test_hs_code_sets_are_the_shared_nomenclature(hs2022: dict[str, str], hs2017: dict[str, str]) -> None:
    packaged = json.loads((DATA / "hs_codes.json").read_text())
    assert set(packaged["hs2022"]) == set(hs2022) and set(packaged["hs2017"]) == set(hs2017)


def test_every_packaged_watchlist_entry_is_in_its_list(
    listed_entries: dict[tuple[str, str], tuple[str, str]],
) -> None:
    entries = reference().watchlist
    assert len(entries) > 5000
    for entry in entries:
        assert listed_entries[entry.list_name, entry.entry_id][0] == entry.name, entry


def test_package_data_is_small_and_sourced() -> None:
    files = [path for path in DATA.iterdir() if path.is_file()]
    assert sum(path.stat().st_size for path in files) < 2_000_000
    source = (DATA / "SOURCE.md").read_text()
    for path in files:
        assert path.name == "SOURCE.md" or path.name in source, path.name
    with gzip.open(DATA / "watchlist.json.gz") as handle:
        assert json.load(handle)["entries"]
    with (DATA / "catalogue.csv").open(newline="") as handle:
        assert next(csv.reader(handle))[:2] == ["description", "hs_code"]


@pytest.mark.slow
def test_clean_names_do_not_resemble_any_listed_name(run: list[GeneratedItem], shared: Path) -> None:
    """The name exclusions hold: no clean person or business name comes near a listed name or alias."""
    people: set[str] = set()
    businesses: set[str] = set()
    for generated in run:
        if generated.codes:
            continue
        for party in (generated.item.sender, generated.item.addressee):
            if party is not None and party.name and party.name.isascii():
                people.add(party.name)
            if party is not None and party.business:
                businesses.add(party.business)
    listed_people, listed_companies, _ = refresh_data.listed_names(shared)
    assert not refresh_data.resembling(sorted(people), listed_people, frozenset())
    assert not refresh_data.resembling(sorted(businesses), listed_companies, refresh_data.LEGAL_FORMS)
