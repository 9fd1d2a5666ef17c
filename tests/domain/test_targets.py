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


def test_targets_csv_is_read_or_each_bad_line_named() -> None:
    from stvdesk.domain.targets import parse_targets_csv

    rows, errors = parse_targets_csv("maaned;ejer;maal;vaerdi\n2026-12;team;started;12\n2026-12;kb;with_cv;30,5\n\n")
    assert errors == [] and [(r.owner, r.metric, r.value) for r in rows] == [
        ("team", TargetMetric.STARTED, 12.0),
        ("KB", TargetMetric.WITH_CV, 30.5),
    ]
    assert rows[0].month == date(2026, 12, 1)
    _, errors = parse_targets_csv("maaned,ejer,maal,vaerdi\n2026-12,team,fun,1\n2026-1,team,started,-1\nx\n")
    assert errors == [
        "linje 2: ukendt måltal »fun« (brug started, in_placement, retained, with_cv, "
        "with_ordinary_hours, ordinary_hours_total, conversations, with_abc_plan).",
        "linje 3: værdien skal være et tal ≥ 0.",
        "linje 4: der skal være 4 felter, ikke 1.",
    ]
    assert parse_targets_csv("")[1] == ["Filen er tom."]
    assert parse_targets_csv("a;b\n")[1][0].startswith("linje 1: overskriften skal være maaned;ejer;maal;vaerdi")


@given(st.text(max_size=200))
def test_any_csv_text_gives_rows_or_danish_errors(text) -> None:
    from stvdesk.domain.targets import parse_targets_csv

    rows, errors = parse_targets_csv(text)
    assert all(e for e in errors)
    assert all(row.value >= 0 for row in rows)
