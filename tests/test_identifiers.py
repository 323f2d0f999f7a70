import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearpost.identifiers import iso_countries, make_s10, s10_check_digit, s10_problem
from clearpost.quality.language import word

# standards §4.4: real and published identifiers
VALID = [
    "RR287043775IN",
    "LX806576725TW",
    "EJ958083578US",
    "EE471108151FR",
    "RR473124829GB",
    "EB000717595HK",
    "EB000717618HK",
    "RB123456785GB",
    "RB167995284IT",
    "LL572405406US",
]


@pytest.mark.parametrize("item_id", VALID)
def test_published_identifiers_are_valid(item_id: str) -> None:
    assert s10_problem(item_id) is None


@pytest.mark.parametrize(
    ("item_id", "reason"),
    [
        ("EB000717594HK", "check digit"),
        ("EB900717618HK", "check digit"),
        ("RB123456786US", "check digit"),
        ("RA644000001RU", "check digit"),
        ("RB123456785XX", "country code XX"),
        ("KA123456785GB", "never begin with J, K, S, T or W"),
        ("RR47312482GB", "not in UPU S10 form"),
        ("RR4731248290GB", "not in UPU S10 form"),
        ("", "missing"),
        (None, "missing"),
    ],
)
def test_invalid_identifiers_say_why(item_id: str | None, reason: str) -> None:
    problem = s10_problem(item_id)
    assert problem is not None and reason in word(problem, "en")


@pytest.mark.parametrize(
    ("serial", "digit"),
    [("96633102", 0), ("00071758", 1), ("76129403", 8), ("00000000", 5), ("28704377", 5), ("47312482", 9)],
)
def test_check_digit_vectors(serial: str, digit: int) -> None:
    assert s10_check_digit(serial) == digit


@given(
    st.sampled_from(["RR", "CP", "EE", "LX", "UA"]),
    st.integers(0, 99_999_999),
    st.sampled_from(sorted(iso_countries())),
)
def test_made_identifiers_are_valid(service: str, serial: int, country: str) -> None:
    item_id = make_s10(service, serial, country)
    assert s10_problem(item_id) is None
    # one mistyped digit is always caught (weights are coprime with 11)
    wrong = item_id[:10] + str((int(item_id[10]) + 1) % 10) + item_id[11:]
    assert s10_problem(wrong) is not None
