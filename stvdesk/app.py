"""The Textual app: screens, global keys, command palette."""

from __future__ import annotations

import gc
import os
import sys
import uuid
from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from stvdesk.context import DeskContext
from stvdesk.db.queries.workers import WorkerInfo, has_workers
from stvdesk.domain.enums import AuditAction
from stvdesk.screens.base import DeskScreen
from stvdesk.screens.first_run import FirstRunScreen
from stvdesk.screens.help import HelpScreen
from stvdesk.screens.min_dag import MinDagScreen


def _loaded(module: str, name: str) -> type | None:
    """A screen class if its module is imported already: a screen of a module never imported
    cannot be on the stack, so start-up need not import every screen (their import is slow)."""
    loaded = sys.modules.get(module)
    return getattr(loaded, name, None) if loaded else None


class StvdeskApp(App[str | None]):
    """Exit result: None normally; "demo" when the first-run form asks for the demo."""

    CSS_PATH = "app.tcss"
    TITLE = "stvdesk"

    BINDINGS = [
        Binding("f1,question_mark", "help", "Hjælp", key_display="F1/?", id="app.help"),
        Binding("ctrl+p", "command_palette", "Kommandoer", key_display="^p", priority=True, id="app.palette"),
        Binding("f2", "min_dag", "Min dag", id="app.min_dag"),
        Binding("f3", "caseload", "Sagsstamme", id="app.caseload"),
        Binding("f4", "toggle_privacy", "Privatliv", id="app.privacy"),
        Binding("f5", "agenda", "Kalender", id="app.agenda"),
        Binding("f6", "summer", "Sommerplan", id="app.summer"),
        Binding("f7", "guides", "Dialogguider", id="app.guides"),
        Binding("f8", "companies", "Virksomheder", id="app.companies"),
        Binding("f9", "visit_day", "Besøgsdag", id="app.visit_day"),
        Binding("f10", "steering", "Styring", id="app.steering"),
        # Not on the key bar (only a syncing laptop has conflicts); the header names the key.
        Binding("f12", "conflicts", "Konflikter", show=False, id="app.conflicts"),
        Binding("ctrl+q", "quit", "Afslut", key_display="^q", priority=True, id="app.quit"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(self, desk: DeskContext) -> None:
        super().__init__()
        self.desk = desk
        self.privacy = False  # names and CPR hidden on every screen (field use)
        self._guides = None
        self._gc_threshold: tuple[int, ...] | None = None
        # The tab underline's slide is 18 repaints of the whole screen per tab switch; on an
        # old field laptop that is most of the switch (issue 8). A user can have it back with
        # TEXTUAL_ANIMATIONS=full.
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"
        # Queries run in thread workers while the UI thread paints; with Python's default 5 ms
        # switch interval a finished query waits up to 5 ms for the GIL at each hand-over.
        # 1 ms took opening the caseload from 100 to 67 ms median (bench caseload, two runs each).
        sys.setswitchinterval(0.001)

    def guide_library(self, reload: bool = False):
        """The dialogue guides, loaded once (built-in and the jobcentre's own)."""
        if self._guides is None or reload:
            from stvdesk.guides.loader import load_guides

            self._guides = load_guides()
        return self._guides

    def on_mount(self) -> None:
        self.title = "stvdesk"
        if self.desk.worker is None and not self.desk.query(has_workers):
            self.push_screen(FirstRunScreen())
        else:
            self.push_screen(MinDagScreen())
        for notice in self.desk.notices:
            self.notify(notice, title="Sikkerhed", severity="warning", timeout=20)
        self.call_after_refresh(self._settle_memory)

    def _settle_memory(self) -> None:
        """Everything made at start lives as long as the app: freeze it out of the collector's
        reach, and collect the young less often. Full collections walked all of Textual's and
        SQLAlchemy's start-up objects and paused the desk for up to 150 ms a few dozen times
        in a benchmark run of typing and filtering (issue 8). Undone when the app ends, so a
        process that runs several apps (the tests) frees each one."""
        gc.collect()
        gc.freeze()
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(10_000, 10, 10)

    def on_unmount(self) -> None:
        if self._gc_threshold is not None:
            gc.unfreeze()
            gc.set_threshold(*self._gc_threshold)
            self._gc_threshold = None

    def start_desk(self, worker: WorkerInfo) -> None:
        """After the first-run form: the desk opens on "Min dag"."""
        self.desk.worker = worker
        self.switch_screen(MinDagScreen())

    # --- navigation -------------------------------------------------------------------

    def open_citizen(
        self, citizen_id: uuid.UUID, tab: str = "overblik", then: str | None = None, purpose: str = ""
    ) -> None:
        """Open a citizen's file. Outside one's own and one's partner's caseload (a leader: the
        team's) a purpose is asked for first; it goes into the access log (issue 9)."""
        from stvdesk.db.queries.caseload import within_reach
        from stvdesk.screens.citizen_file import CitizenFileScreen
        from stvdesk.widgets.modals import TextPromptModal

        worker = self.desk.worker
        if (
            not purpose
            and worker is not None
            and not self.desk.query(lambda s: within_reach(s, worker.id, worker.role, worker.team_id, citizen_id))
        ):

            def given(text: str | None) -> None:
                if text and text.strip():
                    self.open_citizen(citizen_id, tab, then, purpose=text.strip())

            self.push_screen(
                TextPromptModal(
                    "Formål med opslaget",
                    "Borgeren hører ikke til din eller din makkers sagsstamme.\n"
                    "Skriv hvorfor du åbner sagen – formålet gemmes i logningen:",
                    required_message="Skriv et formål, eller tryk Escape for at lade være.",
                ),
                given,
            )
            return
        # One file screen is built once and reused (issue 8: building its nine tabs cost more
        # than loading the file); a file opened from within a file gets a screen of its own.
        if not self.is_screen_installed("citizen-file"):
            self.install_screen(CitizenFileScreen(citizen_id, tab, then, purpose), "citizen-file")
        else:
            screen = self.get_screen("citizen-file")
            if screen in self.screen_stack:
                self.push_screen(CitizenFileScreen(citizen_id, tab, then, purpose))
                return
            screen.show_citizen(citizen_id, tab, then, purpose)
        self.push_screen("citizen-file")

    def open_meeting(self, meeting_id: uuid.UUID) -> None:
        from stvdesk.screens.meeting import MeetingScreen

        self.push_screen(MeetingScreen(meeting_id))

    def open_company(self, company_id: uuid.UUID, tab: str = "c-overblik") -> None:
        from stvdesk.screens.company import CompanyScreen

        self.push_screen(CompanyScreen(company_id, tab))

    def write_visit_sheet(self, visits, day, talking_points: list[str], markdown: bool, redacted: bool):
        """The day's visit sheet to a file in the export folder; returns (path, text)."""
        from stvdesk.export.visit_day import visit_sheet
        from stvdesk.settings import export_dir

        worker = self.desk.worker
        text = visit_sheet(
            visits,
            f"{worker.name} ({worker.initials})" if not redacted else worker.initials,
            day,
            talking_points,
            markdown=markdown,
            redacted=redacted,
        )
        name = f"besoegsdag-{day:%Y%m%d}-{worker.initials}{'-anonym' if redacted else ''}.{'md' if markdown else 'txt'}"
        path = export_dir() / name
        path.write_text(text, encoding="utf-8")
        self.log_citizens_out(
            AuditAction.PRINT, [p.citizen_id for v in visits for p in v.people], f"Besøgsark {day:%d-%m-%Y}"
        )
        return path, text

    def log_citizens_out(self, action: AuditAction, citizen_ids, criterion: str) -> None:
        """Citizens' data leaving the desk on a sheet or in a file: one log event per citizen."""
        from stvdesk.db.audit import log_citizens_out

        worker = self.desk.worker
        self.desk.query(
            lambda s: log_citizens_out(
                s,
                worker_id=worker.id if worker else None,
                action=action,
                citizen_ids=list(citizen_ids),
                criterion=criterion,
            )
        )

    def export_meeting(self, meeting_id: uuid.UUID) -> None:
        """Ask which variant, then write the summary to a file and the clipboard and show it."""
        from rich.markup import escape

        from stvdesk.widgets.modals import ChoiceModal, InfoModal

        variants = [
            ("Tekst til journalen", ("txt", False)),
            ("Markdown", ("md", False)),
            ("Tekst uden CPR og efternavne", ("txt", True)),
            ("Markdown uden CPR og efternavne", ("md", True)),
        ]

        def chosen(choice) -> None:
            if choice is None:
                return
            text, path = self.write_meeting_summary(meeting_id, *choice)
            self.copy_to_clipboard(text)
            self.push_screen(
                InfoModal(
                    "Mødets resumé",
                    escape(text) + f"\n[dim]Gemt som {escape(str(path))} og kopieret til udklipsholderen.[/dim]",
                )
            )

        self.push_screen(ChoiceModal("Eksportér mødets resumé", variants), chosen)

    def write_meeting_summary(self, meeting_id: uuid.UUID, extension: str, redacted: bool):
        from stvdesk.db.queries.meetings import log_meeting_export, meeting_view
        from stvdesk.export.meeting import meeting_summary
        from stvdesk.settings import export_dir

        view = self.desk.query(lambda s: meeting_view(s, meeting_id))
        guide = self.guide_library().get(view.meeting.guide_id, view.meeting.guide_version)
        text = meeting_summary(view, guide, markdown=extension == "md", redacted=redacted)
        day = view.meeting.held_on or view.meeting.planned_on
        name = f"moede-{day:%Y%m%d}-{meeting_id.hex[:8]}{'-anonym' if redacted else ''}.{extension}"
        path = export_dir() / name
        path.write_text(text, encoding="utf-8")
        variant = ("markdown" if extension == "md" else "tekst") + (", uden CPR og efternavne" if redacted else "")
        self.desk.query(lambda s: log_meeting_export(s, self.desk.worker.id, meeting_id, variant))
        return text, path

    def _go_to(self, screen_type: type[DeskScreen]) -> None:
        """Show a top-level screen: back to the bottom of the stack, then switch."""
        if self.desk.worker is None:
            return
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, screen_type):
            self.switch_screen(screen_type())

    def action_min_dag(self) -> None:
        self._go_to(MinDagScreen)

    def action_caseload(self) -> None:
        from stvdesk.screens.caseload import CaseloadScreen

        self._go_to(CaseloadScreen)

    def action_agenda(self) -> None:
        from stvdesk.screens.agenda import AgendaScreen

        self._go_to(AgendaScreen)

    def action_summer(self) -> None:
        from stvdesk.screens.summer import SummerScreen

        self._go_to(SummerScreen)

    def action_companies(self) -> None:
        from stvdesk.screens.companies import CompaniesScreen

        self._go_to(CompaniesScreen)

    def action_visit_day(self) -> None:
        from stvdesk.screens.visit_day import VisitDayScreen

        self._go_to(VisitDayScreen)

    def action_steering(self) -> None:
        from stvdesk.screens.steering import SteeringScreen

        self._go_to(SteeringScreen)

    def action_guides(self) -> None:
        from stvdesk.screens.guides import GuidesScreen

        self._go_to(GuidesScreen)

    def action_conflicts(self) -> None:
        if not self.desk.syncs:
            self.notify("Denne desk synkroniserer ikke, så den har ingen konflikter.", title="Konflikter")
            return
        from stvdesk.screens.conflicts import ConflictsScreen

        if self.desk.worker is not None and not isinstance(self.screen, ConflictsScreen):
            self.push_screen(ConflictsScreen())

    def action_import(self) -> None:
        from stvdesk.screens.importing import ImportScreen

        if self.desk.worker is not None and not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen())

    def export_caseload(self, criteria, fmt: str, redacted: bool):
        """The caseload as the screen filters it, to a csv/xlsx file in the export folder; logged."""
        from stvdesk.db.queries.caseload_list import Viewer
        from stvdesk.export.lists import default_name, export_caseload, free_path
        from stvdesk.settings import export_dir

        worker, today = self.desk.worker, self.desk.clock.today()
        folder = export_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = free_path(folder, default_name("sagsstamme", today, fmt, redacted))
        return self.desk.query(
            lambda s: export_caseload(
                s,
                worker_id=worker.id,
                viewer=Viewer(worker.id, worker.role, worker.team_id),
                criteria=criteria,
                today=today,
                fmt=fmt,
                redacted=redacted,
                path=path,
            )
        )

    def action_toggle_privacy(self) -> None:
        self.privacy = not self.privacy
        for screen in self.screen_stack:
            if isinstance(screen, DeskScreen):
                screen.privacy_changed()
        self.notify(
            "Privatliv er slået til: navne og CPR er skjult." if self.privacy else "Privatliv er slået fra.",
            title="Privatliv",
        )

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        title = getattr(screen, "TITLE_DA", "") or "Denne skærm"
        self.push_screen(HelpScreen(title, list(screen.BINDINGS), list(self.BINDINGS)))

    def action_help_quit(self) -> None:
        self.notify("Tryk [b]ctrl+q[/b] for at afslutte stvdesk.", title="Vil du afslutte?")

    # --- command palette --------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every screen and action, in Danish (Textual's own English commands are left out)."""
        if self.desk.worker is not None:
            yield SystemCommand(
                "Min dag", "Dagens og ugens opfølgninger og hvad der er forfaldent (F2)", self.action_min_dag
            )
            yield SystemCommand("Sagsstamme", "Alle mine borgere: søg, filtrér, sortér (F3)", self.action_caseload)
            yield SystemCommand("Kalender", "Opfølgninger uge for uge, forfaldne øverst (F5)", self.action_agenda)
            yield SystemCommand("Sommerplan", "Forløb gennem uge 27–32 og deres plan (F6)", self.action_summer)
            yield SystemCommand(
                "Virksomheder", "Virksomhedsregistret: søg, filtrér, ny virksomhed (F8)", self.action_companies
            )
            yield SystemCommand(
                "Besøgsdag", "Forbered dagens virksomhedsbesøg og eksportér besøgsarket (F9)", self.action_visit_day
            )
            yield SystemCommand(
                "Styring", "Månedens tal mod måltallene for dig eller teamet (F10)", self.action_steering
            )
            yield SystemCommand(
                "Dialogguider", "Læs guiderne til møder, deres version og kilde (F7)", self.action_guides
            )
            yield SystemCommand(
                "Privatliv til/fra", "Skjul navne og CPR på alle skærme (F4)", self.action_toggle_privacy
            )
            yield SystemCommand(
                "Importér fil",
                "Borgere, forløb, virksomheder eller opfølgninger fra Excel eller CSV",
                self.action_import,
            )
            if self.desk.syncs:
                yield SystemCommand(
                    "Konflikter",
                    "Ændringer, serveren ikke kunne tage: vælg din eller serverens (F12)",
                    self.action_conflicts,
                )
        caseload_screen = _loaded("stvdesk.screens.caseload", "CaseloadScreen")
        file_screen = _loaded("stvdesk.screens.citizen_file", "CitizenFileScreen")
        if caseload_screen and isinstance(screen, caseload_screen):
            for title, help_text, action in (
                ("Søg borger", "Søg på navn eller CPR (/)", screen.action_focus_search),
                ("Forklar hast", "Vis hvad hastescoren består af (u)", screen.action_explain_urgency),
                ("Skift visning", "Min sagsstamme, teamets eller alle borgere (v)", screen.action_next_scope),
                ("Vis en medarbejders sagsstamme", "Vælg medarbejder (w)", screen.action_pick_worker),
                ("Gem filter", "Gem de aktuelle filtre med et navn (g)", screen.action_save_filter),
                ("Hent gemt filter", "Brug et gemt filter (l)", screen.action_load_filter),
                ("Ryd filtre", "Fjern alle filtre (x)", screen.action_clear_filters),
                (
                    "Eksportér sagsstammen",
                    "CSV eller Excel med de aktuelle filtre, også anonymiseret (e)",
                    screen.action_export,
                ),
                ("Importér fil", "Borgere og forløb fra Excel eller CSV (I)", self.action_import),
                ("Markér næste opfølgning afholdt", "For den valgte borger (h)", screen.action_hold),
            ):
                yield SystemCommand(title, help_text, action)
        meeting_screen = _loaded("stvdesk.screens.meeting", "MeetingScreen")
        if meeting_screen and isinstance(screen, meeting_screen):
            for title, help_text, action in (
                ("Ny aftale", "Skriv en aftale med ansvarlig og frist (a)", screen.action_new_agreement),
                ("Afslut møde", "Aftaler, næste opfølgning og felterne gemmes (f)", screen.action_finish),
                (
                    "Eksportér mødets resumé",
                    "Tekst eller Markdown, også uden CPR og efternavne (e)",
                    screen.action_export,
                ),
                ("Aflys møde", "Med en begrundelse (c)", screen.action_cancel_meeting),
            ):
                yield SystemCommand(title, help_text, action)
        company_screen = _loaded("stvdesk.screens.company", "CompanyScreen")
        if company_screen and isinstance(screen, company_screen):
            for title, help_text, action in (
                (
                    "Log kontakt",
                    "Opkald, besøg eller mail; næste skridt bliver en opfølgning (l)",
                    screen.action_log_contact,
                ),
                ("Ret virksomhed", "Stamdata, VK, ældre aftale (e)", screen.action_edit),
                ("Ny kontaktperson", "Navn, rolle, telefon, mail (k)", screen.action_new_contact),
                ("Ny jobåbning", "Også få timer (j)", screen.action_new_opening),
                ("Match borgere", "Teamets borgere, hvis mål passer (6)", lambda: screen.action_show_tab("c-match")),
            ):
                yield SystemCommand(title, help_text, action)
        visit_screen = _loaded("stvdesk.screens.visit_day", "VisitDayScreen")
        if visit_screen and isinstance(screen, visit_screen):
            yield SystemCommand(
                "Eksportér besøgsdagen", "Markdown eller tekst, også uden efternavne (e)", screen.action_export
            )
            yield SystemCommand("Vælg dag", "Besøg en anden dag (d)", screen.action_pick_day)
        companies_screen = _loaded("stvdesk.screens.companies", "CompaniesScreen")
        if companies_screen and isinstance(screen, companies_screen):
            yield SystemCommand("Ny virksomhed", "Navn, CVR, branche … (n)", screen.action_new_company)
            yield SystemCommand("Søg virksomhed", "Navn eller CVR (/)", screen.action_focus_search)
        steering_screen = _loaded("stvdesk.screens.steering", "SteeringScreen")
        if steering_screen and isinstance(screen, steering_screen):
            yield SystemCommand("Måltal", "Sæt, kopiér og importér månedens måltal (m)", screen.action_targets)
            yield SystemCommand(
                "Månedsdialog", "Gå en medarbejders sagsstamme og tal igennem (d)", screen.action_dialogue
            )
            yield SystemCommand(
                "Logning", "Teamets opslag, søgninger og eksporter – for lederen (l)", screen.action_access_log
            )
            yield SystemCommand("Eksportér til Excel", "Teamets og hver medarbejders tal (x)", screen.action_export)
            yield SystemCommand("Teamets eller mine tal", "Skift mellem teamet og dig (v)", screen.action_toggle_team)
        if isinstance(screen, MinDagScreen):
            yield SystemCommand(
                "Start møde", "Møde fra en dialogguide for den valgte opfølgning (s)", screen.action_start_meeting
            )
            yield SystemCommand("Genoptag møde", "Et møde, der ikke er afsluttet (g)", screen.action_resume_meeting)
            yield SystemCommand("Åbn borger", "Åbn borgeren på den valgte linje", screen.action_open_citizen)
            yield SystemCommand(
                "Markér opfølgning afholdt", "Markér den valgte opfølgning som afholdt i dag", screen.action_hold
            )
            yield SystemCommand("Opdatér Min dag", "Hent opfølgningerne igen", screen.action_reload)
        if file_screen and isinstance(screen, file_screen):
            from stvdesk.screens.citizen_file import TABS

            yield SystemCommand("Tilbage", "Tilbage til forrige skærm (Escape)", screen.action_back)
            for n, (tab, label) in enumerate(TABS, start=1):
                yield SystemCommand(
                    f"Fane: {label}", f"Vis fanen {label} ({n})", lambda tab=tab: screen.action_show_tab(tab)
                )
            yield SystemCommand(
                "Nyt journalnotat",
                "Skriv et notat i journalen",
                lambda: (screen.action_show_tab("journal"), screen.form_note()),
            )
            yield SystemCommand(
                "Nyt virksomhedsforløb",
                "Opret praktik, løntilskud, ordinære timer …",
                lambda: (screen.action_show_tab("forloeb"), screen.form_placement()),
            )
            yield SystemCommand(
                "Nyt delmål",
                "Tilføj et delmål til Min Plan",
                lambda: (screen.action_show_tab("plan"), screen.form_plan_step()),
            )
            yield SystemCommand(
                "Nyt jobmål",
                "Tilføj et A-, B- eller C-mål",
                lambda: (screen.action_show_tab("abc"), screen.form_job_goal()),
            )
            yield SystemCommand("Sæt fase manuelt", "Overstyr fasen med en begrundelse", screen.action_override_phase)
            yield SystemCommand("Nyt møde", "Møde fra en dialogguide (m)", screen.action_new_meeting)
            yield SystemCommand("God historie", "Fortæl teamet en god historie om borgeren (y)", screen.action_story)
            yield SystemCommand(
                "Match virksomheder", "Virksomheder, hvis branche passer til målene (j)", screen.action_match_companies
            )
        yield SystemCommand("Hjælp", "Vis tasterne (F1 eller ?)", self.action_help)
        yield SystemCommand("Skift tema", "Vælg farvetema", self.action_change_theme)
        yield SystemCommand("Afslut", "Luk stvdesk (ctrl+q)", self.exit)


__all__ = ["DeskScreen", "StvdeskApp"]
