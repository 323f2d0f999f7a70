"""Sanctions lists and watchlists, read from the formats operators have into one frozen model.

Formats (`read_watchlist(path, fmt)`):

- ``un-xml``: the UN Security Council Consolidated List XML, streamed. Names are the FIRST to
  FOURTH_NAME parts in the given order; alias QUALITY Good/a.k.a./f.k.a. gives an alias, Low a
  weak alias (quality "good", "aka", "fka", "low"); NAME_ORIGINAL_SCRIPT an original-script name.
- ``ofac-csv``: OFAC's legacy headerless CSV folder, SDN (sdn, add, alt, sdn_comments) or
  consolidated non-SDN (cons_prim, cons_add, cons_alt, cons_comments); "-0-" is empty. Remarks
  cut at 1,000 characters continue in the comments file. An individual's "LAST, First" is the
  primary name and "First LAST" an alias of quality "natural-order"; alt.csv names are aliases
  of quality aka/fka/nka (individuals' in both orders); remarks give weak aliases (a.k.a. 'X'),
  DOBs and nationality/citizen countries; add.csv countries and a vessel's flag are countries.
- ``ftm-json``: FollowTheMoney entities as JSON lines (OpenSanctions exports). Person,
  Organization and its kind, Vessel and Airplane are read; Sanction entities give their
  entity's programs and listing date; other schemata and ``"target": false`` are skipped.
- ``csv``: a CSV with a header: name (required), id, aliases (";"-separated), country (alpha-2
  or English name), birth_date (YYYY or YYYY-MM-DD), schema (default Person); several countries
  or birth dates are ";"-separated. An entry without an id gets its data row number.

Countries become ISO 3166 alpha-2 codes (Kosovo XK); a name no code fits is left out, except in
the plain CSV, where it is an error. Birth dates are ISO (YYYY, YYYY-MM or YYYY-MM-DD, as precise
as the list); birth years also cover ranges ("1960 to 1962", UN BETWEEN). A file at fault raises
`WatchlistError` naming the file and the line or element.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

import msgspec
import pycountry
from lxml import etree

Schema = Literal["Person", "Organization", "Vessel", "Aircraft"]
NameKind = Literal["primary", "alias", "weak_alias", "original_script"]


class WatchlistError(ValueError):
    """A watchlist that cannot be read; the message names the file and the line or element."""


class ListedName(msgspec.Struct, frozen=True, gc=False):
    name: str
    """As written in the list (whitespace collapsed)."""
    kind: NameKind
    quality: str | None = None
    """The list's own qualifier: good/low (UN), aka/fka/nka (OFAC, UN, FtM previousName: fka),
    natural-order (OFAC "LAST, First" turned round)."""


class WatchlistEntry(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    list_name: str
    entry_id: str
    """The list's id: UN REFERENCE_NUMBER, OFAC ent_num, FtM id, the CSV's id."""
    schema: Schema
    names: tuple[ListedName, ...]
    """The primary name first."""
    countries: frozenset[str] = frozenset()
    birth_years: frozenset[int] = frozenset()
    birth_dates: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    listed_on: str | None = None


class Watchlist(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    name: str
    format: str
    version: str
    """The list's own date where it has one (UN dateGenerated), else sha256 of the files read."""
    entries: tuple[WatchlistEntry, ...]


# Names the lists use that pycountry does not know, casefolded.
_COUNTRY_FALLBACK = {
    "iran (islamic republic of)": "IR",
    "democratic republic of the congo": "CD",
    "congo, democratic republic of the": "CD",
    "congo, republic of the": "CG",
    "russia": "RU",
    "korea, north": "KP",
    "korea, south": "KR",
    "republic of korea": "KR",
    "turkey": "TR",
    "burma": "MM",
    "palestine": "PS",
    "state of palestine": "PS",
    "palestinian": "PS",
    "west bank": "PS",
    "region: gaza": "PS",
    "region: crimea": "UA",
    "kosovo": "XK",
    "xk": "XK",
    "the gambia": "GM",
    "bahamas, the": "BS",
    "cote d ivoire": "CI",
    "ivory coast": "CI",
    "brunei": "BN",
    "macau": "MO",
    "china, hong kong special administrative region": "HK",
    "macedonia": "MK",
    "macedonia, the former yugoslav republic of": "MK",
    "bolivia (plurinational state of)": "BO",
    "venezuela (bolivarian republic of)": "VE",
    "micronesia": "FM",
    "cape verde": "CV",
    "swaziland": "SZ",
    "holy see": "VA",
    "vatican": "VA",
}


@lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """The ISO 3166 alpha-2 code of a country name or code as lists write it, or None."""
    text = " ".join(value.split()).rstrip(".")
    if not text or text == "-0-":
        return None
    if code := _COUNTRY_FALLBACK.get(text.casefold()):
        return code
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return None


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _clean(value: str | None) -> str:
    return " ".join(value.split()) if value else ""


@dataclass(slots=True)
class _Draft:
    """An entry being read: names without repeats, countries, birth dates and years."""

    entry_id: str
    schema: Schema
    names: list[ListedName] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    birth_years: set[int] = field(default_factory=set)
    birth_dates: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    listed_on: str | None = None

    def name(self, name: str | None, kind: NameKind, quality: str | None = None) -> None:
        text = _clean(name)
        if text and all(text != n.name for n in self.names):
            self.names.append(ListedName(text, kind, quality))

    def country(self, value: str | None) -> None:
        if value and (code := country_code(value)):
            self.countries.add(code)

    def birth_date(self, value: str) -> bool:
        """Add an ISO date (YYYY, YYYY-MM, YYYY-MM-DD; -00 parts dropped); False if it is none."""
        match = _ISO_DATE.fullmatch(value.strip())
        if not match:
            return False
        parts = [part for part in match.groups() if part and part != "00"]
        if len(parts) == 3:
            try:
                dt.date(*map(int, parts))
            except ValueError:
                return False
        iso = "-".join(parts)
        if iso not in self.birth_dates:
            self.birth_dates.append(iso)
        self.birth_years.add(int(parts[0]))
        return True

    def birth_range(self, first: int, last: int) -> None:
        self.birth_years.update(range(min(first, last), max(first, last) + 1))

    def program(self, value: str | None) -> None:
        text = _clean(value)
        if text and text not in self.programs:
            self.programs.append(text)

    def build(self, list_name: str) -> WatchlistEntry:
        return WatchlistEntry(
            list_name=list_name,
            entry_id=self.entry_id,
            schema=self.schema,
            names=tuple(self.names),
            countries=frozenset(self.countries),
            birth_years=frozenset(self.birth_years),
            birth_dates=tuple(self.birth_dates),
            programs=tuple(self.programs),
            listed_on=self.listed_on,
        )


def _digest(*paths: Path) -> str:
    sha = hashlib.sha256()
    for path in paths:
        sha.update(path.read_bytes())
    return "sha256:" + sha.hexdigest()[:16]


