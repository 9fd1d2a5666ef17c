"""Closed vocabularies of the domain, each member with the Danish label a user sees.

Values are short English codes: they are what the database stores (and what a CHECK
constraint allows), so they must never change once shipped; labels may.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self, overload


class Labelled(StrEnum):
    """A string enum whose members carry a Danish label. Being a StrEnum, str() and f-strings
    show the code, not "Class.MEMBER"."""

    label: str

    # `Role("S")` looks a member up by its code: Enum's metaclass answers that call, but type
    # checkers read it against __new__, so the one-argument form is declared too.
    @overload
    def __new__(cls, value: str) -> Self: ...
    @overload
    def __new__(cls, value: str, label: str) -> Self: ...
    def __new__(cls, value: str, label: str | None = None) -> Self:
        if label is None:
            raise TypeError(f"{cls.__name__} {value!r} has no Danish label")
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj


class Role(Labelled):
    S = ("S", "Sagsbehandler")
    VK = ("VK", "Virksomhedskonsulent")
    PL = ("PL", "Projektleder")
    LEADER = ("LEDER", "Leder")


class TargetGroup(Labelled):
    """Målgruppe: the citizen's target group (the glossary in ARCHITECTURE.md)."""

    CASH_BENEFIT = ("kontanthjaelp", "Aktivitetsparat kontanthjælpsmodtager")
    EDUCATION_BENEFIT = ("uddannelseshjaelp", "Aktivitetsparat uddannelseshjælpsmodtager")
    RESOURCE_COURSE = ("ressourceforloeb", "Ressourceforløb")
    JOB_CLARIFICATION = ("jobafklaring", "Jobafklaringsforløb")
    OTHER = ("andet", "Anden målgruppe")


class Readiness(Labelled):
    """Parathed til et virksomhedsforløb."""

    READY = ("klar", "Klar")
    CLOSE = ("taet_paa", "Tæt på")
    FAR = ("laengere_fra", "Længere fra")


class Phase(Labelled):
    """Forløbsfase, in the order of 002 table 5-1."""

    RELATIONSHIP = ("relation", "Relationsopbygning")
    JOB_PLAN = ("jobplan", "Jobplan")
    MATCH = ("match", "Match og ordinære timer")
    RETENTION = ("fastholdelse", "Fastholdelse")
    PROGRESSION = ("progression", "Progression")
    AFTERCARE = ("aftercare", "Efterværn")


class JobGoalKind(Labelled):
    """ABC plan horizons."""

    A = ("A", "A-mål (drømmejobbet)")
    B = ("B", "B-mål (realistisk skridt)")
    C = ("C", "C-mål (job nu)")


class GoalStatus(Labelled):
    PROPOSED = ("proposed", "Foreslået")
    AGREED = ("agreed", "Aftalt")
    ACHIEVED = ("achieved", "Nået")
    DROPPED = ("dropped", "Opgivet")


class ActionStatus(Labelled):
    OPEN = ("open", "Åben")
    DONE = ("done", "Udført")
    DROPPED = ("dropped", "Droppet")


class CvState(Labelled):
    """Jobnet-CV state."""

    MISSING = ("missing", "Mangler")
    STARTED = ("started", "Påbegyndt")
    DONE = ("done", "Færdig")
    VISIBLE = ("visible", "Synligt")


class StepOwner(Labelled):
    """Who owns a Min Plan sub-goal or an agreement."""

    CITIZEN = ("borger", "Borger")
    S = ("S", "Sagsbehandler")
    VK = ("VK", "Virksomhedskonsulent")
    COMPANY = ("virksomhed", "Virksomhed")


class PlacementKind(Labelled):
    INTERNSHIP = ("praktik", "Virksomhedspraktik")
    WAGE_SUBSIDY = ("loentilskud", "Løntilskud")
    ORDINARY_HOURS = ("ordinaere_timer", "Ordinære timer")
    SMALL_JOB = ("smaajob", "Småjob")
    ORDINARY_JOB = ("ordinaert_job", "Ordinært job")


class PlacementStatus(Labelled):
    PLANNED = ("planned", "Planlagt")
    ACTIVE = ("active", "I gang")
    ENDED = ("ended", "Afsluttet")


