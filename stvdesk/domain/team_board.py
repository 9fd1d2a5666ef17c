"""The team board for the fortnightly cross-team meeting: who is on it, under which industry,
and when a decision taken there falls due.

Source: 000, 4.1 – meetings every 14 days across teams for vulnerable citizens, with concrete
case sparring; 000, 4.4 – match is a shared responsibility of the caseworker (S) and the company
consultant (VK), who meet often and without waiting time. The board puts the ready citizens
without a match beside the open jobs.

- **On the board**: an open case (not closed, not deleted) whose readiness is klar or tæt på
  and who has no match, i.e. no placement that is planned or running (`PlacementStatus`
  PLANNED or ACTIVE, not deleted). A planned placement is a match already made (the company is
  found, only the start is ahead); an ended one is not, so a citizen whose placement ended is
  back on the board. An ordinary job is a placement of kind "ordinært job" and counts the same.
- **Industry**: a citizen stands under the industry of the best company the matching proposes
  (domain/matching.py); without a proposal, under the first industry one of the citizen's goals
  points to (by the goals' weights); else under none.
- **Deadline**: a decision is due by the next meeting, 14 days on (000, 4.1), moved to a working
  day.
- **A company's latest word beside an opening**: the latest contact-log line, marked "før
  jobåbningen" when it is older than the opening (`contact_before_opening`), so "no tasks" said
  in June does not read as the answer to an opening seen in October.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from stvdesk.domain.calendar import next_working_day
from stvdesk.domain.enums import PlacementStatus, Readiness, Role, StepOwner
from stvdesk.domain.matching import DEFAULT_ABC, INDUSTRY_WORDS, AbcSettings, Goal, industry_fit

#: days between two cross-team meetings (000, 4.1: "hver 14. dag")
MEETING_INTERVAL_DAYS = 14
#: the readiness of the citizens the board is for (000, 4.3: klar, tæt på, længere fra)
BOARD_READINESS = (Readiness.READY, Readiness.CLOSE)
#: a placement in one of these is a match: the citizen is not on the board
MATCHED = (PlacementStatus.PLANNED, PlacementStatus.ACTIVE)


def on_board(readiness: Readiness, closed: bool, placements: Iterable[PlacementStatus]) -> bool:
    """Whether a citizen belongs on the board (the module's definition; the query in
    db/queries/team_board.py is its SQL twin, and the tests hold them to each other)."""
    return not closed and readiness in BOARD_READINESS and not any(status in MATCHED for status in placements)


def next_meeting(today: date) -> date:
    """The default deadline of a decision: the next meeting, 14 days on (000, 4.1), on a working day."""
    return next_working_day(today + timedelta(days=MEETING_INTERVAL_DAYS))


def board_industry(
    goals: Sequence[Goal],
    proposed: Sequence[str],
    known: Iterable[str] = (),
    abc: AbcSettings = DEFAULT_ABC,
) -> str:
    """The industry a citizen stands under: the best proposal's (`proposed`, best first); else
    the first of `known` (the team's companies' industries) and the matching's own industries
    that a goal points to, the heaviest goal first; else "" (no industry found)."""
    if proposed:
        return proposed[0]
    industries = list(dict.fromkeys([*known, *(name.capitalize() for name in INDUSTRY_WORDS)]))
    for goal in sorted(goals, key=lambda g: -abc.weights.get(g.kind, 0)):
        for industry in industries:
            if industry and industry_fit(goal.title, industry):
                return industry
    return ""


def industry_key(industry: str) -> str:
    """How industries are grouped: the same word in any case is one industry."""
    return industry.strip().casefold()


def owner_for(role: Role) -> StepOwner | None:
    """Who owns an agreement, by the role of the worker who takes it: S or VK (the meeting's
    two parties, 000 4.4); a leader hands a decision to one of them."""
    return {Role.S: StepOwner.S, Role.VK: StepOwner.VK}.get(role)


def contact_before_opening(last_contact_on: date | None, spotted_on: date) -> bool:
    """Whether the company's latest logged contact is older than the job opening beside it. What
    the company said then ("Ingen ledige opgaver lige nu") was said before the opening was seen,
    so the board says "før jobåbningen" beside it rather than show it as the answer to it."""
    return last_contact_on is not None and last_contact_on < spotted_on
