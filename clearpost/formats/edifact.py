"""UN/EDIFACT interchanges (ISO 9735, syntax 4): a fast tokenizer, envelope checks, a serializer,
and the value formats (numbers, dates) of the syntax. The declarative segment mapping built on it
is `clearpost.formats.edifact_mapping`.

Reading is built for speed. Escaped pairs (release character + service character) are first
replaced by Unicode noncharacters, so that plain `str.split` on the segment terminator and the
element separator is right everywhere; components are split, and placeholders restored, only
when a value is read (`value`). ASCII values, the vast majority, skip the restoring since
`str.isascii()` costs nothing. No loop visits single characters, and no object is made per
segment beyond the list of its element strings.

Positions in error locations: segments are counted from 1 at UNB (the UNA service string advice
is segment 0), elements from 1 after the tag, components from 1.

Layout line breaks (CR/LF right after a segment terminator) are accepted and ignored, as most
EDI software does; the writer never emits them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from functools import cache
from typing import NoReturn

import msgspec

from clearpost.formats.base import UnreadableMessage
from clearpost.model import Location

Segment = str
"""A segment as read: its raw text (placeholders for escaped characters, no terminator).
Read it with `value`, or split it on '+' into `Elements` and read those with `value`."""

Elements = list[str]
"""A segment split into its raw elements, element 0 the tag."""

Built = list[list[str]]
"""A segment being written: elements, each a list of components; element 0 holds the tag."""

OutSegment = Sequence[str | Sequence[str]]
"""A segment to write: the tag, then each element as a string or a sequence of components."""


class SyntaxErrorCode(IntEnum):
    """Syntax error codes of ISO 9735 data element 0085, as CONTRL reports them."""

    SYNTAX_LEVEL_NOT_SUPPORTED = 2
    INVALID_VALUE = 12
    MISSING = 13
    NOT_SUPPORTED_IN_POSITION = 15
    UNSPECIFIED = 18
    INVALID_DECIMAL_NOTATION = 19
    INVALID_SERVICE_CHARACTER = 20
    INVALID_CHARACTERS = 21
    REFERENCES_DO_NOT_MATCH = 28
    CONTROL_COUNT_DOES_NOT_MATCH = 29
    LOWER_LEVEL_EMPTY = 32
    INVALID_OCCURRENCE_OUTSIDE_MESSAGE = 33
    TOO_MANY_REPETITIONS = 35


class EdifactError(UnreadableMessage):
    """An unreadable interchange, with the ISO 9735 syntax error code CONTRL reports for it."""

    def __init__(
        self, message: str, location: Location, code: SyntaxErrorCode = SyntaxErrorCode.UNSPECIFIED
    ) -> None:
        super().__init__(message, location)
        self.code = code


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The service characters of an interchange, as a UNA declares them (ISO 9735 defaults)."""

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    repetition: str = " "
    segment: str = "'"

    def una(self) -> str:
        return f"UNA{self.component}{self.element}{self.decimal}{self.release}{self.repetition}{self.segment}"


DEFAULT_DELIMITERS = Delimiters()

CHARSETS: dict[str, str] = {"UNOA": "ascii", "UNOB": "ascii", "UNOC": "latin-1", "UNOW": "utf-8"}
"""Syntax identifiers ClearPost reads, with the codec of each (UNOA/UNOB are checked further)."""

_ALLOWED: dict[str, str] = {
    # level A: capital letters, digits, space and . , - ( ) / = ' + : ? ! " % & * ; < >
    "UNOA": "A-Z0-9 .,\\-()/='+:?!\"%&*;<>",
    # ISO 646 basic code table; its national-variant positions (# $ @ [ \ ] ^ ` { | } ~) are
    # accepted too, because Post data carry e-mail addresses
    "UNOB": " -~",
}

_PLACEHOLDERS = "\ufdd0\ufdd1\ufdd2\ufdd3\ufdd4\ufdd5\ufdd6"
"""Unicode noncharacters (reserved for internal use) standing in, while a text is split, for an
escaped release character, segment terminator, element separator and component separator, and
(when a UNA declares other separators) for ':', '+' and "'" as plain data."""
_PLACEHOLDER = re.compile(f"[{_PLACEHOLDERS}]")


Restore = Callable[[str], str]
"""Turns the placeholders in a value back into the characters they hold."""


