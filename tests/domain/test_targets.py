"""The forecast against a monthly target, and the month helpers of production steering."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.enums import TargetMetric
from stvdesk.domain.targets import forecast, last_months, month_end, progress_bar, reference_day, working_days

TODAY = date(2026, 11, 24)  # the 17th of 21 working days in November 2026


def test_month_helpers() -> None:
    assert month_end(date(2026, 2, 10)) == date(2026, 2, 28)
    assert reference_day(date(2026, 11, 1), TODAY) == TODAY
    assert reference_day(date(2026, 10, 1), TODAY) == date(2026, 10, 31)
    assert last_months(date(2026, 11, 1), 3) == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    assert working_days(date(2026, 11, 1), date(2026, 11, 30)) == 21
    assert working_days(date(2026, 11, 1), TODAY) == 17


def test_forecast_says_what_is_missing_before_the_month_ends() -> None:
    f = forecast(TargetMetric.STARTED, 9, 12, date(2026, 11, 1), TODAY)
    assert f.missing == 3 and f.text.startswith("3 starter mangler før 30-11-2026")
    assert round(f.projected, 1) == round(9 * 21 / 17, 1) and not f.on_track
    one = forecast(TargetMetric.STARTED, 11, 12, date(2026, 11, 1), TODAY)
    assert one.text.startswith("1 start mangler før 30-11-2026")
    assert forecast(TargetMetric.STARTED, 12, 12, date(2026, 11, 1), TODAY).text == "Måltallet er nået"
    past = forecast(TargetMetric.WITH_CV, 150, 190, date(2026, 10, 1), TODAY)
    assert past.text == "40 CV'er manglede" and past.projected == 150
    assert forecast(TargetMetric.STARTED, 3, None, date(2026, 11, 1), TODAY).text == "Intet måltal sat"


@given(st.integers(0, 500), st.integers(1, 500))
def test_the_bar_is_full_at_or_over_the_target(actual, target) -> None:
    bar = progress_bar(actual, target, width=10)
    assert len(bar) == 10
    assert (bar == "█" * 10) == (round(10 * actual / target) >= 10)
