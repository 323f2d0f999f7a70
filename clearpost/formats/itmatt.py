"""ITMATT (UPU M33, item attribute message) as XML under ClearPost's own schema, itmatt.xsd.

The UPU schema is not public, so ClearPost publishes its own, modelled on ITMATT's content:
`message / msgbody / item` (or `cancellation`), element names = canonical field names, in
the namespace `urn:clearpost:itmatt:1`. See docs/formats/itmatt.md.

Reading is defensive: a document with a DOCTYPE is refused before any tree is built (no DTD,
so no entity expansion, no external fetches), entities are never resolved, the network is
off, size and nesting are bounded, and every document is validated against the XSD before its
values are read. The first problem becomes an `UnreadableMessage` with a line and a path.
This module parses, validates and writes; the values are read from the validated document by
`clearpost.formats.itmatt_schema`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import re
import threading
from collections.abc import Sequence
from decimal import Decimal
from importlib import resources
from typing import Any, cast

from lxml import etree

from clearpost.bulk import cycle_collector_paused
from clearpost.formats.base import Message, UnreadableMessage
from clearpost.formats.itmatt_schema import (
    NoFastPathError,
    UnrepresentableError,
    document_text,
    local_name,
    read_fast,
    read_record,
)
from clearpost.model import AttributeValue, Cancellation, Item, Location, Money, Party, Record

NAMESPACE = "urn:clearpost:itmatt:1"
MAX_MESSAGE_BYTES = 512 * 1024 * 1024
"""Larger documents are refused unread; split them into several messages."""
MAX_DEPTH = 256
"""Elements nested deeper are refused by the parser (libxml2's limit without `huge_tree`)."""

_Q = "{" + NAMESPACE + "}"
_REPEATED = frozenset(
    {
        "item",
        "cancellation",
        "line",
        "category",
        "licence",
        "certificate",
        "string",
        "integer",
        "number",
        "boolean",
        "null",
    }
)
"""Elements that may repeat: their paths carry a 1-based index, e.g. `item[3]`."""


# ------------------------------------------------------------------------------ parsing tools


class _Tools(threading.local):
    """One parser and one compiled schema per thread: lxml shares neither safely across threads."""

    def __init__(self) -> None:
        self.parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            remove_blank_text=True,
            collect_ids=False,
        )
        self.schema = etree.XMLSchema(etree.fromstring(_schema_bytes()))


@functools.cache
def _schema_bytes() -> bytes:
    return resources.files("clearpost.formats").joinpath("itmatt.xsd").read_bytes()


_tools = _Tools()

_SPACE = re.compile(rb"[ \t\r\n]*")
_START = Location(line=1, column=1)


