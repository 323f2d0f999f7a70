"""The ITMATT schema as Python tables, and the record readers generated from them.

`_STRUCTS` says, for every element of itmatt.xsd that holds a struct, which children it has
(in schema order), which field each feeds and of what kind. Two readers are built from these
tables: the element walk (`read_record`), which reads a validated lxml element, and the fast
path (`read_fast`), regular expressions and record builders compiled from the tables when the
module is imported, which read the same records from the document's text. Parsing, validation
and writing are in `clearpost.formats.itmatt`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lxml import etree

from clearpost.model import (
    Address,
    AttributeValue,
    Cancellation,
    ContentLine,
    Documents,
    Item,
    Money,
    Party,
    Record,
    Transport,
)

# ------------------------------------------------------------------------- the schema as data

_Converter = Callable[[str], Any]


def _to_quantity(text: str) -> int | float:
    """A whole number when written without a point or exponent: `2` → 2, `2.0` → 2.0."""
    try:
        return int(text)
    except ValueError:
        return float(text)


def _to_datetime(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.strip())


_LEAVES: dict[str, _Converter | None] = {
    "string": None,  # the text itself
    "float": float,
    "quantity": _to_quantity,
    "decimal": Decimal,
    "datetime": _to_datetime,
}
_ATTRIBUTE_KINDS: dict[str, _Converter | None] = {
    "string": None,
    "integer": int,
    "number": float,
    "boolean": lambda text: text.strip() in ("true", "1"),
    "null": None,
}
"""Children of <attributes>, by element name (a <null> holds no text)."""


@dataclass(frozen=True, slots=True)
class _Struct:
    """An element whose children, in schema order, are the fields of `cls`."""

    cls: Callable[..., Any]
    children: tuple[tuple[str, str, str], ...]
    """(element, field, kind). Kinds: a leaf (`_LEAVES`), a struct (`_STRUCTS`), `texts` (a
    repeated text element gathered in a list), `categories`, `contents`, `attributes`."""


def _same(kinds: dict[str, str]) -> tuple[tuple[str, str, str], ...]:
    """Children whose element names are their field names."""
    return tuple((name, name, kind) for name, kind in kinds.items())


_STRUCTS: dict[str, _Struct] = {
    "item": _Struct(
        Item,
        _same(
            {
                "item_id": "string",
                "mail_class": "string",
                "origin_post": "string",
                "destination_post": "string",
                "origin_country": "string",
                "destination_country": "string",
                "posting_date": "datetime",
                "categories": "categories",
                "category_explanation": "string",
                "sender": "party",
                "addressee": "party",
                "gross_weight_kg": "float",
                "total_value": "money",
                "postal_charges": "money",
                "ioss_number": "string",
                "contents": "contents",
                "documents": "documents",
                "comments": "string",
                "transport": "transport",
                "attributes": "attributes",
            }
        ),
    ),
    "cancellation": _Struct(Cancellation, _same({"item_id": "string", "reason": "string"})),
    "party": _Struct(
        Party,
        _same(
            {
                "name": "string",
                "business": "string",
                "address": "address",
                "phone": "string",
                "email": "string",
                "reference": "string",
            }
        ),
    ),
    "address": _Struct(
        Address,
        (
            ("line", "lines", "texts"),
            *_same({"city": "string", "postcode": "string", "region": "string", "country": "string"}),
        ),
    ),
    "money": _Struct(Money, _same({"amount": "decimal", "currency": "string"})),
    "content_line": _Struct(
        ContentLine,
        _same(
            {
                "description": "string",
                "quantity": "quantity",
                "unit": "string",
                "net_weight_kg": "float",
                "value": "money",
                "hs_code": "string",
                "origin_country": "string",
            }
        ),
    ),
    "documents": _Struct(
        Documents,
        (
            ("invoice", "invoice", "string"),
            ("licence", "licences", "texts"),
            ("certificate", "certificates", "texts"),
        ),
    ),
    "transport": _Struct(
        Transport,
        _same(
            {
                "despatch_id": "string",
                "receptacle_id": "string",
                "carrier": "string",
                "flight": "string",
                "departure_airport": "string",
                "arrival_airport": "string",
                "departure_time": "datetime",
            }
        ),
    ),
}
_CHILDREN = {
    kind: {element: (name, child) for element, name, child in s.children} for kind, s in _STRUCTS.items()
}


# ------------------------------------------------------------------- reading: the element walk


class UnrepresentableError(Exception):
    """A value the schema accepts but Python cannot hold (e.g. a 5000-digit integer)."""

    def __init__(self, element: etree._Element) -> None:
        super().__init__(element.text)
        self.element = element


def local_name(element: etree._Element) -> str:
    return element.tag.rpartition("}")[2]


def _read(element: etree._Element, kind: str) -> Any:
    """The value of `element`, an element of the given kind, read from the validated tree."""
    if kind in _LEAVES or kind == "texts":
        convert = _LEAVES.get(kind)
        text = element.text or ""
        try:
            return text if convert is None else convert(text)
        except (ValueError, ArithmeticError):
            raise UnrepresentableError(element) from None
    if kind == "categories":
        return [child.text or "" for child in element]
    if kind == "contents":
        return [_read(child, "content_line") for child in element]
    if kind == "attributes":
        return {child.get("name", ""): _read_attribute(child) for child in element}
    children = _CHILDREN[kind]
    values: dict[str, Any] = {}
    for child in element:
        name, child_kind = children[local_name(child)]
        if child_kind == "texts":
            values.setdefault(name, []).append(child.text or "")
        else:
            values[name] = _read(child, child_kind)
    return _STRUCTS[kind].cls(**values)


def _read_attribute(element: etree._Element) -> AttributeValue:
    kind = local_name(element)
    convert = _ATTRIBUTE_KINDS[kind]
    text = element.text or ""
    if kind == "null":
        return None
    try:
        return text if convert is None else convert(text)
    except ValueError:
        raise UnrepresentableError(element) from None


def read_record(element: etree._Element) -> Record:
    return _read(element, local_name(element))  # type: ignore[no-any-return]


# -------------------------------------------------------------------- reading: the fast path
#
# Walking lxml elements from Python costs about a microsecond per element, five times the
# parsing. So, once the tree is validated, the records are read again from the document's text
# with one regular expression per record kind, built from the tables above when the module is
# imported: a sequence of optional elements in schema order, capturing each leaf. A builder,
# generated from the same tables, makes the record from the captures. The text is the raw
# document when every "<" in it starts a tag (UTF-8, no comments, CDATA or processing
# instructions), else lxml's serialization of the validated tree. A record the expression
# does not match (a namespace prefix, attributes or spaces inside tags, single-quoted
# attribute values) is read by the element walk, and the first record of every message is
# checked against it.

_SPACES = r"\s*+"
_REFERENCE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_ATTRIBUTE_SPACE = str.maketrans("\t\n\r", "   ")
"""Attribute-value normalisation (XML 1.0 §3.3.3): literal tabs and line breaks read as spaces."""


def _unescape(text: str) -> str:
    """Character and entity references (the only ones a document without a DTD may hold)."""
    if "&" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        name = match[1]
        if name[0] != "#":
            return _ENTITIES[name]
        return chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))

    return _REFERENCE.sub(replace, text)


# Every quantifier is possessive (*+, ?+): the elements of a sequence begin with different
# tags, so nothing is lost by never backtracking, and a hostile document cannot make the
# expressions backtrack through long runs of spaces.


def _texts_pattern(element: str) -> str:
    """Any number of repeated text elements, e.g. the <line>s of an address."""
    return rf"(?:<{element}(?:>[^<]*+</{element}>|/>){_SPACES})*+"


_ATTRIBUTE = (
    r'<(string|integer|number|boolean|null) name="([^"]*+)"'
    r"(?:>([^<]*+)</(?:string|integer|number|boolean|null)>|/>)" + _SPACES
)
_ATTRIBUTE_ANY = re.sub(r"\((?!\?)", "(?:", _ATTRIBUTE)


class _Compiler:
    """Builds the regular expression of one struct and the Python expression of its value.

    Groups are numbered as they are made; with `capture` false the expression matches the same
    text without capturing (to sit inside a repetition) and no value expression is made.
    """

    def __init__(self, *, capture: bool, references: bool) -> None:
        self.capture = capture
        self.references = references
        self.groups = 0

    def group(self, pattern: str) -> tuple[str, str]:
        if not self.capture:
            return f"(?:{pattern})", ""
        self.groups += 1
        return f"({pattern})", f"g[{self.groups - 1}]"

    def text(self, capture: str) -> str:
        """A captured text, its references replaced if the document has any."""
        return f'(_unescape({capture}) if "&" in {capture} else {capture})' if self.references else capture

    def struct(self, kind: str) -> tuple[str, str]:
        """The pattern of the struct's content (its children), and the expression of its value."""
        pattern, arguments = [], []
        for element, name, child in _STRUCTS[kind].children:
            child_pattern, expression = self.child(element, child)
            pattern.append(child_pattern)
            arguments.append(f"{name}={expression}")
        return "".join(pattern), f"{_STRUCTS[kind].cls.__name__}({', '.join(arguments)})"

    def child(self, element: str, kind: str) -> tuple[str, str]:
        """The pattern of an optional child element, and the expression of its value."""
        if kind == "string":
            text, value = self.group("[^<]*+")
            empty, nothing = self.group("")
            expression = f"({self.text(value)} if {value} is not None else {nothing})"
            return f"(?:<{element}(?:>{text}</{element}>|{empty}/>))?+{_SPACES}", expression
        if kind in _LEAVES:
            text, value = self.group("[^<]*+")
            expression = f"(None if {value} is None else _{kind}({self.text(value)}))"
            return f"(?:<{element}>{text}</{element}>)?+{_SPACES}", expression
        if kind == "texts":
            block, value = self.group(_texts_pattern(element))
            return block, f"_texts_{element}({value}, {self.references})"
        opened, is_open = self.group("")  # groups are numbered in the order they appear
        if kind in ("categories", "contents", "attributes"):
            inner = {
                "categories": _texts_pattern("category"),
                "contents": rf"(?:<line>{_SPACES}{_LINE_ANY}</line>{_SPACES}|<line/>{_SPACES})*+",
                "attributes": f"(?:{_ATTRIBUTE_ANY})*+",
            }[kind]
            content, value = self.group(inner)
            expression = f"_{kind}({value}, {self.references})"
            absent = "None" if kind == "attributes" else "[]"
        else:
            content, expression = self.struct(kind)
            absent = "Documents()" if kind == "documents" else "None"  # an item always has documents
        closed, is_closed = self.group("")
        pattern = f"(?:<{element}(?:>{opened}{_SPACES}{content}</{element}>|{closed}/>))?+{_SPACES}"
        return pattern, f"({expression} if {is_open} is not None or {is_closed} is not None else {absent})"


