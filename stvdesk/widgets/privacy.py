"""Privacy mode (F4) as a widget sees it: whether it is on, and a finished text made safe to show.

The masks themselves are `stvdesk.domain.privacy` (the one source); this module only reads the
app's switch (widgets sit below the app and never import it) and the names the screens on the
stack hold, so a text built anywhere (a notification, a palette entry) can be redacted for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.dom import DOMNode

from stvdesk.domain.privacy import redact, shown_name


def privacy_on(node: DOMNode) -> bool:
    """Whether the desk hides names and CPR numbers now (the app's `privacy`, toggled by F4)."""
    try:
        app: Any = node.app
    except Exception:  # a node outside a running app (built in a test) has no switch to read
        return False
    return bool(getattr(app, "privacy", False))


def names_on_screen(app: Any) -> list[str]:
    """The citizens' names the screens on the stack show or hold (each screen's `private_names`):
    what a finished text must not repeat while privacy is on."""
    names: list[str] = []
    for screen in list(getattr(app, "screen_stack", ())):
        held = getattr(screen, "private_names", None)
        if callable(held):
            names.extend(held())
    return names


def private_text(node: DOMNode, text: str, names: Iterable[str] = ()) -> str:
    """`text` as it may be shown now: while privacy is on, CPR-like numbers, `names` and every
    name the screens hold are hidden; otherwise `text` unchanged."""
    if not privacy_on(node):
        return text
    return redact(text, [*names, *names_on_screen(node.app)])


def private_name(node: DOMNode, name: str) -> str:
    """A citizen's name as a list, a title or a palette entry shows it now."""
    return shown_name(name, privacy_on(node))
