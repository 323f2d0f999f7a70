"""Wording findings in the Post's language, through the gettext catalogue in `clearpost/locale`.

Checks return English templates (the catalogue's msgids); this module picks the language for a
Post and words each problem in it. The catalogues are read once (Babel reads the `.po` files,
so there is no compiled file to keep in step) and kept for the process.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from clearpost.quality.problems import Problem
from clearpost.yamldoc import load_yaml

LANGUAGES = ("en", "fr")
"""English and French, the UPU's working languages; English is the catalogue's source."""
DOMAIN = "clearpost"


@cache
def translations(language: str) -> NullTranslations:
    """The catalogue of a language (English: the templates themselves)."""
    if language not in LANGUAGES:
        raise ValueError(f"no catalogue for language {language!r}; ClearPost speaks {', '.join(LANGUAGES)}")
    if language == "en":
        return NullTranslations()
    source = resources.files("clearpost").joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
    with source.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def word(problem: Problem, language: str) -> str:
    """The problem's message in `language`, placeholders filled. A placeholder's value may itself
    be a list of (template, params) pairs: each is worded, and they are joined by "; "."""
    return _fill(problem.template, problem.params, translations(language))


def _fill(template: str, params: Mapping[str, object], catalogue: NullTranslations) -> str:
    text = catalogue.gettext(template)
    if not params:
        return text
    values = {
        name: "; ".join(_fill(t, p, catalogue) for t, p in value) if isinstance(value, list) else value
        for name, value in params.items()
    }
    return text.format_map(values)


@dataclass(frozen=True, slots=True)
class PostLanguages:
    """Which language to write to each Post in: by operator code, else by origin country."""

    default: str
    operators: Mapping[str, str]
    countries: Mapping[str, str]

    def of(self, operator: str | None, country: str | None) -> str:
        if operator and operator in self.operators:
            return self.operators[operator]
        if country and country in self.countries:
            return self.countries[country]
        return self.default

    @classmethod
    def from_yaml(cls, text: str, source: str) -> PostLanguages:
        document = load_yaml(text) or {}
        default = document.get("default", "en")
        operators = dict(document.get("operators") or {})
        countries = {
            code: language for language, codes in (document.get("countries") or {}).items() for code in codes
        }
        for language in {default, *operators.values(), *countries.values()}:
            if language not in LANGUAGES:
                raise ValueError(
                    f"{source}: language {language!r} has no catalogue ({', '.join(LANGUAGES)})."
                )
        return cls(default, MappingProxyType(operators), MappingProxyType(countries))
