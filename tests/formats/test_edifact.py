"""UN/EDIFACT syntax: tokenizing, escaping, envelope checks, numbers and dates, and agreement
with pydifact (an independent reader)."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import items, moments

from clearpost.formats.base import UnreadableMessage
from clearpost.formats.cusitm import read_cusitm, write_cusitm
from clearpost.formats.edifact import (
    Delimiters,
    EdifactError,
    SyntaxErrorCode,
    components,
    format_datetime,
    format_decimal,
    format_number,
    parse_datetime,
    parse_decimal,
    parse_number,
    read_interchange,
    segment_text,
    tokenize,
    write_interchange,
)
from clearpost.model import Item

MESSAGES = Path(__file__).parent / "messages"
PREPARED = dt.datetime(2026, 11, 20, 10, 15, tzinfo=dt.UTC)

# any character but surrogates (not encodable) and the noncharacters the tokenizer uses inside
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)).filter(lambda c: not "\ufdd0" <= c <= "\ufdd6"))


def interchange(*bodies: list[list[str | list[str]]]) -> bytes:
    return write_interchange(
        [[segment_text(segment) for segment in body] for body in bodies],
        message_type=("TEST", "1", "0", "ZZ"),
        sender="A",
        recipient="B",
        reference="R1",
        prepared=PREPARED,
    )


@given(st.lists(ANY_TEXT, max_size=5))
def test_any_text_survives_escaping(values: list[str]) -> None:
    written = [*values, "END"]  # trailing empty components are not written: end with a value
    [message] = read_interchange(interchange([["FTX", "AAI", "", "", written]])).messages
    assert components(message.body[0], message.restore)[4] == written


def test_release_character_escapes_every_service_character() -> None:
    assert segment_text(["FTX", "AAI", "", "", ["O'Brien + Co: 100?"]]) == "FTX+AAI+++O?'Brien ?+ Co?: 100??'"
    [segment] = tokenize("FTX+AAI+++O?'Brien ?+ Co?: 100??'")
    assert components(segment) == [["FTX"], ["AAI"], [""], [""], ["O'Brien + Co: 100?"]]


def test_a_release_character_before_an_ordinary_character_is_dropped() -> None:
    assert components(tokenize("FTX+A?BC'")[0]) == [["FTX"], ["ABC"]]


def test_layout_line_breaks_after_terminators_are_ignored() -> None:
    segments = tokenize("UNB+UNOW:4'\r\nUNH+1'\nUNT+2+1'\r\n")
    assert [components(s)[0][0] for s in segments] == ["UNB", "UNH", "UNT"]


def test_other_service_characters_declared_in_una() -> None:
    data = (
        b"UNA|^,\\ ~UNB^UNOW|4^A^B^20261120|1015^R1~UNH^1^CUSITM|1|0|UP~BGM^^RR473124829GB^9~"
        b"MEA^WT^G^KGM|1,5~FTX^AAI^^^a:b+c'd\\^e\\|f\\~g\\\\~UNT^5^1~UNZ^1^R1~"
    )
    [item] = read_cusitm(data).records
    assert item.gross_weight_kg == 1.5  # type: ignore[union-attr]
    assert item.comments == "a:b+c'd^e|f~g\\"  # type: ignore[union-attr]
    assert read_interchange(data).delimiters == Delimiters("|", "^", ",", "\\", " ", "~")


def test_unoc_is_latin_1_and_version_3_dates_have_six_digits() -> None:
    data = (MESSAGES / "cusitm_unoc.edi").read_bytes()
    parsed = read_interchange(data)
    assert (parsed.syntax, parsed.version, parsed.sender, parsed.prepared) == (
        "UNOC",
        "3",
        "DEA",
        "2611191542",
    )
    assert "Müller" in data.decode("latin-1")


def test_unoa_accepts_level_a_only() -> None:
    ok = b"UNB+UNOA:4+A+B+20261120:1015+R1'UNH+1+TEST'FTX+AAI+++HELLO (WORLD) 1/2'UNT+3+1'UNZ+1+R1'"
    assert read_interchange(ok).messages[0].body == ["FTX+AAI+++HELLO (WORLD) 1/2"]
    with pytest.raises(EdifactError) as raised:
        read_interchange(ok.replace(b"HELLO", b"Hello"))
    assert raised.value.location is not None
    assert (raised.value.location.segment, raised.value.location.tag, raised.value.location.element) == (
        3,
        "FTX",
        4,
    )
    assert raised.value.code == SyntaxErrorCode.INVALID_CHARACTERS


def test_unob_accepts_lower_case_and_e_mail_addresses_but_not_8_bit() -> None:
    ok = b"UNB+UNOB:4+A+B+20261120:1015+R1'UNH+1+TEST'COM+anna@example.org:EM'UNT+3+1'UNZ+1+R1'"
    assert read_interchange(ok).messages[0].body == ["COM+anna@example.org:EM"]
    with pytest.raises(EdifactError, match="not valid in UNOB"):
        read_interchange(ok.replace(b"anna", "änna".encode("latin-1")))


# ------------------------------------------------------------------------------ envelope


@given(st.lists(items(), min_size=1, max_size=4))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_unt_and_unz_counts_are_right(records: list[Item]) -> None:
    text = write_cusitm(records).decode()
    segments = re.findall(r"((?:[^?']|\?.)*)'", text[9:], re.DOTALL)
    tags = [segment.split("+", 1)[0] for segment in segments]
    starts = [i for i, tag in enumerate(tags) if tag == "UNH"]
    ends = [i for i, tag in enumerate(tags) if tag == "UNT"]
    assert len(starts) == len(ends) == len(records)
    for start, end in zip(starts, ends, strict=True):
        assert segments[end].split("+")[1] == str(end - start + 1)
    assert segments[-1].split("+")[1] == str(len(records))


MALFORMED = [
    # file, segment, tag, element, component, words of the message
    ("empty.edi", 1, None, None, None, "empty"),
    ("no_unb.edi", 1, "UNB", None, None, "must begin with UNB"),
    ("binary.edi", 1, "UNB", None, None, "must begin with UNB"),
    ("truncated.edi", 11, "NAD", None, None, "not ended by the segment terminator"),
    ("unterminated.edi", 16, "UNZ", None, None, "not ended by the segment terminator"),
    ("no_unz.edi", 16, "UNZ", None, None, "no UNZ trailer"),
    ("unt_count.edi", 15, "UNT", 1, None, "says it has 12 segments but it has 14"),
    ("unt_reference.edi", 15, "UNT", 2, None, "does not match '1'"),
    ("unz_count.edi", 16, "UNZ", 1, None, "says it has 2 messages but it has 1"),
    ("unz_reference.edi", 16, "UNZ", 2, None, "does not match 'GBA20261120002'"),
    ("data_after_unz.edi", 17, "UNH", None, None, "after the UNZ"),
    ("segment_outside_message.edi", 16, "FTX", None, None, "outside any message"),
    ("dangling_release.edi", 17, None, None, None, "release character '?'"),
    ("invalid_utf8.edi", 11, "NAD", 4, 1, "0xED is not valid in UNOW"),
    ("unsupported_charset.edi", 1, "UNB", 1, 1, "'UNOD' is not supported"),
    ("unoa_lowercase.edi", 11, "NAD", 4, 1, "'u' is not allowed in UNOA"),
]


@pytest.mark.parametrize(("name", "segment", "tag", "element", "component", "words"), MALFORMED)
def test_malformed_interchanges_are_located(
    name: str, segment: int, tag: str | None, element: int | None, component: int | None, words: str
) -> None:
    with pytest.raises(UnreadableMessage) as raised:
        read_cusitm((MESSAGES / "malformed" / name).read_bytes())
    location = raised.value.location
    assert location is not None
    assert (location.segment, location.tag, location.element, location.component) == (
        segment,
        tag,
        element,
        component,
    )
    assert words in raised.value.message
    assert raised.value.message.startswith(f"Segment {segment}") or name == "empty.edi"


def test_the_briefs_example_message() -> None:
    with pytest.raises(UnreadableMessage) as raised:
        read_cusitm((MESSAGES / "malformed" / "unt_count.edi").read_bytes())
    assert (
        raised.value.message
        == "Segment 15 (UNT), element 1: the message says it has 12 segments but it has 14."
    )


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """A valid interchange, cut, overwritten or spliced with arbitrary bytes."""
    data = bytearray(draw(st.sampled_from(sorted(MESSAGES.glob("cusitm_*.edi")))).read_bytes())
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "overwrite", "insert"]))
        junk = draw(
            st.binary(min_size=1, max_size=8) | st.sampled_from([b"'", b"+", b":", b"?", b"UNH+9'", b"\xff"])
        )
        if action == "cut":
            del data[where:]
        elif action == "overwrite":
            data[where : where + len(junk)] = junk
        else:
            data[where:where] = junk
    return bytes(data)


@given(damaged())
@settings(max_examples=300, deadline=None)
def test_damage_gives_a_located_syntax_error_and_never_a_crash(data: bytes) -> None:
    try:
        read_cusitm(data)
    except UnreadableMessage as error:
        location = error.location
        message = error.message
    else:
        return
    assert location is not None
    assert location.segment is not None
    assert message.startswith(("Segment", "The interchange is empty"))


@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    with pytest.raises(UnreadableMessage):
        read_cusitm(b"UNA:+.? 'UNB+UNOW:4+" + data)


# ------------------------------------------------------------------------------ values


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_are_written_without_exponent_and_read_back_exactly(number: float) -> None:
    text = format_number(number)
    assert "e" not in text.lower()
    assert "." in text
    read = parse_number(text, ".")
    assert isinstance(read, float)
    assert read == number


@given(st.integers())
def test_ints_read_back_as_ints(number: int) -> None:
    assert parse_number(format_number(number), ".") == number
    assert isinstance(parse_number(format_number(number), "."), int)


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20))
def test_decimals_read_back_equal(amount: Decimal) -> None:
    text = format_decimal(amount)
    assert "E" not in text
    assert parse_decimal(text, ".") == amount


def test_decimal_amounts_keep_their_digits_and_honour_the_decimal_mark() -> None:
    assert format_decimal(Decimal("12.50")) == "12.50"
    assert parse_decimal("12,50", ",") == Decimal("12.50")
    assert parse_number("0,92", ",") == 0.92
    for bad in ("12.50", "1e5", "", "-", "12,5,0", " 1", "nan"):
        with pytest.raises(ValueError, match="not a number"):
            parse_decimal(bad, ",") if bad == "12.50" else parse_number(bad, ".")


@given(moments())
def test_date_times_read_back_with_their_offset(moment: dt.datetime) -> None:
    read = parse_datetime(format_datetime(moment))
    assert read == moment
    assert read.utcoffset() == moment.utcoffset()


def test_date_time_format() -> None:
    moment = dt.datetime(2026, 11, 20, 10, 15, 7, tzinfo=dt.timezone(-dt.timedelta(hours=5, minutes=30)))
    assert format_datetime(moment) == "20261120101507-0530"
    for bad in ("20261120", "20261320101507+0000", "2026112010150+00000", "20261120101507Z"):
        with pytest.raises(ValueError, match="date-time"):
            parse_datetime(bad)


# ------------------------------------------------------------------------------ pydifact


def _pydifact_segments(text: str) -> list[list[list[str]]]:
    from pydifact.segmentcollection import Interchange

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        collection = Interchange.from_str(text)
    return [
        [
            [segment.tag],
            *([element] if isinstance(element, str) else list(element) for element in segment.elements),
        ]
        for segment in collection.segments
    ]


@given(st.lists(items(), min_size=1, max_size=3))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_pydifact_reads_what_we_write_with_the_same_segments(records: list[Item]) -> None:
    data = write_cusitm(records)
    ours = [components(segment) for message in read_interchange(data).messages for segment in message.body]
    theirs = _pydifact_segments(data.decode("utf-8"))
    assert [segment for segment in theirs if segment[0][0] not in ("UNH", "UNT")] == ours
    assert [segment[0][0] for segment in theirs].count("UNH") == len(records)
