"""The rule catalogue (stvdesk.domain.rules): every rule's setting is read where the rule applies.

For each rule of the catalogue a config.toml changes its setting, and the function that applies
the rule (given what the desk hands it: `Settings.method()`, the settings in force) must answer
differently; the catalogue's own value must change too, and name the key the file changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from stvdesk.db.queries.steering import MonthDays
from stvdesk.domain.agenda import at_workplace, placement_follow_up_missing
from stvdesk.domain.cadence import (
    CadenceSettings,
    Situation,
    aftercare_calls,
    employer_aftercare_calls,
    first_conversation,
    next_follow_up,
)
from stvdesk.domain.caseload import band_for, load_level
from stvdesk.domain.company_flags import company_silent
from stvdesk.domain.enums import ContactForm, FollowUpKind, PlacementKind, Role, TargetGroup
from stvdesk.domain.income import BenefitKind, Household, income_at, rates_warning
from stvdesk.domain.matching import CompanyFacts, Goal, Match, score_company
from stvdesk.domain.method import MethodSettings
from stvdesk.domain.phase import PhaseFacts, derive_phase
from stvdesk.domain.placements import past_end_warning, placement_warnings
from stvdesk.domain.rules import LOCAL, NO_SETTING, catalogue, tag
from stvdesk.domain.summer import plan_required, summer_span
from stvdesk.domain.urgency import DEFAULT_WEIGHTS, UrgencyFacts, UrgencyWeights, urgency, warnings
from stvdesk.settings import load_settings

TODAY = date(2026, 11, 24)
START = TODAY - timedelta(weeks=5)  # a placement five weeks in
QUIET = UrgencyFacts(
    next_due=TODAY + timedelta(days=3),
    last_held=TODAY - timedelta(days=2),
    placement_start=None,
    placement_ordinary_hours=0,
    vk_requested_on=None,
    first_vk_meeting_on=None,
    late_sub_goals=0,
)


def _facts(**changes: object) -> UrgencyFacts:
    return UrgencyFacts(**{**QUIET.__dict__, **changes})


def _fired(texts: list[str] | list[tuple[str, float]]) -> set[str]:
    """The rules a list of warnings (or urgency parts) names: the decision, not the wording (which
    says the setting's number and would differ even if the rule ignored it)."""
    words = [text if isinstance(text, str) else text[0] for text in texts]
    return {rule for word in words if "(regel: " in word for rule in word.split("(regel: ")[1].rstrip(").").split(", ")}


def _in_placement(held_on: date, m: MethodSettings) -> date | None:
    proposal = next_follow_up(held_on, Situation(placement_start=START - timedelta(weeks=5)), m.cadence)
    return proposal.due if proposal else None


def _score(match: Match | None) -> int | None:
    return match.score if match else None


def _income(m: MethodSettings, hours: float = 20, wage: float | None = None) -> object:
    """What the income calculator answers for a citizen on kontanthjælp living alone."""
    rates = m.income
    return income_at(hours, rates.hourly_wage if wage is None else wage, BenefitKind.CASH, Household.AWAY, rates)


# rule id → (config.toml that changes its setting, what the code applying the rule answers)
Probe = Callable[[MethodSettings], object]
PROBES: dict[str, tuple[str, Probe]] = {
    "sagsstamme.baand": ("[caseload]\nS = [30, 40]\n", lambda m: load_level(42, band_for(Role.S, m.bands))),
    "opf.foerste_samtale": (
        "[cadence]\nfirst_conversation_days = 14\n",
        lambda m: first_conversation(TODAY, m.cadence).due,
    ),
    "opf.samtale": (
        "[cadence]\nconversation_days = 42\n",
        lambda m: next_follow_up(TODAY, Situation(), m.cadence),
    ),
    "opf.ingen_kontakt": (
        "[cadence]\nconversation_max_days = 60\n",
        lambda m: _fired(warnings(_facts(last_held=TODAY - timedelta(days=50)), TODAY, m.limits)),
    ),
    "opf.forloebsstart": (
        "[cadence]\nplacement_start_days = 14\n",
        lambda m: next_follow_up(TODAY, Situation(placement_start=TODAY - timedelta(days=3)), m.cadence),
    ),
    "opf.start_uger": ("[cadence]\nplacement_start_weeks = 8\n", lambda m: _in_placement(START, m)),
    "opf.hele_forloebet": ("[cadence]\nclose_follow_up_throughout = true\n", lambda m: _in_placement(TODAY, m)),
    "opf.i_forloeb": ("[cadence]\nplacement_days = 21\n", lambda m: _in_placement(TODAY, m)),
    "opf.praktik_maks": (
        "[cadence]\nplacement_max_days = 45\n",
        lambda m: _fired(warnings(_facts(placement_start=TODAY - timedelta(days=40)), TODAY, m.limits)),
    ),
    "vk.ventetid": (
        "[flags]\nvk_wait_days = 30\n",
        lambda m: _fired(warnings(_facts(vk_requested_on=TODAY - timedelta(days=20)), TODAY, m.limits)),
    ),
    "eftervaern.interval": ("[cadence]\naftercare_days = 7\n", lambda m: aftercare_calls(TODAY, m.cadence)),
    "eftervaern.maaneder": ("[cadence]\naftercare_months = 6\n", lambda m: aftercare_calls(TODAY, m.cadence)),
    "eftervaern.virksomhed": (
        "[cadence]\nemployer_aftercare_days = 14\n",
        lambda m: employer_aftercare_calls(TODAY, m.cadence),
    ),
    "forloeb.nul_timer": (
        "[flags]\nzero_ordinary_months = 6\n",
        lambda m: _fired(urgency(_facts(placement_start=TODAY - timedelta(days=130)), TODAY, limits=m.limits).parts),
    ),
    "forloeb.over_slut": (
        "[flags]\npast_end_days = 30\n",
        lambda m: past_end_warning(TODAY - timedelta(days=10), TODAY, m.limits) is None,
    ),
    "praktik.max_uger": (
        "[internship_weeks]\nressourceforloeb = 26\n",
        lambda m: _fired(
            placement_warnings(
                PlacementKind.INTERNSHIP,
                TODAY,
                TODAY + timedelta(weeks=36),
                False,
                target_group=TargetGroup.RESOURCE_COURSE,
                max_weeks=m.internship_weeks,
            )
        ),
    ),
    "praktik.gentaget": (
        "[flags]\nrepeat_internship = false\n",
        lambda m: placement_warnings(
            PlacementKind.INTERNSHIP,
            TODAY,
            None,
            True,
            target_group=TargetGroup.OTHER,
            repeat_warning=m.flags.repeat_internship,
        ),
    ),
    "virksomhed.kontakt": (
        "[flags]\ncompany_contact_days = 60\n",
        lambda m: company_silent(TODAY - timedelta(days=45), TODAY, m.flags.company_contact_days),
    ),
    "sommer.uger": ("[summer]\nweeks = [28, 31]\n", lambda m: summer_span(2027, m.summer)),
    "sommer.varsel": ('[summer]\nflag_from = "01-06"\n', lambda m: plan_required(date(2027, 5, 15), 2027, m.summer)),
    "fase.fastholdelse": (
        "[phase]\nretention_after_weeks = 8\n",
        lambda m: (
            derive_phase(
                PhaseFacts(
                    False, False, False, False, PlacementKind.INTERNSHIP, TODAY - timedelta(weeks=6), 0.0, False
                ),
                TODAY,
                m.phase,
            ).phase
        ),
    ),
    "styring.fastholdt": (
        "[phase]\nretained_after_months = 6\n",
        lambda m: MonthDays.of(TODAY, TODAY, m.phase.retained_after_months).earlier_first,
    ),
    "abc.betydning": ('[abc]\nmeaning = { A = "det store mål" }\n', lambda m: m.abc.label("A")),
    "abc.vaegte": (
        "[abc]\nweights = { A = 5 }\n",
        lambda m: _score(score_company((Goal("A", "Kok"),), CompanyFacts(industry="Hotel og restauration"), m.abc)),
    ),
    "indkomst.aar": ("[indkomst]\naar = 2027\n", lambda m: rates_warning(m.income, date(2027, 1, 4))),
    "indkomst.ydelse": ("[indkomst]\nydelse = { kontanthjaelp = { udeboende = 12000 } }\n", lambda m: _income(m, 0)),
    "indkomst.fribeloeb": ("[indkomst]\nfribeloeb_pr_time = 40\n", lambda m: _income(m, wage=150)),
    "indkomst.feriepenge": ("[indkomst]\nferiepenge_pct = 0\n", lambda m: _income(m, wage=150)),
    "indkomst.uger": ("[indkomst]\nuger_pr_maaned = 4.33333\n", lambda m: _income(m, wage=150)),
    "indkomst.timeloen": ("[indkomst]\ntimeloen = 160\n", _income),
    "haster.ingen_plan": (
        "[urgency]\nno_follow_up_planned = 40\n",
        lambda m: urgency(_facts(next_due=None), TODAY, m.urgency).total,
    ),
    "haster.forfalden": (
        "[urgency]\nper_day_overdue = 3\n",
        lambda m: urgency(_facts(next_due=TODAY - timedelta(days=10)), TODAY, m.urgency).total,
    ),
    "haster.venter_vk": (
        "[urgency]\nper_day_waiting_for_vk = 2\n",
        lambda m: urgency(_facts(vk_requested_on=TODAY - timedelta(days=5)), TODAY, m.urgency).total,
    ),
    "haster.delmaal": (
        "[urgency]\nper_late_sub_goal = 8\n",
        lambda m: urgency(_facts(late_sub_goals=2), TODAY, m.urgency).total,
    ),
    "haster.praktik_opf": (
        "[urgency]\nplacement_without_follow_up = 12\n",
        lambda m: urgency(_facts(placement_start=START, placement_ordinary_hours=4), TODAY, m.urgency).total,
    ),
    "haster.nul_timer": (
        "[urgency]\nzero_ordinary_hours = 50\n",
        lambda m: (
            urgency(
                _facts(placement_start=TODAY - timedelta(days=130), last_at_workplace=TODAY - timedelta(days=5)),
                TODAY,
                m.urgency,
            ).total
        ),
    ),
    "haster.ingen_kontakt": (
        "[urgency]\nno_contact_6_weeks = 4\n",
        lambda m: urgency(_facts(last_held=TODAY - timedelta(days=50)), TODAY, m.urgency).total,
    ),
}
# Rules that apply what a user marks by hand: no config.toml key changes them, and the catalogue
# says so instead of naming a setting (the flag itself: tests/db/test_companies.py).
USER_SET = {"virksomhed.gammel_aftale"}


def _settings(tmp_path: Path, text: str) -> MethodSettings:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    return load_settings(config, env={}).method()


def test_every_rule_has_a_probe_and_a_danish_entry() -> None:
    rules = catalogue()
    assert len({rule.id for rule in rules}) == len(rules)
    assert {rule.id for rule in rules} == set(PROBES) | USER_SET
    assert {rule.id for rule in rules if rule.setting == NO_SETTING} == USER_SET
    for rule in rules:
        assert rule.name and rule.value and rule.setting
        assert rule.source.startswith(("000", "002", LOCAL)), rule
        assert not rule.changed


@pytest.mark.parametrize("rule_id", sorted(PROBES))
def test_changing_the_setting_changes_what_the_rule_answers(rule_id: str, tmp_path: Path) -> None:
    toml, probe = PROBES[rule_id]
    default, changed = MethodSettings(), _settings(tmp_path, toml)
    assert probe(default) != probe(changed), rule_id
    [before] = [rule for rule in catalogue(default) if rule.id == rule_id]
    [after] = [rule for rule in catalogue(changed) if rule.id == rule_id]
    assert after.value != before.value and after.changed
    table, key = toml.split("]")[0].strip("["), toml.split("\n")[1].split("=")[0].strip()
    assert f"{table}.{key}" in after.setting or f"{table}.<" in after.setting, (after.setting, table, key)


def test_a_rule_set_by_the_user_follows_no_setting(tmp_path: Path) -> None:
    """A rule without a setting is one no config.toml changes: every probe's file at once leaves
    its catalogue entry as it is."""
    tables: dict[str, list[str]] = {}
    for toml, _ in PROBES.values():
        header, *lines = toml.splitlines()
        tables.setdefault(header, []).extend(lines)
    changed = _settings(tmp_path, "\n".join(line for header, lines in tables.items() for line in (header, *lines)))
    for rule in catalogue(changed):
        assert (rule.id in USER_SET) != rule.changed, rule.id


def test_the_numbers_the_reports_do_not_give_are_local_settings() -> None:
    """000 (ch. 4) and 002 (ch. 5) give no waiting days for the VK (000, 4.1/4.4 say only "ingen
    ventetid"), no months without ordinary hours, no aftercare period (002, Efterværn: "i en
    periode"), no summer weeks or flag day (000, 4.1: a plan over the summer holiday), no weeks
    before retention, no meaning or weight of A/B/C, no praktik length: each is "lokal indstilling"."""
    local = {rule.id for rule in catalogue() if rule.source.startswith(LOCAL)}
    assert {
        "vk.ventetid",
        "forloeb.nul_timer",
        "eftervaern.interval",
        "eftervaern.maaneder",
        "eftervaern.virksomhed",
        "sommer.uger",
        "sommer.varsel",
        "fase.fastholdelse",
        "styring.fastholdt",
        "abc.betydning",
        "abc.vaegte",
        "praktik.max_uger",
        "opf.start_uger",
        "forloeb.over_slut",
    } <= local
    seeded = {rule.id: rule.source for rule in catalogue() if not rule.source.startswith(LOCAL)}
    assert seeded["sagsstamme.baand"].startswith("000, 4.7 SPOR 3")
    assert seeded["opf.samtale"].startswith("002, efter tabel 5-1")
    assert seeded["opf.praktik_maks"].startswith("000, 4.6")


def test_the_monthly_placement_follow_up_is_one_at_the_workplace() -> None:
    """000, 4.6: "Praktikopfølgninger hver måned" (and 4.7 SPOR 2: "hyppig opfølgning (min.
    månedlig)"): a phone call or a conversation does not clear it, a praktikopfølgning at the
    company does; it counts from the placement's start before the first one."""
    assert at_workplace(FollowUpKind.PLACEMENT_FOLLOW_UP, ContactForm.COMPANY_VISIT)
    assert at_workplace(FollowUpKind.PLACEMENT_FOLLOW_UP, None)
    assert not at_workplace(FollowUpKind.PLACEMENT_FOLLOW_UP, ContactForm.PHONE)
    assert not at_workplace(FollowUpKind.PHONE, ContactForm.PHONE)
    assert not at_workplace(FollowUpKind.CONVERSATION, ContactForm.IN_PERSON)
    started = TODAY - timedelta(days=60)
    called_yesterday = _facts(placement_start=started, last_held=TODAY - timedelta(days=1))
    assert any("(regel: Uden praktikopfølgning)" in w for w in warnings(called_yesterday, TODAY))
    visited = _facts(placement_start=started, last_at_workplace=TODAY - timedelta(days=20))
    assert not any("(regel: Uden praktikopfølgning)" in w for w in warnings(visited, TODAY))
    assert not placement_follow_up_missing(TODAY - timedelta(days=10), None, TODAY)  # a new placement


def test_close_follow_up_can_run_through_the_whole_placement() -> None:
    """002, after table 5-1: "opfølgningen intensiveres ifm. virksomhedsplacering, hvor der ofte er
    opfølgning på ugebasis eller hver 14. dag" – a jobcentre may keep that cadence for the whole
    placement instead of its first weeks."""
    ten_weeks_in = Situation(placement_start=TODAY - timedelta(weeks=10))
    monthly = next_follow_up(TODAY, ten_weeks_in)
    fortnightly = next_follow_up(
        TODAY, ten_weeks_in, CadenceSettings(placement_start_days=14, close_follow_up_throughout=True)
    )
    assert monthly is not None and fortnightly is not None
    assert (monthly.due - TODAY).days >= 28 and 14 <= (fortnightly.due - TODAY).days < 17
    assert "hele forløbet" in fortnightly.rule


def test_a_placement_past_its_planned_end_is_flagged_with_its_rule() -> None:
    """DESIGN, "Ordinary hours from the start" (000, 4.6): a placement still running past its
    planned end is flagged; the grace in days is a local setting."""
    warning = past_end_warning(TODAY - timedelta(days=3), TODAY)
    assert warning is not None and "(regel: Over planlagt slut)" in warning and "3 dage" in warning
    assert past_end_warning(TODAY, TODAY) is None and past_end_warning(None, TODAY) is None
    running_late = _facts(placement_start=TODAY - timedelta(days=10), placement_planned_end=TODAY - timedelta(days=1))
    assert any("(regel: Over planlagt slut)" in w for w in warnings(running_late, TODAY))


def test_every_urgency_weight_has_its_own_rule_and_every_part_names_it() -> None:
    """The urgency score's points are local settings ([urgency]): each weight is a catalogue entry
    of its own (haster.*), and each part of a score names the haster.* rule whose weight gave its
    points – doubling that weight moves that part and no other."""
    haster = {rule.id: rule for rule in catalogue() if rule.id.startswith("haster.")}
    named = {key.strip() for rule in haster.values() for key in rule.setting.split(",")}
    assert named == {f"urgency.{weight.name}" for weight in fields(UrgencyWeights)}
    assert all(rule.source.startswith(LOCAL) for rule in haster.values())
    everything = _facts(
        next_due=TODAY - timedelta(days=10),
        last_held=None,
        placement_start=TODAY - timedelta(days=130),
        vk_requested_on=TODAY - timedelta(days=5),
        late_sub_goals=2,
    )
    seen = set()
    for facts in (everything, _facts(next_due=None)):
        before = urgency(facts, TODAY).parts
        for n, (label, points) in enumerate(before):
            # the weight's rule as a text names it (`tag`), whatever the rendering
            [rule_id] = [rule for rule in haster if tag(rule).removeprefix("(regel: ").rstrip(")") in label]
            seen.add(rule_id)
            rate = haster[rule_id].setting.split(",")[0].strip().removeprefix("urgency.")
            doubled = replace(DEFAULT_WEIGHTS, **{rate: getattr(DEFAULT_WEIGHTS, rate) * 2})
            after = urgency(facts, TODAY, doubled).parts
            assert after[n] == (label, points * 2), rule_id
            assert after[:n] + after[n + 1 :] == before[:n] + before[n + 1 :], rule_id
    assert seen == set(haster)


def test_urgency_reads_the_months_without_ordinary_hours_from_the_settings() -> None:
    """000, 4.6: "Afslut praktik, hvis virksomheden ikke vil lønne for opgaver, der bliver løst" –
    the months before the flag are the local setting flags.zero_ordinary_months, the same for the
    urgency score as for the company flags."""
    four_months = _facts(placement_start=TODAY - timedelta(days=125))
    default = [label for label, _ in urgency(four_months, TODAY).parts]
    assert any("(regel: Uden ordinære timer" in label for label in default)
    six = MethodSettings(flags=MethodSettings().flags.__class__(zero_ordinary_months=6)).limits
    assert not any("(regel: Uden ordinære timer" in label for label, _ in urgency(four_months, TODAY, limits=six).parts)


def test_quick_action_on_agreements_cites_spor_1() -> None:
    """000, 4.7 SPOR 1: "hurtig handling ift. aftaler med borger" (not 4.2, which is belief)."""
    import stvdesk.domain.urgency as module

    assert module.__doc__ is not None
    assert "000, 4.7 SPOR 1" in module.__doc__ and "(000, 4.2)" not in module.__doc__
