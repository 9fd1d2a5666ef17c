"""Privacy mode (F4): what the screen shows of a citizen while names and CPR numbers are hidden.

The one source of every mask on the desk: screens, forms, dialogs, the palette and notifications
all ask here, so the words and marks are the same everywhere and a hidden value is never shown by
a place that forgot. Privacy mode is the desk's own setting for field use (a laptop at a
company's table, a screen others can see), not a rule of the reports.

- A name becomes `HIDDEN_NAME`; in a sentence ("Hvorfor haster …?") `IN_PROSE`.
- A CPR number becomes `HIDDEN_CPR` entirely: the birth date the usual mask keeps (ddmmyy-xxxx)
  is enough, with a name or a face, to tell who it is.
- Contact details (phone, mail, address) become `HIDDEN_CONTACT`: a mail address often holds the
  name.
- `redact(text, names)` takes a finished text (a notification, a dialog's line, an error from
  the database that quotes a value, a note a worker wrote) and hides every CPR-like number in it
  and the given names, whole or part by part. Every free text a screen shows while privacy is on
  goes through it: the workers write the citizen's name and CPR number into notes too.

A name is matched as people write it (the folding of `domain.redact`: any case, "Sorensen" and
"Soerensen" for "Sørensen", a decomposed "å"), as a whole word (not "Holm" in "Bornholm") and in
its Danish genitive ("Sørensens", "Leif's", "Hans'"), so "Sørensens mor" does not name her.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from stvdesk.domain.cpr import CPR_IN_TEXT
from stvdesk.domain.redact import fold, name_forms

HIDDEN_NAME = "••••••"
HIDDEN_CPR = "xxxxxx-xxxx"
HIDDEN_CONTACT = "••••"
IN_PROSE = "borgeren"

#: Ten digits as a CPR number is written (ddmmyy-xxxx, ddmmyyxxxx, with a space or a dash of any
#: kind), or the usual mask that keeps the birth date (ddmmyy-xxxx): never inside a longer run
#: of digits, so a CVR number (8 digits) or an amount stays as it is.
_CPR_LIKE = re.compile(r"(?<![0-9])[0-9]{6} ?[-\u2010\u2011\u2013\u2212]? ?(?:[0-9]{4}|xxxx)(?![0-9])", re.ASCII)
#: A name part shorter than this is left in a text (an initial, "A/S"): hiding every "Bo" or "Li"
#: would blank ordinary words too.
_SHORTEST_PART = 2


def shown_name(name: str, privacy: bool) -> str:
    """A citizen's name as a list or a title shows it."""
    return HIDDEN_NAME if privacy else name


def shown_in_prose(name: str, privacy: bool) -> str:
    """A citizen's name inside a sentence: "borgeren" while private, so the sentence still reads."""
    return IN_PROSE if privacy else name


def shown_contact(value: str, privacy: bool) -> str:
    """A phone number, mail or address."""
    return HIDDEN_CONTACT if privacy else value


def shown_cpr(digits: str, privacy: bool, *, whole: bool = False) -> str:
    """A CPR number: all hidden while private; else the birth date and a hidden serial, or the
    whole number where the worker asked to see it (and the access log has the reveal)."""
    if privacy:
        return HIDDEN_CPR
    if whole and len(digits) == 10:
        return f"{digits[:6]}-{digits[6:]}"
    return f"{digits[:6]}-xxxx" if len(digits) == 10 else HIDDEN_CPR


def name_parts(names: Iterable[str]) -> list[str]:
    """Every name and each of its words long enough to point at a person, longest first (so a
    whole name is hidden as one mark, not as one mark per word)."""
    parts: set[str] = set()
    for name in names:
        name = " ".join(name.split())
        if not name:
            continue
        parts.add(name)
        parts.update(word for word in re.split(r"[\s\-.,]+", name) if len(word) >= _SHORTEST_PART)
    return sorted(parts, key=lambda part: (-len(part), part))


@lru_cache(maxsize=256)
def _name_pattern(parts: tuple[str, ...]) -> re.Pattern[str] | None:
    """The names' parts in every folded form, longest first, as whole words in the folded text,
    each with or without a genitive ending."""
    forms = sorted({form for part in parts for form in name_forms(part)}, key=lambda form: (-len(form), form))
    if not forms:
        return None
    # Not next to a letter (a digit or "_" is an edge: "sorensen_2026"); the folding made every
    # apostrophe "'", so "Leif’s" is matched as "leif's".
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(map(re.escape, forms)) + r")(?:'s|'|s)?(?![^\W\d_])")


def redact(text: str, names: Iterable[str] = (), values: Iterable[str] = ()) -> str:
    """`text` with every CPR-like number, each of `names` (whole, and word by word, in any case,
    with a genitive ending) and each of `values` (contact details: only whole) hidden. For
    finished texts that may quote a citizen: notifications, dialog lines, a database error that
    repeats a value, the notes and answers workers write."""
    if not text:
        return text
    text = _CPR_LIKE.sub(HIDDEN_CPR, text)
    whole = sorted({value.strip() for value in values if len(value.strip()) > _SHORTEST_PART}, key=len, reverse=True)
    for value in whole:
        text = re.sub(re.escape(value), HIDDEN_CONTACT, text, flags=re.IGNORECASE)
    folded, starts, ends = fold(text)
    # A CPR number written another way (full-width digits, dots between the date's parts).
    spans = [(starts[m.start()], ends[m.end() - 1], HIDDEN_CPR) for m in CPR_IN_TEXT.finditer(folded)]
    pattern = _name_pattern(tuple(name_parts(names)))
    if pattern is not None:
        # One pass, longest alternative first: a whole name is one mark, and a mark is never
        # matched again.
        spans += [(starts[m.start()], ends[m.end() - 1], HIDDEN_NAME) for m in pattern.finditer(folded)]
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end, mark in sorted(spans):
        if start < last:  # inside a span already hidden
            continue
        out += [text[last:start], mark]
        last = end
    out.append(text[last:])
    return "".join(out)
