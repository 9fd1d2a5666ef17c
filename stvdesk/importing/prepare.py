"""The steps before the dry run, shared by `stvdesk import` and the import screen: read the
file, decide its kind, and settle the column mapping (saved for these headers, else guessed)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from stvdesk.domain.numbers import format_plain
from stvdesk.domain.text import clean_line
from stvdesk.importing import mapping as saved_mappings
from stvdesk.importing.cells import shown
from stvdesk.importing.fields import FIELDS, ImportKind, guess_kind, guess_mapping, known_header_count
from stvdesk.importing.tabular import Table, column_letter, read_table


@dataclass(frozen=True)
class Prepared:
    table: Table
    kind: ImportKind
    mapping: dict[int, str]
    origin: str  # how the mapping came about, in Danish: gættet / gemt dd-mm-åååå / rettet

    def with_mapping(self, mapping: dict[int, str], origin: str = "rettet") -> Prepared:
        return replace(self, mapping=dict(sorted(mapping.items())), origin=origin)

    def with_kind(self, kind: ImportKind, mapping_file: Path | None = None) -> Prepared:
        return _settle(self.table, kind, mapping_file)

    def column_lines(self) -> list[tuple[str, str]]:
        """Each column of the file and the field it goes to ('—' for none); clean, for a terminal."""
        labels = {spec.key: spec.label for spec in FIELDS[self.kind]}
        return [
            (clean_line(f"{column_letter(i)} «{h}»"), labels.get(self.mapping.get(i, ""), "—"))
            for i, h in enumerate(self.table.headers)
        ]

    def preview(self, count: int = 5) -> tuple[list[str], list[list[str]]]:
        """The first rows as the mapped fields will read them: (field labels, rows of text), each
        cell one clean line (cells.shown), as a terminal or the import screen shows it."""
        labels = {spec.key: spec.label for spec in FIELDS[self.kind]}
        columns = sorted(self.mapping)
        header = ["Række", *(labels[self.mapping[c]] for c in columns)]
        rows = []
        for number, cells in self.table.rows[:count]:
            texts = []
            for c in columns:
                cell = cells[c]
                # A number cell as Excel shows it to a Danish user: 7,5, not Python's 7.5.
                text = "" if cell is None else format_plain(cell) if isinstance(cell, float) else shown(cell)
                digits = "".join(ch for ch in text if ch.isdigit())
                if self.mapping[c] == "cpr" and len(digits) in (9, 10):
                    text = digits.zfill(10)[:6] + "-xxxx"  # the serial stays off the screen
                texts.append(text)
            rows.append([str(number), *texts])
        return header, rows


def _settle(table: Table, kind: ImportKind, mapping_file: Path | None) -> Prepared:
    if mapping_file is not None:
        found = saved_mappings.load_saved(mapping_file, kind, table.headers)
        if found is not None:
            mapping, day = found
            shown_day = "-".join(reversed(day.split("-"))) if day else ""
            return Prepared(table, kind, mapping, f"gemt {shown_day}".strip())
    return Prepared(table, kind, guess_mapping(table.headers, kind), "gættet")


def prepare(
    path: Path, *, kind: ImportKind | None = None, sheet: str | None = None, mapping_file: Path | None = None
) -> Prepared:
    """Read `path` (ReadError in Danish if it cannot be) and settle its kind and mapping."""
    table = read_table(path, known_header_count, sheet)
    return _settle(table, kind or guess_kind(table.headers), mapping_file)
