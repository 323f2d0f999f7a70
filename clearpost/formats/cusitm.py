"""CUSITM, the WCO–UPU customs item message (UPU M43): one UNH…UNT message per item.

The text of M43 is not public, so the segments follow UN/EDIFACT usage in CUSDEC/CUSRES and
the tables below are ClearPost's implementation guide. `ITEM` and `CANCELLATION` hold the whole
mapping (segment, qualifier, element, component for every canonical field); the reader and the
writer are both driven by them, so a national guide replaces the tables, not the code.

BGM element 3 (message function, 1225) tells what a message is: 9 original, 5 replacement (both
an item), 1 cancellation (the item id and the reason only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from clearpost.bulk import cycle_collector_paused
from clearpost.formats.base import Message
from clearpost.formats.edifact import (
    EdiMessage,
    SyntaxErrorCode,
    digest,
    fail,
    read_interchange,
    value,
    write_interchange,
)
from clearpost.formats.edifact_mapping import Field, MessageMapping, Row, build
from clearpost.model import Cancellation, Item, Record

MAIL_CLASS_CODES: dict[str, str] = {"letter": "U", "parcel": "C", "ems": "E", "express": "X"}
"""UPU mail class codes (U letter post, C parcels, E EMS); X (express) is ClearPost's own."""

CATEGORY_CODES: dict[str, str] = {
    "sale_of_goods": "11",
    "returned_goods": "21",
    "gift": "31",
    "commercial_sample": "32",
    "documents": "91",
    "other": "991",
}
"""Category of item, as nature-of-transaction codes: UNVERIFIED hypothesis (standards §3.3)."""

FUNCTIONS: dict[str, str] = {"9": "original", "5": "replacement", "1": "cancellation"}
"""BGM 1225 message function codes (standard UN/EDIFACT)."""

MESSAGE_TYPE = ("CUSITM", "1", "0", "UP")
"""UNH S009: message type, version, release, controlling agency (assumed: M43 is not public)."""

QUALIFIER_AT: dict[str, tuple[int, int]] = {
    "COM": (1, 2),
    "DOC": (1, 1),
    "DTM": (1, 1),
    "FTX": (1, 1),
    "GIS": (1, 2),
    "LOC": (1, 1),
    "MEA": (2, 1),
    "MOA": (1, 1),
    "NAD": (1, 1),
    "PIA": (2, 2),
    "QTY": (1, 1),
    "RFF": (1, 1),
    "TDT": (1, 1),
}
"""Where each segment's qualifier sits (element, component)."""

_DATE = ((1, 3, "304"),)
_WEIGHT = ((1, 1, "WT"), (3, 1, "KGM"))


def _party(group: str, qualifier: str, note: str) -> tuple[Row, ...]:
    return (
        Row(
            "NAD",
            qualifier,
            (
                Field(f"{group}.reference", 2),
                Field(f"{group}.name", 4, 1),
                Field(f"{group}.business", 4, 2),
                Field(f"{group}.address.lines", 5, 1, "lines", max_components=4),
                Field(f"{group}.address.city", 6),
                Field(f"{group}.address.region", 7),
                Field(f"{group}.address.postcode", 8),
                Field(f"{group}.address.country", 9),
            ),
            group=group,
            note=note,
        ),
        Row("COM", "TE", (Field(f"{group}.phone", 1),), group=group),
        Row("COM", "EM", (Field(f"{group}.email", 1),), group=group),
    )


