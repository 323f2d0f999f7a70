"""How alike two names are, 0..1, the way a screening officer weighs them: parts aligned in any
order, each part compared by spelling (typos), by consonant skeleton (transliterations and
unvowelled scripts) and as an initial; the shorter name must be covered well, the longer one
reasonably (a missing middle name costs a little, a missing given name a lot).

No partial-ratio scoring: "Ali" inside "Alibaba Trading" is not a match.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from clearpost.risk.names import Name, Part, parse_name

INITIAL = 0.85
"""An initial ('V.') against the part it abbreviates."""
SKELETON = 0.9
"""Parts whose consonant outlines agree (Mohammed/Muhammad, Gim/Kim)."""
SHORT_PART = 0.8
"""Spelling similarity of parts of four letters or fewer counts for less."""
SHORT_SHARE = 0.6
"""How much of a name's score comes from covering the shorter name (the rest from the longer)."""


def part_similarity(left: Part, right: Part, unvowelled: bool) -> float:
    a, b = left.text, right.text
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return INITIAL if a[0] == b[0] else 0.0
    if unvowelled:
        return Levenshtein.normalized_similarity(left.skeleton, right.skeleton) * SKELETON
    spelling = Levenshtein.normalized_similarity(a, b)
    # the same outline (of three consonants, or two after the same first letter), spellings not too
    # far apart: Yang and Ying are different names
    if left.skeleton == right.skeleton and spelling > 0.5 and (len(left.skeleton) >= 3 or a[0] == b[0]):
        return max(spelling, SKELETON)
    if max(len(a), len(b)) <= 4:  # one letter changes a short name into another name
        return spelling * SHORT_PART
    return spelling


def _weight(part: Part) -> float:
    return 1.0 if len(part.text) == 1 else min(len(part.text), 8)


def name_similarity(left: Name, right: Name) -> float:
    """0..1, symmetric."""
    short, long = sorted((left.core, right.core), key=len)
    if not short or (left.script != right.script and "LATIN" not in (left.script, right.script)):
        return 0.0  # two non-Latin scripts: no common ground for comparing transliterations
    unvowelled = left.unvowelled or right.unvowelled
    pairs = sorted(
        (
            (part_similarity(one, other, unvowelled), i, j)
            for i, one in enumerate(short)
            for j, other in enumerate(long)
        ),
        reverse=True,
    )
    used_short: set[int] = set()
    used_long: set[int] = set()
    matched_short = matched_long = 0.0
    for similarity, i, j in pairs:
        if similarity <= 0.5 or i in used_short or j in used_long:
            continue
        used_short.add(i)
        used_long.add(j)
        matched_short += similarity * _weight(short[i])
        matched_long += similarity * _weight(long[j])
    cover_short = matched_short / sum(_weight(p) for p in short)
    cover_long = matched_long / sum(_weight(p) for p in long)
    if len(short) == 1:  # one part says little: both sides must be nearly all of it
        return min(cover_short, cover_long)
    return SHORT_SHARE * cover_short + (1 - SHORT_SHARE) * cover_long


def score_pair(left: str, right: str, organization: bool = False) -> float:
    """How alike two names as written (any scripts) are."""
    return name_similarity(parse_name(left, organization), parse_name(right, organization))
