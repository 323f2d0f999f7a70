"""CSV and XLSX messages, read and written through a column mapping (`clearpost.formats.mapping`).

Consecutive rows with the same item key are one item, one content line per row; columns the
mapping does not name can be kept in `attributes`.

Readers check syntax and types, never content: a wrong type in a cell, a missing column, an
undecodable or ragged file is an `UnreadableMessage` located by row (the header is row 1) and
column name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import operator
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from clearpost.bulk import cycle_collector_paused
from clearpost.formats.base import Message, UnreadableMessage
from clearpost.formats.mapping import (
    CellError,
    ColumnMapping,
    format_boolean,
    infer_parser,
    native_number,
    parse_integer,
)
from clearpost.model import (
    Address,
    AttributeValue,
    Cancellation,
    ContentLine,
    Documents,
    Item,
    Location,
    Money,
    Party,
    Record,
    Transport,
)

MAX_MESSAGE_BYTES = 512 * 1024 * 1024
"""Larger files are refused unread; split them into several messages."""
MAX_XLSX_UNPACKED_BYTES = 1024 * 1024 * 1024
"""An XLSX workbook is a zip archive: a larger unpacked size is refused (zip bombs)."""

# ------------------------------------------------------------------------------------- reading


def _located(row: int, column: str, reason: str) -> UnreadableMessage:
    return UnreadableMessage(
        f"Row {row}, column {column!r}: {reason}.", Location(row=row, column_name=column)
    )


def _row_error(row: int, reason: str) -> UnreadableMessage:
    return UnreadableMessage(f"Row {row}: {reason}.", Location(row=row))


_Parse = Callable[[str], Any] | None


@dataclass(frozen=True, slots=True)
class _Cells:
    """The cells feeding a set of fields, fetched together: the hot loop of the readers."""

    names: tuple[str, ...]
    fetch: Callable[[list[str]], tuple[str, ...]]
    parsed: tuple[tuple[str, str, Callable[[str], Any]], ...]
    """Field, column, parser: the cells that are not taken as text."""

    @classmethod
    def of(cls, cells: list[tuple[int, str, _Parse, str]]) -> _Cells:
        """From (position, column, parser, field) of each cell."""
        indexes = [index for index, _, _, _ in cells]
        fetch = operator.itemgetter(*indexes) if len(indexes) > 1 else _single(indexes[0])
        parsed = tuple((name, column, parse) for _, column, parse, name in cells if parse is not None)
        return cls(tuple(name for _, _, _, name in cells), fetch, parsed)

    def read(self, number: int, row: list[str]) -> dict[str, Any]:
        """The non-empty cells of `row`, read: field → value. Text is kept as it is (spaces
        included); a typed cell of spaces only is empty."""
        values = {name: cell for name, cell in zip(self.names, self.fetch(row), strict=True) if cell}
        for name, column, parse in self.parsed:
            cell = values.get(name)
            if cell is None:
                continue
            if cell.isspace():
                del values[name]
                continue
            try:
                values[name] = parse(cell)
            except (ValueError, ArithmeticError) as error:
                raise _cell_error(number, column, cell, error) from None
        return values


def _single(index: int) -> Callable[[list[str]], tuple[str, ...]]:
    return lambda row: (row[index],)


@dataclass(slots=True)
class _Plan:
    """A mapping bound to one header: column positions, and what to do with each."""

    item: _Cells | None = None
    """Item-level fields, by canonical path."""
    line: _Cells | None = None
    """Content line fields, by path within the line ("description", "value.amount"…)."""
    constants: dict[str, Any] = field(default_factory=dict)
    line_constants: dict[str, Any] = field(default_factory=dict)
    spread: list[tuple[tuple[int, ...], str]] = field(default_factory=list)
    attributes: list[tuple[int, str, Callable[[str], AttributeValue] | None, str]] = field(
        default_factory=list
    )
    """Position, column, parser (None: text) and name of each attribute column, mapped or not."""
    key: tuple[int, ...] = ()
    line_number: tuple[int, str] | None = None
    cancellation: tuple[int, str, int | None] | None = None
    item_id: tuple[int, str, _Parse] | None = None
    unmapped: list[tuple[int, str]] = field(default_factory=list)


def _plan(header: list[str], mapping: ColumnMapping) -> _Plan:
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            raise UnreadableMessage(
                f"Row 1: column {index + 1} has no name.", Location(row=1, column=index + 1)
            )
        if name in positions:
            raise _located(1, name, "the column name appears twice in the header")
        positions[name] = index

    def position(column: str) -> int:
        if column not in positions:
            raise _located(1, column, f"the column is missing; mapping {mapping.name} reads it")
        return positions[column]

    plan = _Plan()
    item_cells: list[tuple[int, str, _Parse, str]] = []
    line_cells: list[tuple[int, str, _Parse, str]] = []
    for rule in mapping.rules:
        line_path = rule.path.removeprefix("contents.")
        if not rule.columns:
            if rule.level == "line":
                plan.line_constants[line_path] = rule.constant
            else:
                plan.constants[rule.path] = rule.constant
            continue
        found = tuple(position(column) for column in rule.columns if not rule.optional or column in positions)
        if rule.spreads:
            plan.spread.append((found, rule.path))
        elif not found:
            continue
        elif rule.kind == "attribute":
            plan.attributes.append((found[0], rule.columns[0], rule.parse, rule.attribute))
        elif rule.level == "line":
            line_cells.append((found[0], rule.columns[0], rule.parse, line_path))
        else:
            item_cells.append((found[0], rule.columns[0], rule.parse, rule.path))
            if rule.path == "item_id":
                plan.item_id = (found[0], rule.columns[0], rule.parse)
    plan.item = _Cells.of(item_cells) if item_cells else None
    plan.line = _Cells.of(line_cells) if line_cells else None
    plan.key = tuple(position(column) for column in mapping.item_key)
    if mapping.line_number:
        plan.line_number = (position(mapping.line_number), mapping.line_number)
    if mapping.cancellation:
        cancellation = mapping.cancellation
        reason = positions.get(cancellation.reason) if cancellation.reason else None
        plan.cancellation = (position(cancellation.column), cancellation.value.casefold(), reason)
    if mapping.unmapped == "attributes":
        plan.unmapped = [
            (index, name) for index, name in enumerate(header) if name not in mapping.mapped_columns
        ]
    return plan


def _read_rows(header: list[str], rows: Iterable[list[str]], mapping: ColumnMapping, fmt: str) -> Message:
    """Records from the rows after the header (row 2 onwards)."""
    with cycle_collector_paused():
        return _read_table(header, rows, mapping, fmt)


def _read_table(header: list[str], rows: Iterable[list[str]], mapping: ColumnMapping, fmt: str) -> Message:
    plan = _plan(header, mapping)
    width = len(header)
    table: list[tuple[int, list[str]]] = []
    number = 1
    try:
        for number, row in enumerate(rows, start=2):  # `number` locates a CSV error
            if len(row) != width:
                if not "".join(row).strip():
                    continue  # a blank line
                raise _row_error(number, f"the row has {len(row)} cells but the header has {width} columns")
            if any(row):
                table.append((number, row))
    except csv.Error as error:
        raise _row_error(number + 1, f"the CSV is malformed ({error})") from None
    plan.attributes += [
        (index, name, infer_parser(row[index] for _, row in table), name) for index, name in plan.unmapped
    ]
    return Message(format=fmt, records=_records(table, plan), extra={"mapping": mapping.name})


def _records(table: list[tuple[int, list[str]]], plan: _Plan) -> list[Record]:
    """Rows to records: consecutive rows with the same item key are one item (see `_continues`)."""
    records: list[Record] = []
    item: dict[str, Any] | None = None
    lines: list[ContentLine] = []
    previous_key: Any = None
    previous_line = 0
    single_key = plan.key[0] if len(plan.key) == 1 else None
    line_index, line_column = plan.line_number or (None, "")
    for number, row in table:
        if (
            plan.cancellation is not None
            and row[plan.cancellation[0]].strip().casefold() == plan.cancellation[1]
        ):
            if item is not None:
                records.append(_item(item, lines))
                item = None
            records.append(_cancellation_record(number, row, plan))
            continue
        key = row[single_key].strip() if single_key is not None else tuple(row[i].strip() for i in plan.key)
        line = 0
        if line_index is not None and row[line_index].strip():
            line = _cell_value(number, line_column, parse_integer, row[line_index])
        if line_index is not None:
            continuing = item is not None and key == previous_key and 1 <= previous_line < line
        else:
            continuing = (
                item is not None and key == previous_key and any(key if single_key is None else (key,))
            )
        if not continuing:
            if item is not None:
                records.append(_item(item, lines))
            item = _item_values(number, row, plan)
            lines = []
        previous_key, previous_line = key, line
        content = _line(number, row, plan, numbered=line > 0)
        if content is not None:
            lines.append(content)
    if item is not None:
        records.append(_item(item, lines))
    return records


def _cell_value(number: int, column: str, parse: Callable[[str], Any], cell: str) -> Any:
    try:
        return parse(cell)
    except (ValueError, ArithmeticError) as error:
        raise _cell_error(number, column, cell, error) from None


def _cell_error(number: int, column: str, cell: str, error: Exception) -> UnreadableMessage:
    reason = str(error) if isinstance(error, CellError) else f"{cell.strip()!r} cannot be read ({error})"
    return _located(number, column, reason)


def _item_values(number: int, row: list[str], plan: _Plan) -> dict[str, Any]:
    """The item-level values of an item's first row, by canonical path."""
    values = plan.item.read(number, row) if plan.item is not None else {}
    if plan.constants:
        values = {**plan.constants, **values}
    for indexes, path in plan.spread:
        present = [row[index] for index in indexes if row[index] and not row[index].isspace()]
        if present:
            values[path] = present
    if plan.attributes:
        attributes: dict[str, AttributeValue] = values.get("attributes") or {}
        for index, column, parse, name in plan.attributes:
            cell = row[index]
            if not cell or cell.isspace():
                attributes[name] = None
            else:
                attributes[name] = cell if parse is None else _cell_value(number, column, parse, cell)
        values["attributes"] = attributes
    return values


