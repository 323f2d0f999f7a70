"""The address check: Google's per-country rules applied to real-looking addresses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearpost.generate import DefectRates, generate
from clearpost.model import Address, Code
from clearpost.quality.addresses import AddressRules, check_address, load_address_rules, uses_postcode

RULES = load_address_rules()
PATH = "addressee.address"


def problems(
    country: str, lines: list[str], city: str | None, postcode: str | None, region: str | None
) -> list[str]:
    """`element:issue` of each problem found, in order."""
    address = Address(lines=lines, city=city, postcode=postcode, region=region, country=country)
    found = check_address(PATH, address, RULES)
    for problem in found:
        assert problem.code == Code.INCOMPLETE_ADDRESS
        assert problem.detail is not None
        assert problem.field == f"{PATH}.{problem.detail['element']}"
        assert problem.detail["country"] == country.strip().upper()
    return [f"{problem.detail['element']}:{problem.detail['issue']}" for problem in found if problem.detail]


# country, lines, city, postcode, region: complete and well-formed
GOOD = [
    ("US", ["1600 Amphitheatre Parkway"], "Mountain View", "94043", "CA"),
    ("US", ["1600 Pennsylvania Avenue NW"], "Washington", "20500-0003", "District of Columbia"),
    ("US", ["350 Fifth Avenue", "Suite 3400"], "New York", "10118", "New York State"),
    ("US", ["1 Infinite Loop"], "Cupertino", "95014", "us-ca"),
    ("GB", ["10 Downing Street"], "London", "SW1A 2AA", None),
    ("GB", ["Flat 2, 14 Mill Lane"], "Leeds", " ls1 4ab ", "West Yorkshire"),
    ("GB", ["Alliance & Leicester plc"], "Bootle", "GIR 0AA", None),
    ("DE", ["Unter den Linden 77"], "Berlin", "10117", None),
    ("DE", ["Marienplatz 8"], "München", "80331", "Bayern"),
    ("FR", ["55 rue du Faubourg Saint-Honoré"], "Paris", "75008", None),
    ("FR", ["8 rue des Lilas", "Appartement 3"], "Lyon", "69 003", None),
    ("CN", ["No. 1 Zhongguancun East Road", "Haidian District"], "Beijing", "100084", "Beijing"),
    ("CN", ["深南大道6008号"], "深圳市", "518000", "广东省"),
    ("CN", ["No. 88 Renmin Road"], "Shenzhen", "518000", "Guangdong Sheng"),
    ("CN", ["No. 88 Renmin Road"], "Guangzhou", "510000", "Guangdong Province"),
    ("CN", ["No. 18 Jianshe Road"], "Hangzhou", "310000", "CN-33"),
    ("JP", ["1-7-1 Konan, Minato-ku"], None, "108-0075", "Tokyo"),
    ("JP", ["港区港南1-7-1"], None, "1080075", "東京都"),
    ("JP", ["3-1-1 Umeda, Kita-ku"], "Osaka", "530-0001", "Osaka Prefecture"),
    ("CA", ["111 Wellington Street"], "Ottawa", "K1A 0A9", "ON"),
    ("CA", ["1000 rue De La Gauchetière"], "Montréal", "h3b4w5", "Québec"),
    ("CA", ["800 Robson Street"], "Vancouver", "V6Z 3B7", "Colombie-Britannique"),
    ("BR", ["Avenida Paulista, 1578"], "São Paulo", "01310-200", "SP"),
    ("BR", ["Rua das Flores, 120", "Apto 42"], "Curitiba", "80010190", "Parana"),
    ("BR", ["Avenida Atlântica, 1702"], "Rio de Janeiro", "22021-001", "Rio de Janeiro"),
    ("HK", ["Flat 12A, 8/F, 88 Nathan Road"], "Tsim Sha Tsui", None, "Kowloon"),
    ("HK", ["香港中環皇后大道中99號"], None, None, "香港島"),
    ("HK", ["Room 1203, 12/F, 1 Sha Tin Centre Street"], "Sha Tin", "999077", "New Territories"),
    ("IE", ["1 Grafton Street"], "Dublin", "D02 X285", "Co. Dublin"),
    ("IE", ["Main Street"], "Ballymore", None, None),
    ("AU", ["1 Macquarie Street"], "Sydney", "2000", "NSW"),
    ("AU", ["Unit 4, 12 Collins Street"], "Melbourne", "3000", "Victoria"),
    ("KR", ["Sejong-daero 110", "Jung-gu"], "Seoul", "04524", "Seoul"),
    ("KR", ["세종대로 110"], "중구", "04524", "서울특별시"),
    ("KR", ["Pangyoyeok-ro 166, Bundang-gu"], "Seongnam", "13529", "Gyeonggi"),
    ("IN", ["Rashtrapati Bhavan", "President's Estate"], "New Delhi", "110004", "Delhi"),
    ("IN", ["12, MG Road"], "Bengaluru", "560001", "KA"),
    ("IN", ["Flat 402, Sea View", "Marine Drive"], "Mumbai", "400020", "Maharashtra State"),
    ("AE", ["Villa 12, Street 7", "Al Barsha 1"], "Dubai", None, "Dubai"),
    ("RU", ["ul. Tverskaya, d. 7"], "Moscow", "125009", "Moskva"),
    ("CH", ["Bahnhofstrasse 1"], "Zürich", "CH-8001", None),
    ("SE", ["Drottninggatan 1"], "Stockholm", "SE-111 51", None),
]


@pytest.mark.parametrize(("country", "lines", "city", "postcode", "region"), GOOD)
def test_complete_addresses_pass(
    country: str, lines: list[str], city: str | None, postcode: str | None, region: str | None
) -> None:
    assert problems(country, lines, city, postcode, region) == []


# country, lines, city, postcode, region, expected `element:issue`s
BAD = [
    ("US", ["1600 Amphitheatre Parkway"], "Mountain View", "9404", "CA", ["postcode:malformed"]),
    ("US", ["1600 Amphitheatre Parkway"], "Mountain View", "94043-12", "CA", ["postcode:malformed"]),
    ("US", ["1600 Amphitheatre Parkway"], "Mountain View", "94043", "Calif.", ["region:unknown"]),
    (
        "US",
        ["1600 Amphitheatre Parkway"],
        "Mountain View",
        None,
        None,
        ["region:missing", "postcode:missing"],
    ),
    ("US", ["1600"], None, "94043", "CA", ["lines:no_name", "city:missing"]),
    ("GB", [], "London", "SW1A 2AA", None, ["lines:missing"]),
    ("GB", ["10 Downing Street"], "  ", "SW1A2AAA", None, ["city:missing", "postcode:malformed"]),
    ("GB", ["10 Downing Street"], "London", "GIR 0AAB", None, ["postcode:malformed"]),
    ("DE", ["Unter den Linden 77"], "Berlin", "1011", None, ["postcode:malformed"]),
    ("DE", ["Unter den Linden 77"], "Berlin", "D-10117", None, ["postcode:malformed"]),
    ("DE", ["77", "-"], "Berlin", None, None, ["lines:no_name", "postcode:missing"]),
    ("FR", ["55 rue du Faubourg Saint-Honoré"], "Paris", "7500", None, ["postcode:malformed"]),
    ("FR", ["55 rue du Faubourg Saint-Honoré"], None, "75008", None, ["city:missing"]),
    ("CN", ["No. 1 Zhongguancun East Road"], "Beijing", "10008", "Beijing", ["postcode:malformed"]),
    ("CN", ["No. 1 Zhongguancun East Road"], "Beijing", "100084", None, ["region:missing"]),
    ("CN", ["No. 88 Renmin Road"], "Guangzhou", "510000", "Canton", ["region:unknown"]),
    ("JP", ["1-7-1 Konan, Minato-ku"], None, "108-00755", "Tokyo", ["postcode:malformed"]),
    ("JP", ["1-7-1 Konan, Minato-ku"], "Tokyo", "108-0075", None, ["region:missing"]),
    ("JP", ["1-7-1"], None, "108-0075", "Tokyo", ["lines:no_name"]),
    ("CA", ["111 Wellington Street"], "Ottawa", "K1A 0D9", "ON", ["postcode:malformed"]),
    ("CA", ["111 Wellington Street"], "Ottawa", "W1A 0A9", "ON", ["postcode:malformed"]),
    ("CA", ["111 Wellington Street"], "Ottawa", "K1A 0A9", "Ontaria", ["region:unknown"]),
    ("BR", ["Avenida Paulista, 1578"], "São Paulo", "01310-20", "SP", ["postcode:malformed"]),
    ("BR", ["Avenida Paulista, 1578"], "São Paulo", "01310-200", None, ["region:missing"]),
    ("HK", ["Flat 12A, 8/F, 88 Nathan Road"], "Tsim Sha Tsui", None, None, ["region:missing"]),
    ("HK", [" "], None, None, "Kowloon", ["lines:missing"]),
    ("HK", ["Flat 12A, 8/F, 88 Nathan Road"], None, None, "Macau", ["region:unknown"]),
    ("IE", ["1 Grafton Street"], "Dublin", "D02X28", "Co. Dublin", ["postcode:malformed"]),
    ("IE", ["1 Grafton Street"], None, "D02 X285", None, ["city:missing"]),
    ("AU", ["1 Macquarie Street"], "Sydney", "200", "NSW", ["postcode:malformed"]),
    ("AU", ["1 Macquarie Street"], "Sydney", "2000", "Sydney", ["region:unknown"]),
    ("AU", ["1 Macquarie Street"], "Sydney", "2000", None, ["region:missing"]),
    ("KR", ["Sejong-daero 110"], "Seoul", "100-744", "Seoul", ["postcode:malformed"]),
    ("KR", ["Sejong-daero 110"], "Seoul", "04524", None, ["region:missing"]),
    ("IN", ["12, MG Road"], "Bengaluru", "56001", "Karnataka", ["postcode:malformed"]),
    ("IN", ["12, MG Road"], "Bengaluru", "560001", "Bangalore", ["region:unknown"]),
    ("IN", ["12, MG Road"], "Bengaluru", None, None, ["region:missing", "postcode:missing"]),
]


@pytest.mark.parametrize(("country", "lines", "city", "postcode", "region", "expected"), BAD)
def test_incomplete_or_malformed_addresses_are_found(
    country: str,
    lines: list[str],
    city: str | None,
    postcode: str | None,
    region: str | None,
    expected: list[str],
) -> None:
    assert problems(country, lines, city, postcode, region) == expected


def test_the_postcode_message_is_built_from_the_examples() -> None:
    pattern = RULES.countries["US"].postcode
    assert pattern is not None
    address = Address(lines=["1 Main Street"], city="Springfield", postcode="9404", region="IL", country="US")
    (problem,) = check_address("sender.address", address, RULES)
    assert problem.field == "sender.address.postcode"
    assert problem.template.format(**problem.params) == (
        "The postcode “9404” is not valid: US postcodes have 5 digits (e.g. 95014) or 5+4 (e.g. 22162-1010)."
    )
    assert problem.detail == {
        "country": "US",
        "element": "postcode",
        "issue": "malformed",
        "value": "9404",
        "pattern": pattern.pattern,
        "examples": ["95014", "22162-1010"],
    }
    gb = Address(lines=["10 Downing Street"], city="London", postcode="SW1", country="GB")
    (problem,) = check_address(PATH, gb, RULES)
    assert problem.template.format(**problem.params) == (
        "The postcode “SW1” is not valid: GB postcodes are written like DN16 9AA, CR0 2YR, EC1Y 8SY."
    )


def test_region_messages_name_the_value_and_an_example() -> None:
    address = Address(
        lines=["1 Main Street"], city="Springfield", postcode="62701", region="Ill", country="US"
    )
    (problem,) = check_address(PATH, address, RULES)
    assert problem.template.format(**problem.params) == (
        "“Ill” is not a known US state, province or prefecture (e.g. AL)."
    )
    assert problem.detail == {
        "country": "US",
        "element": "region",
        "issue": "unknown",
        "value": "Ill",
        "example": "AL",
    }


def test_every_country_words_every_problem() -> None:
    """Each template formats with its parameters, for every country Google's data knows."""
    assert len(RULES.countries) > 240
    for code, country in RULES.countries.items():
        if country.requires_postcode:
            assert country.examples, code
        address = Address(lines=["1"], city=None, postcode="?", region="?", country=code)
        for problem in check_address(PATH, address, RULES) + check_address(
            PATH, Address(country=code), RULES
        ):
            message = problem.template.format(**problem.params)
            assert "{" not in message and "e.g. )" not in message, (code, message)


