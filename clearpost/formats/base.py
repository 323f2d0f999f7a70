"""What every format reader and writer shares: the parsed message and the syntax error."""

from __future__ import annotations

from dataclasses import dataclass, field

from clearpost.model import Code, Finding, Location, Record


class UnreadableMessage(Exception):
    """A message that cannot be read at all. Nothing from it may be stored.

    `location` says where a person must look (line/column, segment/element, row/column, path).
    """

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def finding(self) -> Finding:
        return Finding(
            code=Code.SYNTAX_ERROR,
            field=None,
            severity="error",
            message=self.message,
            location=self.location,
        )


@dataclass(frozen=True, slots=True)
class Message:
    """A readable message: its records in order, and what its envelope says."""

    format: str
    records: list[Record]
    sender: str | None = None
    recipient: str | None = None
    reference: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
