"""Field validation shared by forms: each returns a Danish message, or None when fine."""

from __future__ import annotations

import re

_INITIALS_RE = re.compile(r"^[A-ZÆØÅ0-9]{1,8}$")


def required(value: str, label: str) -> str | None:
    return None if value.strip() else f"{label} skal udfyldes."


def initials(value: str) -> str | None:
    text = value.strip().upper()
    if not text:
        return "Initialer skal udfyldes."
    if not _INITIALS_RE.match(text):
        return "Initialer er 1–8 bogstaver eller cifre, uden mellemrum."
    return None
