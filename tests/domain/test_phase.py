from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from stvdesk.domain.enums import Phase, PlacementKind
from stvdesk.domain.phase import PhaseFacts, derive_phase

TODAY = date(2026, 11, 24)
NOTHING = PhaseFacts(False, False, False, False, None, None, 0.0, False)


def with_(**kw) -> PhaseFacts:
    return PhaseFacts(**{**NOTHING.__dict__, **kw})


def test_each_phase_with_its_reason() -> None:
    assert derive_phase(NOTHING, TODAY).phase is Phase.RELATIONSHIP
    assert derive_phase(with_(has_development_goal=True), TODAY).phase is Phase.JOB_PLAN
    assert derive_phase(with_(has_any_job_goal=True), TODAY).phase is Phase.JOB_PLAN
    assert (
        derive_phase(with_(has_agreed_job_goal=True, has_any_job_goal=True, has_consultant=True), TODAY).phase
        is Phase.MATCH
    )
    assert derive_phase(with_(has_planned_placement=True), TODAY).phase is Phase.MATCH
    fresh = with_(running_kind=PlacementKind.INTERNSHIP, running_since=TODAY - timedelta(days=10))
    assert derive_phase(fresh, TODAY).phase is Phase.MATCH
    old = with_(running_kind=PlacementKind.INTERNSHIP, running_since=TODAY - timedelta(weeks=6))
    result = derive_phase(old, TODAY)
    assert result.phase is Phase.RETENTION and "6 uger" in result.why
    paid = with_(
        running_kind=PlacementKind.WAGE_SUBSIDY, running_since=TODAY - timedelta(weeks=6), running_ordinary_hours=4
    )
    assert derive_phase(paid, TODAY).phase is Phase.PROGRESSION
    job = with_(
        running_kind=PlacementKind.ORDINARY_JOB, running_since=TODAY - timedelta(weeks=1), running_ordinary_hours=30
    )
    assert derive_phase(job, TODAY).phase is Phase.AFTERCARE


@given(
    st.builds(
        PhaseFacts,
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.none() | st.sampled_from(list(PlacementKind)),
        st.none() | st.dates(TODAY - timedelta(days=900), TODAY),
        st.sampled_from([0.0, 3.0]),
        st.booleans(),
    )
)
def test_always_a_phase_with_a_danish_reason(facts: PhaseFacts) -> None:
    result = derive_phase(facts, TODAY)
    assert isinstance(result.phase, Phase) and result.why
    if facts.running_kind is not None:
        assert result.phase in (Phase.MATCH, Phase.RETENTION, Phase.PROGRESSION, Phase.AFTERCARE)