def _root_offset(data: bytes) -> int | None:
    """Refuse a document type declaration (XXE, entity bombs, external DTDs) before parsing.

    Only the prolog is looked at: the XML declaration, comments and processing instructions
    are skipped up to the first markup that is not one of them. Returns the byte offset of the
    root element in an ASCII-compatible document, None in a UTF-16 one.
    """
    if data.startswith((b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        raise UnreadableMessage(
            "The message is in UTF-32, which ClearPost does not read; send UTF-8.", _START
        )
    wide = data.startswith((b"\xfe\xff", b"\xff\xfe", b"\x00<", b"<\x00"))
    if wide:
        encoding = (
            "utf-16"
            if data[:2] in (b"\xfe\xff", b"\xff\xfe")
            else ("utf-16-be" if data[0] == 0 else "utf-16-le")
        )
        data = data.decode(encoding, errors="replace").encode()
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        position = _SPACE.match(data, position).end()  # type: ignore[union-attr]  # always matches
        if data.startswith(b"<?", position):
            terminator = b"?>"
        elif data.startswith(b"<!--", position):
            terminator = b"-->"
        else:
            break
        end = data.find(terminator, position + 2)
        if end < 0:
            return None  # unterminated: the parser says where
        position = end + len(terminator)
    if data[position : position + 9].upper() == b"<!DOCTYPE":
        line = data.count(b"\n", 0, position) + 1
        raise UnreadableMessage(
            f"Line {line}: the document has a DOCTYPE declaration; ClearPost refuses DTDs and entity "
            "declarations in ITMATT messages (they can read local files or exhaust memory). Remove it.",
            Location(line=line, path="/"),
        )
    if position < len(data) and data[position : position + 1] != b"<":
        raise UnreadableMessage("The message is not an XML document: it does not begin with '<'.", _START)
    return None if wide else position


def _parse(data: bytes) -> tuple[etree._Element, int | None]:
    """The document's root element, and its byte offset when the document is ASCII-compatible."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise UnreadableMessage(
            f"The message is {len(data):,} bytes long; ClearPost reads ITMATT messages of at most "
            f"{MAX_MESSAGE_BYTES:,} bytes. Split it into several messages.",
            _START,
        )
    if not data or data.isspace():
        raise UnreadableMessage("The message is empty.", _START)
    root_offset = _root_offset(data)
    try:
        root = etree.fromstring(data, _tools.parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        reason = (error.msg or str(error)).split(f", line {line}")[0].rstrip(". ")
        if "Excessive depth" in reason:
            reason = f"elements are nested more than {MAX_DEPTH} levels deep"
        raise UnreadableMessage(
            f"Line {line}, column {column}: the XML is not well-formed: {reason}.",
            Location(line=line, column=column),
        ) from None
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype:  # a DOCTYPE in an exotic encoding slipped past the scan
        raise UnreadableMessage("The document has a DOCTYPE declaration; ClearPost refuses DTDs.", _START)
    return root, root_offset


# ------------------------------------------------------------------- validation and locations


def _path(element: etree._Element) -> str:
    """XPath-like path without namespaces: /message/msgbody/item[3]/contents/line[1]/quantity."""
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        name = etree.QName(node).localname
        if name in _REPEATED and node.getparent() is not None:
            index = sum(1 for sibling in node.itersiblings(preceding=True) if sibling.tag == node.tag) + 1
            name = f"{name}[{index}]"
        steps.append(name)
        node = node.getparent()
    return "/" + "/".join(reversed(steps))


_FRIENDLY_TYPES = {
    "xs:decimal": "decimal number (e.g. 12.50)",
    "xs:double": "number (e.g. 2, 0.48)",
    "xs:integer": "whole number",
    "xs:boolean": "boolean (true or false)",
    "xs:dateTime": "date-time (e.g. 2026-11-20T10:15:00+01:00)",
    "DateTimeWithOffset": "date-time with a UTC offset (e.g. 2026-11-20T10:15:00+01:00)",
}
_ATOMIC = re.compile(r"^'(?P<value>.*)' is not a valid value of the atomic type '(?P<type>[^']+)'\.?$", re.S)
_PATTERN = re.compile(
    r"^\[facet 'pattern'\] The value '(?P<value>.*)' is not accepted by the pattern .*$", re.S
)
_ENUMERATION = re.compile(
    r"^\[facet 'enumeration'\] The value '(?P<value>.*)' is not an element of the set \{(?P<set>.*)\}\.?$",
    re.S,
)
_NOT_EXPECTED = re.compile(
    r"^This element is not expected\.(?: Expected is(?: one of)? \( (?P<set>.*) \))?\.?$", re.S
)
_MISSING = re.compile(r"^Missing child element\(s\)\. Expected is(?: one of)? \( (?P<set>.*) \)\.?$", re.S)
_DUPLICATE = re.compile(r"^Duplicate key-sequence \['(?P<value>.*)'\] in unique identity-constraint.*$", re.S)
_PREFIX = re.compile(r"^Element '[^']*'(?:, attribute '[^']*')?: ")


def _explain(message: str, element: etree._Element | None) -> str:
    """A schema error in words for a Post's IT staff, without namespaces or libxml2 jargon."""
    text = _PREFIX.sub("", message.replace(_Q, "")).strip()
    name = etree.QName(element).localname if element is not None else ""
    if match := _ATOMIC.match(text):
        kind = _FRIENDLY_TYPES.get(match["type"], match["type"])
        return f"{match['value']!r} is not a valid {kind}"
    if match := _PATTERN.match(text):
        return f"{match['value']!r} is not a date-time with a UTC offset (e.g. 2026-11-20T10:15:00+01:00)"
    if match := _ENUMERATION.match(text):
        allowed = ", ".join(value.strip(" '") for value in match["set"].split(","))
        return f"{match['value']!r} is not one of: {allowed}"
    if match := _NOT_EXPECTED.match(text):
        if match["set"]:
            return f"element <{name}> is not expected here; expected one of: {match['set']}"
        return f"element <{name}> is not expected here"
    if match := _MISSING.match(text):
        return f"<{name}> lacks an element; expected one of: {match['set']}"
    if text.startswith("Character content other than whitespace is not allowed"):
        return f"text is not allowed directly inside <{name}>, only elements"
    if match := _DUPLICATE.match(text):
        return f"the attribute name {match['value']!r} appears twice"
    if text.startswith("No matching global declaration available for the validation root"):
        return (
            f'the root element is <{name}>; an ITMATT message is a <message xmlns="{NAMESPACE}"> '
            "element with a <msgbody> of <item> and <cancellation> elements"
        )
    return text.rstrip(".")


def _validate(root: etree._Element) -> None:
    schema = _tools.schema
    if schema.validate(root):
        return
    errors: Any = schema.error_log  # lxml-stubs lack its sequence protocol
    error = errors[0]
    element: etree._Element | None = None
    try:
        found = root.getroottree().xpath(error.path) if error.path else []
    except etree.XPathError:
        found = []
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        element = found[0]
    path = _path(element) if element is not None else (error.path or "/")
    line = cast(int | None, element.sourceline if element is not None else None) or error.line
    raise UnreadableMessage(
        f"Line {line}, {path}: {_explain(error.message, element)}.", Location(line=line, path=path)
    )


def read_itmatt(data: bytes) -> Message:
    """Read an ITMATT message: its items and cancellations in order, and its header."""
    root, root_offset = _parse(data)
    _validate(root)
    header = root.find(_Q + "header")
    body = root.find(_Q + "msgbody")
    assert body is not None  # the schema requires it
    try:
        with cycle_collector_paused():
            try:
                records = read_fast(body, *document_text(data, root_offset, body)) if len(body) else []
            except NoFastPathError:
                records = [read_record(element) for element in body]
    except UnrepresentableError as error:
        element = error.element
        line = cast(int | None, element.sourceline) or 1
        path = _path(element)
        raise UnreadableMessage(
            f"Line {line}, {path}: {element.text!r} is not a value ClearPost can represent.",
            Location(line=line, path=path),
        ) from None
    envelope = {local_name(child): child.text or "" for child in header} if header is not None else {}
    return Message(
        format="itmatt",
        records=records,
        sender=envelope.get("sender"),
        recipient=envelope.get("recipient"),
        reference=envelope.get("reference"),
    )


# ----------------------------------------------------------------------------------- writing


def _format_float(value: float) -> str:
    if math.isfinite(value):
        return repr(value)
    return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")


def _format_quantity(value: int | float) -> str:
    return str(value) if isinstance(value, int) else _format_float(value)


def _format_decimal(value: Decimal) -> str:
    """The amount's own text ("12.50" stays "12.50"); exponent forms in plain notation (same value)."""
    if not value.is_finite():
        raise ValueError(f"the amount {value} is not a finite number and cannot be written as xs:decimal")
    text = str(value)
    return format(value, "f") if "E" in text else text


_MAX_OFFSET = dt.timedelta(hours=14)


def _format_datetime(value: dt.datetime) -> str:
    """ISO 8601 with offset. Offsets xs:dateTime cannot hold (seconds, beyond ±14:00) become UTC."""
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(f"the date-time {value.isoformat()} has no UTC offset")
    if offset % dt.timedelta(minutes=1) or abs(offset) > _MAX_OFFSET:
        value = value.astimezone(dt.UTC)
    return value.isoformat()


# The writer builds the text directly (four times faster than building an lxml tree): every
# value goes through _escaped, and the finished document is checked for characters XML 1.0
# cannot carry. Its output is what lxml's pretty printer would write.

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_INDENT = "  "


def _escaped(text: str) -> str:
    """Text content: markup characters as references; a carriage return as `&#13;`, since
    XML turns a raw one into a line feed."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _escaped_attribute(text: str) -> str:
    """An attribute value in double quotes: whitespace other than spaces as references, which
    attribute-value normalisation would otherwise turn into spaces."""
    text = _escaped(text).replace('"', "&quot;")
    return text.replace("\n", "&#10;").replace("\t", "&#9;")


def _put(out: list[str], indent: str, name: str, text: str | None) -> None:
    if text is not None:
        out.append(f"{indent}<{name}>{_escaped(text)}</{name}>\n" if text else f"{indent}<{name}/>\n")


def _open(out: list[str], indent: str, name: str) -> int:
    out.append(f"{indent}<{name}>\n")
    return len(out)


def _close(out: list[str], opened: int, indent: str, name: str) -> None:
    """Close an element opened by `_open`, as an empty element if nothing was put in it."""
    if len(out) == opened:
        out[-1] = f"{indent}<{name}/>\n"
    else:
        out.append(f"{indent}</{name}>\n")


def _put_money(out: list[str], indent: str, name: str, money: Money | None) -> None:
    if money is None:
        return
    opened = _open(out, indent, name)
    inner = indent + _INDENT
    if money.amount is not None:
        _put(out, inner, "amount", _format_decimal(money.amount))
    _put(out, inner, "currency", money.currency)
    _close(out, opened, indent, name)


def _put_party(out: list[str], indent: str, name: str, party: Party | None) -> None:
    if party is None:
        return
    opened = _open(out, indent, name)
    inner = indent + _INDENT
    _put(out, inner, "name", party.name)
    _put(out, inner, "business", party.business)
    if party.address is not None:
        address = party.address
        address_opened = _open(out, inner, "address")
        deeper = inner + _INDENT
        for line in address.lines:
            _put(out, deeper, "line", line)
        _put(out, deeper, "city", address.city)
        _put(out, deeper, "postcode", address.postcode)
        _put(out, deeper, "region", address.region)
        _put(out, deeper, "country", address.country)
        _close(out, address_opened, inner, "address")
    _put(out, inner, "phone", party.phone)
    _put(out, inner, "email", party.email)
    _put(out, inner, "reference", party.reference)
    _close(out, opened, indent, name)


def _put_attributes(out: list[str], indent: str, attributes: dict[str, AttributeValue] | None) -> None:
    if attributes is None:
        return
    opened = _open(out, indent, "attributes")
    inner = indent + _INDENT
    for name, value in attributes.items():
        if value is None:
            kind, text = "null", ""
        elif isinstance(value, bool):
            kind, text = "boolean", "true" if value else "false"
        elif isinstance(value, int):
            kind, text = "integer", str(value)
        elif isinstance(value, float):
            kind, text = "number", _format_float(value)
        elif isinstance(value, str):
            kind, text = "string", _escaped(value)
        else:
            raise ValueError(f"the attribute {name!r} is a {type(value).__name__}, not a flat scalar")
        label = f'{kind} name="{_escaped_attribute(name)}"'
        out.append(f"{inner}<{label}>{text}</{kind}>\n" if text else f"{inner}<{label}/>\n")
    _close(out, opened, indent, "attributes")


def _put_item(out: list[str], indent: str, item: Item) -> None:
    opened = _open(out, indent, "item")
    inner = indent + _INDENT
    deeper = inner + _INDENT
    _put(out, inner, "item_id", item.item_id)
    _put(out, inner, "mail_class", item.mail_class)
    _put(out, inner, "origin_post", item.origin_post)
    _put(out, inner, "destination_post", item.destination_post)
    _put(out, inner, "origin_country", item.origin_country)
    _put(out, inner, "destination_country", item.destination_country)
    if item.posting_date is not None:
        _put(out, inner, "posting_date", _format_datetime(item.posting_date))
    if item.categories:
        categories = _open(out, inner, "categories")
        for category in item.categories:
            _put(out, deeper, "category", category)
        _close(out, categories, inner, "categories")
    _put(out, inner, "category_explanation", item.category_explanation)
    _put_party(out, inner, "sender", item.sender)
    _put_party(out, inner, "addressee", item.addressee)
    if item.gross_weight_kg is not None:
        _put(out, inner, "gross_weight_kg", _format_float(item.gross_weight_kg))
    _put_money(out, inner, "total_value", item.total_value)
    _put_money(out, inner, "postal_charges", item.postal_charges)
    _put(out, inner, "ioss_number", item.ioss_number)
    if item.contents:
        contents = _open(out, inner, "contents")
        deepest = deeper + _INDENT
        for line in item.contents:
            line_opened = _open(out, deeper, "line")
            _put(out, deepest, "description", line.description)
            if line.quantity is not None:
                _put(out, deepest, "quantity", _format_quantity(line.quantity))
            _put(out, deepest, "unit", line.unit)
            if line.net_weight_kg is not None:
                _put(out, deepest, "net_weight_kg", _format_float(line.net_weight_kg))
            _put_money(out, deepest, "value", line.value)
            _put(out, deepest, "hs_code", line.hs_code)
            _put(out, deepest, "origin_country", line.origin_country)
            _close(out, line_opened, deeper, "line")
        _close(out, contents, inner, "contents")
    documents = item.documents
    if documents.invoice is not None or documents.licences or documents.certificates:
        documents_opened = _open(out, inner, "documents")
        _put(out, deeper, "invoice", documents.invoice)
        for licence in documents.licences:
            _put(out, deeper, "licence", licence)
        for certificate in documents.certificates:
            _put(out, deeper, "certificate", certificate)
        _close(out, documents_opened, inner, "documents")
    _put(out, inner, "comments", item.comments)
    if item.transport is not None:
        transport = item.transport
        transport_opened = _open(out, inner, "transport")
        _put(out, deeper, "despatch_id", transport.despatch_id)
        _put(out, deeper, "receptacle_id", transport.receptacle_id)
        _put(out, deeper, "carrier", transport.carrier)
        _put(out, deeper, "flight", transport.flight)
        _put(out, deeper, "departure_airport", transport.departure_airport)
        _put(out, deeper, "arrival_airport", transport.arrival_airport)
        if transport.departure_time is not None:
            _put(out, deeper, "departure_time", _format_datetime(transport.departure_time))
        _close(out, transport_opened, inner, "transport")
    _put_attributes(out, inner, item.attributes)
    _close(out, opened, indent, "item")


def write_itmatt(records: Sequence[Record]) -> bytes:
    """Write records as one ITMATT message (UTF-8, indented), valid against itmatt.xsd.

    Raises ValueError for what XML cannot carry: a character outside XML 1.0 (e.g. NUL, most
    C0 controls, U+FFFE), a non-finite amount, a naive date-time.
    """
    indent = _INDENT * 2
    parts = ["<?xml version='1.0' encoding='UTF-8'?>\n", f'<message xmlns="{NAMESPACE}" version="1">\n']
    ends: list[int] = []
    length = 0
    for index, record in enumerate(records):
        out: list[str] = []
        try:
            if isinstance(record, Cancellation):
                opened = _open(out, indent, "cancellation")
                _put(out, indent + _INDENT, "item_id", record.item_id)
                _put(out, indent + _INDENT, "reason", record.reason)
                _close(out, opened, indent, "cancellation")
            else:
                _put_item(out, indent, record)
        except (ValueError, ArithmeticError) as error:  # OverflowError: a date-time at the edge of time
            raise ValueError(
                f"Record {index + 1} ({record.item_id}) cannot be written as ITMATT: {error}"
            ) from None
        text = "".join(out)
        parts.append(text)
        length += len(text)
        ends.append(length)
    body = "".join(parts[2:])
    illegal = _ILLEGAL.search(body)
    if illegal is not None:
        index = bisect.bisect_right(ends, illegal.start())
        raise ValueError(
            f"Record {index + 1} ({records[index].item_id}) cannot be written as ITMATT: the character "
            f"U+{ord(illegal[0]):04X} is not allowed in XML"
        )
    if not records:
        return (parts[0] + parts[1] + f"{_INDENT}<msgbody/>\n</message>\n").encode()
    return (parts[0] + parts[1] + f"{_INDENT}<msgbody>\n{body}{_INDENT}</msgbody>\n</message>\n").encode()
