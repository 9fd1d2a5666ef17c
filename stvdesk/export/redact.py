"""Redaction for exports that may leave the case: CPR-shaped numbers and the given surnames are
blanked out of free text (whole words, any case)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

BLANK = "…"
_CPR_RE = re.compile(r"\b\d{6}-?\d{4}\b")


def blanker(surnames: Iterable[str]) -> Callable[[str], str]:
    """A function that blanks CPR numbers and these surnames (each part of two letters or more)."""
    parts = sorted({part for name in surnames for part in name.split() if len(part) > 1}, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, parts)) + r")\b", re.IGNORECASE) if parts else None

    def clean(text: str) -> str:
        text = _CPR_RE.sub(BLANK, text)
        return pattern.sub(BLANK, text) if pattern else text

    return clean