def _line(number: int, row: list[str], plan: _Plan, *, numbered: bool) -> ContentLine | None:
    """The content line of a row; None when its cells are empty and it has no line number."""
    values = plan.line.read(number, row) if plan.line is not None else {}
    if not values and not numbered:
        return None
    if plan.line_constants:
        values = {**plan.line_constants, **values}
    get = values.get
    return ContentLine(
        description=get("description"),
        quantity=get("quantity"),
        unit=get("unit"),
        net_weight_kg=get("net_weight_kg"),
        value=_money(get("value.amount"), get("value.currency")),
        hs_code=get("hs_code"),
        origin_country=get("origin_country"),
    )


def _cancellation_record(number: int, row: list[str], plan: _Plan) -> Cancellation:
    assert plan.cancellation is not None
    item_id = None
    if plan.item_id is not None:
        index, column, parse = plan.item_id
        cell = row[index]
        if cell and not cell.isspace():
            item_id = cell if parse is None else _cell_value(number, column, parse, cell)
    reason_index = plan.cancellation[2]
    reason = row[reason_index] if reason_index is not None and row[reason_index].strip() else None
    return Cancellation(item_id=item_id, reason=reason)


def _money(amount: Decimal | None, currency: str | None) -> Money | None:
    return None if amount is None and currency is None else Money(amount=amount, currency=currency)


