from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.agenda import Bucket, bucket_for, horizon
from stvdesk.domain.calendar import (
    add_months,
    format_date,
    format_day,
    holiday_name,
    is_working_day,
    next_working_day,
    previous_working_day,
    week_label,
)

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


def test_danish_holidays() -> None:
    assert holiday_name(date(2026, 12, 25))  # juledag
    assert holiday_name(date(2026, 4, 3))  # langfredag 2026
    assert not is_working_day(date(2026, 5, 14))  # Kristi himmelfartsdag 2026
    assert is_working_day(date(2026, 11, 24))


@given(dates)
def test_next_working_day_is_a_working_day_not_before_and_close(day: date) -> None:
    result = next_working_day(day)
    assert is_working_day(result)
    assert result >= day
    assert (result - day).days <= 6  # the longest Danish run of days off (Easter + weekend) is short
    assert all(not is_working_day(day + timedelta(days=k)) for k in range((result - day).days))


@given(dates)
def test_previous_working_day(day: date) -> None:
    result = previous_working_day(day)
    assert is_working_day(result) and result <= day


def test_formats() -> None:
    assert format_date(date(2026, 11, 24)) == "24-11-2026"
    assert format_day(date(2026, 11, 24)) == "tir 24-11"
    assert week_label(date(2026, 11, 24)) == "uge 48"
    assert week_label(date(2027, 1, 1)) == "uge 53"


@given(dates, st.integers(-30, 30))
def test_add_months_keeps_day_or_clamps(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day


def test_buckets_on_a_tuesday() -> None:
    today = date(2026, 11, 24)
    assert bucket_for(date(2026, 11, 23), today) is Bucket.OVERDUE
    assert bucket_for(today, today) is Bucket.TODAY
    assert bucket_for(date(2026, 11, 29), today) is Bucket.THIS_WEEK
    assert bucket_for(date(2026, 11, 30), today) is Bucket.NEXT_WEEK
    assert bucket_for(date(2026, 12, 6), today) is Bucket.NEXT_WEEK
    assert bucket_for(date(2026, 12, 7), today) is Bucket.LATER
    assert horizon(today) == date(2026, 12, 6)


@given(dates, dates)
def test_buckets_are_ordered(today: date, due: date) -> None:
    order = list(Bucket)
    later = due + timedelta(days=1)
    assert order.index(bucket_for(due, today)) <= order.index(bucket_for(later, today))
