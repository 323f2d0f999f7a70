"""CUSITM: the mapping table, exact round trips, the fixtures, and content errors located."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace
from strategies import cancellations, items

from clearpost.formats import detect, read, write
from clearpost.formats.base import UnreadableMessage
from clearpost.formats.cusitm import CANCELLATION, ITEM, read_cusitm, write_cusitm
from clearpost.formats.edifact_mapping import render_markdown
from clearpost.identifiers import make_s10
from clearpost.model import Address, Cancellation, ContentLine, Item, Money, Party, Record

MESSAGES = Path(__file__).parent / "messages"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats"


@given(st.lists(items() | cancellations(), min_size=1, max_size=4))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_records_round_trip_exactly(records: list[Record]) -> None:
    assert read_cusitm(write_cusitm(records)).records == records


def test_the_contract_example_round_trips(example_item: Item) -> None:
    data = write_cusitm([example_item], sender="GBA", recipient="FRCUSTOMS", reference="REF1")
    assert detect(data) == "cusitm"
    message = read(data)
    assert message.records == [example_item]
    assert (message.format, message.sender, message.recipient, message.reference) == (
        "cusitm",
        "GBA",
        "FRCUSTOMS",
        "REF1",
    )
    assert write([example_item], "cusitm") == write_cusitm([example_item])


def test_output_depends_only_on_the_records(example_item: Item) -> None:
    first = write_cusitm([example_item])
    assert first == write_cusitm([replace(example_item)])
    assert first != write_cusitm([replace(example_item, comments="other")])
    assert b"UNB+UNOW:4+CLEARPOST+CUSTOMS+20261120:1015+" in first  # prepared: the posting date, in UTC


def test_ten_thousand_items_round_trip(example_item: Item) -> None:
    records: list[Record] = [
        replace(
            example_item,
            item_id=make_s10("RR", serial, "GB"),
            gross_weight_kg=serial / 1000,
            total_value=Money(amount=Decimal(serial) / 100, currency="GBP"),
            contents=example_item.contents[serial % 2 :],
            transport=None,
        )
        for serial in range(10_000)
    ]
    data = write_cusitm(records)
    assert data.count(b"UNH+") == 10_000
    assert read_cusitm(data).records == records


def test_more_than_four_address_lines_share_the_fourth_component() -> None:
    lines = ["Flat 3", "Block B", "Harbour View", "12 Quay St", "Docklands"]
    item = Item(item_id="RR473124829GB", sender=Party(name="A", address=Address(lines=lines)))
    [read_back] = read_cusitm(write_cusitm([item])).records
    assert read_back.sender.address.lines == [*lines[:3], "12 Quay St, Docklands"]  # type: ignore[union-attr]


def test_release_characters_fixture() -> None:
    [item] = read_cusitm((MESSAGES / "cusitm_release.edi").read_bytes()).records
    assert isinstance(item, Item)
    assert item.sender is not None
    assert item.sender.name == "Siobhán O'Brien"
    assert item.sender.business == "O'Brien's Books + Maps"
    assert item.sender.address is not None
    assert item.sender.address.lines == ["Unit 4: Riverside Court", "12?14 Mill Rd"]
    assert item.contents[0].description == 'Book: "Ireland\'s lighthouses" (2nd ed.) + map'
    assert item.comments == "Fragile? Yes: keep dry + upright"
    assert item.attributes == {"shop_ref": "OB-2026/11:77", "gift_wrap": True}


def test_unoc_fixture_reads_latin_1_names() -> None:
    message = read_cusitm((MESSAGES / "cusitm_unoc.edi").read_bytes())
    [item] = message.records
    assert isinstance(item, Item)
    assert item.sender is not None
    assert item.addressee is not None
    assert (item.sender.name, item.sender.business) == ("Jürgen Müller", "Müller & Söhne GmbH")
    assert item.addressee.name == "Zoë Lefèvre"
    assert item.addressee.address is not None
    assert item.addressee.address.lines == ["3 rue de l'Église", "Bâtiment C"]
    assert item.posting_date == dt.datetime(
        2026, 11, 19, 16, 42, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert item.total_value == Money(amount=Decimal("89.90"), currency="EUR")
    assert message.extra == {"syntax": "UNOC", "prepared": "2611191542"}


def test_unow_fixture_reads_arabic_cyrillic_and_chinese() -> None:
    records = read_cusitm((MESSAGES / "cusitm_unow.edi").read_bytes()).records
    names = [record.sender.name for record in records if isinstance(record, Item) and record.sender]
    assert names == ["محمد الأحمد", "Анна Иванова", "王小明"]
    assert isinstance(records[2], Item)
    assert records[2].contents == [
        ContentLine(
            description="裙子 (skirts)",
            quantity=2,
            unit="pcs",
            net_weight_kg=0.5,
            value=Money(amount=Decimal("1000"), currency="TWD"),
            hs_code="620452",
            origin_country="TW",
        )
    ]


def test_original_replacement_and_cancellation() -> None:
    original, replacement, cancellation = read_cusitm(
        (MESSAGES / "cusitm_cancellation.edi").read_bytes()
    ).records
    assert isinstance(original, Item)
    assert replacement == original
    assert cancellation == Cancellation(
        item_id="UA123456785CN", reason="Sender withdrew the item: address unknown"
    )


def test_a_cancellation_message_has_only_the_item_and_the_reason() -> None:
    data = write_cusitm([Cancellation(item_id="ua 123 456 785 cn", reason="Lost")])
    assert b"UNH+1+CUSITM:1:0:UP'BGM++UA123456785CN+1'FTX+ACD+++Lost'UNT+4+1'" in data


def test_the_decimal_mark_of_the_una_is_honoured() -> None:
    data = (
        b"UNA:+,? 'UNB+UNOW:4+A+B+20261120:1015+R1'UNH+1+CUSITM:1:0:UP'BGM++RR473124829GB+9'"
        b"MEA+WT+G+KGM:0,92'MOA+39:12,50:EUR'UNT+5+1'UNZ+1+R1'"
    )
    [item] = read_cusitm(data).records
    assert isinstance(item, Item)
    assert item.gross_weight_kg == 0.92
    assert item.total_value == Money(amount=Decimal("12.50"), currency="EUR")
    with pytest.raises(UnreadableMessage, match="decimal mark ','"):
        read_cusitm(data.replace(b"12,50", b"12.50"))


CONTENT_ERRORS = [
    ("letter_in_number.edi", 9, "MEA", 3, 2, "gross_weight_kg: '0.9O' is not a number"),
    ("unknown_category.edi", 6, "GIS", 1, 1, "code '33' is unknown"),
    ("bad_date.edi", 4, "DTM", 1, 2, "posting_date: '20261131090500+0000' is not a valid date-time"),
    ("wrong_unit.edi", 9, "MEA", 3, 1, "'GRM' is not supported here; MEA+G expects 'KGM'"),
    ("unknown_qualifier.edi", 8, "LOC", 1, 1, "qualifier '99' is not used in CUSITM"),
    ("misplaced_segment.edi", 9, "QTY", None, None, "QTY+1 is not expected here; it belongs after GID"),
    ("repeated_segment.edi", 9, "LOC", None, None, "LOC+28 is repeated; it was given in segment 8"),
]


@pytest.mark.parametrize(("name", "segment", "tag", "element", "component", "words"), CONTENT_ERRORS)
def test_content_errors_point_at_the_segment(
    name: str, segment: int, tag: str, element: int | None, component: int | None, words: str
) -> None:
    with pytest.raises(UnreadableMessage) as raised:
        read_cusitm((MESSAGES / "malformed" / name).read_bytes())
    location = raised.value.location
    assert location is not None
    assert (location.segment, location.tag, location.element, location.component) == (
        segment,
        tag,
        element,
        component,
    )
    assert words in raised.value.message


def test_other_messages_and_functions_are_refused() -> None:
    data = (MESSAGES / "cusrsp_example.edi").read_bytes()
    with pytest.raises(UnreadableMessage, match="is a CUSRSP, not a CUSITM"):
        read_cusitm(data)
    item = write_cusitm([Item(item_id="RR473124829GB")])
    with pytest.raises(UnreadableMessage, match="message function '3' is not supported") as raised:
        read_cusitm(item.replace(b"BGM++RR473124829GB+9'", b"BGM++RR473124829GB+3'"))
    assert raised.value.location is not None
    assert (raised.value.location.segment, raised.value.location.element) == (3, 3)
    with pytest.raises(UnreadableMessage, match="must begin with BGM"):
        read_cusitm(item.replace(b"BGM++RR473124829GB+9'", b"FTX+AAI+++x'"))


@pytest.mark.parametrize(("page", "mappings"), [("cusitm.md", (ITEM, CANCELLATION))])
def test_the_documentation_shows_the_mapping_table(page: str, mappings: tuple[object, ...]) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    for mapping in mappings:
        assert render_markdown(mapping) in text  # type: ignore[arg-type]


def _one_segment_per_line(data: bytes) -> str:
    text = data.decode("utf-8")
    return text[:9] + "\n" + "\n".join(re.findall(r"((?:[^?']|\?.)*')", text[9:], re.DOTALL))


def test_the_documentation_example_is_what_clearpost_writes(example_item: Item) -> None:
    data = write_cusitm([example_item], sender="GBA", recipient="FRCUSTOMS", reference="GBA20261120001")
    assert _one_segment_per_line(data) in (DOCS / "cusitm.md").read_text(encoding="utf-8")


def test_the_documented_error_messages_are_the_real_ones() -> None:
    documented = re.findall(r"\| `(Segment [^`]*)` \|", (DOCS / "cusitm.md").read_text(encoding="utf-8"))
    actual = set()
    for path in (MESSAGES / "malformed").iterdir():
        with pytest.raises(UnreadableMessage) as raised:
            read_cusitm(path.read_bytes())
        actual.add(raised.value.message)
    assert documented
    assert set(documented) <= actual
