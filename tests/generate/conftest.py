"""Fixtures of the generator tests: one large run shared by all, and the shared reference data."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from clearpost.generate import GeneratedItem, generate

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
RUN_SIZE = 20_000
RUN_SEED = 20261128


@pytest.fixture(scope="session")
def run() -> list[GeneratedItem]:
    """20,000 items with the default rates."""
    return list(generate(RUN_SIZE, RUN_SEED))


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared material beside the project (read-only)."""
    return SHARED


def _hs_level6(name: str) -> dict[str, str]:
    with (SHARED / "data" / "hs" / name).open(encoding="utf-8-sig", newline="") as handle:
        return {row["hscode"]: row["description"] for row in csv.DictReader(handle) if row["level"] == "6"}


@pytest.fixture(scope="session")
def hs2022() -> dict[str, str]:
    return _hs_level6("harmonized-system.csv")


@pytest.fixture(scope="session")
def hs2017() -> dict[str, str]:
    return _hs_level6("harmonized-system_HS2017.csv")


@pytest.fixture(scope="session")
def dangerous_goods_facts() -> dict[str, object]:
    path = SHARED / "data" / "dangerous-goods" / "mail_dg_prohibited_facts.json"
    facts: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return facts


@pytest.fixture(scope="session")
def listed_entries() -> dict[tuple[str, str], tuple[str, str]]:
    """(list, entry id) -> (name as published, original script), read from the shared copies of the lists."""
    entries: dict[tuple[str, str], tuple[str, str]] = {}
    root = ET.parse(
        SHARED / "data" / "sanctions" / "un_consolidated" / "UN_consolidated_2026-02-27.xml"
    ).getroot()
    for person in root.iter("INDIVIDUAL"):
        parts = (
            person.findtext(tag) or "" for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        )
        name = " ".join(part.strip() for part in parts if part.strip())
        reference = (person.findtext("REFERENCE_NUMBER") or "").strip()
        entries["UN", reference] = (name, (person.findtext("NAME_ORIGINAL_SCRIPT") or "").strip())
    for entity in root.iter("ENTITY"):
        reference = (entity.findtext("REFERENCE_NUMBER") or "").strip()
        entries["UN", reference] = ((entity.findtext("FIRST_NAME") or "").strip(), "")
    with (SHARED / "data" / "sanctions" / "ofac_sdn_2021" / "sdn.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        for row in csv.reader(handle):
            if len(row) > 2:
                entries["OFAC-SDN", row[0]] = (row[1].strip(), "")
    return entries
