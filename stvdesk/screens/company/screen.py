"""One company: details and contacts, current and past placements with hours, ordinary hours,
goals and progression, open follow-ups and agreements, the contact log, job openings, and the
team's citizens whose goals fit. Keys 1–6 switch tab.

The screen reads the company once (one query for every tab) and hands it to the tabs; each tab
(a module of its own) draws its part and owns what its keys do."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, TypeVar

from rich.markup import escape
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static, TabbedContent

from stvdesk.db.queries.companies import company_view
from stvdesk.db.queries.progress import placement_progress
from stvdesk.domain.calendar import format_date
from stvdesk.screens.base import DeskScreen
from stvdesk.screens.company.contact_log import ContactLogTab
from stvdesk.screens.company.follow_ups import FollowUpsTab
from stvdesk.screens.company.matches import MatchTab
from stvdesk.screens.company.openings import OpeningsTab
from stvdesk.screens.company.overview import OverviewTab
from stvdesk.screens.company.placements import PlacementsTab
from stvdesk.screens.company.tab import CompanyData, CompanyTab
from stvdesk.widgets.data_path import DataPath
from stvdesk.widgets.tab_bar import fit_tabs, numbered_labels

TAB_CLASSES: list[type[CompanyTab]] = [OverviewTab, PlacementsTab, FollowUpsTab, ContactLogTab, OpeningsTab, MatchTab]
TABS = [(tab.TAB_ID, tab.LABEL) for tab in TAB_CLASSES]
#: Shorter labels for a narrow terminal, longest first: the tab bar shows the longest set that
#: keeps all six tabs in sight (`widgets.tab_bar`); a tab not named keeps its label.
SHORT_LABELS: dict[str, tuple[str, ...]] = {
    FollowUpsTab.TAB_ID: ("Opfølgninger", "Opfølgn."),
    OverviewTab.TAB_ID: ("Overblik", "Overbl."),
    ContactLogTab.TAB_ID: ("Kontaktlog", "Kontakt"),
    OpeningsTab.TAB_ID: ("Jobåbninger", "Jobåbn."),
}

_Tab = TypeVar("_Tab", bound=CompanyTab)


class CompanyScreen(DataPath, DeskScreen):
    TITLE_DA = "Virksomhed"

    BINDINGS = [
        Binding("escape", "back", "Tilbage", id="company.back"),
        *[
            Binding(str(n), f"show_tab('{tab}')", f"Fane: {label}", show=False, id=f"company.tab.{tab}")
            for n, (tab, label) in enumerate(TABS, start=1)
        ],
        # The tabs' own keys, bound here so that each works from every tab (in the key bar's order).
        *ContactLogTab.KEYS,
        *OverviewTab.KEYS,
        OpeningsTab.NEW,
        *PlacementsTab.KEYS,
        OpeningsTab.STATUS,
    ]
    KEY_HELP = {
        "company.back": "Tilbage til forrige skærm",
        **{k: v for tab in TAB_CLASSES for k, v in tab.KEY_HELP.items()},
    }

    def __init__(self, company_id: uuid.UUID, tab: str = "c-overblik") -> None:
        super().__init__()
        self.company_id = company_id
        self.first_tab = tab
        self.data: CompanyData | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("Indlæser …", id="company-title")
        with TabbedContent(initial=self.first_tab, id="company-tabs"):
            for n, tab in enumerate(TAB_CLASSES, start=1):
                yield tab(n, self.company_id, self.reload)

    def tab(self, kind: type[_Tab]) -> _Tab:
        return self.query_one(kind)

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        self.fit_tabs(event.size.width)

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.reload()
        if self.size.width:  # the terminal may have changed size while another screen was shown
            self.fit_tabs(self.size.width)

    def fit_tabs(self, width: int) -> None:
        """Every tab stays in sight on a narrow terminal: shorter labels rather than a cut bar."""
        fit_tabs(self.query_one("#company-tabs", TabbedContent), numbered_labels(TABS, SHORT_LABELS), width)

    def reload(self) -> None:
        """Read the company again; every tab redraws from the answer."""
        company_id, today, flags = self.company_id, self.desk.clock.today(), self.desk.settings.flags

        def read(session: Any) -> CompanyData | None:  # Any: screens name no SQL types (the layer rule)
            view = company_view(session, company_id, today, flags)
            if view is None:
                return None
            return CompanyData(view, placement_progress(session, [p.placement.id for p in view.current]))

        self.load(read, self.show, group="company")

    def show(self, data: CompanyData | None) -> None:
        self.data = data
        self.render_view()
        if self.first_tab == MatchTab.TAB_ID:
            self.tab(MatchTab).find_once()

    def render_view(self) -> None:
        title = self.query_one("#company-title", Static)
        if self.data is None:
            title.update("[red]Virksomheden findes ikke (længere).[/red]")
            return
        v = self.data.view
        c = v.company
        title.update(
            f"[b]{escape(c.name)}[/b]  CVR {c.cvr or '–'}  ·  {escape(c.industry or 'ingen branche')}  ·  "
            f"VK {escape(v.owner or '–')}  ·  sidste kontakt {format_date(v.last_contact) if v.last_contact else 'aldrig'}"
        )
        for tab in self.query(CompanyTab):
            tab.show(self.data)

    def refresh_privacy(self) -> None:
        if self.data is not None:
            self.render_view()

    # --- keys -----------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#company-tabs", TabbedContent).active = tab
        tables = self.query(f"#{tab}-table")
        if tables:
            tables.first().focus()
        if tab == MatchTab.TAB_ID:
            self.tab(MatchTab).find_once()

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()  # the key bar follows the tab (ROW_ACTIONS)
        if event.pane.id == MatchTab.TAB_ID and self.data is not None:
            self.tab(MatchTab).find_once()

    #: Actions on the row chosen in one tab's list: they act, and the key bar shows them, on that
    #: tab only (the forms behind e, k, l and j open from every tab).
    ROW_ACTIONS: ClassVar[dict[str, str]] = {"progress": PlacementsTab.TAB_ID, "opening_status": OpeningsTab.TAB_ID}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = self.ROW_ACTIONS.get(action)
        if tab is not None:
            return self.query_one("#company-tabs", TabbedContent).active == tab
        return super().check_action(action, parameters)

    # The tabs' actions (the command palette names them on the screen too).

    def action_edit(self) -> None:
        self.tab(OverviewTab).edit()

    def action_new_contact(self) -> None:
        self.tab(OverviewTab).new_contact()

    def action_log_contact(self) -> None:
        self.tab(ContactLogTab).log_contact()

    def action_new_opening(self) -> None:
        self.tab(OpeningsTab).new_opening()

    def action_opening_status(self) -> None:
        self.tab(OpeningsTab).opening_status()

    def action_progress(self) -> None:
        self.tab(PlacementsTab).progress()