def _read_text(path: Path) -> str:
    """The file's text: UTF-8 (a BOM allowed), else Windows-1252, without a trailing DOS EOF mark."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise WatchlistError(
                f"{path.name}: neither UTF-8 nor Windows-1252 (byte {error.start})"
            ) from None
    return text.rstrip("\x1a")


# UN Security Council Consolidated List


def _un_years(element: etree._Element, tag: str, where: str) -> int | None:
    text = _clean(element.findtext(tag))
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text):
        raise WatchlistError(f"{where} line {element.sourceline}: {tag} {text!r} is not a year")
    return int(text)


def _un_entry(element: etree._Element, where: str) -> _Draft:
    kind = str(element.tag)
    data_id = _clean(element.findtext("DATAID"))
    entry_id = _clean(element.findtext("REFERENCE_NUMBER")) or data_id
    at = f"{where} line {element.sourceline}: {kind}"
    if not entry_id:
        raise WatchlistError(f"{at} has neither REFERENCE_NUMBER nor DATAID")
    draft = _Draft(entry_id, "Person" if kind == "INDIVIDUAL" else "Organization")
    parts = (element.findtext(tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"))
    draft.name(" ".join(part for part in parts if part), "primary")
    if not draft.names:
        raise WatchlistError(f"{at} {entry_id} has no name")
    draft.name(element.findtext("NAME_ORIGINAL_SCRIPT"), "original_script")
    for alias in element.iterfind(f"{kind}_ALIAS"):
        quality = _clean(alias.findtext("QUALITY")).lower().replace(".", "") or None
        draft.name(alias.findtext("ALIAS_NAME"), "weak_alias" if quality == "low" else "alias", quality)
        alias_birth = _clean(alias.findtext("DATE_OF_BIRTH"))
        if alias_birth and not draft.birth_date(alias_birth):
            raise WatchlistError(
                f"{where} line {alias.sourceline}: DATE_OF_BIRTH {alias_birth!r} is not a date"
            )
    for value in element.iterfind("NATIONALITY/VALUE"):
        draft.country(value.text)
    for address in element.iterfind(f"{kind}_ADDRESS"):
        draft.country(address.findtext("COUNTRY"))
    for birth in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        date = _clean(birth.findtext("DATE"))
        if date and not draft.birth_date(date[:10]):
            raise WatchlistError(f"{where} line {birth.sourceline}: DATE {date!r} is not a date")
        if (year := _un_years(birth, "YEAR", where)) is not None:
            draft.birth_range(year, year)
        first, last = _un_years(birth, "FROM_YEAR", where), _un_years(birth, "TO_YEAR", where)
        if first is not None and last is not None:
            draft.birth_range(first, last)
    draft.program(element.findtext("UN_LIST_TYPE"))
    draft.listed_on = _clean(element.findtext("LISTED_ON"))[:10] or None
    return draft


def _read_un(path: Path, name: str) -> Watchlist:
    """Stream the list: each INDIVIDUAL and ENTITY is read when it closes, then dropped."""
    parser = etree.XMLPullParser(
        events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    root: etree._Element | None = None
    drafts: list[_Draft] = []

    def take_events() -> None:
        nonlocal root
        for event, element in parser.read_events():
            if not isinstance(element, etree._Element):
                continue
            if event == "start" and root is None:
                root = element
                if root.tag != "CONSOLIDATED_LIST":
                    raise WatchlistError(f"{path.name}: root <{root.tag}> is not a UN CONSOLIDATED_LIST")
            elif event == "end" and element.tag in ("INDIVIDUAL", "ENTITY"):
                drafts.append(_un_entry(element, path.name))
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]  # type: ignore[union-attr]

    try:
        with path.open("rb") as file:
            while chunk := file.read(1 << 20):
                parser.feed(chunk)
                take_events()
        parser.close()
        take_events()
    except etree.XMLSyntaxError as error:
        line = error.position[0] or 1
        raise WatchlistError(f"{path.name} line {line}: malformed XML: {error.msg}") from None
    generated = None if root is None else root.get("dateGenerated")
    version = str(generated) if generated else _digest(path)
    return Watchlist(
        name=name, format="un-xml", version=version, entries=tuple(d.build(name) for d in drafts)
    )


# OFAC legacy CSV (SDN and consolidated non-SDN)

_OFAC_SCHEMA: dict[str, Schema] = {
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Aircraft",
    "": "Organization",
}
_MONTHS = {
    month: index
    for index, month in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_OFAC_DOB = re.compile(r"\bDOB ([^;]+)")
_OFAC_COUNTRY = re.compile(r"(?:\bnationality|\bcitizen|Nationality of Registration) ([^;]+)")
_OFAC_WEAK_ALIAS = re.compile(r"a\.k\.a\. '(.+?)'(?=[;.]|$)")
_OFAC_DATE = re.compile(r"(?:(\d{1,2}) )?(?:([A-Za-z]{3}) )?(\d{4})")


def _csv_rows(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """The line number and fields of each row of a headerless OFAC file, "-0-" made empty."""
    reader = csv.reader(io.StringIO(_read_text(path), newline=""))
    try:
        for row in reader:
            if not row:
                continue
            if len(row) != columns:
                raise WatchlistError(
                    f"{path.name} line {reader.line_num}: {len(row)} columns, expected {columns}"
                )
            yield reader.line_num, ["" if (value := v.strip()) == "-0-" else value for v in row]
    except csv.Error as error:
        raise WatchlistError(f"{path.name} line {reader.line_num}: {error}") from None


def _ofac_dates(draft: _Draft, text: str) -> None:
    """Add one DOB of the remarks: "01 Jan 1960", "Jan 1960", "1960", "circa 1960", "A to B"."""
    text = text.strip().rstrip(".").removeprefix("circa ")
    ends = re.split(r" to |(?<=\d{4})-(?=\d{4})", text)
    dates = [_OFAC_DATE.fullmatch(end.strip()) for end in ends]
    if len(dates) == 2 and dates[0] and dates[1]:
        draft.birth_range(int(dates[0][3]), int(dates[1][3]))
    elif len(dates) == 1 and (date := dates[0]):
        day, month, year = date.groups()
        if month and month.lower() not in _MONTHS:
            return
        iso = year + (f"-{_MONTHS[month.lower()]:02d}" if month else "") + (f"-{int(day):02d}" if day else "")
        draft.birth_date(iso)


def _ofac_file(folder: Path, prefix: str, suffix: str) -> Path | None:
    """The folder's file `<prefix><suffix>.csv`, any case (OFAC publishes SDN.CSV too)."""
    wanted = f"{prefix}{suffix}.csv"
    return next((path for path in folder.iterdir() if path.name.lower() == wanted), None)