@cache
def restorer(delimiters: Delimiters) -> Restore:
    """The `Restore` of an interchange's service characters (a few `str.replace`s: much faster
    than `str.translate` on the non-ASCII strings that hold placeholders)."""
    held = (delimiters.release, delimiters.segment, delimiters.element, delimiters.component, ":", "+", "'")
    pairs = tuple(zip(_PLACEHOLDERS, held, strict=True))
    if delimiters.una() == DEFAULT_DELIMITERS.una():  # ':', '+' and "'" are never plain data
        pairs = (pairs[2], pairs[1], pairs[3], pairs[0])

    def restore(text: str) -> str:
        for placeholder, char in pairs:
            if placeholder in text:
                text = text.replace(placeholder, char)
        return text

    return restore


DEFAULT_RESTORE = restorer(DEFAULT_DELIMITERS)


def value(
    segment: Segment | Elements, element: int, component: int = 1, restore: Restore = DEFAULT_RESTORE
) -> str:
    """Component `component` of element `element` (both 1-based), or '' when absent."""
    parts = segment.split("+") if isinstance(segment, str) else segment
    if element >= len(parts):
        return ""
    text = parts[element]
    if ":" in text:
        parts = text.split(":")
        text = parts[component - 1] if component <= len(parts) else ""
    elif component != 1:
        return ""
    return text if text.isascii() else restore(text)


def components(segment: Segment, restore: Restore = DEFAULT_RESTORE) -> list[list[str]]:
    """The whole segment as elements of components, tag first (for inspection and tests)."""
    return [[restore(c) for c in element.split(":")] for element in segment.split("+")]


@dataclass(slots=True)
class EdiMessage:
    """One UNH…UNT message: its header data and its body (the segments between UNH and UNT)."""

    reference: str
    identifier: list[str]
    position: int
    body: list[Segment]
    restore: Restore

    @property
    def type(self) -> str:
        return self.identifier[0]

    def segment_number(self, index: int) -> int:
        """Interchange segment number of body segment `index` (0-based)."""
        return self.position + 1 + index


@dataclass(frozen=True, slots=True)
class Interchange:
    """A readable interchange: what its UNB says, and its messages."""

    syntax: str
    version: str
    sender: str
    recipient: str
    prepared: str
    reference: str
    delimiters: Delimiters
    messages: list[EdiMessage]


# ------------------------------------------------------------------------------------- reading


def read_interchange(data: bytes) -> Interchange:
    """Tokenize and check an interchange: UNA, UNB, UNH…UNT messages, UNZ."""
    raw = data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    if not raw:
        raise EdifactError("The interchange is empty.", Location(segment=1), SyntaxErrorCode.MISSING)
    delimiters = DEFAULT_DELIMITERS
    if raw.startswith(b"UNA"):
        delimiters = _read_una(raw[3:9])
        raw = raw[9:].lstrip(b"\r\n")
    if not raw.startswith(b"UNB"):
        found = raw[:3].decode("latin-1")
        raise EdifactError(
            f"Segment 1 ({found!r}): an interchange must begin with UNB (after an optional UNA).",
            Location(segment=1, tag="UNB"),
            SyntaxErrorCode.MISSING,
        )
    syntax = _syntax_identifier(raw, delimiters)
    text = _decode(raw, syntax, delimiters)
    segments, normalised = _tokenize(text, delimiters)
    return _check_envelope(segments, _service_segments(normalised), syntax, delimiters)


def _read_una(advice: bytes) -> Delimiters:
    text = advice.decode("latin-1")
    if len(text) < 6:
        raise EdifactError(
            "Segment 0 (UNA): the service string advice is cut short: it needs six characters after 'UNA'.",
            Location(segment=0, tag="UNA"),
            SyntaxErrorCode.INVALID_SERVICE_CHARACTER,
        )
    delimiters = Delimiters(*text)
    separators = [delimiters.component, delimiters.element, delimiters.release, delimiters.segment]
    if (
        len(set(separators)) < 4
        or any(c.isalnum() or c.isspace() for c in separators)
        or delimiters.decimal not in ".,"
    ):
        raise EdifactError(
            f"Segment 0 (UNA): the service string advice 'UNA{text}' is invalid: the component "
            "and element separators, release character and segment terminator must be four "
            "different characters that are not letters, digits or spaces, and the decimal mark "
            "'.' or ','.",
            Location(segment=0, tag="UNA"),
            SyntaxErrorCode.INVALID_SERVICE_CHARACTER,
        )
    return delimiters


