from pathlib import Path

import pytest

from stvdesk.domain.caseload import Band
from stvdesk.domain.enums import Role, TargetGroup
from stvdesk.settings import SettingsError, load_settings


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.toml", env={})
    assert settings.db is None and settings.bands[Role.S] == Band(30, 45)  # 000, 4.7 SPOR 3


def test_file_then_environment(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'db = "/x.sqlite"\nworker = "KB"\n[caseload]\nS = [30, 40]\n[urgency]\nper_day_overdue = 3\n'
        "[cadence]\nconversation_days = 42\n",
        encoding="utf-8",
    )
    settings = load_settings(path, env={"STVDESK_DB": "/y.sqlite"})
    assert settings.db == "/y.sqlite" and settings.worker == "KB"
    assert settings.bands[Role.S] == Band(30, 40) and settings.bands[Role.VK] == Band(30, 45)
    assert settings.urgency.per_day_overdue == 3 and settings.cadence.conversation_days == 42


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("[caseload]\nS = [50, 40]\n", "min skal være"),
        ("[caseload]\nBOSS = [1, 2]\n", "rolle"),
        ("[urgency]\nfoo = 1\n", "findes ikke"),
        ("[urgency]\nper_day_overdue = -1\n", "≥ 0"),
        ("[cadence]\nweekly = 7\n", "findes ikke"),
        ("db = \n", "kan ikke læses"),
        ('[taster]\n"caseload.search" = "ctrl+foo"\n', '"ctrl+foo" er ikke en tast'),
        ('[taster]\n"caseload.search" = "hyp+f"\n', "er ikke en tast"),
        ('[taster]\n"caseload.search" = 6\n', "skal være en tast"),
        ('[taster]\n"caseload.search" = []\n', "skal være en tast"),
        ('[taster]\nsearch = "ctrl+f"\n', "taste-id"),
        ('taster = "ctrl+f"\n', "[taster] skal være en tabel"),
        ("[flags]\nrepeat_internship = 1\n", "true eller false"),
        ("[cadence]\nclose_follow_up_throughout = 1\n", "true eller false"),
        ("[summer]\nweeks = [32, 27]\n", "summer.weeks"),
        ('[summer]\nflag_from = "31-02"\n', "summer.flag_from"),
        ("[summer]\nfirst = 27\n", "findes ikke"),
        ("[phase]\nretention_after_weeks = -2\n", "≥ 0"),
        ('[abc]\nmeaning = { D = "x" }\n', "A, B og C"),
        ("[abc]\nweights = { A = 1.5 }\n", "helt tal"),
        ("[internship_weeks]\nflexjob = 13\n", "findes ikke"),
        ('[internship_weeks]\nkontanthjaelp = "13"\n', "helt antal uger"),
        ("[indkomst]\naar = 26\n", "indkomst.aar skal være det år"),
        ('[indkomst]\nfribeloeb_pr_time = "35"\n', "indkomst.fribeloeb_pr_time skal være et tal fra 0 til 1.000"),
        ("[indkomst]\nferiepenge_pct = 125\n", "indkomst.feriepenge_pct skal være et tal fra 0 til 50"),
        ("[indkomst]\nuger_pr_maaned = 52\n", "uger, fx 4,33"),
        ("[indkomst]\nloen = 145\n", "indkomst.loen findes ikke"),
        ("[indkomst.ydelse.flexjob]\nforsoerger = 1\n", "indkomst.ydelse.flexjob findes ikke"),
        ("[indkomst.ydelse.kontanthjaelp]\ngift = 1\n", "forsoerger, udeboende, hjemmeboende"),
        ("[indkomst.ydelse.kontanthjaelp]\nforsoerger = -5\n", "beløb i kr. pr. måned"),
    ],
)
def test_broken_config_says_what_is_wrong_in_danish(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings(path, env={})
    assert fragment in str(info.value) and str(path) in str(info.value)


def test_cadence_per_team(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[cadence]\nconversation_days = 35\n[cadence.team."Team Vest"]\nplacement_days = 21\n', encoding="utf-8"
    )
    settings = load_settings(path, env={})
    vest = settings.cadence_for("Team Vest")
    assert vest.placement_days == 21 and vest.conversation_days == 35
    assert (
        settings.cadence_for("Team Øst").conversation_days == 35
        and settings.cadence_for("Team Øst").placement_days == 28
    )
    path.write_text('[cadence.team."Team Vest"]\nugentlig = 7\n', encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings(path, env={})
    assert "Team Vest" in str(info.value) and "findes ikke" in str(info.value)


def test_taster_remaps_keys_by_binding_id(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[taster]\n"caseload.search" = "ctrl+f"\n"app.agenda" = ["F5", "shift+ctrl+k"]\n"meeting.next" = "/,?"\n',
        encoding="utf-8",
    )
    settings = load_settings(path, env={})
    # as Textual names keys: modifiers in its order, punctuation by name
    assert settings.keys == {
        "caseload.search": "ctrl+f",
        "app.agenda": "f5,ctrl+shift+k",
        "meeting.next": "slash,question_mark",
    }
    assert settings.source == path


def test_the_rules_settings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "[flags]\nvk_wait_days = 21\nrepeat_internship = false\n"
        '[summer]\nweeks = [28, 31]\nflag_from = "15-04"\n'
        "[phase]\nretention_after_weeks = 6\n"
        '[abc]\nmeaning = { A = "drømmen" }\nweights = { B = 4 }\n'
        "[internship_weeks]\nressourceforloeb = 26\n",
        encoding="utf-8",
    )
    method = load_settings(path, env={}).method()
    assert method.limits.vk_wait_days == 21 and not method.flags.repeat_internship
    assert (method.summer.first_week, method.summer.last_week) == (28, 31)
    assert (method.summer.flag_from_day, method.summer.flag_from_month) == (15, 4)
    assert method.phase.retention_after_weeks == 6
    assert method.abc.meaning["A"] == "drømmen" and method.abc.meaning["C"] == "et job, der kan fås nu"
    assert method.abc.weights == {"C": 3, "B": 4, "A": 1}
    assert method.internship_weeks[TargetGroup.RESOURCE_COURSE] == 26
    assert method.internship_weeks[TargetGroup.CASH_BENEFIT] == 13


def test_income_rates_from_the_file(tmp_path: Path) -> None:
    """[indkomst]: the rates of the income calculator, with their year (a local setting)."""
    from stvdesk.domain.income import BenefitKind, Household, IncomeRates

    path = tmp_path / "config.toml"
    path.write_text(
        "[indkomst]\naar = 2027\nfribeloeb_pr_time = 36.5\ntimeloen = 150\n"
        "[indkomst.ydelse.uddannelseshjaelp]\nhjemmeboende = 4700\n",
        encoding="utf-8",
    )
    rates = load_settings(path, env={}).income
    assert (rates.year, rates.disregard_per_hour, rates.hourly_wage) == (2027, 36.5, 150.0)
    assert rates.benefit(BenefitKind.EDUCATION, Household.AT_HOME) == 4700
    default = IncomeRates()
    assert rates.benefit(BenefitKind.CASH, Household.PROVIDER) == default.benefit(BenefitKind.CASH, Household.PROVIDER)
    assert rates.holiday_pay_pct == default.holiday_pay_pct
    assert load_settings(path, env={}).method().income == rates
