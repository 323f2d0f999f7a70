"""Messages to Posts come from the gettext catalogue: complete in French, in step with the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from clearpost.model import Code
from clearpost.quality.language import PostLanguages, translations, word
from clearpost.quality.problems import Problem

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "clearpost" / "locale"
_PLACEHOLDER = re.compile(r"\{(\w+)\}|%\((\w+)\)s")


def test_the_template_is_in_step_with_the_code(tmp_path: Path) -> None:
    """`make catalogue` was run after the last change to a message."""
    extracted = tmp_path / "clearpost.pot"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("pybabel")),
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(extracted),
            str(ROOT / "clearpost"),
        ],
        check=True,
        capture_output=True,
    )
    with extracted.open("rb") as fresh, (LOCALE / "clearpost.pot").open("rb") as kept:
        assert {m.id for m in read_po(fresh)} == {m.id for m in read_po(kept)}


def test_every_message_has_a_french_translation_with_the_same_placeholders() -> None:
    with (LOCALE / "fr" / "LC_MESSAGES" / "clearpost.po").open("rb") as po:
        catalog = read_po(po)
    with (LOCALE / "clearpost.pot").open("rb") as pot:
        wanted = {m.id for m in read_po(pot) if m.id}
    translated = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    assert wanted - translated.keys() == set()
    for msgid, msgstr in translated.items():
        assert set(_PLACEHOLDER.findall(str(msgid))) == set(_PLACEHOLDER.findall(str(msgstr))), msgid


def test_a_problem_is_worded_in_the_posts_language() -> None:
    problem = Problem(Code.MISSING_FIELD, "addressee.name", "The addressee's name is missing.")
    assert word(problem, "en") == "The addressee's name is missing."
    assert word(problem, "fr") == translations("fr").gettext("The addressee's name is missing.")
    assert word(problem, "fr") != word(problem, "en")


def test_nested_reasons_are_worded_too() -> None:
    gift = Problem(
        Code.GIFT_MISDECLARED,
        "categories",
        '"Gift" is ticked but the item looks like a sale: {reasons}. Tick "sale of goods" if it was sold.',
        {"reasons": [("it holds {units} identical units of one article", {"units": "24"})]},
    )
    assert "24 identical units" in word(gift, "en")
    assert "24" in word(gift, "fr") and "identical" not in word(gift, "fr")


def test_post_languages_by_operator_then_country() -> None:
    languages = PostLanguages.from_yaml(
        "default: en\noperators: {CHA: fr}\ncountries: {fr: [FR, SN]}\n", "test"
    )
    assert languages.of("CHA", "CH") == "fr"
    assert languages.of("SNA", "SN") == "fr"
    assert languages.of("GBA", "GB") == "en"
