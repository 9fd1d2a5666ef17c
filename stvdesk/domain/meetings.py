"""Rules for meetings run from a dialogue guide: reading an answer, and when a meeting may
be finished.

Source: quick action on what was agreed is a core element of the method (000, 4.1 and SPOR 1;
002, table 5-1: conversations every 4–6 weeks, closer around a placement), so a meeting is
not finished until it has produced agreements (or the worker says there were none) and a
date for the next follow-up.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Literal, overload

from stvdesk.domain.parse import ParseError, parse_date

_DECIMAL_RE = re.compile(r"^\s*-?\d+(?:[.,]\d+)?\s*$")

YES = "ja"
NO = "nej"


class ItemKind(StrEnum):
    """The kinds of item a guide may hold (README, "Dialogue guides (F7)": `kind`)."""

    CHECK = "check"
    TEXT = "text"
    NUMBER = "number"
    CHOICE = "choice"
    RATING = "rating"
    DATE = "date"
    # The income calculator's estimate (002, tabel 5-1: hjælp til at beregne indkomst ved
    # ordinære timer): opened on the item for the meeting's citizen, its text is the answer.
    INCOME = "income"


RATING_MIN, RATING_MAX = 1, 5


# An answer's typed value: a check's bool, a text or choice, a number, a rating or a date.
Answer = bool | str | float | int | date


@overload
def parse_answer(
    kind: Literal[ItemKind.NUMBER], text: str, options: tuple[str, ...] = (), *, today: date | None = None
) -> float | None: ...
@overload
def parse_answer(
    kind: Literal[ItemKind.RATING], text: str, options: tuple[str, ...] = (), *, today: date | None = None
) -> int | None: ...
@overload
def parse_answer(
    kind: ItemKind, text: str, options: tuple[str, ...] = (), *, today: date | None = None
) -> Answer | None: ...
def parse_answer(
    kind: ItemKind, text: str, options: tuple[str, ...] = (), *, today: date | None = None
) -> Answer | None:
    """The typed value of an answer as typed; None for an empty answer.

    check → bool, text and income (the estimate's lines) → str, number → float (comma or point), choice → one of the options,
    rating → int 1–5, date → date. Raises ParseError with a Danish message.
    """
    raw = (text or "").strip()
    if not raw:
        return None
    if kind in (ItemKind.TEXT, ItemKind.INCOME):
        return raw
    if kind is ItemKind.CHECK:
        lowered = raw.lower()
        if lowered in (YES, "j", "x", "1", "true"):
            return True
        if lowered in (NO, "n", "0", "false"):
            return False
        raise ParseError("Svar ja eller nej.")
    if kind is ItemKind.NUMBER:
        if not _DECIMAL_RE.match(raw):
            raise ParseError("Skriv et tal, fx 12 eller 7,5.")
        return float(raw.replace(",", "."))
    if kind is ItemKind.RATING:
        if not raw.isdigit() or not RATING_MIN <= int(raw) <= RATING_MAX:
            raise ParseError(f"Vælg et tal fra {RATING_MIN} til {RATING_MAX}.")
        return int(raw)
    if kind is ItemKind.CHOICE:
        match = next((option for option in options if option.lower() == raw.lower()), None)
        if match is None:
            raise ParseError("Vælg en af mulighederne.")
        return match
    if kind is ItemKind.DATE:
        return parse_date(raw, today=today)
    raise ParseError(f"Ukendt type: {kind}")


def finish_problems(
    *, agreements: int, no_agreements: bool, next_follow_up_on: date | None, held_on: date | None, today: date
) -> list[str]:
    """Why a meeting cannot be finished yet (empty: it can). Danish, one line each."""
    problems = []
    if agreements == 0 and not no_agreements:
        problems.append('Skriv mindst én aftale – eller markér "ingen aftaler".')
    if agreements > 0 and no_agreements:
        problems.append('Mødet har aftaler; fjern markeringen "ingen aftaler".')
    if held_on is None:
        problems.append("Skriv hvilken dag mødet blev holdt.")
    elif held_on > today:
        problems.append("Et møde kan ikke afsluttes, før det er holdt (datoen ligger efter i dag).")
    if next_follow_up_on is None:
        problems.append("Sæt en dato for næste opfølgning.")
    elif next_follow_up_on < today:
        problems.append("Næste opfølgning ligger før i dag.")
    return problems


def agreement_problems(text: str, deadline: date | None, today: date) -> dict[str, str]:
    """Field errors for a new agreement: a text, and a deadline that is not in the past."""
    problems = {}
    if not text.strip():
        problems["text"] = "Skriv hvad der er aftalt."
    if deadline is not None and deadline < today:
        problems["deadline"] = "Fristen ligger før i dag."
    return problems
