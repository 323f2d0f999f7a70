"""The column-mapping language of CSV and XLSX messages: YAML files loaded into a `ColumnMapping`.

A mapping says which column (or constant, or transform of a column) feeds which canonical
field, and how to read the cell (type, list separator, date format, code translations); each
`FieldRule` carries the converters (cell text → value → cell) built from it. Built-in
mappings: `canonical` (every canonical field, one column each) and `kcs` (the Korea Customs
Service synthetic import declarations). The language is described in docs/formats/csv.md; the
readers and writers that apply it are in `clearpost.formats.tabular`.

An invalid mapping is a `ValueError` naming the file and the key; a cell a converter cannot read
is a `CellError`, which the readers locate by row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import msgspec
import yaml

from clearpost.identifiers import RESERVED_SERVICE_LETTERS, iso_countries, make_s10
from clearpost.model import CATEGORIES, MAIL_CLASSES, AttributeValue
from clearpost.yamldoc import load_yaml

BUILTIN_MAPPINGS = ("canonical", "kcs")

# ------------------------------------------------------------------------------ canonical fields

FieldKind = Literal[
    "string",
    "mail_class",
    "float",
    "quantity",
    "decimal",
    "datetime",
    "strings",
    "categories",
    "json",
    "attribute",
]
CellType = Literal["string", "integer", "number", "decimal", "date", "datetime", "boolean", "list", "json"]

_PARTY_FIELDS: dict[str, FieldKind] = {
    "name": "string",
    "business": "string",
    "address.lines": "strings",
    "address.city": "string",
    "address.postcode": "string",
    "address.region": "string",
    "address.country": "string",
    "phone": "string",
    "email": "string",
    "reference": "string",
}
FIELDS: dict[str, FieldKind] = {
    "item_id": "string",
    "mail_class": "mail_class",
    "origin_post": "string",
    "destination_post": "string",
    "origin_country": "string",
    "destination_country": "string",
    "posting_date": "datetime",
    "categories": "categories",
    "category_explanation": "string",
    **{f"sender.{name}": kind for name, kind in _PARTY_FIELDS.items()},
    **{f"addressee.{name}": kind for name, kind in _PARTY_FIELDS.items()},
    "gross_weight_kg": "float",
    "total_value.amount": "decimal",
    "total_value.currency": "string",
    "postal_charges.amount": "decimal",
    "postal_charges.currency": "string",
    "ioss_number": "string",
    "contents.description": "string",
    "contents.quantity": "quantity",
    "contents.unit": "string",
    "contents.net_weight_kg": "float",
    "contents.value.amount": "decimal",
    "contents.value.currency": "string",
    "contents.hs_code": "string",
    "contents.origin_country": "string",
    "documents.invoice": "string",
    "documents.licences": "strings",
    "documents.certificates": "strings",
    "comments": "string",
    "transport.despatch_id": "string",
    "transport.receptacle_id": "string",
    "transport.carrier": "string",
    "transport.flight": "string",
    "transport.departure_airport": "string",
    "transport.arrival_airport": "string",
    "transport.departure_time": "datetime",
    "attributes": "json",
}
"""Every canonical field a column can feed, by path; `attributes.<name>` sets one attribute."""

_TYPES: dict[FieldKind, tuple[CellType, frozenset[CellType]]] = {
    "string": ("string", frozenset({"string"})),
    "mail_class": ("string", frozenset({"string"})),
    "float": ("number", frozenset({"number", "integer"})),
    "quantity": ("number", frozenset({"number", "integer"})),
    "decimal": ("decimal", frozenset({"decimal"})),
    "datetime": ("datetime", frozenset({"datetime", "date"})),
    "strings": ("list", frozenset({"list"})),
    "categories": ("list", frozenset({"list"})),
    "json": ("json", frozenset({"json"})),
    "attribute": ("string", frozenset({"string", "integer", "number", "boolean"})),
}
"""Per field kind: the default cell type, and the cell types it accepts."""


# ----------------------------------------------------------------------------------- cell types

_NUMBER = re.compile(
    r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:inf|infinity|nan)", re.I
)
_PLAIN_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
"""Whole numbers whose text survives int(): no sign, no leading zero (codes like 007 stay text)."""
_TRUE, _FALSE = frozenset({"true", "yes", "1"}), frozenset({"false", "no", "0"})
_attributes_decoder = msgspec.json.Decoder(dict[str, AttributeValue])
_json_encoder = msgspec.json.Encoder()


class CellError(ValueError):
    """A cell that cannot be read as its mapped type; the reader adds the row and the column."""


# int(), float() and Decimal() accept surrounding spaces, which is wanted, and also digit group
# underscores and non-ASCII digits, which are refused here.


def parse_integer(text: str) -> int:
    if text.isascii() and "_" not in text:
        try:
            return int(text)
        except ValueError:
            pass
    raise CellError(f"{text.strip()!r} is not a whole number")


def _parse_float(text: str) -> float:
    if text.isascii() and "_" not in text:
        try:
            return float(text)
        except ValueError:
            pass
    raise CellError(f"{text.strip()!r} is not a number")


def _parse_quantity(text: str) -> int | float:
    """Whole numbers stay whole (`2` → 2) and real ones real (`2.0` → 2.0), as in JSON."""
    if text.isascii() and "_" not in text:
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                pass
    raise CellError(f"{text.strip()!r} is not a number")


def _parse_boolean(text: str) -> bool:
    folded = text.strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError(f"{text!r} is not true or false")


def format_boolean(value: bool) -> str:
    return "true" if value else "false"


def _normalised_code(text: str) -> str:
    """`Sale of goods`, `SALE-OF-GOODS` → `sale_of_goods`: how spreadsheets spell enumerations."""
    return "_".join(text.strip().lower().replace("-", " ").split())


def _parse_mail_class(text: str) -> str:
    if text in MAIL_CLASSES:
        return text
    value = _normalised_code(text)
    if value not in MAIL_CLASSES:
        raise CellError(f"{text!r} is not a mail class ({', '.join(MAIL_CLASSES)})")
    return value


def _parse_category(text: str) -> str:
    if text in CATEGORIES:
        return text
    value = _normalised_code(text)
    if value not in CATEGORIES:
        raise CellError(f"{text!r} is not a category of item ({', '.join(CATEGORIES)})")
    return value


def _parse_attributes(text: str) -> dict[str, AttributeValue]:
    try:
        return _attributes_decoder.decode(text)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise CellError(f"the attributes are not a JSON object of scalars ({error})") from None


def _format_attributes(value: dict[str, AttributeValue]) -> str:
    return _json_encoder.encode(value).decode()


_OFFSET = re.compile(r"([+-])([0-9]{2}):([0-9]{2})")


def _parse_timezone(text: str) -> dt.timezone:
    if text.upper() in ("Z", "UTC"):
        return dt.UTC
    match = _OFFSET.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a UTC offset such as +09:00 or UTC")
    minutes = int(match[2]) * 60 + int(match[3])
    return dt.timezone(dt.timedelta(minutes=-minutes if match[1] == "-" else minutes))


def infer_parser(values: Iterable[str]) -> Callable[[str], AttributeValue] | None:
    """The type of an unmapped column, from all its cells: whole numbers, numbers, booleans or text."""
    present = [value.strip() for value in values if value and not value.isspace()]
    if present and all(_PLAIN_INTEGER.fullmatch(value) for value in present):
        return parse_integer
    if present and all(_NUMBER.fullmatch(value) for value in present):
        return _parse_float
    if present and all(value.lower() in ("true", "false") for value in present):
        return _parse_boolean
    return None


# ------------------------------------------------------------------------------------ the rules


@dataclass(frozen=True, slots=True)
class FieldRule:
    """Where one canonical field comes from: a column, several columns (a list), or a constant."""

    path: str
    kind: FieldKind
    type: CellType
    columns: tuple[str, ...] = ()
    constant: Any = None
    optional: bool = False
    parse: Callable[[str], Any] | None = None
    """Cell text → value; None when the value is the text itself."""
    format: Callable[[Any], str] = str
    """Value → cell text (CSV)."""
    native: Callable[[Any], Any] | None = None
    """Value → XLSX cell value, when it is not the CSV text."""

    @property
    def level(self) -> Literal["item", "line"]:
        return "line" if self.path.startswith("contents.") else "item"

    @property
    def attribute(self) -> str:
        """The struct field it sets, or the attribute name for `attributes.<name>`."""
        return (
            self.path.split(".", 1)[1]
            if self.path.startswith("attributes.")
            else self.path.rpartition(".")[2]
        )

    @property
    def spreads(self) -> bool:
        """A list spread over several columns, one value each (`columns:`)."""
        return self.kind == "strings" and self.parse is None and bool(self.columns)


@dataclass(frozen=True, slots=True)
class CancellationRule:
    """Rows whose `column` holds `value` withdraw the item they name (its `item_id` field).

    Item rows are written with `item_value` in that column (so that no row is ever blank).
    """

    column: str
    value: str
    reason: str | None = None
    item_value: str = ""


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """A loaded, checked column mapping (see `load_mapping` and docs/formats/csv.md)."""

    name: str
    source: str
    description: str = ""
    rules: tuple[FieldRule, ...] = ()
    item_key: tuple[str, ...] = ()
    line_number: str | None = None
    unmapped: Literal["attributes", "ignore"] = "ignore"
    cancellation: CancellationRule | None = None
    columns: tuple[str, ...] = ()
    """The header written, in order (read files may order their columns freely)."""
    delimiter: str = ","
    encoding: str = "utf-8"
    decimal_separator: str = "."
    sheet: str | None = None
    timezone: dt.timezone | None = None
    mapped_columns: frozenset[str] = field(default=frozenset())
    """Every column a field, the line number or the cancellation reads (the others are unmapped)."""


# ------------------------------------------------------------------------------------- loading


class _MappingError(ValueError):
    def __init__(self, source: str, where: str, problem: str) -> None:
        super().__init__(f"Mapping {source}, {where}: {problem}")


_TOP_KEYS = frozenset(
    {
        "mapping",
        "name",
        "description",
        "csv",
        "xlsx",
        "timezone",
        "item_key",
        "line_number",
        "attributes",
        "cancellation",
        "columns",
        "fields",
    }
)
_OPTIONS: dict[str, frozenset[str]] = {
    "list": frozenset({"separator", "values"}),
    "date": frozenset({"format"}),
    "datetime": frozenset({"format"}),
    "decimal": frozenset({"round"}),
    "string": frozenset({"values", "transform", "service", "country"}),
}
"""The options each cell type takes (for a string, `transform` only feeds text fields)."""
_FIELD_KEYS = frozenset({"column", "columns", "constant", "type", "optional"}).union(*_OPTIONS.values())


def load_mapping(name_or_path: str) -> ColumnMapping:
    """A built-in mapping by name (`canonical`, `kcs`) or a mapping file by path.

    Raises ValueError naming the file and the key when the mapping is invalid.
    """
    if name_or_path in BUILTIN_MAPPINGS:
        return _builtin(name_or_path)
    path = Path(name_or_path)
    if not path.is_file():
        raise ValueError(
            f"Mapping {name_or_path!r} is neither a built-in mapping "
            f"({', '.join(BUILTIN_MAPPINGS)}) nor a file."
        )
    return _parse_mapping(path.read_text(encoding="utf-8"), str(path))


@cache
def _builtin(name: str) -> ColumnMapping:
    text = (
        resources.files("clearpost.formats").joinpath("mappings", f"{name}.yaml").read_text(encoding="utf-8")
    )
    return _parse_mapping(text, f"{name} (built-in)")


def _parse_mapping(text: str, source: str) -> ColumnMapping:
    try:
        document = load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "YAML"
        raise _MappingError(source, where, f"not valid YAML ({getattr(error, 'problem', error)})") from None
    if not isinstance(document, dict):
        raise _MappingError(
            source, "top level", "a mapping file is a YAML object with `mapping: 1` and `fields`"
        )
    unknown = set(document) - _TOP_KEYS
    if unknown:
        raise _MappingError(
            source, f"key {sorted(unknown)[0]!r}", f"unknown; the keys are {', '.join(sorted(_TOP_KEYS))}"
        )
    if document.get("mapping") != 1:
        raise _MappingError(source, "mapping", "must be 1 (the version of the mapping language)")
    name = _string(document, "name", source, required=True)
    assert name is not None
    csv_options = _options(document, "csv", {"delimiter", "encoding", "decimal_separator"}, source)
    xlsx_options = _options(document, "xlsx", {"sheet"}, source)
    delimiter = str(csv_options.get("delimiter", ","))
    if len(delimiter) != 1 or delimiter in '"\r\n':
        raise _MappingError(source, "csv.delimiter", "must be one character, not a quote or a line break")
    encoding = str(csv_options.get("encoding", "utf-8"))
    try:
        "".encode(encoding)
    except LookupError:
        raise _MappingError(source, "csv.encoding", f"unknown encoding {encoding!r}") from None
    decimal_separator = str(csv_options.get("decimal_separator", "."))
    if decimal_separator not in (".", ","):
        raise _MappingError(source, "csv.decimal_separator", "must be '.' or ','")
    if decimal_separator == delimiter:
        raise _MappingError(source, "csv.decimal_separator", "cannot be the delimiter")
    timezone = None
    if "timezone" in document:
        try:
            timezone = _parse_timezone(str(document["timezone"]))
        except ValueError as error:
            raise _MappingError(source, "timezone", str(error)) from None
    fields = document.get("fields")
    if not isinstance(fields, dict) or not fields:
        raise _MappingError(source, "fields", "must map canonical field paths to columns or constants")
    settings = _Settings(source, decimal_separator, timezone)
    rules = tuple(_rule(str(path), spec, settings) for path, spec in fields.items())
    if not any(rule.columns for rule in rules):
        raise _MappingError(source, "fields", "no field is read from a column")
    item_key = _column_list(document.get("item_key"), "item_key", source)
    if not item_key:
        item_key = next((rule.columns for rule in rules if rule.path == "item_id" and rule.columns), ())
    if not item_key:
        raise _MappingError(source, "item_key", "name the column(s) that identify an item (or map item_id)")
    line_number = _string(document, "line_number", source)
    attributes = document.get("attributes", "none")
    if attributes not in ("unmapped", "none"):
        raise _MappingError(source, "attributes", "must be `unmapped` (keep unmapped columns) or `none`")
    cancellation = _cancellation(document.get("cancellation"), source)
    named = {column for rule in rules for column in rule.columns}
    named |= {line_number} if line_number else set()
    if cancellation is not None:
        named |= {cancellation.column} | ({cancellation.reason} if cancellation.reason else set())
        if not any(rule.path == "item_id" and rule.columns for rule in rules):
            raise _MappingError(source, "cancellation", "needs item_id mapped to a column")
    columns = _column_list(document.get("columns"), "columns", source)
    optional = {column for rule in rules if rule.optional for column in rule.columns}
    required = [
        column for column in _ordered(rules, item_key, line_number, cancellation) if column not in optional
    ]
    missing = [column for column in required if column not in columns]
    if columns and missing:
        raise _MappingError(source, "columns", f"lacks the mapped column {missing[0]!r}")
    return ColumnMapping(
        name=name,
        source=source,
        description=_string(document, "description", source) or "",
        rules=rules,
        item_key=item_key,
        line_number=line_number,
        unmapped="attributes" if attributes == "unmapped" else "ignore",
        cancellation=cancellation,
        columns=columns or tuple(_ordered(rules, item_key, line_number, cancellation)),
        delimiter=delimiter,
        encoding=encoding,
        decimal_separator=decimal_separator,
        sheet=xlsx_options.get("sheet"),
        timezone=timezone,
        mapped_columns=frozenset(named),
    )


def _ordered(
    rules: Iterable[FieldRule],
    item_key: Iterable[str],
    line_number: str | None,
    cancellation: CancellationRule | None,
) -> list[str]:
    """The columns a mapping writes when it does not list them: in the order it names them."""
    names = list(item_key)
    names += [column for rule in rules for column in rule.columns]
    if line_number:
        names.append(line_number)
    if cancellation is not None:
        names.append(cancellation.column)
        if cancellation.reason:
            names.append(cancellation.reason)
    return list(dict.fromkeys(names))


def _string(document: dict[str, Any], key: str, source: str, *, required: bool = False) -> str | None:
    value = document.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise _MappingError(source, key, "must be a non-empty string")
    return value


def _options(document: dict[str, Any], key: str, allowed: set[str], source: str) -> dict[str, Any]:
    options = document.get(key) or {}
    if not isinstance(options, dict):
        raise _MappingError(source, key, "must be an object")
    for option in options:
        if option not in allowed:
            raise _MappingError(
                source, f"{key}.{option}", f"unknown; the options are {', '.join(sorted(allowed))}"
            )
    return options


def _column_list(value: Any, where: str, source: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(column, str) and column for column in value):
        raise _MappingError(source, where, "must be a column name or a list of column names")
    if len(set(value)) != len(value):
        raise _MappingError(source, where, "names a column twice")
    return tuple(value)


def _cancellation(value: Any, source: str) -> CancellationRule | None:
    if value is None:
        return None
    keys = {"column", "value", "reason", "item_value"}
    if not isinstance(value, dict) or set(value) - keys or "column" not in value:
        raise _MappingError(
            source, "cancellation", "must be {column: ..., value: ..., reason: ..., item_value: ...}"
        )
    return CancellationRule(
        str(value["column"]),
        str(value.get("value", "cancellation")),
        value.get("reason"),
        str(value.get("item_value", "")),
    )


@dataclass(frozen=True, slots=True)
class _Settings:
    source: str
    decimal_separator: str
    timezone: dt.timezone | None


def _rule(path: str, spec: Any, settings: _Settings) -> FieldRule:
    where = f"fields.{path}"
    source = settings.source
    if path.startswith("attributes.") and len(path) > len("attributes."):
        kind: FieldKind = "attribute"
    elif path in FIELDS:
        kind = FIELDS[path]
    else:
        raise _MappingError(source, where, "not a canonical field (see docs/formats/csv.md for the list)")
    if isinstance(spec, str):
        spec = {"column": spec}
    if not isinstance(spec, dict):
        raise _MappingError(source, where, "must be a column name or an object")
    unknown = set(spec) - _FIELD_KEYS
    if unknown:
        raise _MappingError(
            source, f"{where}.{sorted(unknown)[0]}", f"unknown; the keys are {', '.join(sorted(_FIELD_KEYS))}"
        )
    sources = [key for key in ("column", "columns", "constant") if key in spec]
    if len(sources) != 1:
        raise _MappingError(source, where, "needs exactly one of column, columns or constant")
    default, allowed = _TYPES[kind]
    cell_type = spec.get("type", default)
    if cell_type not in allowed:
        raise _MappingError(
            source, f"{where}.type", f"must be one of {', '.join(sorted(allowed))} for this field"
        )
    try:
        parse, format_, native = _converters(kind, cell_type, spec, settings)
    except ValueError as error:
        raise _MappingError(source, where, str(error)) from None
    columns: tuple[str, ...] = ()
    constant: Any = None
    if "column" in spec:
        if not isinstance(spec["column"], str) or not spec["column"]:
            raise _MappingError(source, f"{where}.column", "must be a column name")
        columns = (spec["column"],)
    elif "columns" in spec:
        if kind != "strings":
            raise _MappingError(
                source, f"{where}.columns", "only a list of text (address lines, licences…) spans columns"
            )
        columns = _column_list(spec["columns"], f"{where}.columns", source)
        parse = None
    else:
        try:
            constant = _constant(spec["constant"], parse)
        except ValueError as error:
            raise _MappingError(source, f"{where}.constant", str(error)) from None
    optional = spec.get("optional", False)
    if not isinstance(optional, bool):
        raise _MappingError(source, f"{where}.optional", "must be true or false")
    return FieldRule(path, kind, cell_type, columns, constant, optional, parse, format_, native)


def _constant(value: Any, parse: Callable[[str], Any] | None) -> Any:
    if isinstance(value, (dict, list)):
        raise ValueError("a constant is one scalar value")
    text = format_boolean(value) if isinstance(value, bool) else str(value)
    return text if parse is None else parse(text)


_Converters = tuple[Callable[[str], Any] | None, Callable[[Any], str], Callable[[Any], Any] | None]


def _converters(
    kind: FieldKind, cell_type: CellType, spec: dict[str, Any], settings: _Settings
) -> _Converters:
    """The parser (text → value), the CSV formatter and the XLSX formatter of one field."""
    options = set(spec) & _FIELD_KEYS - {"column", "columns", "constant", "type", "optional"}
    accepted = _OPTIONS.get(cell_type, frozenset())
    if kind == "mail_class":
        accepted = frozenset({"values"})
    elif kind == "attribute":
        accepted = frozenset()
    if options - accepted:
        raise ValueError(f"option {sorted(options - accepted)[0]!r} does not apply to this field")
    values = _values(spec.get("values"))
    if cell_type == "string" and kind in ("string", "mail_class"):
        return _text_converters(kind, spec, values)
    if cell_type == "list":
        return _list_converters(kind, spec, values)
    if cell_type in ("date", "datetime"):
        return _moment_converters(cell_type, spec.get("format"), settings.timezone)
    if cell_type == "decimal":
        return _decimal_converters(spec.get("round"), settings.decimal_separator)
    if cell_type == "json":
        return _parse_attributes, _format_attributes, None
    if cell_type == "boolean":
        return _parse_boolean, format_boolean, _identity
    if cell_type == "string":  # an attribute
        return None, str, None
    return _number_converters(kind, cell_type, settings.decimal_separator)


def _identity(value: Any) -> Any:
    return value


def _values(values: Any) -> dict[str, str]:
    if values is None:
        return {}
    if not isinstance(values, dict) or not values:
        raise ValueError("values must translate cell values to canonical ones, e.g. {G: gift}")
    return {str(key).strip(): str(value) for key, value in values.items()}


def _translated(parse: Callable[[str], Any] | None, values: dict[str, str]) -> Callable[[str], Any] | None:
    if not values:
        return parse
    if parse is None:
        return lambda text: values.get(text.strip(), text)
    return lambda text: parse(values.get(text.strip(), text))


def _untranslated(values: dict[str, str]) -> Callable[[str], str]:
    back = {value: key for key, value in reversed(list(values.items()))}
    return lambda value: back.get(value, value)


def _text_converters(kind: FieldKind, spec: dict[str, Any], values: dict[str, str]) -> _Converters:
    base: Callable[[str], Any] | None = _parse_mail_class if kind == "mail_class" else None
    if spec.get("transform") is not None:
        if spec["transform"] != "s10":
            raise ValueError(f"unknown transform {spec['transform']!r}; the transform is s10")
        parse, format_ = _s10_converters(spec.get("service"), spec.get("country"))
        return parse, format_, None
    if "service" in spec or "country" in spec:
        raise ValueError("service and country go with transform: s10")
    back = _untranslated(values)
    return _translated(base, values), (back if values else str), None


def _s10_converters(service: Any, country: Any) -> tuple[Callable[[str], str], Callable[[Any], str]]:
    """Item ids for rows that have none: make_s10(service, the cell's number, country)."""
    if (
        not (isinstance(service, str) and re.fullmatch(r"[A-Z]{2}", service))
        or service[0] in RESERVED_SERVICE_LETTERS
    ):
        raise ValueError(
            "transform s10 needs a service indicator of two capital letters, not starting J K S T W"
        )
    if not isinstance(country, str) or country not in iso_countries():
        raise ValueError("transform s10 needs the ISO 3166-1 alpha-2 country of the issuing Post")
    pattern = re.compile(rf"{service}([0-9]{{8}})[0-9]{country}")

    def parse(text: str) -> str:
        digits = text.strip()
        if not digits.isascii() or not digits.isdigit():
            raise CellError(f"{text!r} is not a number, so no S10 identifier can be made from it")
        if len(digits.lstrip("0")) > 8:
            raise CellError(f"{text!r} has more than 8 digits, the size of an S10 serial number")
        return make_s10(service, int(digits), country)

    def format_(item_id: Any) -> str:
        match = pattern.fullmatch(str(item_id))
        if match is None:
            raise ValueError(f"the item id {item_id!r} was not made by transform s10 ({service}…{country})")
        return str(int(match[1]))

    return parse, format_


def _list_converters(kind: FieldKind, spec: dict[str, Any], values: dict[str, str]) -> _Converters:
    separator = spec.get("separator", "|")
    if not isinstance(separator, str) or not separator:
        raise ValueError("separator must be a non-empty string")
    element = _translated(_parse_category if kind == "categories" else None, values)
    back = _untranslated(values)

    def parse(text: str) -> list[str]:
        parts = text.split(separator)
        return parts if element is None else [element(part) for part in parts]

    def format_(items: list[str]) -> str:
        for value in items:
            if separator in value:
                raise ValueError(f"the list value {value!r} contains the separator {separator!r}")
        return separator.join(back(value) for value in items) if values else separator.join(items)

    return parse, format_, None


def _moment_converters(cell_type: CellType, pattern: Any, timezone: dt.timezone | None) -> _Converters:
    if pattern is not None and not isinstance(pattern, str):
        raise ValueError("format must be a strftime pattern such as %d.%m.%Y")
    if cell_type == "date" and timezone is None:
        raise ValueError(
            "a date cell needs the mapping's timezone (e.g. timezone: '+09:00') to make a date-time"
        )
    what = "date" if cell_type == "date" else "date-time"
    example = pattern or ("YYYY-MM-DD" if cell_type == "date" else "YYYY-MM-DDThh:mm:ss+hh:mm")

    def parse(text: str) -> dt.datetime:
        text = text.strip()
        try:
            if pattern is not None:
                moment = dt.datetime.strptime(text, pattern)
            elif cell_type == "date":
                moment = dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
            else:
                moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise CellError(f"{text!r} is not a {what} ({example})") from None
        if moment.tzinfo is None:
            if timezone is None:
                raise CellError(f"{text!r} has no UTC offset (e.g. +01:00) and the mapping sets no timezone")
            moment = moment.replace(tzinfo=timezone)
        return moment

    def format_(moment: dt.datetime) -> str:
        if cell_type == "date":
            assert timezone is not None
            local = moment.astimezone(timezone)
            return local.strftime(pattern) if pattern else local.date().isoformat()
        return moment.strftime(pattern) if pattern else moment.isoformat()

    return parse, format_, None


def _decimal_converters(places: Any, separator: str) -> _Converters:
    if places is not None and (
        not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 12
    ):
        raise ValueError("round must be a number of decimal places from 0 to 12")
    quantum = Decimal(1).scaleb(-places) if places is not None else None

    def parse(text: str) -> Decimal:
        cleaned = text.replace(",", ".") if separator == "," else text
        if cleaned.isascii() and "_" not in cleaned:
            try:
                amount = Decimal(cleaned)
            except ArithmeticError:
                pass
            else:
                if amount.is_finite():
                    return amount.quantize(quantum, ROUND_HALF_UP) if quantum is not None else amount
        raise CellError(f"{text.strip()!r} is not a decimal amount (e.g. 12{separator}50)")

    def format_(amount: Decimal) -> str:
        if not amount.is_finite():
            raise ValueError(f"the amount {amount} is not a finite number")
        return str(amount).replace(".", ",") if separator == "," else str(amount)

    return parse, format_, None


def _number_converters(kind: FieldKind, cell_type: CellType, separator: str) -> _Converters:
    base: Callable[[str], Any]
    if cell_type == "integer":
        base = parse_integer if kind != "float" else lambda text: float(parse_integer(text))
    else:
        base = _parse_quantity if kind == "quantity" else _parse_float

    if separator == ",":

        def parse(text: str) -> Any:
            return base(text.replace(",", "."))

        def format_(value: Any) -> str:
            return (str(value) if isinstance(value, int) else repr(value)).replace(".", ",")

    else:
        parse = base

        def format_(value: Any) -> str:
            return str(value) if isinstance(value, int) else repr(value)

    return parse, format_, native_number


def native_number(value: int | float) -> int | float | str:
    """A number XLSX keeps exactly stays a number; others (2.0, 2**60, 0.1+0.2) are written as text."""
    if isinstance(value, int):
        return value if abs(value) < 2**53 else str(value)
    if value != value or value in (float("inf"), float("-inf")) or value.is_integer():
        return repr(value)
    return value if float(f"{value:.16g}") == value else repr(value)
