"""Reading cells: hypothesis over dates, numbers and CPR numbers as teams type them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.enums import FollowUpKind, PlacementKind, Readiness, TargetGroup
from stvdesk.importing.cells import (
    CellError,
    read_choice,
    read_cpr,
    read_date,
    read_hours,
    read_number,
    read_text,
)

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@given(DATES, st.sampled_from(["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%-d.%-m.%Y"]))
def test_dates_in_every_danish_form(day: date, form: str) -> None:
    assert read_date(day.strftime(form)) == day


@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31)))
def test_two_digit_years(day: date) -> None:
    assert read_date(day.strftime("%d-%m-%y")) == day


@given(st.text(max_size=20))
def test_any_text_is_a_date_or_a_danish_message(text: str) -> None:
    try:
        read_date(text)
    except CellError as exc:
        assert "dato" in str(exc)


def test_impossible_dates() -> None:
    with pytest.raises(CellError, match="«31-02-2026» er ikke en rigtig dato"):
        read_date("31-02-2026")


@given(st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False))
def test_numbers_with_danish_decimal_comma_and_thousands_points(value) -> None:
    danish = f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    assert read_number(danish) == pytest.approx(float(value))
    assert read_number(f"{value:.2f}") == pytest.approx(float(value))


@given(st.text(max_size=12))
def test_any_text_is_a_number_or_a_danish_message(text: str) -> None:
    try:
        read_number(text)
    except CellError as exc:
        assert "ikke et tal" in str(exc)


def test_hours() -> None:
    assert read_hours("7,5") == 7.5 and read_hours(12) == 12.0 and read_hours(None) is None
    with pytest.raises(CellError, match="mere end en fuld uge"):
        read_hours("40")
    with pytest.raises(CellError, match="negative"):
        read_hours("-2")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)), st.integers(0, 3999))
def test_cpr_as_text_with_dash_space_or_as_a_number(born: date, serial: int) -> None:
    digits = f"{born:%d%m%y}{serial:04d}"
    for form in (digits, f"{digits[:6]}-{digits[6:]}", f"{digits[:6]} {digits[6:]}", int(digits), float(int(digits))):
        assert read_cpr(form) == digits


def test_cpr_messages() -> None:
    with pytest.raises(CellError, match="10 cifre"):
        read_cpr("12345678")
    with pytest.raises(CellError, match="ikke en rigtig dato"):
        read_cpr("311390-1234")


@pytest.mark.parametrize(
    ("text", "enum", "member"),
    [
        ("KTH", "TargetGroup", TargetGroup.CASH_BENEFIT),
        ("Udd.hjælp", "TargetGroup", TargetGroup.EDUCATION_BENEFIT),
        ("ressourceforløb", "TargetGroup", TargetGroup.RESOURCE_COURSE),
        ("tæt på", "Readiness", Readiness.CLOSE),
        ("Not ready", "Readiness", Readiness.FAR),
        ("Løntilskud", "PlacementKind", PlacementKind.WAGE_SUBSIDY),
        ("Virksomhedspraktik", "PlacementKind", PlacementKind.INTERNSHIP),
        ("3-partssamtale", "FollowUpKind", FollowUpKind.THREE_PARTY),
        ("Tlf.", "FollowUpKind", FollowUpKind.PHONE),
    ],
)
def test_choices_by_the_words_teams_use(text: str, enum: str, member) -> None:
    assert read_choice(text, enum) is member


def test_unknown_choice_lists_the_choices() -> None:
    with pytest.raises(
        CellError, match=re.escape("«Flexjob» kendes ikke. Skriv en af: Virksomhedspraktik, Løntilskud")
    ):
        read_choice("Flexjob", "PlacementKind")


def test_text_of_number_cells() -> None:
    assert read_text(12345678.0) == "12345678" and read_text("  ") is None and read_text(8000) == "8000"


def test_excel_day_numbers_in_a_date_column() -> None:
    assert read_date(46350) == date(2026, 11, 24)
    assert read_date(46350.0) == date(2026, 11, 24)
    with pytest.raises(CellError):
        read_date(10**7)
