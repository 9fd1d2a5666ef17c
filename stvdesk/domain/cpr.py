"""CPR numbers: parsing, validation, birth date, masking.

Rules (CPR-kontoret's published rules for the 7th digit and the century):
- the first six digits are a real calendar date ddmmyy;
- digit 7 together with yy gives the century;
- the modulus-11 check is *not* required: numbers without it have been issued since
  2007, so a failed check is accepted;
- a birth date after today cannot be (290236-4000 reads as 2036 by the century rule).

Digits arrive in other forms too (full-width from a Japanese keyboard layout, Arabic-Indic from
a pasted document): every CPR text is turned into ASCII digits first (`ascii_digits`), so the same
person is one number wherever it is typed, imported, searched or compared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# Every dash a keyboard, a word processor or a pasted document may put between the digits: the
# Unicode category Pd (tests/domain/test_cpr.py checks it is all here), the minus signs, the
# hyphen bullet and the soft hyphen.
DASHES = (
    "-\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d"
    "\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead"
    "\u2212\u02d7\u207b\u208b\u2796\u2043\u00ad"
)
_DASH = "[" + re.escape(DASHES) + "]"

# ASCII digits only (re.ASCII: \d would take any script's digits), one optional separator (any
# dash or a space, as people and word processors write it), spaces around; never a line break or
# a tab inside.
_CPR_RE = re.compile(rf" *([0-9]{{6}}) *{_DASH}? *([0-9]{{4}}) *", re.ASCII)

# A CPR number inside free text (export/redact, the erasure's scrub of the access log), run over
# text whose digits are ASCII and whose spaces are plain (domain/redact.fold): ten digits in the
# CPR's shape, ddmmyy and the serial, with a dash, a dot, a slash or spaces between the date's
# parts and before the serial ("010150-1001", "010150 1001", "01.01.50–1001", "CPR0101501001"),
# and no digit right before or after (an eleven-digit number is not one).
_GAP = rf"(?: *[{re.escape(DASHES)}./] *| +)?"
CPR_IN_TEXT = re.compile(rf"(?<![0-9])[0-9]{{2}}{_GAP}[0-9]{{2}}{_GAP}[0-9]{{2}}{_GAP}[0-9]{{4}}(?![0-9])", re.ASCII)
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


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit of any script as its ASCII digit (NFKC first: full-width
    forms and no-break spaces become their plain kin)."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in folded)


def parse_cpr(text: str, *, today: date | None = None) -> Cpr:
    """Parse 'ddmmyy-xxxx' or 'ddmmyyxxxx' in any script's digits; raise CprError with a Danish
    message. With `today`, a birth date after it is refused."""
    match = _CPR_RE.fullmatch(ascii_digits(text or ""))  # fullmatch: "$" would let a final newline in
    if not match:
        raise CprError("CPR-nummeret skal have 10 cifre: ddmmåå-xxxx.")
    digits = match.group(1) + match.group(2)
    born = birth_date(digits)
    if today is not None and born > today:
        raise CprError(f"{digits[:6]}-{digits[6:]} giver fødselsdatoen {born:%d-%m-%Y}, som ligger efter i dag.")
    return Cpr(digits)


def passes_modulus11(digits: str) -> bool:
    """The old control: informative only, never a reason to reject (see module doc)."""
    return sum(int(c) * w for c, w in zip(digits, _MOD11_WEIGHTS, strict=True)) % 11 == 0


def mask(digits: str) -> str:
    """ddmmyy-xxxx: the birth date stays (it is on every letter), the serial is hidden."""
    return f"{digits[:6]}-xxxx" if len(digits) == 10 else "xxxxxx-xxxx"


def age_on(born: date, on: date) -> int:
    # By hand, not relativedelta(on, born).years: that counts someone born on 29 February a
    # year older already on 28 February of a common year; here the birthday is 1 March then.
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def cpr_prefix(text: str) -> str | None:
    """The ASCII digits of a search text that looks like the start of a CPR number (digits of any
    script, maybe a dash), else None."""
    stripped = re.sub(rf"[ {re.escape(DASHES)}]", "", ascii_digits(text))
    if stripped and len(stripped) <= 10 and stripped.isascii() and stripped.isdigit():
        return stripped
    return None


def is_cpr_prefix(text: str) -> bool:
    """True when a search text looks like the start of a CPR number (digits, maybe a dash)."""
    return cpr_prefix(text) is not None