def _party(values: dict[str, Any], party: str) -> Party:
    """A party from its fields; the Item makes an empty one (or an empty address) None."""
    get = values.get
    return Party(
        name=get(f"{party}.name"),
        business=get(f"{party}.business"),
        address=Address(
            lines=get(f"{party}.address.lines") or [],
            city=get(f"{party}.address.city"),
            postcode=get(f"{party}.address.postcode"),
            region=get(f"{party}.address.region"),
            country=get(f"{party}.address.country"),
        ),
        phone=get(f"{party}.phone"),
        email=get(f"{party}.email"),
        reference=get(f"{party}.reference"),
    )


def _item(values: dict[str, Any], lines: list[ContentLine]) -> Item:
    get = values.get
    return Item(
        item_id=get("item_id"),
        mail_class=get("mail_class"),
        origin_post=get("origin_post"),
        destination_post=get("destination_post"),
        origin_country=get("origin_country"),
        destination_country=get("destination_country"),
        posting_date=get("posting_date"),
        categories=get("categories") or [],
        category_explanation=get("category_explanation"),
        sender=_party(values, "sender"),
        addressee=_party(values, "addressee"),
        gross_weight_kg=get("gross_weight_kg"),
        total_value=_money(get("total_value.amount"), get("total_value.currency")),
        postal_charges=_money(get("postal_charges.amount"), get("postal_charges.currency")),
        ioss_number=get("ioss_number"),
        contents=lines,
        documents=Documents(
            invoice=get("documents.invoice"),
            licences=get("documents.licences") or [],
            certificates=get("documents.certificates") or [],
        ),
        comments=get("comments"),
        transport=Transport(
            despatch_id=get("transport.despatch_id"),
            receptacle_id=get("transport.receptacle_id"),
            carrier=get("transport.carrier"),
            flight=get("transport.flight"),
            departure_airport=get("transport.departure_airport"),
            arrival_airport=get("transport.arrival_airport"),
            departure_time=get("transport.departure_time"),
        ),
        attributes=get("attributes"),
    )


