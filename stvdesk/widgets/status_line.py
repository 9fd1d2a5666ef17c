"""A status line whose text changes with every answer and whose height seldom does.

`Static.update` lays the whole screen out each time it is called; on a list that answers every
keystroke (the Sagsstamme, the access log) that layout is most of the frame. `update_line`
writes the new text without one, and asks for a layout only when the line wraps to another
number of rows (or has not been laid out yet)."""

from __future__ import annotations

from textual.widgets import Static


def update_line(line: Static, text: str) -> None:
    if line.content == text:
        return
    rows = line.content_size.height
    line.update(text, layout=False)
    width = line.content_size.width
    if not width or line.get_content_height(line.container_size, line.app.size, width) != rows:
        line.refresh(layout=True)
