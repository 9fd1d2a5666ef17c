"""One clock: the app's fixed day and the machine's real clock never meet.

Stored instants are UTC from the app's Clock; what the desk shows is Copenhagen time. The
real clock is moved with time-machine to the awkward moments (just past a UTC midnight that is
already tomorrow in Copenhagen, both DST changes, New Year, a holiday, years away) while the
app's day stays fixed: whatever the desk writes and shows must carry the fixed day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, select
from textual.widgets import DataTable

from stvdesk import clock as clock_module
from stvdesk.app import StvdeskApp
from stvdesk.clock import (
    COPENHAGEN,
    Clock,
    current_clock,
    day_bounds_utc,
    file_stamp,
    format_instant,
    format_stamp,
    local_date,
    use_clock,
)
from stvdesk.db.models import AuditEvent, Note
from stvdesk.domain.calendar import format_date
from tests.conftest import TODAY, make_desk
from tests.ui.helpers import SIZE, settle

# The real clock's awkward moments (UTC). Each is far from the suite's fixed days.
REAL_MOMENTS = {
    "utc-evening-is-copenhagen-tomorrow": datetime(2026, 12, 1, 23, 44, tzinfo=UTC),
    "spring-forward": datetime(2027, 3, 28, 0, 59, 55, tzinfo=UTC),
    "fall-back": datetime(2027, 10, 31, 0, 59, 55, tzinfo=UTC),
    "new-year": datetime(2026, 12, 31, 22, 59, 55, tzinfo=UTC),
    "maundy-thursday": datetime(2027, 3, 25, 8, 0, tzinfo=UTC),
    "years-away": datetime(2031, 7, 15, 12, 0, tzinfo=UTC),
}


def test_a_fixed_day_keeps_the_real_time_of_day() -> None:
    with time_machine.travel(datetime(2027, 6, 1, 7, 15, tzinfo=UTC), tick=False):
        moved = Clock(TODAY)
        assert moved.today() == TODAY
        assert moved.now() == datetime(2026, 11, 24, 9, 15, tzinfo=COPENHAGEN)  # CEST in June, CET on the day
        assert moved.utcnow() == datetime(2026, 11, 24, 8, 15, tzinfo=UTC)
        real = Clock()
        assert real.today() == date(2027, 6, 1) and real.utcnow() == datetime(2027, 6, 1, 7, 15, tzinfo=UTC)


def test_a_stopped_clock_gives_its_instant_and_the_day_in_copenhagen() -> None:
    stopped = Clock(instant=datetime(2026, 11, 30, 23, 44, tzinfo=UTC))
    assert stopped.today() == date(2026, 12, 1)
    assert stopped.utcnow() == datetime(2026, 11, 30, 23, 44, tzinfo=UTC)


def test_a_late_evening_in_utc_is_shown_as_the_next_morning_in_copenhagen() -> None:
    at = datetime(2026, 11, 30, 23, 44)  # noqa: DTZ001 - naive UTC, as SQLite hands it back
    assert format_stamp(at) == "01-12-2026 00:44"
    assert format_instant(at) == "01-12-2026 kl. 00:44"
    assert local_date(at) == date(2026, 12, 1)
    summer = datetime(2027, 7, 1, 22, 30, tzinfo=UTC)
    assert format_stamp(summer) == "02-07-2027 00:30"


def test_file_stamps_are_copenhagen_time_from_the_process_clock() -> None:
    use_clock(Clock(instant=datetime(2026, 12, 31, 23, 30, tzinfo=UTC)))
    assert file_stamp() == "20270101-003000"


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)))  # noqa: DTZ001
def test_a_danish_days_bounds_hold_exactly_the_instants_of_that_day(at: datetime) -> None:
    day = local_date(at)
    start, end = day_bounds_utc(day, day)
    assert start <= at < end
    assert local_date(start) == day and local_date(end) == day + timedelta(days=1)
    assert local_date(start - timedelta(microseconds=1)) == day - timedelta(days=1)
    assert timedelta(hours=23) <= end - start <= timedelta(hours=25)  # DST days are 23 or 25 hours


def test_the_desk_context_makes_its_clock_the_process_clock(demo_db) -> None:
    desk = make_desk(demo_db)
    assert current_clock() == Clock(TODAY)
    desk.clock = Clock(date(2027, 5, 3))
    assert clock_module.utcnow().astimezone(COPENHAGEN).date() == date(2027, 5, 3)
    desk.engine.dispose()


@pytest.mark.parametrize("moment", list(REAL_MOMENTS.values()), ids=list(REAL_MOMENTS))
async def test_what_the_desk_writes_and_shows_carries_the_fixed_day_whatever_the_real_clock(demo_db, moment) -> None:
    """The proof that the suite's fixed day and the machine's clock never meet."""
    with time_machine.travel(moment, tick=True):
        assert date.today() != TODAY  # noqa: TID251, DTZ011 - the real clock really is somewhere else
        desk = make_desk(demo_db)
        app = StvdeskApp(desk)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            await pilot.press("escape")  # the Sagsstamme opens in its search: to the list
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            await pilot.press("8", "n")
            await settle(pilot)
            await pilot.press(*"Samtale om praktik.", "ctrl+s")
            await settle(pilot)
            journal = screen.query_one("#journal-table", DataTable)
            assert str(journal.get_row_at(0)[0]) == format_date(TODAY)
            await pilot.press("9")
            await settle(pilot)
            history = screen.query_one("#historik-table", DataTable)
            shown = [str(history.get_row_at(i)[0]) for i in range(history.row_count)]
            assert shown and shown[0].startswith(format_date(TODAY))
            citizen_id = screen.citizen_id
        with Session(desk.engine) as session:
            events = session.exec(select(AuditEvent).where(AuditEvent.citizen_id == citizen_id)).all()
            notes = session.exec(select(Note).where(Note.text == "Samtale om praktik.")).all()
            assert events and {local_date(e.at) for e in events} == {TODAY}
            assert len(notes) == 1 and local_date(notes[0].written_at) == TODAY
            assert local_date(notes[0].created_at) == TODAY
        desk.engine.dispose()


def test_the_suite_starts_every_test_on_its_fixed_day() -> None:
    assert current_clock() == Clock(TODAY)
    assert clock_module.utcnow().astimezone(COPENHAGEN).date() == TODAY