def _ofac_primary(path: Path) -> tuple[str, Path]:
    """The file prefix ("" for SDN, "cons_" for non-SDN) and the primary file of a folder or file."""
    folder = path if path.is_dir() else path.parent
    found = [(p, f) for p, suffix in (("", "sdn"), ("cons_", "prim")) if (f := _ofac_file(folder, p, suffix))]
    if not path.is_dir():
        found = [(p, f) for p, f in found if f == path]
    if len(found) != 1:
        what = "neither sdn.csv nor cons_prim.csv" if not found else "both sdn.csv and cons_prim.csv"
        raise WatchlistError(f"{path}: {what}; point at one OFAC list")
    return found[0]


def _read_ofac(path: Path, name: str) -> Watchlist:
    prefix, primary = _ofac_primary(path)
    folder = primary.parent
    comments_file = _ofac_file(folder, prefix, "sdn_comments" if not prefix else "comments")
    comments = {} if comments_file is None else {row[0]: row[1] for _, row in _csv_rows(comments_file, 2)}

    drafts: dict[str, _Draft] = {}
    for line, row in _csv_rows(primary, 12):
        ent_num, sdn_name, sdn_type, program, *_, vess_flag, _, remarks = row
        at = f"{primary.name} line {line}"
        if not ent_num.isdigit():
            raise WatchlistError(f"{at}: ent_num {ent_num!r} is not a number")
        if not sdn_name:
            raise WatchlistError(f"{at}: no SDN_Name")
        if (schema := _OFAC_SCHEMA.get(sdn_type.lower())) is None:
            raise WatchlistError(f"{at}: SDN_Type {sdn_type!r} is not individual, vessel, aircraft or -0-")
        draft = drafts[ent_num] = _Draft(ent_num, schema)
        _ofac_name(draft, sdn_name, "primary", None)
        for part in program.strip("[]").split("] ["):
            draft.program(part)
        draft.country(vess_flag)
        remarks += comments.get(ent_num, "")
        for match in _OFAC_WEAK_ALIAS.finditer(remarks):
            draft.name(match[1], "weak_alias")
        for match in _OFAC_DOB.finditer(remarks):
            _ofac_dates(draft, match[1])
        for match in _OFAC_COUNTRY.finditer(remarks):
            draft.country(match[1])

    used = [primary] if comments_file is None else [primary, comments_file]
    for suffix, columns in (("add", 6), ("alt", 5)):
        if (file := _ofac_file(folder, prefix, suffix)) is None:
            continue
        used.append(file)
        for _, row in _csv_rows(file, columns):
            if (owner := drafts.get(row[0])) is None:
                continue  # a row of an entry no longer listed
            if suffix == "add":
                owner.country(row[4])
            else:
                _ofac_name(owner, row[3], "alias", row[2].lower() or None)
    return Watchlist(
        name=name,
        format="ofac-csv",
        version=_digest(*used),
        entries=tuple(draft.build(name) for draft in drafts.values()),
    )


