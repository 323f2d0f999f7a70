"""Reading watchlists: the shared UN and OFAC samples, an FtM and a plain CSV fixture, and malformed
files that must fail with the file and line named."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import msgspec
import pytest

from clearpost.risk.watchlists import (
    FORMATS,
    ListedName,
    Watchlist,
    WatchlistEntry,
    WatchlistError,
    country_code,
    read_watchlist,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SANCTIONS = SHARED / "data" / "sanctions"
UN_XML = SANCTIONS / "un_consolidated" / "UN_consolidated_2026-02-27.xml"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def un() -> Watchlist:
    return read_watchlist(UN_XML, "un-xml")


@pytest.fixture(scope="module")
def sdn() -> Watchlist:
    return read_watchlist(SANCTIONS / "ofac_sdn_2021", "ofac-csv")


def entry(watchlist: Watchlist, entry_id: str) -> WatchlistEntry:
    return next(e for e in watchlist.entries if e.entry_id == entry_id)


def names(entry: WatchlistEntry, kind: str) -> list[str]:
    return [n.name for n in entry.names if n.kind == kind]


def test_un_counts_and_version(un: Watchlist) -> None:
    assert (un.name, un.format, un.version) == ("un", "un-xml", "2026-02-27T00:00:09.554Z")
    assert Counter(e.schema for e in un.entries) == {"Person": 730, "Organization": 273}
    assert len({e.entry_id for e in un.entries}) == 1003


def test_un_individual(un: Watchlist) -> None:
    saddam = entry(un, "IQi.001")
    assert saddam.names[0] == ListedName("SADDAM HUSSEIN AL-TIKRITI", "primary")
    assert names(saddam, "original_script") == ["صدام حسين التكريتي"]
    assert ListedName("Abu Ali", "weak_alias", "low") in saddam.names
    assert saddam.countries == {"IQ"}
    assert saddam.birth_years == {1937}
    assert saddam.birth_dates == ("1937-04-28",)
    assert (saddam.programs, saddam.listed_on) == (("Iraq",), "2003-06-27")
    # FIRST..FOURTH_NAME in the given order; good aliases are aliases.
    assert entry(un, "CDi.035").names[0].name == "GÉDÉON KYUNGU MUTANGA WA BAFUNKWA KANONGA"
    assert names(entry(un, "CDi.002"), "alias") == [
        "FRANK KAKORERE",
        "FRANK KAKORERE BWAMBALE",
        "AIGLE BLANC",
    ]


def test_un_birth_dates(un: Watchlist) -> None:
    assert entry(un, "CDi.037").birth_years == {1969, 1970, 1971}  # BETWEEN 1969 and 1971
    # An alias's own DATE_OF_BIRTH counts too.
    assert entry(un, "QDi.422").birth_dates == ("1968-07-10", "1968-06-10")


def test_un_entity(un: Watchlist) -> None:
    adf = entry(un, "CDe.001")
    assert adf.schema == "Organization"
    assert adf.names[0] == ListedName("ADF", "primary")
    assert ListedName("Allied Democratic Forces", "alias", "aka") in adf.names
    assert ListedName("ADF/NALU", "alias", "fka") in adf.names
    assert adf.countries == {"CD"}
    assert not adf.birth_years


def test_ofac_sdn_counts(sdn: Watchlist) -> None:
    assert (sdn.name, sdn.format) == ("ofac-sdn", "ofac-csv")
    assert sdn.version.startswith("sha256:")
    assert Counter(e.schema for e in sdn.entries) == {
        "Person": 4620,
        "Organization": 3673,
        "Vessel": 406,
        "Aircraft": 277,
    }


def test_ofac_individual(sdn: Watchlist) -> None:
    shallah = entry(sdn, "4257")
    assert shallah.names[:2] == (
        ListedName("ABDALLAH, Ramadan", "primary"),
        ListedName("Ramadan ABDALLAH", "alias", "natural-order"),
    )
    assert ListedName("SHALLAH, Dr. Ramadan Abdullah", "alias", "aka") in shallah.names  # alt.csv
    assert ListedName("Dr. Ramadan Abdullah SHALLAH", "alias", "aka") in shallah.names
    assert shallah.countries == {"SY"}  # add.csv
    assert (shallah.birth_years, shallah.birth_dates) == ({1958}, ("1958-01-01",))  # remarks
    assert shallah.programs == ("SDGT",)


def test_ofac_remarks(sdn: Watchlist) -> None:
    saddam = entry(sdn, "7843")
    assert saddam.countries == {"IQ"}  # "nationality Iraq"
    assert ListedName("ABU ALI", "weak_alias") in saddam.names  # "a.k.a. 'ABU ALI'"
    assert ListedName("HUSSEIN, Saddam", "alias", "aka") in saddam.names
    tian = entry(sdn, "28263")
    assert tian.programs == ("DPRK3", "CYBER2")
    assert tian.countries == {"CN"}
    # The remarks run on in sdn_comments.csv: "a.k.a. 'snowsjo" + "hn'".
    assert names(tian, "weak_alias") == ["tianyinyin0404", "snowsjohn"]
    assert entry(sdn, "2686").birth_years == {1953, 1955, 1958, 1960}  # DOB and alt. DOBs


def test_ofac_entity_and_vessel(sdn: Watchlist) -> None:
    bank = entry(sdn, "306")
    assert bank.schema == "Organization"
    assert bank.names == (
        ListedName("BANCO NACIONAL DE CUBA", "primary"),
        ListedName("BNC", "weak_alias"),
        ListedName("NATIONAL BANK OF CUBA", "alias", "aka"),
    )
    assert bank.countries == {"CH", "ES", "JP", "PA"}
    vessel = entry(sdn, "4234")
    assert (vessel.schema, vessel.names[0].name, vessel.countries) == ("Vessel", "HERMANN", {"CU"})


def test_ofac_non_sdn() -> None:
    folder = SANCTIONS / "ofac_cons_nonsdn"
    cons = read_watchlist(folder, "ofac-csv")
    assert cons.name == "ofac-nonsdn"
    assert len(cons.entries) == 442
    assert Counter(e.schema for e in cons.entries) == {"Organization": 363, "Person": 79}
    haniya = entry(cons, "9639")
    assert names(haniya, "primary") == ["HANIYA, Ismail Abdul Salah"]
    assert "HANIYYA, Ismaeel" in names(haniya, "alias")
    assert "Ismaeel HANIYYA" in names(haniya, "alias")
    assert haniya.birth_years == {1962}
    assert entry(cons, "9641").countries == {"PS"}  # cons_add.csv: "Palestinian"
    # The primary file itself may be given instead of its folder.
    assert read_watchlist(folder / "cons_prim.csv", "ofac-csv", "nonsdn").entries == tuple(
        msgspec.structs.replace(e, list_name="nonsdn") for e in cons.entries
    )


def test_ftm_json() -> None:
    ftm = read_watchlist(DATA / "opensanctions_sample.ftm.json", "ftm-json")
    assert (ftm.name, ftm.format) == ("opensanctions_sample.ftm", "ftm-json")
    # The Sanction, the Address and the non-target relative are not entries.
    assert [e.entry_id for e in ftm.entries] == [
        "cp-test-person-ivanov",
        "cp-test-person-rahimi",
        "cp-test-company-arctic",
        "cp-test-org-front",
        "cp-test-vessel-polar",
    ]
    ivanov = entry(ftm, "cp-test-person-ivanov")
    assert ivanov.names == (
        ListedName("Pyotr Sergeyevich Ivanov", "primary"),
        ListedName("Пётр Сергеевич Иванов", "alias"),
        ListedName("Petr Ivanov", "alias"),
        ListedName("Petya", "weak_alias"),
    )
    assert ivanov.countries == {"RU", "CY"}
    assert (ivanov.birth_years, ivanov.birth_dates) == ({1971}, ("1971-03-14",))
    assert (ivanov.programs, ivanov.listed_on) == (("RUSSIA-TEST",), "2022-03-15")  # from the Sanction
    rahimi = entry(ftm, "cp-test-person-rahimi")
    assert (rahimi.birth_years, rahimi.programs, rahimi.listed_on) == ({1964, 1965}, ("IRAN-TEST",), None)
    arctic = entry(ftm, "cp-test-company-arctic")
    assert arctic.schema == "Organization"
    assert ListedName("Nordic Marine Trading LLC", "alias", "fka") in arctic.names
    assert arctic.countries == {"RU", "AE"}
    assert entry(ftm, "cp-test-org-front").countries == {"GE"}
    vessel = entry(ftm, "cp-test-vessel-polar")
    assert (vessel.schema, vessel.countries) == ("Vessel", {"PA"})


def test_plain_csv() -> None:
    plain = read_watchlist(DATA / "watchlist.csv", "csv", "operator")
    assert (plain.name, plain.format) == ("operator", "csv")
    jane, acme, omar = plain.entries
    assert jane == WatchlistEntry(
        list_name="operator",
        entry_id="W-1",
        schema="Person",
        names=(
            ListedName("Jane Example Doe", "primary"),
            ListedName("Jane Doe", "alias"),
            ListedName("J. E. Doe", "alias"),
        ),
        countries=frozenset({"GB"}),
        birth_years=frozenset({1980}),
        birth_dates=("1980-05-17",),
    )
    assert (acme.schema, acme.countries, acme.birth_years) == ("Organization", {"AE"}, frozenset())
    assert (omar.schema, omar.countries, omar.birth_dates) == ("Person", {"IR"}, ("1975",))


def test_plain_csv_minimal(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text("\ufeffName\nAlpha Person\n\nBeta Person\n", encoding="utf-8")
    entries = read_watchlist(path, "csv").entries
    assert [(e.list_name, e.entry_id, e.names[0].name, e.schema) for e in entries] == [
        ("names", "1", "Alpha Person", "Person"),
        ("names", "2", "Beta Person", "Person"),
    ]


def test_entries_survive_json(sdn: Watchlist) -> None:
    """The store keeps entries as msgspec JSON."""
    decoded = msgspec.json.decode(msgspec.json.encode(sdn.entries[:50]), type=tuple[WatchlistEntry, ...])
    assert decoded == sdn.entries[:50]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Iran (Islamic Republic of)", "IR"),
        ("Syrian Arab Republic", "SY"),
        ("Russian Federation", "RU"),
        ("Russia", "RU"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Korea, North", "KP"),
        ("Viet Nam", "VN"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("Democratic Republic of the Congo", "CD"),
        ("Palestine", "PS"),
        ("Kosovo", "XK"),
        ("Burma", "MM"),
        ("Turkey", "TR"),
        ("de", "DE"),
        ("-0-", None),
        ("undetermined", None),
    ],
)
def test_country_code(written: str, code: str | None) -> None:
    assert country_code(written) == code


def copy_ofac(tmp_path: Path) -> Path:
    folder = tmp_path / "sdn"
    shutil.copytree(SANCTIONS / "ofac_sdn_2021", folder)
    return folder


def error(path: Path, fmt: str) -> str:
    with pytest.raises(WatchlistError) as raised:
        read_watchlist(path, fmt)
    return str(raised.value)


def test_truncated_xml(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_bytes(UN_XML.read_bytes()[:200_000])
    assert error(path, "un-xml").startswith("un.xml line ")


def test_xml_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    path = tmp_path / "un.xml"
    path.write_text(
        f'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>7</DATAID>"
        "<FIRST_NAME>A &x;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    (listed,) = read_watchlist(path, "un-xml").entries
    assert [n.name for n in listed.names] == ["A"]
    path.write_text("")
    assert error(path, "un-xml") == "un.xml line 1: malformed XML: no element found"


def test_not_a_un_list(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<sdnList><sdnEntry/></sdnList>")
    assert error(path, "un-xml") == "other.xml: root <sdnList> is not a UN CONSOLIDATED_LIST"


def test_un_bad_year(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text(
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>\n<DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME>\n"
        "<INDIVIDUAL_DATE_OF_BIRTH><YEAR>19x0</YEAR></INDIVIDUAL_DATE_OF_BIRTH>\n"
        "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    assert error(path, "un-xml") == "un.xml line 3: YEAR '19x0' is not a year"


def test_ofac_wrong_column_count(tmp_path: Path) -> None:
    folder = copy_ofac(tmp_path)
    lines = (folder / "sdn.csv").read_bytes().split(b"\r\n")
    lines[11] = b'999,"SHORT, Row","individual","X",-0- '
    (folder / "sdn.csv").write_bytes(b"\r\n".join(lines))
    assert error(folder, "ofac-csv") == "sdn.csv line 12: 5 columns, expected 12"


def test_ofac_bad_rows(tmp_path: Path) -> None:
    folder = tmp_path / "ofac"
    folder.mkdir()
    prim = folder / "cons_prim.csv"
    prim.write_text(
        '1,"A",-0- ,"P",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n2,"B","ship","P"' + ",-0- " * 8 + "\n"
    )
    assert error(folder, "ofac-csv") == (
        "cons_prim.csv line 2: SDN_Type 'ship' is not individual, vessel, aircraft or -0-"
    )
    (folder / "cons_alt.csv").write_text('1,2,"aka"\n')
    prim.write_text('1,"A",-0- ,"P",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n')
    assert error(folder, "ofac-csv") == "cons_alt.csv line 1: 3 columns, expected 5"
    assert error(tmp_path, "ofac-csv").endswith("neither sdn.csv nor cons_prim.csv; point at one OFAC list")


def test_csv_bad_birth_date(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("name,birth_date\nGood Person,1970\nBad Person,17/05/1980\n")
    assert error(path, "csv") == "list.csv line 3: birth_date '17/05/1980' is not YYYY or YYYY-MM-DD"
    path.write_text("name,birth_date\nBad Person,1980-02-30\n")
    assert error(path, "csv") == "list.csv line 2: birth_date '1980-02-30' is not YYYY or YYYY-MM-DD"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,alias\n1,x\n", "list.csv line 1: no 'name' column (columns: id, alias)"),
        (
            "name,country\nA,Atlantis\n",
            "list.csv line 2: country 'Atlantis' is neither an ISO code nor a country name",
        ),
        (
            "name,schema\nA,Ship\n",
            "list.csv line 2: schema 'Ship' is not one of Person, Organization, Vessel, Aircraft",
        ),
        ("id,name\n1,A\n1,B\n", "list.csv line 3: id '1' repeats line 2"),
        ("name\nA,B\n", "list.csv line 2: more fields than the header's 1"),
    ],
)
def test_csv_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(text)
    assert error(path, "csv") == message


def test_ftm_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_text(
        '{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{"id": "b", "schema": \n'
    )
    assert error(path, "ftm-json").startswith("entities.ftm.json line 2: ")
    path.write_text('{"id": "a", "schema": "Person", "properties": {"alias": ["A"]}}\n')
    assert error(path, "ftm-json") == "entities.ftm.json line 1: Person a has no name property"


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    assert error(UN_XML, "xls") == f"unknown watchlist format 'xls': expected one of {', '.join(FORMATS)}"
    assert "un-xml, ofac-csv, ftm-json, csv" in error(UN_XML, "xls")
    assert error(tmp_path / "nothing.csv", "csv").endswith("nothing.csv: no such file or folder")
    assert error(tmp_path, "csv").endswith(": a folder; the csv format reads a file")
