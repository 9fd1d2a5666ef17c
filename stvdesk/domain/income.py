"""Hvad giver ordinære timer? The citizen's income per month at N ordinary (paid) hours a week.

002, tabel 5-1 (Etablering af match og ordinære timer): "hjælp til beregning af indtægt ved
ordinære timer". The report gives no rates: the benefit per month, the disregard per hour worked
(fribeløb), the holiday pay, the weeks of a month and the hourly wage assumed where none is
known are `IncomeRates`, the local setting `[indkomst]` of config.toml, with the year they hold
for ("satser <år>, lokal indstilling"). The answer is an estimate and is always called one
("Skøn"); the desk warns when the rates are older than the current year (`rates_warning`).

The rule, kept simple and said here in full:

- hours a month = hours a week × weeks a month
- wage = hours a month × hourly wage × (1 + holiday pay %), the holiday pay averaged over the year
  (it is deducted from the benefit when it is paid out, which evens out over the year)
- disregard = hours a month × fribeløb per hour worked
- benefit = the month's full amount for the benefit kind and household, less (wage − disregard)
  krone for krone, never below 0
- total = wage + benefit; the difference is the total less the total today, at 0 ordinary hours.

Every figure is before tax and labour-market contribution (AM-bidrag), whole kroner. Left out,
and said so where the figure is shown: a spouse's or partner's income, housing benefit, special
support (særlig støtte) and other income.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from stvdesk.domain.calendar import MONTHS, add_months, month_start
from stvdesk.domain.enums import Labelled, TargetGroup
from stvdesk.domain.numbers import format_hours, format_number
from stvdesk.domain.parse import ParseError, parse_hours

#: The rule ids of the catalogue (domain/rules.py) that the calculator applies.
RATES_YEAR = "indkomst.aar"
BENEFITS = "indkomst.ydelse"
DISREGARD = "indkomst.fribeloeb"
HOLIDAY_PAY = "indkomst.feriepenge"
WEEKS_PER_MONTH = "indkomst.uger"
HOURLY_WAGE = "indkomst.timeloen"

ESTIMATE = "Skøn"
#: What the figure leaves out, shown beside it.
LEFT_OUT = "Før skat og AM-bidrag. Partnerens indtægt, boligstøtte og særlig støtte er ikke regnet med."


class BenefitKind(Labelled):
    """The benefit whose amount the wage is deducted from (codes are the keys of [indkomst.ydelse])."""

    CASH = ("kontanthjaelp", "Kontanthjælp (30 år og derover)")
    EDUCATION = ("uddannelseshjaelp", "Uddannelseshjælp (under 30 år)")
    RESOURCE = ("ressourceforloebsydelse", "Ressourceforløbsydelse")


class Household(Labelled):
    """What the benefit's amount depends on beside its kind (codes are the keys under each kind)."""

    PROVIDER = ("forsoerger", "Forsørger (har børn)")
    AWAY = ("udeboende", "Ikke forsørger, bor for sig selv")
    AT_HOME = ("hjemmeboende", "Ikke forsørger, bor hjemme")


def _default_benefits() -> dict[BenefitKind, dict[Household, float]]:
    # Estimates of the 2026 monthly amounts, rounded to hundreds: a jobcentre sets its own.
    over_30 = {Household.PROVIDER: 17_600.0, Household.AWAY: 13_200.0, Household.AT_HOME: 13_200.0}
    return {
        BenefitKind.CASH: dict(over_30),
        BenefitKind.EDUCATION: {Household.PROVIDER: 13_000.0, Household.AWAY: 9_500.0, Household.AT_HOME: 4_500.0},
        BenefitKind.RESOURCE: dict(over_30),
    }


