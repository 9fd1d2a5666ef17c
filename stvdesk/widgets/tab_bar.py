"""A tab bar that keeps every tab in sight on a narrow terminal (80 columns).

Textual's tab bar scrolls sideways when its labels are wider than the screen, so the last tabs
of the citizen's file (8 Journal, 9 Historik) and of the company view (6 Match) were cut off at
80 columns. Here each tab has its labels from the longest to the shortest, and the bar shows the
longest set that fits, with the tabs' padding narrowed before the words are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from textual.widgets import TabbedContent, Tabs

#: A tab's padding, both sides together: Textual's (0 1), then the tight one (one cell, "-tight").
PADDINGS = (2, 1)


def fit_labels(tiers: Sequence[Sequence[str]], width: int) -> tuple[list[str], bool]:
    """The labels to show in `width` cells and whether the tight padding is needed: the first
    tier (from the longest) that fits, with the normal padding or else the tight one; else the
    last tier tight (the bar scrolls)."""
    for labels in tiers:
        for tight, padding in enumerate(PADDINGS):
            if sum(cell_len(label) + padding for label in labels) <= width:
                return list(labels), bool(tight)
    return list(tiers[-1]), True


def numbered_labels(tabs: Sequence[tuple[str, str]], short: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Each tab's labels (by pane id) with its digit key, from the full label to the shortest of
    `short` (a tab not named there keeps its label)."""
    return {
        tab: tuple(f"{n} {label}" for label in (full, *short.get(tab, ())))
        for n, (tab, full) in enumerate(tabs, start=1)
    }


def fit_tabs(tabbed: TabbedContent, labels: Mapping[str, Sequence[str]], width: int) -> None:
    """Give each tab of `tabbed` (by pane id) the label of the tier that fits `width` now."""
    ids = list(labels)
    count = max(len(variants) for variants in labels.values())
    # Tier n: each tab's n-th label, or its shortest where it has fewer.
    tiers = [[labels[pane][min(n, len(labels[pane]) - 1)] for pane in ids] for n in range(count)]
    chosen, tight = fit_labels(tiers, width)
    for pane, label in zip(ids, chosen, strict=True):
        tab = tabbed.get_tab(pane)
        if tab.label.plain != label:
            tab.label = label
    tabbed.query_one(Tabs).set_class(tight, "-tight")