# ------------------------------------------------------------------------------------------ CSV


def _text(data: bytes, encoding: str) -> str:
    if len(data) > MAX_MESSAGE_BYTES:
        raise _row_error(
            1, f"the file is {len(data):,} bytes long; ClearPost reads at most {MAX_MESSAGE_BYTES:,}"
        )
    if not data or data.isspace():
        raise UnreadableMessage("The message is empty.", Location(row=1))
    nul = data.find(b"\x00")
    if nul >= 0 and encoding.replace("-", "").lower() not in ("utf16", "utf32", "utf16le", "utf16be"):
        row = data.count(b"\n", 0, nul) + 1
        raise _row_error(row, "the file holds binary data (a NUL byte), not CSV text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        raise _row_error(
            row,
            f"byte {data[error.start]:#04x} at offset {error.start} is not {encoding} text; "
            f"save the file as {encoding}",
        ) from None
    return text.removeprefix("\ufeff")


def read_csv(data: bytes, mapping: ColumnMapping) -> Message:
    """Read a CSV message through `mapping`: one record per item key (one content line per row)."""
    reader = csv.reader(io.StringIO(_text(data, mapping.encoding), newline=""), delimiter=mapping.delimiter)
    try:
        header = next(reader)
    except csv.Error as error:
        raise _row_error(1, f"the CSV is malformed ({error})") from None
    except StopIteration:
        raise UnreadableMessage("The message is empty.", Location(row=1)) from None
    return _read_rows([name.strip() for name in header], reader, mapping, "csv")


def write_csv(records: Sequence[Record], mapping: ColumnMapping) -> bytes:
    """Write records as CSV through `mapping` (RFC 4180: quoted where needed, CRLF line ends)."""
    header, rows = _table(records, mapping, xlsx=False)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=mapping.delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if "\x00" in text:
        raise ValueError("A value holds a NUL character, which CSV cannot carry.")
    return text.encode(mapping.encoding)


# ------------------------------------------------------------------------------------- writing


def _getter(path: str) -> Callable[[Any], Any]:
    parts = path.split(".")

    def get(record: Any) -> Any:
        for part in parts:
            record = getattr(record, part, None)
            if record is None:
                return None
        return record

    return get


def _attribute_getter(name: str) -> Callable[[Item], AttributeValue]:
    return lambda item: (item.attributes or {}).get(name)


def _other_attributes(explicit: set[str]) -> Callable[[Item], dict[str, AttributeValue] | None]:
    """The attributes no `attributes.<name>` field writes: the JSON column's value."""

    def get(item: Item) -> dict[str, AttributeValue] | None:
        if item.attributes is None:
            return None
        return {name: value for name, value in item.attributes.items() if name not in explicit}

    return get


_Writer = tuple[str, Callable[[Any], Any], Callable[[Any], Any]]
"""Column, getter (record → value), formatter (value → cell)."""


