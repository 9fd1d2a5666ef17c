"""Keys handled in the order they were typed: each only once the key before it has been handled.

Textual runs a priority binding (Enter on a list, the F-keys, ctrl+s in a form) the moment its
key reaches the app, but hands every other key to the focused widget's queue, from where it
bubbles up through the widget's parents to the screen and the app. Keys that arrive in one read
of the terminal (a fast typist, keys sent by a program, a slow link) then overtake one another:
`↓ Enter` opened the row above the cursor, `text ctrl+s` saved a field without its last letters,
and `/hansen` gave its letters to the list behind the finder that `/` opened. Here a key is
handed to Textual only once the one before it has gone all the way through: every node it could
bubble through has worked its queue up to it. When that key changed the screen (a dialog, the
finder), the next waits until the app has gone idle, so the new screen has its focus first.
A key typed on its own, with none before it under way, goes through at once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual import events
from textual._wait import wait_for_idle

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen

#: the longest a key waits for the one before it to come through (a node closed under it, a
#: handler that keeps the UI thread): then it goes on as Textual alone would send it (seconds)
LANDING_WAIT = 1.0
#: the longest a key waits for the app to go idle after the key before it changed the screen
IDLE_WAIT = 0.5


class KeyOrder:
    """The keys of one app, one after another (module docstring). The app hands every key that
    reaches it from the terminal to `handle`, with the dispatch Textual would have done."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._waiting: deque[events.Key] = deque()
        self._busy = False  # a key is under way, or one taken from `_waiting` is on its way back
        self._released: events.Key | None = None  # that one: handled when it comes back
        self._turn = 0  # counts the keys sent on; a late sentinel of an earlier key does nothing

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    async def handle(self, key: events.Key, dispatch: Callable[[events.Event], Awaitable[None]]) -> None:
        if key is self._released:
            self._released = None
        elif self._busy or self._waiting:
            if not self._waiting:
                self._watch(self._turn)
            self._waiting.append(key)
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
            self._follow(target, turn, screen)

    def _watch(self, turn: int) -> None:
        """Keys wait behind the key of `turn`: they go on after LANDING_WAIT whatever happens."""
        self.app.set_timer(LANDING_WAIT, lambda: self._overdue(turn), name="key-order")

    def _follow(self, node: DOMNode, turn: int, screen: Screen[object]) -> None:
        """Go up from `node` to the app, each step once the node has worked its queue up to here."""
        app = self.app
        while node is not app:
            if node.call_later(self._reached, node, turn, screen):
                return
            node = node.parent or app  # closed: nothing more comes from it
        if not app.call_later(self._landed, turn, screen):
            self._busy = False

    def _reached(self, node: DOMNode, turn: int, screen: Screen[object]) -> None:
        if turn == self._turn:
            self._follow(node.parent or self.app, turn, screen)

    def _landed(self, turn: int, screen: Screen[object]) -> None:
        """The key of `turn` has been handled wherever it went: the next waiting one goes on."""
        if turn != self._turn:
            return
        self._turn += 1  # any sentinel still on its way is late from now on
        self._busy = False
        if not self._waiting:
            return
        key = self._waiting.popleft()
        self._busy, self._released = True, key
        if self.app.screen is screen:
            self.app.post_message(key)
        else:
            self.app.run_worker(self._after_idle(key), group="key-order", exit_on_error=False)

    async def _after_idle(self, key: events.Key) -> None:
        await wait_for_idle(0, IDLE_WAIT)
        self.app.post_message(key)

    def _overdue(self, turn: int) -> None:
        if turn == self._turn and self._busy and self._released is None:
            self._landed(turn, self.app.screen)
