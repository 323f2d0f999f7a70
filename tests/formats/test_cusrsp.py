"""CUSRSP: assessments round trip exactly, the fixture reads, errors are located."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import assessments

from clearpost.formats.base import UnreadableMessage
from clearpost.formats.cusrsp import RESPONSE, read_cusrsp, write_cusrsp
from clearpost.formats.edifact_mapping import render_markdown
from clearpost.model import Assessment, Finding, Quality, Risk

MESSAGES = Path(__file__).parent / "messages"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats"


@given(st.lists(assessments(with_location=True, with_detail=True), min_size=1, max_size=3))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_assessments_round_trip_exactly(records: list[Assessment]) -> None:
    assert read_cusrsp(write_cusrsp(records)) == records


def test_the_fixture_reads() -> None:
    rejected, released = read_cusrsp((MESSAGES / "cusrsp_example.edi").read_bytes())
    assert (rejected.item_id, rejected.status, rejected.stage, rejected.outcome) == (
        "RR473124829GB",
        "rejected",
        "pre_loading",
        "REJECTED_DATA",
    )
    assert rejected.errors == [
        Finding(
            code="MISSING_FIELD",
            field="contents[0].hs_code",
            severity="error",
            message="The HS code of line 1 is missing; add the 6-digit code.",
        )
    ]
    assert rejected.quality.findings[0].message == "'gift' does not say what the goods are: describe them."
    assert rejected.risk.reasons[0].detail == {"source": "rule"}
    assert (released.outcome, released.quality.score, released.risk.level) == ("RELEASE", 100.0, "low")
    assert released.duties == {"VAT": {"amount": "17.98", "currency": "EUR"}}
    assert released.assessed_at == dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def _minimal(outcome: str = "RELEASE") -> Assessment:
    return Assessment(
        item_id="RR473124829GB",
        status="accepted",
        stage="arrival",
        quality=Quality(score=90),
        risk=Risk(score=0.1, level="low"),
        outcome=outcome,
        assessed_at=dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC),
    )


def test_an_unknown_outcome_code_is_located() -> None:
    data = write_cusrsp([_minimal()]).replace(b"GIS+REL:ZOC", b"GIS+XXX:ZOC")
    with pytest.raises(UnreadableMessage) as raised:
        read_cusrsp(data)
    assert raised.value.location is not None
    assert (raised.value.location.segment, raised.value.location.tag) == (7, "GIS")
    assert "outcome: code 'XXX' is unknown" in raised.value.message


def test_a_missing_required_field_points_at_the_message() -> None:
    data = write_cusrsp([_minimal()]).replace(b"GIS+REL:ZOC'", b"").replace(b"UNT+10+1", b"UNT+9+1")
    with pytest.raises(UnreadableMessage, match="missing required field `outcome`") as raised:
        read_cusrsp(data)
    assert raised.value.location is not None
    assert (raised.value.location.segment, raised.value.location.tag) == (2, "UNH")


def test_an_outcome_without_a_code_cannot_be_written() -> None:
    with pytest.raises(ValueError, match="has no code"):
        write_cusrsp([_minimal("MAYBE")])


def test_the_documentation_shows_the_mapping_table() -> None:
    assert render_markdown(RESPONSE) in (DOCS / "cusrsp.md").read_text(encoding="utf-8")
