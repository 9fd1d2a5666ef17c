"""Caseload bands per role (000, 4.7 SPOR 3; 000, 4.4; 002, chapter 5).

The method recommends a low caseload for both S and VK, 30–45 cases (000, 4.7 SPOR 3); the
successful jobcentres practised S 40–50 and VK 30–35 (000, 4.4) and the best municipalities of
Flere skal med ran 30–40 (002, ch. 5). The band in force is the recommendation unless a jobcentre
sets its own ([caseload] in config.toml, rule sagsstamme.baand). A load above the band is the
risk; a load below it is no deviation (a low caseload is what the method asks for), so it is
never coloured as a problem. The practised and best figures are shown beside it as context
(`rules.context_lines`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from stvdesk.domain.enums import Role
from stvdesk.domain.rules import CASELOAD_BAND, RECOMMENDED_RANGE, tag


@dataclass(frozen=True)
class Band:
    low: int
    high: int

    def __str__(self) -> str:
        return f"{self.low}–{self.high}"


RECOMMENDED = Band(*RECOMMENDED_RANGE)
DEFAULT_BANDS: dict[Role, Band] = {
    Role.S: RECOMMENDED,
    Role.VK: RECOMMENDED,
}


class LoadLevel(Enum):
    WITHIN = "within"  # at or below the band's top: no deviation
    OVER = "over"


def load_level(count: int, band: Band) -> LoadLevel:
    return LoadLevel.OVER if count > band.high else LoadLevel.WITHIN


def band_for(role: Role, bands: Mapping[Role, Band] | None = None) -> Band:
    """The band for a role; leaders and project leaders get the recommended band."""
    return (bands or DEFAULT_BANDS).get(role, RECOMMENDED)


def describe_load(count: int, band: Band) -> str:
    """A Danish one-liner for Min dag and dashboards; only a load over the band is a warning."""
    if load_level(count, band) is LoadLevel.OVER:
        return f"{count} borgere – {count - band.high} over båndet {band} {tag(CASELOAD_BAND)}"
    return f"{count} borgere – bånd {band}"
