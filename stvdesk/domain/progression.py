"""Monthly progression (progressionsskema): the ratings, their mean and the trend as a
sparkline. Source: 000, 4.6 ("praktikopfølgninger hver måned og udarbejdelse af
udviklingsbeskrivelser; brug gerne progressionsskema")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

RATED = ("attendance", "tasks", "cooperation", "independence")
RATED_LABELS = {
    "attendance": "Fremmøde",
    "tasks": "Opgaver",
    "cooperation": "Samarbejde",
    "independence": "Selvstændighed",
}
_BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class MonthRating:
    month: date
    ratings: dict[str, int | None]
    ordinary_hours: float = 0.0

    @property
    def mean(self) -> float | None:
        values = [v for v in self.ratings.values() if v is not None]
        return sum(values) / len(values) if values else None


def sparkline(values: Sequence[float | None], low: float = 1.0, high: float = 5.0) -> str:
    """One character per value on a fixed scale (1–5 for ratings, so two citizens' lines
    compare); a gap as '·'."""
    out = []
    for value in values:
        if value is None:
            out.append("·")
            continue
        share = (min(max(value, low), high) - low) / (high - low) if high > low else 0
        out.append(_BARS[round(share * (len(_BARS) - 1))])
    return "".join(out)


def trend_word(means: list[float | None]) -> str:
    """Danish: is the latest month better than the one before, the same, or worse?"""
    known = [m for m in means if m is not None]
    if len(known) < 2:
        return "for få målinger"
    delta = known[-1] - known[-2]
    if delta >= 0.25:
        return "fremgang"
    if delta <= -0.25:
        return "tilbagegang"
    return "stabil"


def rating_errors(values: dict[str, int | None]) -> dict[str, str]:
    return {key: "Vælg 1–5." for key, value in values.items() if value is not None and not 1 <= value <= 5}