class SupportItem(Labelled):
    """What a placement's practical support covers (002, table 5-1: practical help in the
    placement phase)."""

    CHILDCARE = ("pasning", "Pasning")
    TRANSPORT = ("transport", "Transport / afhentning")
    SMS_REMINDERS = ("sms", "Påmindelser på sms")
    ABSENCE = ("fravaer", "Ved fravær")
    FIRST_PAYSLIP = ("loenseddel", "Første lønseddel")
    INCOME_REPORT = ("indkomst", "Indberetning af indkomst")


class SupportState(Labelled):
    OPEN = ("open", "Åben")
    DONE = ("done", "Klaret")
    NOT_NEEDED = ("not_needed", "Ikke relevant")


class PlacementEndReason(Labelled):
    ORDINARY_JOB = ("ordinary_job", "Ordinært job")
    EDUCATION = ("education", "Uddannelse")
    COMPLETED = ("completed", "Gennemført som planlagt")
    CITIZEN_STOPPED = ("citizen_stopped", "Afbrudt af borger")
    COMPANY_STOPPED = ("company_stopped", "Afbrudt af virksomhed")
    NO_ORDINARY_HOURS = ("no_ordinary_hours", "Ingen ordinære timer – nyt match")
    ILLNESS = ("illness", "Sygdom")
    OTHER = ("other", "Andet")


class FollowUpKind(Labelled):
    CONVERSATION = ("samtale", "Samtale")
    PLACEMENT_FOLLOW_UP = ("praktikopfoelgning", "Praktikopfølgning")
    THREE_PARTY = ("trepart", "Trepartssamtale")
    COMPANY_VISIT = ("virksomhedsbesoeg", "Virksomhedsbesøg")
    PHONE = ("telefon", "Telefonopfølgning")
    AFTERCARE = ("aftercare", "Efterværnsopkald")


class FollowUpStatus(Labelled):
    PLANNED = ("planned", "Planlagt")
    HELD = ("held", "Afholdt")
    SKIPPED = ("skipped", "Sprunget over")
    MOVED = ("moved", "Flyttet")


class ContactForm(Labelled):
    IN_PERSON = ("fremmoede", "Fremmøde")
    PHONE = ("telefon", "Telefon")
    VIDEO = ("video", "Video")
    COMPANY_VISIT = ("virksomhedsbesoeg", "Virksomhedsbesøg")


class MeetingStatus(Labelled):
    PLANNED = ("planned", "Planlagt")
    IN_PROGRESS = ("in_progress", "I gang")
    HELD = ("held", "Afholdt")
    CANCELLED = ("cancelled", "Aflyst")


class ContactChannel(Labelled):
    PHONE = ("telefon", "Telefon")
    VISIT = ("besoeg", "Besøg")
    MAIL = ("mail", "Mail")
    MEETING = ("moede", "Møde")


class CaseCloseReason(Labelled):
    ORDINARY_JOB = ("ordinary_job", "Ordinært job")
    EDUCATION = ("education", "Uddannelse")
    MOVED = ("moved", "Flyttet")
    OTHER_BENEFIT = ("other_benefit", "Overgået til anden ydelse")
    OTHER = ("other", "Andet")


class OpeningStatus(Labelled):
    OPEN = ("open", "Åben")
    FILLED = ("filled", "Besat")
    CLOSED = ("closed", "Lukket")


class TargetMetric(Labelled):
    """Monthly milestones of production steering (000, 4.3)."""

    STARTED = ("started", "Startet i virksomhedsforløb")
    IN_PLACEMENT = ("in_placement", "I virksomhedsforløb nu")
    # The months are a setting: shown through domain.targets.metric_label, never this label.
    RETAINED = ("retained", "Fastholdt")
    WITH_CV = ("with_cv", "Med Jobnet-CV")
    WITH_ORDINARY_HOURS = ("with_ordinary_hours", "Med ordinære timer")
    ORDINARY_HOURS_TOTAL = ("ordinary_hours_total", "Ordinære timer i alt")
    CONVERSATIONS = ("conversations", "Samtaler afholdt")
    WITH_ABC_PLAN = ("with_abc_plan", "Med aftalt ABC-plan")


class AuditAction(Labelled):
    VIEW = ("view", "Visning")
    SEARCH = ("search", "Søgning")
    REVEAL_CPR = ("reveal_cpr", "CPR vist")
    CHANGE = ("change", "Ændring")
    EXPORT = ("export", "Eksport")
    PRINT = ("print", "Udskrift")
    FAILED_UNLOCK = ("failed_unlock", "Mislykket oplåsning")