_LINE_ANY = _Compiler(capture=False, references=False).struct("content_line")[0]
"""A content line's children, matched without capturing (inside the repetition of <contents>)."""


@dataclass(frozen=True, slots=True)
class _Reader:
    """A record kind's compiled expression and builder."""

    pattern: re.Pattern[str]
    build: Callable[[tuple[str | None, ...]], Any]


def _reader(element: str, kind: str, *, references: bool) -> _Reader:
    compiler = _Compiler(capture=True, references=references)
    content, expression = compiler.struct(kind)
    pattern = re.compile(f"<{element}>{_SPACES}{content}</{element}>{_SPACES}|<{element}/>{_SPACES}")
    namespace: dict[str, Any] = {struct.cls.__name__: struct.cls for struct in _STRUCTS.values()}
    namespace.update({f"_{leaf}": convert for leaf, convert in _LEAVES.items() if convert is not None})
    namespace["_datetime"] = dt.datetime.fromisoformat  # surrounding spaces (rare) fall back to the walk
    namespace.update(
        _unescape=_unescape,
        _texts_line=_texts_line,
        _texts_licence=_texts_licence,
        _texts_certificate=_texts_certificate,
        _categories=_texts("category"),
        _contents=_contents,
        _attributes=_attributes,
    )
    # The source is made from the tables only (field names, kinds, group numbers), never from a
    # document, and is compiled once, when the module is imported.
    exec(f"def build(g):\n    return {expression}\n", namespace)
    return _Reader(pattern, namespace["build"])


