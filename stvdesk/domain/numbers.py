"""Numbers as a Danish reader expects them: a decimal comma and thousands points ("1.234,5").

Every number a user sees – on a screen, in a message, in a text export – goes through one of
these functions, so the same figure never reads "485.9" in one place and "485,9" in another.
Built on Babel's CLDR data for da_DK. Rounding is half up (7,25 → 7,3), as taught in school
and as a user checks a figure by hand, not the banker's rounding Python and Babel default to.

Babel and the locale data are loaded at the first number formatted, not when this module is
imported: start-up pays nothing for them, and the first number pays once (Babel then caches
the locale, and the patterns are cached here).
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale
    from babel.numbers import NumberPattern

LOCALE = "da_DK"

# Enough for any figure the app shows: a user's hours are typed with a decimal or two, and
# six keep every decimal a stored float really has while dropping float noise (0,1 + 0,2).
PLAIN_DECIMALS = 6

# Half-up rounding, and wide enough that quantizing a large figure never overflows the
# default 28-digit precision.
_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_UP)


@cache
def _babel() -> tuple[Callable[..., str], Locale]:
    from babel import Locale
    from babel.numbers import format_decimal

    return format_decimal, Locale.parse(LOCALE)


@cache
def _pattern(decimals: int, fixed: bool, grouping: bool) -> NumberPattern:
    from babel.numbers import parse_pattern

    fraction = ("0" if fixed else "#") * decimals
    return parse_pattern(("#,##0" if grouping else "0") + (f".{fraction}" if fraction else ""))


# Babel takes some 30 µs a number; the same figures (7,5 hours, 37 hours, a count) recur in
# every table and in a phase derived for thousands of citizens, so the answers are kept.
@lru_cache(maxsize=4096)
def _format(value: float, decimals: int, *, fixed: bool = False, grouping: bool = True) -> str:
    if decimals < 0:
        raise ValueError("decimals must be 0 or more")
    format_decimal, locale = _babel()
    if isinstance(value, float) and not math.isfinite(value):
        return format_decimal(value, locale=locale)  # "∞", "-∞", "NaN": never expected, never hidden
    # str() of a float is its shortest exact repr, so 7.25 rounds as 7,25 is written, not as
    # the binary 7.2499999…
    number = decimal.Decimal(str(value)) if isinstance(value, float) else decimal.Decimal(value)
    rounded = number.quantize(decimal.Decimal(1).scaleb(-decimals), context=_CONTEXT)
    if not rounded:
        rounded = abs(rounded)  # no "-0" for a small negative figure
    with decimal.localcontext(_CONTEXT):  # Babel quantizes again, in the current context
        return format_decimal(rounded, format=_pattern(decimals, fixed, grouping), locale=locale)


def format_number(value: float, decimals: int = 0) -> str:
    """A count or amount: thousands points, at most `decimals` decimals, no trailing zeros.

    format_number(1234) == "1.234"; format_number(485.94, 1) == "485,9";
    format_number(37.0, 1) == "37".
    """
    return _format(value, decimals)


def format_hours(value: float) -> str:
    """Hours: at most two decimals, no trailing zeros: "7,5", "37", "7,25", "1.234,5"."""
    return _format(value, 2)


def format_mean(value: float) -> str:
    """A mean (of 1–5 ratings) always with one decimal, so a column of means lines up: "3,8", "4,0"."""
    return _format(value, 1, fixed=True)


def format_plain(value: float) -> str:
    """A number for a CSV cell or the starting text of an input field: a decimal comma, no
    thousands points (which a reader of the cell, or the field's own parser, could take for
    a decimal point) and every real decimal kept (up to six), so a value saved unchanged stays
    the value it was: "1234,5", "7,333"."""
    return _format(value, PLAIN_DECIMALS, grouping=False)


def counted(count: int, one: str, many: str) -> str:
    """A count with its noun in the number the count takes: counted(1, "borger", "borgere") is
    "1 borger", counted(3, …) "3 borgere" (never "borger(e)")."""
    return f"{format_number(count)} {one if count == 1 else many}"