def _syntax_identifier(raw: bytes, delimiters: Delimiters) -> str:
    head = raw[3:40].decode("latin-1")
    separators = re.escape(delimiters.component + delimiters.element + delimiters.segment)
    identifier = re.split(f"[{separators}]", head[1:], maxsplit=1)[0]
    if head[:1] != delimiters.element or identifier not in CHARSETS:
        raise fail(
            f"syntax identifier {identifier!r} is not supported; ClearPost reads UNOA, UNOB, "
            "UNOC (ISO 8859-1) and UNOW (UTF-8).",
            1,
            "UNB",
            1,
            1,
            SyntaxErrorCode.SYNTAX_LEVEL_NOT_SUPPORTED,
        )
    return identifier


def _decode(raw: bytes, syntax: str, delimiters: Delimiters) -> str:
    try:
        text = raw.decode(CHARSETS[syntax])
    except UnicodeDecodeError as error:
        prefix = raw[: error.start].decode(CHARSETS[syntax])
        location = locate(prefix, len(prefix), delimiters)
        hint = " Was it written in ISO 8859-1 (then declare UNOC)?" if syntax == "UNOW" else ""
        raise EdifactError(
            f"{describe(location)}: byte 0x{raw[error.start]:02X} is not valid in {syntax} "
            f"({CHARSETS[syntax]}), the character set the UNB declares.{hint}",
            location,
            SyntaxErrorCode.INVALID_CHARACTERS,
        ) from None
    if syntax not in _ALLOWED and not any(placeholder in text for placeholder in _PLACEHOLDERS):
        return text
    bad = _disallowed(syntax, delimiters).search(text)
    if bad:
        location = locate(text, bad.start(), delimiters)
        reason = (
            f"character {bad.group()!r} is not allowed in {syntax}; declare UNOC or UNOW to send it."
            if syntax in _ALLOWED
            else f"U+{ord(bad.group()):04X} is a Unicode noncharacter, not text."
        )
        raise EdifactError(f"{describe(location)}: {reason}", location, SyntaxErrorCode.INVALID_CHARACTERS)
    return text


@cache
def _disallowed(syntax: str, delimiters: Delimiters) -> re.Pattern[str]:
    """What may not appear: outside the repertoire (UNOA, UNOB), or a placeholder character."""
    if syntax not in _ALLOWED:
        return _PLACEHOLDER
    service = "".join(re.escape(c) for c in delimiters.una()[3:] if c != " ")
    return re.compile(f"[^{_ALLOWED[syntax]}{service}\r\n]")


def tokenize(text: str, delimiters: Delimiters = DEFAULT_DELIMITERS) -> list[Segment]:
    """Split interchange text (from UNB on) into raw segments.

    The text must hold no placeholder character (`_decode` refuses them).
    """
    return _tokenize(text, delimiters)[0]


def _tokenize(text: str, delimiters: Delimiters) -> tuple[list[Segment], str]:
    """The raw segments, and the text they were split from (placeholders in, default separators)."""
    release, terminator = delimiters.release, delimiters.segment
    if release in text:
        _check_no_dangling_release(text, delimiters)
        escaped = _escaped(delimiters)
        text = _releases(release).sub(lambda match: escaped.get(match[1], match[1]), text)
    if delimiters.component != ":" or delimiters.element != "+" or terminator != "'":
        text = text.translate(_normaliser(delimiters))
    pieces = text.split("'")
    tail = pieces.pop()
    if tail.strip():
        number = len(pieces) + 1
        tag = restorer(delimiters)(tail.lstrip("\r\n")[:3])
        raise EdifactError(
            f"Segment {number} ({tag}): it is not ended by the segment terminator {terminator!r} "
            "(was the interchange cut short, or the terminator escaped?).",
            Location(segment=number, tag=tag),
            SyntaxErrorCode.MISSING,
        )
    if "\n" in text or "\r" in text:
        return [piece.lstrip("\r\n") for piece in pieces], text
    return pieces, text