def _ofac_name(draft: _Draft, name: str, kind: NameKind, quality: str | None) -> None:
    """Add a name as listed and, for an individual's "LAST, First", also as "First LAST"."""
    draft.name(name, kind, quality)
    last, comma, first = name.partition(",")
    if draft.schema == "Person" and comma and "," not in first and first.strip() and last.strip():
        draft.name(f"{first} {last}", "alias", quality or "natural-order")


# FollowTheMoney JSON lines


class _FtmEntity(msgspec.Struct, gc=False):
    id: str
    schema: str
    properties: dict[str, list[str]] = {}
    target: bool = True


_FTM_SCHEMA: dict[str, Schema] = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Organization",
    "LegalEntity": "Organization",
    "PublicBody": "Organization",
    "Vessel": "Vessel",
    "Airplane": "Aircraft",
}
_FTM_COUNTRIES = ("country", "nationality", "citizenship", "jurisdiction", "mainCountry", "flag")
_FTM_NAMES: tuple[tuple[str, NameKind, str | None], ...] = (
    ("name", "primary", None),
    ("alias", "alias", None),
    ("previousName", "alias", "fka"),
    ("weakAlias", "weak_alias", None),
)


def _read_ftm(path: Path, name: str) -> Watchlist:
    decode = msgspec.json.Decoder(_FtmEntity).decode
    drafts: dict[str, _Draft] = {}
    sanctions: list[_FtmEntity] = []
    for line, text in enumerate(_read_text(path).splitlines(), 1):
        if not text.strip():
            continue
        try:
            entity = decode(text)
        except msgspec.DecodeError as error:
            raise WatchlistError(f"{path.name} line {line}: {error}") from None
        props = entity.properties
        if entity.schema == "Sanction":
            sanctions.append(entity)
        if (schema := _FTM_SCHEMA.get(entity.schema)) is None or not entity.target:
            continue
        draft = drafts[entity.id] = _Draft(entity.id, schema)
        for prop, kind, quality in _FTM_NAMES:
            for value in props.get(prop, ()):
                draft.name(value, kind, quality)
        if not draft.names or draft.names[0].kind != "primary":
            raise WatchlistError(f"{path.name} line {line}: {entity.schema} {entity.id} has no name property")
        for prop in _FTM_COUNTRIES:
            for value in props.get(prop, ()):
                draft.country(value.partition("-")[0])  # "ge-ab" (Abkhazia) is in GE
        for value in props.get("birthDate", ()):
            if not draft.birth_date(value[:10]):
                raise WatchlistError(f"{path.name} line {line}: birthDate {value!r} is not a date")
        for value in props.get("program", ()):
            draft.program(value)
    for sanction in sanctions:
        props = sanction.properties
        dates = sorted(d[:10] for key in ("listingDate", "startDate") for d in props.get(key, ()))
        for entity_id in props.get("entity", ()):
            if (target := drafts.get(entity_id)) is None:
                continue
            for value in props.get("program", ()):
                target.program(value)
            if dates and (target.listed_on is None or dates[0] < target.listed_on):
                target.listed_on = dates[0]
    return Watchlist(
        name=name,
        format="ftm-json",
        version=_digest(path),
        entries=tuple(draft.build(name) for draft in drafts.values()),
    )


