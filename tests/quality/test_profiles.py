"""Destination profiles: chosen by destination, stage and date; extended; refused when wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from clearpost.quality.profiles import ProfileError, read_profiles
from clearpost.reference import Reference

DAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("destination", "stage", "day", "expected"),
    [
        ("DE", "pre_loading", DAY, "eu-ics2-placi"),
        ("DE", "arrival", DAY, "eu-ics2-ens"),
        ("CH", "arrival", DAY, "eu-ics2-ens"),  # ICS2 covers Switzerland and Norway
        ("FR", "arrival", dt.date(2022, 6, 1), "upu-cn22-cn23"),  # before ICS2 release 2
        ("FR", "pre_loading", dt.date(2021, 3, 15), "eu-ics2-placi"),
        ("US", "arrival", DAY, "us-stop-act"),
        ("US", "pre_loading", dt.date(2024, 5, 1), "us-stop-act-2021"),
        ("JP", "arrival", DAY, "jp"),
        ("GB", "pre_loading", DAY, "gb"),
        ("BR", "arrival", DAY, "upu-cn22-cn23"),
        (None, "arrival", DAY, "upu-cn22-cn23"),
    ],
)
def test_a_profile_is_chosen_by_destination_stage_and_date(
    reference: Reference, destination: str | None, stage: str, day: dt.date, expected: str
) -> None:
    assert reference.profiles.select(destination, stage, day).id == expected  # type: ignore[arg-type]


def test_extending_profiles_inherit_and_override(reference: Reference) -> None:
    generic = reference.profiles.by_id("upu-cn22-cn23")
    ens = reference.profiles.by_id("eu-ics2-ens")
    hs = {r.field: r for r in ens.required}["contents[].hs_code"]
    assert (hs.severity, hs.when) == ("error", ())  # every item, not only commercial CN 23 ones
    assert {r.field: r for r in generic.required}["contents[].hs_code"].when == ("cn23", "commercial")
    assert ens.severity("VAGUE_DESCRIPTION") == "error" and generic.severity("VAGUE_DESCRIPTION") == "warning"
    assert ens.weights == generic.weights
    placi = {r.field: r.severity for r in reference.profiles.by_id("eu-ics2-placi").required}
    assert (placi["contents[].value"], placi["addressee.name"]) == ("warning", "error")  # outside the 7+1
    assert reference.profiles.by_id("us-stop-act").gift_allowance.currency == "USD"


GENERIC = """
id: base
version: 1
title: Base
destinations: ["*"]
stages: [arrival]
valid_from: 2020-01-01
required: [{field: item_id}]
checks: {VAGUE_DESCRIPTION: warning}
weights: {VAGUE_DESCRIPTION: 10}
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
"""


def test_adding_a_country_is_a_file() -> None:
    country = """
id: nz
version: 1
title: New Zealand
extends: base
destinations: [NZ]
stages: [arrival]
valid_from: 2026-01-01
gift_allowance: {amount: "110", currency: NZD}
"""
    profiles = read_profiles([("base.yaml", GENERIC), ("nz.yaml", country)], {})
    assert profiles.select("NZ", "arrival", DAY).gift_allowance.amount == 110
    assert profiles.select("NZ", "arrival", dt.date(2025, 1, 1)).id == "base"  # not yet valid
    assert profiles.select("AU", "arrival", DAY).id == "base"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("checks: {VAGUE_DESCRIPTION: warning}", "checks: {VAGUE: warning}"),
            "'VAGUE' is not a finding code",
        ),
        (
            ("required: [{field: item_id}]", "required: [{field: item_id, when: always}]"),
            "unknown condition 'always'",
        ),
        (("stages: [arrival]", "stages: [landing]"), "`stages` must list"),
        (("gross_weight_max_ratio: 10", "gross_weight_max_ratio: ten"), "must be a number"),
        (("valid_from: 2020-01-01", "valid_from: soon"), "must be a date"),
        (("title: Base", "title: Base\ncolour: blue"), "unknown keys colour"),
        (("id: base", "id: base\nextends: nowhere"), "extends 'nowhere'"),
    ],
)
def test_a_wrong_profile_is_refused_with_file_and_key(change: tuple[str, str], message: str) -> None:
    with pytest.raises(ProfileError) as error:
        read_profiles([("base.yaml", GENERIC.replace(*change))], {})
    assert message in str(error.value) and "base.yaml" in str(error.value)


def test_no_applicable_profile_is_an_error() -> None:
    country_only = GENERIC.replace('destinations: ["*"]', "destinations: [NZ]")
    profiles = read_profiles([("base.yaml", country_only)], {})
    with pytest.raises(LookupError):
        profiles.select("AU", "arrival", DAY)