def _table(
    records: Sequence[Record], mapping: ColumnMapping, *, xlsx: bool
) -> tuple[list[str], list[list[Any]]]:
    """The header and the rows (cell texts, or XLSX values) of `records`."""
    item_writers: list[_Writer] = []
    line_writers: list[_Writer] = []
    spread: list[tuple[tuple[str, ...], Callable[[Any], Any]]] = []
    explicit = {rule.attribute for rule in mapping.rules if rule.kind == "attribute" and rule.columns}
    item_id: _Writer | None = None
    for rule in mapping.rules:
        if not rule.columns:
            continue
        convert = rule.native if xlsx and rule.native is not None else rule.format
        getter: Callable[[Any], Any]
        if rule.kind == "attribute":
            getter = _attribute_getter(rule.attribute)
        elif rule.kind == "json":
            getter = _other_attributes(explicit)
        else:
            getter = _getter(rule.path.removeprefix("contents.") if rule.level == "line" else rule.path)
        if rule.spreads:
            spread.append((rule.columns, getter))
            continue
        writer = (rule.columns[0], getter, convert)
        (line_writers if rule.level == "line" else item_writers).append(writer)
        if rule.path == "item_id" and item_id is None:
            item_id = writer
    header = list(mapping.columns)
    if mapping.unmapped == "attributes" and not any(
        rule.kind == "json" and rule.columns for rule in mapping.rules
    ):
        known = set(header) | mapping.mapped_columns | explicit
        extra = dict.fromkeys(
            name
            for record in records
            if isinstance(record, Item) and record.attributes
            for name in record.attributes
            if name not in known
        )
        header += list(extra)
    attribute_columns = [name for name in header if name not in mapping.mapped_columns]
    rows: list[list[Any]] = []
    empty = None if xlsx else ""
    for index, record in enumerate(records):
        try:
            if isinstance(record, Cancellation):
                rows.append(_cancellation_row(record, mapping, header, item_id, empty))
                continue
            cells: dict[str, Any] = {}
            if mapping.cancellation is not None and mapping.cancellation.item_value:
                cells[mapping.cancellation.column] = mapping.cancellation.item_value
            for column, get, convert in item_writers:
                if column not in cells and (value := get(record)) is not None:
                    cells[column] = convert(value)
            for columns, get in spread:
                values = get(record) or []
                if len(values) > len(columns):
                    raise ValueError(
                        f"{len(values)} values do not fit the {len(columns)} columns {list(columns)}"
                    )
                cells.update(zip(columns, values, strict=False))
            attributes = record.attributes or {}
            for name in attribute_columns:
                if name not in cells and (value := attributes.get(name)) is not None:
                    cells[name] = _attribute_cell(value, xlsx, mapping.decimal_separator)
            if not record.contents:
                rows.append([cells.get(column, empty) for column in header])
            for number, line in enumerate(record.contents, start=1):
                line_cells = dict(cells)
                for column, get, convert in line_writers:
                    if column not in line_cells and (value := get(line)) is not None:
                        line_cells[column] = convert(value)
                if mapping.line_number:
                    line_cells[mapping.line_number] = number if xlsx else str(number)
                rows.append([line_cells.get(column, empty) for column in header])
        except (ValueError, ArithmeticError) as error:  # OverflowError: a date-time at the edge of time
            raise ValueError(
                f"Record {index + 1} ({record.item_id}) cannot be written "
                f"with mapping {mapping.name}: {error}"
            ) from None
    return header, rows


def _attribute_cell(value: AttributeValue, xlsx: bool, separator: str) -> Any:
    if isinstance(value, bool):
        return value if xlsx else format_boolean(value)
    if isinstance(value, (int, float)):
        if xlsx:
            return native_number(value)
        text = str(value) if isinstance(value, int) else repr(value)
        return text.replace(".", ",") if separator == "," else text
    return value


def _cancellation_row(
    record: Cancellation, mapping: ColumnMapping, header: list[str], item_id: _Writer | None, empty: Any
) -> list[Any]:
    rule = mapping.cancellation
    if rule is None:
        raise ValueError(f"mapping {mapping.name} has no cancellation rows")
    cells: dict[str, Any] = {rule.column: rule.value}
    if record.item_id is not None and item_id is not None:
        column, _, convert = item_id
        cells[column] = convert(record.item_id)
    if rule.reason and record.reason is not None:
        cells[rule.reason] = record.reason
    return [cells.get(column, empty) for column in header]


# ----------------------------------------------------------------------------------------- XLSX