# Plain CSV with a header

_CSV_SCHEMA: dict[str, Schema] = {schema.lower(): schema for schema in get_args(Schema)}
_CSV_COLUMNS = dict.fromkeys(("name", "id", "aliases", "country", "birth_date", "schema"), "")


def _read_csv(path: Path, name: str) -> Watchlist:
    reader = csv.DictReader(io.StringIO(_read_text(path), newline=""))
    header = [column.strip().lower() for column in reader.fieldnames or ()]
    if "name" not in header:
        raise WatchlistError(f"{path.name} line 1: no 'name' column (columns: {', '.join(header) or 'none'})")
    reader.fieldnames = header
    entries: list[WatchlistEntry] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, 1):
        at = f"{path.name} line {reader.line_num}"
        if None in row:
            raise WatchlistError(f"{at}: more fields than the header's {len(header)}")
        cells = _CSV_COLUMNS | {column: (value or "").strip() for column, value in row.items()}
        if not any(cells.values()):
            continue
        entry_id = cells["id"] or str(number)
        if entry_id in seen:
            raise WatchlistError(f"{at}: id {entry_id!r} repeats line {seen[entry_id]}")
        seen[entry_id] = reader.line_num
        schema = _CSV_SCHEMA.get(cells["schema"].lower() or "person")
        if schema is None:
            known = ", ".join(_CSV_SCHEMA.values())
            raise WatchlistError(f"{at}: schema {cells['schema']!r} is not one of {known}")
        draft = _Draft(entry_id, schema)
        draft.name(cells["name"], "primary")
        if not draft.names:
            raise WatchlistError(f"{at}: no name")
        for alias in cells["aliases"].split(";"):
            draft.name(alias, "alias")
        for country in filter(None, (c.strip() for c in cells["country"].split(";"))):
            if (code := country_code(country)) is None:
                raise WatchlistError(f"{at}: country {country!r} is neither an ISO code nor a country name")
            draft.countries.add(code)
        for birth in filter(None, (b.strip() for b in cells["birth_date"].split(";"))):
            if not re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", birth) or not draft.birth_date(birth):
                raise WatchlistError(f"{at}: birth_date {birth!r} is not YYYY or YYYY-MM-DD")
        entries.append(draft.build(name))
    return Watchlist(name=name, format="csv", version=_digest(path), entries=tuple(entries))


_READERS: dict[str, Callable[[Path, str], Watchlist]] = {
    "un-xml": _read_un,
    "ofac-csv": _read_ofac,
    "ftm-json": _read_ftm,
    "csv": _read_csv,
}
FORMATS = tuple(_READERS)


def _default_name(path: Path, fmt: str) -> str:
    if fmt == "un-xml":
        return "un"
    if fmt == "ofac-csv":
        return "ofac-nonsdn" if _ofac_primary(path)[0] else "ofac-sdn"
    return path.stem


def read_watchlist(path: Path, fmt: str, name: str | None = None) -> Watchlist:
    """Read a watchlist file (a folder for ``ofac-csv``) of a format in `FORMATS`.

    The list's name defaults to "un", "ofac-sdn"/"ofac-nonsdn", or the file's stem.
    """
    reader = _READERS.get(fmt)
    if reader is None:
        raise WatchlistError(f"unknown watchlist format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if not path.exists():
        raise WatchlistError(f"{path}: no such file or folder")
    if path.is_dir() and fmt != "ofac-csv":
        raise WatchlistError(f"{path}: a folder; the {fmt} format reads a file")
    try:
        return reader(path, name or _default_name(path, fmt))
    except OSError as error:
        raise WatchlistError(f"{error.filename or path}: {error.strerror}") from None
