import calendar
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.agenda import Bucket, bucket_for, horizon
from stvdesk.domain.calendar import (
    add_months,
    aftercare_dates,
    format_date,
    format_day,
    holiday_name,
    is_working_day,
    latest_start,
    month_start,
    month_starts,
    next_working_day,
    previous_working_day,
    week_label,
)
from stvdesk.domain.targets import last_months, month_end

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


# --- month arithmetic (dateutil) against expectations worked out here by hand -----------------

# Centuries with and without a leap day (1900 has none, 2000 has one), so clamping to 28 or 29
# February is exercised.
wide_dates = st.dates(min_value=date(1890, 1, 1), max_value=date(2210, 12, 31))


def expected_add_months(day: date, months: int) -> date:
    """Count months from year 0, then clamp the day to the target month's length."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


@given(wide_dates, st.integers(-1200, 1200))
def test_add_months_is_the_same_day_clamped_to_the_months_end(day: date, months: int) -> None:
    assert add_months(day, months) == expected_add_months(day, months)


@given(wide_dates, st.integers(-120, 120), st.integers(-120, 120))
def test_add_months_composes_when_no_day_is_clamped(day: date, a: int, b: int) -> None:
    day = day.replace(day=min(day.day, 28))  # every month has these days
    assert add_months(add_months(day, a), b) == add_months(day, a + b)
    assert add_months(add_months(day, a), -a) == day


def test_add_months_does_not_compose_across_a_clamp() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(add_months(date(2027, 1, 31), 1), 1) == date(2027, 3, 28)
    assert add_months(date(2027, 1, 31), 2) == date(2027, 3, 31)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)


@given(wide_dates, wide_dates)
def test_month_starts_are_every_first_of_the_month_between(first: date, last: date) -> None:
    result = month_starts(first, last)
    span = (last.year * 12 + last.month) - (first.year * 12 + first.month)
    assert len(result) == max(span + 1, 0)
    assert result == [expected_add_months(month_start(first), k) for k in range(span + 1)]


@given(dates, st.integers(0, 30))
def test_last_months_end_with_the_month_oldest_first(month: date, count: int) -> None:
    result = last_months(month, count)
    assert result == [expected_add_months(month_start(month), -back) for back in range(count - 1, -1, -1)]


@given(wide_dates)
def test_month_end_is_the_months_last_day(day: date) -> None:
    assert month_end(day) == date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def latest_start_by_search(today: date, months: int) -> date:
    """Walk forward from a day known to qualify while the next one still does."""
    candidate = expected_add_months(today, -months)
    while expected_add_months(candidate + timedelta(days=1), months) <= today:
        candidate += timedelta(days=1)
    return candidate


@given(wide_dates, st.integers(0, 60))
def test_latest_start_is_the_inverse_of_add_months(today: date, months: int) -> None:
    start = latest_start(today, months)
    assert start == latest_start_by_search(today, months)
    assert add_months(start, months) <= today < add_months(start + timedelta(days=1), months)


def test_latest_start_on_a_months_last_day() -> None:
    # 29, 30 and 31 January + 1 month are 28 February too: each has run a month by then.
    assert latest_start(date(2027, 2, 28), 1) == date(2027, 1, 31)
    assert latest_start(date(2027, 2, 27), 1) == date(2027, 1, 27)
    assert latest_start(date(2027, 3, 30), 1) == date(2027, 2, 28)


def aftercare_by_loop(start: date, every_days: int, months: int) -> list[date]:
    """A call every `every_days` days after `start` until `months` months after it, each moved
    to a working day."""
    end = expected_add_months(start, months)
    calls, day = [], start + timedelta(days=every_days)
    while day <= end:
        calls.append(next_working_day(day))
        day += timedelta(days=every_days)
    return calls


@given(dates, st.integers(1, 40), st.integers(0, 6))
def test_aftercare_dates_are_every_interval_until_the_months_have_run(start: date, every: int, months: int) -> None:
    calls = aftercare_dates(start, every, months)
    assert calls == aftercare_by_loop(start, every, months)
    assert all(is_working_day(call) and call > start for call in calls)


def test_aftercare_dates_by_default_every_two_weeks_for_three_months() -> None:
    # 2 November 2026 + 3 months is 2 February 2027; 28 December 2026 is a Monday, no holiday.
    calls = aftercare_dates(date(2026, 11, 2))
    assert calls[0] == date(2026, 11, 16)
    assert calls[-1] == date(2027, 1, 25)
    assert len(calls) == 6


def test_a_month_step_never_reaches_a_month_to_come() -> None:
    from stvdesk.domain.calendar import month_step

    today = date(2026, 11, 24)
    assert month_step(date(2026, 11, 1), -1, today) == date(2026, 10, 1)
    assert month_step(date(2026, 10, 17), 1, today) == date(2026, 11, 1)
    assert month_step(date(2026, 11, 1), 1, today) is None
    assert month_step(date(2026, 1, 1), -1, today) == date(2025, 12, 1)
