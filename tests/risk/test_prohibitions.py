"""Prohibited goods per destination (the profiles' `prohibitions:`) and counterfeit signals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import msgspec
import pytest
from msgspec.structs import replace
from typer.testing import CliRunner

from clearpost.cli import app
from clearpost.formats.canonical import write_jsonl
from clearpost.model import Assessment, Code, Finding, Item
from clearpost.pipeline import assess
from clearpost.quality.profiles import ProfileError, read_profiles
from clearpost.reference import Reference, load_counterfeit_lexicon
from clearpost.risk.prohibitions import (
    IN_BOTH,
    IN_DESCRIPTION,
    IN_HS,
    LexiconError,
    normal,
    prohibited_goods,
    read_counterfeit_lexicon,
)

ARRIVAL = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)


def sending(
    item: Item,
    description: str,
    hs_code: str | None = None,
    *,
    destination: str = "FR",
    origin: str | None = "CN",
    **fields: Any,
) -> Item:
    line = replace(item.contents[0], description=description, hs_code=hs_code, origin_country=origin)
    return replace(item, destination_country=destination, contents=[line, item.contents[1]], **fields)


def prohibitions(reference: Reference, item: Item) -> list[Finding]:
    profile = reference.profiles.select(item.destination_country, "arrival", ARRIVAL.date())
    return prohibited_goods(item, profile, reference.counterfeits)


def ids(findings: list[Finding]) -> list[str]:
    return [(f.detail or {})["prohibition"] for f in findings]


# ------------------------------------------------------------------------------ per destination


@pytest.mark.parametrize(
    ("destination", "description", "hs_code", "expected"),
    [
        # every destination: UPU Convention art. 19
        ("BR", "Live tarantula in ventilated box", None, "live-animals"),
        ("BR", "Dried cannabis flowers, 10 g", None, "narcotics"),
        ("BR", "XXX DVD collection", None, "obscene"),
        ("BR", "Pirated DVD box set", None, "counterfeit"),
        # the EU
        ("DE", "Winter coat with cat fur trim", None, "cat-dog-fur"),
        ("IT", "Mercury fever thermometer, glass", None, "mercury-products"),
        ("NL", "Sealskin mittens", None, "seal-products"),
        ("FR", "Beef jerky, 500 g", None, "meat-and-milk"),
        ("FR", "Aged cheddar", "040690", "meat-and-milk"),
        ("CH", "Electric shock belt for prisoner transport", None, "torture-goods"),
        # the United Kingdom
        ("GB", "Brass knuckles, steel", None, "offensive-weapons"),
        ("GB", "Pepper spray for self defence", None, "prohibited-weapons"),
        # the United States
        ("US", "Kinder Surprise eggs, 3 pack", None, "confectionery-with-toys"),
        ("US", "OTF knife, black", None, "switchblade-knives"),
        ("US", "Glass bong 30 cm", None, "drug-paraphernalia"),
        ("US", "Marlboro cigarettes, 1 carton", "240220", "tobacco-and-vapes-by-mail"),
        # Canada
        ("CA", "Nunchaku, foam-padded", None, "prohibited-weapons"),
        ("CA", "Replica pistol, metal", None, "prohibited-weapons"),
        # Australia
        ("AU", "Gel blaster, electric", None, "firearms-and-replicas"),
        ("AU", "Sporting goods", "930320", "firearms-and-replicas"),
        ("AU", "Green laser pointer 5 mW", None, "weapons"),
        ("AU", "Shisha tobacco, apple flavour 250 g", None, "tobacco"),
        ("AU", "Disposable vape 6000 puffs", None, "vaping-goods"),
        ("AU", "Brake shoes", "681320", "asbestos"),
        # Japan
        ("JP", "Prop money, 100 dollar bills, pack of 100", None, "counterfeit-currency"),
        ("JP", "Revolver replica parts", "930510", "firearms"),
        ("JP", "大麻 gummies", None, "narcotics"),
        # Korea
        ("KR", "Movie money bundle", None, "counterfeit-currency"),
        ("KR", "Crossbow, 150 lbs", None, "guns-swords-and-replicas"),
        ("KR", "모의총포 M1911", None, "guns-swords-and-replicas"),
    ],
)
def test_each_destination_finds_its_own_prohibitions(
    reference: Reference,
    example_item: Item,
    destination: str,
    description: str,
    hs_code: str | None,
    expected: str,
) -> None:
    findings = prohibitions(reference, sending(example_item, description, hs_code, destination=destination))
    assert expected in ids(findings), [f.message for f in findings]
    finding = next(f for f in findings if (f.detail or {})["prohibition"] == expected)
    assert (finding.code, finding.field, finding.severity, finding.source) == (
        Code.PROHIBITED_GOODS,
        "contents[0].description",
        "warning",
        "rule",
    )
    detail = finding.detail or {}
    assert detail["destination"] == destination and detail["source"] in finding.message
    assert detail["matched"] and 0 < detail["score"] <= 1


@pytest.mark.parametrize(
    ("destination", "description"),
    [
        ("DE", "Kinder Surprise eggs, 3 pack"),  # on sale in the EU
        ("FR", "OTF knife, black"),  # not in the EU profile
        ("US", "Beef jerky, 500 g"),
        ("JP", "Gel blaster, electric"),
        ("BR", "Brass knuckles, steel"),
    ],
)
def test_a_destination_does_not_apply_another_ones_prohibitions(
    reference: Reference, example_item: Item, destination: str, description: str
) -> None:
    assert prohibitions(reference, sending(example_item, description, destination=destination)) == []


@pytest.mark.parametrize(
    "description",
    [
        "Live queen bee with attendants",  # bees are admitted
        "Lint roller for cat fur and dog fur",
        "Cheese grater, stainless steel",
        "Water pistol for kids",
        "Pistol grip cordless drill",
        "Non-asbestos brake pads",
        "Hemp seed oil (Cannabis Sativa Seed Oil) face cream",
        "Cigarette trousers, black",
        "Cigarette lighter adapter for car",
        "Kinder Joy eggs",
        "Poppy seeds, 200 g",
    ],
)
def test_exceptions_and_ordinary_goods_are_not_flagged(
    reference: Reference, example_item: Item, description: str
) -> None:
    for destination in ("FR", "GB", "US", "CA", "AU", "JP", "KR", "BR"):
        findings = prohibitions(reference, sending(example_item, description, destination=destination))
        assert findings == [], (destination, [f.message for f in findings])


def test_bees_are_admitted_by_their_hs_code_too(reference: Reference, example_item: Item) -> None:
    assert prohibitions(reference, sending(example_item, "Live insects", "010641")) == []
    assert ids(prohibitions(reference, sending(example_item, "Live insects", "010649"))) == ["live-animals"]


# --------------------------------------------------------------------- descriptions and HS codes


def test_description_and_hs_code_together_make_the_strongest_match(
    reference: Reference, example_item: Item
) -> None:
    def score(description: str, hs_code: str | None) -> float:
        (finding,) = prohibitions(reference, sending(example_item, description, hs_code, destination="US"))
        return float((finding.detail or {})["score"])

    both = score("Cigarettes, 10 packs", "240220")
    words = score("Cigarettes, 10 packs", "482390")
    code = score("Paper goods", "240220")
    assert (both, words, code) == (IN_BOTH, IN_DESCRIPTION, IN_HS)
    (finding,) = prohibitions(reference, sending(example_item, "Paper goods", "2402.20.80", destination="US"))
    assert (finding.detail or {})["matched"] == ["HS 24022080 (under 240220)"]


def test_the_message_names_what_and_the_legal_source(reference: Reference, example_item: Item) -> None:
    (finding,) = prohibitions(reference, sending(example_item, "Kinder Surprise eggs", destination="US"))
    assert finding.message.startswith("Article 1 looks like an article that US does not admit.")
    assert "Kinder Surprise" in finding.message and "21 U.S.C. 342(d)(1)" in finding.message
    assert "'kinder surprise'" in finding.message


def test_prohibited_goods_are_risk_reasons_of_the_assessment(
    reference: Reference, example_item: Item
) -> None:
    item = sending(example_item, "Super copy Rolex Submariner watch", "910221", destination="JP")
    (assessment,) = assess([item], now=ARRIVAL, reference=reference, stage="arrival")
    (reason,) = [r for r in assessment.risk.reasons if r.code == Code.PROHIBITED_GOODS]
    assert reason.source == "rule" and (reason.detail or {})["prohibition"] == "counterfeit"
    assert "Customs Tariff Act art. 69-11" in (reason.detail or {})["source"]  # Japan's own law
    assert assessment.risk.level == "high"


# ----------------------------------------------------------------------------- conditions


@pytest.mark.parametrize(
    ("item_id", "mail_class", "flagged"),
    [
        ("UA123456785GB", "letter", True),  # an ordinary letter
        ("RR473124829GB", "letter", False),  # registered
        ("VV123456785GB", "letter", False),  # insured
        ("CP123456785GB", "parcel", False),
    ],
)
def test_valuables_only_in_ordinary_letters(
    reference: Reference, example_item: Item, item_id: str, mail_class: str, flagged: bool
) -> None:
    item = sending(example_item, "Euro bank notes, 500 EUR", item_id=item_id, mail_class=mail_class)
    assert (ids(prohibitions(reference, item)) == ["valuables-in-ordinary-letters"]) is flagged
    coin = sending(example_item, "Commemorative piece", "711890", item_id=item_id, mail_class=mail_class)
    assert bool(prohibitions(reference, coin)) is flagged


def test_an_embargo_bans_every_article_of_its_origins(reference: Reference, example_item: Item) -> None:
    carpet = sending(example_item, "Hand-knotted wool carpet", "570110", destination="US", origin="IR")
    (finding,) = prohibitions(reference, carpet)
    assert (finding.detail or {})["prohibition"] == "embargoed-origins"
    assert (finding.detail or {})["matched"] == ["declared origin: IR"]
    assert prohibitions(reference, replace(carpet, destination_country="DE")) == []
    posted = replace(carpet, origin_country="IR", contents=[replace(carpet.contents[0], origin_country=None)])
    (finding,) = prohibitions(reference, posted)
    assert (finding.detail or {})["matched"] == ["country of posting: IR"] and (finding.detail or {})[
        "score"
    ] < 0.8


def test_an_origin_narrows_a_prohibition_to_its_goods(reference: Reference, example_item: Item) -> None:
    vodka = sending(example_item, "Vodka, 0.7 l", "220860", destination="US", origin="RU")
    assert ids(prohibitions(reference, vodka)) == ["russian-origin-goods"]
    assert (
        prohibitions(reference, replace(vodka, contents=[replace(vodka.contents[0], origin_country="PL")]))
        == []
    )
    tea = sending(example_item, "Black tea, 500 g", "090230", destination="US", origin="RU")
    assert prohibitions(reference, tea) == []


# ----------------------------------------------------------------------------- counterfeits


@pytest.mark.parametrize(
    ("description", "hs_code", "brand"),
    [
        ("Replica Rolex Submariner watch", "910221", "Rolex"),
        ("AAA quality LV handbag", "420221", "Louis Vuitton"),
        ("Super copy Gucci belt", None, "Gucci"),
        ("Copy of Rolex Daytona", None, "Rolex"),
        ("1:1 Hermes Birkin 30", "420221", "Hermès"),
        ("Perfume inspired by Chanel No 5, 100 ml", "330300", "Chanel"),
        ("OEM Louis Vuitton wallet", None, "Louis Vuitton"),
        ("Fake AirPods Pro", None, "Apple"),
        ("Nike Air Jordan 1 mirror quality sneakers", "640411", "Nike"),
        ("Coach replica bag", None, "Coach"),  # an ordinary word, with the brand's goods
        ("Puma fake sneakers", "640411", "Puma"),
        ("Réplica bolso Louis Vuitton", None, "Louis Vuitton"),
        ("ROLEX COPY WATCH", None, "Rolex"),
        ("高仿劳力士手表", None, "Rolex"),
        ("짝퉁 구찌 가방", None, "Gucci"),
        ("スーパーコピー シャネル バッグ", None, "Chanel"),
        ("Moncler down jacket, knockoff", "620193", "Moncler"),
    ],
)
def test_counterfeit_signals(description: str, hs_code: str | None, brand: str) -> None:
    signal = load_counterfeit_lexicon().signal(description, hs_code)
    assert signal is not None and signal.brand == brand, signal
    assert 0.7 <= signal.score <= 1.0 and signal.marker in normal(description)


@pytest.mark.parametrize(
    ("description", "hs_code"),
    [
        ("Nike Air Max 90 sneakers", "640411"),  # a brand alone is not a signal
        ("Genuine Rolex Datejust with box and papers", "910221"),
        ("Photo copy paper A4, 500 sheets", "480256"),
        ("HP copy paper, 80 g", None),
        ("Replica of a 1950s radio kit", None),  # a replica, of no brand
        ("Adidas Real Madrid replica jersey 2024", "610990"),  # the licensed fan kit
        ("Ferrari F40 replica 1:18 die-cast", "950300"),  # a licensed scale model
        ("Fake apple fruit decoration", "670290"),  # "apple" without Apple's goods
        ("Coach replica", None),
        ("Gucci belt, fake leather lining", None),
        ("OEM Apple charger 20 W", "850440"),  # OEM counts only before a luxury brand
        ("Supreme quality replica of a vintage radio", None),
        ("Signed contract copies, printed paper", "491199"),
        ("Omega-3 fish oil capsules, 1:1 ratio", None),
        ("Canada goose decoy, replica", None),
        ("Rolex watch box, copy of the original invoice enclosed", None),
    ],
)
def test_no_counterfeit_signal_on_legitimate_descriptions(description: str, hs_code: str | None) -> None:
    assert load_counterfeit_lexicon().signal(description, hs_code) is None


def test_the_brands_goods_make_a_counterfeit_signal_stronger() -> None:
    lexicon = load_counterfeit_lexicon()
    bare = lexicon.signal("Replica Rolex", None)
    with_goods = lexicon.signal("Replica Rolex", "910221")
    assert bare is not None and with_goods is not None and with_goods.score > bare.score
    assert "HS 910221" in with_goods.evidence


def test_a_broken_counterfeit_lexicon_is_refused_with_file_and_key() -> None:
    with pytest.raises(LexiconError, match=r"lexicon\.yaml: `markers\.before` must be a list of strings"):
        read_counterfeit_lexicon(
            "markers: {before: [1:1]}\ngoods: {}\nbrands: []\n", "lexicon.yaml"
        )  # YAML reads 1:1 as the number 61
    with pytest.raises(LexiconError, match=r"`brands\[0\]\.goods` \(Acme\)"):
        read_counterfeit_lexicon(
            "markers: {}\ngoods: {bags: {hs: ['4202'], words: [bag]}}\n"
            "brands: [{name: Acme, names: [acme], goods: [boats]}]\n",
            "lexicon.yaml",
        )


# ---------------------------------------------------------------------- profiles: inheritance


def test_prohibitions_are_inherited_as_a_union_and_replaced_by_id(reference: Reference) -> None:
    generic = {p.id: p for p in reference.profiles.by_id("upu-cn22-cn23").prohibitions}
    japan = {p.id: p for p in reference.profiles.by_id("jp").prohibitions}
    assert set(generic) < set(japan)  # Japan adds its own
    assert japan["live-animals"] == generic["live-animals"]  # inherited as is
    assert "UPU" in generic["counterfeit"].source and "69-11" in japan["counterfeit"].source  # replaced
    assert japan["counterfeit"].declared_in.endswith("jp.yaml")


@pytest.mark.parametrize(
    ("first", "second"), [("eu-ics2-ens", "eu-ics2-placi"), ("us-stop-act", "us-stop-act-2021")]
)
def test_profiles_of_one_destination_prohibit_the_same(reference: Reference, first: str, second: str) -> None:
    assert reference.profiles.by_id(first).prohibitions == reference.profiles.by_id(second).prohibitions


BASE = """
id: base
version: 1
title: Base
destinations: ["*"]
stages: [arrival]
valid_from: 2020-01-01
required: [{field: item_id}]
checks: {}
weights: {}
cn23_threshold: {amount: "300", currency: XDR}
deadline_hours_before_departure: 0
token_values: ["0"]
gross_weight_max_ratio: 10
gross_weight_max_excess_kg: 5
value_tolerance: 0.02
gift_allowance: {amount: "45", currency: EUR}
gift_commercial_multiple: 2
gift_commercial_floor: {amount: "150", currency: EUR}
gift_max_identical_units: 9
prohibitions:
  - {id: ivory, what: Ivory may not be imported., terms: [elephant ivory], source: CITES}
