"""The column mapping a user settled on: corrected by hand ('C=cpr', 'Tlf.=Telefon',
'H=' to leave a column out) and saved per set of headers, so the same spreadsheet next month
is read the same way without asking again."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from stvdesk.domain.text import clean_text
from stvdesk.importing.fields import FIELDS, ImportKind, fold
from stvdesk.importing.tabular import column_letter

_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")


class MappingError(ValueError):
    """A correction that cannot be applied; the message is Danish, and clean: it lists the
    file's headers and is printed to a terminal."""

    def __init__(self, message: str) -> None:
        super().__init__(clean_text(message, multiline=True))


def default_path() -> Path:
    """Where saved mappings live: beside config.toml, one file for every header set."""
    from stvdesk.settings import config_dir

    return config_dir() / "import-kolonner.json"


def _key(kind: ImportKind, headers: list[str]) -> str:
    return kind.value + "|" + "|".join(fold(h) for h in headers)


def load_saved(path: Path, kind: ImportKind, headers: list[str]) -> tuple[dict[int, str], str] | None:
    """The saved mapping for exactly these headers and the day it was saved; None if there is none
    (or the file is unreadable: a saved mapping is a convenience, never a reason to stop)."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8")).get(_key(kind, headers))
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(stored, dict):
        return None
    keys = {spec.key for spec in FIELDS[kind]}
    mapping = {
        int(i): k
        for i, k in stored.get("columns", {}).items()
        if str(i).isdigit() and int(i) < len(headers) and k in keys
    }
    return mapping, str(stored.get("saved", ""))


def save(path: Path, kind: ImportKind, headers: list[str], mapping: dict[int, str], today: date) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data[_key(kind, headers)] = {"saved": today.isoformat(), "columns": {str(i): k for i, k in sorted(mapping.items())}}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def find_column(headers: list[str], text: str) -> int:
    """A column by its letter (C) or its header (CPR-nr.), as the user wrote it."""
    folded = fold(text)
    matches = [i for i, h in enumerate(headers) if fold(h) == folded and folded]
    if matches:
        return matches[0]
    if _LETTERS.match(text.strip()):
        for i in range(len(headers)):
            if column_letter(i) == text.strip().upper():
                return i
    raise MappingError(
        f"Filen har ingen kolonne «{text}». Kolonnerne er: "
        + ", ".join(f"{column_letter(i)} «{h}»" for i, h in enumerate(headers))
        + "."
    )


def find_field(kind: ImportKind, text: str) -> str | None:
    """A field by its key (cpr) or Danish label (Sagsbehandler); None for '', '-' or 'ingen'."""
    folded = fold(text)
    if folded in ("", "ingen", "ignorer", "spring over"):
        return None
    for spec in FIELDS[kind]:
        if folded in (fold(spec.key), fold(spec.label)):
            return spec.key
    raise MappingError(
        f"«{text}» er ikke et felt i {kind.label.lower()}. Felterne er: "
        + ", ".join(spec.label for spec in FIELDS[kind])
        + "."
    )


def correct(headers: list[str], kind: ImportKind, mapping: dict[int, str], corrections: list[str]) -> dict[int, str]:
    """Apply 'KOLONNE=FELT' corrections in order; a field set on one column leaves any other."""
    result = dict(mapping)
    for item in corrections:
        if "=" not in item:
            raise MappingError(f'«{item}»: skriv KOLONNE=FELT, fx C=cpr eller "Tlf.=Telefon".')
        column_text, _, field_text = item.rpartition("=")
        column = find_column(headers, column_text)
        key = find_field(kind, field_text)
        result.pop(column, None)
        if key is not None:
            result = {c: k for c, k in result.items() if k != key}
            result[column] = key
    return dict(sorted(result.items()))
