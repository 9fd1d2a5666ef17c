"""The method's rules in one catalogue: id, Danish name, the value in force, source and setting.

Every warning and flag the desk shows names its rule by its short Danish name ("(regel: Længste
praktik)", `tag`); `stvdesk regler` prints the catalogue, with each rule's id, and help (F1) shows
it as "Metoderegler". A rule's value is
read from the settings in force (`MethodSettings`); its source is the report and section it
follows (000: the STV main report, ch. 4; 002: the Flere skal med evaluation, ch. 5), or "lokal
indstilling" for a number the reports do not give, with the words of the report it rests on where
there are some. The setting is the config.toml key that changes it (README, "Metoderegler").

tests/domain/test_rules.py changes each rule's setting and checks that the code applying the rule
answers differently, so no setting here is one the desk ignores.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from stvdesk.domain.calendar import MONTHS
from stvdesk.domain.enums import Role, TargetGroup
from stvdesk.domain.income import BENEFITS as INCOME_BENEFITS
from stvdesk.domain.income import DISREGARD as INCOME_DISREGARD
from stvdesk.domain.income import HOLIDAY_PAY as INCOME_HOLIDAY_PAY
from stvdesk.domain.income import HOURLY_WAGE as INCOME_WAGE
from stvdesk.domain.income import RATES_YEAR as INCOME_YEAR
from stvdesk.domain.income import WEEKS_PER_MONTH as INCOME_WEEKS
from stvdesk.domain.income import BenefitKind, Household
from stvdesk.domain.numbers import format_number

if TYPE_CHECKING:
    from stvdesk.domain.method import MethodSettings

CASELOAD_BAND = "sagsstamme.baand"
FIRST_CONVERSATION = "opf.foerste_samtale"
CONVERSATION = "opf.samtale"
NO_CONTACT = "opf.ingen_kontakt"
PLACEMENT_START = "opf.forloebsstart"
PLACEMENT_START_WEEKS = "opf.start_uger"
PLACEMENT_THROUGHOUT = "opf.hele_forloebet"
PLACEMENT_MONTHLY = "opf.i_forloeb"
PLACEMENT_FOLLOW_UP_MISSING = "opf.praktik_maks"
VK_WAIT = "vk.ventetid"
AFTERCARE_INTERVAL = "eftervaern.interval"
AFTERCARE_MONTHS = "eftervaern.maaneder"
AFTERCARE_EMPLOYER = "eftervaern.virksomhed"
ZERO_ORDINARY_HOURS = "forloeb.nul_timer"
PAST_PLANNED_END = "forloeb.over_slut"
INTERNSHIP_MAX_WEEKS = "praktik.max_uger"
REPEATED_INTERNSHIP = "praktik.gentaget"
COMPANY_CONTACT = "virksomhed.kontakt"
SUMMER_WEEKS = "sommer.uger"
SUMMER_FLAG_FROM = "sommer.varsel"
RETENTION_PHASE = "fase.fastholdelse"
RETAINED_MONTHS = "styring.fastholdt"
ABC_MEANING = "abc.betydning"
ABC_WEIGHTS = "abc.vaegte"
URGENCY_NO_PLAN = "haster.ingen_plan"
URGENCY_OVERDUE = "haster.forfalden"
URGENCY_VK_WAIT = "haster.venter_vk"
URGENCY_LATE_SUB_GOALS = "haster.delmaal"
URGENCY_PLACEMENT_FOLLOW_UP = "haster.praktik_opf"
URGENCY_ZERO_HOURS = "haster.nul_timer"
URGENCY_NO_CONTACT = "haster.ingen_kontakt"
OLD_AGREEMENT = "virksomhed.gammel_aftale"

LOCAL = "lokal indstilling"
# A rule that applies what a user has marked by hand (no config.toml key changes it).
NO_SETTING = "ingen indstilling – sat af brugeren"

# The caseloads the reports give besides the recommendation, shown beside a worker's load as
# context (they are what was observed, not settings): practised in the successful jobcentres
# (000, 4.4) and the best municipalities of Flere skal med (002, ch. 5).
PRACTISED_BANDS = {Role.S: (40, 50), Role.VK: (30, 35)}
BEST_MUNICIPALITIES = (30, 40)
# The recommendation itself (000, 4.7 SPOR 3: "lavt caseload hos S og VK (30-45 sager)"), the
# default band of domain.caseload.
RECOMMENDED_RANGE = (30, 45)

SHORT_GROUP = {
    TargetGroup.CASH_BENEFIT: "akt. kontanthjælp",
    TargetGroup.EDUCATION_BENEFIT: "akt. uddannelseshjælp",
    TargetGroup.RESOURCE_COURSE: "ressourceforløb",
    TargetGroup.JOB_CLARIFICATION: "jobafklaring",
    TargetGroup.OTHER: "andre",
}


@dataclass(frozen=True)
class Rule:
    id: str
    name: str  # Danish
    value: str  # Danish, from the settings in force
    source: str  # "000, 4.6 …" or "lokal indstilling (…)"
    setting: str  # the config.toml key(s) that change it
    changed: bool = False  # the jobcentre's setting differs from the default

    @property
    def short(self) -> str:
        """What a warning calls the rule (`tag`)."""
        return short_name(self.id)


#: Each rule's short Danish name: what a warning or flag calls it (`tag`). The Metoderegler page
#: and `stvdesk regler` show it beside the id and the full name, so a rule a warning names is found
#: there; tests/domain/test_rule_names.py checks that every rule in the catalogue has one of its own.
SHORT_NAMES: dict[str, str] = {
    CASELOAD_BAND: "Sagsstammens bånd",
    FIRST_CONVERSATION: "Første samtale",
    CONVERSATION: "Samtale hver N. dag",
    NO_CONTACT: "Ingen kontakt",
    PLACEMENT_START: "Tæt opfølgning ved start",
    PLACEMENT_START_WEEKS: "Tæt opfølgnings varighed",
    PLACEMENT_THROUGHOUT: "Tæt opfølgning hele forløbet",
    PLACEMENT_MONTHLY: "Praktikopfølgning i forløb",
    PLACEMENT_FOLLOW_UP_MISSING: "Uden praktikopfølgning",
    VK_WAIT: "Ventetid på VK",
    AFTERCARE_INTERVAL: "Efterværnets opkald",
    AFTERCARE_MONTHS: "Efterværnets længde",
    AFTERCARE_EMPLOYER: "Efterværn hos arbejdsgiver",
    ZERO_ORDINARY_HOURS: "Uden ordinære timer",
    PAST_PLANNED_END: "Over planlagt slut",
    INTERNSHIP_MAX_WEEKS: "Længste praktik",
    REPEATED_INTERNSHIP: "Gentaget praktik",
    COMPANY_CONTACT: "Virksomhed uden kontakt",
    SUMMER_WEEKS: "Sommerugerne",
    SUMMER_FLAG_FROM: "Sommerplanens varsel",
    RETENTION_PHASE: "Fase fastholdelse",
    RETAINED_MONTHS: "Fastholdt efter N måneder",
    ABC_MEANING: "ABC-planens mål",
    ABC_WEIGHTS: "Matchets vægte",
    URGENCY_NO_PLAN: "Hastescore – ingen plan",
    URGENCY_OVERDUE: "Hastescore – forfalden",
    URGENCY_VK_WAIT: "Hastescore – venter på VK",
    URGENCY_LATE_SUB_GOALS: "Hastescore – delmål over frist",
    URGENCY_PLACEMENT_FOLLOW_UP: "Hastescore – uden praktikopfølgning",
    URGENCY_ZERO_HOURS: "Hastescore – uden ordinære timer",
    URGENCY_NO_CONTACT: "Hastescore – ingen kontakt",
    OLD_AGREEMENT: "Gammel aftale",
    INCOME_YEAR: "Satsernes år",
    INCOME_BENEFITS: "Ydelsessatser",
    INCOME_DISREGARD: "Fribeløb pr. time",
    INCOME_HOLIDAY_PAY: "Feriepenge",
    INCOME_WEEKS: "Uger pr. måned",
    INCOME_WAGE: "Timeløn uden aftale",
}


def short_name(rule_id: str) -> str:
    """The rule's short Danish name ("Længste praktik"); its id where it has none."""
    return SHORT_NAMES.get(rule_id, rule_id)


