from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.cpr import CprError, age_on, century, is_cpr_prefix, mask, parse_cpr, passes_modulus11


def test_parses_with_and_without_dash() -> None:
    assert parse_cpr("010190-1234").digits == "0101901234"
    assert parse_cpr("0101901234").digits == "0101901234"


@pytest.mark.parametrize("text", ["", "12345", "3102901234", "010190-123", "abcdefghij", "0113901234"])
def test_rejects_with_danish_message(text: str) -> None:
    with pytest.raises(CprError) as info:
        parse_cpr(text)
    assert "CPR" in str(info.value) or "dato" in str(info.value)


def test_century_rules() -> None:
    assert century(90, 0) == 1900
    assert century(10, 4) == 2000 and century(40, 4) == 1900
    assert century(10, 5) == 2000 and century(70, 5) == 1800
    assert century(36, 9) == 2000 and century(37, 9) == 1900


def test_modulus11_is_informative_only() -> None:
    # 0101901234 fails the old check but is accepted (numbers without it exist since 2007)
    assert not passes_modulus11("0101901234")
    assert parse_cpr("010190-1234")


@given(st.dates(min_value=date(1858, 1, 1), max_value=date(2057, 12, 31)), st.integers(0, 999))
def test_birth_date_round_trip(born: date, serial: int) -> None:
    yy = born.year % 100
    candidates = [d for d in range(10) if century(yy, d) + yy == born.year]
    if not candidates:
        return
    digits = f"{born:%d%m}{yy:02d}{candidates[0]}{serial:03d}"
    cpr = parse_cpr(digits)
    assert cpr.birth_date == born
    assert cpr.masked == f"{digits[:6]}-xxxx"
    assert "xxxx" in mask(digits)


@given(st.text(max_size=14))
def test_parser_never_crashes_on_any_text(text: str) -> None:
    try:
        parse_cpr(text)
    except CprError:
        pass


@given(st.dates(), st.integers(0, 40000))
def test_age_is_never_negative_after_birth(born: date, days: int) -> None:
    try:
        later = born + timedelta(days=days)
    except OverflowError:
        return
    assert age_on(born, later) >= 0


def test_cpr_prefix() -> None:
    assert is_cpr_prefix("0101") and is_cpr_prefix("010190-12")
    assert not is_cpr_prefix("Karen") and not is_cpr_prefix("")
