""" "Besøgsdag": the consultant prepares a day's visits at the desk (tomorrow's, to begin with).

Left: the visits in the chosen order; right: the sheet for the visit selected – who is placed
there, their goals and sub-goals, progression trend, last follow-up, agreements due, hours and
ordinary hours, and talking points from the company guide. `K`/`J` (or shift+↑/↓) move a
visit; the order is kept. `e` writes the day as Markdown or plain text (also without surnames).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from stvdesk.db.queries.edits import Editor
from stvdesk.db.queries.visit_day import Visit, VisitPerson, save_visit_order, visit_day
from stvdesk.domain.calendar import format_date, format_long, next_working_day, previous_working_day
from stvdesk.domain.parse import parse_date
from stvdesk.domain.privacy import HIDDEN_NAME, redact, shown_in_prose
from stvdesk.export.visit_day import visit_sheet, write_visit_sheet
from stvdesk.screens.base import DeskScreen
from stvdesk.screens.company.forms import progress_form
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.modals import ChoiceModal, InfoModal, TextPromptModal

TALKING_GUIDE = "virksomhed_foerste"  # the guide whose ordinary-hours items become talking points
TALKING_SECTION = "Ordinære timer"


class VisitDayScreen(DataPath, DeskScreen):
    TITLE_DA = "Besøgsdag"

    BINDINGS = [
        Binding("enter", "open_company", "Åbn virksomhed", id="visit_day.open"),
        Binding("n", "day(1)", "Næste dag", id="visit_day.next"),
        Binding("p", "day(-1)", "Forrige dag", id="visit_day.previous"),
        Binding("d", "pick_day", "Vælg dag", id="visit_day.pick"),
        Binding("K,shift+up", "move(-1)", "Flyt op", key_display="K", id="visit_day.up"),
        Binding("J,shift+down", "move(1)", "Flyt ned", key_display="J", id="visit_day.down"),
        Binding("g", "progress", "Progression", id="visit_day.progress"),
        Binding("e", "export", "Eksport", id="visit_day.export"),
    ]
    KEY_HELP = {
        "visit_day.pick": "Besøg en anden dag",
        "visit_day.export": "Besøgsarket som Markdown eller tekst, også uden efternavne",
    }

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.day: date | None = day  # None: the next working day after today, set on mount
        self.visits: list[Visit] = []

    def compose_body(self) -> ComposeResult:
        yield Static("", id="visits-title")
        with Horizontal(id="visits-main"):
            yield OptionList(id="visits-list")
            with VerticalScroll(id="visits-sheet-pane"):
                yield Static("", id="visits-sheet")

    def _day(self) -> date:
        """The day shown: given, or the next working day after today (set on mount)."""
        return self.day if self.day is not None else next_working_day(self.desk.clock.today() + timedelta(days=1))

    def on_mount(self) -> None:
        if self.day is None:
            self.day = next_working_day(self.desk.clock.today() + timedelta(days=1))
        self.query_one("#visits-list", OptionList).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.visits:
            self.reload()

    def reload(self) -> None:
        worker_id, day, today = self.desk.me.id, self._day(), self.desk.clock.today()
        flags = self.desk.settings.flags

        def show(visits: list[Visit]) -> None:
            if day == self.day:  # not a day left behind since
                self.visits = visits
                self.render_list()

        self.load(lambda s: visit_day(s, worker_id, day, today, flags), show, group="visits")

    def render_list(self, keep: uuid.UUID | None = None) -> None:
        options = self.query_one("#visits-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for number, visit in enumerate(self.visits, start=1):
            people = len(visit.people)
            options.add_option(
                Option(
                    f"{number}. {escape(visit.company.name)}\n[dim]{people} i forløb · "
                    f"{escape(self._private(', '.join(text for _, text in visit.due)))}[/dim]",
                    id=str(visit.company.id),
                )
            )
        self.query_one("#visits-title", Static).update(
            f"[b]Besøgsdag {format_long(self._day())}[/b] – {len(self.visits)} besøg   "
            "[dim]n/p næste/forrige dag · d vælg dag · K/J flyt op/ned · e eksport · g progression[/dim]"
        )
        if not self.visits:
            self.query_one("#visits-sheet", Static).update(
                "Ingen virksomhedsbesøg eller praktikopfølgninger denne dag.\n\n"
                "[dim]Besøg kommer fra dine planlagte opfølgninger med virksomheder (log en kontakt med næste "
                "skridt under Virksomheder, F8) og fra praktikopfølgninger for dine borgere.[/dim]"
            )
            return
        index = 0
        if keep is not None:
            index = next((i for i, v in enumerate(self.visits) if v.company.id == keep), 0)
        elif highlighted is not None:
            index = min(highlighted, len(self.visits) - 1)
        options.highlighted = index
        self.show_sheet(index)

    def _talking_points(self) -> list[str]:
        guide = self.stv_app.guide_library().get(TALKING_GUIDE)
        if guide is None:
            return []
        section = next((s for s in guide.sections if s.title == TALKING_SECTION), None)
        return [item.text for item in section.items] if section else []

    def show_sheet(self, index: int) -> None:
        if not 0 <= index < len(self.visits):
            return
        text = visit_sheet(
            [self.visits[index]],
            self.desk.me.initials,
            self._day(),
            self._talking_points(),
            markdown=False,
            redacted=self.stv_app.privacy,
        )
        # the one-visit sheet's own heading repeats the day; the pane shows from the company on
        body = self._private(text.split("\n", 3)[3] if text.count("\n") > 3 else text)
        heading, _, rest = body.partition("\n")
        underline, _, after = rest.partition("\n")
        if underline and set(underline) == {"-"}:
            # The printed sheet underlines the company with dashes as long as its heading; the pane
            # wraps a long heading, and its dashes then wrapped onto a line of their own. Bold
            # says it here at any width.
            self.query_one("#visits-sheet", Static).update(f"[b]{escape(heading)}[/b]\n{escape(after)}")
            return
        self.query_one("#visits-sheet", Static).update(escape(body))

    @on(OptionList.OptionHighlighted, "#visits-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_sheet(event.option_index)

    def refresh_privacy(self) -> None:
        self.render_list()  # the list's reasons name citizens too; it shows the sheet again

    def private_names(self) -> list[str]:
        return [person.name for visit in self.visits for person in visit.people]

    def _private(self, text: str) -> str:
        """Privacy mode hides even the first names the sheet keeps (its redacted variant)."""
        return redact(text, self.private_names()) if self.stv_app.privacy else text

    # --- actions -------------------------------------------------------------------------

    def _selected(self) -> Visit | None:
        index = self.query_one("#visits-list", OptionList).highlighted
        return self.visits[index] if index is not None and 0 <= index < len(self.visits) else None

    def action_day(self, delta: int) -> None:
        self.day = (
            next_working_day(self._day() + timedelta(days=1))
            if delta > 0
            else previous_working_day(self._day() - timedelta(days=1))
        )
        self.visits = []
        self.reload()

    def action_pick_day(self) -> None:
        today = self.desk.clock.today()

        def chosen(text: str | None) -> None:
            if text is None:
                return
            try:
                self.day = parse_date(text, today=today)
            except ValueError as exc:
                self.notify(str(exc), severity="error")
                return
            self.visits = []
            self.reload()

        self.app.push_screen(TextPromptModal("Vælg dag", "Dato (dd-mm-åååå)", self._day().strftime("%d-%m-%Y")), chosen)

    def action_move(self, delta: int) -> None:
        visit = self._selected()
        if visit is None:
            return
        index = self.visits.index(visit)
        target = index + delta
        if not 0 <= target < len(self.visits):
            return
        self.visits[index], self.visits[target] = self.visits[target], self.visits[index]
        order = [v.company.id for v in self.visits]
        worker_id, day = self.desk.me.id, self._day()
        editor = Editor(worker_id, self.desk.clock.today())
        self.render_list(keep=visit.company.id)
        # Shown at once; a failed save says so and puts back the order that is stored.
        self.save(lambda s: save_visit_order(s, editor, worker_id, day, order), failed=self._order_not_saved)

    def _order_not_saved(self, message: str) -> None:
        self.data_failed(f"Rækkefølgen blev ikke gemt: {message}")
        self.reload()

    def action_open_company(self) -> None:
        visit = self._selected()
        if visit is not None:
            self.stv_app.open_company(visit.company.id)

    def action_progress(self) -> None:
        visit = self._selected()
        if visit is None or not visit.people:
            self.notify("Ingen borgere i forløb ved det valgte besøg.", severity="warning")
            return
        hidden = self.stv_app.privacy

        def label(person: VisitPerson) -> str:
            if not hidden:
                return person.name
            placement = person.placement
            return f"{HIDDEN_NAME} – {placement.kind.label.lower()} siden {format_date(placement.start_on)}"

        def chosen(person: VisitPerson | None) -> None:
            if person is not None:
                who = f"{shown_in_prose(person.name, hidden)} hos {visit.company.name}"
                progress_form(self, person.placement.id, who, self.reload)

        if len(visit.people) == 1:
            chosen(visit.people[0])
            return
        self.app.push_screen(
            ChoiceModal("Progression for hvem?", [(label(p), p) for p in visit.people]),
            chosen,
        )

    def action_export(self) -> None:
        if not self.visits:
            self.notify("Der er ingen besøg at eksportere denne dag.", severity="warning")
            return
        variants = [
            ("Markdown", (True, False)),
            ("Tekst", (False, False)),
            ("Markdown uden efternavne", (True, True)),
            ("Tekst uden efternavne", (False, True)),
        ]

        worker, visits, day, points = self.desk.me, list(self.visits), self._day(), self._talking_points()

        def written(done: tuple[Path, str]) -> None:
            path, text = done
            self.app.copy_to_clipboard(text)
            self.app.push_screen(
                InfoModal(
                    "Besøgsdagen er eksporteret",
                    f"Gemt som {escape(str(path))} og kopieret til udklipsholderen.\n\n"
                    + escape(text[:1500])
                    + ("\n…" if len(text) > 1500 else ""),
                )
            )

        def chosen(choice: tuple[bool, bool] | None) -> None:
            if choice is None:
                return
            markdown, redacted = choice
            self.save(
                lambda s: write_visit_sheet(
                    s,
                    worker_id=worker.id,
                    worker_name=worker.name,
                    initials=worker.initials,
                    visits=visits,
                    day=day,
                    talking_points=points,
                    markdown=markdown,
                    redacted=redacted,
                ),
                written,
                group="visit-sheet",
            )

        self.app.push_screen(ChoiceModal("Eksportér besøgsdagen", variants), chosen)