def tag(*rule_ids: str) -> str:
    """How a warning or flag names its rule, by its short Danish name: "(regel: Længste praktik)".
    A text that rests on two rules names both, the condition's first: an urgency part whose
    condition is a warning's rule and whose points are a haster.* weight reads "(regel: Ingen
    kontakt, Hastescore – ingen kontakt)". Ids are for looking rules up (`stvdesk regler`, help's
    Metoderegler), never shown in a warning."""
    return f"(regel: {', '.join(short_name(rule_id) for rule_id in rule_ids)})"


def context_lines(role: Role) -> list[str]:
    """What the reports say of caseloads, beside a worker's load (Danish, short lines)."""
    lines = [
        "Anbefalet {}–{} (000, 4.7)".format(*RECOMMENDED_RANGE),
        "Bedste kommuner {}–{} (002)".format(*BEST_MUNICIPALITIES),
    ]
    practised = PRACTISED_BANDS.get(role)
    if practised:
        lines.append("Praksis {} {}–{} (000, 4.4)".format(role.value, *practised))
    return lines


def _days(n: int, one: str = "dag", many: str = "dage") -> str:
    return f"{n} {one if n == 1 else many}"


def _rules(m: MethodSettings) -> list[Rule]:
    c, f, s = m.cadence, m.flags, m.summer
    bands = " · ".join(f"{role.value} {band}" for role, band in m.bands.items() if role in (Role.S, Role.VK))
    weeks = " · ".join(
        f"{SHORT_GROUP[group]} {m.internship_weeks.get(group, 0) or 'ingen grænse'}"
        + (" uger" if m.internship_weeks.get(group, 0) else "")
        for group in TargetGroup
    )
    start_weeks = "hele forløbet" if c.close_follow_up_throughout else f"de første {c.placement_start_weeks} uger"
    abc = " · ".join(f"{kind} {m.abc.meaning.get(kind, '')}" for kind in ("A", "B", "C"))
    weights = " · ".join(f"{kind} {m.abc.weights.get(kind, 0)}" for kind in ("C", "B", "A"))
    income = m.income
    benefits = " · ".join(
        f"{kind.value} " + "/".join(format_number(income.benefit(kind, household)) for household in Household)
        for kind in BenefitKind
    )
    income_source = f"{LOCAL} (002, tabel 5-1: hjælp til beregning af indtægt ved ordinære timer; skøn)"
    past_end = "dagen efter planlagt slut" if f.past_end_days == 0 else f"{_days(f.past_end_days)} efter planlagt slut"
    u = m.urgency

    def points(value: float) -> str:
        return f"{format_number(value, 2)} point"

    def per_day(value: float, cap: int) -> str:
        return f"{points(value)} pr. dag, højst {_days(cap)}"

    return [
        Rule(
            CASELOAD_BAND,
            "Sagsstamme: over båndet er en risiko, under er ingen afvigelse",
            bands,
            "000, 4.7 SPOR 3 (30–45 sager); praksis S 40–50, VK 30–35 (000, 4.4); bedste kommuner 30–40 (002, kap. 5)",
            "caseload.S, caseload.VK",
        ),
        Rule(
            FIRST_CONVERSATION,
            "Første samtale efter sagens oprettelse",
            _days(c.first_conversation_days),
            f"{LOCAL} (002, tabel 5-1: relationsopbygning fra start)",
            "cadence.first_conversation_days",
        ),
        Rule(
            CONVERSATION,
            "Samtaler uden for forløb",
            f"hver {c.conversation_days}. dag",
            "002, efter tabel 5-1 (samtaler hver 4.–6. uge)",
            "cadence.conversation_days",
        ),
        Rule(
            NO_CONTACT,
            "Advarsel: ingen afholdt kontakt",
            f"efter {_days(c.conversation_max_days)}",
            "002, efter tabel 5-1 (4–6 ugers kadence)",
            "cadence.conversation_max_days",
        ),
        Rule(
            PLACEMENT_START,
            "Tæt opfølgning omkring forløbets start",
            f"hver {c.placement_start_days}. dag",
            "002, efter tabel 5-1 (på ugebasis eller hver 14. dag)",
            "cadence.placement_start_days",
        ),
        Rule(
            PLACEMENT_START_WEEKS,
            "Hvor længe den tætte opfølgning varer",
            start_weeks,
            LOCAL,
            "cadence.placement_start_weeks",
        ),
        Rule(
            PLACEMENT_THROUGHOUT,
            "Tæt opfølgning gennem hele forløbet",
            "ja" if c.close_follow_up_throughout else "nej",
            "002, efter tabel 5-1 (opfølgningen intensiveres ifm. virksomhedsplacering)",
            "cadence.close_follow_up_throughout",
        ),
        Rule(
            PLACEMENT_MONTHLY,
            "Praktikopfølgning, mens forløbet løber",
            f"hver {c.placement_days}. dag",
            "000, 4.6 (praktikopfølgninger hver måned); 4.7 SPOR 2 (min. månedlig)",
            "cadence.placement_days",
        ),
        Rule(
            PLACEMENT_FOLLOW_UP_MISSING,
            "Advarsel: forløb uden praktikopfølgning på arbejdspladsen",
            f"efter {_days(c.placement_max_days)} (et opkald tæller ikke)",
            "000, 4.6 (praktikopfølgninger hver måned); 4.7 SPOR 2 (min. månedlig)",
            "cadence.placement_max_days",
        ),
        Rule(
            VK_WAIT,
            "Advarsel: venter på første møde med VK",
            f"efter {_days(f.vk_wait_days)}",
            f"{LOCAL} (000, 4.1 og 4.4: ingen ventetid på VK)",
            "flags.vk_wait_days",
        ),
        Rule(
            AFTERCARE_INTERVAL,
            "Efterværn: opkald efter ordinært job",
            f"hver {c.aftercare_days}. dag",
            f"{LOCAL} (002, tabel 5-1, Efterværn: »i en periode«)",
            "cadence.aftercare_days",
        ),
        Rule(
            AFTERCARE_MONTHS,
            "Efterværn: hvor længe",
            f"{c.aftercare_months} måneder",
            f"{LOCAL} (002, tabel 5-1, Efterværn: »i en periode«)",
            "cadence.aftercare_months",
        ),
        Rule(
            AFTERCARE_EMPLOYER,
            "Efterværn: VK's opfølgning hos arbejdsgiveren",
            f"hver {c.employer_aftercare_days}. dag",
            f"{LOCAL} (002, tabel 5-1, Efterværn: »aktiv opfølgning hos virksomhed i en periode«)",
            "cadence.employer_aftercare_days",
        ),
        Rule(
            ZERO_ORDINARY_HOURS,
            "Flag: forløb uden ordinære timer (genforhandl eller afslut)",
            f"efter {f.zero_ordinary_months} måneder",
            f"{LOCAL} (000, 4.6: afslut praktik, hvis virksomheden ikke vil lønne)",
            "flags.zero_ordinary_months",
        ),
        Rule(
            PAST_PLANNED_END,
            "Flag: forløb i gang efter planlagt slut",
            past_end,
            LOCAL,
            "flags.past_end_days",
        ),
        Rule(
            INTERNSHIP_MAX_WEEKS,
            "Længste praktik pr. målgruppe",
            weeks,
            f"{LOCAL} (lovgivningens grænse; ikke i rapporterne)",
            "internship_weeks.<målgruppe>",
        ),
        Rule(
            REPEATED_INTERNSHIP,
            "Advarsel: ny praktik i samme virksomhed",
            "til" if f.repeat_internship else "fra",
            f"{LOCAL} (000, 4.6: find ny praktik med jobperspektiv)",
            "flags.repeat_internship",
        ),
        Rule(
            COMPANY_CONTACT,
            "Flag: virksomhed med borgere i forløb uden kontakt",
            f"efter {_days(f.company_contact_days)}",
            f"{LOCAL} (000, 4.6: praktikopfølgninger hver måned)",
            "flags.company_contact_days",
        ),
        Rule(
            SUMMER_WEEKS,
            "Sommerplan: forløb gennem sommerugerne",
            f"uge {s.first_week}–{s.last_week}",
            f"{LOCAL} (000, 4.1: plan mod frafald hen over sommerferien)",
            "summer.weeks",
        ),
        Rule(
            SUMMER_FLAG_FROM,
            "Sommerplan: manglende plan markeres rødt",
            f"fra {s.flag_from_day}. {MONTHS[s.flag_from_month - 1].lower()}",
            LOCAL,
            "summer.flag_from",
        ),
        Rule(
            RETENTION_PHASE,
            "Fase fastholdelse: i forløb uden ordinære timer",
            f"efter {m.phase.retention_after_weeks} uger",
            f"{LOCAL} (002, tabel 5-1 nævner fasen, ikke hvornår)",
            "phase.retention_after_weeks",
        ),
        Rule(
            RETAINED_MONTHS,
            "Styring: fastholdt, når borgeren stadig er i forløb eller job efter",
            f"{m.phase.retained_after_months} måneder",
            f"{LOCAL} (000, 4.3: milepæle for, hvor mange der skal fastholdes, ikke hvornår)",
            "phase.retained_after_months",
        ),
        Rule(
            ABC_MEANING,
            "ABC-planens mål",
            abc,
            f"{LOCAL} (000, 4.2 og 4.4 nævner ABC-planen, ikke målene)",
            "abc.meaning",
        ),
        Rule(
            ABC_WEIGHTS,
            "Match: vægt pr. jobmål",
            weights,
            f"{LOCAL} (000, 4.5–4.6: match ud fra borgerens mål)",
            "abc.weights",
        ),
        Rule(
            URGENCY_NO_PLAN,
            "Haster: ingen opfølgning planlagt",
            points(u.no_follow_up_planned),
            f"{LOCAL} (002, efter tabel 5-1: samtaler hver 4.–6. uge)",
            "urgency.no_follow_up_planned",
        ),
        Rule(
            URGENCY_OVERDUE,
            "Haster: opfølgning forfalden",
            per_day(u.per_day_overdue, u.overdue_cap_days),
            f"{LOCAL} (002, efter tabel 5-1 og 000, 4.6: opfølgningen holdes)",
            "urgency.per_day_overdue, urgency.overdue_cap_days",
        ),
        Rule(
            URGENCY_VK_WAIT,
            "Haster: venter på første møde med VK",
            per_day(u.per_day_waiting_for_vk, u.waiting_cap_days),
            f"{LOCAL} (000, 4.1 og 4.4: ingen ventetid på VK)",
            "urgency.per_day_waiting_for_vk, urgency.waiting_cap_days",
        ),
        Rule(
            URGENCY_LATE_SUB_GOALS,
            "Haster: delmål i Min Plan over fristen",
            f"{points(u.per_late_sub_goal)} pr. delmål",
            f"{LOCAL} (000, 4.7 SPOR 1: hurtig handling ift. aftaler med borger)",
            "urgency.per_late_sub_goal",
        ),
        Rule(
            URGENCY_PLACEMENT_FOLLOW_UP,
            "Haster: forløb uden praktikopfølgning på arbejdspladsen",
            points(u.placement_without_follow_up),
            f"{LOCAL} (000, 4.6: praktikopfølgninger hver måned; hvornår: opf.praktik_maks)",
            "urgency.placement_without_follow_up",
        ),
        Rule(
            URGENCY_ZERO_HOURS,
            "Haster: forløb uden ordinære timer",
            points(u.zero_ordinary_hours),
            f"{LOCAL} (000, 4.6: ordinære timer fra start; hvornår: forloeb.nul_timer)",
            "urgency.zero_ordinary_hours",
        ),
        Rule(
            URGENCY_NO_CONTACT,
            "Haster: ingen afholdt kontakt",
            points(u.no_contact_6_weeks),
            f"{LOCAL} (002, efter tabel 5-1: samtaler hver 4.–6. uge; hvornår: opf.ingen_kontakt)",
            "urgency.no_contact_6_weeks",
        ),
        Rule(
            OLD_AGREEMENT,
            "Flag: gammel aftale skal genforhandles",
            "når virksomheden er markeret »skal genforhandles«",
            "000, 4.7 SPOR 2 (genforhandling eller ophør af tidligere aftaler med virksomheder)",
            NO_SETTING,
        ),
        Rule(
            INCOME_YEAR,
            "Indkomstberegner: satsernes år (advarer i et senere år)",
            str(income.year),
            income_source,
            "indkomst.aar",
        ),
        Rule(
            INCOME_BENEFITS,
            "Indkomstberegner: ydelse pr. måned (forsørger/udeboende/hjemmeboende)",
            f"{benefits} kr.",
            income_source,
            "indkomst.ydelse.<ydelse>.<husstand>",
        ),
        Rule(
            INCOME_DISREGARD,
            "Indkomstberegner: fribeløb pr. arbejdstime, resten trækkes krone for krone",
            f"{format_number(income.disregard_per_hour, 2)} kr.",
            income_source,
            "indkomst.fribeloeb_pr_time",
        ),
        Rule(
            INCOME_HOLIDAY_PAY,
            "Indkomstberegner: feriepenge oven i lønnen",
            f"{format_number(income.holiday_pay_pct, 2)} %",
            income_source,
            "indkomst.feriepenge_pct",
        ),
        Rule(
            INCOME_WEEKS,
            "Indkomstberegner: uger pr. måned",
            format_number(income.weeks_per_month, 3),
            income_source,
            "indkomst.uger_pr_maaned",
        ),
        Rule(
            INCOME_WAGE,
            "Indkomstberegner: timeløn, hvor forløbet ikke har en",
            f"{format_number(income.hourly_wage, 2)} kr.",
            income_source,
            "indkomst.timeloen",
        ),
    ]


def catalogue(method: MethodSettings | None = None) -> list[Rule]:
    """Every rule with its value under `method` (the settings in force; None: the defaults)."""
    from stvdesk.domain.method import MethodSettings

    defaults = _rules(MethodSettings())
    return [
        replace(rule, changed=rule.value != default.value)
        for rule, default in zip(_rules(method or MethodSettings()), defaults, strict=True)
    ]