@dataclass(frozen=True)
class IncomeRates:
    """The rates of the calculator: local setting [indkomst] ("satser <år>, lokal indstilling").

    The defaults are estimates of 2026 figures, not the law's: each jobcentre writes its own
    (README, "Hvad giver ordinære timer?")."""

    year: int = 2026
    benefits: Mapping[BenefitKind, Mapping[Household, float]] = field(default_factory=_default_benefits)
    disregard_per_hour: float = 35.0  # fribeløb per hour worked, kr.
    holiday_pay_pct: float = 12.5  # feriepenge, % of the wage
    weeks_per_month: float = 4.33  # 37 hours a week are 160,21 hours a month
    hourly_wage: float = 145.0  # kr. an hour, where the placement names none

    def benefit(self, kind: BenefitKind, household: Household) -> float:
        return float(self.benefits.get(kind, {}).get(household, 0.0))

    @property
    def label(self) -> str:
        return f"satser {self.year}, lokal indstilling"


@dataclass(frozen=True)
class IncomeMonth:
    """One month's estimate in whole kroner, before tax. `month` is None for a single figure."""

    hours_per_week: float
    wage: int
    benefit: int
    total: int
    difference: int  # total − the total at 0 ordinary hours
    month: date | None = None


def _kroner(amount: float) -> int:
    """Whole kroner, half up (as a figure is checked by hand)."""
    return math.floor(amount + 0.5)


def _total(hours_per_week: float, wage_per_hour: float, full: float, rates: IncomeRates) -> tuple[float, float]:
    """The month's wage and total income, unrounded. The total is taken case by case, each one
    rising with the hours, so rounding can never make more hours give less."""
    hours = max(0.0, hours_per_week) * rates.weeks_per_month
    wage = hours * max(0.0, wage_per_hour) * (1 + rates.holiday_pay_pct / 100)
    disregard = hours * rates.disregard_per_hour
    if wage <= disregard:
        return wage, wage + full  # all of it within the fribeløb: the benefit is whole
    if wage - disregard >= full:
        return wage, wage  # the deduction takes all the benefit
    return wage, full + disregard  # the benefit less (wage − fribeløb), krone for krone


def income_at(
    hours_per_week: float,
    wage_per_hour: float,
    kind: BenefitKind,
    household: Household,
    rates: IncomeRates,
    month: date | None = None,
) -> IncomeMonth:
    """A month's wage, benefit after deduction, total and difference from today at
    `hours_per_week` ordinary hours (002, tabel 5-1: hjælp til at beregne indkomst; the rates are
    `rates`, satser <år>, lokal indstilling). Wage and total are rounded; the benefit is their
    difference, so the three always add up."""
    full = rates.benefit(kind, household)
    wage, total = _total(hours_per_week, wage_per_hour, full, rates)
    today = _kroner(full)
    shown_total, shown_wage = _kroner(total), _kroner(wage)
    return IncomeMonth(
        hours_per_week=hours_per_week,
        wage=shown_wage,
        benefit=shown_total - shown_wage,
        total=shown_total,
        difference=shown_total - today,
        month=month,
    )


def income_ladder(
    hours_by_month: Sequence[float],
    wage_per_hour: float,
    kind: BenefitKind,
    household: Household,
    rates: IncomeRates,
    first_month: date,
) -> list[IncomeMonth]:
    """The months of an hours ladder as it rises: month n (from `first_month`'s month) at
    `hours_by_month[n]` hours a week (002, tabel 5-1: hjælp til at beregne indkomst; satser <år>,
    lokal indstilling)."""
    start = month_start(first_month)
    return [
        income_at(hours, wage_per_hour, kind, household, rates, add_months(start, n))
        for n, hours in enumerate(hours_by_month)
    ]


def benefit_kind_for(group: TargetGroup, age: int) -> BenefitKind:
    """The benefit a target group usually receives: what the calculator proposes (the worker may
    choose another). A citizen of no named group gets kontanthjælp from 30, else uddannelseshjælp."""
    if group is TargetGroup.CASH_BENEFIT:
        return BenefitKind.CASH
    if group is TargetGroup.EDUCATION_BENEFIT:
        return BenefitKind.EDUCATION
    if group in (TargetGroup.RESOURCE_COURSE, TargetGroup.JOB_CLARIFICATION):
        return BenefitKind.RESOURCE
    return BenefitKind.CASH if age >= 30 else BenefitKind.EDUCATION


#: The age from which the rates of `BenefitKind.CASH` apply (its label says so).
CASH_RATES_FROM_AGE = 30


