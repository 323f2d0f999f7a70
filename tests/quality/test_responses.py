"""What goes back to the Post: rejected items with the exact fixes, warnings on accepted ones,
in CUSRSP and JSON, in the Post's language; and each profile's own requirements."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec
import pytest
from msgspec.structs import replace
from typer.testing import CliRunner

from clearpost.cli import app
from clearpost.formats.canonical import write_jsonl
from clearpost.formats.cusrsp import read_cusrsp
from clearpost.identifiers import make_s10
from clearpost.model import Assessment, Item
from clearpost.pipeline import assess
from clearpost.reference import Reference

NOW = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC)
runner = CliRunner()


def batch(example_item: Item) -> list[Item]:
    vague = replace(
        example_item,
        contents=[replace(example_item.contents[0], description="gift"), example_item.contents[1]],
    )
    unusable = replace(
        example_item,
        item_id=make_s10("RR", 47312483, "GB"),
        addressee=replace(example_item.addressee, name=None),
    )
    return [example_item, vague, unusable]


def test_rejected_items_carry_their_fixes_and_warnings_ride_along(
    reference: Reference, example_item: Item
) -> None:
    clean, vague, unusable = assess(batch(example_item), now=NOW, reference=reference)
    assert (clean.status, clean.outcome, clean.quality.score, clean.quality.findings) == (
        "accepted",
        "ASSESSMENT_COMPLETE",
        100.0,
        [],
    )
    assert (vague.status, [f.code for f in vague.quality.findings]) == ("accepted", ["VAGUE_DESCRIPTION"])
    assert vague.quality.findings[0].severity == "warning" and vague.errors == []
    assert (unusable.status, unusable.outcome) == ("rejected", "REJECTED_DATA")
    assert [(f.code, f.field) for f in unusable.errors] == [("MISSING_FIELD", "addressee.name")]


def test_the_same_answers_in_cusrsp_and_json_in_french(
    tmp_path: Path, database: Path, example_item: Item
) -> None:
    source = tmp_path / "items.jsonl"
    source.write_bytes(write_jsonl(batch(example_item)))
    as_of = ["--as-of", NOW.isoformat(), "--language", "fr"]
    assert (
        runner.invoke(app, ["assess", str(source), "--out", str(tmp_path / "a.jsonl"), *as_of]).exit_code == 1
    )
    edifact = ["--answer-format", "cusrsp"]
    assert (
        runner.invoke(
            app, ["assess", str(source), "--out", str(tmp_path / "a.edi"), *as_of, *edifact]
        ).exit_code
        == 1
    )
    as_json = list(msgspec.json.Decoder(Assessment).decode_lines((tmp_path / "a.jsonl").read_bytes()))
    from_cusrsp = read_cusrsp((tmp_path / "a.edi").read_bytes())
    assert [a.quality.findings for a in from_cusrsp] == [a.quality.findings for a in as_json]
    assert [a.errors for a in from_cusrsp] == [a.errors for a in as_json]
    message = as_json[2].errors[0].message
    assert "destinataire" in message.lower(), message  # the addressee's name, in French


ADDRESSES = {
    "JP": ("Chiyoda-ku", "100-0001", "Tokyo"),
    "DE": ("Berlin", "10115", None),
    "US": ("Beverly Hills", "90210", "CA"),
}


@pytest.mark.parametrize(
    ("destination", "stage", "change", "expected"),
    [
        # generic CN 22/CN 23: a commercial parcel needs its HS code
        ("JP", "arrival", {"hs_code": None}, ("MISSING_FIELD", "error")),
        # EU pre-loading (PLACI): a missing value does not stop loading
        ("DE", "pre_loading", {"value": None}, ("MISSING_FIELD", "warning")),
        # EU arrival (ENS): vague descriptions are errors
        ("DE", "arrival", {"description": "parts"}, ("VAGUE_DESCRIPTION", "error")),
        # US since the de minimis suspension: HS code and origin are required
        ("US", "arrival", {"origin_country": None}, ("MISSING_FIELD", "error")),
    ],
)
def test_each_profile_rates_its_own_requirements(
    reference: Reference,
    example_item: Item,
    destination: str,
    stage: str,
    change: dict[str, object],
    expected: tuple[str, str],
) -> None:
    line = replace(example_item.contents[0], **change)
    city, postcode, region = ADDRESSES[destination]
    address = replace(
        example_item.addressee.address, country=destination, city=city, postcode=postcode, region=region
    )
    item = replace(
        example_item,
        destination_country=destination,
        addressee=replace(example_item.addressee, address=address),
        contents=[line, example_item.contents[1]],
        ioss_number=example_item.ioss_number if destination == "DE" else None,
    )
    (assessment,) = assess([item], now=NOW, reference=reference, stage=stage)  # type: ignore[arg-type]
    assert [(f.code, f.severity) for f in assessment.quality.findings] == [expected]


def test_the_us_profile_of_2021_only_asked_for_hs_codes(reference: Reference, example_item: Item) -> None:
    address = replace(
        example_item.addressee.address, country="US", region="CA", city="Beverly Hills", postcode="90210"
    )
    item = replace(
        example_item,
        destination_country="US",
        addressee=replace(example_item.addressee, address=address),
        contents=[replace(line, hs_code=None) for line in example_item.contents],
        ioss_number=None,
    )
    then = dt.datetime(2024, 5, 1, 6, 0, tzinfo=dt.UTC)
    (assessment,) = assess([item], now=then, reference=reference, stage="arrival")
    assert {(f.code, f.severity) for f in assessment.quality.findings} == {("MISSING_FIELD", "warning")}