@cache
def _releases(release: str) -> re.Pattern[str]:
    """A release character and the character it escapes (one pass: much faster than a
    `str.replace` per service character on the wide strings that non-Latin names make)."""
    return re.compile(re.escape(release) + "(.)", re.DOTALL)


@cache
def _escaped(delimiters: Delimiters) -> dict[str, str]:
    """The placeholder of each escaped service character; a release character before an
    ordinary character is tolerated, and dropped."""
    service = (delimiters.release, delimiters.segment, delimiters.element, delimiters.component)
    return dict(zip(service, _PLACEHOLDERS, strict=False))


@cache
def _normaliser(delimiters: Delimiters) -> dict[int, str]:
    """Translate declared separators into the default ones, and default ones used as data
    into placeholders, so that everything after tokenizing knows only ':', '+' and "'"."""
    declared = {delimiters.component: ":", delimiters.element: "+", delimiters.segment: "'"}
    table = {ord(char): default for char, default in declared.items()}
    for literal, placeholder in zip(":+'", _PLACEHOLDERS[4:], strict=True):
        if literal not in declared:
            table[ord(literal)] = placeholder
    return table


def _check_no_dangling_release(text: str, delimiters: Delimiters) -> None:
    release = delimiters.release
    body = text.rstrip("\r\n\t ")
    if (len(body) - len(body.rstrip(release))) % 2:
        location = locate(body, len(body) - 1, delimiters)
        raise EdifactError(
            f"{describe(location)}: the interchange ends with the release character {release!r}, "
            "which escapes nothing.",
            location,
            SyntaxErrorCode.INVALID_SERVICE_CHARACTER,
        )


def locate(text: str, position: int, delimiters: Delimiters) -> Location:
    """Where character `position` of interchange text (starting at UNB) lies. Error path only."""
    pieces = _split(text[:position], delimiters.segment, delimiters.release)
    current = pieces[-1].lstrip("\r\n")
    elements = _split(current, delimiters.element, delimiters.release)
    parts = _split(elements[-1], delimiters.component, delimiters.release)
    inside = len(elements) > 1
    return Location(
        segment=len(pieces),
        tag=current[:3] or None,
        element=len(elements) - 1 if inside else None,
        component=len(parts) if inside else None,
    )


def _split(text: str, separator: str, release: str) -> list[str]:
    """`text.split(separator)`, except where the separator is escaped by the release character."""
    parts = text.split(separator)
    joined: list[str] = []
    pending: str | None = None
    for part in parts:
        if pending is not None:
            part = pending + separator + part
            pending = None
        if (len(part) - len(part.rstrip(release))) % 2:
            pending = part
        else:
            joined.append(part)
    if pending is not None:
        joined.append(pending)
    return joined


def scan(data: bytes) -> list[list[list[str]]]:
    """Best-effort segments of a possibly damaged interchange, for reporting on it (CONTRL):
    nothing is checked, undecodable bytes are replaced."""
    raw = data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    delimiters = DEFAULT_DELIMITERS
    if raw.startswith(b"UNA") and len(raw) >= 9:
        delimiters = Delimiters(*raw[3:9].decode("latin-1"))
        raw = raw[9:].lstrip(b"\r\n")
    text = raw.decode(CHARSETS.get(raw[4:8].decode("latin-1"), "utf-8"), errors="replace")
    unescape = re.compile(re.escape(delimiters.release) + "(.)", re.DOTALL)
    return [
        [
            [unescape.sub(r"\1", part) for part in _split(element, delimiters.component, delimiters.release)]
            for element in _split(piece.lstrip("\r\n"), delimiters.element, delimiters.release)
        ]
        for piece in _split(text, delimiters.segment, delimiters.release)
    ]


def describe(location: Location) -> str:
    """'Segment 14 (UNT), element 1, component 2' — the start of every error message."""
    text = f"Segment {location.segment}"
    if location.tag:
        text += f" ({location.tag})"
    if location.element is not None:
        text += f", element {location.element}"
    if location.component is not None:
        text += f", component {location.component}"
    return text


def fail(
    reason: str,
    segment: int,
    tag: str | None,
    element: int | None = None,
    component: int | None = None,
    code: SyntaxErrorCode = SyntaxErrorCode.INVALID_VALUE,
) -> EdifactError:
    """An error located at a segment (and element/component), with a message that says where."""
    location = Location(segment=segment, tag=tag, element=element, component=component)
    return EdifactError(f"{describe(location)}: {reason}", location, code)