def benefit_age_note(kind: BenefitKind, age: int) -> str | None:
    """A Danish note when the benefit chosen has rates for another age than the citizen's: the
    calculator proposes by target group, so a 25-year-old on kontanthjælp gets the rates of 30 and
    over, which are higher than those under 30. None when the rates fit the age."""
    if kind is BenefitKind.CASH and age < CASH_RATES_FROM_AGE:
        return (
            f"Borgeren er {age} år: kontanthjælp under 30 år har lavere satser end dem, skønnet bruger "
            "(30 år og derover). Vælg uddannelseshjælp, hvis de passer bedre."
        )
    if kind is BenefitKind.EDUCATION and age >= CASH_RATES_FROM_AGE:
        return f"Borgeren er {age} år: uddannelseshjælpens satser er for borgere under 30 år."
    return None


def rates_warning(rates: IncomeRates, today: date) -> str | None:
    """A Danish warning when the rates are of an earlier year than `today`'s (the desk's clock)."""
    if rates.year >= today.year:
        return None
    from stvdesk.domain.rules import tag  # (rules imports this module's rule ids)

    return f"Satserne er fra {rates.year}, og det er {today.year} nu: tjek [indkomst] i config.toml {tag(RATES_YEAR)}."


_SEPARATORS = re.compile(r"[;\s]+|,(?!\d)")


def parse_ladder(text: str) -> tuple[float, ...]:
    """The hours of the following months, each a week's hours: "15 20 25", "15; 20; 25" or
    "15, 20, 25" (a comma followed by a digit is a decimal comma: "7,5"). Empty: none."""
    words = [word for word in _SEPARATORS.split(text or "") if word]
    if len(words) > 24:
        raise ParseError("Højst 24 måneder ad gangen.")
    try:
        return tuple(parse_hours(word) for word in words)
    except ParseError as exc:
        raise ParseError(f"Skriv timerne pr. uge for hver måned, fx 15 20 25. {exc}") from exc


def parse_wage(text: str) -> float:
    """An hourly wage in kroner: "145" or "152,50"; from 1 to 2.000 kr."""
    raw = (text or "").strip().removesuffix("kr.").removesuffix("kr").strip()
    if not re.fullmatch(r"\d+(?:[.,]\d{1,2})?", raw):
        raise ParseError("Timeløn skal være et beløb i kr., fx 145 eller 152,50.")
    value = float(raw.replace(",", "."))
    if not 1 <= value <= 2000:
        raise ParseError("Timeløn skal være mellem 1 og 2.000 kr.")
    return value


def kroner(amount: int) -> str:
    """An amount as a Danish reader expects it: "13.200 kr."; a difference carries its sign."""
    return f"{format_number(amount)} kr."


def signed_kroner(amount: int) -> str:
    return f"+{kroner(amount)}" if amount > 0 else kroner(amount)


def month_label(month: date | None) -> str:
    return f"{MONTHS[month.month - 1].lower()} {month.year}" if month else ""


def estimate_note(
    months: Sequence[IncomeMonth],
    wage_per_hour: float,
    kind: BenefitKind,
    household: Household,
    rates: IncomeRates,
    warning: str | None = None,
) -> str:
    """The estimate as a journal note: said to be one, with the rates' year and what it leaves out."""
    if not months:
        raise ValueError("an estimate needs a month")
    today = rates.benefit(kind, household)
    lines = [
        f"{ESTIMATE}: indkomst ved ordinære timer ({rates.label}).",
        f"{kind.label}, {household.label.lower()}; timeløn {format_number(wage_per_hour, 2)} kr.",
        f"I dag (0 ordinære timer): {kroner(_kroner(today))} om måneden.",
    ]
    for m in months:
        when = f"{month_label(m.month)}: " if m.month else ""
        lines.append(
            f"{when}{format_hours(m.hours_per_week)} timer/uge: løn {kroner(m.wage)} + ydelse {kroner(m.benefit)}"
            f" = {kroner(m.total)} ({signed_kroner(m.difference)})"
        )
    lines.append(LEFT_OUT)
    if warning:
        lines.append(warning)
    return "\n".join(lines)
