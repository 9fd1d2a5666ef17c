"""Deterministic synthetic demo data (Faker da_DK), at any size.

Everyone here is invented: names are drawn from Faker's Danish lists, CPR numbers are
valid in form (a real date, a century digit that fits) but random, companies have
random CVR numbers with a valid check digit.

Shape: one team with a leader, six caseworkers (S) and three company
consultants (VK); about 40 citizens per S spread across target groups, phases and
readiness; ~120 companies with contacts; placements of each kind; follow-ups overdue,
today and in the coming weeks; ABC goals, CV states, sub-goals, meetings with agreements,
notes, good stories and twelve months of targets; citizens in an ordinary job with their
aftercare calls, and closed cases (about one in twelve), some of them closed longer ago
than the retention period. Larger sizes add further teams of the same shape, so every
worker's caseload stays realistic at 100 000 citizens.

The history fits the demo's today: whatever is done, held, written, agreed or ended lies
between the opening of its case and today (and, for a closed case, its closing, but for
the aftercare calls after it); only plans (due dates, deadlines, planned ends and starts)
lie later. tests/db/test_demo.py checks this for several todays.

Rows are written with the driver's executemany inside one transaction, bypassing ORM
objects: 100 000 citizens (about two million rows) must build in under a minute.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from pathlib import Path
from typing import Any, TypedDict, TypeVar

from sqlalchemy.schema import ColumnDefault
from sqlmodel import SQLModel

from stvdesk.clock import COPENHAGEN
from stvdesk.db import models as m  # noqa: F401 - registers the tables on SQLModel.metadata

# (the file's name, default size and seed, and who opens it: read at start before the data layer)
from stvdesk.db.demo_file import CITIZENS_PER_TEAM, DEFAULT_SEED, DEMO_WORKER
from stvdesk.domain.cadence import CadenceSettings, Situation, employer_aftercare_calls, next_follow_up
from stvdesk.domain.calendar import (
    add_months,
    aftercare_dates,
    month_start,
    month_starts,
    next_working_day,
    previous_working_day,
)
from stvdesk.domain.enums import (
    ActionStatus,
    CaseCloseReason,
    ContactChannel,
    ContactForm,
    CvState,
    FollowUpKind,
    FollowUpStatus,
    GoalStatus,
    JobGoalKind,
    MeetingStatus,
    OpeningStatus,
    Phase,
    PlacementEndReason,
    PlacementKind,
    PlacementStatus,
    Readiness,
    Role,
    StepOwner,
    SupportItem,
    SupportState,
    TargetGroup,
    TargetMetric,
)
from stvdesk.domain.phase import PhaseFacts, derive_phase
from stvdesk.domain.retention import case_erasure_cutoff
from stvdesk.domain.support import ITEMS as SUPPORT_ITEMS
from stvdesk.domain.targets import last_months
from stvdesk.settings import Safeguards

TEMPLATE_TEAMS = 16  # teams generated row by row; further teams are copies of these
COMPANIES_PER_TEAM = 120

Progress = Callable[[float, str], None]


# The first team's people are named so a demo can say "--as KB".
class TeamSpec(TypedDict):
    name: str
    municipality: str
    leader: tuple[str, str, Role]  # initials, name, role
    pl: tuple[str, str, Role] | None
    vk: list[tuple[str, str]]
    s: list[tuple[str, str]]


FIRST_TEAM: TeamSpec = {
    "name": "Team Vest",
    "municipality": "Holmbæk Kommune (fiktiv)",
    "leader": ("LV", "Lone Vestergaard", Role.LEADER),
    "pl": ("HP", "Henrik Poulsen", Role.PL),
    "vk": [("RK", "Rasmus Krogh"), ("MF", "Mette Friis"), ("TN", "Tobias Nyborg")],
    "s": [
        ("KB", "Karen Bach"),
        ("MS", "Mikkel Skov"),
        ("SL", "Sofie Lund"),
        ("JH", "Jonas Holm"),
        ("AH", "Amira Haddad"),
        ("PD", "Peter Dahl"),
    ],
}
# What a consultant's outreach to a company came to (the demo's contact log, 000, 4.5–4.6).
OUTREACH_OUTCOMES = (
    "Præsenterede en borger med ønske om lager – vil gerne mødes",
    "Spurgte til ordinære timer ved siden af praktikken",
    "Ny virksomhed: kender ikke ordningen, sender materiale",
    "Kan tage en borger i praktik fra næste måned",
)

# Caseloads differ on purpose so the band display has something to say: one S over the
# band, one under it (000, 4.4). The weights share all of an S's citizens, closed cases too;
# the open caseloads come out as 41, 51, 34, 30, 36 and 28 for a team of 240.
S_LOAD_WEIGHTS = (1.15, 1.4, 0.95, 0.85, 1.0, 0.8)

# Closed cases per S, one for every ten citizens the S has, in this order:
# - "aftercare": closed for an ordinary job within the last weeks, aftercare calls planned;
# - "closed": closed within the retention period;
# - "erasable": closed longer ago than the retention period, so `stvdesk db retention` has
#   cases to show.
CLOSED_KINDS = ("aftercare", "closed", "erasable", "closed")
CLOSED_CASE_YEARS = Safeguards().closed_case_years
CLOSE_REASON_WEIGHTS = (
    (CaseCloseReason.ORDINARY_JOB, 5),
    (CaseCloseReason.EDUCATION, 2),
    (CaseCloseReason.MOVED, 1),
    (CaseCloseReason.OTHER_BENEFIT, 2),
    (CaseCloseReason.OTHER, 1),
)
CLOSING_NOTES = {
    CaseCloseReason.ORDINARY_JOB: "Borger er startet i ordinært job. Sagen lukkes, og efterværn aftales.",
    CaseCloseReason.EDUCATION: "Borger er optaget på uddannelse. Sagen lukkes.",
    CaseCloseReason.MOVED: "Borger er flyttet til en anden kommune, og sagen er sendt videre.",
    CaseCloseReason.OTHER_BENEFIT: "Borger er overgået til anden ydelse. Sagen lukkes her.",
    CaseCloseReason.OTHER: "Sagen lukkes efter aftale med borger.",
}
PLACEMENT_END_REASONS = {
    CaseCloseReason.ORDINARY_JOB: PlacementEndReason.ORDINARY_JOB,
    CaseCloseReason.EDUCATION: PlacementEndReason.EDUCATION,
}
AFTERCARE_NOTES = (
    "Efterværnsopkald: borger trives i jobbet og har fået faste vagter.",
    "Efterværnsopkald: lidt travlt i starten, men det går godt.",
    "Efterværnsopkald: talte om transport; borger har fået buskort.",
    "Efterværnsopkald: lederen er tilfreds, og timerne er sat op.",
)

INDUSTRIES = (
    "Detailhandel",
    "Rengøring",
    "Byggeri",
    "Transport og logistik",
    "Hotel og restauration",
    "Landbrug",
    "Industri",
    "Pleje og omsorg",
    "Lager",
    "Kontor og administration",
    "Autoværksted",
    "Gartneri og anlæg",
    "Kantine og køkken",
    "Genbrug",
)
SUPPORT_NOTES = {
    SupportItem.CHILDCARE: "Plads i vuggestue fra uge 2",
    SupportItem.TRANSPORT: "Hentes første uge; derefter bus 5A",
    SupportItem.SMS_REMINDERS: "Sms aftenen før første dag",
    SupportItem.ABSENCE: "Ringer til kontaktperson før kl. 8",
    SupportItem.FIRST_PAYSLIP: "Gennemgås sammen ved næste samtale",
    SupportItem.INCOME_REPORT: "Vis hvordan på borger.dk",
}
TASKS_BY_INDUSTRY = {
    "Detailhandel": "Varepåfyldning, facing og modtagelse af varer",
    "Rengøring": "Rengøring af kontorer og fællesarealer",
    "Byggeri": "Oprydning på pladsen og hjælp til håndværkerne",
    "Transport og logistik": "Pakning og klargøring af forsendelser",
    "Hotel og restauration": "Opvask, klargøring og servering",
    "Landbrug": "Pasning af dyr og vedligehold af maskiner",
    "Industri": "Montage og kvalitetskontrol ved samlebånd",
    "Pleje og omsorg": "Praktisk hjælp, madservice og samvær med beboerne",
    "Lager": "Plukning, pakning og truckkørsel",
    "Kontor og administration": "Scanning, arkivering og telefonpasning",
    "Autoværksted": "Dækskift, vask og klargøring af biler",
    "Gartneri og anlæg": "Beskæring, lugning og grønne områder",
    "Kantine og køkken": "Tilberedning af salater og opvask",
    "Genbrug": "Sortering, prissætning og salg i butikken",
}
JOB_TITLES = {
    "Detailhandel": ("Butiksmedarbejder", "Souschef i butik"),
    "Rengøring": ("Rengøringsassistent", "Serviceassistent"),
    "Byggeri": ("Håndværkerhjælper", "Tømrer"),
    "Transport og logistik": ("Pakkemedarbejder", "Chauffør"),
    "Hotel og restauration": ("Køkkenmedhjælper", "Kok"),
    "Landbrug": ("Landbrugsmedhjælper", "Driftsleder"),
    "Industri": ("Produktionsmedarbejder", "Maskinoperatør"),
    "Pleje og omsorg": ("Serviceassistent i plejen", "Social- og sundhedshjælper"),
    "Lager": ("Lagermedarbejder", "Truckfører"),
    "Kontor og administration": ("Kontormedhjælper", "Administrativ medarbejder"),
    "Autoværksted": ("Klargører", "Mekaniker"),
    "Gartneri og anlæg": ("Gartnerimedhjælper", "Anlægsgartner"),
    "Kantine og køkken": ("Kantinemedarbejder", "Ernæringsassistent"),
    "Genbrug": ("Butiksmedhjælper i genbrug", "Butiksansvarlig"),
}
DEVELOPMENT_AREAS = (
    ("Fremmøde", "Møde stabilt op til aftaler tre dage om ugen"),
    ("Sociale kompetencer", "Være en del af et fællesskab på en arbejdsplads"),
    ("Struktur i hverdagen", "Fast døgnrytme med morgenvækning kl. 7"),
    ("Sundhed", "Gå til egen læge og følge behandlingsplanen"),
    ("Dansk", "Kunne læse en arbejdsseddel og en vagtplan"),
    ("Selvtillid", "Tro på at kunne klare en arbejdsopgave alene"),
)
PLAN_STEPS = (
    (StepOwner.CITIZEN, "Opdatere Jobnet-CV med seneste erfaring"),
    (StepOwner.CITIZEN, "Besøge to virksomheder sammen med VK"),
    (StepOwner.CITIZEN, "Tale med egen læge om skånehensyn"),
    (StepOwner.S, "Afklare økonomi ved ordinære timer"),
    (StepOwner.S, "Bestille trepartssamtale"),
    (StepOwner.VK, "Finde virksomhed inden for ønsket branche"),
    (StepOwner.VK, "Aftale opgaver og timer med virksomheden"),
    (StepOwner.COMPANY, "Udpege fast kontaktperson på arbejdspladsen"),
    (StepOwner.COMPANY, "Vurdere om opgaverne kan blive til lønnede timer"),
)
NOTE_TEXTS = (
    "Samtale om drømme og mål. Borger vil gerne arbejde med hænderne og helst udendørs.",
    "Borger aflyste i dag pga. sygdom. Ny tid aftalt telefonisk.",
    "God samtale. Borger har været til to virksomhedsbesøg og er positiv.",
    "Talte om børnepasning, som skal være på plads før opstart.",
    "Borger fortæller, at fremmødet har været stabilt de sidste fire uger.",
    "Opfølgning med virksomheden: opgaverne fungerer, og de vil gerne drøfte lønnede timer.",
    "Borger er bekymret for økonomien ved ordinære timer; beregning gennemgås næste gang.",
    "Borger har fået nyt CV på Jobnet med hjælp fra VK.",
    "Aftalt at VK tager kontakt til to virksomheder i ønsket branche.",
    "Borger har haft en svær periode; vi holder kontakten tæt med ugentlige opkald.",
)
# Told in full: Styring lists the title, Enter reads the whole story (000, 4.2: belief).
STORIES = (
    (
        "Fra praktik til 15 ordinære timer",
        "Efter tre måneder i lageret fik borger 15 lønnede timer om ugen. Vi startede med fire timer "
        "to dage om ugen, og VK var med de første morgener. Lagerchefen sagde til sidst selv: "
        '"Hende vil vi ikke undvære." Næste skridt er at tale om flere timer efter sommerferien.',
    ),
    (
        "Første fremmøde i et år",
        "Borger mødte op fem dage i træk i gartneriet og er stolt af det. Det er første gang i over et "
        "år, at borger har haft en fast aftale hver morgen. Mentor hentede de første to dage, resten "
        "klarede borger selv. Gartneriet vil gerne fortsætte, og vi har aftalt opfølgning om fire uger.",
    ),
    (
        "Virksomhed ansætter nummer to",
        "Kantinen har nu ansat to af vores borgere på ordinære timer. Den første startede i praktik i "
        "foråret; da det gik godt, ringede køkkenchefen selv og spurgte, om vi havde én mere. VK "
        "holder fast i kontakten med besøg hver måned, så kantinen ved, hvem de skal ringe til.",
    ),
    (
        "Tilbage i uddannelse",
        "Borger startede på grundforløbet efter et halvt år i værkstedet. I værkstedet fandt borger ud "
        "af, at det var metal og ikke lager, der var interessant. Vejlederen på skolen kom på besøg, "
        "og S og borger søgte sammen. Første uge på skolen er gået, og fremmødet er fuldt.",
    ),
    (
        "Småjob blev til fast job",
        "Fire timer om ugen i butikken blev til en fast deltidsstilling. Butikken var i starten "
        "forsigtig, men de små timer gav begge parter tid til at lære hinanden at kende. Nu har "
        "borger 20 timer om ugen og egen nøgle til lageret.",
    ),
    (
        "Mod til at tage bussen",
        "Med hjælp fra en mentor tager borger nu selv bussen til praktikken. Det tog tre uger med "
        "mentor ved siden af og en lamineret køreplan i lommen. Borger siger, at det er det, "
        "borger er mest stolt af i år.",
    ),
)
# The leader's monthly dialogues in the demo (000, 4.3): what was talked about, what was agreed.
LEADER_DIALOGUES = (
    (
        "Gennemgik de klar-borgere: tre mangler CV på Jobnet, to venter på VK.",
        "Få de tre klar-borgeres CV synligt på Jobnet",
    ),
    (
        "Sagsstammen er høj; vi talte om hvilke forløb der kan afsluttes før jul.",
        "Lave plan for de to forløb der kan afsluttes",
    ),
    (
        "Mange virksomhedsbesøg i måneden, men få nye praktikker. Fokus på match.",
        "Booke tre virksomhedsbesøg til borgere tæt på",
    ),
    (
        "Godt samarbejde med makkeren; ordinære timer er steget to måneder i træk.",
        "Dele erfaringer om småjob på næste teammøde",
    ),
)
NAMED_STORY = (
    "Fast job i børnehaven",
    "{name} startede i praktik i børnehaven for et år siden med seks timer om ugen. I dag har "
    "{name} en fast stilling på 25 timer og er med på personalemøderne. Lederen fortæller, at "
    "børnene spørger efter {name}, når der er fri.",
)
MEETING_AGREEMENTS = (
    (StepOwner.COMPANY, "Tilbyde 4 lønnede timer om ugen fra næste måned"),
    (StepOwner.CITIZEN, "Give besked senest kl. 8 ved fravær"),
    (StepOwner.VK, "Følge op på arbejdsstedet om 4 uger"),
    (StepOwner.S, "Lave indtægtsberegning ved ordinære timer"),
    (StepOwner.CITIZEN, "Tage sikkerhedssko med fra mandag"),
)

# (deadline in days from today, text): overdue, this week, and next week (not yet shown)
DEMO_WORKER_AGREEMENTS = (
    (-4, "Sende bevilling af mentor til borger"),
    (1, "Lave indtægtsberegning ved ordinære timer"),
    (2, "Booke trepartssamtale med virksomheden"),
    (9, "Tjekke Jobnet-CV sammen med borger"),
)

PHASE_WEIGHTS = (
    (Phase.RELATIONSHIP, 20),
    (Phase.JOB_PLAN, 20),
    (Phase.MATCH, 25),
    (Phase.RETENTION, 15),
    (Phase.PROGRESSION, 12),
    (Phase.AFTERCARE, 8),
)
READINESS_BY_PHASE = {
    Phase.RELATIONSHIP: ((Readiness.FAR, 7), (Readiness.CLOSE, 3)),
    Phase.JOB_PLAN: ((Readiness.FAR, 4), (Readiness.CLOSE, 4), (Readiness.READY, 2)),
    Phase.MATCH: ((Readiness.CLOSE, 4), (Readiness.READY, 6)),
    Phase.RETENTION: ((Readiness.READY, 8), (Readiness.CLOSE, 2)),
    Phase.PROGRESSION: ((Readiness.READY, 1),),
    Phase.AFTERCARE: ((Readiness.READY, 1),),
}
TARGET_GROUP_WEIGHTS = (
    (TargetGroup.CASH_BENEFIT, 50),
    (TargetGroup.EDUCATION_BENEFIT, 20),
    (TargetGroup.RESOURCE_COURSE, 15),
    (TargetGroup.JOB_CLARIFICATION, 10),
    (TargetGroup.OTHER, 5),
)


@dataclass(frozen=True)
class DemoSpec:
    today: date
    citizens: int = CITIZENS_PER_TEAM
    seed: int = DEFAULT_SEED


@dataclass(frozen=True)
class DemoSummary:
    citizens: int
    teams: int
    workers: int
    companies: int
    rows: int


_T = TypeVar("_T")


def _pick(rng: random.Random, weighted: Iterable[tuple[_T, int]]) -> _T:
    items, weights = zip(*weighted, strict=True)
    picked: _T = rng.choices(items, weights)[0]
    return picked


def _sql_value(value: object) -> object:
    """Python value → what SQLAlchemy's SQLite types store, so the ORM reads it back."""
    kind = type(value)
    if kind is str or kind is int or kind is float or value is None:
        return value
    if isinstance(value, datetime):  # before date: a datetime is a date
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return _date_text(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    raise TypeError(f"cannot store {value!r}")


_DATE_TEXT: dict[date, str] = {}


def _date_text(day: date) -> str:
    text = _DATE_TEXT.get(day)
    if text is None:
        text = _DATE_TEXT[day] = day.isoformat()
    return text


# Version 4, variant RFC 4122: the bits uuid.UUID(version=4) would set.
_UUID4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_UUID4_SET = (0x4000 << 64) | (0x8000 << 48)


class _Writer:
    """Buffers rows per table and flushes them with executemany."""

    FLUSH_AT = 50_000

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.buffers: dict[str, list[list[object]]] = {}
        self.layout: dict[str, tuple[dict[str, int], list[object], str]] = {}
        self.rows = 0
        for table in SQLModel.metadata.sorted_tables:
            names = [c.name for c in table.columns]
            defaults = []
            for column in table.columns:
                default = (
                    column.default.arg
                    if isinstance(column.default, ColumnDefault) and not callable(column.default.arg)
                    else None
                )
                if default is None and not column.nullable and str(column.type).startswith("VARCHAR"):
                    default = ""
                defaults.append(_sql_value(default))
            sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            self.layout[table.name] = ({n: i for i, n in enumerate(names)}, defaults, sql)
            self.buffers[table.name] = []

    def add(self, table: str, values: dict[str, object]) -> None:
        index, defaults, _ = self.layout[table]
        row = defaults.copy()
        for name, value in values.items():
            row[index[name]] = _sql_value(value)
        buffer = self.buffers[table]
        buffer.append(row)
        if len(buffer) >= self.FLUSH_AT:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        for name in [table] if table else list(self.buffers):
            rows = self.buffers[name]
            if rows:
                self.conn.executemany(self.layout[name][2], rows)
                self.rows += len(rows)
                rows.clear()


class _DemoBuilder:
    def __init__(self, spec: DemoSpec, writer: _Writer, progress: Progress | None) -> None:
        self.spec = spec
        self.today = spec.today
        from faker import Faker  # deferred: importing Faker costs start-up time when no demo is built

        self.rng = random.Random(spec.seed)
        # Closed cases and the aftercare calls of the cadence draw from their own stream, so
        # adding them left every other citizen of the seed as it was.
        self.history_rng = random.Random(f"{spec.seed}:history")
        # The placements' practical support checklists draw from a stream of their own too.
        self.support_rng = random.Random(f"{spec.seed}:support")
        self.faker = Faker("da_DK")
        self.faker.seed_instance(spec.seed)
        self.w = writer
        self.progress = progress
        # Rows were "made" the day before: never in the future of the app's today.
        self.stamp_text = _sql_value(datetime.combine(self.today - timedelta(days=1), time(7, 30), tzinfo=UTC))
        self.used_cpr: set[str] = set()
        self.used_cvr: set[str] = set()
        self._pools()
        self.counts = {"citizens": 0, "teams": 0, "workers": 0, "companies": 0}
        self.team_no = 0
        # Ids of the people and companies in each generated team, for copies of it.
        self.members: dict[int, dict[str, list[str]]] = {}
        self.birth_years: dict[str, int] = {}  # citizen id → year of birth, for copies of the citizen
        self.month_lists: dict[date, list[date]] = {}
        # Of the citizen being made: the main placement (kind, start, ordinary hours, status) and
        # the start of the first placement.
        self.last_placement: tuple[PlacementKind, date, float, PlacementStatus] | None = None
        self.first_start: date | None = None

    # --- helpers ----------------------------------------------------------------------

    def _pools(self) -> None:
        f = self.faker
        self.female = sorted({f.first_name_female() for _ in range(400)})
        self.male = sorted({f.first_name_male() for _ in range(400)})
        self.last = sorted({f.last_name() for _ in range(400)})
        self.streets = sorted({f.street_name() for _ in range(300)})
        self.places = sorted({(f.postcode(), f.city()) for _ in range(200)})
        self.company_stems = sorted({f.last_name() for _ in range(300)})

    def uid(self) -> str:
        """A random version-4 UUID as SQLite stores it (32 hex digits), from the seeded rng.

        The last four hex digits are the team number, so a whole team's rows can be found
        and copied by SQL (see _copy_teams).
        """
        bits = (self.rng.getrandbits(128) & _UUID4_CLEAR & ~0xFFFF) | _UUID4_SET | self.team_no
        return f"{bits:032x}"

    def base(self, **values: object) -> dict[str, object]:
        values.setdefault("id", self.uid())
        values.setdefault("created_at", self.stamp_text)
        values.setdefault("updated_at", self.stamp_text)
        return values

    def days(self, n: int) -> date:
        return self.today + timedelta(days=n)

    def between(self, first: date, last: date) -> date:
        """A random day from `first` to `last` (`first` when `last` is earlier)."""
        return first + timedelta(days=self.rng.randint(0, max((last - first).days, 0)))

    def months_from(self, start: date) -> list[date]:
        """The first days of the months from `start`'s to today's; the few distinct ones are kept."""
        months = self.month_lists.get(start.replace(day=1))
        if months is None:
            months = self.month_lists[start.replace(day=1)] = month_starts(start, self.today)
        return months

    @contextmanager
    def history_draws(self) -> Iterator[None]:
        """Draw from the history stream (ids included) for the rows written inside."""
        main, self.rng = self.rng, self.history_rng
        try:
            yield
        finally:
            self.rng = main

    def support_checklist(self, placement_id: str, start: date) -> None:
        """A new placement's practical support (002, table 5-1): some items settled, some open
        with a date around the start, so Min dag and the visit sheet have items due."""
        main, self.rng = self.rng, self.support_rng
        try:
            for item in SUPPORT_ITEMS:
                draw = self.rng.random()
                if draw < 0.3:
                    continue  # not looked at yet
                state = SupportState.OPEN
                if draw > 0.75:
                    state = SupportState.DONE
                elif draw > 0.65:
                    state = SupportState.NOT_NEEDED
                self.w.add(
                    "placement_support",
                    self.base(
                        placement_id=placement_id,
                        item=item,
                        state=state,
                        due_on=start + timedelta(days=self.rng.randint(-5, 14)),
                        note=SUPPORT_NOTES[item] if self.rng.random() < 0.5 else "",
                    ),
                )
        finally:
            self.rng = main

    def workday(self, n: int) -> date:
        return next_working_day(self.days(n))

    def phone(self) -> str:
        return f"{self.rng.randint(20, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}"

    def person(self, born: date, female: bool, first: str, last: str, postcode: str, city: str) -> dict[str, Any]:
        """A citizen's identity and contact columns (CPR, names, phone, mail, address), drawn in
        one fixed order so that a demo built from the same seed stays the same."""
        return {
            "cpr": self.cpr(born, female),
            "first_name": first,
            "last_name": last,
            "birth_date": born,
            "phone": self.phone(),
            "email": f"{first.lower()}.{last.lower()}@borger.example",
            "address": f"{self.rng.choice(self.streets)} {self.rng.randint(1, 120)}",
            "postal_code": postcode,
            "city": city,
        }

    def cpr(self, born: date, female: bool) -> str:
        yy = born.year % 100
        while True:
            if born.year >= 2000:
                d7 = self.rng.choice((4, 9) if yy <= 36 else (5, 6, 7, 8))
            else:
                d7 = self.rng.choice((0, 1, 2, 3))
            serial = f"{d7}{self.rng.randint(0, 99):02d}"
            last = self.rng.choice((0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9))
            digits = f"{born:%d%m}{yy:02d}{serial}{last}"
            if digits not in self.used_cpr:
                self.used_cpr.add(digits)
                return digits

    def cvr(self) -> str:
        weights = (2, 7, 6, 5, 4, 3, 2)
        while True:
            head = [self.rng.randint(1, 9)] + [self.rng.randint(0, 9) for _ in range(6)]
            remainder = sum(d * w for d, w in zip(head, weights, strict=True)) % 11
            check = (11 - remainder) % 11
            if check == 10:
                continue
            number = "".join(map(str, head)) + str(check)
            if number not in self.used_cvr:
                self.used_cvr.add(number)
                return number

    # --- build ------------------------------------------------------------------------

    def build(self) -> DemoSummary:
        """Generate the first teams in Python; larger sizes copy them in SQL.

        Generating a team row by row costs about 40 ms per 10 citizens here, so beyond
        TEMPLATE_TEAMS teams each further team is a copy of one of the generated ones
        (not the named first team) with new ids, new people, new CPR and CVR numbers.
        """
        total = max(self.spec.citizens, 0)
        sizes = [min(CITIZENS_PER_TEAM, total)]
        remaining = total - sizes[0]
        while remaining > 0:
            sizes.append(min(CITIZENS_PER_TEAM, remaining))
            remaining -= sizes[-1]
        generated = [n for n, size in enumerate(sizes) if n < TEMPLATE_TEAMS or size < CITIZENS_PER_TEAM]
        done = 0
        for team_no in generated:
            self.team_no = team_no
            self.members[team_no] = {"citizen": [], "company": [], "worker": []}
            self.team(team_no, sizes[team_no])
            done += sizes[team_no]
            if self.progress:
                self.progress(done / total if total else 1.0, f"Hold {team_no + 1}")
        self.w.flush()
        copies = [n for n in range(len(sizes)) if n not in set(generated)]
        if copies:
            templates = [n for n in generated if n > 0 and sizes[n] == CITIZENS_PER_TEAM]
            plan = [(templates[k % len(templates)], dst) for k, dst in enumerate(copies)]
            self.w.rows += _copy_teams(self.w.conn, plan, self)
            self.counts["teams"] += len(plan)
            for src, _dst in plan:
                for key, count in (("citizen", "citizens"), ("company", "companies"), ("worker", "workers")):
                    self.counts[count] += len(self.members[src][key])
            if self.progress:
                self.progress(1.0, "Kopier færdige")
        return DemoSummary(rows=self.w.rows, **self.counts)

    def team(self, team_no: int, citizens: int) -> None:
        team_id = self.uid()
        spec: TeamSpec
        if team_no == 0:
            spec = FIRST_TEAM
        else:
            spec = {
                "name": f"Team {team_no + 1:03d}",
                "municipality": FIRST_TEAM["municipality"],
                "leader": (f"L{team_no:04d}", self.person_name(), Role.LEADER),
                "pl": None,
                "vk": [(f"V{team_no:04d}{i}", self.person_name()) for i in range(3)],
                "s": [(f"S{team_no:04d}{i}", self.person_name()) for i in range(6)],
            }
        self.w.add("team", self.base(id=team_id, name=spec["name"], municipality=spec["municipality"]))
        self.counts["teams"] += 1

        def worker(initials: str, name: str, role: Role, partner: str | None = None) -> str:
            wid = self.uid()
            local = name.lower().replace(" ", ".").replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
            self.w.add(
                "worker",
                self.base(
                    id=wid,
                    initials=initials,
                    name=name,
                    role=role,
                    team_id=team_id,
                    partner_id=partner,
                    email=f"{local}@holmbaek.example",
                    phone=self.phone(),
                    active=True,
                ),
            )
            self.counts["workers"] += 1
            self.members[self.team_no]["worker"].append(wid)
            return wid

        leader_initials, leader_name, _ = spec["leader"]
        leader_id = worker(leader_initials, leader_name, Role.LEADER)
        if spec["pl"]:
            worker(spec["pl"][0], spec["pl"][1], Role.PL)
        vk_ids = [worker(i, n, Role.VK) for i, n in spec["vk"]]
        s_ids = [worker(i, n, Role.S, vk_ids[k // 2]) for k, (i, n) in enumerate(spec["s"])]

        companies = [self.company(vk_ids[k % 3]) for k in range(COMPANIES_PER_TEAM if citizens else 0)]

        weights = S_LOAD_WEIGHTS
        shares = [round(citizens * w / sum(weights)) for w in weights]
        shares[-1] = citizens - sum(shares[:-1])
        for s_index, share in enumerate(shares):
            closed = CLOSED_KINDS[: max(share, 0) // 10]
            for _ in range(max(share - len(closed), 0)):
                self.citizen(s_ids[s_index], vk_ids[s_index // 2], companies)
            with self.history_draws():
                for kind in closed:
                    self.closed_citizen(kind, s_ids[s_index], vk_ids[s_index // 2], companies)
        self.aftercare_and_outreach(vk_ids, companies)

        for vk_index, vk_id in enumerate(vk_ids):
            # The VK's company visits, planned and overdue, drive their own "Min dag".
            for offset in (-3, 0, 1, 2, 6, 9):
                company = companies[(vk_index * 7 + offset) % len(companies)] if companies else None
                if company is None:
                    break
                self.w.add(
                    "follow_up",
                    self.base(
                        company_id=company[0],
                        worker_id=vk_id,
                        kind=FollowUpKind.COMPANY_VISIT,
                        due_on=self.workday(offset),
                        status=FollowUpStatus.PLANNED,
                    ),
                )

        for k, (title, text) in enumerate(STORIES):
            self.w.add(
                "success_story",
                self.base(
                    team_id=team_id,
                    worker_id=s_ids[k % len(s_ids)],
                    told_on=self.days(-14 * (k + 1)),
                    title=title,
                    text=text,
                ),
            )
        self.targets(team_id, s_ids, vk_ids, citizens)
        if team_no == 0 and citizens:
            self.demo_worker_agreements()
            self.leader_desk(team_id, leader_id, s_ids, vk_ids)

    def aftercare_and_outreach(self, vk_ids: list[str], companies: list[tuple[str, str, list[str]]]) -> None:
        """Both sides of aftercare and the consultants' outreach, from a random stream of their
        own (so every other row of the seed stays as it was): for the team's cases closed for a
        job still running, the VK's calls to the employer (as closing a case plans them) and the
        open offer given to citizen and company; and this month's and last month's contacts of
        each VK, some for a named citizen, some asking for ordinary hours (000, 4.3)."""
        main, self.rng = self.rng, random.Random(f"{self.spec.seed}:aftercare")
        try:
            self._aftercare_and_outreach(vk_ids, companies)
        finally:
            self.rng = main

    def _aftercare_and_outreach(self, vk_ids: list[str], companies: list[tuple[str, str, list[str]]]) -> None:
        rng, today = self.rng, self.today
        self.w.flush()
        jobs = self.w.conn.execute(
            "SELECT c.id, c.caseworker_id, c.consultant_id, c.closed_on, p.id, p.company_id FROM citizen c"
            " JOIN placement p ON p.citizen_id = c.id AND p.kind = ? AND p.status = ?"
            " WHERE c.close_reason = ? AND c.consultant_id IS NOT NULL AND substr(c.id, 29, 4) = ? ORDER BY c.id",
            (
                _sql_value(PlacementKind.ORDINARY_JOB),
                _sql_value(PlacementStatus.ACTIVE),
                _sql_value(CaseCloseReason.ORDINARY_JOB),
                f"{self.team_no:04x}",
            ),
        ).fetchall()
        for citizen_id, s_id, vk_id, closed_text, job_id, company_id in jobs:
            closed = date.fromisoformat(closed_text)
            calls = employer_aftercare_calls(closed, CadenceSettings())
            for due in calls:
                self.w.add(
                    "follow_up",
                    self.aftercare_call(citizen_id, vk_id, due, company_id=company_id, placement_id=job_id),
                )
            first_citizen_call = next(iter(aftercare_dates(closed)), None)
            offers: dict[str, object] = {}
            if first_citizen_call is not None and first_citizen_call < today and rng.random() < 0.8:
                offers |= {"open_offer_citizen_on": first_citizen_call, "open_offer_citizen_by": s_id}
            if calls and calls[0] < today and rng.random() < 0.8:
                offers |= {"open_offer_company_on": calls[0], "open_offer_company_by": vk_id}
            if offers:
                sets = ", ".join(f"{key} = ?" for key in offers)
                self.w.conn.execute(
                    f"UPDATE citizen SET {sets} WHERE id = ?", [*map(_sql_value, offers.values()), citizen_id]
                )
        # Outreach goes to companies with nobody placed now (new ground), so the flags of those
        # with citizens placed stay as the rest of the demo made them.
        placed = {
            row[0]
            for row in self.w.conn.execute(
                "SELECT DISTINCT company_id FROM placement WHERE status <> ?", (_sql_value(PlacementStatus.ENDED),)
            ).fetchall()
        }
        open_ground = [c for c in companies if c[0] not in placed] or companies
        month = today.replace(day=1)
        for vk_id in vk_ids if companies else []:
            mine = [
                row[0]
                for row in self.w.conn.execute(
                    "SELECT id FROM citizen WHERE consultant_id = ? AND closed_on IS NULL ORDER BY id", (vk_id,)
                ).fetchall()
            ]
            for n in range(rng.randint(4, 7)):
                this_month = n < 4
                first = month if this_month else add_months(month, -1)
                last = today - timedelta(days=1) if this_month else month - timedelta(days=1)
                if last < first:
                    continue
                company_id, _, contacts = rng.choice(open_ground)
                for_citizen = bool(mine) and rng.random() < 0.6
                self.w.add(
                    "company_contact_log",
                    self.base(
                        company_id=company_id,
                        worker_id=vk_id,
                        contact_id=rng.choice(contacts),
                        citizen_id=rng.choice(mine) if for_citizen else None,
                        contacted_on=self.between(first, last),
                        channel=rng.choice(list(ContactChannel)),
                        outcome=rng.choice(OUTREACH_OUTCOMES),
                        next_step="",
                        ordinary_hours_asked=rng.random() < 0.5,
                    ),
                )

    def demo_worker_agreements(self) -> None:
        """Agreements the demo worker owns, due around today, so "Mine aftaler" on Min dag has
        something to show (the random ones mostly belong to others or are kept already)."""
        self.w.flush()
        rows = self.w.conn.execute(
            "SELECT c.id, (SELECT m.id FROM meeting m WHERE m.citizen_id = c.id ORDER BY m.held_on DESC LIMIT 1), w.id "
            "FROM citizen c JOIN worker w ON w.id = c.caseworker_id "
            "WHERE w.initials = ? AND c.closed_on IS NULL ORDER BY c.last_name, c.first_name LIMIT 4",
            (DEMO_WORKER,),
        ).fetchall()
        for (citizen_id, meeting_id, worker_id), (offset, text) in zip(rows, DEMO_WORKER_AGREEMENTS, strict=False):
            self.w.add(
                "agreement",
                self.base(
                    citizen_id=citizen_id,
                    meeting_id=meeting_id,
                    text=text,
                    owner=StepOwner.S,
                    owner_worker_id=worker_id,
                    deadline=self.workday(offset),
                ),
            )

    def leader_desk(self, team_id: str, leader_id: str, s_ids: list[str], vk_ids: list[str]) -> None:
        """What the leader's desk shows: this month's dialogues held with some (notes and an
        agreement each, its deadline after this week so nobody's Min dag changes) and due with
        the rest, the demo worker among them; last month's held with all but one; a good story
        about a named citizen (F4 hides the name in it). Drawn from a stream of its own, so
        adding it left every other row of the seed as it was."""
        main, self.rng = self.rng, random.Random(f"{self.spec.seed}:leader")
        try:
            self._leader_desk(team_id, leader_id, s_ids, vk_ids)
        finally:
            self.rng = main

    def _leader_desk(self, team_id: str, leader_id: str, s_ids: list[str], vk_ids: list[str]) -> None:
        first = month_start(self.today)
        span = (self.today - first).days

        def stamp(day: date) -> str:
            return str(_sql_value(datetime.combine(day, time(10, 0), tzinfo=COPENHAGEN)))

        def note(worker_id: str, month: date, day: date, text: str) -> None:
            at = stamp(day)
            self.w.add(
                "dialogue_note",
                self.base(
                    worker_id=worker_id,
                    month=month,
                    written_by=leader_id,
                    text=text,
                    created_at=at,
                    updated_at=at,
                    updated_by=leader_id,
                ),
            )

        held = [s_ids[1], s_ids[2], vk_ids[0], vk_ids[1]]  # MS, SL, RK, MF; KB, JH, AH, PD, TN are due
        for k, (worker_id, (talk, agreed)) in enumerate(zip(held, LEADER_DIALOGUES, strict=False)):
            day = first + timedelta(days=span * (k + 1) // (len(held) + 1))
            deadline = next_working_day(self.today + timedelta(days=10 + 3 * k))
            note(worker_id, first, day, talk)
            initials = self.w.conn.execute("SELECT initials FROM worker WHERE id = ?", (worker_id,)).fetchone()
            note(worker_id, first, day, f"Aftale: {agreed} – ansvarlig {initials[0]}, frist {deadline:%d-%m-%Y}")
            at = stamp(day)
            self.w.add(
                "agreement",
                self.base(
                    text=agreed,
                    owner=StepOwner.VK if worker_id in vk_ids else StepOwner.S,
                    owner_worker_id=worker_id,
                    deadline=deadline,
                    created_at=at,
                    updated_at=at,
                    updated_by=leader_id,
                ),
            )
        last = add_months(first, -1)
        for k, worker_id in enumerate([*s_ids, *vk_ids]):
            if worker_id == s_ids[-1]:
                continue  # one dialogue last month was never held
            note(worker_id, last, last + timedelta(days=4 + 2 * k), LEADER_DIALOGUES[k % len(LEADER_DIALOGUES)][0])

        citizen = self.w.conn.execute(
            "SELECT id, first_name FROM citizen WHERE caseworker_id = ? AND closed_on IS NULL "
            "ORDER BY last_name, first_name LIMIT 1",
            (s_ids[0],),
        ).fetchone()
        if citizen is not None:
            title, text = NAMED_STORY
            self.w.add(
                "success_story",
                self.base(
                    team_id=team_id,
                    worker_id=s_ids[0],
                    citizen_id=citizen[0],
                    told_on=self.days(-3),
                    title=title,
                    text=text.format(name=citizen[1]),
                ),
            )

    def person_name(self) -> str:
        first = self.rng.choice(self.female if self.rng.random() < 0.5 else self.male)
        return f"{first} {self.rng.choice(self.last)}"

    def company(self, owner_id: str) -> tuple[str, str, list[str]]:
        rng = self.rng
        industry = rng.choice(INDUSTRIES)
        company_id = self.uid()
        stem = rng.choice(self.company_stems)
        suffix = rng.choice(("ApS", "A/S", "& Søn", "I/S", "ApS"))
        postcode, city = rng.choice(self.places)
        name = f"{stem}s {industry.split()[0]} {suffix}" if rng.random() < 0.5 else f"{stem} {suffix}"
        renegotiate = rng.random() < 0.1
        self.w.add(
            "company",
            self.base(
                id=company_id,
                name=name,
                cvr=self.cvr(),
                industry=industry,
                address=f"{rng.choice(self.streets)} {rng.randint(1, 180)}",
                postal_code=postcode,
                city=city,
                phone=self.phone(),
                owner_id=owner_id,
                standing_agreement="Rammeaftale om praktikpladser fra 2019" if renegotiate else "",
                renegotiate=renegotiate,
            ),
        )
        self.counts["companies"] += 1
        self.members[self.team_no]["company"].append(company_id)
        contacts = []
        for _ in range(rng.randint(1, 2)):
            contact_id = self.uid()
            first = rng.choice(self.female + self.male)
            last = rng.choice(self.last)
            self.w.add(
                "company_contact",
                self.base(
                    id=contact_id,
                    company_id=company_id,
                    name=f"{first} {last}",
                    role=rng.choice(("Indehaver", "Driftsleder", "HR-ansvarlig", "Butikschef", "Værkfører")),
                    phone=self.phone(),
                    email=f"{first.lower()}@{stem.lower()}.example",
                ),
            )
            contacts.append(contact_id)
        for _ in range(rng.randint(1, 3)):
            when = self.days(-rng.randint(3, 200))
            has_next = rng.random() < 0.4
            self.w.add(
                "company_contact_log",
                self.base(
                    company_id=company_id,
                    worker_id=owner_id,
                    contact_id=rng.choice(contacts),
                    contacted_on=when,
                    channel=rng.choice(list(ContactChannel)),
                    outcome=rng.choice(
                        (
                            "Interesseret i en praktikant",
                            "Ingen ledige opgaver lige nu",
                            "Vil gerne drøfte løntimer",
                            "Aftalt besøg",
                        )
                    ),
                    next_step="Ringe igen" if has_next else "",
                    next_step_on=self.workday(rng.randint(1, 30)) if has_next else None,
                ),
            )
        if rng.random() < 0.2:
            self.w.add(
                "job_opening",
                self.base(
                    company_id=company_id,
                    title=rng.choice(JOB_TITLES[industry]),
                    description="Få timer om ugen til at starte med",
                    hours_per_week=rng.choice((4, 8, 12, 15, 20)),
                    spotted_on=self.days(-rng.randint(1, 60)),
                    status=OpeningStatus.OPEN,
                ),
            )
        return company_id, industry, contacts

    def citizen(self, s_id: str, vk_id: str, companies: list[tuple[str, str, list[str]]]) -> None:
        rng = self.rng
        today = self.today
        female = rng.random() < 0.5
        first = rng.choice(self.female if female else self.male)
        last = rng.choice(self.last)
        born = date(today.year - rng.randint(18, 62), rng.randint(1, 12), rng.randint(1, 28))
        phase: Phase = _pick(rng, PHASE_WEIGHTS)
        readiness: Readiness = _pick(rng, READINESS_BY_PHASE[phase])
        target_group: TargetGroup = _pick(rng, TARGET_GROUP_WEIGHTS)
        if today.year - born.year >= 30 and target_group is TargetGroup.EDUCATION_BENEFIT:
            target_group = TargetGroup.CASH_BENEFIT
        citizen_id = self.uid()
        opened = self.days(-rng.randint(30, 700))
        late_phase = phase in (Phase.MATCH, Phase.RETENTION, Phase.PROGRESSION, Phase.AFTERCARE)
        # A VK joins when the citizen nears a company; that keeps VK caseloads near 30–45.
        has_vk = phase in (Phase.MATCH, Phase.RETENTION, Phase.PROGRESSION) or (
            phase is Phase.AFTERCARE and rng.random() < 0.5
        )
        waiting_vk = (not has_vk) and phase is Phase.JOB_PLAN and readiness is not Readiness.FAR
        postcode, city = rng.choice(self.places)
        citizen_row = self.base(
            id=citizen_id,
            **self.person(born, female, first, last, postcode, city),
            target_group=target_group,
            readiness=readiness,
            phase=phase,
            caseworker_id=s_id,
            consultant_id=vk_id if has_vk else None,
            opened_on=opened,
            vk_requested_on=max(self.days(-rng.randint(2, 40)), opened) if waiting_vk else (opened if has_vk else None),
            first_vk_meeting_on=(opened + timedelta(days=rng.randint(1, 14))) if has_vk else None,
        )
        self.counts["citizens"] += 1
        self.members[self.team_no]["citizen"].append(citizen_id)
        self.birth_years[citizen_id] = born.year

        # CV: missing is common early, rare later ("who has no CV?").
        if phase is Phase.RELATIONSHIP:
            cv = _pick(rng, ((CvState.MISSING, 6), (CvState.STARTED, 3), (CvState.DONE, 1)))
        elif phase is Phase.JOB_PLAN:
            cv = _pick(rng, ((CvState.MISSING, 3), (CvState.STARTED, 4), (CvState.DONE, 2), (CvState.VISIBLE, 1)))
        else:
            cv = _pick(rng, ((CvState.MISSING, 1), (CvState.DONE, 3), (CvState.VISIBLE, 6)))
        self.w.add(
            "cv_status",
            self.base(
                citizen_id=citizen_id,
                jobnet_state=cv,
                application_cv=cv in (CvState.DONE, CvState.VISIBLE),
                application_cv_updated_on=self.days(-rng.randint(5, 200)) if cv is not CvState.MISSING else None,
                last_updated_on=self.days(-rng.randint(5, 200)) if cv is not CvState.MISSING else None,
                next_step={
                    CvState.MISSING: "Oprette CV på Jobnet sammen med borger",
                    CvState.STARTED: "Gøre CV færdigt og synligt",
                }.get(cv, ""),
            ),
        )

        company = rng.choice(companies) if companies else None
        industry = company[1] if company else rng.choice(INDUSTRIES)

        # ABC plan: none in the first phase, growing after; a few late cases lack one.
        any_goal = agreed = has_development_goal = False
        if phase is not Phase.RELATIONSHIP and not (late_phase and rng.random() < 0.08):
            any_goal = True
            agreed = phase is not Phase.JOB_PLAN or rng.random() < 0.5
            kinds = (JobGoalKind.A, JobGoalKind.B, JobGoalKind.C) if agreed else (JobGoalKind.A,)
            for kind in kinds:
                goal_id = self.uid()
                titles = JOB_TITLES[industry]
                title = {
                    JobGoalKind.A: titles[1],
                    JobGoalKind.B: titles[0],
                    JobGoalKind.C: "Småjob: " + titles[0].lower(),
                }[kind]
                # Every fact of the history lies between the opening of the case and today:
                # drawn dates are moved up to the opening, the draws themselves kept.
                agreed_on = max(self.days(-rng.randint(10, 150)), opened) if agreed else None
                self.w.add(
                    "job_goal",
                    self.base(
                        id=goal_id,
                        citizen_id=citizen_id,
                        kind=kind,
                        title=title,
                        status=GoalStatus.AGREED if agreed else GoalStatus.PROPOSED,
                        agreed_on=agreed_on,
                    ),
                )
                done = rng.random() < 0.5
                due_on = self.days(rng.randint(-20, 40))
                done_on = max(self.days(-rng.randint(1, 30)), agreed_on or opened) if done else None
                self.w.add(
                    "goal_action",
                    self.base(
                        job_goal_id=goal_id,
                        text=f"Undersøge muligheder som {title.lower()}",
                        status=ActionStatus.DONE if done else ActionStatus.OPEN,
                        due_on=due_on,
                        done_on=done_on,
                    ),
                )
        if (phase is Phase.JOB_PLAN and rng.random() < 0.8) or (phase is Phase.RELATIONSHIP and rng.random() < 0.25):
            has_development_goal = True
            area, text = rng.choice(DEVELOPMENT_AREAS)
            dev_id = self.uid()
            status = GoalStatus.AGREED if rng.random() < 0.7 else GoalStatus.PROPOSED
            agreed_on = max(self.days(-rng.randint(5, 90)), opened)
            self.w.add(
                "development_goal",
                self.base(
                    id=dev_id,
                    citizen_id=citizen_id,
                    area=area,
                    description=text,
                    status=status,
                    agreed_on=agreed_on if status is GoalStatus.AGREED else None,
                ),
            )
            self.w.add(
                "goal_action",
                self.base(
                    development_goal_id=dev_id,
                    text="Aftale fast ugentlig tid til samtale",
                    status=ActionStatus.OPEN,
                    due_on=self.days(rng.randint(1, 30)),
                ),
            )

        # Min Plan: some citizens have no agreed sub-goals, some are past deadline.
        if rng.random() > 0.15:
            for owner, text in rng.sample(PLAN_STEPS, rng.randint(1, 4)):
                deadline = self.days(rng.randint(-25, 45))
                done = deadline < today and rng.random() < 0.6
                # Agreed after the opening and by the deadline; done once agreed.
                agreed_on = min(max(self.days(-rng.randint(20, 90)), opened), deadline)
                done_on = max(deadline - timedelta(days=rng.randint(0, 5)), agreed_on) if done else None
                self.w.add(
                    "plan_step",
                    self.base(
                        citizen_id=citizen_id,
                        text=text,
                        owner=owner,
                        agreed_on=agreed_on,
                        deadline=deadline,
                        done_on=done_on,
                    ),
                )

        self.last_placement = self.first_start = None
        placement = self.placement(citizen_id, phase, company) if company else None
        running = self.last_placement
        # In an ordinary job the calls follow the aftercare cadence: those due before today were
        # held on the day, the next one is planned (None once aftercare has run its course).
        employed_since = running[1] if running and running[0] is PlacementKind.ORDINARY_JOB else None
        calls: list[date] = []
        next_call: date | None = None
        if employed_since is not None:
            calls, next_call = self.aftercare_calls(employed_since)

        # Contact history: held conversations every 4–6 weeks (002, after table 5-1).
        held_kind = FollowUpKind.PLACEMENT_FOLLOW_UP if placement else FollowUpKind.CONVERSATION
        if phase is Phase.AFTERCARE:
            held_kind = FollowUpKind.AFTERCARE
        follower = vk_id if placement and rng.random() < 0.5 else s_id
        last_held = previous_working_day(self.days(-rng.randint(3, 45)))
        # A placement with no follow-up inside 31 days must show as a warning.
        if placement and rng.random() < 0.18:
            last_held = previous_working_day(self.days(-rng.randint(32, 70)))
        when = last_held
        for k in range(rng.randint(1, 3)):
            if when < opened:
                break
            held_on, held_as, placement_id = when, held_kind if k == 0 else FollowUpKind.CONVERSATION, None
            form = (
                ContactForm.COMPANY_VISIT
                if placement and k == 0
                else rng.choice((ContactForm.IN_PERSON, ContactForm.PHONE, ContactForm.VIDEO))
            )
            if k == 0 and calls:
                held_on, placement_id, form = calls.pop(), placement, ContactForm.PHONE  # the rest below
            elif employed_since is not None:
                # Conversations before the job began (a week apart at the least).
                held_on = min(when, previous_working_day(employed_since - timedelta(days=1 + 7 * k)))
                held_as = FollowUpKind.CONVERSATION
            elif k == 0 and placement and running and when >= running[1]:
                placement_id = placement
            elif k == 0 and placement:
                held_as, form = FollowUpKind.CONVERSATION, ContactForm.IN_PERSON  # before the placement began
            self.w.add(
                "follow_up",
                self.base(
                    citizen_id=citizen_id,
                    worker_id=follower if k == 0 else s_id,
                    placement_id=placement_id,
                    kind=held_as,
                    due_on=held_on,
                    status=FollowUpStatus.HELD,
                    held_on=held_on,
                    form=form,
                    note=rng.choice(NOTE_TEXTS),
                ),
            )
            when = previous_working_day(when - timedelta(days=rng.randint(28, 42)))
        if calls:
            with self.history_draws():
                for call in calls:
                    self.w.add("follow_up", self.aftercare_call(citizen_id, s_id, call, placement_id=placement))

        # The next planned follow-up: overdue, today, this week, next week or later.
        bucket = rng.random()
        if bucket < 0.05:
            due = None  # no follow-up planned: the desk must say so
        elif bucket < 0.17:
            due = self.days(-rng.randint(1, 20))
        elif bucket < 0.23:
            due = today
        elif bucket < 0.40:
            due = self.days(rng.randint(1, 4))
        elif bucket < 0.58:
            due = self.days(rng.randint(5, 11))
        else:
            due = self.days(rng.randint(12, 40))
        if due is not None:
            if due != today:
                due = next_working_day(due)
            follow_up_kind = held_kind if placement else FollowUpKind.CONVERSATION
            if phase is Phase.AFTERCARE:
                follow_up_kind = FollowUpKind.AFTERCARE
            if phase is Phase.MATCH and rng.random() < 0.3:
                follow_up_kind = FollowUpKind.THREE_PARTY
            if next_call is not None:
                due = next_call
            elif employed_since is not None:
                follow_up_kind = FollowUpKind.CONVERSATION  # aftercare is over: a last conversation
            self.w.add(
                "follow_up",
                self.base(
                    citizen_id=citizen_id,
                    worker_id=s_id,
                    placement_id=placement,
                    kind=follow_up_kind,
                    due_on=due,
                    status=FollowUpStatus.PLANNED,
                ),
            )
        elif next_call is not None:
            with self.history_draws():
                self.w.add("follow_up", self.aftercare_call(citizen_id, s_id, next_call, placement_id=placement))

        for _ in range(rng.randint(1, 3)):
            written = datetime.combine(
                max(self.days(-rng.randint(1, 300)), opened),
                time(rng.randint(7, 14), rng.choice((0, 15, 30, 45))),
                tzinfo=UTC,
            )
            self.w.add(
                "note",
                self.base(citizen_id=citizen_id, worker_id=s_id, written_at=written, text=rng.choice(NOTE_TEXTS)),
            )

        if late_phase and company and rng.random() < 0.6:
            held = max(self.days(-rng.randint(5, 60)), opened)
            meeting_id = self.uid()
            self.w.add(
                "meeting",
                self.base(
                    id=meeting_id,
                    citizen_id=citizen_id,
                    company_id=company[0],
                    company_contact_id=company[2][0],
                    placement_id=placement,
                    caseworker_id=s_id,
                    consultant_id=vk_id,
                    guide_id="trepart",
                    guide_version=1,
                    title="Trepartssamtale",
                    planned_on=held,
                    held_on=held,
                    status=MeetingStatus.HELD,
                    summary="Opgaver, timer og næste opfølgning aftalt.",
                ),
            )
            for owner, text in rng.sample(MEETING_AGREEMENTS, rng.randint(1, 3)):
                deadline = held + timedelta(days=rng.randint(7, 40))
                self.w.add(
                    "agreement",
                    self.base(
                        citizen_id=citizen_id,
                        meeting_id=meeting_id,
                        company_id=company[0],
                        text=text,
                        owner=owner,
                        owner_worker_id={StepOwner.S: s_id, StepOwner.VK: vk_id}.get(owner),
                        deadline=deadline,
                        done_on=deadline - timedelta(days=2) if deadline < today and rng.random() < 0.6 else None,
                    ),
                )

        # The phase shown is the one the data says (002, table 5-1), as the desk derives it.
        facts = PhaseFacts(
            has_agreed_job_goal=agreed,
            has_any_job_goal=any_goal,
            has_development_goal=has_development_goal,
            has_consultant=has_vk,
            running_kind=running[0] if running and running[3] is PlacementStatus.ACTIVE else None,
            running_since=running[1] if running and running[3] is PlacementStatus.ACTIVE else None,
            running_ordinary_hours=running[2] if running and running[3] is PlacementStatus.ACTIVE else 0.0,
            has_planned_placement=bool(running and running[3] is PlacementStatus.PLANNED),
        )
        citizen_row["phase"] = derive_phase(facts, today).phase
        # A case opens before its first placement starts: a placement drawn earlier moves the
        # opening (and the VK dates that count from it) back to two weeks before that start.
        if self.first_start is not None and self.first_start < opened:
            earlier = opened - self.first_start + timedelta(days=14)
            for key in ("opened_on", "vk_requested_on", "first_vk_meeting_on") if has_vk else ("opened_on",):
                value = citizen_row[key]
                if isinstance(value, date):
                    citizen_row[key] = value - earlier
        self.w.add("citizen", citizen_row)

    def aftercare_calls(self, employed_since: date) -> tuple[list[date], date | None]:
        """The aftercare calls the cadence plans from the first day of an ordinary job, each held
        on the day it was due: those before today, and the next one (None when it is over)."""
        situation, held, last = Situation(employed_since=employed_since), [], employed_since
        while (proposal := next_follow_up(last, situation)) is not None and proposal.due < self.today:
            held.append(proposal.due)
            last = proposal.due
        return held, proposal.due if proposal else None

    def aftercare_call(self, citizen_id: str, worker_id: str, due: date, **values: object) -> dict[str, object]:
        """An aftercare call by phone: held on the day when that is before today, else planned."""
        held = due < self.today
        return self.base(
            citizen_id=citizen_id,
            worker_id=worker_id,
            kind=FollowUpKind.AFTERCARE,
            due_on=due,
            status=FollowUpStatus.HELD if held else FollowUpStatus.PLANNED,
            held_on=due if held else None,
            form=ContactForm.PHONE if held else None,
            note=self.rng.choice(AFTERCARE_NOTES) if held else "",
            **values,
        )

    def closed_citizen(self, kind: str, s_id: str, vk_id: str, companies: list[tuple[str, str, list[str]]]) -> None:
        """A case closed before today (see CLOSED_KINDS). Its history lies between the opening and
        the closing, as closing a case on the desk leaves it (db/queries/edits.close_case): the
        planned follow-up skipped, and after an ordinary job the calls of aftercare_dates planned
        from the closing day – those before today held since."""
        rng, today = self.rng, self.today
        if kind == "aftercare":
            reason = CaseCloseReason.ORDINARY_JOB
            closed = previous_working_day(self.days(-rng.randint(3, 70)))
        elif kind == "erasable":
            reason = _pick(rng, CLOSE_REASON_WEIGHTS)
            cutoff = case_erasure_cutoff(today, CLOSED_CASE_YEARS)
            closed = previous_working_day(cutoff - timedelta(days=rng.randint(1, 700)))
        else:  # within the retention period, the oldest a month before its end
            reason = _pick(rng, CLOSE_REASON_WEIGHTS)
            closed = previous_working_day(self.days(-rng.randint(75, 365 * CLOSED_CASE_YEARS - 30)))
        opened = closed - timedelta(days=rng.randint(120, 700))
        job = reason is CaseCloseReason.ORDINARY_JOB
        in_aftercare = job and add_months(closed, 3) >= today  # the job still runs as a placement
        female = rng.random() < 0.5
        first = rng.choice(self.female if female else self.male)
        last = rng.choice(self.last)
        born = date(opened.year - rng.randint(19, 58), rng.randint(1, 12), rng.randint(1, 28))  # 18 or more then
        target_group: TargetGroup = _pick(rng, TARGET_GROUP_WEIGHTS)
        if opened.year - born.year >= 30 and target_group is TargetGroup.EDUCATION_BENEFIT:
            target_group = TargetGroup.CASH_BENEFIT
        company = rng.choice(companies) if companies else None
        has_vk = company is not None and (job or rng.random() < 0.5)
        citizen_id = self.uid()
        postcode, city = rng.choice(self.places)
        vk_requested = opened + timedelta(days=rng.randint(7, 40)) if has_vk else None
        citizen_row = self.base(
            id=citizen_id,
            **self.person(born, female, first, last, postcode, city),
            target_group=target_group,
            readiness=Readiness.READY if job or reason is CaseCloseReason.EDUCATION else Readiness.CLOSE,
            caseworker_id=s_id,
            consultant_id=vk_id if has_vk else None,
            opened_on=opened,
            vk_requested_on=vk_requested,
            first_vk_meeting_on=vk_requested + timedelta(days=rng.randint(3, 14)) if vk_requested else None,
            closed_on=closed,
            close_reason=reason,
        )
        self.counts["citizens"] += 1
        self.members[self.team_no]["citizen"].append(citizen_id)
        self.birth_years[citizen_id] = born.year

        cv = _pick(rng, ((CvState.STARTED, 1), (CvState.DONE, 2), (CvState.VISIBLE, 3)))
        cv_on = self.between(opened, closed)
        self.w.add(
            "cv_status",
            self.base(
                citizen_id=citizen_id,
                jobnet_state=cv,
                application_cv=cv is not CvState.STARTED,
                application_cv_updated_on=cv_on,
                last_updated_on=cv_on,
            ),
        )

        industry = company[1] if company else rng.choice(INDUSTRIES)
        titles = JOB_TITLES[industry]
        agreed_on = self.between(opened + timedelta(days=14), closed - timedelta(days=60))
        for goal_kind, title in ((JobGoalKind.A, titles[1]), (JobGoalKind.B, titles[0])):
            goal_id = self.uid()
            reached = job and goal_kind is JobGoalKind.B
            self.w.add(
                "job_goal",
                self.base(
                    id=goal_id,
                    citizen_id=citizen_id,
                    kind=goal_kind,
                    title=title,
                    status=GoalStatus.ACHIEVED if reached else GoalStatus.AGREED,
                    agreed_on=agreed_on,
                ),
            )
            self.w.add(
                "goal_action",
                self.base(
                    job_goal_id=goal_id,
                    text=f"Undersøge muligheder som {title.lower()}",
                    status=ActionStatus.DONE,
                    due_on=agreed_on + timedelta(days=30),
                    done_on=self.between(agreed_on, min(agreed_on + timedelta(days=30), closed)),
                ),
            )
        for owner, text in rng.sample(PLAN_STEPS, rng.randint(1, 3)):
            step_agreed = self.between(agreed_on, closed - timedelta(days=14))
            deadline = step_agreed + timedelta(days=rng.randint(14, 45))
            self.w.add(
                "plan_step",
                self.base(
                    citizen_id=citizen_id,
                    text=text,
                    owner=owner,
                    agreed_on=step_agreed,
                    deadline=deadline,
                    done_on=self.between(step_agreed, deadline) if deadline <= closed else None,
                ),
            )

        # A placement that ended at the closing (in the job or education it led to), or before it.
        running: tuple[date, float] | None = None  # the job's start and hours, while aftercare runs
        if company and (job or reason is CaseCloseReason.EDUCATION or rng.random() < 0.5):
            company_id, _, contacts = company
            start0 = self.between(agreed_on, closed - timedelta(days=56))
            end0 = closed - timedelta(days=1) if reason in PLACEMENT_END_REASONS else self.between(start0, closed)
            placement_id = self.uid()
            self.w.add(
                "placement",
                self.base(
                    id=placement_id,
                    citizen_id=citizen_id,
                    company_id=company_id,
                    contact_id=contacts[0],
                    kind=PlacementKind.INTERNSHIP,
                    purpose="Afprøve arbejdsfunktioner",
                    tasks=TASKS_BY_INDUSTRY[industry],
                    hours_per_week=20.0,
                    start_on=start0,
                    planned_end_on=start0 + timedelta(weeks=13),
                    ended_on=end0,
                    status=PlacementStatus.ENDED,
                    end_reason=PLACEMENT_END_REASONS.get(
                        reason, _pick(rng, ((PlacementEndReason.CITIZEN_STOPPED, 2), (PlacementEndReason.ILLNESS, 1)))
                    ),
                ),
            )
            self.w.add(
                "placement_hours",
                self.base(placement_id=placement_id, effective_on=start0, hours_per_week=20.0),
            )
            if in_aftercare:
                # The job itself, from the closing day: aftercare runs while it does.
                hours = float(rng.choice((15, 20, 25, 30, 37)))
                job_id = self.uid()
                self.w.add(
                    "placement",
                    self.base(
                        id=job_id,
                        citizen_id=citizen_id,
                        company_id=company_id,
                        contact_id=contacts[0],
                        kind=PlacementKind.ORDINARY_JOB,
                        purpose="Fastholde og udvide timetallet",
                        tasks=TASKS_BY_INDUSTRY[industry],
                        hours_per_week=hours,
                        ordinary_hours_per_week=hours,
                        start_on=closed,
                        status=PlacementStatus.ACTIVE,
                    ),
                )
                self.w.add(
                    "placement_hours",
                    self.base(
                        placement_id=job_id, effective_on=closed, hours_per_week=hours, ordinary_hours_per_week=hours
                    ),
                )
                running = (closed, hours)

        # Conversations every 4–6 weeks up to the closing; the next one, planned, was skipped by it.
        when = previous_working_day(closed - timedelta(days=rng.randint(0, 21)))
        for _ in range(rng.randint(2, 4)):
            if when < opened:
                break
            self.w.add(
                "follow_up",
                self.base(
                    citizen_id=citizen_id,
                    worker_id=s_id,
                    kind=FollowUpKind.CONVERSATION,
                    due_on=when,
                    status=FollowUpStatus.HELD,
                    held_on=when,
                    form=rng.choice((ContactForm.IN_PERSON, ContactForm.PHONE, ContactForm.VIDEO)),
                    note=rng.choice(NOTE_TEXTS),
                ),
            )
            when = previous_working_day(when - timedelta(days=rng.randint(28, 42)))
        self.w.add(
            "follow_up",
            self.base(
                citizen_id=citizen_id,
                worker_id=s_id,
                kind=FollowUpKind.CONVERSATION,
                due_on=next_working_day(closed + timedelta(days=rng.randint(7, 28))),
                status=FollowUpStatus.SKIPPED,
                reason=f"Sagen lukket: {reason.label}",
            ),
        )
        if job:
            for due in aftercare_dates(closed):
                self.w.add("follow_up", self.aftercare_call(citizen_id, s_id, due))

        for _ in range(rng.randint(1, 2)):
            written_on = self.between(opened, closed - timedelta(days=1))
            self.w.add(
                "note",
                self.base(
                    citizen_id=citizen_id,
                    worker_id=s_id,
                    written_at=datetime.combine(written_on, time(rng.randint(7, 14), 0), tzinfo=UTC),
                    text=rng.choice(NOTE_TEXTS),
                ),
            )
        self.w.add(
            "note",
            self.base(
                citizen_id=citizen_id,
                worker_id=s_id,
                written_at=datetime.combine(closed, time(rng.randint(8, 14), 30), tzinfo=UTC),
                text=CLOSING_NOTES[reason],
            ),
        )

        facts = PhaseFacts(
            has_agreed_job_goal=True,
            has_any_job_goal=True,
            has_development_goal=False,
            has_consultant=has_vk,
            running_kind=PlacementKind.ORDINARY_JOB if running else None,
            running_since=running[0] if running else None,
            running_ordinary_hours=running[1] if running else 0.0,
            has_planned_placement=False,
            aftercare_until=add_months(closed, 3) if job else None,  # [cadence] aftercare_months
        )
        citizen_row["phase"] = derive_phase(facts, today).phase
        self.w.add("citizen", citizen_row)

    def placement(self, citizen_id: str, phase: Phase, company: tuple[str, str, list[str]]) -> str | None:
        """A placement that fits the phase; returns its id when it is running."""
        rng = self.rng
        today = self.today
        company_id, industry, contacts = company
        if phase in (Phase.RELATIONSHIP, Phase.JOB_PLAN):
            return None
        if phase is Phase.MATCH and rng.random() < 0.5:
            return None
        kind = PlacementKind.INTERNSHIP
        hours = float(rng.choice((8, 12, 15, 20, 25)))
        ordinary = 0.0
        if phase is Phase.MATCH:
            start = self.days(-rng.randint(0, 25))
        elif phase is Phase.RETENTION:
            start = self.days(-rng.randint(30, 240))
            kind = _pick(
                rng, ((PlacementKind.INTERNSHIP, 6), (PlacementKind.WAGE_SUBSIDY, 3), (PlacementKind.SMALL_JOB, 1))
            )
            # Some run three months or more with no ordinary hours: they must be flagged (000, 4.6).
            if rng.random() < 0.45:
                ordinary = float(rng.choice((2, 4, 5, 8)))
        elif phase is Phase.PROGRESSION:
            start = self.days(-rng.randint(90, 300))
            kind = _pick(
                rng, ((PlacementKind.ORDINARY_HOURS, 5), (PlacementKind.WAGE_SUBSIDY, 3), (PlacementKind.INTERNSHIP, 2))
            )
            ordinary = float(rng.choice((4, 6, 8, 10, 12)))
        else:  # aftercare: the earlier praktik ended in a job
            earlier = self.uid()
            start0 = self.days(-rng.randint(200, 400))
            end0 = self.days(-rng.randint(30, 90))
            self.w.add(
                "placement",
                self.base(
                    id=earlier,
                    citizen_id=citizen_id,
                    company_id=company_id,
                    contact_id=contacts[0],
                    kind=PlacementKind.INTERNSHIP,
                    purpose="Afprøve arbejdsfunktioner",
                    tasks=TASKS_BY_INDUSTRY[industry],
                    hours_per_week=20.0,
                    ordinary_hours_per_week=0.0,
                    start_on=start0,
                    planned_end_on=start0 + timedelta(weeks=13),
                    ended_on=end0,
                    status=PlacementStatus.ENDED,
                    end_reason=PlacementEndReason.ORDINARY_JOB,
                ),
            )
            self.first_start = start0
            start = end0 + timedelta(days=1)
            kind = PlacementKind.ORDINARY_JOB
            hours = float(rng.choice((15, 20, 25, 30, 37)))
            ordinary = hours
        ordinary = min(ordinary, hours)
        planned_end: date | None = start + timedelta(weeks=rng.choice((4, 8, 13, 26)))
        if kind is not PlacementKind.ORDINARY_JOB and rng.random() < 0.15:
            # Through next summer's holiday weeks 27–32: needs a summer plan (000, 4.1).
            planned_end = date(today.year + 1, 8, rng.randint(10, 28))
        if kind is PlacementKind.ORDINARY_JOB:
            planned_end = None
        status = PlacementStatus.PLANNED if start > today else PlacementStatus.ACTIVE
        if self.first_start is None:
            self.first_start = start
        placement_id = self.uid()
        self.w.add(
            "placement",
            self.base(
                id=placement_id,
                citizen_id=citizen_id,
                company_id=company_id,
                contact_id=contacts[0],
                kind=kind,
                purpose={PlacementKind.INTERNSHIP: "Afklare og udvikle arbejdsevne med henblik på ordinære timer"}.get(
                    kind, "Fastholde og udvide timetallet"
                ),
                tasks=TASKS_BY_INDUSTRY[industry],
                hours_per_week=hours,
                ordinary_hours_per_week=ordinary,
                start_on=start,
                planned_end_on=planned_end,
                status=status,
            ),
        )
        self.w.add(
            "placement_hours",
            self.base(
                placement_id=placement_id,
                effective_on=start,
                hours_per_week=hours,
                ordinary_hours_per_week=0.0 if ordinary and phase is Phase.PROGRESSION else ordinary,
            ),
        )
        if ordinary and phase is Phase.PROGRESSION:
            self.w.add(
                "placement_hours",
                self.base(
                    placement_id=placement_id,
                    effective_on=add_months(start, 2),
                    hours_per_week=hours,
                    ordinary_hours_per_week=ordinary,
                ),
            )
        if phase is Phase.MATCH:
            self.support_checklist(placement_id, start)
        # Monthly progression while the placement has run (progressionsskema).
        level = rng.randint(2, 3)
        for month in self.months_from(start) if status is PlacementStatus.ACTIVE else ():
            level = min(5, level + (1 if rng.random() < 0.35 else 0))
            self.w.add(
                "progress_entry",
                self.base(
                    citizen_id=citizen_id,
                    placement_id=placement_id,
                    month=month,
                    attendance=min(5, level + rng.randint(0, 1)),
                    tasks=level,
                    cooperation=min(5, level + rng.randint(-1, 1)) or 1,
                    independence=max(1, level - 1),
                    pace=level,
                    wellbeing=min(5, level + rng.randint(0, 1)),
                    ordinary_hours=round(ordinary * 4.3, 1) if month > month_start(start) else 0.0,
                    description="Stabilt fremmøde og bedre overblik over opgaverne."
                    if level >= 3
                    else "Har brug for tæt støtte i opstarten.",
                ),
            )
        self.last_placement = (kind, start, ordinary, status)
        return placement_id if status is PlacementStatus.ACTIVE else None

    def targets(self, team_id: str, s_ids: list[str], vk_ids: list[str], citizens: int) -> None:
        """Twelve months of monthly targets: the current month and the eleven before it."""
        scale = max(citizens, 1) / CITIZENS_PER_TEAM
        team_values = {
            TargetMetric.STARTED: 12,
            TargetMetric.IN_PLACEMENT: 70,
            TargetMetric.RETAINED: 25,
            TargetMetric.WITH_CV: 190,
            TargetMetric.WITH_ORDINARY_HOURS: 45,
            TargetMetric.ORDINARY_HOURS_TOTAL: 1400,
            TargetMetric.CONVERSATIONS: 200,
            TargetMetric.WITH_ABC_PLAN: 160,
        }
        for month in reversed(last_months(self.today, 12)):
            for metric, value in team_values.items():
                self.w.add("target", self.base(team_id=team_id, month=month, metric=metric, value=round(value * scale)))
            for s_id in s_ids:
                for metric, value in (
                    (TargetMetric.STARTED, 2),
                    (TargetMetric.CONVERSATIONS, 32),
                    (TargetMetric.WITH_CV, 32),
                ):
                    self.w.add("target", self.base(worker_id=s_id, month=month, metric=metric, value=value))
            for vk_id in vk_ids:
                for metric, value in ((TargetMetric.STARTED, 4), (TargetMetric.IN_PLACEMENT, 23)):
                    self.w.add("target", self.base(worker_id=vk_id, month=month, metric=metric, value=value))


def _copy_teams(conn: sqlite3.Connection, plan: list[tuple[int, int]], builder: _DemoBuilder) -> int:
    """Copy generated teams (src) as new teams (dst) in SQL; returns the rows written.

    Every id of team n ends in n as four hex digits, and rows of a team only point at rows
    of the same team, so a copy rewrites each UUID column's suffix. People, companies and
    workers get new names, CPR, CVR and initials from mapping tables made here.
    """
    rng = builder.rng
    conn.execute("CREATE TEMP TABLE demo_copy (src TEXT, dst TEXT, dst_no INTEGER)")
    conn.executemany("INSERT INTO demo_copy VALUES (?, ?, ?)", [(f"{s:04x}", f"{d:04x}", d) for s, d in plan])
    conn.execute(
        "CREATE TEMP TABLE demo_person (src_id TEXT, dst TEXT, cpr TEXT, first_name TEXT,"
        " last_name TEXT, birth_date TEXT, email TEXT, PRIMARY KEY (src_id, dst))"
    )
    conn.execute(
        "CREATE TEMP TABLE demo_company (src_id TEXT, dst TEXT, cvr TEXT, name TEXT, PRIMARY KEY (src_id, dst))"
    )
    conn.execute(
        "CREATE TEMP TABLE demo_worker (src_id TEXT, dst TEXT, initials TEXT, name TEXT, PRIMARY KEY (src_id, dst))"
    )
    people, companies, workers = [], [], []
    for src, dst in plan:
        suffix = f"{dst:04x}"
        for citizen_id in builder.members[src]["citizen"]:
            female = rng.random() < 0.5
            first = rng.choice(builder.female if female else builder.male)
            last = rng.choice(builder.last)
            # Born up to four years before the original, so a copy is an adult wherever the
            # original's history needs one (a case closed years ago).
            year = builder.birth_years[citizen_id] - rng.randint(0, 4)
            born = date(year, rng.randint(1, 12), rng.randint(1, 28))
            people.append(
                (
                    citizen_id,
                    suffix,
                    builder.cpr(born, female),
                    first,
                    last,
                    born.isoformat(),
                    f"{first.lower()}.{last.lower()}@borger.example",
                )
            )
        for company_id in builder.members[src]["company"]:
            stem = rng.choice(builder.company_stems)
            companies.append((company_id, suffix, builder.cvr(), f"{stem} {rng.choice(('ApS', 'A/S', '& Søn'))}"))
        for k, worker_id in enumerate(builder.members[src]["worker"]):
            workers.append((worker_id, suffix, f"T{dst:04d}{k}", builder.person_name()))
    conn.executemany("INSERT INTO demo_person VALUES (?, ?, ?, ?, ?, ?, ?)", people)
    conn.executemany("INSERT INTO demo_company VALUES (?, ?, ?, ?)", companies)
    conn.executemany("INSERT INTO demo_worker VALUES (?, ?, ?, ?)", workers)

    replaced = {
        "citizen": ("demo_person", {"cpr", "first_name", "last_name", "birth_date", "email"}),
        "company": ("demo_company", {"cvr", "name"}),
        "worker": ("demo_worker", {"initials", "name"}),
    }
    written = 0
    for table in SQLModel.metadata.sorted_tables:
        if table.name in ("db_meta", "audit_event", "change_feed") or table.name.startswith("sync_"):
            continue  # the demo has no log to copy and never syncs
        select = []
        for column in table.columns:
            name = column.name
            if table.name in replaced and name in replaced[table.name][1]:
                select.append(f"m.{name}")
            elif table.name == "team" and name == "name":
                select.append("printf('Team %03d', c.dst_no + 1)")
            elif column.type.python_type is uuid.UUID:
                select.append(f"CASE WHEN t.{name} IS NULL THEN NULL ELSE substr(t.{name}, 1, 28) || c.dst END")
            else:
                select.append(f"t.{name}")
        join = ""
        if table.name in replaced:
            join = f" JOIN {replaced[table.name][0]} m ON m.src_id = t.id AND m.dst = c.dst"
        cursor = conn.execute(
            f"INSERT INTO {table.name} ({', '.join(c.name for c in table.columns)}) "
            f"SELECT {', '.join(select)} FROM {table.name} t JOIN demo_copy c ON substr(t.id, 29, 4) = c.src{join}"
        )
        written += cursor.rowcount
    for temp in ("demo_copy", "demo_person", "demo_company", "demo_worker"):
        conn.execute(f"DROP TABLE {temp}")
    return written


def build_demo_file(path: Path, spec: DemoSpec, progress: Progress | None = None) -> DemoSummary:
    """Build a demo database at `path` (replacing it) atomically: written beside, then renamed."""
    from stvdesk.db.engine import sqlite_url
    from stvdesk.db.migrate import upgrade

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    upgrade(sqlite_url(tmp))
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA foreign_keys=OFF")
        # Random UUID keys scatter index writes: keep the B-trees in memory while building.
        conn.execute("PRAGMA cache_size=-1000000")
        conn.execute("BEGIN")
        # Secondary indexes and triggers (the name search index's among them) are dropped
        # while loading and rebuilt in one pass after.
        indexes = conn.execute(
            "SELECT name, sql, type FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
        ).fetchall()
        for name, _sql, kind in indexes:
            conn.execute(f"DROP {kind.upper()} {name}")
        writer = _Writer(conn)
        summary = _DemoBuilder(spec, writer, progress).build()
        for _name, sql, _kind in indexes:
            conn.execute(sql)
        conn.execute("INSERT INTO citizen_fts(citizen_fts) VALUES ('rebuild')")
        for key, value in (
            ("demo", "1"),
            ("demo_today", spec.today.isoformat()),
            ("demo_seed", str(spec.seed)),
            ("demo_citizens", str(spec.citizens)),
        ):
            conn.execute("INSERT INTO db_meta (key, value) VALUES (?, ?)", (key, value))
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("ANALYZE")
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    for stale in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    tmp.replace(path)
    return summary
