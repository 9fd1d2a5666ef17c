"""The team board's rules: who is on it, under which industry, when a decision falls due."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.enums import PlacementStatus, Readiness, Role, StepOwner
from stvdesk.domain.matching import Goal
from stvdesk.domain.team_board import board_industry, contact_before_opening, next_meeting, on_board, owner_for


@given(
    readiness=st.sampled_from(list(Readiness)),
    closed=st.booleans(),
    placements=st.lists(st.sampled_from(list(PlacementStatus)), max_size=4),
)
def test_on_board_is_ready_or_close_open_and_without_a_planned_or_running_placement(
    readiness: Readiness, closed: bool, placements: list[PlacementStatus]
) -> None:
    matched = PlacementStatus.PLANNED in placements or PlacementStatus.ACTIVE in placements
    expected = not closed and readiness is not Readiness.FAR and not matched
    assert on_board(readiness, closed, placements) is expected


def test_an_ended_placement_is_no_match() -> None:
    assert on_board(Readiness.READY, False, [PlacementStatus.ENDED])
    assert not on_board(Readiness.READY, False, [PlacementStatus.ENDED, PlacementStatus.PLANNED])


def test_the_next_meeting_is_fourteen_days_on_and_on_a_working_day() -> None:
    assert next_meeting(date(2026, 11, 24)) == date(2026, 12, 8)  # a Tuesday, 14 days on
    # 11-12-2026 + 14 days is Christmas Day; the 26th is a holiday and a Saturday: Monday the 28th
    assert next_meeting(date(2026, 12, 11)) == date(2026, 12, 28)


def test_industry_is_the_best_proposals_then_the_heaviest_goals() -> None:
    goals = [Goal("A", "Kok"), Goal("C", "Lagermedarbejder")]
    assert board_industry(goals, ["Rengøring", "Lager"]) == "Rengøring"
    # No proposal: the C goal weighs most (abc.vaegte), and its word "lager" points to lager.
    assert board_industry(goals, [], ["Lager", "Hotel og restauration"]) == "Lager"
    assert board_industry([Goal("A", "Kok")], [], ["Hotel og restauration"]) == "Hotel og restauration"
    # The matching's own industries count where the team has no company of that industry.
    assert board_industry([Goal("B", "Gartner")], []) == "Gartneri og anlæg"
    assert board_industry([Goal("B", "Astronaut")], []) == ""
    assert board_industry([], []) == ""


def test_only_s_and_vk_own_a_decision() -> None:
    assert owner_for(Role.S) is StepOwner.S
    assert owner_for(Role.VK) is StepOwner.VK
    assert owner_for(Role.LEADER) is None and owner_for(Role.PL) is None


def test_a_contact_older_than_the_opening_is_marked_as_before_it() -> None:
    """A company that said "Ingen ledige opgaver lige nu" in June and has an opening seen in
    October: the June word is older than the opening, not its answer."""
    spotted = date(2026, 10, 29)
    assert contact_before_opening(date(2026, 6, 28), spotted)
    assert not contact_before_opening(spotted, spotted)  # the same day: as new as the opening
    assert not contact_before_opening(date(2026, 11, 2), spotted)
    assert not contact_before_opening(None, spotted)
