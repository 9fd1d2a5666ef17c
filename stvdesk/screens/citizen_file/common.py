"""What the tabs of the citizen's file share: the tabs in order, the base class of every tab, and
the two ways a tab changes the file (a form, or a save without one), both off the UI thread."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.binding import Binding
from textual.widgets import DataTable, Static, TabPane

from stvdesk.db.queries.edits import Editor
from stvdesk.domain.enums import Labelled
from stvdesk.screens.base import TabTables
from stvdesk.widgets.data_path import Failed
from stvdesk.widgets.form import CrossCheck, FieldSpec, FormModal, Submit
from stvdesk.widgets.privacy import private_text
from stvdesk.widgets.tab_bar import numbered_labels

if TYPE_CHECKING:
    from stvdesk.context import DeskContext, Session
    from stvdesk.db.queries.citizen_file import CitizenFile
    from stvdesk.screens.citizen_file.screen import CitizenFileScreen

#: The tabs in the order of the tab bar and of the digit keys 1–9: (the pane's id, its label).
TABS = [
    ("overblik", "Overblik"),
    ("abc", "ABC-plan"),
    ("cv", "CV"),
    ("plan", "Min Plan"),
    ("forloeb", "Forløb"),
    ("opfoelgning", "Opfølgninger"),
    ("moeder", "Møder"),
    ("journal", "Journal"),
    ("historik", "Historik"),
]
#: Shorter labels for a narrow terminal, longest first (the tab bar shows the longest set that
#: keeps all nine tabs in sight; `widgets.tab_bar`); a tab not named keeps its label.
SHORT_LABELS: dict[str, tuple[str, ...]] = {
    "overblik": ("Overblik", "Overbl."),
    "abc": ("ABC", "ABC"),
    "plan": ("Plan", "Plan"),
    "opfoelgning": ("Opfølgn.", "Opf."),
    "journal": ("Journal", "Journ."),
    "historik": ("Historik", "Hist."),
}


def tab_labels() -> dict[str, tuple[str, ...]]:
    """Each tab's labels with its digit, from the full one to the shortest."""
    return numbered_labels(TABS, SHORT_LABELS)


#: One edit: a function of `stvdesk.db.queries` given the session, the editor and the form's
#: values. A refusal is raised with its Danish message, which the form shows.
Change = Callable[["Session", Editor, dict[str, Any]], object]
#: One edit without a form.
Write = Callable[["Session", Editor], object]
#: What to tell the worker once a form is stored, besides "Gemt." (None: nothing more).
Notice = Callable[[dict[str, Any]], "str | None"]


def choices(enum_cls: type[Labelled]) -> list[tuple[str, Any]]:
    """A closed vocabulary as a form's choices: the Danish label shown, the member stored."""
    return [(member.label, member) for member in enum_cls]