TAG = re.compile(r"[A-Z][A-Z0-9]{2}")


class _Tags:
    """The tags of an interchange's segments, read when asked (error paths, service segments)."""

    def __init__(self, segments: list[Segment], restore: Restore) -> None:
        self.segments = segments
        self.restore = restore

    def __getitem__(self, index: int) -> str:
        return self.segments[index].split("+", 1)[0]

    def __len__(self) -> int:
        return len(self.segments)


_SERVICE = re.compile(r"'[\r\n]*UN[BGEHTZ](?=[+']|\Z)")


def _service_segments(text: str) -> list[int]:
    """Indexes of the service segments (UNB, UNG, UNE, UNH, UNT, UNZ), found in the split text
    by one search: every "'" in it is a terminator, escaped ones being placeholders."""
    indexes = [0]
    count, last = 0, 0
    for match in _SERVICE.finditer(text):
        count += text.count("'", last, match.start())
        last = match.start()
        indexes.append(count + 1)
    return indexes


def _check_envelope(
    segments: list[Segment], service: list[int], syntax: str, delimiters: Delimiters
) -> Interchange:
    """Check UNB, UNH…UNT pairs and UNZ. Only the service segments are looked at here: the tags
    of the segments in messages are checked when the messages are decoded."""
    restore = restorer(delimiters)
    unb = segments[0]
    reference = _check_unb(unb, delimiters, restore)
    tags = _Tags(segments, restore)
    messages: list[EdiMessage] = []
    expected = 1  # the index the next service segment has when nothing stray lies before it
    unz: int | None = None
    position = 1
    while position < len(service):
        index = service[position]
        tag = segments[index][:3]  # a service segment: UN[BGEHTZ] then "+" or "'"
        if unz is not None:
            _outside(tags, unz + 1, after_unz=True)
        if index != expected:
            _outside(tags, expected, after_unz=False)
        if tag == "UNH":
            following = service[position + 1] if position + 1 < len(service) else None
            if following is None or segments[following][:3] != "UNT":
                _unclosed(segments, index, following, restore)
            messages.append(_message(segments, index, following, restore))
            expected = following + 1
            position += 2
        elif tag == "UNZ":
            unz = index
            expected = index + 1
            position += 1
        elif tag == "UNG":
            raise fail(
                "functional groups (UNG…UNE) are not supported; send the messages without them.",
                index + 1,
                tag,
                code=SyntaxErrorCode.NOT_SUPPORTED_IN_POSITION,
            )
        else:
            _outside(tags, index, after_unz=False)
    if expected < len(tags):
        _outside(tags, expected, after_unz=unz is not None)
    if unz is None:
        raise fail(
            f"the interchange has no UNZ trailer after segment {len(tags)} ({tags[len(tags) - 1]}); "
            "was it cut short?",
            len(tags) + 1,
            "UNZ",
            code=SyntaxErrorCode.MISSING,
        )
    _check_count(segments[unz].split("+"), unz + 1, len(messages), "messages")
    if value(segments[unz], 2, 1, restore) != reference:
        raise fail(
            f"the interchange control reference {value(segments[unz], 2, 1, restore)!r} does not "
            f"match {reference!r} in the UNB.",
            unz + 1,
            "UNZ",
            2,
            code=SyntaxErrorCode.REFERENCES_DO_NOT_MATCH,
        )
    if not messages:
        raise fail(
            "the interchange holds no message.", unz + 1, "UNZ", code=SyntaxErrorCode.LOWER_LEVEL_EMPTY
        )
    return Interchange(
        syntax=syntax,
        version=value(unb, 1, 2),
        sender=value(unb, 2, 1, restore),
        recipient=value(unb, 3, 1, restore),
        prepared=value(unb, 4, 1) + value(unb, 4, 2),
        reference=reference,
        delimiters=delimiters,
        messages=messages,
    )


