"""Name matching and list screening across scripts and spellings; the CLI; screening in assess."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from functools import cache
from pathlib import Path

import pytest
from msgspec.structs import replace
from typer.testing import CliRunner

from clearpost.cli import app
from clearpost.model import Item
from clearpost.pipeline import assess
from clearpost.reference import Reference
from clearpost.risk.matching import score_pair
from clearpost.risk.screening import THRESHOLD, Hit, Screener, entry_fingerprint
from clearpost.risk.watchlists import ListedName, WatchlistEntry, read_watchlist

SANCTIONS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "sanctions"
UN = SANCTIONS / "un_consolidated" / "UN_consolidated_2026-02-27.xml"
runner = CliRunner()


@cache
def un_screener() -> Screener:
    return Screener(read_watchlist(UN, "un-xml").entries)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Vladimir Putin", "Владимир Путин"),  # Cyrillic
        ("Mohammed Ali", "محمد علي"),  # unvowelled Arabic
        ("Wang Wei", "王伟"),  # hanzi
        ("PUTIN, Vladimir", "Vladimir Putin"),  # order
        ("V. V. Putin", "Vladimir Vladimirovich Putin"),  # initials
        ("Muammar Qadhafi", "Gaddafi Muammar"),  # transliteration
        ("Sergei Lavrov", "Sergey Lavroff"),  # spelling
        ("Muhammad al-Ali", "Mohamed Ali"),  # particle
        ("أحمد حسين", "Ahmed Hussein"),  # the long vowel ي is the ei of Hussein
        ("مرتضی صفری", "Morteza Safari"),  # Persian: ض as z, a final ی as the a of Morteza
        ("김정은", "Kim Jong Un"),  # hangul in Revised, the list in McCune-Reischauer romanisation
        ("Lee Won Ho", "Ri Won Ho"),  # the South's and the North's spelling of 리/이
        ("Abd al-Rahman Yasin", "Abdulrahman Yasin"),  # parts written apart and together
        ("Jnag Yong Son", "Jang Yong Son"),  # two letters swapped
    ],
)
def test_the_same_name_across_scripts_and_spellings(left: str, right: str) -> None:
    assert score_pair(left, right) >= THRESHOLD


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Kim Jong Un", "Kim Jong Nam"),  # a relative
        ("Saddam Hussein", "Uday Hussein"),
        ("Wang Wei", "Wang Fang"),  # common names
        ("Maria Garcia", "Maria Gonzalez"),
        ("Ali", "Alibaba Trading"),  # no partial-ratio matches
        ("Jose", "Joseph Anderson"),
        ("أحمد حسن", "Ahmed Hussein"),  # حسن is Hassan: no ي for the ei of Hussein
        ("Khalid Al-Otaibi", "Khalil Al-Otaibi"),  # two known names, not one mistyped
        ("Hamad Al Shamsi", "Ahmad Al Shamsi"),  # likewise, though two letters are swapped
    ],
)
def test_different_people_do_not_match(left: str, right: str) -> None:
    assert score_pair(left, right) < THRESHOLD


def test_a_un_listed_person_is_found_in_latin_and_in_arabic_script() -> None:
    latin = un_screener().screen("Abdul Rahman Yasin")
    arabic = un_screener().screen("عبد الرحمن ياسين")
    assert latin[0].entry_id == arabic[0].entry_id == "QDi.037" and latin[0].match and arabic[0].match
    assert "name" in latin[0].why


def test_country_and_birth_year_raise_or_lower_the_score() -> None:
    def qdi_037(**qualifiers: object) -> Hit:
        hits = un_screener().screen("Abdul Rahman Yasin", **qualifiers)  # type: ignore[arg-type]
        return next(hit for hit in hits if hit.entry_id == "QDi.037")

    plain, wrong_year = qdi_037(), qdi_037(birth_year=1990)
    assert wrong_year.score < plain.score and "list says" in wrong_year.why
    elsewhere = qdi_037(country="FR")  # the list gives US
    assert elsewhere.score < plain.score and "not among US" in elsewhere.why


def test_ordinary_names_are_not_hits() -> None:
    for name in ("Lucie Martin", "Zdeněk Doležal", "Amelia Hart", "Ma Ming", "Lucas Morel"):
        assert not any(hit.match for hit in un_screener().screen(name)), name


def test_cli_loads_lists_and_screens(tmp_path: Path, database: Path) -> None:
    result = runner.invoke(app, ["watchlist", "load", str(UN), "--format", "un-xml"])
    assert result.exit_code == 0 and "1003 entries" in " ".join(result.output.split()), result.output
    again = runner.invoke(app, ["watchlist", "load", str(UN), "--format", "un-xml"])
    assert "replacing version" in " ".join(again.output.split())
    names = tmp_path / "names.csv"
    names.write_text(
        "name,country,birth_date\nعبد الرحمن ياسين,IQ,1960\nLucie Martin,FR,\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["screen", "names", str(names), "--out", str(tmp_path / "hits.jsonl")])
    assert result.exit_code == 0, result.output
    first, second = [json.loads(line) for line in (tmp_path / "hits.jsonl").read_text().splitlines()]
    assert first["matches"][0]["entry_id"] == "QDi.037" and first["matches"][0]["match"] is True
    assert not any(m["match"] for m in second["matches"])
    assert runner.invoke(app, ["watchlist", "load", str(tmp_path), "--format", "un-xml"]).exit_code == 2


def test_cli_scores_pairs(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        "left,right,schema\nVladimir Putin,Владимир Путин,Person\nAli,Alibaba Trading,Organization\n"
    )
    result = runner.invoke(app, ["screen", "pairs", str(pairs), "--out", "-"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["left"], r["match"]) for r in rows] == [("Vladimir Putin", "true"), ("Ali", "false")]
    assert 0 <= float(rows[1]["score"]) < float(rows[0]["score"]) <= 1
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("first,second\nA,B\n")
    refused = runner.invoke(app, ["screen", "pairs", str(wrong), "--out", "-"])
    assert refused.exit_code == 2 and "left, right" in " ".join(refused.output.split())


def test_assess_holds_a_listed_sender_on_arrival_only(reference: Reference, example_item: Item) -> None:
    listed = replace(
        example_item, sender=replace(example_item.sender, name="Abdul Rahman Yasin", business=None)
    )
    screened = dataclasses.replace(reference, screener=un_screener())
    before = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC)
    (pre_loading,) = assess([listed], now=before, reference=screened)
    (arrival,) = assess([listed], now=before, reference=screened, stage="arrival")
    assert pre_loading.outcome == "ASSESSMENT_COMPLETE"  # not an aviation-security risk
    assert (arrival.outcome, arrival.risk.level) == ("HOLD", "high")
    reason = arrival.risk.reasons[0]
    assert (reason.code, reason.field, reason.source) == ("WATCHLIST_MATCH", "sender.name", "screening")
    assert reason.detail is not None and reason.detail["entry_id"] == "QDi.037"
    entry = next(e for e in read_watchlist(UN, "un-xml").entries if e.entry_id == "QDi.037")
    assert (reason.detail["list"], reason.detail["fingerprint"]) == ("un", entry_fingerprint(entry))
    (clean,) = assess([example_item], now=before, reference=screened, stage="arrival")
    assert (clean.outcome, clean.risk.reasons) == ("RELEASE", [])
    assert arrival.quality.findings == []  # the declaration itself is in order: the hold is the list's


def test_names_written_in_another_script_find_the_latin_entry() -> None:
    for name, entry in (("리수용", "KPi.052"), ("مرتضی صفری", "IRi.035"), ("عبد الملك الحوثي", "YEi.004")):
        best = un_screener().screen(name)[0]
        assert (best.entry_id, best.match) == (entry, True), name


def test_a_common_name_alone_is_not_a_match() -> None:
    # 'Ali Mohammed' is an alias of CFi.010; 'Mohamed Ali' is the name of a great many people
    (hit,) = [hit for hit in un_screener().screen("Mohamed Ali", country="EG") if hit.entry_id == "CFi.010"]
    assert not hit.match and "a common name" in hit.why
    assert un_screener().screen("Mohamed Ali", country="EG", matches_only=True) == []


def test_a_weak_alias_matches_only_with_a_qualifier_that_agrees() -> None:
    def cdi_022(**qualifiers: object) -> Hit:  # "Papa Six", a low-quality alias of Laurent Nkunda
        hits = un_screener().screen("Papa Six", **qualifiers)  # type: ignore[arg-type]
        return next(hit for hit in hits if hit.entry_id == "CDi.022")

    alone = cdi_022()
    assert (alone.name_kind, alone.match) == ("weak_alias", False) and "weak alias" in alone.why
    assert cdi_022(birth_year=1967).match and cdi_022(country="CD").match


def test_a_hit_carries_the_fingerprint_of_its_entry() -> None:
    entry = next(e for e in read_watchlist(UN, "un-xml").entries if e.entry_id == "QDi.037")
    (hit,) = [hit for hit in un_screener().screen("Abdul Rahman Yasin") if hit.entry_id == "QDi.037"]
    assert hit.fingerprint == entry_fingerprint(entry) and len(hit.fingerprint) == 16
    assert entry_fingerprint(replace(entry, programs=("another program",))) == hit.fingerprint
    renamed = replace(entry, names=(*entry.names, ListedName("Abu Yasin", "alias")))
    assert entry_fingerprint(renamed) != hit.fingerprint
    born = replace(entry, birth_dates=("1961",), birth_years=frozenset({1961}))
    assert entry_fingerprint(born) != hit.fingerprint


def test_screening_a_list_of_ones_own() -> None:
    entries = [
        WatchlistEntry(
            list_name="local", entry_id="1", schema="Person", names=(ListedName("Ivan Petrov", "primary"),)
        ),
        WatchlistEntry(
            list_name="local",
            entry_id="2",
            schema="Organization",
            names=(ListedName("Sunrise Trading LLC", "primary"),),
            countries=frozenset({"AE"}),
        ),
    ]
    screener = Screener(entries)
    (hit,) = screener.screen("Иван Петров", matches_only=True)
    assert (hit.list_name, hit.entry_id, hit.matched_name) == ("local", "1", "Ivan Petrov")
    (company,) = screener.screen("Sunrise Trading L.L.C.", organization=True, country="AE", matches_only=True)
    assert company.entry_id == "2"
    assert screener.screen("Ivana Petrova Trading", matches_only=True) == []


def test_korean_and_chinese_names_that_only_look_alike_are_not_held() -> None:
    entries = [
        WatchlistEntry(
            list_name="local",
            entry_id="KP",
            schema="Person",
            names=(ListedName("CHO CHUN RYONG", "primary"), ListedName("조춘룡", "original_script")),
            countries=frozenset({"KP"}),
        ),
        WatchlistEntry(
            list_name="local",
            entry_id="CN",
            schema="Person",
            names=(ListedName("Songyan JI", "alias"),),
            countries=frozenset({"CN"}),
        ),
    ]
    screener = Screener(entries)
    for name, country in (("Cho Joon-young", "KR"), ("조준영", "KR"), ("Song Yan", "CN"), ("宋燕", "CN")):
        assert screener.screen(name, country=country, matches_only=True) == [], name
    for name in ("Jo Chun-ryong", "조춘룡", "Cho Chun Ryong"):
        (hit,) = screener.screen(name, matches_only=True)
        assert hit.entry_id == "KP", name
    (hit,) = screener.screen("Ji Songyan", country="CN", matches_only=True)
    assert hit.entry_id == "CN"
