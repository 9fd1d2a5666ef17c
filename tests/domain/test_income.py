"""Hvad giver ordinære timer? (002, tabel 5-1: hjælp til at beregne indkomst; the rates are a local
setting, satser <år>). Worked examples with the arithmetic written out, and the properties a
citizen must be able to rely on: more hours never give less, the benefit is never negative, and at
0 hours the total is the benefit."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stvdesk.domain.enums import TargetGroup
from stvdesk.domain.income import (
    LEFT_OUT,
    BenefitKind,
    Household,
    IncomeRates,
    benefit_age_note,
    benefit_kind_for,
    estimate_note,
    income_at,
    income_ladder,
    parse_ladder,
    parse_wage,
    rates_warning,
)
from stvdesk.domain.parse import ParseError

# Round rates, so the arithmetic below can be checked by hand.
ROUND = IncomeRates(
    year=2026,
    benefits={BenefitKind.CASH: {Household.AWAY: 12_000.0, Household.PROVIDER: 16_000.0}},
    disregard_per_hour=30.0,
    holiday_pay_pct=0.0,
    weeks_per_month=4.0,
    hourly_wage=150.0,
)


def test_the_benefit_falls_by_the_wage_less_the_disregard_krone_for_krone() -> None:
    # 10 hours a week × 4 weeks = 40 hours a month
    # wage       = 40 × 150 kr.            = 6.000 kr.
    # disregard  = 40 × 30 kr. (fribeløb)  = 1.200 kr.
    # deduction  = 6.000 − 1.200           = 4.800 kr.
    # benefit    = 12.000 − 4.800          = 7.200 kr.
    # total      = 6.000 + 7.200           = 13.200 kr., 1.200 kr. more than today's 12.000
    month = income_at(10, 150, BenefitKind.CASH, Household.AWAY, ROUND)
    assert (month.wage, month.benefit, month.total, month.difference) == (6_000, 7_200, 13_200, 1_200)


def test_a_provider_keeps_more_benefit_at_the_same_hours() -> None:
    # 20 hours × 4 = 80 hours; wage 80 × 150 = 12.000; disregard 80 × 30 = 2.400
    # deduction 12.000 − 2.400 = 9.600; benefit 16.000 − 9.600 = 6.400; total 18.400 (+2.400)
    month = income_at(20, 150, BenefitKind.CASH, Household.PROVIDER, ROUND)
    assert (month.wage, month.benefit, month.total, month.difference) == (12_000, 6_400, 18_400, 2_400)


def test_past_the_point_where_the_benefit_is_used_up_the_wage_is_all() -> None:
    # 30 hours × 4 = 120 hours; wage 18.000; disregard 3.600; deduction 14.400 > 12.000
    # benefit 0; total 18.000 (+6.000)
    month = income_at(30, 150, BenefitKind.CASH, Household.AWAY, ROUND)
    assert (month.wage, month.benefit, month.total, month.difference) == (18_000, 0, 18_000, 6_000)


def test_holiday_pay_is_on_top_of_the_wage() -> None:
    # 10 hours × 4 = 40 hours; wage 40 × 150 × 1,125 = 6.750; disregard 1.200
    # deduction 5.550; benefit 12.000 − 5.550 = 6.450; total 13.200: the same as without holiday
    # pay while the benefit is not used up (each krone more of wage is a krone less of benefit)
    rates = IncomeRates(benefits=ROUND.benefits, disregard_per_hour=30.0, holiday_pay_pct=12.5, weeks_per_month=4.0)
    month = income_at(10, 150, BenefitKind.CASH, Household.AWAY, rates)
    assert (month.wage, month.benefit, month.total) == (6_750, 6_450, 13_200)


def test_the_default_rates_at_37_hours() -> None:
    # 37 × 4,33 = 160,21 hours; wage 160,21 × 145 × 1,125 = 26.134,26 → 26.134 kr.
    # disregard 160,21 × 35 = 5.607,35; deduction 20.526,91 > 13.200: no benefit left
    month = income_at(37, 145, BenefitKind.CASH, Household.AWAY, IncomeRates())
    assert (month.wage, month.benefit, month.total, month.difference) == (26_134, 0, 26_134, 12_934)


def test_a_ladder_gives_one_row_a_month_from_the_first() -> None:
    # 5, 10, 15 hours: wages 3.000, 6.000, 9.000; disregards 600, 1.200, 1.800
    # benefits 12.000 − 2.400 = 9.600, − 4.800 = 7.200, − 7.200 = 4.800
    # totals 12.600, 13.200, 13.800: each step of 5 hours adds 20 × 30 = 600 kr. (the fribeløb)
    rows = income_ladder((5, 10, 15), 150, BenefitKind.CASH, Household.AWAY, ROUND, date(2026, 11, 24))
    assert [r.month for r in rows] == [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)]
    assert [r.benefit for r in rows] == [9_600, 7_200, 4_800]
    assert [r.total for r in rows] == [12_600, 13_200, 13_800]
    assert [r.difference for r in rows] == [600, 1_200, 1_800]


def test_a_benefit_kind_or_household_without_a_rate_counts_as_none() -> None:
    month = income_at(10, 150, BenefitKind.EDUCATION, Household.AT_HOME, ROUND)
    assert (month.wage, month.benefit, month.total, month.difference) == (6_000, 0, 6_000, 6_000)


@pytest.mark.parametrize(
    ("group", "age", "kind"),
    [
        (TargetGroup.CASH_BENEFIT, 25, BenefitKind.CASH),
        (TargetGroup.EDUCATION_BENEFIT, 35, BenefitKind.EDUCATION),
        (TargetGroup.RESOURCE_COURSE, 40, BenefitKind.RESOURCE),
        (TargetGroup.JOB_CLARIFICATION, 50, BenefitKind.RESOURCE),
        (TargetGroup.OTHER, 30, BenefitKind.CASH),
        (TargetGroup.OTHER, 29, BenefitKind.EDUCATION),
    ],
)
def test_the_proposed_benefit_kind_follows_the_target_group(group: TargetGroup, age: int, kind: BenefitKind) -> None:
    assert benefit_kind_for(group, age) is kind


def test_rates_for_another_age_than_the_citizens_are_named() -> None:
    # Kontanthjælp's rates here are those of 30 and over; uddannelseshjælp's are for under 30.
    assert "under 30 år har lavere satser" in (benefit_age_note(BenefitKind.CASH, 25) or "")
    assert benefit_age_note(BenefitKind.CASH, 30) is None
    assert benefit_age_note(BenefitKind.EDUCATION, 29) is None
    assert "under 30 år" in (benefit_age_note(BenefitKind.EDUCATION, 30) or "")
    assert benefit_age_note(BenefitKind.RESOURCE, 20) is None


def test_rates_of_an_earlier_year_are_warned_of_by_the_clock_given() -> None:
    rates = IncomeRates(year=2026)
    assert rates_warning(rates, date(2026, 12, 31)) is None
    warning = rates_warning(rates, date(2027, 1, 1))
    assert warning is not None and "2026" in warning and "2027" in warning and "(regel: Satsernes år)" in warning
    assert rates.label == "satser 2026, lokal indstilling"


def test_the_note_says_it_is_an_estimate_with_the_rates_year() -> None:
    rows = income_ladder((10,), 150, BenefitKind.CASH, Household.AWAY, ROUND, date(2026, 11, 24))
    note = estimate_note(rows, 150, BenefitKind.CASH, Household.AWAY, ROUND, warning="Satserne er gamle.")
    lines = note.splitlines()
    assert lines[0] == "Skøn: indkomst ved ordinære timer (satser 2026, lokal indstilling)."
    assert "I dag (0 ordinære timer): 12.000 kr. om måneden." in lines
    assert "november 2026: 10 timer/uge: løn 6.000 kr. + ydelse 7.200 kr. = 13.200 kr. (+1.200 kr.)" in lines
    assert LEFT_OUT in lines and lines[-1] == "Satserne er gamle."


def test_typed_ladders_and_wages() -> None:
    assert parse_ladder("15 20 25") == (15.0, 20.0, 25.0)
    assert parse_ladder("15, 20, 25") == parse_ladder("15;20;25") == (15.0, 20.0, 25.0)
    assert parse_ladder("7,5 10") == (7.5, 10.0)
    assert parse_ladder("  ") == ()
    assert parse_wage("152,50") == 152.5 and parse_wage("145 kr.") == 145.0
    for bad in ("15 tyve", "40"):
        with pytest.raises(ParseError, match=r"timerne pr\. uge"):
            parse_ladder(bad)
    for bad in ("", "gratis", "0", "99999"):
        with pytest.raises(ParseError, match="Timeløn"):
            parse_wage(bad)


money = st.floats(min_value=0, max_value=30_000, allow_nan=False)
hours = st.floats(min_value=0, max_value=37, allow_nan=False)
rates_strategy = st.builds(
    IncomeRates,
    benefits=st.builds(
        lambda amount: {kind: dict.fromkeys(Household, amount) for kind in BenefitKind},
        money,
    ),
    disregard_per_hour=st.floats(min_value=0, max_value=200, allow_nan=False),
    holiday_pay_pct=st.floats(min_value=0, max_value=50, allow_nan=False),
    weeks_per_month=st.floats(min_value=4, max_value=4.5, allow_nan=False),
)


@settings(max_examples=300)
@given(
    rates=rates_strategy,
    wage=st.floats(min_value=1, max_value=2_000, allow_nan=False),
    low=hours,
    high=hours,
    kind=st.sampled_from(BenefitKind),
    household=st.sampled_from(Household),
)
def test_more_hours_never_give_less_and_the_benefit_is_never_negative(
    rates: IncomeRates, wage: float, low: float, high: float, kind: BenefitKind, household: Household
) -> None:
    low, high = sorted((low, high))
    fewer = income_at(low, wage, kind, household, rates)
    more = income_at(high, wage, kind, household, rates)
    assert more.total >= fewer.total
    for month in (fewer, more):
        assert 0 <= month.benefit
        assert month.wage + month.benefit == month.total
        assert month.difference >= 0


@given(rates=rates_strategy, wage=st.floats(min_value=1, max_value=2_000, allow_nan=False))
def test_at_no_hours_the_total_is_the_benefit(rates: IncomeRates, wage: float) -> None:
    month = income_at(0, wage, BenefitKind.CASH, Household.AWAY, rates)
    assert month.wage == 0 and month.difference == 0
    assert month.total == month.benefit
    assert abs(month.total - rates.benefit(BenefitKind.CASH, Household.AWAY)) <= 0.5
