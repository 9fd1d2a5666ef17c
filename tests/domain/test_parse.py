from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.parse import ParseError, format_hours, parse_date, parse_hours, parse_optional_date


@pytest.mark.parametrize("text", ["24-11-2026", "24.11.2026", "24/11/2026", "24112026", "24-11-26", " 24-11-2026 "])
def test_danish_date_forms(text) -> None:
    assert parse_date(text) == date(2026, 11, 24)


@pytest.mark.parametrize("text", ["", "2026-11-24", "31-02-2026", "24-13-2026", "i morgen", "24 11 2026"])
def test_bad_dates_say_how_to_write_them(text) -> None:
    with pytest.raises(ParseError) as info:
        parse_date(text)
    assert "dato" in str(info.value)


def test_i_dag() -> None:
    assert parse_date("i dag", today=date(2026, 11, 24)) == date(2026, 11, 24)
    assert parse_optional_date("  ") is None


@given(st.dates(min_value=date(1000, 1, 1)))
def test_every_date_round_trips(day: date) -> None:
    assert parse_date(day.strftime("%d-%m-%Y")) == day


@given(st.text(max_size=16))
def test_date_parser_only_raises_parse_errors(text: str) -> None:
    try:
        parse_date(text)
    except ParseError:
        pass


@pytest.mark.parametrize(
    "text,expected",
    [
        ("9.12", date(2026, 12, 9)),
        ("9-12", date(2026, 12, 9)),
        ("9/12", date(2026, 12, 9)),
        ("09.12.", date(2026, 12, 9)),
        ("1.11", date(2026, 11, 1)),  # three weeks ago: this year's
        ("15.1", date(2027, 1, 15)),  # January comes next year
    ],
)
def test_day_and_month_take_the_desks_year(text, expected) -> None:
    assert parse_date(text, today=date(2026, 11, 24)) == expected


def test_day_and_month_refused_without_a_real_day_or_a_year_to_give() -> None:
    with pytest.raises(ParseError) as info:
        parse_date("31.4", today=date(2026, 11, 24))
    assert "ikke en rigtig dato" in str(info.value)
    assert parse_date("29.2", today=date(2027, 6, 1)) == date(2028, 2, 29)  # the next leap day
    # Without the desk's date there is no year to give it: the full form is asked for.
    with pytest.raises(ParseError):
        parse_date("9.12")


_DESK_DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2200, 12, 31))


@given(_DESK_DAYS, st.integers(min_value=-182, max_value=182), st.sampled_from([".", "-", "/"]))
def test_day_and_month_within_half_a_year_read_back(today: date, offset: int, sep: str) -> None:
    # Either way of today, across a new year too ("30.12" typed on 5 January is last December).
    meant = today + timedelta(days=offset)
    assert parse_date(f"{meant.day}{sep}{meant.month}", today=today) == meant


@given(_DESK_DAYS, st.integers(min_value=1, max_value=31), st.integers(min_value=1, max_value=12))
def test_day_and_month_read_as_a_real_date_within_about_half_a_year(today: date, day: int, month: int) -> None:
    try:
        found = parse_date(f"{day}.{month}", today=today)
    except ParseError:
        # Only a day that no month of that number has (31.4), or 29.2 with no leap year near.
        assert day > 28
        return
    assert (found.day, found.month) == (day, month)
    # 29.2 may lie up to four years off; every other day and month is within half a year.
    assert abs((found - today).days) <= (4 * 366 if (day, month) == (29, 2) else 183)


def test_a_day_and_month_just_before_new_year_typed_after_it_is_last_years() -> None:
    assert parse_date("30.12", today=date(2027, 1, 5)) == date(2026, 12, 30)
    assert parse_date("2.1", today=date(2026, 12, 28)) == date(2027, 1, 2)


@pytest.mark.parametrize("text,value", [("12", 12.0), ("7,5", 7.5), ("7.5", 7.5), ("", 0.0), ("37", 37.0), ("0", 0.0)])
def test_hours(text, value) -> None:
    assert parse_hours(text) == value


@pytest.mark.parametrize("text", ["38", "-1", "tolv", "7,5,1", "1e3"])
def test_bad_hours(text) -> None:
    with pytest.raises(ParseError):
        parse_hours(text)


@given(st.floats(min_value=0, max_value=37, allow_nan=False).map(lambda v: round(v, 2)))
def test_hours_round_trip(value: float) -> None:
    assert parse_hours(format_hours(value)) == pytest.approx(value)


@given(st.text(max_size=10))
def test_hours_parser_only_raises_parse_errors(text: str) -> None:
    try:
        assert 0 <= parse_hours(text) <= 37
    except ParseError:
        pass


def test_due_dates_are_future_working_days() -> None:
    from stvdesk.domain.parse import parse_due_date

    today = date(2026, 11, 24)
    assert parse_due_date("30-11-2026", today) == date(2026, 11, 30)
    for text, fragment in (("25-12-2026", "juledag"), ("28-11-2026", "weekend"), ("23-11-2026", "før i dag")):
        with pytest.raises(ParseError) as info:
            parse_due_date(text, today)
        assert fragment in str(info.value).lower()


def test_parse_time_reads_the_usual_ways_of_writing_a_time() -> None:
    from datetime import time

    from stvdesk.domain.parse import parse_time

    assert parse_time("10") == time(10, 0)
    assert parse_time("kl. 9.15") == time(9, 15)
    assert parse_time("1030") == time(10, 30)
    assert parse_time(" ") is None
    for bad in ("25:00", "10:75", "ti", "10:5"):
        with pytest.raises(ParseError):
            parse_time(bad)


@given(st.text(max_size=8))
def test_parse_time_never_fails_with_anything_but_a_danish_message(text) -> None:
    from stvdesk.domain.parse import parse_time

    try:
        parse_time(text)
    except ParseError as exc:
        assert str(exc)


def test_parse_month_reads_both_orders() -> None:
    from stvdesk.domain.parse import parse_month

    assert parse_month("2026-11") == date(2026, 11, 1) == parse_month("11-2026") == parse_month(" 11.2026 ")
    for bad in ("2026-13", "nov", "2026", "0-2026"):
        with pytest.raises(ParseError):
            parse_month(bad)


@given(st.text(max_size=10))
def test_parse_month_never_fails_with_anything_but_a_danish_message(text) -> None:
    from stvdesk.domain.parse import parse_month

    try:
        assert parse_month(text).day == 1
    except ParseError as exc:
        assert str(exc)