class FileTab(TabTables, TabPane):
    """One tab of the file, a pane of the screen's TabbedContent.

    A tab renders its part of the loaded file (`render_tab`) and owns its forms and actions
    (`action_<name>`), its keys (KEYS) and what help says of them (KEY_HELP, by binding id).
    n, e and d are the screen's keys; it calls `new`, `edit` and `done` of the tab shown. Every
    read and write goes through the screen's data path, so `await screen.settled()` waits for
    all of them.
    """

    TAB: ClassVar[str]
    #: The tab's own keys. The screen binds them (see `tab_keys`), so they work wherever the focus
    #: is in the file and the key bar, help and the palette list them.
    KEYS: ClassVar[tuple[Binding, ...]] = ()
    KEY_HELP: ClassVar[Mapping[str, str]] = {}
    #: The actions of KEYS that act on this tab's list only (the row chosen here): the key bar
    #: shows them while the tab is shown, and they are off on the other tabs. The tab's other keys
    #: act on the case from any tab (help and the tab's hint list them).
    TAB_ONLY: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def acts_on(cls, key: str) -> bool:
        """Whether the screen's `key` action ("new", "edit" or "done") does something on this tab:
        the tab has its own, not FileTab's warning that there is nothing to do."""
        return getattr(cls, key) is not getattr(FileTab, key)

    @property
    def file_screen(self) -> CitizenFileScreen:
        return cast("CitizenFileScreen", self.screen)

    @property
    def desk(self) -> DeskContext:
        return self.file_screen.desk

    @property
    def loaded(self) -> CitizenFile:
        return self.file_screen.loaded

    @property
    def privacy(self) -> bool:
        return self.file_screen.privacy

    @property
    def is_shown(self) -> bool:
        return self.file_screen.active_tab() == self.TAB

    def today(self) -> date:
        return self.desk.clock.today()

    def free(self, text: str) -> str:
        """Free text a worker wrote (a note, a summary, an agreement) as privacy mode lets it be
        shown: while it is on, the citizen's names and every CPR-like number hidden in it. Each
        tab shows such text through here; the screen renders every tab again when F4 switches."""
        return private_text(self, text)

    # --- what the screen asks of every tab ---------------------------------------------------

    def render_tab(self, f: CitizenFile) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def clear(self) -> None:
        """Before another citizen's file is shown in the same screen: nothing of this one stays."""
        for body in self.query(".file-body").results(Static):
            body.update("")
        for table in self.query(DataTable):
            table.clear(columns=True)

    def new(self) -> None:
        self.notify("Intet at oprette her.", severity="warning")

    def edit(self) -> None:
        self.notify("Vælg det, der skal rettes (pil op/ned), og tryk e.", severity="warning")

    def done(self) -> None:
        self.notify("Vælg en handling eller et delmål.", severity="warning")

    # --- helpers for the tabs ------------------------------------------------------------------

    def selected(self, table_id: str | None = None) -> tuple[str, uuid.UUID] | None:
        """The kind and id of the row under the cursor (row keys are "kind:uuid"), if any."""
        table = self.query_one(f"#{table_id or self.TAB + '-table'}", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        if ":" not in key:
            return None
        kind, raw = key.split(":", 1)
        return kind, uuid.UUID(raw)

    def editor(self) -> Editor:
        return Editor(worker_id=self.desk.me.id, today=self.today())

    def stores(self, change: Change) -> Submit:
        """A form's submit that stores one edit. FormModal runs it in a worker thread, so the desk
        and the editor are taken now, on the UI thread, and no widget is touched there; a
        refusal's Danish message is shown at the form, with everything still typed."""
        desk, editor = self.desk, self.editor()

        def submit(values: dict[str, Any]) -> str | None:
            desk.run(lambda session: change(session, editor, values))
            return None

        return submit

    def open_form(
        self,
        title: str,
        fields: list[FieldSpec],
        submit: Submit,
        check: CrossCheck | None = None,
        intro: str = "",
        notice: Notice | None = None,
    ) -> None:
        """A form over the file; once it has stored its edit, "Gemt." and the file read again."""
        self.push_form(FormModal(title, fields, submit, check, intro), notice)

    def push_form(self, form: FormModal, notice: Notice | None = None) -> None:
        """Open `form` (a FormModal, or a form of its own kind); once stored: "Gemt.", then what
        `notice` has to say of the saved values (something the save did besides), and the file
        read again."""
        screen, title = self.file_screen, form.title_text

        def closed(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.notify("Gemt.", title=title)
                said = notice(values) if notice is not None else None
                if said:
                    self.notify(said, title=title, timeout=10)
                screen.reload()

        self.app.push_screen(form, closed)

    def store(self, write: Write, saved: Callable[[], None] | None = None, failed: Failed | None = None) -> None:
        """An edit without a form, in a worker; then `saved` (default: read the file again) or
        `failed` with the Danish message (default: a notification)."""
        screen, editor = self.file_screen, self.editor()
        screen.save(lambda session: write(session, editor), lambda _result: (saved or screen.reload)(), failed=failed)


def tab_keys(tabs: Iterable[type[FileTab]], order: Sequence[str] = ()) -> list[Binding]:
    """Every tab's KEYS as bindings of the screen that run the action on its tab.

    Bound on the screen, not on the tab: the focus is often on the tab bar, outside every tab, and
    the key bar, help (F1) and the palette read the screen's bindings. `order` (binding ids) is
    the order help and the palette list them in; keys it does not name come after, tab by tab.
    """
    lifted = [
        dataclasses.replace(
            binding,
            action=f"in_tab({tab.TAB!r}, {binding.action!r})",
            # a key of one tab's list is in the key bar on that tab (the screen's check_action)
            show=binding.show or binding.action in tab.TAB_ONLY,
        )
        for tab in tabs
        for binding in tab.KEYS
    ]
    rank = {binding_id: n for n, binding_id in enumerate(order)}
    return sorted(lifted, key=lambda binding: rank.get(binding.id or "", len(rank)))


def tab_key_help(tabs: Iterable[type[FileTab]]) -> dict[str, str]:
    return {binding_id: text for tab in tabs for binding_id, text in tab.KEY_HELP.items()}
