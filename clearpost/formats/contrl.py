"""CONTRL, the UN/EDIFACT syntax and service report (ISO 9735, syntax 4): ClearPost's answer
that an interchange was received and could be read (UCI action 7) or not (UCI action 4).

When the error lies inside a message, UCM names the message, UCS the segment (its position in
the message, UNH = 1) and UCD the element and component; an error in the envelope (UNA, UNB,
UNZ, a segment outside any message) is reported in the UCI itself. The received UNB is read
leniently, so its control reference, sender and recipient are acknowledged even when the rest
of the interchange is damaged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from clearpost.formats.base import UnreadableMessage
from clearpost.formats.edifact import (
    EdifactError,
    SyntaxErrorCode,
    components,
    digest,
    fail,
    read_interchange,
    scan,
    segment_text,
    write_interchange,
)

MESSAGE_TYPE = ("CONTRL", "4", "1", "UN")
ACCEPTED = "7"
"""0083: this level acknowledged, next lower levels acknowledged if not explicitly rejected."""
REJECTED = "4"
"""0083: this level and all lower levels rejected."""


@dataclass(frozen=True, slots=True)
class SegmentError:
    """UCS + UCD: a segment in error, by its position in the message (UNH = 1)."""

    position: int
    code: int
    element: int | None = None
    component: int | None = None


@dataclass(frozen=True, slots=True)
class MessageError:
    """UCM: a message in error, and its segments in error."""

    reference: str
    type: str
    action: str
    code: int | None
    segments: list[SegmentError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ContrlReport:
    """What a CONTRL says about the interchange it acknowledges."""

    acknowledged: str
    sender: str
    recipient: str
    action: str
    code: int | None = None
    tag: str | None = None
    element: int | None = None
    component: int | None = None
    messages: list[MessageError] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.action == ACCEPTED


@dataclass(frozen=True, slots=True)
class _Received:
    """What could be read of the received interchange: its UNB, and its segments."""

    reference: str
    sender: str
    recipient: str
    prepared: dt.datetime | None
    segments: list[list[list[str]]]


def write_contrl(
    interchange: bytes | None,
    error: UnreadableMessage | None,
    *,
    sender: str = "CLEARPOST",
    recipient: str | None = None,
    prepared: dt.datetime | None = None,
) -> bytes:
    """Acknowledge `interchange`: accepted when `error` is None, else rejected at the point the
    error's location names. `recipient` defaults to the received interchange's sender, and
    `prepared` to its preparation time (pass the real time when there is a clock)."""
    received = _peek(interchange or b"")
    code = int(error.code) if isinstance(error, EdifactError) else int(SyntaxErrorCode.UNSPECIFIED)
    uci: list[str | list[str]] = ["UCI", received.reference, [received.sender], [received.recipient]]
    body: list[list[str | list[str]]] = [uci]
    if error is None:
        uci.append(ACCEPTED)
    else:
        location = error.location
        number = location.segment if location is not None and location.segment is not None else None
        in_envelope = number is None or (location is not None and location.tag in ("UNA", "UNB", "UNZ"))
        message = None if in_envelope or number is None else _message_of(received, number)
        where = [str(location.element or ""), str(location.component or "")] if location else []
        if message is None or number is None:
            tag = (location.tag if location else None) or ""
            uci += [REJECTED, str(code), tag, where]
        else:
            start, reference, identifier = message
            uci.append(REJECTED)
            body.append(["UCM", reference, identifier, REJECTED, str(code)])
            body.append(["UCS", str(number - start + 1), str(code)])
            if location is not None and location.element is not None:
                body.append(["UCD", str(code), where])
    moment = prepared or received.prepared or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return write_interchange(
        [[segment_text(segment) for segment in body]],
        message_type=MESSAGE_TYPE,
        sender=sender,
        recipient=recipient or received.sender or "UNKNOWN",
        reference=digest([received.reference, error.message if error else None]),
        prepared=moment.astimezone(dt.UTC) if moment.tzinfo else moment,
    )


def _peek(data: bytes) -> _Received:
    """What can be read of the received interchange, damaged or not."""
    segments = scan(data)
    unb = segments[0] if segments and segments[0][0][0] == "UNB" else []

    def part(element: int, component: int = 0) -> str:
        return unb[element][component] if element < len(unb) and component < len(unb[element]) else ""

    return _Received(
        reference=part(5) or "UNKNOWN",
        sender=part(2),
        recipient=part(3),
        prepared=_prepared(part(4, 0), part(4, 1)),
        segments=segments,
    )


def _prepared(date: str, time: str) -> dt.datetime | None:
    for pattern in ("%Y%m%d%H%M", "%y%m%d%H%M"):
        try:
            return dt.datetime.strptime(date + time, pattern).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None


def _message_of(received: _Received, number: int) -> tuple[int, str, list[str]] | None:
    """The message holding interchange segment `number`: (UNH number, reference, S009), or
    None when the segment is in the envelope or outside any message."""
    segments = received.segments
    if not 1 <= number <= len(segments):
        return None
    for index in range(number - 1, -1, -1):
        tag = segments[index][0][0]
        if tag == "UNH":
            break
        if tag in ("UNB", "UNZ") or (tag == "UNT" and index != number - 1):
            return None
    else:
        return None
    if any(segment[0][0] == "UNZ" for segment in segments[:index]):
        return None  # data after the UNZ
    unh = segments[index]
    reference = unh[1][0] if len(unh) > 1 else ""
    return index + 1, reference, unh[2] if len(unh) > 2 else []


def read_contrl(data: bytes) -> ContrlReport:
    """Read a CONTRL interchange (its first message)."""
    message = read_interchange(data).messages[0]
    if message.type != MESSAGE_TYPE[0]:
        raise fail(
            f"message {message.reference!r} is a {message.type}, not a CONTRL.", message.position, "UNH", 2
        )
    report: ContrlReport | None = None
    messages: list[MessageError] = []
    for index, raw in enumerate(message.body):
        segment = components(raw, message.restore)

        def get(element: int, component: int = 0, segment: list[list[str]] = segment) -> str:
            parts = segment[element] if element < len(segment) else []
            return parts[component] if component < len(parts) else ""

        tag = segment[0][0]
        try:
            if tag == "UCI":
                report = ContrlReport(
                    get(1),
                    get(2),
                    get(3),
                    get(4),
                    _int(get(5)),
                    get(6) or None,
                    _int(get(7)),
                    _int(get(7, 1)),
                )
            elif tag == "UCM":
                messages.append(MessageError(get(1), get(2), get(3), _int(get(4))))
            elif tag == "UCS":
                messages[-1].segments.append(SegmentError(int(get(1)), int(get(2))))
            elif tag == "UCD":
                last = messages[-1].segments.pop()
                messages[-1].segments.append(
                    SegmentError(last.position, last.code, _int(get(2)), _int(get(2, 1)))
                )
        except (ValueError, IndexError):
            raise fail(f"{tag} is malformed or out of order.", message.segment_number(index), tag) from None
    if report is None:
        raise fail(
            "a CONTRL must begin with UCI.", message.segment_number(0), "UCI", code=SyntaxErrorCode.MISSING
        )
    report.messages.extend(messages)
    return report


def _int(text: str) -> int | None:
    return int(text) if text else None
