"""Validate the HS development set `ecommerce_titles.csv` and print its statistics.

Standalone (standard library only):

    .venv/bin/python eval/hs/check_titles.py [CSV]

Checks that the file has exactly the columns `title,hs6,note`; that every `hs6` is a six-digit
subheading of HS 2022 present in `../shared/data/hs/harmonized-system.csv` (level 6, not the
`999999` catch-all); that no title is empty, padded or repeated (case- and space-insensitive); and
that none of the public phrases of `../shared/data/hs-labelled/` slipped in. Prints rows, chapters,
headings, subheadings, languages (from the `note` tag `lang=xx`, English otherwise), the largest
headings and the rows per chapter. Exit status 1 on any problem, 0 otherwise.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
NOMENCLATURE = SHARED / "hs" / "harmonized-system.csv"
PUBLIC_SET = SHARED / "hs-labelled"
DEFAULT_CSV = HERE / "ecommerce_titles.csv"

COLUMNS = ["title", "hs6", "note"]
MAX_HEADING_SHARE = 0.08
MIN_CHAPTERS = 60
MIN_ROWS = 700
_LANG = re.compile(r"\blang=([a-z]{2})\b")
_SPACES = re.compile(r"\s+")


def load_subheadings(path: Path) -> dict[str, str]:
    """HS 2022 six-digit subheadings -> description."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["hscode"]: row["description"]
            for row in csv.DictReader(handle)
            if row["level"] == "6" and len(row["hscode"]) == 6 and row["hscode"] != "999999"
        }


def load_chapters(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["hscode"]: row["description"] for row in csv.DictReader(handle) if row["level"] == "2"}


def normalise(title: str) -> str:
    return _SPACES.sub(" ", title).strip().casefold()


def public_phrases(root: Path) -> set[str]:
    """Texts of the separate public labelled set (any CSV with a `text` column), if present."""
    phrases: set[str] = set()
    if not root.is_dir():
        return phrases
    for path in sorted(root.rglob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames and "text" in reader.fieldnames:
                phrases.update(normalise(row["text"]) for row in reader if row.get("text"))
    return phrases


def language(note: str) -> str:
    match = _LANG.search(note)
    return match.group(1) if match else "en"


def check(rows: Iterable[dict[str, str]], subheadings: dict[str, str], public: set[str]) -> list[str]:
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        title, code = row["title"], row["hs6"]
        if not title or title != title.strip():
            problems.append(f"line {line}: empty or padded title {title!r}")
        if not re.fullmatch(r"\d{6}", code):
            problems.append(f"line {line}: hs6 {code!r} is not six digits")
        elif code not in subheadings:
            problems.append(f"line {line}: hs6 {code} is not an HS 2022 subheading")
        key = normalise(title)
        if key in seen:
            problems.append(f"line {line}: duplicate title (first on line {seen[key]}): {title!r}")
        else:
            seen[key] = line
        if key in public:
            problems.append(f"line {line}: title is a phrase of the public hs-labelled set: {title!r}")
    return problems


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_CSV
    subheadings = load_subheadings(NOMENCLATURE)
    chapters = load_chapters(NOMENCLATURE)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            print(f"{path}: columns are {reader.fieldnames}, expected {COLUMNS}", file=sys.stderr)
            return 1
        rows = list(reader)
    problems = check(rows, subheadings, public_phrases(PUBLIC_SET))

    total = len(rows)
    by_chapter = Counter(row["hs6"][:2] for row in rows)
    by_heading = Counter(row["hs6"][:4] for row in rows)
    by_subheading = Counter(row["hs6"] for row in rows)
    by_language = Counter(language(row["note"]) for row in rows)
    if total < MIN_ROWS:
        problems.append(f"{total} rows, fewer than {MIN_ROWS}")
    if len(by_chapter) < MIN_CHAPTERS:
        problems.append(f"{len(by_chapter)} chapters, fewer than {MIN_CHAPTERS}")
    for heading, count in by_heading.items():
        if total and count / total > MAX_HEADING_SHARE:
            problems.append(f"heading {heading} has {count} rows, more than {MAX_HEADING_SHARE:.0%}")

    print(f"file: {path}")
    print(f"rows: {total}")
    print(f"chapters: {len(by_chapter)}  headings: {len(by_heading)}  subheadings: {len(by_subheading)}")
    print("languages: " + ", ".join(f"{lang} {n} ({n / total:.1%})" for lang, n in by_language.most_common()))
    print("rows with a note: " + str(sum(1 for row in rows if row["note"].strip())))
    print("largest headings: " + ", ".join(f"{h} {n}" for h, n in by_heading.most_common(10)))
    print("rows per chapter:")
    for chapter in sorted(by_chapter):
        text = chapters.get(chapter, "?")
        print(f"  {chapter} {by_chapter[chapter]:4d}  {text[:70]}")
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
