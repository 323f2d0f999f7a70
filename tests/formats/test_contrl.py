"""CONTRL: acknowledgements of readable and unreadable interchanges."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearpost.formats.base import UnreadableMessage
from clearpost.formats.contrl import ContrlReport, MessageError, SegmentError, read_contrl, write_contrl
from clearpost.formats.cusitm import read_cusitm, write_cusitm
from clearpost.model import Item, Location

MESSAGES = Path(__file__).parent / "messages"
NOW = dt.datetime(2026, 11, 20, 10, 16, tzinfo=dt.UTC)


def _report(data: bytes) -> ContrlReport:
    try:
        read_cusitm(data)
    except UnreadableMessage as error:
        return read_contrl(write_contrl(data, error, prepared=NOW))
    return read_contrl(write_contrl(data, None, prepared=NOW))


def test_an_accepted_interchange(example_item: Item) -> None:
    data = write_cusitm([example_item], sender="GBA", recipient="FRCUSTOMS", reference="GBA20261120001")
    contrl = write_contrl(data, None, prepared=NOW)
    assert b"UCI+GBA20261120001+GBA+FRCUSTOMS+7'" in contrl
    assert b"UNB+UNOW:4+CLEARPOST+GBA+20261120:1016+" in contrl
    report = read_contrl(contrl)
    assert report == ContrlReport("GBA20261120001", "GBA", "FRCUSTOMS", "7")
    assert report.accepted


def test_an_error_in_a_message_names_message_segment_element_and_component() -> None:
    report = _report((MESSAGES / "malformed" / "letter_in_number.edi").read_bytes())
    assert not report.accepted
    assert (report.acknowledged, report.sender, report.recipient) == ("GBA20261120002", "GBA", "GBCUSTOMS")
    # interchange segment 9 is segment 8 of the message whose UNH is segment 2
    assert report.messages == [MessageError("1", "CUSITM", "4", 19, [SegmentError(8, 19, 3, 2)])]


def test_a_count_error_in_a_message() -> None:
    report = _report((MESSAGES / "malformed" / "unt_count.edi").read_bytes())
    assert report.messages == [MessageError("1", "CUSITM", "4", 29, [SegmentError(14, 29, 1, None)])]


@pytest.mark.parametrize(
    ("name", "code", "tag", "element"),
    [
        ("unz_count.edi", 29, "UNZ", 1),
        ("unz_reference.edi", 28, "UNZ", 2),
        ("no_unz.edi", 13, "UNZ", None),
        ("data_after_unz.edi", 33, "UNH", None),
        ("unsupported_charset.edi", 2, "UNB", 1),
    ],
)
def test_an_error_in_the_envelope_is_reported_in_the_uci(
    name: str, code: int, tag: str, element: int | None
) -> None:
    report = _report((MESSAGES / "malformed" / name).read_bytes())
    assert (report.action, report.code, report.tag, report.element) == ("4", code, tag, element)
    assert report.acknowledged == "GBA20261120002"
    assert report.messages == []


@pytest.mark.parametrize("name", ["empty.edi", "binary.edi", "no_unb.edi"])
def test_nothing_readable_is_acknowledged_as_unknown(name: str) -> None:
    data = (MESSAGES / "malformed" / name).read_bytes()
    report = _report(data)
    assert (report.acknowledged, report.action, report.code) == ("UNKNOWN", "4", 13)
    assert b"+CLEARPOST+UNKNOWN+" in write_contrl(data, UnreadableMessage("x", Location(segment=1)))


def test_an_error_that_is_not_edifacts_is_unspecified(example_item: Item) -> None:
    data = write_cusitm([example_item])
    report = read_contrl(
        write_contrl(data, UnreadableMessage("The item store is full.", Location(segment=5)))
    )
    assert report.messages[0].code == 18
    assert report.messages[0].segments == [SegmentError(4, 18)]


@given(st.binary(max_size=300))
@settings(max_examples=100)
def test_any_bytes_can_be_acknowledged(data: bytes) -> None:
    report = _report(data)
    assert report.action == "4"
