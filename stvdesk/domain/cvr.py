"""CVR numbers (the Danish company register): eight digits, the first not 0, passing the
modulus-11 check with weights 2 7 6 5 4 3 2 1 (Erhvervsstyrelsen's rule for CVR numbers)."""

from __future__ import annotations

import re

from stvdesk.domain.parse import ParseError

_CVR_RE = re.compile(r"^(?:DK)?(\d{8})$")
WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


class CvrError(ParseError):
    """A CVR number that cannot be right; the message is Danish."""


def cvr_checks(digits: str) -> bool:
    return (
        len(digits) == 8
        and digits.isdigit()
        and sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11 == 0
    )


def parse_cvr(text: str) -> str:
    """Eight digits from what was typed (spaces and a leading DK allowed), or CvrError."""
    raw = re.sub(r"[\s.-]", "", (text or "").upper())
    match = _CVR_RE.match(raw)
    if not match:
        raise CvrError("Et CVR-nummer har 8 cifre, fx 12345674.")
    digits = match.group(1)
    if digits[0] == "0":
        raise CvrError("Et CVR-nummer begynder ikke med 0.")
    if not cvr_checks(digits):
        raise CvrError(
            f"{digits} er ikke et gyldigt CVR-nummer (kontrolcifferet passer ikke) – tjek det i CVR-registret."
        )
    return digits


def parse_optional_cvr(text: str) -> str | None:
    return None if not (text or "").strip() else parse_cvr(text)
