from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.urgency import UrgencyFacts, UrgencyWeights, urgency

TODAY = date(2026, 11, 24)
CALM = UrgencyFacts(
    next_due=TODAY + timedelta(days=7),
    last_held=TODAY - timedelta(days=3),
    placement_start=None,
    placement_ordinary_hours=0,
    vk_requested_on=None,
    first_vk_meeting_on=None,
    late_sub_goals=0,
)


def test_calm_citizen_scores_zero() -> None:
    assert urgency(CALM, TODAY).total == 0


def test_each_part_is_named() -> None:
    facts = UrgencyFacts(
        next_due=TODAY - timedelta(days=10),
        last_held=TODAY - timedelta(days=40),
        placement_start=TODAY - timedelta(days=120),
        placement_ordinary_hours=0,
        vk_requested_on=TODAY - timedelta(days=5),
        first_vk_meeting_on=None,
        late_sub_goals=2,
    )
    result = urgency(facts, TODAY)
    labels = " | ".join(label for label, _ in result.parts)
    assert "Opfølgning forfalden i 10 dage (regel: Hastescore – forfalden)" in labels and "over 31 dage" in labels
    assert "Ingen ordinære timer" in labels
    assert "Venter på første møde med VK i 5 dage (regel: Hastescore – venter på VK)" in labels
    assert "2 delmål over fristen (regel: Hastescore – delmål over frist)" in labels
    assert all("(regel: " in label for label, _ in result.parts)  # every part names its rule
    w = UrgencyWeights()
    assert result.total == 10 * w.per_day_overdue + w.placement_without_follow_up + w.zero_ordinary_hours + 5 + 10
    assert "Ingen kontakt i 6 uger" not in labels  # 40 days ago is inside six weeks


def test_no_follow_up_planned() -> None:
    facts = UrgencyFacts(**{**CALM.__dict__, "next_due": None})
    assert urgency(facts, TODAY).parts[0][0] == "Ingen opfølgning planlagt (regel: Hastescore – ingen plan)"


facts_strategy = st.builds(
    UrgencyFacts,
    next_due=st.none() | st.dates(TODAY - timedelta(days=400), TODAY + timedelta(days=100)),
    last_held=st.none() | st.dates(TODAY - timedelta(days=400), TODAY),
    placement_start=st.none() | st.dates(TODAY - timedelta(days=600), TODAY),
    placement_ordinary_hours=st.sampled_from([0.0, 2.0, 8.0]),
    vk_requested_on=st.none() | st.dates(TODAY - timedelta(days=200), TODAY),
    first_vk_meeting_on=st.none() | st.dates(TODAY - timedelta(days=200), TODAY),
    late_sub_goals=st.integers(0, 6),
)


@given(facts_strategy)
def test_total_is_the_sum_of_its_parts_and_bounded(facts: UrgencyFacts) -> None:
    result = urgency(facts, TODAY)
    assert result.total == sum(points for _, points in result.parts)
    assert result.total >= 0
    w = UrgencyWeights()
    ceiling = (
        w.overdue_cap_days * w.per_day_overdue
        + w.no_follow_up_planned
        + w.placement_without_follow_up
        + w.zero_ordinary_hours
        + w.waiting_cap_days * w.per_day_waiting_for_vk
        + 6 * w.per_late_sub_goal
        + w.no_contact_6_weeks
    )
    assert result.total <= ceiling


@given(facts_strategy, st.integers(1, 30))
def test_overdue_never_gets_less_urgent_with_time(facts: UrgencyFacts, days: int) -> None:
    if facts.next_due is None or facts.next_due >= TODAY:
        return
    later = TODAY + timedelta(days=days)
    now_part = sum(p for label, p in urgency(facts, TODAY).parts if "forfalden" in label)
    later_part = sum(p for label, p in urgency(facts, later).parts if "forfalden" in label)
    assert later_part >= now_part


def test_warnings_name_the_three_conditions() -> None:
    from stvdesk.domain.urgency import warnings

    facts = UrgencyFacts(
        next_due=TODAY,
        last_held=TODAY - timedelta(days=50),
        placement_start=TODAY - timedelta(days=90),
        placement_ordinary_hours=2,
        vk_requested_on=TODAY - timedelta(days=20),
        first_vk_meeting_on=None,
        late_sub_goals=0,
    )
    assert len(warnings(facts, TODAY)) == 3
    assert warnings(CALM, TODAY) == []
