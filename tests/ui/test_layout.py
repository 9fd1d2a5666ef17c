"""Small terminals: how tables share their width, how cells are cut, how the key bar and the
file's tab bar say less rather than lose their end. Pure functions, no app."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from stvdesk.screens.citizen_file.common import TABS, tab_labels
from stvdesk.widgets.fast_table import ELLIPSIS, Fit, cut_at_word, cut_text, fit_widths
from stvdesk.widgets.keybar import ShownKey, entry_width, fit_keys
from stvdesk.widgets.tab_bar import fit_labels

fits = st.builds(
    lambda least, extra, priority: Fit(least, least + extra, priority),
    st.integers(1, 30),
    st.integers(0, 40),
    st.integers(0, 9),
)


@settings(max_examples=200)
@given(columns=st.lists(fits, min_size=1, max_size=14), available=st.integers(10, 220))
def test_fitted_columns_fit_and_keep_their_minimum(columns, available) -> None:
    widths = fit_widths(columns, available)
    shown = [(fit, width) for fit, width in zip(columns, widths, strict=True) if width is not None]
    keeper = max(range(len(columns)), key=lambda i: (columns[i].priority, -i))
    assert widths[keeper] is not None  # the most important column is never left out
    assert all(fit.min <= width <= fit.want for fit, width in shown)
    total = sum(width + 2 for _fit, width in shown)
    assert total <= available or len(shown) == 1
    if sum(fit.want + 2 for fit in columns) <= available:
        assert widths == [fit.want for fit in columns]  # room for all: each as wide as it wants


def test_the_name_keeps_its_width_and_the_least_important_go_first() -> None:
    # Min dag's agenda at 80 columns: when, date, kind, name, phase.
    columns = [Fit(9, 9, 4), Fit(9, 9, 2), Fit(9, 17, 3), Fit(16, 25, 5), Fit(12, 23, 1)]
    assert fit_widths(columns, 200) == [9, 9, 17, 25, 23]
    assert fit_widths(columns, 90) == [9, 9, 17, 25, 20]  # the phase gives way first
    # Then it goes; the kind shrinks to its minimum before the name does, the name last.
    assert fit_widths(columns, 51) == [9, 9, 9, 16, None]
    assert fit_widths(columns, 50) == [9, None, 10, 25, None]  # one cell less: the date goes too


@given(text=st.text(st.sampled_from("abcæøå ,-"), min_size=0, max_size=60), width=st.integers(2, 40))
def test_a_cut_cell_fits_and_says_it_is_cut(text, width) -> None:
    cut = cut_text(Text(text), width).plain
    assert cell_len(cut) <= width
    assert cut == text if cell_len(text) <= width else cut.endswith(ELLIPSIS)


def test_cells_are_cut_at_a_word_not_mid_word() -> None:
    assert cut_text(Text("1 uden ord. timer, ingen kontakt"), 20).plain == "1 uden ord. timer…"
    assert cut_text(Text("13 samtaler mangler før 30-11-2026 (tempoet rækker ikke)"), 30).plain == (
        "13 samtaler mangler før…"
    )
    # One word longer than the column, or a boundary that would keep too little: cut in the word.
    assert cut_text(Text("Praktikopfølgning"), 12).plain == "Praktikopfø…"
    assert cut_text(Text("Sanne Christoffersen"), 14).plain == "Sanne Christo…"
    assert cut_at_word("Gregersens Kontor ApS (virksomhed)", 24) == len("Gregersens Kontor ApS")


def keys(*entries: tuple[str, str, bool]) -> list[ShownKey]:
    return [
        ShownKey(display, display, description, True, desk_wide=wide, help=display == "F1/?")
        for display, description, wide in entries
    ]


MIN_DAG = keys(
    ("⏎", "Åbn borger", False),
    ("h", "Afholdt", False),
    ("m", "Flyt", False),
    ("x", "Spring over", False),
    ("s", "Start møde", False),
    ("k", "Aftale holdt", False),
    ("r", "Opdatér", False),
    ("^q", "Afslut", True),
    ("F1/?", "Hjælp", True),
    ("^p", "Kommandoer", True),
    ("f2", "Min dag", True),
    ("f3", "Sagsstamme", True),
)


def test_the_key_bar_keeps_help_at_any_width() -> None:
    full = fit_keys(MIN_DAG, 300)
    assert [key.display for key, _ in full] == [key.display for key in MIN_DAG]  # all, as declared
    for width in (60, 80, 100, 120, 140):
        shown = fit_keys(MIN_DAG, width)
        assert sum(entry_width(key.display, text) for key, text in shown) <= width
        assert shown[-1] == (MIN_DAG[8], "Hjælp")  # help, last, in words
    at_80 = {key.display: text for key, text in fit_keys(MIN_DAG, 80)}
    assert at_80["x"] == "Spring" and at_80["⏎"] == "Åbn"  # the screen's own keys in a word each
    assert "^p" not in at_80  # the desk-wide keys give way first
    assert ShownKey("e", "e", "Til Outlook (ics)", True).short == "Til Outlook"  # not "Til" alone


STYRING = keys(
    ("⏎", "Vis borgerne", False),
    ("v", "Teamets/mine", False),
    ("w", "Medarbejder", False),
    ("[", "Forrige måned", False),
    ("]", "Næste måned", False),
    ("m", "Måltal", False),
    ("x", "Excel", False),
    ("d", "Månedsdialog", False),
    ("l", "Logning", False),
    ("^q", "Afslut", True),
    ("F1/?", "Hjælp", True),
)


def test_the_key_bar_never_shows_a_key_without_its_word() -> None:
    """At 80 columns Styring's bar ended in bare keys ("m  x  d  l"): the least used keys (declared
    last) now give way instead, and help stays last."""
    for bar in (MIN_DAG, STYRING):
        for width in range(30, 150, 5):
            shown = fit_keys(bar, width)
            assert all(text for _key, text in shown), (width, shown)
            assert shown[-1][0].help and sum(entry_width(key.display, text) for key, text in shown) <= max(width, 12)
    at_80 = [key.display for key, _text in fit_keys(STYRING, 80)]
    assert at_80[:4] == ["⏎", "v", "w", "["] and "l" not in at_80  # the first (most used) stay


def test_all_nine_tabs_of_the_file_fit_80_columns() -> None:
    labels = tab_labels()
    tiers = [[labels[tab][min(n, len(labels[tab]) - 1)] for tab, _ in TABS] for n in range(3)]
    full, tight = fit_labels(tiers, 120)
    assert full == [f"{n} {label}" for n, (_tab, label) in enumerate(TABS, start=1)] and not tight
    shown, tight = fit_labels(tiers, 80)
    assert sum(len(label) + (1 if tight else 2) for label in shown) <= 80
    assert all(label.split(" ", 1)[0] == str(n) for n, label in enumerate(shown, start=1))  # each keeps its digit