def _texts(element: str) -> Callable[[str | None, bool], list[str]]:
    pattern = re.compile(rf"<{element}(?:>([^<]*)</{element}>|/>)")

    def texts(block: str | None, references: bool) -> list[str]:
        found = pattern.findall(block) if block else []
        return [_unescape(text) if "&" in text else text for text in found] if references else found

    return texts


_texts_line, _texts_licence, _texts_certificate = _texts("line"), _texts("licence"), _texts("certificate")


def _contents(block: str | None, references: bool) -> list[ContentLine]:
    if not block:
        return []
    reader = _READERS[references]["line"]
    return [reader.build(match.groups()) for match in reader.pattern.finditer(block)]


_ATTRIBUTE_PATTERN = re.compile(_ATTRIBUTE)


def _attributes(block: str | None, references: bool) -> dict[str, AttributeValue]:
    attributes: dict[str, AttributeValue] = {}
    for kind, raw_name, raw_text in _ATTRIBUTE_PATTERN.findall(block or ""):
        name = _unescape(raw_name.translate(_ATTRIBUTE_SPACE))
        text = _unescape(raw_text) if references else raw_text
        convert = _ATTRIBUTE_KINDS[kind]
        attributes[name] = None if kind == "null" else text if convert is None else convert(text)
    return attributes


