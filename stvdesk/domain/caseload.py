"""Caseload bands per role (000, 4.4 and SPOR 3; 002, chapter 5).

The reports give S 40–50 and VK 30–35 citizens, a recommended 30–45, and note that the
best municipalities ran 30–40. These are defaults; a jobcentre can set its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from stvdesk.domain.enums import Role


@dataclass(frozen=True)
class Band:
    low: int
    high: int

    def __str__(self) -> str:
        return f"{self.low}–{self.high}"


DEFAULT_BANDS: dict[Role, Band] = {
    Role.S: Band(40, 50),
    Role.VK: Band(30, 35),
}
RECOMMENDED = Band(30, 45)


class LoadLevel(Enum):
    UNDER = "under"
    WITHIN = "within"
    OVER = "over"


def load_level(count: int, band: Band) -> LoadLevel:
    if count < band.low:
        return LoadLevel.UNDER
    if count > band.high:
        return LoadLevel.OVER
    return LoadLevel.WITHIN


def band_for(role: Role, bands: dict[Role, Band] | None = None) -> Band:
    """The band for a role; leaders and project leaders get the recommended band."""
    return (bands or DEFAULT_BANDS).get(role, RECOMMENDED)


def describe_load(count: int, band: Band) -> str:
    """A Danish one-liner for Min dag and dashboards."""
    level = load_level(count, band)
    if level is LoadLevel.OVER:
        return f"{count} borgere – {count - band.high} over båndet {band}"
    if level is LoadLevel.UNDER:
        return f"{count} borgere – under båndet {band}"
    return f"{count} borgere – inden for båndet {band}"
