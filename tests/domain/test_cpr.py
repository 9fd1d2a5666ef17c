from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.audit import search_criterion
from stvdesk.domain.cpr import (
    CprError,
    age_on,
    ascii_digits,
    century,
    cpr_prefix,
    is_cpr_prefix,
    mask,
    parse_cpr,
    passes_modulus11,
)


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


# --- the same number in any script's digits ------------------------------------------------

# Decimal digit sets people paste from: full-width, Arabic-Indic, Extended Arabic-Indic, Devanagari.
DIGIT_ZEROS = [0xFF10, 0x0660, 0x06F0, 0x0966]


def _in_script(text: str, zero: int) -> str:
    return "".join(chr(zero + int(ch)) if ch.isascii() and ch.isdigit() else ch for ch in text)


@given(
    st.dates(min_value=date(1937, 1, 1), max_value=date(1999, 12, 31)),
    st.integers(0, 999),
    st.sampled_from(DIGIT_ZEROS),
    st.sampled_from(["", "-", " ", " - ", "\u2013"]),
)
def test_a_cpr_number_in_any_scripts_digits_is_the_ascii_number(born: date, serial: int, zero: int, sep: str) -> None:
    ascii_text = f"{born:%d%m%y}{serial % 4}{serial:03d}"
    typed = _in_script(f"{ascii_text[:6]}{sep}{ascii_text[6:]}", zero)
    assert parse_cpr(typed).digits == parse_cpr(ascii_text).digits == ascii_text
    assert cpr_prefix(typed) == ascii_text
    assert search_criterion(typed, b"k") == search_criterion(ascii_text, b"k")


@pytest.mark.parametrize("text", ["010190\n1234", "010190-\n1234", "0101\t901234", "010190-1234\n", "\x00010190-1234"])
def test_a_line_break_tab_or_control_character_inside_is_refused(text: str) -> None:
    with pytest.raises(CprError):
        parse_cpr(text)


def test_a_birth_date_after_today_is_refused() -> None:
    assert parse_cpr("290236-4000").birth_date == date(2036, 2, 29)  # the century rule alone allows it
    with pytest.raises(CprError, match="efter i dag"):
        parse_cpr("290236-4000", today=date(2026, 12, 1))
    assert parse_cpr("010126-4000", today=date(2026, 12, 1)).birth_date == date(2026, 1, 1)


@given(st.text(max_size=16))
def test_search_criterion_never_raises_and_never_holds_six_digits_in_clear(text: str) -> None:
    logged = search_criterion(text, b"key")
    digits = [ch for ch in ascii_digits(logged) if ch.isascii() and ch.isdigit()]
    assert logged.startswith("CPR-søgning #") or len(digits) < 6


@given(st.text(max_size=14))
def test_whatever_parses_is_ten_ascii_digits(text: str) -> None:
    try:
        cpr = parse_cpr(text)
    except CprError:
        return
    assert len(cpr.digits) == 10 and cpr.digits.isascii() and cpr.digits.isdigit()
