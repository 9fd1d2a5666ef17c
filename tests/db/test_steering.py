"""Every steering metric against a small hand-built team whose numbers are counted by hand,
including month boundaries and a citizen who moves to another caseworker."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from stvdesk.db.models import (
    Citizen,
    CvStatus,
    FollowUp,
    JobGoal,
    Placement,
    PlacementHours,
    ProgressEntry,
    Target,
    Team,
    Worker,
)
from stvdesk.db.queries.steering import SteeringScope, metric_rows, metric_value, targets
from stvdesk.domain.enums import (
    CvState,
    FollowUpKind,
    FollowUpStatus,
    GoalStatus,
    JobGoalKind,
    PlacementKind,
    PlacementStatus,
    Readiness,
    Role,
    TargetGroup,
    TargetMetric,
)

TODAY = date(2026, 11, 24)
NOV, OCT, AUG = date(2026, 11, 1), date(2026, 10, 1), date(2026, 8, 1)


@pytest.fixture
def team(fresh_engine):
    """Two caseworkers, A and B, and one consultant V in one team; a third worker elsewhere."""
    engine = fresh_engine
    with Session(engine) as session:
        team, other = Team(name="Hold"), Team(name="Andet hold")
        a = Worker(initials="A", name="Anna", role=Role.S, team_id=team.id)
        b = Worker(initials="B", name="Bo", role=Role.S, team_id=team.id)
        v = Worker(initials="V", name="Vera", role=Role.VK, team_id=team.id)
        x = Worker(initials="X", name="Xenia", role=Role.S, team_id=other.id)
        session.add_all([team, other, a, b, v, x])
        session.commit()
        n = iter(range(100))

        def citizen(s, *, opened=date(2026, 1, 5), closed=None, consultant=None):
            k = next(n)
            c = Citizen(
                cpr=f"0101{k:02d}1234"[:10],
                first_name=f"B{k}",
                last_name=f"Borger{k:02d}",
                birth_date=date(1990, 1, 1),
                target_group=TargetGroup.CASH_BENEFIT,
                readiness=Readiness.READY,
                caseworker_id=s.id,
                consultant_id=consultant.id if consultant else None,
                opened_on=opened,
                closed_on=closed,
            )
            session.add(c)
            session.commit()
            return c

        def placement(c, start, *, ended=None, kind=PlacementKind.INTERNSHIP, ordinary=0.0, status=None):
            p = Placement(
                citizen_id=c.id,
                company_id=company.id,
                kind=kind,
                start_on=start,
                ended_on=ended,
                hours_per_week=20,
                ordinary_hours_per_week=ordinary,
                status=status or (PlacementStatus.ENDED if ended else PlacementStatus.ACTIVE),
            )
            session.add(p)
            session.commit()
            return p

        from stvdesk.db.models import Company

        company = Company(name="Firma")
        session.add(company)
        session.commit()

        c1 = citizen(a, consultant=v)
        placement(c1, date(2026, 11, 1))  # started Nov (first day), running
        c2 = citizen(a)
        placement(c2, date(2026, 10, 31))  # started Oct (last day), running
        c3 = citizen(a)
        placement(c3, date(2026, 8, 10), ordinary=5)  # started Aug, running in Nov: retained
        c4 = citizen(a)
        placement(c4, date(2026, 8, 20), ended=date(2026, 10, 1))  # started Aug, ended: not retained
        c5 = citizen(a)
        placement(c5, date(2026, 8, 3), ended=date(2026, 9, 30), kind=PlacementKind.INTERNSHIP)
        placement(c5, date(2026, 10, 1), kind=PlacementKind.ORDINARY_JOB)  # started Aug, now a job: retained
        c6 = citizen(a, closed=date(2026, 11, 10))  # closed in Nov: not counted in Nov
        placement(c6, date(2026, 11, 2))
        c7 = citizen(a)
        placement(c7, date(2026, 12, 1), status=PlacementStatus.PLANNED)  # planned for December
        c8 = citizen(b)  # moved from A to B: counts for B now
        placement(c8, date(2026, 11, 5))
        c9 = citizen(x)  # another team
        placement(c9, date(2026, 11, 5))
        p10 = placement(citizen(a), date(2026, 5, 4), ordinary=0)  # ordinary hours from 1 Nov by history
        session.add(
            PlacementHours(
                placement_id=p10.id, effective_on=date(2026, 11, 1), hours_per_week=20, ordinary_hours_per_week=4
            )
        )
        session.add_all(
            [
                CvStatus(citizen_id=c1.id, jobnet_state=CvState.DONE),
                CvStatus(citizen_id=c2.id, jobnet_state=CvState.VISIBLE),
                CvStatus(citizen_id=c3.id, jobnet_state=CvState.STARTED),
                CvStatus(citizen_id=c6.id, jobnet_state=CvState.DONE),
            ]
        )
        session.add_all(
            [
                JobGoal(
                    citizen_id=c1.id,
                    kind=JobGoalKind.C,
                    title="Lager",
                    status=GoalStatus.AGREED,
                    agreed_on=date(2026, 11, 20),
                ),
                JobGoal(
                    citizen_id=c1.id,
                    kind=JobGoalKind.A,
                    title="Truck",
                    status=GoalStatus.AGREED,
                    agreed_on=date(2026, 9, 1),
                ),
                JobGoal(citizen_id=c2.id, kind=JobGoalKind.C, title="Kok", status=GoalStatus.PROPOSED),
            ]
        )
        session.add_all(
            [
                ProgressEntry(citizen_id=c3.id, month=NOV, ordinary_hours=21.5),
                ProgressEntry(citizen_id=c3.id, month=OCT, ordinary_hours=20),
                ProgressEntry(citizen_id=c2.id, month=NOV, ordinary_hours=0),
            ]
        )
        for worker, citizen_row, held in (
            (a, c1, date(2026, 11, 2)),
            (a, c2, date(2026, 11, 23)),
            (a, c1, date(2026, 10, 31)),
            (b, c8, date(2026, 11, 3)),
            (v, c1, date(2026, 11, 4)),
        ):
            session.add(
                FollowUp(
                    citizen_id=citizen_row.id,
                    worker_id=worker.id,
                    kind=FollowUpKind.CONVERSATION,
                    due_on=held,
                    held_on=held,
                    status=FollowUpStatus.HELD,
                )
            )
        session.add(Target(team_id=team.id, month=NOV, metric=TargetMetric.STARTED, value=5))
        session.commit()
        yield session, team, a, b, v
    engine.dispose()


@pytest.mark.parametrize(
    ("metric", "who", "month", "expected"),
    [
        (TargetMetric.STARTED, "A", NOV, 2),  # c1, c6 (open when it started; c7 planned, c8 is B's now)
        (TargetMetric.STARTED, "A", OCT, 1),  # c2 on 31 October
        (TargetMetric.STARTED, "B", NOV, 1),  # c8 moved to B
        (TargetMetric.STARTED, "team", NOV, 3),  # c1, c6, c8; not c9 of another team
        (TargetMetric.IN_PLACEMENT, "A", NOV, 4),  # c1, c2, c3, p10's citizen (c5 has a job, not a course)
        (TargetMetric.RETAINED, "A", NOV, 2),  # of c3, c4, c5 started in August: c3 and c5
        (TargetMetric.WITH_CV, "A", NOV, 2),  # c1, c2 (c3 only started, c6 closed)
        (TargetMetric.WITH_ORDINARY_HOURS, "A", NOV, 2),  # c3 (5 t/uge) and p10's citizen from 1 November
        (TargetMetric.WITH_ORDINARY_HOURS, "A", OCT, 1),  # only c3: p10's hours came on 1 November
        (TargetMetric.ORDINARY_HOURS_TOTAL, "A", NOV, 21.5),
        (TargetMetric.ORDINARY_HOURS_TOTAL, "A", OCT, 20),
        (TargetMetric.CONVERSATIONS, "A", NOV, 2),  # 2 and 23 November by A (31 Oct is October's)
        (TargetMetric.CONVERSATIONS, "team", NOV, 4),  # A's two, B's one, V's one
        (TargetMetric.CONVERSATIONS, "V", NOV, 1),
        (TargetMetric.WITH_ABC_PLAN, "A", NOV, 1),  # c1 (c2's goal is only proposed)
        (TargetMetric.WITH_ABC_PLAN, "A", OCT, 1),  # c1's A goal from September
        (TargetMetric.IN_PLACEMENT, "V", NOV, 1),  # V is consultant for c1 only
    ],
)
def test_metric_against_hand_count(team, metric, who, month, expected) -> None:
    session, t, a, b, v = team
    scope = {
        "A": SteeringScope.for_worker(a.id, Role.S),
        "B": SteeringScope.for_worker(b.id, Role.S),
        "V": SteeringScope.for_worker(v.id, Role.VK),
        "team": SteeringScope.for_team(t.id),
    }[who]
    value = metric_value(session, metric, scope, month, TODAY)
    rows = metric_rows(session, metric, scope, month, TODAY)
    assert sum(r.amount for r in rows) == value  # the drill-down is the same query as the number
    if metric is not TargetMetric.ORDINARY_HOURS_TOTAL:
        assert len(rows) == value
    assert value == expected, [r.name for r in rows]


def test_targets_are_read_for_the_scope_owner(team) -> None:
    session, t, a, _, _ = team
    assert targets(session, SteeringScope.for_team(t.id), [NOV, OCT]) == {(NOV, TargetMetric.STARTED): 5}
    assert targets(session, SteeringScope.for_worker(a.id, Role.S), [NOV]) == {}


def test_the_dashboard_history_is_the_month_by_month_metric(team) -> None:
    from stvdesk.db.queries.steering import dashboard
    from stvdesk.domain.targets import last_months

    session, t, _a, _, _ = team
    scope = SteeringScope.for_team(t.id)
    board = dashboard(session, scope, NOV, TODAY)
    months = last_months(NOV, 12)
    for line in board.lines:
        assert len(line.history) == 12 and line.history[-1] == line.actual
        for m in (months[-1], months[-2], months[-4]):
            assert line.history[months.index(m)] == metric_value(session, line.metric, scope, m, TODAY), line.metric
    started = next(line for line in board.lines if line.metric is TargetMetric.STARTED)
    assert started.target == 5 and started.history[-4:] == [3.0, 0.0, 1.0, 3.0]  # Aug c3 c4 c5, Oct c2, Nov
    ready = next(group for group in board.funnel if group.readiness.value == "klar")
    assert ready.citizens == 8 and ready.without_cv == 6  # the team's open cases (not c6, not c9); CV: c1, c2


def test_a_case_that_moves_counts_for_the_new_worker_in_every_month(team) -> None:
    from sqlmodel import select

    session, _, a, b, _ = team
    c8 = session.exec(select(Citizen).where(Citizen.caseworker_id == b.id)).one()
    a_scope, b_scope = SteeringScope.for_worker(a.id, Role.S), SteeringScope.for_worker(b.id, Role.S)
    before = (
        metric_value(session, TargetMetric.STARTED, a_scope, NOV, TODAY),
        metric_value(session, TargetMetric.IN_PLACEMENT, b_scope, NOV, TODAY),
    )
    c8.caseworker_id = a.id
    session.add(c8)
    session.commit()
    assert metric_value(session, TargetMetric.STARTED, a_scope, NOV, TODAY) == before[0] + 1
    assert metric_value(session, TargetMetric.IN_PLACEMENT, b_scope, NOV, TODAY) == before[1] - 1
    # a conversation is work done: B's conversation with c8 stays B's though the case is A's now
    assert metric_value(session, TargetMetric.CONVERSATIONS, b_scope, NOV, TODAY) == 1
    assert metric_value(session, TargetMetric.CONVERSATIONS, a_scope, NOV, TODAY) == 2
