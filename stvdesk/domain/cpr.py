"""CPR numbers: parsing, validation, birth date, masking.

Rules (CPR-kontoret's published rules for the 7th digit and the century):
- the first six digits are a real calendar date ddmmyy;
- digit 7 together with yy gives the century;
- the modulus-11 check is *not* required: numbers without it have been issued since
  2007, so a failed check is accepted (issue 3, item 5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_CPR_RE = re.compile(r"^\s*(\d{6})\s*-?\s*(\d{4})\s*$")
_MOD11_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


class CprError(ValueError):
    """A CPR number that cannot be right; the message is Danish, for the user."""


@dataclass(frozen=True)
class Cpr:
    digits: str  # ten digits, no dash

    @property
    def birth_date(self) -> date:
        return birth_date(self.digits)

    @property
    def masked(self) -> str:
        return mask(self.digits)

    @property
    def formatted(self) -> str:
        return f"{self.digits[:6]}-{self.digits[6:]}"


def century(yy: int, digit7: int) -> int:
    """The century (1800, 1900, 2000) from the two-digit year and the 7th digit."""
    if digit7 <= 3:
        return 1900
    if digit7 in (4, 9):
        return 2000 if yy <= 36 else 1900
    # 5–8
    return 2000 if yy <= 57 else 1800


def birth_date(digits: str) -> date:
    dd, mm, yy, d7 = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    try:
        return date(century(yy, d7) + yy, mm, dd)
    except ValueError as exc:
        raise CprError(f"{digits[:6]} er ikke en rigtig dato (ddmmåå).") from exc


def parse_cpr(text: str) -> Cpr:
    """Parse 'ddmmyy-xxxx' or 'ddmmyyxxxx'; raise CprError with a Danish message."""
    match = _CPR_RE.match(text or "")
    if not match:
        raise CprError("CPR-nummeret skal have 10 cifre: ddmmåå-xxxx.")
    digits = match.group(1) + match.group(2)
    birth_date(digits)
    return Cpr(digits)


def passes_modulus11(digits: str) -> bool:
    """The old control: informative only, never a reason to reject (see module doc)."""
    return sum(int(c) * w for c, w in zip(digits, _MOD11_WEIGHTS, strict=True)) % 11 == 0


def mask(digits: str) -> str:
    """ddmmyy-xxxx: the birth date stays (it is on every letter), the serial is hidden."""
    return f"{digits[:6]}-xxxx" if len(digits) == 10 else "xxxxxx-xxxx"


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def is_cpr_prefix(text: str) -> bool:
    """True when a search text looks like the start of a CPR number (digits, maybe a dash)."""
    stripped = text.strip().replace("-", "")
    return bool(stripped) and stripped.isdigit() and len(stripped) <= 10
