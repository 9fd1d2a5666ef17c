"""The one way a screen, tab or dialog reaches the database: in a thread worker, never on the UI
thread, with every failure said in Danish where it happened.

- `load(read, show)`: `read(session)` runs in a worker; `show(result)` runs on the UI thread.
  A newer load of the same group makes an older one's answer outdated: it is dropped.
- `save(write, saved, failed)`: `write(session)` runs in a worker; then `saved(result)` or
  `failed(message)` on the UI thread. A form keeps what was typed and shows the message.
- `load_on(node, …)` / `save_on(node, …)`: the same for a node that does not mix DataPath in
  (a form opened from several screens, some of which name their own loader `load`).

Both count what is in flight, so a test (or anything else) can await `settled()` instead of
guessing with pauses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from stvdesk.db.errors import danish_database_error
from stvdesk.widgets.key_order import OPENS_DIALOG

if TYPE_CHECKING:
    from stvdesk.context import DeskContext, Session

T = TypeVar("T")

Failed = Callable[[str], None]


def danish_failure(exc: BaseException) -> str:
    """What to tell the user about `exc`: the Danish text of our own refusals, the database's
    English said in Danish, and for anything else its kind (never a traceback)."""
    if isinstance(exc, ValueError) and exc.args and isinstance(exc.args[0], str):
        return str(exc)  # EditError, ParseError, CprError … carry Danish messages for the user
    said = danish_database_error(exc)
    if said is not None:
        return said
    return f"Uventet fejl ({type(exc).__name__}): {exc}"


class DataPath:
    """Mixin for a Textual node of the desk (its app has `desk`)."""

    # --- for subclasses -----------------------------------------------------------------------

    def load(
        self,
        read: Callable[[Session], T],
        show: Callable[[T], None],
        *,
        group: str = "load",
        failed: Failed | None = None,
        opens_dialog: bool = False,
    ) -> Worker[None]:
        """Read in a worker, then show on the UI thread; the latest load of a group wins.
        `opens_dialog`: `show` opens a dialog (a form with what it proposes, a list to choose
        from): the keys typed behind the key that asked for it wait for it (widgets/key_order.py)."""
        return self._start(
            read, show, failed or self.data_failed, group=group, exclusive=True, opens_dialog=opens_dialog
        )

    def save(
        self,
        write: Callable[[Session], T],
        saved: Callable[[T], None] | None = None,
        *,
        failed: Failed | None = None,
        group: str = "save",
    ) -> Worker[None]:
        """Write in a worker; `saved` or `failed` on the UI thread. Saves never cancel each other."""
        return self._start(write, saved or (lambda _result: None), failed or self.data_failed, group=group)

    def data_failed(self, message: str) -> None:
        """Where no `failed` is given: a Danish notification that stays until read."""
        node: Any = self
        node.app.notify(message, title="Det lykkedes ikke", severity="error", timeout=15)

    async def settled(self) -> None:
        """Wait until every load and save this node started has finished and its answer is shown
        (the worker hands the answer to the UI thread and waits for it before it ends)."""
        while self._data_workers:
            worker = self._data_workers.pop()
            try:
                await worker.wait()
            except Exception:  # a cancelled or failed worker has nothing more to show
                pass

    # --- the machinery ----------------------------------------------------------------------

    @property
    def _data_workers(self) -> set[Worker[None]]:
        return _workers_of(self)

    @property
    def desk_context(self) -> DeskContext:
        node: Any = self
        desk: DeskContext = node.app.desk
        return desk

    def _start(
        self,
        run: Callable[[Session], T],
        done: Callable[[T], None],
        failed: Failed,
        *,
        group: str,
        exclusive: bool = False,
        opens_dialog: bool = False,
    ) -> Worker[None]:
        assert isinstance(self, DOMNode)
        return _start_on(self, run, done, failed, group=group, exclusive=exclusive, opens_dialog=opens_dialog)


def load_on(
    node: DOMNode,
    read: Callable[[Session], T],
    show: Callable[[T], None],
    *,
    group: str = "load",
    failed: Failed | None = None,
    opens_dialog: bool = False,
) -> Worker[None]:
    """`DataPath.load` for a node that does not mix DataPath in: a form opened from several
    screens reads what it proposes before it opens, in a worker of the screen that opened it."""
    return _start_on(
        node, read, show, failed or _notifier(node), group=group, exclusive=True, opens_dialog=opens_dialog
    )


def save_on(
    node: DOMNode,
    write: Callable[[Session], T],
    saved: Callable[[T], None] | None = None,
    *,
    failed: Failed | None = None,
    group: str = "save",
) -> Worker[None]:
    """`DataPath.save` for a node that does not mix DataPath in."""
    return _start_on(node, write, saved or (lambda _result: None), failed or _notifier(node), group=group)


def _notifier(node: DOMNode) -> Failed:
    def failed(message: str) -> None:
        node.app.notify(message, title="Det lykkedes ikke", severity="error", timeout=15)

    return failed


def _workers_of(node: object) -> set[Worker[None]]:
    """The loads and saves started on `node` and not yet awaited (kept on the node itself)."""
    anything: Any = node
    found: set[Worker[None]] | None = getattr(anything, "_stv_data_workers", None)
    if found is None:
        found = set()
        anything._stv_data_workers = found
    return found


def _start_on(
    node: DOMNode,
    run: Callable[[Session], T],
    done: Callable[[T], None],
    failed: Failed,
    *,
    group: str,
    exclusive: bool = False,
    opens_dialog: bool = False,
) -> Worker[None]:
    app: Any = node.app
    desk: DeskContext = app.desk

    def work() -> None:
        worker = get_current_worker()
        try:
            result = desk.run(run)
        except Exception as exc:  # every failure is said; none is dropped silently
            outcome: tuple[Callable[..., None], Any] = (failed, danish_failure(exc))
        else:
            outcome = (done, result)
        if worker.is_cancelled:  # a newer load of the group answers instead
            return
        try:
            app.call_from_thread(*outcome)
        except RuntimeError:  # the app closed while the query ran
            pass

    worker: Worker[None] = node.run_worker(
        work,
        name=OPENS_DIALOG if opens_dialog else "",
        thread=True,
        exclusive=exclusive,
        group=group,
        exit_on_error=False,
    )
    _workers_of(node).add(worker)
    return worker
