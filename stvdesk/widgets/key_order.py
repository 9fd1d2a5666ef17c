"""Keys handled in the order they were typed: each only once the key before it has been handled,
and a key that acts on an answer still on its way only once that answer is shown.

Textual runs a priority binding (Enter on a list, the F-keys, ctrl+s in a form) the moment its
key reaches the app, but hands every other key to the focused widget's queue, from where it
bubbles up through the widget's parents to the screen and the app. Keys that arrive in one read
of the terminal (a fast typist, keys sent by a program, a slow link) then overtake one another:
`↓ Enter` opened the row above the cursor, `text ctrl+s` saved a field without its last letters,
and `/hansen` gave its letters to the list behind the finder that `/` opened. Here a key is
handed to Textual only once the one before it has gone all the way through: every node it could
bubble through has worked its queue up to it. When that key changed the screen (a dialog, the
finder), the next waits until the app has gone idle, so the new screen has its focus first.

A dialog that stores what it was given before it closes (a form's ctrl+s, a prompt's Enter with
a save) says so in `storing()`: every key typed behind the save but Escape and the app's own keys
waits until the dialog has closed, and goes to the screen below it (`ctrl+s 3` in a file's form
stores and switches the file to tab 3), or, should the save be refused, to the dialog again.

Typed text is answered in workers (a search's rows, the file a row opens). A key that would act
on that answer (Enter or ↓ after a name, a tab's digit after Enter) waits until the screen or
the app says the answer for the latest text is shown (`answer_pending()`, which a screen, a
palette or the app may define), or ANSWER_WAIT at most: Enter opens the citizen the name found,
not the one at the top of the list before it. Typing into a field never waits, nor do Escape and
the app's own keys (the screen switches, privacy, quit). A key typed on its own, with none before
it under way and no answer it acts on outstanding, goes through at once.

A key that opens a dialog only once something is read (a form that reads what it proposes, a
list of workers to choose from: `OPENS_DIALOG`) holds the keys behind it the same way: they are
for the dialog.

A question (a screen with `asked_at`: "Vil du kassere dem?", the purpose of opening a stranger's
file) takes no key typed before it was painted: the user could not have meant such a key for it. Typed ahead in
one read, `Escape j` in a changed form answered "ja, kassér" before the question was on the
screen, and `Enter 3` on a citizen outside one's caseload typed "3" as the logged purpose.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual import _time, events
from textual._wait import wait_for_idle

from stvdesk.widgets.keys import in_field

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen

#: the longest a key waits for the one before it to come through (a node closed under it, a
#: handler that keeps the UI thread): then it goes on as Textual alone would send it (seconds)
LANDING_WAIT = 1.0
#: the longest a key waits for the answer it would act on (seconds)
ANSWER_WAIT = 2.0
#: how often a key that waits for an answer looks again (seconds)
ANSWER_POLL = 0.01
#: the longest a key waits for the app to go idle after the key before it changed the screen
IDLE_WAIT = 0.3
#: how many more times a key goes up from where it was sent, behind the messages it made below
#: the app (a node whose queue never empties lets it go on after that)
MADE_PASSES = 5
#: keys that never wait for an answer: they leave what is being answered
NEVER_WAIT = frozenset({"escape"})


def _messages_below(node: DOMNode, app: App[Any]) -> bool:
    """Whether `node`, a node above it short of the app, or a node of the screen on top has
    messages waiting in its queue (Enter on a palette's field selects in its list, a sibling)."""

    def waiting(pump: DOMNode) -> bool:
        return pump.message_queue_size > 0 or pump._pending_message is not None

    chain: list[DOMNode] = []
    while node is not app and node is not None:
        chain.append(node)
        node = node.parent  # type: ignore[assignment]
    return any(waiting(n) for n in chain) or any(waiting(n) for n in app.screen.walk_children(with_self=True))


def working(node: DOMNode, group: str) -> bool:
    """Whether a worker of `group` that `node` started has not finished yet."""
    from textual.worker import WorkerState

    return any(
        worker.node is node and worker.group == group and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
        for worker in node.app.workers
    )


def between_keys(node: DOMNode, apply: Callable[[], None]) -> None:
    """`apply` a dialog's answer between two keys where the app keeps them in order (the desk),
    at once elsewhere: keys on their way to the dialog are handled by it before it closes."""
    order = getattr(node.app, "between_keys", None)
    if callable(order):
        order(apply)
    else:
        apply()


#: `asked_at` of a question made and not yet painted: every key is from before it
NOT_YET_ASKED = math.inf


def asks_now() -> float:
    """Now, on the clock Textual stamps each key with as its parser hands it on (`Message.time`)."""
    return _time.get_time()


def ask_when_painted(screen: Screen[Any]) -> None:
    """A question is asked once its frame is on the terminal: its `asked_at` (NOT_YET_ASKED
    from when it was made) becomes that moment. Called from the question screen's `on_mount`."""

    def asked() -> None:
        screen.asked_at = asks_now()  # type: ignore[attr-defined]

    screen.call_after_refresh(asked)


def typed_before_asked(screen: object, key: events.Key) -> bool:
    """Whether `key` was typed before the question `screen` asks (a screen with `asked_at`)."""
    asked_at = getattr(screen, "asked_at", None)
    return asked_at is not None and key.time < asked_at


#: the name of a load's worker whose answer opens a dialog (`DataPath.load(opens_dialog=True)`)
OPENS_DIALOG = "opens-dialog"


def opening_dialog(app: App[Any]) -> bool:
    """Whether a load whose answer opens a dialog is on its way (a form that reads what it
    proposes first): the keys typed behind the key that asked for it are for the dialog."""
    from textual.worker import WorkerState

    return any(
        worker.name == OPENS_DIALOG and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
        for worker in app.workers
    )


def storing(screen: object) -> bool:
    """Whether `screen` is a dialog storing what it was given, to close once it is stored (its
    `storing()`): every key typed behind its save waits for that (module docstring)."""
    method = getattr(screen, "storing", None)
    return bool(method()) if callable(method) else False


def answer_pending(node: object) -> bool:
    """Whether `node` (a screen, a palette, the app) says an answer to typed keys is on its way;
    a screen not composed yet (its field not there) has none to wait for."""
    from textual.css.query import NoMatches

    pending = getattr(node, "answer_pending", None)
    try:
        return bool(pending()) if callable(pending) else False
    except NoMatches:
        return False


class KeyOrder:
    """The keys of one app, one after another (module docstring). The app hands every key that
    reaches it from the terminal to `handle`, with the dispatch Textual would have done."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        # keys, and answers that close a dialog (`between_keys`), in the order they came
        self._waiting: deque[events.Key | Callable[[], None]] = deque()
        self._busy = False  # a key is under way, or one taken from `_waiting` is on its way back
        self._released: events.Key | None = None  # that one: handled when it comes back
        self._turn = 0  # counts the keys sent on; a late sentinel of an earlier key does nothing
        self._holding = False  # the key next in turn waits for an answer (`_when_ready`), not yet sent

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def between_keys(self, apply: Callable[[], None]) -> None:
        """`apply` an answer that changes the screen (a dialog's save that closes it) between two
        keys, never under one still on its way to the dialog, which would go with it."""
        if (self._busy or self._waiting) and not self._holding:
            if not self._waiting:
                self._watch(self._turn)
            # Right behind the key under way, before the keys waiting: those were typed behind
            # the save, and wait for the dialog that stores to close (`storing`).
            first_key = next((n for n, item in enumerate(self._waiting) if isinstance(item, events.Key)), None)
            if first_key is None:
                self._waiting.append(apply)
            else:
                self._waiting.insert(first_key, apply)
        else:
            # Nothing under way, or the key next in turn is held back for an answer (the keys
            # behind it with it): none is on its way to the dialog. The answer it waits for may
            # be this one (a dialog storing what it was given, `storing()`).
            apply()

    def hands_back(self, key: events.Key) -> bool:
        """Whether `key` is one this order took and now hands back to the app to be handled."""
        return key is self._released

    async def handle(self, key: events.Key, dispatch: Callable[[events.Key], Awaitable[None]]) -> None:
        if key is self._released:
            self._released = None
        elif self._busy or self._waiting:
            if not self._waiting:
                self._watch(self._turn)
            self._waiting.append(key)
            return
        elif self.waits_for_answer(key):
            self._waiting.append(key)
            self._send_next(self.app.screen)
            return
        app = self.app
        screen, target = app.screen, app.focused or app.screen
        self._busy = True
        self._turn += 1
        turn = self._turn
        if self._waiting:
            self._watch(turn)
        try:
            await dispatch(key)
        finally:
            self._follow(target, turn, screen, target)

    def waits_for_answer(self, key: events.Key) -> bool:
        """Whether `key` would act on an answer still on its way (module docstring)."""
        app = self.app
        if key.key in NEVER_WAIT or self.app_key(key.key):
            return False
        if storing(app.screen):
            return True  # typed behind the dialog's save: for the screen below it, or for it again
        if opening_dialog(app):
            return True  # typed behind the key that opens a dialog: for the dialog
        if key.is_printable and in_field(app.focused):
            return False
        return answer_pending(app) or answer_pending(app.screen)

    def app_key(self, key: str) -> bool:
        """The app's own keys (screen switches, privacy, help, quit) act wherever the user is:
        on the keys a jobcentre gave them (`[taster]`), as Textual binds them."""
        app = self.app
        bindings = app._bindings
        if app._keymap:
            bindings = bindings.copy()
            bindings.apply_keymap(app._keymap)
        return key in bindings.key_to_bindings

    def _watch(self, turn: int) -> None:
        """Keys wait behind the key of `turn`: if it has not come through after LANDING_WAIT (a
        node closed under it, a handler that holds the UI thread), they go on."""
        self.app.set_timer(LANDING_WAIT, lambda: self._overdue(turn), name="key-order")

    def _follow(self, node: DOMNode, turn: int, screen: Screen[object], target: DOMNode, passes: int = 0) -> None:
        """Go up from `node` to the app, each step once the node has worked its queue up to here."""
        app = self.app
        while node is not app:
            if node.call_later(self._reached, node, turn, screen, target, passes):
                return
            node = node.parent or app  # closed: nothing more comes from it
        if not app.call_later(self._landed, turn, screen, target, passes):
            self._busy = False

    def _reached(self, node: DOMNode, turn: int, screen: Screen[object], target: DOMNode, passes: int) -> None:
        if turn == self._turn:
            self._follow(node.parent or self.app, turn, screen, target, passes)

    def _landed(self, turn: int, screen: Screen[object], target: DOMNode | None = None, passes: int = 0) -> None:
        """The key of `turn` has been handled wherever it went: the next waiting one goes on.
        Unless what the key did left messages below the app: Textual runs a widget's own binding
        (Enter in a field) as the key comes back up to the app, and the field's Submitted then
        waits in the field's queue, to be heard by the screen, which moves the focus on; the
        key goes up once more behind such messages (at most MADE_PASSES times)."""
        if turn != self._turn:
            return
        if target is not None and passes < MADE_PASSES and _messages_below(target, self.app):
            self._follow(target, turn, screen, target, passes + 1)
            return
        self._turn += 1  # any sentinel still on its way is late from now on
        self._busy = False
        if self._waiting:
            self._send_next(screen)

    def _send_next(self, screen: Screen[object]) -> None:
        """The first waiting key back to the app, at once if nothing changed under it; an answer
        waiting before it is applied first."""
        key = self._waiting.popleft()
        while not isinstance(key, events.Key):
            key()
            if not self._waiting:
                return
            key = self._waiting.popleft()
        self._busy, self._released = True, key
        if self.app.screen is screen and not self.waits_for_answer(key):
            self.app.post_message(key)
        else:
            self._holding = True  # from now: an answer that comes before the worker starts too
            self.app.run_worker(self._when_ready(key, screen), group="key-order", exit_on_error=False)

    async def _when_ready(self, key: events.Key, screen: Screen[object]) -> None:
        """`key` once the answer it acts on is shown and, after a change of screen, the app is idle."""
        started = time.monotonic()

        def in_time() -> bool:
            return time.monotonic() - started < ANSWER_WAIT

        self._holding = True
        try:
            while True:
                while self.waits_for_answer(key) and in_time():
                    await asyncio.sleep(ANSWER_POLL)
                if self.app.screen is screen or not in_time():
                    break
                screen = self.app.screen  # a new screen: its focus and its first answers first
                await wait_for_idle(0, IDLE_WAIT)
        finally:
            self._holding = False
        self.app.post_message(key)

    def _overdue(self, turn: int) -> None:
        if turn == self._turn and self._busy and self._released is None:
            self._landed(turn, self.app.screen)
