"""The cadence rules, with at least 500 examples per property."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from stvdesk.domain.cadence import (
    CadenceSettings,
    Situation,
    first_conversation,
    first_placement_follow_up,
    max_interval_days,
    next_follow_up,
)
from stvdesk.domain.calendar import is_working_day
from stvdesk.domain.enums import FollowUpKind, PlacementKind

HOLIDAY_RUN = 6  # the longest run of Danish days off (Easter with a weekend) is shorter than this
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def situations(draw, held: date):
    kind = draw(st.sampled_from(["none", "placement", "planned", "job"]))
    if kind == "placement":
        start = held - timedelta(days=draw(st.integers(0, 400)))
        end = draw(st.none() | st.just(held + timedelta(days=draw(st.integers(1, 120)))))
        return Situation(placement_start=start, placement_planned_end=end)
    if kind == "planned":
        return Situation(placement_start=held + timedelta(days=draw(st.integers(1, 60))))
    if kind == "job":
        return Situation(employed_since=held - timedelta(days=draw(st.integers(0, 80))))
    return Situation()


@st.composite
def cases(draw):
    held = draw(days)
    return held, draw(situations(held))


@settings(max_examples=500)
@given(cases())
def test_proposed_date_is_a_working_day_after_the_held_date(case) -> None:
    held, situation = case
    proposal = next_follow_up(held, situation)
    if proposal is None:
        assert situation.employed_since is not None
        return
    assert is_working_day(proposal.due)
    assert proposal.due > held


@settings(max_examples=500)
@given(cases())
def test_never_later_than_the_rule_allows_plus_a_holiday_run(case) -> None:
    held, situation = case
    proposal = next_follow_up(held, situation)
    if proposal is not None:
        assert (proposal.due - held).days <= max_interval_days(situation, held) + HOLIDAY_RUN


@settings(max_examples=500)
@given(days, st.integers(0, 27))
def test_weekly_in_the_first_four_weeks_then_monthly(held, days_in) -> None:
    first = next_follow_up(held, Situation(placement_start=held - timedelta(days=days_in)))
    assert first.kind is FollowUpKind.PLACEMENT_FOLLOW_UP and (first.due - held).days <= 7 + HOLIDAY_RUN
    later = next_follow_up(held, Situation(placement_start=held - timedelta(days=28 + days_in)))
    assert 28 <= (later.due - held).days <= 31 + HOLIDAY_RUN


@settings(max_examples=500)
@given(days, st.integers(1, 40))
def test_a_placement_starting_before_the_next_conversation_pulls_it_forward(held, until_start) -> None:
    start = held + timedelta(days=until_start)
    proposal = next_follow_up(held, Situation(placement_start=start))
    plain = next_follow_up(held, Situation())
    if until_start < 28 + 7:
        assert proposal.kind is FollowUpKind.PLACEMENT_FOLLOW_UP
        assert start < proposal.due <= start + timedelta(days=7 + HOLIDAY_RUN)
    else:
        assert proposal == plain


@settings(max_examples=500)
@given(days, st.integers(1, 27))
def test_a_placement_ending_before_the_next_follow_up_is_followed_up_at_its_end(held, until_end) -> None:
    start = held - timedelta(days=60)
    end = held + timedelta(days=until_end)
    proposal = next_follow_up(held, Situation(placement_start=start, placement_planned_end=end))
    assert proposal.due >= end and (proposal.due - end).days <= HOLIDAY_RUN


@settings(max_examples=500)
@given(days, st.integers(0, 120))
def test_aftercare_every_two_weeks_for_three_months(employed, days_after) -> None:
    from stvdesk.domain.calendar import add_months

    held = employed + timedelta(days=days_after)
    proposal = next_follow_up(held, Situation(employed_since=employed))
    if held + timedelta(days=14) > add_months(employed, 3):
        assert proposal is None  # aftercare has run its course
    else:
        assert proposal.kind is FollowUpKind.AFTERCARE and 14 <= (proposal.due - held).days <= 14 + HOLIDAY_RUN


def test_outside_a_placement_every_four_weeks_by_default_and_settable() -> None:
    held = date(2026, 11, 24)
    assert next_follow_up(held, Situation()).due == date(2026, 12, 22)
    six_weeks = CadenceSettings(conversation_days=42)
    assert next_follow_up(held, Situation(), six_weeks).due == date(2027, 1, 5)


def test_christmas_is_skipped() -> None:
    held = date(2026, 11, 27)  # + 28 days = 25 December
    proposal = next_follow_up(held, Situation())
    assert proposal.due == date(2026, 12, 28)


# --- the first follow-up of a new placement, the first conversation of a new citizen ----------

kinds = st.sampled_from(list(PlacementKind))


@settings(max_examples=300)
@given(days, st.integers(-60, 60), st.none() | st.integers(0, 120), kinds)
def test_a_new_placement_proposes_its_first_follow_up_in_its_first_week(today, start_in, length, kind) -> None:
    start = today + timedelta(days=start_in)
    end = None if length is None else start + timedelta(days=length)
    proposal = first_placement_follow_up(kind, start, end, today)
    assert is_working_day(proposal.due) and proposal.due >= today  # never a weekend, holiday or past day
    if kind is PlacementKind.ORDINARY_JOB:
        assert proposal.kind is FollowUpKind.AFTERCARE
        aimed = start + timedelta(days=14)
    else:
        assert proposal.kind is FollowUpKind.PLACEMENT_FOLLOW_UP
        aimed = min(start + timedelta(days=7), end) if end is not None else start + timedelta(days=7)
    assert 0 <= (proposal.due - max(aimed, today)).days <= HOLIDAY_RUN


def test_first_follow_up_dates_and_their_rules() -> None:
    tuesday = date(2026, 11, 24)
    first = first_placement_follow_up(PlacementKind.INTERNSHIP, tuesday, tuesday + timedelta(weeks=13), tuesday)
    assert first.due == date(2026, 12, 1) and "første uge" in first.rule
    short = first_placement_follow_up(PlacementKind.SMALL_JOB, tuesday, tuesday + timedelta(days=3), tuesday)
    assert short.due == date(2026, 11, 27) and "slutdatoen" in short.rule
    late = first_placement_follow_up(PlacementKind.INTERNSHIP, tuesday - timedelta(days=30), None, tuesday)
    assert late.due == tuesday and "i gang" in late.rule
    # 18 December + 7 days is Christmas Day: the next working day is 28 December.
    christmas = first_placement_follow_up(PlacementKind.WAGE_SUBSIDY, date(2026, 12, 18), None, tuesday)
    assert christmas.due == date(2026, 12, 28)
    fortnightly = CadenceSettings(placement_start_days=14)
    assert first_placement_follow_up(PlacementKind.INTERNSHIP, tuesday, None, tuesday, fortnightly).due == date(
        2026, 12, 8
    )


def test_a_new_citizen_proposes_a_first_conversation_by_the_local_setting() -> None:
    tuesday = date(2026, 11, 24)
    first = first_conversation(tuesday)
    assert first.kind is FollowUpKind.CONVERSATION and first.due == date(2026, 12, 1)
    assert "lokal standard" in first.rule
    assert first_conversation(date(2026, 12, 18)).due == date(2026, 12, 28)  # not Christmas Day
    assert first_conversation(tuesday, CadenceSettings(first_conversation_days=0)).due == tuesday
