"""CUSRSP, the customs response (UPU M44): one UNH…UNT message per assessment.

M44 and its code lists are not public; `RESPONSE` below is ClearPost's implementation guide,
in the style of UN/EDIFACT CUSRES: BGM for the item, DTM for the time of assessment, GIS for
coded status/stage/outcome/risk level, MEA for the scores, and one ERC group per finding (ERC
code, FTX error description, FTX field path, GIS severity; for a risk reason, FTX ZSO its
source: rule, screening, model, quality or targeting). All qualifiers and code lists of
this message are mutually defined (Z) except BGM, DTM 137 and FTX AAO.

A finding's `location` and `detail`, and the assessment's `duties`, travel as JSON text in
Z-qualified FTX segments, so the round trip is exact for JSON-native values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from clearpost.bulk import cycle_collector_paused
from clearpost.formats.edifact import digest, fail, read_interchange, write_interchange
from clearpost.formats.edifact_mapping import Field, MessageMapping, Row, build
from clearpost.model import Assessment

STATUS_CODES: dict[str, str] = {"accepted": "ACC", "rejected": "REJ"}
STAGE_CODES: dict[str, str] = {"pre_loading": "PLD", "arrival": "ARR"}
OUTCOME_CODES: dict[str, str] = {
    "ASSESSMENT_COMPLETE": "ACM",
    "REQUEST_INFO": "RFI",
    "SCREEN_HRCM": "RFS",
    "DO_NOT_LOAD": "DNL",
    "RELEASE": "REL",
    "INSPECT": "INS",
    "HOLD": "HLD",
    "SEIZE": "SZE",
    "RETURN": "RTN",
    "REJECTED_DATA": "RJD",
}
"""Contract §2 outcomes; the codes are ClearPost's until the M44 code list can be had."""
RISK_LEVEL_CODES: dict[str, str] = {"low": "L", "medium": "M", "high": "H"}
SEVERITY_CODES: dict[str, str] = {"error": "E", "warning": "W", "info": "I"}

MESSAGE_TYPE = ("CUSRSP", "1", "0", "UP")
"""UNH S009 (assumed, as for CUSITM)."""

QUALIFIER_AT: dict[str, tuple[int, int]] = {
    "DTM": (1, 1),
    "ERC": (1, 2),
    "FTX": (1, 1),
    "GIS": (1, 2),
    "MEA": (2, 1),
}

_LISTS = (
    ("errors[]", "ZER", "error"),
    ("quality.findings[]", "ZQF", "quality finding"),
    ("risk.reasons[]", "ZRR", "risk reason"),
)


def _findings(group: str, qualifier: str, what: str) -> tuple[Row, ...]:
    return (
        Row("ERC", qualifier, (Field(f"{group}.code", 1, 1),), group=group, standard=False, note=what),
        Row("FTX", "AAO", (Field(f"{group}.message", 4),), group=group, note="error description"),
        Row("FTX", "ZFD", (Field(f"{group}.field", 4),), group=group, standard=False, note="field path"),
        Row(
            "GIS",
            "ZSV",
            (Field(f"{group}.severity", 1, 1, "code", SEVERITY_CODES),),
            group=group,
            standard=False,
        ),
        Row("FTX", "ZLC", (Field(f"{group}.location", 4, 1, "json"),), group=group, standard=False),
        Row("FTX", "ZDT", (Field(f"{group}.detail", 4, 1, "json"),), group=group, standard=False),
        Row("FTX", "ZSO", (Field(f"{group}.source", 4),), group=group, standard=False, note="risk source"),
    )


RESPONSE = MessageMapping(
    message_type=MESSAGE_TYPE,
    qualifier_at=QUALIFIER_AT,
    rows=(
        Row(
            "BGM",
            "",
            (Field("item_id", 2),),
            written=((3, 1, "9"),),
            always=True,
            note="message function (3.1)",
        ),
        Row("DTM", "137", (Field("assessed_at", 1, 2, "datetime"),), ((1, 3, "304"),), note="assessed at"),
        Row("GIS", "ZST", (Field("status", 1, 1, "code", STATUS_CODES),), standard=False),
        Row("GIS", "ZSG", (Field("stage", 1, 1, "code", STAGE_CODES),), standard=False),
        Row("GIS", "ZOC", (Field("outcome", 1, 1, "code", OUTCOME_CODES),), standard=False),
        Row("MEA", "ZQS", (Field("quality.score", 3, 2, "number"),), ((1, 1, "AAE"),), standard=False),
        Row("MEA", "ZRS", (Field("risk.score", 3, 2, "number"),), ((1, 1, "AAE"),), standard=False),
        Row("GIS", "ZRL", (Field("risk.level", 1, 1, "code", RISK_LEVEL_CODES),), standard=False),
        Row("FTX", "ZDU", (Field("duties", 4, 1, "json"),), standard=False, note="duties and taxes"),
        *(row for group, qualifier, what in _LISTS for row in _findings(group, qualifier, what)),
    ),
)
"""The CUSRSP mapping of an assessment."""


def write_cusrsp(
    assessments: Sequence[Assessment],
    *,
    sender: str = "CUSTOMS",
    recipient: str = "POST",
    reference: str | None = None,
    prepared: dt.datetime | None = None,
) -> bytes:
    """Write assessments as one CUSRSP interchange in UNOW (UTF-8). `prepared` defaults to the
    latest `assessed_at` and `reference` to a digest of the assessments."""
    bodies = [RESPONSE.encode(assessment) for assessment in assessments]
    if prepared is None:
        prepared = max((a.assessed_at for a in assessments), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    return write_interchange(
        bodies,
        message_type=MESSAGE_TYPE,
        sender=sender,
        recipient=recipient,
        reference=reference or digest(assessments),
        prepared=prepared.astimezone(dt.UTC),
    )


def read_cusrsp(data: bytes) -> list[Assessment]:
    """Read a CUSRSP interchange: one assessment per message, in order."""
    with cycle_collector_paused():
        interchange = read_interchange(data)
        assessments = []
        for message in interchange.messages:
            if message.type != MESSAGE_TYPE[0]:
                raise fail(
                    f"message {message.reference!r} is a {message.type}, not a {MESSAGE_TYPE[0]}.",
                    message.position,
                    "UNH",
                    2,
                    1,
                )
            fields = RESPONSE.decode(message, interchange.delimiters.decimal)
            fields.setdefault("item_id", None)  # required by the model, even when unknown
            assessments.append(build(Assessment, fields, message))
    return assessments