def test_no_address_or_an_unknown_country_is_another_checks_business() -> None:
    assert check_address(PATH, None, RULES) == []
    assert check_address(PATH, Address(lines=["1"], country=None), RULES) == []
    assert check_address(PATH, Address(lines=["1"], country="XX"), RULES) == []
    assert check_address(PATH, Address(lines=["1"], country="ZZ"), RULES) == []
    assert problems(" us ", ["1 Main Street"], "Springfield", "62701", "IL") == []


def test_uses_postcode() -> None:
    assert [uses_postcode(code, RULES) for code in ("US", "GB", "IE", "JP", "in")] == [True] * 5
    assert [uses_postcode(code, RULES) for code in ("HK", "AE", "QA", "XX", "")] == [False] * 5


def test_the_rules_are_compiled_once() -> None:
    assert load_address_rules() is RULES
    assert isinstance(RULES, AddressRules)


def test_clean_generated_items_have_clean_addresses() -> None:
    checked = 0
    for generated in generate(2_000, 7, DefectRates.none()):
        for role, party in (("addressee", generated.item.addressee), ("sender", generated.item.sender)):
            assert party is not None and party.address is not None
            assert check_address(f"{role}.address", party.address, RULES) == [], party.address
            checked += 1
    assert checked == 4_000


ADDRESSES = st.builds(
    Address,
    lines=st.lists(st.text(max_size=30), max_size=4),
    city=st.none() | st.text(max_size=20),
    postcode=st.none() | st.text(max_size=12),
    region=st.none() | st.text(max_size=20) | st.sampled_from(["CA", "Tokyo", "ON", "SP", "Kowloon"]),
    country=st.none() | st.sampled_from(sorted(RULES.countries)) | st.text(max_size=3),
)


@given(ADDRESSES)
def test_the_check_never_raises(address: Address) -> None:
    for problem in check_address(PATH, address, RULES):
        assert problem.code == Code.INCOMPLETE_ADDRESS
        assert problem.field is not None and problem.field.startswith(f"{PATH}.")
        problem.template.format(**problem.params)