def _check_unb(unb: Segment, delimiters: Delimiters, restore: Restore) -> str:
    """Check the UNB; return its interchange control reference."""
    version = value(unb, 1, 2)
    if version not in ("3", "4"):
        raise fail(
            f"syntax version {version!r} is not supported; ClearPost reads syntax versions 3 and 4.",
            1,
            "UNB",
            1,
            2,
            SyntaxErrorCode.SYNTAX_LEVEL_NOT_SUPPORTED,
        )
    for element, name in ((2, "interchange sender"), (3, "interchange recipient"), (5, "control reference")):
        if not value(unb, element):
            raise fail(f"the {name} is missing.", 1, "UNB", element, 1, SyntaxErrorCode.MISSING)
    date, time = value(unb, 4, 1), value(unb, 4, 2)
    if not (re.fullmatch(r"\d{6}|\d{8}", date) and re.fullmatch(r"\d{4}", time)):
        raise fail(
            f"the date and time of preparation {date + delimiters.component + time!r} are not "
            "CCYYMMDD (or YYMMDD) and HHMM.",
            1,
            "UNB",
            4,
        )
    return value(unb, 5, 1, restore)


def _outside(tags: _Tags, index: int, *, after_unz: bool) -> NoReturn:
    if not TAG.fullmatch(tags[index]):
        raise not_a_tag(tags.segments[index], index + 1, tags.restore)
    if after_unz:
        reason = "there is data after the UNZ trailer, which must be the last segment."
    else:
        reason = "this segment is outside any message: only UNH…UNT messages may come between UNB and UNZ."
    raise fail(reason, index + 1, tags[index], code=SyntaxErrorCode.INVALID_OCCURRENCE_OUTSIDE_MESSAGE)


def not_a_tag(segment: Segment, number: int, restore: Restore) -> EdifactError:
    return fail(
        f"{restore(segment[:20])!r} is not a segment tag (three capital letters or digits); "
        "the interchange is damaged or not EDIFACT.",
        number,
        None,
    )


def _unclosed(segments: list[Segment], start: int, following: int | None, restore: Restore) -> NoReturn:
    where = following if following is not None else len(segments) - 1
    raise fail(
        f"message {value(segments[start], 1, 1, restore)!r} (UNH at segment {start + 1}) has no UNT trailer.",
        where + 1,
        segments[where][:3],
        code=SyntaxErrorCode.MISSING,
    )


def _message(segments: list[Segment], start: int, end: int, restore: Restore) -> EdiMessage:
    """The message from the UNH at `start` to the UNT at `end`, checked."""
    unh, unt = segments[start].split("+"), segments[end].split("+")
    reference = value(unh, 1, 1, restore)
    if not reference or not value(unh, 2):
        raise fail(
            "the message reference and message type (e.g. CUSITM) are required.",
            start + 1,
            "UNH",
            1 if not reference else 2,
            code=SyntaxErrorCode.MISSING,
        )
    _check_count(unt, end + 1, end - start + 1, "segments")
    if value(unt, 2, 1, restore) != reference:
        raise fail(
            f"the message reference {value(unt, 2, 1, restore)!r} does not match {reference!r} in "
            f"the UNH at segment {start + 1}.",
            end + 1,
            "UNT",
            2,
            code=SyntaxErrorCode.REFERENCES_DO_NOT_MATCH,
        )
    identifier = unh[2].split(":")
    if not unh[2].isascii():
        identifier = [restore(c) for c in identifier]
    return EdiMessage(reference, identifier, start + 1, segments[start + 1 : end], restore)


def _check_count(segment: Elements, number: int, actual: int, what: str) -> None:
    declared = value(segment, 1)
    tag = segment[0]
    if not declared.isdigit():
        raise fail(f"the number of {what} {declared!r} is not a number.", number, tag, 1)
    if int(declared) != actual:
        owner = "message" if tag == "UNT" else "interchange"
        raise fail(
            f"the {owner} says it has {int(declared)} {what} but it has {actual}.",
            number,
            tag,
            1,
            code=SyntaxErrorCode.CONTROL_COUNT_DOES_NOT_MATCH,
        )


# ------------------------------------------------------------------------------------- writing


_SPECIAL = re.compile(r"[?:+']")
_ESCAPES = str.maketrans({"?": "??", ":": "?:", "+": "?+", "'": "?'"})


def escape(text: str) -> str:
    """Release the service characters of the default UNA in a data value."""
    return text.translate(_ESCAPES) if _SPECIAL.search(text) else text


def segment_text(segment: OutSegment) -> str:
    """One segment, terminator included; trailing empty elements and components are dropped."""
    return built_text([[element] if isinstance(element, str) else list(element) for element in segment])


