"""ITMATT XML: round trips, the schema, safe parsing, and located errors."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace
from strategies import cancellations, items

from clearpost.formats import detect, itmatt, itmatt_schema, read, write
from clearpost.formats.base import UnreadableMessage
from clearpost.formats.itmatt import read_itmatt, write_itmatt
from clearpost.model import Cancellation, ContentLine, Item, Money, Party, Record

MESSAGES = Path(__file__).parent / "messages"
MALFORMED = MESSAGES / "malformed"
XSD = Path(itmatt.__file__).with_name("itmatt.xsd")


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    """The independent validator: xmlschema, not the lxml one the reader uses."""
    return xmlschema.XMLSchema(str(XSD))


def walk(data: bytes) -> list[Record]:
    """The records as the element walk reads them, without the compiled fast path."""
    root, _ = itmatt._parse(data)
    body = root.find(f"{{{itmatt.NAMESPACE}}}msgbody")
    assert body is not None
    return [itmatt_schema.read_record(element) for element in body]


_ENCODER = msgspec.json.Encoder(decimal_format="string")


def exact(records: list[Record]) -> bytes:
    """Records as canonical JSON: equal bytes means equal values *and* types (1 ≠ 1.0 ≠ True)."""
    return _ENCODER.encode(records)


# ----------------------------------------------------------------------------------- round trips


def test_the_contract_example_round_trips_exactly(example_item: Item, schema: xmlschema.XMLSchema) -> None:
    records: list[Record] = [example_item, Cancellation(item_id="RR473124829GB", reason="withdrawn")]
    document = write_itmatt(records)
    schema.validate(io.BytesIO(document))
    message = read_itmatt(document)
    assert message.format == "itmatt"
    assert exact(message.records) == exact(records)


def test_the_registry_detects_and_reads_itmatt(example_item: Item) -> None:
    document = write([example_item], "itmatt")
    assert detect(document) == "itmatt"
    assert read(document).records == [example_item]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(items() | cancellations(), max_size=4))
def test_records_round_trip_and_every_document_is_valid(
    records: list[Record], schema: xmlschema.XMLSchema
) -> None:
    document = write_itmatt(records)
    schema.validate(io.BytesIO(document))
    read_back = read_itmatt(document).records
    assert read_back == records
    assert read_back == walk(document)  # the fast path and the element walk agree


@settings(max_examples=40, deadline=None)
@given(items())
def test_types_survive_exactly_when_offsets_fit_xml(item: Item) -> None:
    """Values and types, not just equality: ints stay ints, "12.50" stays "12.50", 2.0 stays 2.0."""
    offsets_fit = all(
        moment is None or abs(moment.utcoffset() or dt.timedelta()) <= dt.timedelta(hours=14)
        for moment in (item.posting_date, item.transport.departure_time if item.transport else None)
    )
    plain_amounts = all("E" not in str(money.amount) for money in _moneys(item) if money.amount is not None)
    read_back = read_itmatt(write_itmatt([item])).records
    if offsets_fit and plain_amounts:
        assert exact(read_back) == exact([item])
    assert read_back == [item]


def _moneys(item: Item) -> list[Money]:
    found = [item.total_value, item.postal_charges, *(line.value for line in item.contents)]
    return [money for money in found if money is not None]


def test_empty_strings_and_absent_values_are_told_apart() -> None:
    item = Item(
        item_id="RR473124829GB",
        comments="",
        sender=Party(name="", phone=None),
        contents=[ContentLine(description="", quantity=2.0, value=Money())],
        attributes={"empty": "", "none": None, "zero": 0, "real": 0.0, "flag": False, "": "nameless"},
    )
    read_back = read_itmatt(write_itmatt([item])).records
    assert exact(read_back) == exact([item])


def test_whole_and_real_quantities_keep_their_type() -> None:
    lines = [
        ContentLine(quantity=2),
        ContentLine(quantity=2.0),
        ContentLine(quantity=-3),
        ContentLine(quantity=1e-7),
    ]
    (read_back,) = read_itmatt(write_itmatt([Item(contents=lines)])).records
    assert isinstance(read_back, Item)
    assert [(type(line.quantity), line.quantity) for line in read_back.contents] == [
        (int, 2),
        (float, 2.0),
        (int, -3),
        (float, 1e-7),
    ]


def test_offsets_xml_cannot_hold_are_written_in_utc() -> None:
    odd = dt.datetime(2026, 11, 20, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=23, minutes=30)))
    (read_back,) = read_itmatt(write_itmatt([Item(posting_date=odd)])).records
    assert isinstance(read_back, Item)
    assert read_back.posting_date == odd
    assert read_back.posting_date is not None
    assert read_back.posting_date.utcoffset() == dt.timedelta(0)


def test_amounts_keep_their_text() -> None:
    money = [Money(amount=Decimal(text), currency="EUR") for text in ("12.50", "0.00", "-0", "1000", "0.001")]
    item = Item(contents=[ContentLine(value=value) for value in money])
    (read_back,) = read_itmatt(write_itmatt([item])).records
    assert isinstance(read_back, Item)
    assert [str(line.value.amount) for line in read_back.contents if line.value] == [
        "12.50",
        "0.00",
        "-0",
        "1000",
        "0.001",
    ]


@pytest.mark.parametrize(
    "item",
    [
        Item(comments="NUL \x00 is not XML"),
        Item(attributes={"bell": "\x07"}),
    ],
)
def test_what_xml_cannot_carry_is_refused_when_writing(item: Item) -> None:
    with pytest.raises(ValueError, match="Record 1"):
        write_itmatt([item])


# ----------------------------------------------------------------------------- real documents


def test_a_post_message_in_several_scripts(schema: xmlschema.XMLSchema) -> None:
    document = (MESSAGES / "itmatt_example.xml").read_bytes()
    schema.validate(str(MESSAGES / "itmatt_example.xml"))
    message = read_itmatt(document)
    assert (message.sender, message.recipient, message.reference) == (
        "GBA",
        "FRA",
        "GBA-ITMATT-20261120-0042",
    )
    gb, cn, ae, cancellation = message.records
    assert isinstance(gb, Item)
    assert isinstance(cn, Item)
    assert isinstance(ae, Item)
    assert gb.total_value == Money(amount=Decimal("84.00"), currency="GBP")
    assert cn.sender is not None
    assert cn.sender.business == "深圳市华强电子有限公司"
    assert cn.addressee is not None
    assert cn.addressee.name == "Иван Сергеевич Петров"
    assert cn.attributes == {"marketplace": "AliExpress", "parcels_in_order": 2, "tracked": True}
    assert ae.sender is not None
    assert ae.sender.name == "فاطمة عبد الله الزهراني"
    assert ae.categories == ["gift", "other"]
    assert [line.quantity for line in ae.contents] == [1.5, 1]
    assert cancellation == Cancellation(
        item_id="RR473124815GB", reason="Customer withdrew the order before despatch"
    )
    assert message.records == walk(document)


def test_prefixes_comments_cdata_references_and_latin1() -> None:
    document = (MESSAGES / "itmatt_prefixed.xml").read_bytes()
    (item,) = read_itmatt(document).records
    assert isinstance(item, Item)
    assert item.sender == Party(name="Jürgen Müller & Söhne")
    assert item.gross_weight_kg == 1.25
    (line,) = item.contents
    assert line.description == "Gears <steel> & bolts (M8×40)"
    assert line.quantity == 40
    assert isinstance(line.quantity, int)
    assert line.value == Money(amount=Decimal("18.50"), currency="EUR")
    assert item.comments == "First line\r\nsecond line"
    assert [item] == walk(document)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "iso-8859-1"])
def test_declared_encodings_are_honoured(encoding: str) -> None:
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<message xmlns="urn:clearpost:itmatt:1"><msgbody><item><comments>Crème brûlée</comments>'
        "</item></msgbody></message>"
    )
    (item,) = read_itmatt(text.encode(encoding)).records
    assert isinstance(item, Item)
    assert item.comments == "Crème brûlée"


def test_raw_line_ends_references_and_odd_markup_read_as_the_element_walk_does() -> None:
    document = (
        b'<message xmlns="urn:clearpost:itmatt:1">\r\n<msgbody>\r\n'
        b"<item><comments>two\r\nlines&#13;&#x4E2D;&lt;&gt;&amp;&quot;&apos;</comments>"
        b'<attributes><string name="a&gt;b">1</string><number name="tab\there"> 2 </number>'
        b"<string name='single \"quoted\"'>x</string></attributes></item>\r\n"
        b"<item ><item_id >RR473124829GB</item_id ><posting_date> 2026-11-20T10:15:00Z </posting_date></item>"
        b"</msgbody></message>"
    )
    records = read_itmatt(document).records
    assert records == walk(document)
    first, second = records
    assert isinstance(first, Item)
    assert isinstance(second, Item)
    assert first.comments == "two\nlines\r中<>&\"'"
    assert first.attributes == {"a>b": "1", "tab here": 2.0, 'single "quoted"': "x"}
    assert second.posting_date == dt.datetime(2026, 11, 20, 10, 15, tzinfo=dt.UTC)


def test_records_are_read_without_walking_them(monkeypatch: pytest.MonkeyPatch, example_item: Item) -> None:
    """The compiled expressions are what makes ITMATT fast: only the first record is walked
    (to check them), whatever elements the records have."""
    records: list[Record] = [
        replace(example_item, item_id=f"RR{number:09d}GB", comments="fragile" if number % 3 else None)
        for number in range(100)
    ]
    records[7] = Item(item_id="RR000000007GB", contents=[ContentLine(quantity=2.5)], attributes={})
    records[8] = Cancellation(item_id="RR000000007GB")
    walked: list[object] = []
    original = itmatt_schema.read_record
    monkeypatch.setattr(
        itmatt_schema, "read_record", lambda element: walked.append(element) or original(element)
    )
    assert read_itmatt(write_itmatt(records)).records == records
    assert len(walked) == 1


def test_a_message_the_expressions_misread_is_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = itmatt_schema._Reader(
        itmatt_schema._READERS[False]["item"].pattern, lambda captures: Item(comments="misread")
    )
    monkeypatch.setitem(itmatt_schema._READERS[False], "item", wrong)
    records = [Item(item_id=f"RR{number:09d}GB") for number in range(5)]
    assert read_itmatt(write_itmatt(records)).records == records


# --------------------------------------------------------------------------------------- safety


@pytest.mark.parametrize(
    ("name", "line"),
    [("itmatt_xxe.xml", 2), ("itmatt_billion_laughs.xml", 2), ("itmatt_external_dtd.xml", 3)],
)
def test_documents_with_a_doctype_are_refused_before_parsing(name: str, line: int) -> None:
    with pytest.raises(UnreadableMessage, match="DOCTYPE") as caught:
        read_itmatt((MALFORMED / name).read_bytes())
    assert caught.value.location is not None
    assert caught.value.location.line == line
    assert "root:" not in caught.value.message  # nothing of /etc/passwd


def test_a_doctype_in_utf16_is_refused_too() -> None:
    document = '<!DOCTYPE m [<!ENTITY e SYSTEM "file:///etc/passwd">]><message>&e;</message>'
    with pytest.raises(UnreadableMessage, match="DOCTYPE"):
        read_itmatt(document.encode("utf-16"))


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(UnreadableMessage, match="nested more than 256 levels") as caught:
        read_itmatt((MALFORMED / "itmatt_deep.xml").read_bytes())
    assert caught.value.location is not None
    assert caught.value.location.line == 2


def test_size_is_bounded(monkeypatch: pytest.MonkeyPatch, example_item: Item) -> None:
    monkeypatch.setattr(itmatt, "MAX_MESSAGE_BYTES", 1000)
    with pytest.raises(UnreadableMessage, match="at most 1,000 bytes"):
        read_itmatt(write_itmatt([example_item]))


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        ((MALFORMED / "itmatt_truncated.xml").read_bytes(), "not well-formed: Premature end of data", 35),
        ((MALFORMED / "itmatt_garbage.xml").read_bytes(), "not an XML document", 1),
        (b"", "empty", 1),
        (b"  \n ", "empty", 1),
        (b"\x00\x00\xfe\xff\x00\x00\x00<", "UTF-32", 1),
        (b'<message xmlns="urn:clearpost:itmatt:1"><msgbody><item><comments>&nbsp;</comments>', "nbsp", 1),
    ],
)
def test_unreadable_documents_say_where(data: bytes, message: str, line: int) -> None:
    with pytest.raises(UnreadableMessage, match=message) as caught:
        read_itmatt(data)
    assert caught.value.location is not None
    assert caught.value.location.line == line
    assert caught.value.finding().code == "SYNTAX_ERROR"


# ------------------------------------------------------------------------------- schema errors


def _item_document(body: str) -> bytes:
    return (
        '<?xml version="1.0"?>\n<message xmlns="urn:clearpost:itmatt:1">\n<msgbody>\n<item/>\n'
        f"<item>\n{body}\n</item>\n</msgbody>\n</message>"
    ).encode()


@pytest.mark.parametrize(
    ("body", "path", "reason"),
    [
        (
            "<contents><line><quantity>abc</quantity></line></contents>",
            "/message/msgbody/item[2]/contents/line[1]/quantity",
            "'abc' is not a valid number",
        ),
        (
            "<total_value><amount>12,50</amount></total_value>",
            "/message/msgbody/item[2]/total_value/amount",
            "'12,50' is not a valid decimal number",
        ),
        (
            "<posting_date>2026-11-20T10:15:00</posting_date>",
            "/message/msgbody/item[2]/posting_date",
            "not a date-time with a UTC offset",
        ),
        (
            "<mail_class>Parcel</mail_class>",
            "/message/msgbody/item[2]/mail_class",
            "'Parcel' is not one of: letter",
        ),
        (
            "<categories><category>gift</category><category>present</category></categories>",
            "/message/msgbody/item[2]/categories/category[2]",
            "'present' is not one of",
        ),
        (
            "<mail_class>parcel</mail_class><item_id>RR473124829GB</item_id>",
            "/message/msgbody/item[2]/item_id",
            "element <item_id> is not expected here; expected one of: origin_post",
        ),
        ("<colour>red</colour>", "/message/msgbody/item[2]/colour", "element <colour> is not expected here"),
        (
            '<attributes><integer name="n">1</integer><string name="n">x</string></attributes>',
            "/message/msgbody/item[2]/attributes/string[1]",
            "the attribute name 'n' appears twice",
        ),
        (
            '<attributes><integer name="n">1.5</integer></attributes>',
            "/message/msgbody/item[2]/attributes/integer[1]",
            "'1.5' is not a valid whole number",
        ),
    ],
)
def test_schema_errors_name_the_line_and_the_path(body: str, path: str, reason: str) -> None:
    with pytest.raises(UnreadableMessage) as caught:
        read_itmatt(_item_document(body))
    location = caught.value.location
    assert location is not None
    assert location.path == path
    assert location.line == 6
    assert caught.value.message.startswith(f"Line 6, {path}: ")
    assert reason in caught.value.message


def test_the_wrong_types_fixture() -> None:
    with pytest.raises(UnreadableMessage) as caught:
        read_itmatt((MALFORMED / "itmatt_wrong_types.xml").read_bytes())
    assert caught.value.message == (
        "Line 15, /message/msgbody/item[3]/contents/line[1]/quantity: "
        "'abc' is not a valid number (e.g. 2, 0.48)."
    )


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (b"<items/>", "the root element is <items>"),
        (b'<message xmlns="urn:other"><msgbody/></message>', "the root element is <message>"),
        (
            b'<message xmlns="urn:clearpost:itmatt:1"/>',
            "<message> lacks an element; expected one of: header, msgbody",
        ),
        (
            b'<message xmlns="urn:clearpost:itmatt:1"><msgbody>hello</msgbody></message>',
            "text is not allowed",
        ),
    ],
)
def test_documents_that_are_not_itmatt(document: bytes, reason: str) -> None:
    with pytest.raises(UnreadableMessage, match=reason):
        read_itmatt(document)


def test_a_value_python_cannot_hold_is_located() -> None:
    """The schema takes a 5000-digit integer; Python refuses to convert one (CVE-2020-10735)."""
    document = _item_document(f'<attributes><integer name="n">{"9" * 5000}</integer></attributes>')
    with pytest.raises(UnreadableMessage) as caught:
        read_itmatt(document)
    assert caught.value.location is not None
    assert caught.value.location.path == "/message/msgbody/item[2]/attributes/integer[1]"
    assert "is not a value ClearPost can represent" in caught.value.message
