"""What a user reads of the method's rules: each rule's short Danish name, never its id.

Warnings and flags name their rule (`tag`) so that it can be looked up; the id (`praktik.max_uger`)
is for config.toml, `stvdesk regler` and help's Metoderegler page, not for a warning line.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from stvdesk.domain.enums import PlacementKind, TargetGroup
from stvdesk.domain.matching import CompanyFacts, Goal, score_company
from stvdesk.domain.numbers import counted
from stvdesk.domain.placements import past_end_warning, placement_warnings
from stvdesk.domain.rules import INTERNSHIP_MAX_WEEKS, catalogue, short_name, tag

START = date(2026, 3, 2)
RULE_ID = re.compile(r"\b[a-z]+\.[a-z_]+\b")


def test_every_rule_has_a_danish_short_name_of_its_own() -> None:
    rules = catalogue()
    names = [rule.short for rule in rules]
    assert all(rule.short != rule.id for rule in rules), [rule.id for rule in rules if rule.short == rule.id]
    assert len(set(names)) == len(names)  # a name finds one rule on the Metoderegler page
    assert not [name for name in names if RULE_ID.search(name)]
    assert all(len(name) <= 36 for name in names)  # short enough for a warning line at 80 columns


def test_a_warning_names_its_rule_in_danish_not_by_id() -> None:
    assert tag(INTERNSHIP_MAX_WEEKS) == "(regel: Længste praktik)"
    [too_long] = placement_warnings(
        PlacementKind.INTERNSHIP, START, START + timedelta(weeks=14), False, target_group=TargetGroup.CASH_BENEFIT
    )
    late = past_end_warning(START, START + timedelta(days=30))
    for warning in (too_long, late):
        assert warning is not None and "(regel: " in warning
        assert not RULE_ID.search(warning), warning  # neither the rule's id nor a setting's key
    assert short_name(INTERNSHIP_MAX_WEEKS) in too_long and "kontanthjælp" in too_long


def test_counts_take_the_noun_in_singular_or_plural() -> None:
    assert counted(1, "borger", "borgere") == "1 borger"
    assert counted(3, "borger", "borgere") == "3 borgere"
    assert counted(0, "guidefil", "guidefiler") == "0 guidefiler"
    goals = (Goal("C", "Lagermedarbejder"),)
    one = score_company(goals, CompanyFacts("Lager", placements_hosted=1, citizens_given_ordinary_hours=1))
    two = score_company(goals, CompanyFacts("Lager", placements_hosted=2, citizens_given_ordinary_hours=2))
    assert one is not None and two is not None
    assert "Har haft 1 borger i forløb" in one.reasons and "Har givet ordinære timer til 1 borger" in one.reasons
    assert "Har haft 2 borgere i forløb" in two.reasons
    assert not any("(e)" in reason for reason in one.reasons + two.reasons)