def built_text(segment: Built) -> str:
    """`segment_text` of a segment built here (its lists are trimmed in place)."""
    for parts in segment:
        while parts and not parts[-1]:
            parts.pop()
    while segment and not segment[-1]:
        segment.pop()
    if _SPECIAL.search("".join(["".join(parts) for parts in segment])):  # a service character is data
        return "+".join([":".join([escape(part) for part in parts]) for parts in segment]) + "'"
    return "+".join([":".join(parts) for parts in segment]) + "'"


def write_interchange(
    messages: Iterable[Sequence[str]],
    *,
    message_type: Sequence[str],
    sender: str,
    recipient: str,
    reference: str,
    prepared: dt.datetime,
) -> bytes:
    """An interchange in UNOW (UTF-8), syntax 4, with the default service characters, of
    messages given as their body segments' text (see `segment_text`)."""
    out = [
        DEFAULT_DELIMITERS.una(),
        segment_text(
            [
                "UNB",
                ["UNOW", "4"],
                [sender],
                [recipient],
                [f"{prepared:%Y%m%d}", f"{prepared:%H%M}"],
                reference,
            ]
        ),
    ]
    number = 0
    for number, body in enumerate(messages, start=1):
        out.append(segment_text(["UNH", str(number), message_type]))
        out.extend(body)
        out.append(segment_text(["UNT", str(len(body) + 2), str(number)]))
    out.append(segment_text(["UNZ", str(number), reference]))
    return "".join(out).encode("utf-8")


def digest(content: object) -> str:
    """A 14-character interchange control reference derived from the content (an..14)."""
    return hashlib.blake2b(msgspec.json.encode(content), digest_size=7).hexdigest().upper()


# ---------------------------------------------------------------------------- values: numbers, dates


_NUMBER = {
    ".": re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)"),
    ",": re.compile(r"-?(?:\d+(?:,\d*)?|,\d+)"),
}


def parse_decimal(text: str, mark: str) -> Decimal:
    if not _NUMBER[mark].fullmatch(text):
        raise ValueError(f"{text!r} is not a number (digits, optional '-', decimal mark {mark!r})")
    return Decimal(text.replace(",", ".") if mark == "," else text)


def parse_number(text: str, mark: str) -> int | float:
    """An int when there is no decimal mark, else a float."""
    if not _NUMBER[mark].fullmatch(text):
        raise ValueError(f"{text!r} is not a number (digits, optional '-', decimal mark {mark!r})")
    if mark in text:
        return float(text.replace(",", ".") if mark == "," else text)
    return int(text)


def format_decimal(amount: Decimal) -> str:
    """Plain notation, exactly as many digits as the Decimal has ('12.50' stays '12.50')."""
    if not amount.is_finite():
        raise ValueError(f"the amount {amount} cannot be written in EDIFACT")
    return format(amount, "f")


def format_number(number: int | float) -> str:
    """Ints as ints; floats in plain notation (EDIFACT has no exponent) that read back exactly."""
    if isinstance(number, int):
        return str(number)
    if not math.isfinite(number):
        raise ValueError(f"the number {number} cannot be written in EDIFACT")
    text = repr(number)
    if "e" in text:
        text = format(Decimal(text), "f")
        if "." not in text:
            text += ".0"
    return text


def format_datetime(moment: dt.datetime) -> str:
    """CCYYMMDDHHMMSS±HHMM (format 304, zone as UTC offset); sub-second parts are dropped."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("a date-time without UTC offset cannot be written")
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"{moment.hour:02d}{moment.minute:02d}{moment.second:02d}{sign}{hours:02d}{minutes:02d}"
    )


def parse_datetime(text: str) -> dt.datetime:
    """CCYYMMDDHHMMSS±HHMM, read by the C parser of ISO 8601 basic format."""
    if not (
        len(text) == 19
        and text[14] in "+-"
        and text.isascii()
        and text[:14].isdigit()
        and text[15:].isdigit()
    ):
        raise ValueError(f"{text!r} is not a date-time in the form CCYYMMDDHHMMSS±HHMM")
    try:
        return dt.datetime.fromisoformat(f"{text[:8]}T{text[8:]}")
    except ValueError as error:
        raise ValueError(f"{text!r} is not a valid date-time ({error})") from None
