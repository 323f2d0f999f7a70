"""CSV and XLSX through column mappings: canonical, kcs, and a Post's own spreadsheet layout."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import msgspec
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace
from strategies import cancellations, items

from clearpost.formats import read, write
from clearpost.formats.base import UnreadableMessage
from clearpost.formats.mapping import ColumnMapping, load_mapping
from clearpost.formats.tabular import read_csv, read_xlsx, write_csv, write_xlsx
from clearpost.identifiers import s10_problem
from clearpost.model import Address, Cancellation, ContentLine, Documents, Item, Money, Party, Record

MESSAGES = Path(__file__).parent / "messages"
KCS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "kcs"
_ENCODER = msgspec.json.Encoder(decimal_format="string")


@pytest.fixture(scope="module")
def canonical() -> ColumnMapping:
    return load_mapping("canonical")


@pytest.fixture(scope="module")
def kcs() -> ColumnMapping:
    return load_mapping("kcs")


@pytest.fixture(scope="module")
def alpenland() -> ColumnMapping:
    return load_mapping(str(MESSAGES / "alpenland_mapping.yaml"))


def exact(records: list[Record]) -> bytes:
    """Equal bytes means equal values and types (1 ≠ 1.0 ≠ True, "12.50" ≠ "12.5")."""
    return _ENCODER.encode(records)


def _list(values: list[str]) -> list[str]:
    return [] if not "|".join(values).strip() else values


def _money(money: Money | None) -> Money | None:
    return None if money is None or (money.amount is None and money.currency is None) else money


def canonical_form(record: Record) -> Record:
    """What the canonical mapping reads back (docs/formats/csv.md, "Limits"): a money with
    neither amount nor currency is no money, and a list whose cell would be blank is empty."""
    if isinstance(record, Cancellation):
        return record

    def party(value: Party | None) -> Party | None:
        if value is None or value.address is None:
            return value
        return replace(value, address=replace(value.address, lines=_list(value.address.lines)))

    return Item(
        **{
            **msgspec.structs.asdict(record),
            "categories": list(record.categories),
            "sender": party(record.sender),
            "addressee": party(record.addressee),
            "total_value": _money(record.total_value),
            "postal_charges": _money(record.postal_charges),
            "contents": [replace(line, value=_money(line.value)) for line in record.contents],
            "documents": Documents(
                invoice=record.documents.invoice,
                licences=_list(record.documents.licences),
                certificates=_list(record.documents.certificates),
            ),
        }
    )


def without_separator(record: Record) -> Record:
    """A "|" inside a list value cannot be written (tested below); the property tests avoid it."""
    if isinstance(record, Cancellation):
        return record
    clean = lambda values: [value.replace("|", "/") for value in values]  # noqa: E731
    parties = {
        name: replace(value, address=replace(value.address, lines=clean(value.address.lines)))
        for name, value in (("sender", record.sender), ("addressee", record.addressee))
        if value is not None and value.address is not None
    }
    documents = replace(
        record.documents,
        licences=clean(record.documents.licences),
        certificates=clean(record.documents.certificates),
    )
    return replace(record, documents=documents, **parties)


# -------------------------------------------------------------------------------- canonical CSV


def test_json_to_csv_to_json_returns_the_same_items(example_item: Item, canonical: ColumnMapping) -> None:
    records: list[Record] = [
        example_item,
        Cancellation(item_id="RR473124829GB", reason="withdrawn"),
        replace(example_item, contents=[], attributes={"score": 0.5, "flag": True, "n": 3, "none": None}),
        example_item,  # the same item again: a resend, not more content lines
    ]
    message = read_csv(write_csv(records, canonical), canonical)
    assert message.format == "csv"
    assert message.extra == {"mapping": "canonical"}
    assert exact(message.records) == exact(records)


def test_the_canonical_fixture(canonical: ColumnMapping) -> None:
    first, second, cancellation = read_csv(
        (MESSAGES / "canonical_example.csv").read_bytes(), canonical
    ).records
    assert isinstance(first, Item)
    assert isinstance(second, Item)
    assert [line.description for line in first.contents] == [
        "Women's wool cardigan, knitted",
        "Cotton knitted beanie hat",
    ]
    assert first.addressee is not None
    assert first.addressee.address is not None
    assert first.addressee.address.lines == ["8 rue des Lilas", "Appartement 3"]
    assert second.sender is not None
    assert second.sender.name == "王伟"
    assert second.attributes == {"marketplace": "AliExpress", "parcels_in_order": 2}
    assert cancellation == Cancellation(item_id="RR473124815GB", reason="Order withdrawn")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(items() | cancellations(), max_size=4))
def test_records_round_trip_through_canonical_csv(records: list[Record], canonical: ColumnMapping) -> None:
    records = [without_separator(record) for record in records]
    read_back = read_csv(write_csv(records, canonical), canonical).records
    assert exact(read_back) == exact([canonical_form(record) for record in records])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(items() | cancellations(), max_size=3))
def test_records_round_trip_through_canonical_xlsx(records: list[Record], canonical: ColumnMapping) -> None:
    records = [without_separator(record) for record in records]
    read_back = read_xlsx(write_xlsx(records, canonical), canonical).records
    assert exact(read_back) == exact([canonical_form(record) for record in records])


def test_the_registry_reads_and_writes_csv_and_xlsx(example_item: Item) -> None:
    assert read(write([example_item], "csv"), "csv").records == [example_item]
    workbook = write([example_item], "xlsx")
    assert read(workbook).records == [example_item]  # detected by its zip signature


def test_a_separator_inside_a_list_value_cannot_be_written(canonical: ColumnMapping) -> None:
    item = Item(sender=Party(address=Address(lines=["Flat 2 | Block B"])))
    with pytest.raises(ValueError, match=r"Record 1 .* contains the separator '\|'"):
        write_csv([item], canonical)


def test_numbers_xlsx_cannot_hold_exactly_are_text(canonical: ColumnMapping) -> None:
    lines = [ContentLine(quantity=2), ContentLine(quantity=2.0), ContentLine(quantity=0.1 + 0.2)]
    item = Item(contents=lines, attributes={"big": 2**60, "whole": 5.0, "ratio": 0.25})
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx([item], canonical)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    quantity = rows[0].index("contents.quantity")
    assert [row[quantity] for row in rows[1:]] == [2, "2.0", "0.30000000000000004"]
    (read_back,) = read_xlsx(write_xlsx([item], canonical), canonical).records
    assert exact([read_back]) == exact([item])


def test_text_that_looks_like_a_formula_stays_text(canonical: ColumnMapping) -> None:
    item = Item(comments='=HYPERLINK("http://example.invalid")', sender=Party(name="=1+1"))
    workbook = write_xlsx([item], canonical)
    assert b"<f>" not in workbook  # no formula cell in the sheet
    assert read_xlsx(workbook, canonical).records == [item]


def test_xlsx_output_depends_only_on_the_records(example_item: Item, canonical: ColumnMapping) -> None:
    assert write_xlsx([example_item], canonical) == write_xlsx([example_item], canonical)


# -------------------------------------------------------------------------------- KCS data set


@pytest.fixture(scope="module")
def kcs_items(kcs: ColumnMapping) -> dict[str, list[Record]]:
    if not KCS.is_dir():
        pytest.skip(f"the KCS data set is not at {KCS}")
    return {
        part: read_csv((KCS / f"df_syn_{part}_eng.csv").read_bytes(), kcs).records
        for part in ("train", "valid")
    }


def test_the_kcs_files_load_entirely_with_unique_ids(kcs_items: dict[str, list[Record]]) -> None:
    assert {part: len(records) for part, records in kcs_items.items()} == {"train": 37385, "valid": 8134}
    every = [record for records in kcs_items.values() for record in records]
    ids = [record.item_id for record in every]
    assert len(set(ids)) == len(ids)
    assert all(
        item_id is not None and s10_problem(item_id) is None and item_id.startswith("CP") for item_id in ids
    )


def test_a_kcs_declaration_as_an_item(kcs_items: dict[str, list[Record]]) -> None:
    # 97061800,2020-01-01,30,B,11,21,11,10,ZZR1LT6,QLRUBN9,0VKY2BR,,440890,BE,BE,0.0,FEU1,G,108.0,372254.4,0,0
    item = kcs_items["train"][0]
    assert isinstance(item, Item)
    assert item.item_id == "CP970618007KR"
    assert item.posting_date == dt.datetime(2020, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert (item.origin_country, item.destination_country) == ("BE", "KR")
    assert item.addressee == Party(name="QLRUBN9", reference="QLRUBN9", address=Address(country="KR"))
    assert item.sender == Party(name="0VKY2BR", reference="0VKY2BR")
    assert item.gross_weight_kg == 108.0
    assert item.total_value == Money(amount=Decimal("372254.40"), currency="KRW")
    assert item.contents == [
        ContentLine(
            net_weight_kg=108.0,
            value=Money(amount=Decimal("372254.40"), currency="KRW"),
            hs_code="440890",
            origin_country="BE",
        )
    ]
    assert item.attributes == {
        "Declaration ID": 97061800,
        "Office ID": 30,
        "Process Type": "B",
        "Import Type": 11,
        "Import Use": 21,
        "Payment Type": 11,
        "Mode of Transport": 10,
        "Declarant ID": "ZZR1LT6",
        "Courier ID": None,
        "Tax Rate": 0.0,
        "Tax Type": "FEU1",
        "Country of Origin Indicator": "G",
        "Fraud": 0,
        "Critical Fraud": 0,
    }


def test_kcs_attributes_keep_their_types(kcs_items: dict[str, list[Record]]) -> None:
    types: dict[str, set[str]] = {}
    for record in kcs_items["valid"]:
        assert isinstance(record, Item)
        assert record.attributes is not None
        for name, value in record.attributes.items():
            types.setdefault(name, set()).add(type(value).__name__)
    assert types["Tax Rate"] == {"float"}
    assert types["Fraud"] == types["Critical Fraud"] == types["Office ID"] == {"int"}
    assert types["Courier ID"] == {"str", "NoneType"}


def test_kcs_items_write_back_as_kcs_rows(kcs: ColumnMapping, kcs_items: dict[str, list[Record]]) -> None:
    records = kcs_items["valid"][:500]
    written = write_csv(records, kcs)
    assert written.splitlines()[0].decode() == ",".join(kcs.columns)
    assert read_csv(written, kcs).records == records
    with pytest.raises(ValueError, match="was not made by transform s10"):
        write_csv([Item(item_id="RR473124829GB")], kcs)


# ------------------------------------------------------------------------- a Post's own layout


def test_a_post_spreadsheet_through_its_own_mapping(alpenland: ColumnMapping) -> None:
    boots, gingerbread, figurine = read_csv(
        (MESSAGES / "alpenland_export.csv").read_bytes(), alpenland
    ).records
    assert isinstance(boots, Item)
    assert isinstance(gingerbread, Item)
    assert isinstance(figurine, Item)
    assert boots.item_id == "CP123456785AT"
    assert boots.mail_class == "parcel"
    assert boots.posting_date == dt.datetime(2026, 11, 20, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert boots.categories == ["sale_of_goods"]
    assert boots.sender == Party(
        name="Bergsport Huber GmbH",
        address=Address(
            lines=["Mariahilfer Straße 88", "2. Stock"], city="Wien", postcode="1070", country="AT"
        ),
    )
    assert boots.total_value == Money(amount=Decimal("189.90"), currency="EUR")
    assert [(line.description, line.quantity, line.net_weight_kg) for line in boots.contents] == [
        ("Wanderschuhe Leder, Gr. 39", 1, 1.2),
        ("Wandersocken Merino", 3, 0.25),
    ]
    assert boots.attributes == {
        "Kundennummer": 40211,
        "Bemerkung intern": 'Kunde wünscht Zustellung "vor 12 Uhr"',
    }
    assert gingerbread.categories == ["gift", "other"]
    assert gingerbread.mail_class == "letter"
    assert gingerbread.addressee is not None
    assert gingerbread.addressee.name == "Иван Петров"
    assert gingerbread.attributes == {"Kundennummer": None, "Bemerkung intern": None}
    assert figurine.addressee is not None
    assert figurine.addressee.address is not None
    assert figurine.addressee.address.lines == ["朝阳区建国路88号", "SOHO现代城5号楼"]


def test_a_post_layout_round_trips_in_csv_and_xlsx(alpenland: ColumnMapping) -> None:
    records = read_csv((MESSAGES / "alpenland_export.csv").read_bytes(), alpenland).records
    written = write_csv(records, alpenland)
    assert written.splitlines()[1].startswith(b"CP123456785AT;P;20.11.2026 14:05;V;")
    assert b";1,95;189,90;EUR;" in written  # decimal commas
    assert read_csv(written, alpenland).records == records
    assert read_xlsx(write_xlsx(records, alpenland), alpenland).records == records


def test_a_workbook_from_a_spreadsheet_program(alpenland: ColumnMapping) -> None:
    """Native cells (numbers, dates) are read as the CSV text they stand for."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    header = (MESSAGES / "alpenland_export.csv").read_text(encoding="utf-8").splitlines()[0].split(";")
    sheet.append(header)
    row = dict.fromkeys(header, None)
    row.update(
        {
            "Sendungsnummer": "RR987654326AT",
            "Produkt": "B",
            "Einlieferung": "21.11.2026 09:30",
            "Art": "G",
            "Empfänger": "Иван Петров",
            "Zielland": "RU",
            "Absender PLZ": 8010,
            "Bruttogewicht kg": 0.4,
            "Gesamtwert": 35,
            "Währung": "EUR",
            "Menge": 2,
            "Kundennummer": 40211,
        }
    )
    sheet.append(list(row.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    (item,) = read_xlsx(buffer.getvalue(), alpenland).records
    assert isinstance(item, Item)
    assert item.sender == Party(address=Address(postcode="8010", country="AT"))
    assert item.gross_weight_kg == 0.4
    assert item.total_value == Money(amount=Decimal("35"), currency="EUR")
    assert item.contents == [ContentLine(quantity=2, value=Money(currency="EUR"))]  # Währung feeds both
    assert item.attributes == {"Kundennummer": 40211, "Bemerkung intern": None}


def test_rows_of_one_item_must_be_consecutive(alpenland: ColumnMapping) -> None:
    lines = (MESSAGES / "alpenland_export.csv").read_text(encoding="utf-8").splitlines()
    shuffled = "\n".join([lines[0], lines[1], lines[3], lines[2]]).encode()
    ids = [record.item_id for record in read_csv(shuffled, alpenland).records]
    assert ids == ["CP123456785AT", "RR987654326AT", "CP123456785AT"]


# -------------------------------------------------------------------------------------- errors


def _kcs_rows(*rows: str) -> bytes:
    header = (
        "Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,"
        "Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,"
        "Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud"
    )
    return "\n".join([header, *rows]).encode()


_GOOD = (
    "97061800,2020-01-01,30,B,11,21,11,10,ZZR1LT6,QLRUBN9,0VKY2BR,,440890,BE,BE,0.0,FEU1,G,108.0,372254.4,0,0"
)


@pytest.mark.parametrize(
    ("data", "row", "column", "reason"),
    [
        (_kcs_rows(_GOOD, _GOOD.replace("108.0", "abc")), 3, "Net Mass", "'abc' is not a number"),
        (
            _kcs_rows(_GOOD.replace("372254.4", "12.5 KRW")),
            2,
            "Item Price",
            "'12.5 KRW' is not a decimal amount",
        ),
        (
            _kcs_rows(_GOOD.replace("2020-01-01", "01/01/2020")),
            2,
            "Date",
            "'01/01/2020' is not a date (YYYY-MM-DD)",
        ),
        (_kcs_rows(_GOOD.replace(",30,", ",3O,")), 2, "Office ID", "'3O' is not a whole number"),
        (_kcs_rows(_GOOD.replace("97061800", "9706180A")), 2, "Declaration ID", "is not a number"),
        (_kcs_rows(_GOOD.replace("97061800", "123456789")), 2, "Declaration ID", "more than 8 digits"),
        (_kcs_rows(_GOOD).replace(b"Net Mass", b"Net mass"), 1, "Net Mass", "the column is missing"),
        (_kcs_rows(_GOOD).replace(b"Critical Fraud", b"Fraud"), 1, "Fraud", "appears twice"),
    ],
)
def test_cell_errors_name_the_row_and_the_column(
    data: bytes, row: int, column: str, reason: str, kcs: ColumnMapping
) -> None:
    with pytest.raises(UnreadableMessage) as caught:
        read_csv(data, kcs)
    location = caught.value.location
    assert location is not None
    assert (location.row, location.column_name) == (row, column)
    assert caught.value.message.startswith(f"Row {row}, column {column!r}: ")
    assert reason in caught.value.message
    assert caught.value.finding().code == "SYNTAX_ERROR"


@pytest.mark.parametrize(
    ("data", "row", "reason"),
    [
        (b"", 1, "empty"),
        (b" \r\n \r\n", 1, "empty"),
        (_kcs_rows(_GOOD, _GOOD + ",1"), 3, "the row has 23 cells but the header has 22 columns"),
        (_kcs_rows(_GOOD, "97061801,2020-01-01"), 3, "the row has 2 cells"),
        (_kcs_rows(_GOOD, _GOOD).replace(b"ZZR1LT6", b"ZZR\xff\xfeT6", 1), 2, "byte 0xff at offset"),
        (bytes(range(256)) * 4, 1, "binary data"),
        (_kcs_rows(_GOOD, '"' + "x" * 200_000), 3, "the CSV is malformed"),
    ],
)
def test_unreadable_files_say_which_row(data: bytes, row: int, reason: str, kcs: ColumnMapping) -> None:
    with pytest.raises(UnreadableMessage, match=reason) as caught:
        read_csv(data, kcs)
    assert caught.value.location is not None
    assert caught.value.location.row == row


def test_blank_lines_are_skipped(kcs: ColumnMapping) -> None:
    assert len(read_csv(_kcs_rows(_GOOD, "", _GOOD.replace("97061800", "97061801"), ""), kcs).records) == 2


@pytest.mark.parametrize(
    "data",
    [b"", b"not a zip archive", b"PK\x03\x04 damaged", (MESSAGES / "canonical_example.csv").read_bytes()],
)
def test_unreadable_workbooks(data: bytes, canonical: ColumnMapping) -> None:
    with pytest.raises(UnreadableMessage) as caught:
        read_xlsx(data, canonical)
    assert caught.value.location is not None
    assert caught.value.location.row == 1


def test_a_damaged_sheet_is_unreadable(canonical: ColumnMapping, example_item: Item) -> None:
    source = zipfile.ZipFile(io.BytesIO(write_xlsx([example_item] * 50, canonical)))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        for entry in source.infolist():
            data = source.read(entry)
            archive.writestr(entry, data[: len(data) // 2] if entry.filename.endswith("sheet1.xml") else data)
    with pytest.raises(UnreadableMessage, match="cannot be"):
        read_xlsx(damaged.getvalue(), canonical)


def test_a_wrong_cell_in_a_workbook_is_located(canonical: ColumnMapping, example_item: Item) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx([example_item], canonical)))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=header.index("contents.quantity") + 1, value="two")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(UnreadableMessage) as caught:
        read_xlsx(buffer.getvalue(), canonical)
    assert caught.value.location is not None
    assert (caught.value.location.row, caught.value.location.column_name) == (3, "contents.quantity")


# ------------------------------------------------------------------------------------ mappings


def test_builtin_mappings_are_loaded_once() -> None:
    assert load_mapping("kcs") is load_mapping("kcs")
    assert load_mapping("canonical").name == "canonical"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("mapping: 1\nname: x\nfields: {item_id: [", "line 3"),
        ("- a list", "top level"),
        ("mapping: 2\nname: x\nfields: {item_id: a}", "mapping"),
        ("mapping: 1\nname: x\nfields: {item_id: a}\ncolour: red", "key 'colour'"),
        ("mapping: 1\nname: x\nfields: {parcel_id: a}", "fields.parcel_id"),
        (
            "mapping: 1\nname: x\nfields: {gross_weight_kg: {column: a, type: date}}",
            "fields.gross_weight_kg.type",
        ),
        ("mapping: 1\nname: x\nfields: {item_id: {column: a, constant: b}}", "fields.item_id"),
        ("mapping: 1\nname: x\nfields: {item_id: {column: a, colour: red}}", "fields.item_id.colour"),
        (
            "mapping: 1\nname: x\nfields: {item_id: a, posting_date: {column: d, type: date}}",
            "fields.posting_date",
        ),
        (
            "mapping: 1\nname: x\nfields: {item_id: {column: a, transform: s10, service: JJ, country: KR}}",
            "fields.item_id",
        ),
        (
            "mapping: 1\nname: x\nfields: {item_id: a, mail_class: {constant: boat}}",
            "fields.mail_class.constant",
        ),
        ("mapping: 1\nname: x\nfields: {item_id: a}\ncsv: {delimiter: ';;'}", "csv.delimiter"),
        ("mapping: 1\nname: x\nfields: {item_id: a}\ntimezone: Europe/Paris", "timezone"),
        ("mapping: 1\nname: x\nfields: {item_id: a, comments: b}\ncolumns: [a]", "columns"),
    ],
)
def test_invalid_mappings_say_what_and_where(text: str, where: str, tmp_path: Path) -> None:
    path = tmp_path / "post.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=f"Mapping {path}, {where}"):
        load_mapping(str(path))


def test_an_unknown_mapping_name() -> None:
    with pytest.raises(ValueError, match="neither a built-in mapping"):
        load_mapping("upu")
