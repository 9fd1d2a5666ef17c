from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.summer import plan_required, runs_through_summer, summer_span, summer_year


def test_summer_weeks_2027() -> None:
    assert summer_span(2027) == (date(2027, 7, 5), date(2027, 8, 15))


def test_which_summer() -> None:
    assert summer_year(date(2026, 11, 24)) == 2027
    assert summer_year(date(2027, 3, 1)) == 2027
    assert summer_year(date(2027, 8, 20)) == 2028
    assert not plan_required(date(2027, 4, 30), 2027) and plan_required(date(2027, 5, 1), 2027)


@given(st.dates(date(2026, 1, 1), date(2028, 12, 31)), st.none() | st.integers(0, 400))
def test_runs_through_summer_means_overlap(start: date, length) -> None:
    end = None if length is None else start + timedelta(days=length)
    first, last = summer_span(2027)
    overlap = start <= last and (end is None or end >= first)
    assert runs_through_summer(start, end, 2027) == overlap