def read_xlsx(data: bytes, mapping: ColumnMapping) -> Message:
    """Read the first sheet (or the mapping's `xlsx.sheet`) of an XLSX workbook through `mapping`."""
    from openpyxl import load_workbook

    if len(data) > MAX_MESSAGE_BYTES:
        raise _row_error(
            1, f"the workbook is {len(data):,} bytes long; ClearPost reads at most {MAX_MESSAGE_BYTES:,}"
        )
    if not data or data.isspace():
        raise UnreadableMessage("The message is empty.", Location(row=1))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise _row_error(1, "the file is not an XLSX workbook (not a zip archive)") from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise _row_error(
            1,
            f"the workbook unpacks to {unpacked:,} bytes; "
            f"ClearPost reads at most {MAX_XLSX_UNPACKED_BYTES:,}",
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for damaged workbooks
        raise _row_error(1, f"the workbook cannot be opened ({type(error).__name__}: {error})") from None
    try:
        if mapping.sheet is not None and mapping.sheet not in workbook.sheetnames:
            raise _row_error(
                1, f"the workbook has no sheet {mapping.sheet!r} (it has {', '.join(workbook.sheetnames)})"
            )
        sheet = workbook[mapping.sheet] if mapping.sheet is not None else workbook.worksheets[0]
        cells = sheet.iter_rows(values_only=True)
        first = _sheet_row(cells, 1)
        if first is None:
            raise UnreadableMessage("The message is empty: the sheet has no rows.", Location(row=1))
        header = [_xlsx_text(value).strip() for value in first]
        while header and not header[-1]:
            header.pop()
        if not header:
            raise UnreadableMessage(
                "The message is empty: the first row holds no column names.", Location(row=1)
            )
        width = len(header)

        def rows() -> Iterator[list[str]]:
            number = 1
            while (values := _sheet_row(cells, number := number + 1)) is not None:
                row = [_xlsx_text(value) for value in values]
                if len(row) > width:
                    if any(row[width:]):
                        raise _row_error(number, f"a value lies right of the last named column ({width})")
                    del row[width:]
                yield row + [""] * (width - len(row))

        return _read_rows(header, rows(), mapping, "xlsx")
    finally:
        workbook.close()


def _sheet_row(cells: Iterator[tuple[Any, ...]], number: int) -> tuple[Any, ...] | None:
    """The next row of a sheet; a damaged sheet is unreadable at that row."""
    try:
        return next(cells)
    except StopIteration:
        return None
    except Exception as error:  # openpyxl raises many kinds for damaged sheets
        raise _row_error(number, f"the sheet cannot be read ({type(error).__name__}: {error})") from None


def _xlsx_text(value: Any) -> str:
    """A cell as the text the CSV reader would see."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return format_boolean(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return (
            value.date().isoformat()
            if value.time() == dt.time() and value.tzinfo is None
            else value.isoformat()
        )
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_FIXED_MOMENT = dt.datetime(2000, 1, 1)


class _ReproducibleZip(zipfile.ZipFile):
    """A zip archive whose entries carry a fixed date, so that equal records give equal bytes."""

    def writestr(
        self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_EPOCH)
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        with open(filename, "rb") as file:
            self.writestr(arcname or filename, file.read())


def write_xlsx(records: Sequence[Record], mapping: ColumnMapping) -> bytes:
    """Write records as an XLSX workbook with one sheet, through `mapping`.

    Amounts, dates and codes are text cells (exact, no Excel reformatting); numbers are numbers
    where Excel keeps them exactly. Text beginning with "=" stays text, never a formula.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils.exceptions import IllegalCharacterError
    from openpyxl.writer.excel import ExcelWriter

    header, rows = _table(records, mapping, xlsx=True)
    workbook = Workbook(write_only=True)
    workbook.properties.created = workbook.properties.modified = _FIXED_MOMENT
    sheet = workbook.create_sheet(mapping.sheet or "items")

    def cell(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("="):
            text = WriteOnlyCell(sheet, value=value)
            text.data_type = "s"
            return text
        return value

    try:
        sheet.append(header)
        for row in rows:
            sheet.append([cell(value) for value in row])
    except IllegalCharacterError as error:
        raise ValueError(
            f"A value holds a character XLSX cannot carry (a control character): {error}"
        ) from None
    buffer = io.BytesIO()
    with _ReproducibleZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return buffer.getvalue()
