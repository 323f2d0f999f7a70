"""Read the public sanctions lists in ../shared/data/sanctions and normalise names (standard library only).

Shared by make_ordinary_names.py, make_un_variants.py and check_screening.py. Nothing here is
needed at run time by ClearPost; it exists to build and check the evaluation data.
"""

from __future__ import annotations

import csv
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
SANCTIONS = HERE.parents[2] / "shared" / "data" / "sanctions"
UN_XML = SANCTIONS / "un_consolidated" / "UN_consolidated_2026-02-27.xml"
SDN_DIR = SANCTIONS / "ofac_sdn_2021"
CONS_DIR = SANCTIONS / "ofac_cons_nonsdn"
DPL = SANCTIONS / "bis_dpl" / "dpl_2022.txt"

NAME_FIELDS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_ORIGINAL_SCRIPT_ALIAS = re.compile(r"^(.*?)\s*\(original script:\s*(.*?)\)\s*$", re.I | re.S)

# Arabic-script letters folded the way accents are folded for Latin: hamza carriers, alef maqsura,
# taa marbuta, Persian/Urdu yeh and keheh, presentation forms (NFKC), tatweel.
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ے": "ي",
        "ۍ": "ي",
        "ة": "ه",
        "ۀ": "ه",
        "ہ": "ه",
        "ھ": "ه",
        "ک": "ك",
        "ڪ": "ك",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": "",
    }
)


def clean(text: str) -> str:
    """NFKC, drop tatweel, control and replacement characters, collapse whitespace."""
    text = unicodedata.normalize("NFKC", text or "").replace("\u0640", "")
    text = "".join(
        ch for ch in text if (ch != "\ufffd" and unicodedata.category(ch)[0] != "C") or ch in " \n\t"
    )
    return re.sub(r"\s+", " ", text).strip()


def tokens(name: str) -> list[str]:
    """Case-, accent- and punctuation-insensitive tokens of a name (any script)."""
    text = unicodedata.normalize("NFKD", clean(name).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).translate(_ARABIC_FOLD)
    text = text.replace("ß", "ss").replace("ł", "l").replace("ø", "o").replace("đ", "d").replace("ı", "i")
    return [t for t in re.split(r"[^\w]+|_", text) if t]


def uncomma(name: str) -> str:
    """'PUTIN, Vladimir Vladimirovich' -> 'Vladimir Vladimirovich PUTIN' (OFAC style)."""
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if last and first:
            return f"{first} {last}"
    return name


def keys(name: str) -> set[str]:
    """Keys under which two names count as 'the same name' for exclusion.

    Sorted tokens (any order of parts) and the letters run together in the written order and with
    the first or the last part moved (so 'Min-jun Kim', 'Kim Minjun' and 'KIM, Min Jun' meet).
    """
    out: set[str] = set()
    for form in {name, uncomma(name)}:
        toks = tokens(form)
        if not toks:
            continue
        out.add("S:" + " ".join(sorted(toks)))
        for order in (toks, toks[1:] + toks[:1], toks[-1:] + toks[:-1]):
            out.add("C:" + "".join(order))
    return out


def un_tree() -> ET.ElementTree:
    return ET.parse(UN_XML)


def _text(el: ET.Element, tag: str) -> str:
    return clean(el.findtext(tag) or "")


def un_individuals() -> list[dict]:
    """UN individuals: dataid, ref, list_type, parts (name fields), name, original_script, aliases."""
    out = []
    for el in un_tree().iter("INDIVIDUAL"):
        parts = [_text(el, f) for f in NAME_FIELDS]
        parts = [p for p in parts if p and p.lower() != "na"]
        aliases = []
        for a in el.iter("INDIVIDUAL_ALIAS"):
            alias = _text(a, "ALIAS_NAME")
            if alias:
                aliases.append((_text(a, "QUALITY"), alias))
        out.append(
            {
                "dataid": _text(el, "DATAID"),
                "ref": _text(el, "REFERENCE_NUMBER"),
                "list_type": _text(el, "UN_LIST_TYPE"),
                "parts": parts,
                "name": " ".join(parts),
                "original_script": _text(el, "NAME_ORIGINAL_SCRIPT"),
                "aliases": aliases,
            }
        )
    return out


def un_entities() -> list[dict]:
    out = []
    for el in un_tree().iter("ENTITY"):
        aliases = [_text(a, "ALIAS_NAME") for a in el.iter("ENTITY_ALIAS")]
        out.append(
            {
                "dataid": _text(el, "DATAID"),
                "ref": _text(el, "REFERENCE_NUMBER"),
                "name": _text(el, "FIRST_NAME"),
                "original_script": _text(el, "NAME_ORIGINAL_SCRIPT"),
                "aliases": [a for a in aliases if a],
            }
        )
    return out


def _split_alias(alias: str) -> list[str]:
    m = _ORIGINAL_SCRIPT_ALIAS.match(alias)
    return [m.group(1), m.group(2)] if m else [alias]


def _ofac_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        return [r for r in csv.reader(fh) if len(r) > 3]


def un_names_by_ref() -> dict[str, list[str]]:
    """Every name and alias (both scripts) of every UN individual and entity, by reference number."""
    out: dict[str, list[str]] = {}
    for ind in un_individuals():
        names = [ind["name"]] + ([ind["original_script"]] if ind["original_script"] else [])
        for _q, alias in ind["aliases"]:
            names += _split_alias(alias)
        out[ind["ref"]] = [n for n in names if n]
    for ent in un_entities():
        names = [ent["name"]] + ([ent["original_script"]] if ent["original_script"] else [])
        for alias in ent["aliases"]:
            names += _split_alias(alias)
        out[ent["ref"]] = [n for n in names if n]
    return out


def sdn_names_by_id() -> dict[str, list[str]]:
    """OFAC SDN 2021: primary names (sdn.csv) and aliases (alt.csv), by ent_num."""
    out: dict[str, list[str]] = {}
    for r in _ofac_rows(SDN_DIR / "sdn.csv"):
        out.setdefault(r[0].strip(), []).append(clean(r[1]))
    for r in _ofac_rows(SDN_DIR / "alt.csv"):
        out.setdefault(r[0].strip(), []).append(clean(r[3]))
    return out


def sdn_types() -> dict[str, str]:
    return {r[0].strip(): r[2].strip() for r in _ofac_rows(SDN_DIR / "sdn.csv")}


def all_listed_names() -> list[str]:
    """All names and aliases in the UN list, OFAC SDN (sdn+alt), OFAC non-SDN and BIS DPL."""
    names: list[str] = []
    for group in un_names_by_ref().values():
        names += group
    for group in sdn_names_by_id().values():
        names += group
    for fname, col in (("cons_prim.csv", 1), ("cons_alt.csv", 3)):
        names += [clean(r[col]) for r in _ofac_rows(CONS_DIR / fname)]
    with DPL.open(encoding="utf-8", errors="replace", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            names.append(clean(row.get("Name") or ""))
    return [n for n in names if n and n != "-0-"]


def listed_keys() -> set[str]:
    out: set[str] = set()
    for n in all_listed_names():
        out |= keys(n)
    return out
