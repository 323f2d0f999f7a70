"""Validate the screening evaluation data and print its statistics (standard library only).

    .venv/bin/python eval/screening/check_screening.py          # exit status 1 on any problem

Checks
  name_pairs.csv      columns, schema/match/kind vocabularies, no duplicate pair (either order, up to
                      case and accents), no pair of identical strings, share of matches, and every list
                      reference in `note` ('UN QDi.006', 'SDN 20157'): the first one must name one side
                      of the pair exactly (tokens, any order), the others must overlap a side.
  ordinary_names.csv  10,000 distinct rows, >= 25 countries, declared script = script of the letters,
                      and no name equal to a listed name or alias (see _lists.keys).
  un_variants.csv     >= 700 distinct UN individuals, listed_name = the list's name fields, variant !=
                      listed name (except case), declared script = script of the letters, >= 100 rows
                      in another script than Latin.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import _lists  # noqa: E402

KINDS_MATCH = {
    "transliteration",
    "cross_script",
    "reordering",
    "initials",
    "missing_part",
    "typo",
    "particles",
    "company_form",
    "short_name",
}
KINDS_NONMATCH = {"relative", "common_name", "similar_different", "short_name", "unrelated"}
REF = re.compile(r"\b(UN|SDN) ([A-Z]{2}[ie]\.\d{3}|\d+)\b")

problems: list[str] = []


def problem(msg: str) -> None:
    problems.append(msg)


def script_of(text: str) -> str:
    counts: Counter = Counter()
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith(("CJK", "HIRAGANA", "KATAKANA")):
            counts["Hani" if name.startswith("CJK") else "Kana"] += 1
            continue
        for key, code in (
            ("ARABIC", "Arab"),
            ("CYRILLIC", "Cyrl"),
            ("HANGUL", "Hang"),
            ("HEBREW", "Hebr"),
            ("GREEK", "Grek"),
            ("THAI", "Thai"),
            ("LATIN", "Latn"),
        ):
            if name.startswith(key):
                counts[code] += 1
                break
    if counts["Kana"] or (counts["Hani"] and counts["Kana"]):
        return "Jpan"
    return counts.most_common(1)[0][0] if counts else "Zyyy"


def read(name: str) -> list[dict]:
    with (HERE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def check_pairs(un: dict, sdn: dict) -> dict:
    rows = read("name_pairs.csv")
    if list(rows[0]) != ["left", "right", "schema", "match", "kind", "note"]:
        problem(f"name_pairs.csv: columns {list(rows[0])}")
    seen = {}
    for n, r in enumerate(rows, start=2):
        where = f"name_pairs.csv:{n}"
        if r["schema"] not in ("Person", "Organization"):
            problem(f"{where}: schema {r['schema']!r}")
        if r["match"] not in ("0", "1"):
            problem(f"{where}: match {r['match']!r}")
        kinds = KINDS_MATCH if r["match"] == "1" else KINDS_NONMATCH
        if r["kind"] not in kinds:
            problem(f"{where}: kind {r['kind']!r} with match={r['match']}")
        for side in ("left", "right"):
            if not r[side] or r[side] != r[side].strip():
                problem(f"{where}: empty or padded {side}")
        if r["left"] == r["right"]:
            problem(f"{where}: identical sides")
        key = frozenset({" ".join(_lists.tokens(r["left"])), " ".join(_lists.tokens(r["right"]))})
        if key in seen:
            problem(f"{where}: duplicate of line {seen[key]}")
        seen[key] = n
        if r["kind"] == "cross_script" and script_of(r["left"]) == script_of(r["right"]):
            problem(f"{where}: cross_script pair in one script")
        sides = [set(_lists.tokens(r["left"])), set(_lists.tokens(r["right"]))]
        for i, (lst, ref) in enumerate(REF.findall(r["note"])):
            names = (un if lst == "UN" else sdn).get(ref)
            if not names:
                problem(f"{where}: unknown reference {lst} {ref}")
                continue
            listed = [set(_lists.tokens(_lists.uncomma(x))) for x in names]
            if i == 0:  # the same name, or a shortened form of it (patronymic or middle names left out)
                ok = any(s == t or (len(s) >= 2 and s < t) for s in sides for t in listed)
            else:
                ok = any(s <= t or t <= s for s in sides for t in listed if s and t)
            if not ok:
                problem(
                    f"{where}: {lst} {ref} does not name {'a side' if i == 0 else 'either side'}: {names[:3]}"
                )
    return {"rows": rows}


def check_ordinary(listed: set) -> dict:
    rows = read("ordinary_names.csv")
    if list(rows[0]) != ["name", "country", "script"]:
        problem(f"ordinary_names.csv: columns {list(rows[0])}")
    if len(rows) != 10_000:
        problem(f"ordinary_names.csv: {len(rows)} rows, want 10000")
    seen = set()
    for n, r in enumerate(rows, start=2):
        where = f"ordinary_names.csv:{n}"
        if r["name"] in seen:
            problem(f"{where}: duplicate {r['name']}")
        seen.add(r["name"])
        got = script_of(r["name"])
        want = {"Hans": "Hani"}.get(r["script"], r["script"])
        ok = got in ("Jpan", "Hani") if r["script"] == "Jpan" else got == want
        if not ok:
            problem(f"{where}: script {r['script']} but letters are {got}: {r['name']}")
        if _lists.keys(r["name"]) & listed:
            problem(f"{where}: listed name {r['name']}")
    countries = {r["country"] for r in rows}
    if len(countries) < 25:
        problem(f"ordinary_names.csv: only {len(countries)} countries")
    return {"rows": rows}


def check_variants() -> dict:
    rows = read("un_variants.csv")
    inds = {i["ref"]: i for i in _lists.un_individuals()}
    if list(rows[0]) != ["variant", "entry_id", "listed_name", "variation", "script"]:
        problem(f"un_variants.csv: columns {list(rows[0])}")
    ids = Counter(r["entry_id"] for r in rows)
    for ref, c in ids.items():
        if c > 1:
            problem(f"un_variants.csv: {ref} appears {c} times")
    for n, r in enumerate(rows, start=2):
        where = f"un_variants.csv:{n}"
        ind = inds.get(r["entry_id"])
        if not ind:
            problem(f"{where}: unknown entry {r['entry_id']}")
            continue
        if r["listed_name"] != ind["name"]:
            problem(f"{where}: listed_name {r['listed_name']!r} != {ind['name']!r}")
        if r["variant"] == r["listed_name"]:
            problem(f"{where}: variant equals the listed name")
        if r["variation"] != "case" and r["variant"].casefold() == r["listed_name"].casefold():
            problem(f"{where}: only case differs but variation is {r['variation']}")
        if script_of(r["variant"]) != r["script"]:
            problem(f"{where}: script {r['script']} but letters are {script_of(r['variant'])}")
    if len(ids) < 700:
        problem(f"un_variants.csv: only {len(ids)} individuals")
    other = sum(r["script"] != "Latn" for r in rows)
    if other < 100:
        problem(f"un_variants.csv: only {other} variants in another script")
    return {"rows": rows}


def table(counter: Counter, title: str) -> None:
    print(f"\n{title}")
    for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        print(f"  {k!s:<32} {v:>6}")


def main() -> int:
    un = _lists.un_names_by_ref()
    sdn = _lists.sdn_names_by_id()
    listed = _lists.listed_keys()
    pairs = check_pairs(un, sdn)["rows"]
    ordinary = check_ordinary(listed)["rows"]
    variants = check_variants()["rows"]

    m = sum(r["match"] == "1" for r in pairs)
    print(
        f"name_pairs.csv: {len(pairs)} pairs, {m} matches ({100 * m / len(pairs):.1f}%), "
        f"{sum(r['schema'] == 'Organization' for r in pairs)} Organization"
    )
    by_kind: dict = defaultdict(Counter)
    for r in pairs:
        by_kind[r["kind"]][r["match"]] += 1
    print("\n  kind                       match  non-match")
    for k in sorted(by_kind, key=lambda k: -sum(by_kind[k].values())):
        print(f"  {k:<24} {by_kind[k]['1']:>7} {by_kind[k]['0']:>10}")
    scripts = Counter()
    for r in pairs:
        s = {script_of(r["left"]), script_of(r["right"])} - {"Latn"}
        scripts[("+".join(sorted(s)) or "Latn only") + (" match" if r["match"] == "1" else " non-match")] += 1
    table(scripts, "name_pairs.csv by non-Latin script involved")
    listed_src = sum(bool(REF.search(r["note"])) for r in pairs)
    print(f"\n  pairs with a UN/SDN reference in note: {listed_src}")

    print(f"\nordinary_names.csv: {len(ordinary)} names, {len({r['country'] for r in ordinary})} countries")
    table(Counter(r["script"] for r in ordinary), "ordinary_names.csv by script")
    table(
        Counter(f"{r['country']} {r['script']}" for r in ordinary), "ordinary_names.csv by country and script"
    )

    print(
        f"\nun_variants.csv: {len(variants)} variants of "
        f"{len({r['entry_id'] for r in variants})} UN individuals"
    )
    table(Counter(r["variation"] for r in variants), "un_variants.csv by variation")
    table(Counter(r["script"] for r in variants), "un_variants.csv by script")

    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
