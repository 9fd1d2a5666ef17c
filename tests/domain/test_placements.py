from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from stvdesk.domain.enums import CvState, PlacementKind, Readiness, TargetGroup
from stvdesk.domain.placements import (
    PlacementReadiness,
    before_placement,
    placement_form_errors,
    placement_warnings,
    planned_end_after_move,
)

START = date(2026, 11, 30)


def test_praktik_over_13_weeks_and_repeat_warn() -> None:
    cash = TargetGroup.CASH_BENEFIT
    assert (
        placement_warnings(PlacementKind.INTERNSHIP, START, START + timedelta(weeks=13), False, target_group=cash) == []
    )
    [warning] = placement_warnings(
        PlacementKind.INTERNSHIP, START, START + timedelta(weeks=14), False, target_group=cash
    )
    assert "14 uger" in warning and cash.label.lower() in warning and "(regel: Længste praktik)" in warning
    [repeat] = placement_warnings(PlacementKind.INTERNSHIP, START, None, True, target_group=cash)
    assert "(regel: Gentaget praktik)" in repeat
    assert (
        placement_warnings(PlacementKind.INTERNSHIP, START, None, True, target_group=cash, repeat_warning=False) == []
    )
    assert (
        placement_warnings(PlacementKind.WAGE_SUBSIDY, START, START + timedelta(weeks=40), True, target_group=cash)
        == []
    )


def test_the_praktik_limit_is_a_setting_per_target_group_and_off_where_none_applies() -> None:
    """Neither seed gives a limit on a praktik's length (000, 4.6 asks only that a praktik without
    paid tasks is ended, "Afslut praktik, hvis virksomheden ikke vil lønne"), so the 13 weeks are a
    local setting per target group: a ressourceforløb citizen's 36 weeks warn of nothing by default."""
    long = START + timedelta(weeks=36)
    assert (
        placement_warnings(PlacementKind.INTERNSHIP, START, long, False, target_group=TargetGroup.RESOURCE_COURSE) == []
    )
    [warning] = placement_warnings(
        PlacementKind.INTERNSHIP,
        START,
        long,
        False,
        target_group=TargetGroup.RESOURCE_COURSE,
        max_weeks={TargetGroup.RESOURCE_COURSE: 26},
    )
    assert "mere end 26 uger" in warning and TargetGroup.RESOURCE_COURSE.label.lower() in warning
    assert "internship_weeks" not in warning  # the setting's key is for config.toml, not the screen
    assert (
        placement_warnings(
            PlacementKind.INTERNSHIP, START, long, False, target_group=TargetGroup.CASH_BENEFIT, max_weeks={}
        )
        == []
    )


def test_form_errors() -> None:
    errors = placement_form_errors(PlacementKind.INTERNSHIP, "", " ", 10, 12, START, START - timedelta(days=1))
    assert set(errors) == {"purpose", "tasks", "ordinary_hours_per_week", "planned_end_on"}
    assert placement_form_errors(PlacementKind.SMALL_JOB, "", "", 5, 5, START, None) == {}


def test_before_placement_lists_what_is_missing() -> None:
    facts = PlacementReadiness(Readiness.CLOSE, CvState.MISSING, False, False, date(2026, 11, 1), False)
    todo = before_placement(facts)
    assert any("ABC" in t for t in todo) and any("CV" in t for t in todo) and any("01-11-2026" in t for t in todo)
    ready = PlacementReadiness(Readiness.READY, CvState.VISIBLE, True, True, None, True)
    assert before_placement(ready) == []


dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
shifts = st.integers(-120, 120)


@settings(max_examples=300)
@given(dates, st.integers(0, 400), shifts)
def test_moving_the_start_keeps_the_length_of_a_planned_end_left_as_it_was(start, length, shift) -> None:
    end = start + timedelta(days=length)
    new_start = start + timedelta(days=shift)
    moved = planned_end_after_move(start, end, new_start, end)
    assert moved is not None and moved - new_start == end - start
    assert moved - end == new_start - start  # the end moved as far as the start


@settings(max_examples=300)
@given(dates, st.none() | st.integers(0, 400), shifts, st.none() | st.integers(0, 400))
def test_an_end_the_worker_typed_or_no_end_stands(start, length, shift, typed_length) -> None:
    end = None if length is None else start + timedelta(days=length)
    typed = None if typed_length is None else start + timedelta(days=typed_length)
    new_start = start + timedelta(days=shift)
    if end is None or typed != end or shift == 0:
        assert planned_end_after_move(start, end, new_start, typed) == typed


def test_moving_the_start_a_fortnight_moves_the_end_a_fortnight() -> None:
    end = START + timedelta(weeks=13)
    assert planned_end_after_move(START, end, START + timedelta(days=14), end) == end + timedelta(days=14)
    assert planned_end_after_move(START, None, START + timedelta(days=14), None) is None
