"""Dangerous goods in the post: articles that may not travel by mail (UPU Convention art. 19,
IATA DGR 2.4), found from their descriptions (hazard-class words) and HS codes (the hints of the
shared facts), with lithium batteries contained in equipment admitted as IATA allows."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from clearpost.model import Code, Finding, Item
from clearpost.yamldoc import load_yaml

FACTS = "mail_dg_prohibited_facts.json"
LEXICON = "dangerous_goods.yaml"


@dataclass(frozen=True, slots=True)
class Hazard:
    hazard_class: str
    name: str
    evidence: str


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: one per process, memoised
class GoodsLexicon:
    words: re.Pattern[str]
    classes: dict[str, tuple[str, str]]
    """Keyword -> (class, class name)."""
    hs_hints: dict[str, tuple[str, str]]
    """HS prefix (4 or 6 digits) -> (class, class name)."""
    devices: re.Pattern[str]
    battery_words: frozenset[str]

    def hazard(self, description: str, hs_code: str | None) -> Hazard | None:
        return _hazard(self, description, hs_code or "")


@lru_cache(maxsize=65536)
def _hazard(lexicon: GoodsLexicon, description: str, hs_code: str) -> Hazard | None:
    text = description.casefold()
    for match in lexicon.words.finditer(text):
        word = match.group(0)
        if word in lexicon.battery_words and lexicon.devices.search(text):
            continue  # a battery contained in equipment: admitted within limits
        hazard_class, name = lexicon.classes[word]
        return Hazard(hazard_class, name, f"the description says {word!r}")
    for prefix in (hs_code[:6], hs_code[:4]):
        if prefix in lexicon.hs_hints:
            hazard_class, name = lexicon.hs_hints[prefix]
            return Hazard(hazard_class, name, f"HS {hs_code} is a class {hazard_class} good")
    return None


def _words_pattern(words: list[str]) -> re.Pattern[str]:
    ordered = sorted({w.casefold() for w in words}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in ordered) + r")(?![\w-])")


@cache
def load_goods_lexicon() -> GoodsLexicon:
    folder = resources.files("clearpost.risk").joinpath("data")
    facts = json.loads(folder.joinpath(FACTS).read_text(encoding="utf-8"))
    ours = load_yaml(folder.joinpath(LEXICON).read_text(encoding="utf-8"))
    names = {c["class"]: c["name"] for c in facts["iata_9_classes_hidden_dg_keywords"]["classes"]}
    names.setdefault("4.1", names.get("4", "Flammable solids"))
    classes: dict[str, tuple[str, str]] = {}
    hints: dict[str, tuple[str, str]] = {}
    for block in facts["iata_9_classes_hidden_dg_keywords"]["classes"]:
        for word in block["keywords"]:
            classes[word.casefold()] = (block["class"], block["name"])
        for hint in block["hs_hints"]:
            hints[hint] = (block["class"], block["name"])
    for hazard_class, words in ours["keywords"].items():
        for word in words:
            classes.setdefault(word.casefold(), (hazard_class, names.get(hazard_class.split(".")[0], "")))
    # words too general for a description alone (acrylic "paint" sets, "glue" sticks, "alcohol"
    # wipes, fridge "magnets", "culture" books, "flare" jeans): they need the HS code to say so
    for general in (
        "paint",
        "adhesive",
        "glue",
        "alcohol",
        "magnet",
        "culture",
        "flare",
        "fuel",
        "varnish",
        "acid",
        "charcoal",
        "cartridge",
        "mercury",
        "magnesium",
        "sulphur",
    ):
        classes.pop(general, None)
    return GoodsLexicon(
        words=_words_pattern(list(classes)),
        classes=classes,
        hs_hints=hints,
        devices=_words_pattern(ours["contained_in"]),
        battery_words=frozenset(w.casefold() for w in ours["battery_words"]),
    )


def dangerous_goods(item: Item, lexicon: GoodsLexicon) -> list[Finding]:
    """A DANGEROUS_GOODS reason per article that may not travel by post."""
    reasons = []
    for index, line in enumerate(item.contents):
        if not line.description and not line.hs_code:
            continue
        hazard = lexicon.hazard(line.description or "", line.hs_code)
        if hazard is None:
            continue
        reasons.append(
            Finding(
                code=Code.DANGEROUS_GOODS,
                field=f"contents[{index}].description",
                severity="warning",
                message=(
                    f"Article {index + 1} looks like dangerous goods (class {hazard.hazard_class}, "
                    f"{hazard.name}), which may not travel by post: {hazard.evidence}."
                ),
                detail={"class": hazard.hazard_class, "class_name": hazard.name, "evidence": hazard.evidence},
                source="rule",
            )
        )
    return reasons
