"""Production steering: what each monthly metric counts, and the forecast against a target.

Source: 000, 4.3 – overall goals broken into monthly milestones (how many start a company
course this month and next, how many are retained, how many have a CV, how many are in a
placement, ordinary hours), visible in real time down to the single case.

Definitions (the SQL in db/queries/steering.py follows them; a month's "reference day" is its
last day, or today while the month runs):
- started: citizens with a placement (not an ordinary job) starting in the month;
- in placement: citizens with a placement running on the reference day;
- retained: of the citizens who started a placement in the month three months earlier (a local
  setting, [phase] retained_after_months, rule styring.fastholdt), those still in a placement or
  job on the reference day;
- with CV: citizens whose Jobnet CV is done or visible;
- with ordinary hours: citizens in a placement with ordinary hours on the reference day;
- ordinary hours in total: the paid hours written in the month's progression entries;
- conversations: follow-ups held in the month, counted for the worker who held them;
- with ABC plan: citizens with an agreed (or achieved) job goal agreed by the reference day.
Citizens count for the worker who has the case now (caseworker or consultant); a case that
moves counts for the new worker, in past months too – the dashboard is about today's caseload.
Conversations are the exception: they are work done, and stay with whoever held them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from stvdesk.domain.calendar import add_months, format_date, is_working_day, month_start, month_starts
from stvdesk.domain.enums import TargetMetric
from stvdesk.domain.numbers import format_number

HOURS_METRICS = (TargetMetric.ORDINARY_HOURS_TOTAL,)

# What a missing amount is called in the forecast sentence ("3 starter mangler").
UNIT = {
    TargetMetric.STARTED: ("start", "starter"),
    TargetMetric.IN_PLACEMENT: ("borger i forløb", "borgere i forløb"),
    TargetMetric.RETAINED: ("fastholdt", "fastholdte"),
    TargetMetric.WITH_CV: ("CV", "CV'er"),
    TargetMetric.WITH_ORDINARY_HOURS: ("borger med ordinære timer", "borgere med ordinære timer"),
    TargetMetric.ORDINARY_HOURS_TOTAL: ("ordinær time", "ordinære timer"),
    TargetMetric.CONVERSATIONS: ("samtale", "samtaler"),
    TargetMetric.WITH_ABC_PLAN: ("ABC-plan", "ABC-planer"),
}


def metric_label(metric: TargetMetric, retained_months: int) -> str:
    """A metric's name as every screen and export shows it. "Fastholdt" names the months it
    counts after (rule styring.fastholdt, a local setting: [phase] retained_after_months), so the
    label says what the number counts under the settings in force."""
    if metric is TargetMetric.RETAINED:
        return f"Fastholdt efter {retained_months} {'måned' if retained_months == 1 else 'måneder'}"
    return metric.label


def format_amount(metric: TargetMetric, value: float) -> str:
    """A metric's figure (actual, target, what is missing) as every screen and text shows it:
    hours with one decimal ("485,9"), counts whole – a target typed with decimals keeps two."""
    return format_number(value, 1 if metric in HOURS_METRICS else 2)


def month_end(month: date) -> date:
    return add_months(month_start(month), 1) - timedelta(days=1)


def reference_day(month: date, today: date) -> date:
    """The day a month's standing figures are read on: its last day, or today while it runs."""
    return min(month_end(month), today)


def last_months(month: date, count: int = 12) -> list[date]:
    """The first days of `count` months ending with `month`, oldest first."""
    return month_starts(add_months(month, 1 - count), month)


def working_days(first: date, last: date) -> int:
    days, day = 0, first
    while day <= last:
        days += is_working_day(day)
        day += timedelta(days=1)
    return days


@dataclass(frozen=True)
class Forecast:
    actual: float
    target: float | None
    projected: float
    missing: float
    on_track: bool
    text: str  # Danish, one line


