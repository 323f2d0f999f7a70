"""The declarative segment mapping that drives the CUSITM and CUSRSP readers and writers: a
message type's segments, fields and code tables as data (`MessageMapping`), compiled into fast
readers and writers over the UN/EDIFACT syntax layer of `clearpost.formats.edifact`, and rendered
as the Markdown table of the format's documentation page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import msgspec

from clearpost.formats.edifact import (
    DEFAULT_RESTORE,
    TAG,
    Built,
    EdifactError,
    EdiMessage,
    Elements,
    Restore,
    Segment,
    SyntaxErrorCode,
    built_text,
    fail,
    format_datetime,
    format_decimal,
    format_number,
    not_a_tag,
    parse_datetime,
    parse_decimal,
    parse_number,
)

T = TypeVar("T")


Kind = Literal["text", "decimal", "number", "datetime", "code", "lines", "json", "attribute", "sequence"]
"""How a field's value is written in its component:

text      the string as it is
decimal   a Decimal amount in plain notation
number    an int, or a float with a decimal mark
datetime  CCYYMMDDHHMMSS±HHMM (the segment fixes format code 304 where it has one)
code      the code of the field's code table
lines     a list of strings, one per component from `component` on
json      any JSON value, encoded as JSON text
attribute a key (this component) and its JSON-encoded scalar value (the next component)
sequence  the 1-based position in the repeated group (written, not read back)
"""


@dataclass(frozen=True, slots=True)
class Field:
    """One canonical field in one component of a segment. `path` is dotted from the record
    (`[]` marks a list, `{}` the attributes); `codes` maps canonical values to codes (kind
    "code"); for kind "lines", lines past `max_components` are joined into the last one."""

    path: str
    element: int
    component: int = 1
    kind: Kind = "text"
    codes: Mapping[str, str] | None = None
    max_components: int | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """One segment of a message mapping.

    `group` is the path of the object the segment belongs to ('' for the record itself); the
    first row of a group is its trigger, written whenever that object exists. A group path
    ending in `[]` repeats once per list element. A `repeat` row is written once per value of
    its single list field. `presence` names an object whose existence is carried by the
    segment even when all its fields are empty (e.g. an empty Money). `fixed` components are
    written as given and, when present on reading, must match; `written` components are
    written as given and not read (the message function, which the reader of the message type
    looks at itself). An `always` row is written even when empty. `standard` (a UN/EDIFACT
    qualifier, or a mutually defined Z one) and `note` are for the documentation.
    """

    tag: str
    qualifier: str = ""
    fields: tuple[Field, ...] = ()
    fixed: tuple[tuple[int, int, str], ...] = ()
    written: tuple[tuple[int, int, str], ...] = ()
    group: str = ""
    repeat: bool = False
    presence: str | None = None
    always: bool = False
    standard: bool = True
    note: str = ""


@dataclass(frozen=True)
class MessageMapping:
    """Everything a national implementation guide fixes for one message type."""

    message_type: tuple[str, ...]
    qualifier_at: Mapping[str, tuple[int, int]]
    rows: tuple[Row, ...]
    _compiled: _Compiled = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", _Compiled(self))

    def encode(self, record: Any) -> list[str]:
        """The body segments of one record (the rows' segments in table order)."""
        return self._compiled.encode(record)

    def decode(self, message: EdiMessage, decimal: str) -> dict[str, Any]:
        """The record of a message as builtins, for `msgspec.convert`."""
        return self._compiled.decode(message.body, message.position + 1, decimal, message.restore)


def _parts(path: str, group: str) -> tuple[str, ...]:
    """The attribute names of `path` below the group's object ('contents[].value' -> ('value',))."""
    if group:
        if not path.startswith(group + "."):
            raise ValueError(f"field {path!r} is not inside its group {group!r}")
        path = path[len(group) + 1 :]
    return tuple(path.removesuffix("[]").removesuffix("{}").split("."))


def _get(obj: Any, parts: tuple[str, ...]) -> Any:
    for part in parts:
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def _touch(target: dict[str, Any], parts: tuple[str, ...]) -> dict[str, Any]:
    for part in parts:
        target = target.setdefault(part, {})
    return target


_Parser = Callable[[str, str], Any]
"""Reads one component's text; the second argument is the decimal mark."""

_PARSERS: dict[str, _Parser] = {
    "decimal": parse_decimal,
    "number": parse_number,
    "datetime": lambda text, mark: parse_datetime(text),
    "json": lambda text, mark: msgspec.json.decode(text),
}
_SCALAR = (str, int, float, bool, type(None))
AttributeScalar = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class _Slot:
    """A compiled Field: where it is, how it reads, where it goes."""

    element: int
    component: int
    kind: Kind
    parts: tuple[str, ...]
    parse: _Parser | None
    codes: Mapping[str, str] | None
    max_components: int | None
    path: str


_RowReader = Callable[[Elements, dict[str, Any], str, Restore], None]
_RowWriter = Callable[[Any, int, list[str]], None]
"""Appends the text of a row's segments (none, one, or one per value) for an object (the record
or a group's object) at a position in its list (1-based; 0 outside lists)."""
"""Reads one segment's fields into the object they belong to: (segment, target, decimal mark,
restore table)."""


class _BadValue(Exception):
    """A row reader's complaint: which slot (or fixed component) and why."""

    def __init__(self, slot: int, reason: str) -> None:
        self.slot = slot
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _CompiledRow:
    row: Row
    index: int
    group: str
    slots: tuple[_Slot, ...]
    presence: tuple[str, ...] | None
    trigger: bool
    label: str
    read: _RowReader
    write: _RowWriter
    group_parts: tuple[str, ...]
    prefix: str
    """How the segment begins when its qualifier is the first component of element 1 (or it has
    none): the fast way to recognise the row that comes next in table order."""
    once: int | None
    """The row's index when it may appear once per object (not a repeated row)."""


def _code_parser(codes: Mapping[str, str]) -> _Parser:
    names = {code: name for name, code in codes.items()}

    def parse(text: str, mark: str) -> str:
        try:
            return names[text]
        except KeyError:
            raise ValueError(f"code {text!r} is unknown; expected one of {', '.join(names)}") from None

    return parse


_NOWHERE: dict[str, _CompiledRow] = {}
_ENDS = ("+", ":", "")

_Expected = tuple[_CompiledRow, str, int]
"""A row expected next, its prefix and the prefix's length."""


def _expected(compiled: _CompiledRow | None) -> _Expected | None:
    if compiled is None or not compiled.prefix:
        return None
    return compiled, compiled.prefix, len(compiled.prefix)


def _prefix(row: Row, qualifier_at: tuple[int, int] | None) -> str:
    if qualifier_at is None:
        return row.tag
    return f"{row.tag}+{row.qualifier}" if qualifier_at == (1, 1) and row.qualifier else ""


def _choose(rows: list[_CompiledRow], group: str) -> _CompiledRow | None:
    """Which of the rows of one (tag, qualifier) a segment is, read while in `group`: the row of
    that group, else the row that opens a group, else the only row if it needs no opener."""
    for compiled in rows:
        if compiled.group == group and not compiled.trigger:
            return compiled
    for compiled in rows:
        if compiled.trigger:
            return compiled
    if len(rows) == 1 and not rows[0].group.endswith("[]"):
        return rows[0]
    return None


class _Compiled:
    """The mapping turned into lookups: rows by (tag, qualifier), groups in table order."""

    def __init__(self, mapping: MessageMapping) -> None:
        self.mapping = mapping
        self.rows: list[_CompiledRow] = []
        # (group path, rows) blocks in table order; consecutive rows of one group form a block
        self.blocks: list[tuple[str, list[_CompiledRow]]] = []
        for index, row in enumerate(mapping.rows):
            trigger = bool(row.group) and all(r.group != row.group for r in self.rows)
            if row.group and not trigger and self.blocks[-1][0] != row.group:
                raise ValueError(f"the rows of group {row.group!r} must be consecutive")
            slots = tuple(
                _Slot(
                    f.element,
                    f.component,
                    f.kind,
                    _parts(f.path, row.group),
                    _code_parser(f.codes) if f.codes else _PARSERS.get(f.kind),
                    f.codes,
                    f.max_components,
                    f.path,
                )
                for f in row.fields
            )
            label = f"{row.tag}+{row.qualifier}" if row.qualifier else row.tag
            reader = _row_reader(row, slots, label)
            template = _template(row, mapping.qualifier_at.get(row.tag))
            writer = _row_writer(row, slots, label, template, trigger)
            presence = _parts(row.presence, row.group) if row.presence else None
            compiled = _CompiledRow(
                row,
                index,
                row.group,
                slots,
                presence,
                trigger,
                label,
                reader,
                writer,
                _parts(row.group, ""),
                _prefix(row, mapping.qualifier_at.get(row.tag)),
                None if row.repeat else index,
            )
            self.rows.append(compiled)
            if self.blocks and self.blocks[-1][0] == row.group and not trigger:
                self.blocks[-1][1].append(compiled)
            else:
                self.blocks.append((row.group, [compiled]))
        self.triggers = {compiled.group: compiled for compiled in self.rows if compiled.trigger}
        # the row expected after each row: the next in table order (a repeated group's last row
        # is followed by the group's first); None when it cannot be recognised by its prefix
        self.follows: dict[int, _Expected | None] = {}
        for position, compiled in enumerate(self.rows):
            following = self.rows[position + 1] if position + 1 < len(self.rows) else None
            if compiled.group.endswith("[]") and (following is None or following.group != compiled.group):
                following = self.triggers[compiled.group]
            self.follows[compiled.index] = _expected(following)
        self.first = _expected(self.rows[0] if self.rows else None)
        # tag -> (qualifier element (0: none), component index, qualifier -> current group -> row)
        self.resolution: dict[str, tuple[int, int, dict[str, dict[str, _CompiledRow]]]] = {}
        groups = {c.group for c in self.rows}
        for compiled in self.rows:
            tag, qualifier = compiled.row.tag, compiled.row.qualifier
            element, component = mapping.qualifier_at.get(tag, (0, 1))
            table = self.resolution.setdefault(tag, (element, component - 1, {}))[2]
            rows = [c for c in self.rows if (c.row.tag, c.row.qualifier) == (tag, qualifier)]
            table[qualifier] = {
                group: chosen for group in groups if (chosen := _choose(rows, group)) is not None
            }

    # ----------------------------------------------------------------------------- writing

    def encode(self, record: Any) -> list[str]:
        out: list[str] = []
        for group, rows in self.blocks:
            if not group:
                for compiled in rows:
                    compiled.write(record, 0, out)
                continue
            owner = _get(record, _parts(group, ""))
            if owner is None:
                continue
            if group.endswith("[]"):
                for position, element in enumerate(owner, start=1):
                    for compiled in rows:
                        compiled.write(element, position, out)
            else:
                for compiled in rows:
                    compiled.write(owner, 0, out)
        return out

    # ----------------------------------------------------------------------------- reading

    def decode(self, body: Sequence[Segment], first: int, decimal: str, restore: Restore) -> dict[str, Any]:
        record: dict[str, Any] = {}
        group = ""
        target = record
        given: dict[int, int] = {}  # row index -> segment number, for the current target
        given_by_target = {id(record): given}
        follows = self.follows
        expected = self.first  # the row that usually comes next: rows mostly come in table order
        for number, raw in enumerate(body, start=first):
            segment = raw.split("+")
            tag = segment[0]
            if (
                expected is not None
                and raw.startswith(expected[1])
                and raw[expected[2] : expected[2] + 1] in _ENDS
            ):
                compiled = expected[0]
            else:
                compiled = self._resolve(segment, tag, group, number, restore)
            expected = follows[compiled.index]
            if compiled.trigger or compiled.group != group:
                group = compiled.group
                target = self._open(record, compiled)
                given = given_by_target.setdefault(id(target), {})
            once = compiled.once
            if once is not None and given.setdefault(once, number) != number:
                raise fail(
                    f"{compiled.label} is repeated; it was given in segment {given[once]}.",
                    number,
                    tag,
                    code=SyntaxErrorCode.TOO_MANY_REPETITIONS,
                )
            try:
                compiled.read(segment, target, decimal, restore)
            except _BadValue as bad:
                raise self._invalid(compiled, bad, number) from None
        return record

    def _resolve(
        self, segment: Elements, tag: str, group: str, number: int, restore: Restore
    ) -> _CompiledRow:
        """Which row a segment is, from its tag, its qualifier and the group being read."""
        entry = self.resolution.get(tag)
        if entry is None:
            raise self._misplaced(tag, "", number)
        element, component, table = entry
        qualifier = ""
        if element and element < len(segment):
            qualifier = segment[element]
            if ":" in qualifier:
                parts = qualifier.split(":")
                qualifier = parts[component] if component < len(parts) else ""
            elif component:
                qualifier = ""
        compiled = table.get(qualifier, _NOWHERE).get(group)
        if compiled is None:
            raise self._misplaced(tag, restore(qualifier), number)
        return compiled

    def _open(self, record: dict[str, Any], compiled: _CompiledRow) -> dict[str, Any]:
        """The object a segment's fields go to: the record, a group's object, or a new list element."""
        group = compiled.group
        if not group:
            return record
        parts = compiled.group_parts
        if not group.endswith("[]"):
            return _touch(record, parts)
        instance: dict[str, Any] = {}
        _touch(record, parts[:-1]).setdefault(parts[-1], []).append(instance)
        return instance

    def _misplaced(self, tag: str, qualifier: str, number: int) -> EdifactError:
        if not TAG.fullmatch(tag):
            return not_a_tag(tag, number, DEFAULT_RESTORE)
        name = self.mapping.message_type[0]
        rows = [c for c in self.rows if c.row.tag == tag]
        if not rows:
            return fail(
                f"segment {tag} is not used in {name}.",
                number,
                tag,
                code=SyntaxErrorCode.NOT_SUPPORTED_IN_POSITION,
            )
        matching = [c for c in rows if c.row.qualifier == qualifier]
        if not matching:
            known = ", ".join(sorted({repr(c.row.qualifier) for c in rows}))
            at = self.mapping.qualifier_at.get(tag, (1, 1))
            return fail(
                f"qualifier {qualifier!r} is not used in {name}; expected one of {known}.", number, tag, *at
            )
        owners = " or ".join(self.triggers[c.group].label for c in matching if c.group)
        return fail(
            f"{matching[0].label} is not expected here; it belongs after {owners}.",
            number,
            tag,
            code=SyntaxErrorCode.NOT_SUPPORTED_IN_POSITION,
        )

    @staticmethod
    def _invalid(compiled: _CompiledRow, bad: _BadValue, number: int) -> EdifactError:
        tag = compiled.row.tag
        if bad.slot < 0:  # a fixed component
            element, component, expected = compiled.row.fixed[-bad.slot - 1]
            return fail(
                f"{bad.reason!r} is not supported here; {compiled.label} expects {expected!r}.",
                number,
                tag,
                element,
                component,
            )
        slot = compiled.slots[bad.slot]
        component = slot.component + 1 if slot.kind == "attribute" else slot.component
        numeric = slot.kind in ("decimal", "number")
        code = SyntaxErrorCode.INVALID_DECIMAL_NOTATION if numeric else SyntaxErrorCode.INVALID_VALUE
        return fail(f"{slot.path}: {bad.reason.rstrip('.')}.", number, tag, slot.element, component, code)


def _template(row: Row, qualifier_at: tuple[int, int] | None) -> tuple[tuple[str, ...], ...]:
    """A row's segment before its values: tag, qualifier and fixed components in place."""
    places = [*row.fixed, *row.written]
    if qualifier_at:
        places.append((*qualifier_at, row.qualifier))
    places += [(f.element, f.component + (f.kind == "attribute"), "") for f in row.fields]
    segment: Built = [[row.tag]]
    for element, component, text in places:
        put(segment, element, component, text)
    return tuple(tuple(parts) for parts in segment)


def _row_reader(row: Row, slots: tuple[_Slot, ...], label: str) -> _RowReader:
    """Compile one row into a function that reads its fields, constants inlined and one split
    per element. The table stays the only description of the mapping; this is how it is read
    fast. Complaints are raised as `_BadValue` with the slot's index (fixed components as -1,
    -2, ...)."""
    env: dict[str, Any] = {"_BadValue": _BadValue}
    code = ["def read(segment, target, decimal, restore):", "    size = len(segment)"]
    if row.presence:
        code.append(f"    {_place((*_parts(row.presence, row.group), ''))}")
    by_element: dict[int, list[int]] = {}
    for number, (element, _, _) in enumerate(row.fixed):
        by_element.setdefault(element, []).append(-number - 1)
    for index, slot in enumerate(slots):
        if slot.kind != "sequence":
            by_element.setdefault(slot.element, []).append(index)
    for element, indexes in sorted(by_element.items()):
        code.append(f"    if size > {element}:")
        first = slots[indexes[0]] if indexes[0] >= 0 else None
        if len(indexes) == 1 and first and first.component == 1 and first.kind not in ("lines", "attribute"):
            # the first component alone: no list of components needed
            code += [
                f"        text = segment[{element}]",
                "        if ':' in text:",
                "            text = text[: text.index(':')]",
            ]
            code += _slot_code(row, slots, indexes[0], env)[1:]
            continue
        code += [f"        parts = segment[{element}].split(':')", "        count = len(parts)"]
        for index in indexes:
            code += _slot_code(row, slots, index, env)
    exec(compile("\n".join(code), f"<{label} reader>", "exec"), env)
    reader: _RowReader = env["read"]
    return reader


def _place(parts: tuple[str, ...]) -> str:
    """The expression of the dict that holds `parts[-1]`, creating the ones between."""
    return "target" + "".join(f".setdefault({part!r}, {{}})" for part in parts[:-1])


def _slot_code(row: Row, slots: tuple[_Slot, ...], index: int, env: dict[str, Any]) -> list[str]:
    """The lines (inside `if size > element:`, with `parts` and `count`) that read one slot."""
    if index < 0:  # a fixed component
        _, component, expected = row.fixed[-index - 1]
        at = component - 1
        return [
            f"        if count > {at} and parts[{at}] not in ('', {expected!r}):",
            f"            raise _BadValue({index}, restore(parts[{at}]))",
        ]
    slot = slots[index]
    at = slot.component - 1
    place, name = _place(slot.parts), repr(slot.parts[-1])
    if slot.kind == "lines":
        return [
            f"        lines = [line if line.isascii() else restore(line) for line in parts[{at}:]]",
            "        while lines and not lines[-1]:",
            "            lines.pop()",
            "        if lines:",
            f"            {place}[{name}] = lines",
        ]
    code = [
        f"        text = parts[{at}] if count > {at} else ''" if at else "        text = parts[0]",
        # an attribute's key may be empty: its value component tells that it is there
        f"        if count > {at + 1}:" if slot.kind == "attribute" else "        if text:",
        "            if not text.isascii():",
        "                text = restore(text)",
    ]
    if slot.kind == "attribute":
        env[f"P{index}"] = _attribute_value
        encoded = f"parts[{at + 1}] if count > {at + 1} else ''"
        store = f"{place}.setdefault({name}, {{}})[text] = P{index}({encoded}, restore)"
    else:
        read = "text" if slot.parse is None else f"P{index}(text, decimal)"
        if slot.parse is not None:
            env[f"P{index}"] = slot.parse
        store = (
            f"{place}.setdefault({name}, []).append({read})" if row.repeat else f"{place}[{name}] = {read}"
        )
    if slot.kind != "attribute" and slot.parse is None:
        return [*code, f"            {store}"]
    return [
        *code,
        "            try:",
        f"                {store}",
        "            except ValueError as error:",
        f"                raise _BadValue({index}, str(error)) from None",
    ]


def _attribute_value(encoded: str, restore: Restore) -> AttributeScalar:
    """An attribute's JSON-encoded scalar value."""
    try:
        scalar = msgspec.json.decode(encoded if encoded.isascii() else restore(encoded))
    except msgspec.DecodeError as error:
        raise ValueError(f"{encoded!r} is not a JSON value ({error})") from None
    if not isinstance(scalar, _SCALAR):
        raise ValueError(f"{encoded!r} is not a single value")
    return scalar


def put(segment: Built, element: int, component: int, text: str) -> None:
    while len(segment) <= element:
        segment.append([])
    parts = segment[element]
    while len(parts) < component:
        parts.append("")
    parts[component - 1] = text


def _code_renderer(path: str, codes: Mapping[str, str]) -> Callable[[str], str]:
    def render(name: str) -> str:
        if name not in codes:
            raise ValueError(f"{path}: {name!r} has no code in the mapping table")
        return codes[name]

    return render


def _lines_renderer(limit: int | None) -> Callable[[list[str]], list[str]]:
    def render(lines: list[str]) -> list[str]:
        if limit is not None and len(lines) > limit:
            return [*lines[: limit - 1], ", ".join(lines[limit - 1 :])]
        return list(lines)

    return render


def _json_text(item: Any) -> str:
    if isinstance(item, float) and not math.isfinite(item):
        raise ValueError(f"{item} cannot be written as JSON")
    return msgspec.json.encode(item).decode()


_RENDERERS: dict[str, Callable[[Any], str]] = {
    "decimal": format_decimal,
    "number": format_number,
    "datetime": format_datetime,
    "json": _json_text,
}


def _row_writer(
    row: Row, slots: tuple[_Slot, ...], label: str, template: tuple[tuple[str, ...], ...], trigger: bool
) -> _RowWriter:
    """Compile one row into a function that appends its segment text(s), the counterpart of
    `_row_reader`."""
    env: dict[str, Any] = {"built_text": built_text}
    code = ["def write(root, position, out):"]
    cells = [[repr(text) for text in parts] for parts in template]
    lines_at: dict[int, tuple[int, str]] = {}
    values: list[str] = []
    for index, slot in enumerate(slots):
        variable = f"v{index}"
        if slot.kind == "sequence":
            cells[slot.element][slot.component - 1] = "str(position)"
            continue
        code.append(f"    {variable} = root")
        for part in slot.parts:
            code.append(f"    {variable} = {variable}.{part} if {variable} is not None else None")
        values.append(variable)
        if slot.kind == "lines":
            env[f"R{index}"] = _lines_renderer(slot.max_components)
            lines_at[slot.element] = (slot.component - 1, f"(R{index}({variable}) if {variable} else [])")
            continue
        if slot.kind == "attribute":
            env[f"R{index}"] = _json_text
            continue
        if slot.codes is not None:
            env[f"R{index}"] = _code_renderer(slot.path, slot.codes)
        elif slot.kind in _RENDERERS:
            env[f"R{index}"] = _RENDERERS[slot.kind]
        rendered = variable if f"R{index}" not in env else f"R{index}({variable})"
        if not row.repeat:
            rendered = f"({rendered} if {variable} is not None else '')"
        cells[slot.element][slot.component - 1] = rendered
    elements = []
    for element, parts in enumerate(cells):
        if element in lines_at:
            at, lines = lines_at[element]
            parts = [*parts[:at], f"*{lines}"]
        elements.append("[" + ", ".join(parts) + "]")
    segment = "[" + ", ".join(elements) + "]"
    if row.repeat:
        slot = slots[0]
        if slot.kind == "attribute":
            key, value = slot.component - 1, slot.component
            cells[slot.element][key], cells[slot.element][value] = "key", "R0(scalar)"
            segment = "[" + ", ".join("[" + ", ".join(parts) + "]" for parts in cells) + "]"
            code += [
                "    if v0:",
                "        for key, scalar in v0.items():",
                f"            out.append(built_text({segment}))",
            ]
        else:
            segment = segment.replace("R0(v0)", "R0(item)").replace("[v0]", "[item]")
            code += [
                "    if v0:",
                "        for item in v0:",
                f"            out.append(built_text({segment}))",
            ]
    else:
        conditions = [f"{variable} is not None" for variable in values]
        if trigger or row.always:
            conditions = ["True"]
        elif row.presence:
            env["PRESENCE"] = _parts(row.presence, row.group)
            conditions.append("_present(root, PRESENCE)")
            env["_present"] = lambda root, parts: _get(root, parts) is not None
        code += [
            f"    if {' or '.join(conditions) or 'False'}:",
            f"        out.append(built_text({segment}))",
        ]
    exec(compile("\n".join(code), f"<{label} writer>", "exec"), env)
    writer: _RowWriter = env["write"]
    return writer


def build(record_type: type[T], fields: dict[str, Any], message: EdiMessage) -> T:
    """Construct a record with the model's normalisation; a type error points at the UNH."""
    try:
        return msgspec.convert(fields, record_type)
    except msgspec.ValidationError as error:
        raise fail(
            f"message {message.reference!r} cannot be read: {error}.", message.position, "UNH"
        ) from None


def render_markdown(mapping: MessageMapping) -> str:
    """The mapping as a Markdown table, for the format's documentation page."""
    lines = [
        "| canonical field | segment | element.component | written as | qualifier | note |",
        "|---|---|---|---|---|---|",
    ]
    opened: set[str] = set()
    for row in mapping.rows:
        label = f"{row.tag}+{row.qualifier}" if row.qualifier else row.tag
        origin = "—" if not row.qualifier else "UN/EDIFACT" if row.standard else "Z (mutually defined)"
        notes = [row.note] if row.note else []
        if row.group and row.group not in opened:
            opened.add(row.group)
            notes.insert(0, f"starts `{row.group}`")
        notes += [f"{e}.{c} fixed `{v}`" for e, c, v in row.fixed]
        notes += [f"{e}.{c} written `{v}`" for e, c, v in row.written]
        note = "; ".join(notes)
        for f in row.fields:
            written: str = f.kind
            if f.codes:
                written = ", ".join(f"`{code}` {name}" for name, code in f.codes.items())
            elif f.kind == "lines" and f.max_components:
                written = f"lines, one per component, at most {f.max_components}"
            lines.append(
                f"| `{f.path}` | `{label}` | {f.element}.{f.component} | {written} | {origin} | {note} |"
            )
    return "\n".join(lines) + "\n"
