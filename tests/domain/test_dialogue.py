"""Månedsdialog's "Skal ske" by phase (stvdesk.domain.dialogue.must_happen).

000, 4.3: the monthly dialogue asks which citizens are ready, close or further away "og hvad skal
der konkret til, før de kan deltage i praktik"; 002 table 5-1 lists what the time goes to phase by
phase (match and ordinary hours, retention, progression, aftercare), so once a citizen is in a
placement or a job, what is missing is that phase's, not what comes before a placement.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.agenda import WarningLimits
from stvdesk.domain.dialogue import DialogueFacts, RunningPlacement, must_happen
from stvdesk.domain.enums import CvState, Phase, PlacementKind, Readiness
from stvdesk.domain.placements import PlacementReadiness
from stvdesk.domain.rules import NO_CONTACT, PAST_PLANNED_END, PLACEMENT_FOLLOW_UP_MISSING, ZERO_ORDINARY_HOURS, tag

TODAY = date(2026, 11, 24)
# Nothing done before a placement: no ABC plan, no CV, no sub-goal, no consultant.
NOTHING_YET = PlacementReadiness(Readiness.READY, CvState.MISSING, False, False, None, False)
ALL_DONE = PlacementReadiness(Readiness.READY, CvState.VISIBLE, True, True, None, True)
RECENT = TODAY - timedelta(days=10)


def _praktik(days_in: int, hours: float = 0, visited: date | None = None, end: date | None = None) -> RunningPlacement:
    return RunningPlacement(PlacementKind.INTERNSHIP, TODAY - timedelta(days=days_in), hours, end, visited)


def test_in_praktik_with_no_ordinary_hours_and_long_without_contact_it_says_what_is_missing() -> None:
    """000, 4.6 (ordinary hours from the start; praktikopfølgninger hver måned) and 002 after table
    5-1 (conversations every 4–6 weeks): four months in, no hours, no contact for 60 days."""
    facts = DialogueFacts(Phase.RETENTION, NOTHING_YET, TODAY - timedelta(days=60), _praktik(125))
    todo = must_happen(facts, TODAY)
    assert todo == [
        f"Book en samtale: ingen afholdt kontakt i 60 dage {tag(NO_CONTACT)}",
        f"Praktikopfølgning på arbejdspladsen: ingen i over 31 dage {tag(PLACEMENT_FOLLOW_UP_MISSING)}",
        "0 ordinære timer efter 3 måneder: genforhandl med virksomheden eller find et nyt forløb "
        f"{tag(ZERO_ORDINARY_HOURS)}",
    ]
    # What comes before a placement is past: no ABC plan, CV or consultant to nag about.
    assert not any(word in line for line in todo for word in ("ABC", "CV", "virksomhedskonsulent", "delmål"))


def test_the_months_without_ordinary_hours_are_the_setting_in_force() -> None:
    facts = DialogueFacts(Phase.RETENTION, ALL_DONE, RECENT, _praktik(125, visited=RECENT))
    six = WarningLimits(zero_ordinary_months=6)
    assert must_happen(facts, TODAY, six) == ["Sæt ordinære timer på dagsordenen ved næste opfølgning (0 timer nu)"]
    assert any(tag(ZERO_ORDINARY_HOURS) in line for line in must_happen(facts, TODAY))


def test_a_citizen_in_a_job_is_not_told_to_involve_a_consultant() -> None:
    """002 table 5-1, Efterværn: an open offer and phone follow-up after ordinary employment."""
    job = RunningPlacement(PlacementKind.ORDINARY_JOB, TODAY - timedelta(days=200), 0)
    assert must_happen(DialogueFacts(Phase.AFTERCARE, NOTHING_YET, RECENT, job), TODAY) == []
    closed_for_a_job = DialogueFacts(Phase.AFTERCARE, NOTHING_YET, TODAY - timedelta(days=50))
    assert must_happen(closed_for_a_job, TODAY) == [
        f"Ring til borgeren (efterværn): ingen afholdt kontakt i 50 dage {tag(NO_CONTACT)}"
    ]


def test_before_a_placement_it_is_what_must_happen_first() -> None:
    """000, 4.3 "hvad skal der konkret til, før de kan deltage i praktik" and 4.1/4.4: a VK at once."""
    todo = must_happen(DialogueFacts(Phase.JOB_PLAN, NOTHING_YET, RECENT), TODAY)
    assert todo == [
        "Aftal en ABC-plan (jobmål)",
        "Gør Jobnet-CV færdigt og synligt",
        "Aftal delmål i Min Plan",
        "Involvér en virksomhedskonsulent (trepartssamtale)",
    ]
    never_met = must_happen(DialogueFacts(Phase.RELATIONSHIP, ALL_DONE, None), TODAY)
    assert never_met == [f"Book en samtale: ingen afholdt kontakt endnu {tag(NO_CONTACT)}"]


def test_progression_with_hours_and_follow_ups_kept_misses_nothing() -> None:
    """002 table 5-1, progression: a placement with ordinary hours whose follow-ups are kept."""
    facts = DialogueFacts(Phase.PROGRESSION, NOTHING_YET, RECENT, _praktik(200, hours=6, visited=RECENT))
    assert must_happen(facts, TODAY) == []
    late = DialogueFacts(Phase.PROGRESSION, NOTHING_YET, RECENT, _praktik(200, 6, RECENT, TODAY - timedelta(days=2)))
    assert must_happen(late, TODAY) == [f"Afslut forløbet eller ryk slutdatoen {tag(PAST_PLANNED_END)}"]


def test_a_placement_just_started_puts_hours_on_the_agenda_not_the_cv() -> None:
    facts = DialogueFacts(Phase.MATCH, NOTHING_YET, RECENT, _praktik(7))
    assert must_happen(facts, TODAY) == ["Sæt ordinære timer på dagsordenen ved næste opfølgning (0 timer nu)"]


days_ago = st.none() | st.integers(0, 400).map(lambda n: TODAY - timedelta(days=n))
readiness = st.builds(
    PlacementReadiness,
    st.sampled_from(list(Readiness)),
    st.sampled_from(list(CvState)),
    st.booleans(),
    st.booleans(),
    days_ago,
    st.booleans(),
)
running = st.none() | st.builds(
    RunningPlacement,
    st.sampled_from(list(PlacementKind)),
    st.integers(0, 400).map(lambda n: TODAY - timedelta(days=n)),
    st.sampled_from([0.0, 4.0]),
    days_ago,
    days_ago,
)


@given(readiness, days_ago, running)
def test_in_a_job_or_aftercare_only_contact_is_ever_missing(before, last_held, placement) -> None:
    for facts in (
        DialogueFacts(Phase.AFTERCARE, before, last_held, placement),
        DialogueFacts(Phase.MATCH, before, last_held, RunningPlacement(PlacementKind.ORDINARY_JOB, TODAY, 0)),
    ):
        assert all(tag(NO_CONTACT) in line for line in must_happen(facts, TODAY))


@given(st.sampled_from([p for p in Phase if p is not Phase.AFTERCARE]), readiness, days_ago, running)
def test_in_a_placement_nothing_from_before_one_is_asked(phase, before, last_held, placement) -> None:
    todo = must_happen(DialogueFacts(phase, before, last_held, placement), TODAY)
    if placement is not None and placement.kind is not PlacementKind.ORDINARY_JOB:
        assert not any(word in line for line in todo for word in ("ABC", "Jobnet-CV", "virksomhedskonsulent"))