_READERS: dict[bool, dict[str, _Reader]] = {
    references: {
        "item": _reader("item", "item", references=references),
        "cancellation": _reader("cancellation", "cancellation", references=references),
        "line": _reader("line", "content_line", references=references),
    }
    for references in (False, True)
}
"""By "the text holds references": the readers of items, cancellations and content lines."""


class NoFastPathError(Exception):
    """The text does not line up with the tree; the whole message is read by the element walk."""


def read_fast(body: etree._Element, text: str, position: int) -> list[Record]:
    """Records of `body` from `text`, whose first record tag starts at `position`."""
    readers = _READERS["&" in text]
    item, cancellation = readers["item"], readers["cancellation"]
    records: list[Record] = []
    checked = False
    for element in body:
        record: Record | None = None
        reader = item if text.startswith("<item", position) else cancellation
        match = reader.pattern.match(text, position)
        if match is not None:
            position = match.end()
            try:
                record = reader.build(match.groups())
            except (ValueError, ArithmeticError):
                record = None  # the element walk says where
        else:
            position = _record_end(text, position)
        if record is None:
            record = read_record(element)
        elif not checked:
            if record != read_record(element):
                raise NoFastPathError  # never trust the fast path for this message
            checked = True
        records.append(record)
    if not text.startswith("</", position):
        raise NoFastPathError
    return records


_RECORD_END = {
    name: re.compile(rf"</{name}\s*>\s*|<{name}(?:\s[^>]*)?/>\s*") for name in ("item", "cancellation")
}


def _record_end(text: str, position: int) -> int:
    """Where a record the expression did not match ends (records do not nest)."""
    name = "item" if text.startswith("<item", position) else "cancellation"
    end = _RECORD_END[name].search(text, position)
    if end is None or not text.startswith(f"<{name}", position):
        raise NoFastPathError
    return end.end()


_BODY = re.compile(r"<(?:[^\s/>:]+:)?msgbody[\s/>]")
_DECLARED_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""
)


def _markup(data: bytes, mark: bytes, start: int) -> bool:
    """Whether `<` + `mark` (a comment, CDATA, a processing instruction) occurs after `start`.

    Looking for the rare mark and then at the byte before it is many times faster than
    looking for the two bytes, as "<" is everywhere in XML.
    """
    position = data.find(mark, start)
    while position >= 0:
        if data[position - 1 : position] == b"<":
            return True
        position = data.find(mark, position + 1)
    return False


def document_text(data: bytes, root_offset: int | None, body: etree._Element) -> tuple[str, int]:
    """The text the fast path matches, and where the first record tag starts in it."""
    declared = _DECLARED_ENCODING.match(data)
    plain = (
        root_offset is not None
        and (declared is None or declared[1].lower() in (b"utf-8", b"utf8", b"us-ascii", b"ascii"))
        and not _markup(data, b"!", root_offset)
        and not _markup(data, b"?", root_offset)
    )
    if plain and root_offset is not None:
        text = data.decode()
        if "\r" in text:  # end-of-line handling, XML 1.0 §2.11
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        found = _BODY.search(text, len(data[:root_offset].decode().replace("\r\n", "\n")))
        if found is None:
            raise NoFastPathError
        start = found.start()
    else:
        text = etree.tostring(body, encoding=str, with_tail=False)
        start = 0
    return text, text.find("<", text.index(">", start) + 1)
