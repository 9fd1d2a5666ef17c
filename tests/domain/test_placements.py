from datetime import date, timedelta

from stvdesk.domain.enums import CvState, PlacementKind, Readiness
from stvdesk.domain.placements import (
    PlacementReadiness,
    before_placement,
    placement_form_errors,
    placement_warnings,
)

START = date(2026, 11, 30)


def test_praktik_over_13_weeks_and_repeat_warn() -> None:
    assert placement_warnings(PlacementKind.INTERNSHIP, START, START + timedelta(weeks=13), False) == []
    [warning] = placement_warnings(PlacementKind.INTERNSHIP, START, START + timedelta(weeks=14), False)
    assert "14 uger" in warning
    assert placement_warnings(PlacementKind.INTERNSHIP, START, None, True)
    assert placement_warnings(PlacementKind.WAGE_SUBSIDY, START, START + timedelta(weeks=40), True) == []


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