"""


def country(prohibitions: str) -> str:
    return "id: nz\nversion: 1\ntitle: NZ\nextends: base\ndestinations: [NZ]\nstages: [arrival]\n" + (
        f"valid_from: 2021-01-01\nprohibitions:\n{prohibitions}"
    )


def test_a_country_file_adds_and_replaces_prohibitions() -> None:
    extra = "  - {id: ivory, what: No ivory., terms: [ivory carving], source: TIES Act 1989}\n"
    extra += "  - {id: vapes, what: No vapes., hs: ['854340'], source: Smokefree Environments Act 1990}\n"
    profiles = read_profiles([("base.yaml", BASE), ("nz.yaml", country(extra))], {})
    nz = {p.id: p for p in profiles.by_id("nz").prohibitions}
    assert list(nz) == ["ivory", "vapes"] and nz["ivory"].terms == ("ivory carving",)
    assert nz["ivory"].declared_in == "nz.yaml"
    assert profiles.by_id("base").prohibitions[0].terms == ("elephant ivory",)


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        (
            "  - {id: x, what: W., hs: [9302], source: S}\n",
            r"nz\.yaml: prohibitions: x: `hs`: 9302 must be quoted",
        ),
        (
            "  - {id: x, what: W., hs: ['93a2'], source: S}\n",
            r"prohibitions: x: `hs`: '93a2' is not an HS prefix",
        ),
        (
            "  - {id: x, what: W., terms: [a], source: S, colour: red}\n",
            r"prohibitions: x: unknown keys colour",
        ),
        ("  - {id: x, terms: [a], source: S}\n", r"prohibitions: x: `what` must be a non-empty string"),
        ("  - {id: x, what: W., terms: [a]}\n", r"prohibitions: x: `source` must be a non-empty string"),
        (
            "  - {id: x, what: W., source: S}\n",
            r"prohibitions: x: give `terms`, `hs`, `signals` or `origins`",
        ),
        ("  - {id: x, what: W., signals: [fakes], source: S}\n", r"x: `signals`: 'fakes' is not a signal"),
        (
            "  - {id: x, what: W., terms: [a], mail_classes: [postcard], source: S}\n",
            r"'postcard' is not a mail class",
        ),
        ("  - {id: x, what: W., origins: [Iran], source: S}\n", r"`origins`: 'Iran' is not an ISO 3166-1"),
        (
            "  - {id: x, what: W., terms: [a], except_services: [reg], source: S}\n",
            r"'reg' is not an S10 service",
        ),
        (
            "  - {id: x, what: W., terms: [a], exceptions: [b], source: S}\n",
            r"x: `exceptions` must be a mapping",
        ),
        ("  - {id: x, what: W., terms: a, source: S}\n", r"x: `terms` must be a list of non-empty strings"),
        (
            "  - {what: W., terms: [a], source: S}\n",
            r"nz\.yaml: prohibitions\[0\]: each entry is a mapping with a string `id`",
        ),
        ("  - {id: x, what: W., terms: [a], source: S}\n" * 2, r"prohibitions: id 'x' is used twice"),
    ],
)
def test_a_wrong_prohibition_is_refused_with_file_entry_and_key(entry: str, error: str) -> None:
    with pytest.raises(ProfileError, match=error):
        read_profiles([("base.yaml", BASE), ("nz.yaml", country(entry))], {})


def test_the_command_line_refuses_a_wrong_profile_without_a_traceback(
    tmp_path: Path, database: Path, monkeypatch: pytest.MonkeyPatch, example_item: Item
) -> None:
    operator = tmp_path / "profiles"
    operator.mkdir()
    (operator / "nz.yaml").write_text(
        country("  - {id: knives, what: W., hs: [8211], source: S}\n").replace(
            "extends: base", "extends: upu-cn22-cn23"
        )
    )
    monkeypatch.setenv("CLEARPOST_PROFILES_DIR", str(operator))
    (tmp_path / "in.jsonl").write_bytes(write_jsonl([example_item]))
    result = CliRunner().invoke(
        app, ["assess", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "a.jsonl")]
    )
    assert result.exit_code == 2
    assert "nz.yaml: prohibitions: knives: `hs`: 8211 must be quoted" in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_assess_reports_prohibited_goods_per_destination(
    tmp_path: Path, database: Path, example_item: Item
) -> None:
    items = [
        sending(example_item, "AAA quality Louis Vuitton Neverfull bag", "420221", destination="FR"),
        sending(
            example_item, "Kinder Surprise eggs, 6 pack", "180690", destination="US", item_id="EE471108151FR"
        ),
        sending(
            example_item, "Kinder Surprise eggs, 6 pack", "180690", destination="DE", item_id="RR473124832GB"
        ),
    ]
    (tmp_path / "in.jsonl").write_bytes(write_jsonl(items))
    out = tmp_path / "a.jsonl"
    result = CliRunner().invoke(
        app, ["assess", str(tmp_path / "in.jsonl"), "--out", str(out), "--stage", "arrival"]
    )
    assert result.exit_code in (0, 1), result.output
    answers = list(msgspec.json.Decoder(Assessment).decode_lines(out.read_bytes()))
    found = [
        [(r.detail or {})["prohibition"] for r in a.risk.reasons if r.code == Code.PROHIBITED_GOODS]
        for a in answers
    ]
    assert found == [["counterfeit"], ["confectionery-with-toys"], []]