ITEM = MessageMapping(
    message_type=MESSAGE_TYPE,
    qualifier_at=QUALIFIER_AT,
    rows=(
        Row(
            "BGM",
            "",
            (Field("item_id", 2),),
            written=((3, 1, "9"),),
            always=True,
            note="message function (3.1): 9 original, 5 replacement",
        ),
        Row("DTM", "ZPD", (Field("posting_date", 1, 2, "datetime"),), _DATE, standard=False),
        Row("GIS", "ZMC", (Field("mail_class", 1, 1, "code", MAIL_CLASS_CODES),), standard=False),
        Row(
            "GIS", "ZCT", (Field("categories[]", 1, 1, "code", CATEGORY_CODES),), repeat=True, standard=False
        ),
        Row("FTX", "ZCE", (Field("category_explanation", 4),), standard=False),
        Row("NAD", "ZOP", (Field("origin_post", 2),), standard=False, note="origin designated operator"),
        Row(
            "NAD",
            "ZDP",
            (Field("destination_post", 2),),
            standard=False,
            note="destination designated operator",
        ),
        Row("LOC", "35", (Field("origin_country", 2),), note="country of exportation"),
        Row("LOC", "28", (Field("destination_country", 2),), note="country of destination"),
        Row("MEA", "G", (Field("gross_weight_kg", 3, 2, "number"),), _WEIGHT, note="gross weight"),
        Row(
            "MOA",
            "39",
            (Field("total_value.amount", 1, 2, "decimal"), Field("total_value.currency", 1, 3)),
            presence="total_value",
            note="declared total value",
        ),
        Row(
            "MOA",
            "ZPC",
            (Field("postal_charges.amount", 1, 2, "decimal"), Field("postal_charges.currency", 1, 3)),
            presence="postal_charges",
            standard=False,
            note="postal charges and fees",
        ),
        Row("RFF", "ZIO", (Field("ioss_number", 1, 2),), standard=False, note="EU IOSS number"),
        Row("DOC", "380", (Field("documents.invoice", 2),), note="commercial invoice"),
        Row("DOC", "911", (Field("documents.licences[]", 2),), repeat=True, note="import licence"),
        Row(
            "DOC",
            "ZCR",
            (Field("documents.certificates[]", 2),),
            repeat=True,
            standard=False,
            note="certificate",
        ),
        Row("FTX", "AAI", (Field("comments", 4),), note="general information (CN 23 box 11)"),
        Row("FTX", "ZAT", (Field("attributes{}", 4, 1, "attribute"),), repeat=True, standard=False),
        *_party("sender", "CZ", "consignor"),
        *_party("addressee", "CN", "consignee"),
        Row(
            "TDT",
            "20",
            (Field("transport.flight", 2), Field("transport.carrier", 5)),
            group="transport",
            note="main carriage",
        ),
        Row("RFF", "ZDS", (Field("transport.despatch_id", 1, 2),), group="transport", standard=False),
        Row("RFF", "ZRC", (Field("transport.receptacle_id", 1, 2),), group="transport", standard=False),
        Row(
            "LOC",
            "5",
            (Field("transport.departure_airport", 2),),
            group="transport",
            note="place of departure",
        ),
        Row(
            "LOC",
            "8",
            (Field("transport.arrival_airport", 2),),
            group="transport",
            note="place of destination",
        ),
        Row(
            "DTM",
            "189",
            (Field("transport.departure_time", 1, 2, "datetime"),),
            _DATE,
            group="transport",
            note="departure date/time, scheduled",
        ),
        Row("GID", "", (Field("contents[].line", 1, 1, "sequence"),), group="contents[]", note="line number"),
        Row(
            "FTX", "AAA", (Field("contents[].description", 4),), group="contents[]", note="goods description"
        ),
        Row(
            "QTY",
            "1",
            (Field("contents[].quantity", 1, 2, "number"), Field("contents[].unit", 1, 3)),
            group="contents[]",
            note="discrete quantity",
        ),
        Row(
            "MEA",
            "N",
            (Field("contents[].net_weight_kg", 3, 2, "number"),),
            _WEIGHT,
            group="contents[]",
            note="net weight",
        ),
        Row(
            "MOA",
            "38",
            (Field("contents[].value.amount", 1, 2, "decimal"), Field("contents[].value.currency", 1, 3)),
            group="contents[]",
            presence="contents[].value",
            note="item amount",
        ),
        Row(
            "PIA",
            "HS",
            (Field("contents[].hs_code", 2, 1),),
            ((1, 1, "5"),),
            group="contents[]",
            note="HS code",
        ),
        Row(
            "LOC",
            "27",
            (Field("contents[].origin_country", 2),),
            group="contents[]",
            note="country of origin",
        ),
    ),
)
"""The CUSITM mapping of an item (BGM function 9 or 5)."""

CANCELLATION = MessageMapping(
    message_type=MESSAGE_TYPE,
    qualifier_at=QUALIFIER_AT,
    rows=(
        Row(
            "BGM",
            "",
            (Field("item_id", 2),),
            written=((3, 1, "1"),),
            always=True,
            note="message function (3.1)",
        ),
        Row("FTX", "ACD", (Field("reason", 4),), note="reason"),
    ),
)
"""The CUSITM mapping of a cancellation (BGM function 1)."""


def read_cusitm(data: bytes) -> Message:
    """Read a CUSITM interchange: one item or cancellation per message, in order."""
    with cycle_collector_paused():
        interchange = read_interchange(data)
        decimal = interchange.delimiters.decimal
        records = [_read_message(message, decimal) for message in interchange.messages]
    return Message(
        format="cusitm",
        records=records,
        sender=interchange.sender,
        recipient=interchange.recipient,
        reference=interchange.reference,
        extra={"syntax": interchange.syntax, "prepared": interchange.prepared},
    )


def _read_message(message: EdiMessage, decimal: str) -> Record:
    if message.type != MESSAGE_TYPE[0]:
        raise fail(
            f"message {message.reference!r} is a {message.type}, not a {MESSAGE_TYPE[0]}.",
            message.position,
            "UNH",
            2,
            1,
        )
    body = message.body
    if not body or body[0].split("+", 1)[0] != "BGM":
        raise fail(
            f"message {message.reference!r} must begin with BGM (item id and message function).",
            message.segment_number(0),
            body[0][:3] if body else "UNT",
            code=SyntaxErrorCode.MISSING,
        )
    function = value(body[0], 3, 1, message.restore)
    if function not in FUNCTIONS:
        raise fail(
            f"message function {function!r} is not supported; use 9 (original), 5 (replacement) "
            "or 1 (cancellation).",
            message.segment_number(0),
            "BGM",
            3,
        )
    if function == "1":
        return build(Cancellation, CANCELLATION.decode(message, decimal), message)
    return build(Item, ITEM.decode(message, decimal), message)


def write_cusitm(
    records: Sequence[Record],
    *,
    sender: str = "CLEARPOST",
    recipient: str = "CUSTOMS",
    reference: str | None = None,
    prepared: dt.datetime | None = None,
) -> bytes:
    """Write records as one CUSITM interchange in UNOW (UTF-8).

    `reference` (UNB/UNZ interchange control reference) defaults to a digest of the records and
    `prepared` (UNB date and time, written in UTC) to the latest posting date, so the same
    records always give the same bytes.
    """
    bodies = [
        CANCELLATION.encode(record) if isinstance(record, Cancellation) else ITEM.encode(record)
        for record in records
    ]
    if prepared is None:
        dates = [r.posting_date for r in records if isinstance(r, Item) and r.posting_date is not None]
        prepared = max(dates, default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    return write_interchange(
        bodies,
        message_type=MESSAGE_TYPE,
        sender=sender,
        recipient=recipient,
        reference=reference or digest(records),
        prepared=prepared.astimezone(dt.UTC),
    )
