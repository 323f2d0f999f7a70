"""Watchlisted parties written the way a real declaration would: spelling varies, the person does not.

A listed name is rendered in natural order and title case, then changed in one or two of the ways
names drift between a sanctions list and a CN 23: another transliteration, a dropped middle name,
family name first, a typo, different case or diacritics, or (UN entries) the original script.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from clearpost.generate.reference import ListedParty

_SPELLINGS = (
    ("mohammed", "muhammad", "mohamed", "mohammad", "muhammed", "mohamad"),
    ("ahmad", "ahmed"),
    ("abdul", "abdel", "abdal"),
    ("hussein", "husain", "husayn", "hussain"),
    ("hassan", "hasan"),
    ("yusuf", "yousef", "youssef"),
    ("osama", "usama"),
    ("omar", "umar"),
    ("qasim", "kassem", "qassem", "qasem"),
    ("khalid", "khaled"),
    ("said", "saeed", "sayed"),
    ("abu", "abou"),
    ("rahman", "rehman"),
    ("mustafa", "mostafa", "moustafa"),
    ("ibrahim", "ebrahim"),
    ("ismail", "ismael", "esmail"),
    ("jamal", "gamal"),
    ("nasser", "nasir", "naser"),
    ("karim", "kareem"),
    ("abdullah", "abdallah", "abdulla"),
    ("hamid", "hameed"),
    ("rashid", "rasheed"),
    ("mahmoud", "mahmud"),
    ("yasin", "yassin", "yaseen"),
    ("sergei", "sergey", "serguei"),
    ("aleksandr", "alexander", "aleksander"),
    ("yevgeny", "evgeny", "evgeniy"),
    ("yuri", "yury", "yuriy"),
    ("dmitri", "dmitry", "dmitriy"),
    ("andrei", "andrey"),
    ("alexei", "aleksey", "alexey"),
    ("nikolai", "nikolay"),
    ("mikhail", "michail"),
    ("jong", "jung"),
    ("choe", "choi"),
    ("pak", "park"),
    ("ri", "rhee"),
    ("il", "ill"),
    ("chol", "chul"),
)
_ALTERNATIVES = {spelling: group for group in _SPELLINGS for spelling in group}
_ACCENTS = {
    "jose": "josé",
    "maria": "maría",
    "angel": "ángel",
    "ramon": "ramón",
    "munoz": "muñoz",
    "nunez": "núñez",
    "pena": "peña",
    "garcia": "garcía",
    "hernandez": "hernández",
    "gonzalez": "gonzález",
    "rodriguez": "rodríguez",
    "perez": "pérez",
    "sanchez": "sánchez",
    "martinez": "martínez",
    "lopez": "lópez",
    "gomez": "gómez",
    "diaz": "díaz",
    "jesus": "jesús",
    "cesar": "césar",
    "andres": "andrés",
    "oscar": "óscar",
    "ruben": "rubén",
    "joaquin": "joaquín",
    "efrain": "efraín",
    "ivan": "iván",
    "adrian": "adrián",
}
_DEACCENT = {accented: plain for plain, accented in _ACCENTS.items()}
_LEGAL_FORMS = {
    "CO., LTD.": "Company Limited",
    "LTD.": "Limited",
    "LLC": "L.L.C.",
    "LIMITED": "Ltd",
    "COMPANY": "Co.",
}

Tokens = list[str]


def _like(token: str, spelling: str) -> str:
    """`spelling` in the letter case of `token`."""
    if token.isupper():
        return spelling.upper()
    return spelling[:1].upper() + spelling[1:] if token[:1].isupper() else spelling


def _natural_tokens(entry: ListedParty) -> Tokens:
    """The listed name in reading order: OFAC writes `FAMILY, Given Middle`, the UN given names first."""
    family, comma, given = entry.name.partition(", ")
    if entry.schema == "Person" and comma:
        return given.split() + family.split()
    return entry.name.split()


def _transliterate(tokens: Tokens, rng: random.Random) -> Tokens | None:
    options = [index for index, token in enumerate(tokens) if token.lower() in _ALTERNATIVES]
    if options:
        index = options[int(rng.random() * len(options))]
        group = [
            spelling for spelling in _ALTERNATIVES[tokens[index].lower()] if spelling != tokens[index].lower()
        ]
        spelling = group[int(rng.random() * len(group))]
        return [*tokens[:index], _like(tokens[index], spelling), *tokens[index + 1 :]]
    for index, token in enumerate(tokens):
        lower = token.lower()
        for old, new in (("ov", "off"), ("kh", "h"), ("ou", "u"), ("ee", "i"), ("y", "i"), ("q", "k")):
            if old in lower[1:]:
                return [*tokens[:index], _like(token, lower.replace(old, new, 1)), *tokens[index + 1 :]]
    return None


def _drop_middle(tokens: Tokens, rng: random.Random) -> Tokens | None:
    if len(tokens) < 3:
        return None
    index = 1 + int(rng.random() * (len(tokens) - 2))
    return tokens[:index] + tokens[index + 1 :]


def _family_first(tokens: Tokens, rng: random.Random) -> Tokens | None:
    if len(tokens) < 2:
        return None
    return [tokens[-1].upper(), *tokens[:-1]] if rng.random() < 0.5 else [tokens[-1] + ",", *tokens[:-1]]


def _typo(tokens: Tokens, rng: random.Random) -> Tokens | None:
    options = [index for index, token in enumerate(tokens) if len(token) >= 5 and token.isalpha()]
    if not options:
        return None
    index = options[int(rng.random() * len(options))]
    token = tokens[index]
    at = 1 + int(rng.random() * (len(token) - 2))
    kind = int(rng.random() * 3)
    if kind == 0:  # swapped neighbours
        changed = token[:at] + token[at + 1] + token[at] + token[at + 2 :]
    elif kind == 1:  # dropped letter
        changed = token[:at] + token[at + 1 :]
    else:  # doubled letter
        changed = token[: at + 1] + token[at] + token[at + 1 :]
    return [*tokens[:index], changed, *tokens[index + 1 :]]


def _diacritics(tokens: Tokens, rng: random.Random) -> Tokens | None:
    changed = [
        _like(token, _ACCENTS.get(token.lower(), _DEACCENT.get(token.lower(), token))) for token in tokens
    ]
    return changed if [t.lower() for t in changed] != [t.lower() for t in tokens] else None


def _case(tokens: Tokens, rng: random.Random) -> Tokens | None:
    return [token.upper() for token in tokens] if rng.random() < 0.6 else [token.lower() for token in tokens]


def _legal_form(tokens: Tokens, rng: random.Random) -> Tokens | None:
    text = " ".join(tokens).upper()
    for form, replacement in _LEGAL_FORMS.items():
        if text.endswith(" " + form):
            kept = tokens[: len(tokens) - len(form.split())]
            return kept if rng.random() < 0.5 else [*kept, *replacement.split()]
    return None


_PERSON_VARIATIONS: dict[str, Callable[[Tokens, random.Random], Tokens | None]] = {
    "transliteration": _transliterate,
    "dropped_middle_name": _drop_middle,
    "family_name_first": _family_first,
    "typo": _typo,
    "diacritics": _diacritics,
    "case": _case,
}
_COMPANY_VARIATIONS: dict[str, Callable[[Tokens, random.Random], Tokens | None]] = {
    "legal_form": _legal_form,
    "typo": _typo,
    "case": _case,
    "transliteration": _transliterate,
}


def listed_name_variant(entry: ListedParty, rng: random.Random) -> tuple[str, list[str]]:
    """The name to write on the item, and which variations were applied (possibly none)."""
    if entry.original_script and rng.random() < 0.1:
        return entry.original_script, ["original_script"]
    tokens = [
        token.title() if token.isupper() or token.islower() else token for token in _natural_tokens(entry)
    ]
    variations = _PERSON_VARIATIONS if entry.schema == "Person" else _COMPANY_VARIATIONS
    names = list(variations)
    applied: list[str] = []
    for _ in range(1 + int(rng.random() * 2)):
        kind = names[int(rng.random() * len(names))]
        if kind in applied:
            continue
        changed = variations[kind](tokens, rng)
        if changed:
            tokens = changed
            applied.append(kind)
    return " ".join(tokens), applied