def forecast(metric: TargetMetric, actual: float, target: float | None, month: date, today: date) -> Forecast:
    """Where the month is heading. Flow metrics (started, conversations, hours) are projected
    by the pace so far in working days; standing ones (in placement, with CV …) are what they
    are now."""
    last = month_end(month)
    flow = metric in (TargetMetric.STARTED, TargetMetric.CONVERSATIONS, TargetMetric.ORDINARY_HOURS_TOTAL)
    if flow and month_start(month) <= today <= last:
        done_days = working_days(month_start(month), today)
        all_days = working_days(month_start(month), last)
        projected = actual * all_days / done_days if done_days else actual
    else:
        projected = actual
    if target is None:
        return Forecast(actual, None, projected, 0, True, "Intet måltal sat")
    missing = max(target - actual, 0)
    on_track = projected >= target
    one, many = UNIT[metric]
    amount = format_amount(metric, missing)
    if missing == 0:
        text = "Måltallet er nået"
    elif today > last:
        text = f"{amount} {one if missing == 1 else many} manglede"
    else:
        text = f"{amount} {one if missing == 1 else many} mangler før {format_date(last)}" + (
            "" if on_track or not flow else f" (tempoet giver {format_number(projected)})"
        )
    return Forecast(actual, target, projected, missing, on_track, text)


def progress_bar(actual: float, target: float | None, width: int = 20) -> str:
    """A text bar of actual against target; over the target it stays full."""
    if not target:
        return "·" * width
    filled = min(width, round(width * actual / target))
    return "█" * filled + "░" * (width - filled)


# --- targets from a CSV file -------------------------------------------------------------------

CSV_HEADER = ("maaned", "ejer", "maal", "vaerdi")


@dataclass(frozen=True)
class TargetRow:
    line: int
    month: date
    owner: str  # "team", or a worker's initials
    metric: TargetMetric
    value: float


def parse_targets_csv(text: str) -> tuple[list[TargetRow], list[str]]:
    """Rows of `maaned;ejer;maal;vaerdi` (a comma works too): month ÅÅÅÅ-MM, owner "team" or
    initials, a metric code (started, in_placement, …), a number ≥ 0 with comma or point.
    Returns the rows and a Danish message per bad line ("linje 3: …"); nothing is half-read."""
    import csv
    import io

    from stvdesk.domain.parse import ParseError, parse_month

    rows: list[TargetRow] = []
    errors: list[str] = []
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], ["Filen er tom."]
    dialect = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        body = list(enumerate(reader, start=2))
    except csv.Error as exc:
        return [], [f"linje {reader.line_num}: kan ikke læses som CSV ({exc})."]
    if tuple(header) != CSV_HEADER:
        return [], [f"linje 1: overskriften skal være {';'.join(CSV_HEADER)}, ikke {';'.join(header) or 'tom'}."]
    codes = {m.value: m for m in TargetMetric}
    for number, cells in body:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != 4:
            errors.append(f"linje {number}: der skal være 4 felter, ikke {len(cells)}.")
            continue
        month_text, owner, metric_text, value_text = (cell.strip() for cell in cells)
        try:
            month = parse_month(month_text)
        except ParseError:
            errors.append(f"linje {number}: måneden skal skrives ÅÅÅÅ-MM, fx 2026-12 (ikke »{month_text}«).")
            continue
        if not owner:
            errors.append(f"linje {number}: ejer mangler (team eller initialer).")
            continue
        metric = codes.get(metric_text.lower())
        if metric is None:
            errors.append(f"linje {number}: ukendt måltal »{metric_text}« (brug {', '.join(codes)}).")
            continue
        try:
            value = float(value_text.replace(",", "."))
        except ValueError:
            errors.append(f"linje {number}: værdien skal være et tal (ikke »{value_text}«).")
            continue
        if value < 0 or value != value or value == float("inf"):
            errors.append(f"linje {number}: værdien skal være et tal ≥ 0.")
            continue
        rows.append(TargetRow(number, month, "team" if owner.lower() == "team" else owner.upper(), metric, value))
    return rows, errors
