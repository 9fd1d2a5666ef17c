"""The caseload's export key: the list as filtered now, as csv or xlsx (also without CPR and
names), written by `export.lists` in a worker; each citizen in the file is logged."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.markup import escape

from stvdesk.db.queries.caseload_list import Viewer
from stvdesk.export.lists import Written, export_caseload_file
from stvdesk.widgets.modals import ChoiceModal, InfoModal

if TYPE_CHECKING:
    from stvdesk.screens.caseload.screen import CaseloadScreen

VARIANTS = [
    ("CSV (semikolon, til Excel)", ("csv", False)),
    ("Excel (.xlsx)", ("xlsx", False)),
    ("CSV uden CPR og navne (initialer)", ("csv", True)),
    ("Excel uden CPR og navne (initialer)", ("xlsx", True)),
]


def export(screen: CaseloadScreen) -> None:
    criteria = screen.criteria
    worker, today = screen.desk.me, screen.desk.clock.today()
    viewer = Viewer(worker.id, worker.role, worker.team_id)

    def written(done: Written) -> None:
        text = f"{done.rows} borgere skrevet til {done.path}. Hver borger i filen er logget som eksporteret."
        screen.app.push_screen(InfoModal("Sagsstammen er eksporteret", escape(text)))

    def failed(message: str) -> None:
        screen.app.push_screen(InfoModal("Eksporten mislykkedes", escape(message)))

    def chosen(choice: tuple[str, bool] | None) -> None:
        if choice is None:
            return
        fmt, redacted = choice
        screen.notify("Eksporterer sagsstammen …", title="Eksport")

        # A team's or everyone's list can take seconds: in a worker, as every export.
        def write(session: Any) -> Written:  # Any: screens name no SQL types (the layer rule)
            return export_caseload_file(
                session,
                worker_id=worker.id,
                viewer=viewer,
                criteria=criteria,
                today=today,
                fmt=fmt,
                redacted=redacted,
            )

        screen.save(write, written, failed=failed, group="caseload-export")

    screen.app.push_screen(ChoiceModal("Eksportér sagsstammen med de aktuelle filtre", VARIANTS), chosen)
