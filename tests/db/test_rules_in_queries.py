"""The method's settings reach the queries that apply them (stvdesk.domain.rules), on the demo."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from stvdesk.db.models import Citizen, Placement
from stvdesk.db.queries.caseload_list import CaseloadFilter, Scope, Viewer, caseload_page, urgency_sql
from stvdesk.db.queries.citizen_file import citizen_file
from stvdesk.db.queries.steering import SteeringScope, metric_value
from stvdesk.db.queries.today import caseload_gaps
from stvdesk.db.queries.workers import find_worker
from stvdesk.domain.agenda import WarningLimits
from stvdesk.domain.company_flags import FlagSettings
from stvdesk.domain.enums import PlacementKind, PlacementStatus, TargetGroup, TargetMetric
from stvdesk.domain.urgency import UrgencyWeights
from stvdesk.settings import Settings, use_settings
from tests.conftest import TODAY


def test_min_dag_and_styring_count_cvs_by_one_definition(demo_engine) -> None:
    """000, 4.3 counts "hvor mange borgere har et CV"; Min dag's "mangler Jobnet-CV" is the rest of
    the same caseload, not a second definition (a started CV is no CV in either)."""
    with Session(demo_engine) as session:
        kb = find_worker(session, "KB")
        gaps = caseload_gaps(session, kb, TODAY)
        with_cv = metric_value(session, TargetMetric.WITH_CV, SteeringScope.for_worker(kb.id, kb.role), TODAY, TODAY)
    assert gaps.caseload - gaps.without_cv == with_cv > 0


def test_the_warnings_day_counts_are_the_settings_in_force(demo_engine) -> None:
    """002, after table 5-1 (conversations every 4–6 weeks), 000, 4.6 (a praktikopfølgning every
    month) and the local VK wait and planned-end grace: Min dag counts with the settings the desk
    has, and says which."""
    with Session(demo_engine) as session:
        kb = find_worker(session, "KB")
        before = caseload_gaps(session, kb, TODAY)
        use_settings(
            replace(
                Settings(),
                cadence=replace(Settings().cadence, conversation_max_days=90, placement_max_days=120),
                flags=FlagSettings(vk_wait_days=60, past_end_days=365),
            )
        )
        after = caseload_gaps(session, kb, TODAY)
    assert after.limits == WarningLimits(120, 90, 60, 3, 365)
    assert after.without_contact_6_weeks < before.without_contact_6_weeks
    assert after.placement_without_follow_up < before.placement_without_follow_up
    assert after.waiting_for_vk < before.waiting_for_vk
    assert after.past_planned_end < before.past_planned_end


def test_sql_urgency_agrees_with_the_domain_rule_under_other_limits(demo_engine) -> None:
    """The caseload sorts by the SQL twin of the urgency rule: with the local settings changed it
    must still agree with the Python rule the explanation shows (000, 4.6; 002 after table 5-1)."""
    limits = WarningLimits(placement_follow_up_days=20, no_contact_days=30, zero_ordinary_months=1)
    with Session(demo_engine) as session:
        kb = find_worker(session, "KB")
        rows = caseload_page(
            session,
            CaseloadFilter(scope=Scope.ALL),
            Viewer(kb.id, kb.role, kb.team_id),
            TODAY,
            limit=300,
            limits=limits,
        ).rows
        scores = dict(
            session.exec(
                select(Citizen.id, urgency_sql(TODAY, UrgencyWeights(), limits)).where(
                    Citizen.id.in_([r.id for r in rows])
                )
            ).all()
        )
    for row in rows:
        assert scores[row.id] == pytest.approx(row.urgency.total), row.urgency.parts
    assert any("(regel: Over planlagt slut)" in w for row in rows for w in row.warnings)
    assert any("Ingen kontakt i 30 dage" in w for row in rows for w in row.warnings)


def test_the_file_warns_by_the_target_groups_praktik_limit_and_of_a_late_end(demo_engine) -> None:
    """Neither report limits a praktik's length; the 13 weeks are a local setting per target
    group (internship_weeks), off for ressourceforløb and jobafklaring by default. A running
    placement past its planned end is flagged in the file (rule forloeb.over_slut)."""
    with Session(demo_engine) as session:
        rows = session.exec(select(Placement, Citizen).join(Citizen, Citizen.id == Placement.citizen_id)).all()
        long_praktik = next(
            citizen
            for placement, citizen in rows
            if citizen.target_group in (TargetGroup.RESOURCE_COURSE, TargetGroup.JOB_CLARIFICATION)
            and placement.kind is PlacementKind.INTERNSHIP
            and placement.status is not PlacementStatus.ENDED
            and placement.planned_end_on
            and placement.planned_end_on - placement.start_on > timedelta(weeks=13)
        )
        found = citizen_file(session, long_praktik.id, TODAY)
        assert found is not None
        assert not any("(regel: Længste praktik)" in w for v in found.placements for w in v.warnings)
        strict = Settings(internship_weeks=dict.fromkeys(TargetGroup, 13)).method()
        again = citizen_file(session, long_praktik.id, TODAY, strict)
        assert again is not None
        assert any(
            "(regel: Længste praktik)" in w and long_praktik.target_group.label.lower() in w
            for v in again.placements
            for w in v.warnings
        )
        late = next(
            citizen
            for placement, citizen in rows
            if placement.status is PlacementStatus.ACTIVE
            and placement.planned_end_on
            and placement.planned_end_on < TODAY
        )
        late_file = citizen_file(session, late.id, TODAY)
        assert late_file is not None
        assert any("(regel: Over planlagt slut)" in w for v in late_file.placements for w in v.warnings)


def test_styring_counts_fastholdt_after_the_months_in_force(demo_engine) -> None:
    """Rule styring.fastholdt (local setting [phase] retained_after_months; 000, 4.3 asks how many
    are retained, not when): the count, the citizens behind it and the dashboard's label all
    follow the setting – each retained citizen started a placement in the month that many
    months back."""
    from stvdesk.db.queries.steering import dashboard, metric_rows
    from stvdesk.domain.calendar import add_months, month_start
    from stvdesk.domain.phase import PhaseSettings

    def started_in(session: Session, months: int) -> set:
        first = add_months(month_start(TODAY), -months)
        last = add_months(first, 1) - timedelta(days=1)
        return set(
            session.exec(
                select(Placement.citizen_id).where(Placement.start_on >= first, Placement.start_on <= last)
            ).all()
        )

    with Session(demo_engine) as session:
        kb = find_worker(session, "KB")
        scope = SteeringScope.for_team(kb.team_id)
        counted = {}
        for months in (3, 6):
            use_settings(replace(Settings(), phase=PhaseSettings(retained_after_months=months)))
            value = metric_value(session, TargetMetric.RETAINED, scope, TODAY, TODAY)
            rows = metric_rows(session, TargetMetric.RETAINED, scope, TODAY, TODAY)
            assert value == len(rows) > 0
            assert {row.citizen_id for row in rows} <= started_in(session, months)
            board = dashboard(session, scope, TODAY, TODAY)
            assert board.label(TargetMetric.RETAINED) == f"Fastholdt efter {months} måneder"
            assert next(line.actual for line in board.lines if line.metric is TargetMetric.RETAINED) == value
            counted[months] = {row.citizen_id for row in rows}
    assert counted[3] != counted[6]
