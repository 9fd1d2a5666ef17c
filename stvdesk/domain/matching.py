"""Matching citizens and companies, with the reasons shown. It explains; it does not decide.

Source: 000, 4.5–4.6 – match from the citizen's goals, not from open "places"; hand-held
individual matches from the citizen's competences, resources and goals; use the tools of the
service for the job-ready (CV, job goals, job openings, even of a few hours).

A goal's weight in a match is a local setting ([abc] weights, rule abc.vaegte; default C 3 > B 2 >
A 1: a C goal is a job that can be had now), as is what A, B and C mean ([abc] meaning, rule
abc.betydning): the reports name the ABC plan (000, 4.2 and 4.4) but neither its goals nor weights.

A goal fits a company when a word of the job title points to the company's industry
(INDUSTRY_WORDS) or the title and the industry share a word stem. Scores are sums of named
parts, so the list can say why each one is there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from stvdesk.domain.numbers import counted, format_hours

# Industry (lower case) → stems of job titles and tasks that belong to it.
INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "detailhandel": ("butik", "varepåfyld", "kasse", "salg", "detail", "souschef"),
    "rengøring": ("rengøring", "serviceassistent", "vask"),
    "byggeri": ("håndværk", "tømrer", "murer", "bygge", "maler", "elektriker"),
    "transport og logistik": ("chauffør", "pakke", "logistik", "bud", "transport", "lager", "truck"),
    "hotel og restauration": ("køkken", "kok", "opvask", "tjener", "servering", "hotel", "restaurant"),
    "landbrug": ("landbrug", "dyr", "stald", "driftsleder"),
    "industri": ("produktion", "maskin", "montage", "operatør", "industri", "fabrik"),
    "pleje og omsorg": ("pleje", "omsorg", "social- og sundhed", "hjemmehjælp", "sosu"),
    "lager": ("lager", "pluk", "truck", "pakke"),
    "kontor og administration": ("kontor", "administrat", "reception", "arkiv"),
    "autoværksted": ("mekaniker", "klargør", "værksted", "dæk", "auto"),
    "gartneri og anlæg": ("gartner", "anlæg", "grønne", "park"),
    "kantine og køkken": ("kantine", "køkken", "ernæring", "opvask", "kok"),
    "genbrug": ("genbrug", "sortering"),
}


@dataclass(frozen=True)
class AbcSettings:
    """What A, B and C stand for and what each weighs in a match (local settings)."""

    meaning: Mapping[str, str] = field(
        default_factory=lambda: {"A": "drømmejobbet", "B": "et realistisk skridt", "C": "et job, der kan fås nu"}
    )
    weights: Mapping[str, int] = field(default_factory=lambda: {"C": 3, "B": 2, "A": 1})

    def label(self, kind: str) -> str:
        """ "A-mål (drømmejobbet)": a goal kind as forms and the file show it."""
        meaning = self.meaning.get(kind, "")
        return f"{kind}-mål ({meaning})" if meaning else f"{kind}-mål"


DEFAULT_ABC = AbcSettings()
_WORD_RE = re.compile(r"[a-zæøå]+")


# Cached: a team board scores every ready citizen's goals against every company of the team, and
# the same titles and industries come back thousands of times.
@lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    return frozenset(word[:5] for word in _WORD_RE.findall(text.lower()) if len(word) >= 4)


@lru_cache(maxsize=4096)
def industry_fit(title: str, industry: str) -> str | None:
    """The word that makes a job title fit an industry, or None."""
    lowered = title.lower()
    for word in INDUSTRY_WORDS.get(industry.strip().lower(), ()):
        if word in lowered:
            return word
    shared = _stems(title) & _stems(industry)
    return sorted(shared)[0] if shared else None


def title_fit(goal_title: str, opening_title: str) -> bool:
    return bool(_stems(goal_title) & _stems(opening_title))


@dataclass(frozen=True)
class Goal:
    kind: str  # "A", "B" or "C"
    title: str


@dataclass(frozen=True)
class CompanyFacts:
    industry: str
    open_openings: tuple[tuple[str, float], ...] = ()  # (title, hours per week)
    placements_hosted: int = 0
    citizens_given_ordinary_hours: int = 0
    citizen_was_here: bool = False
    renegotiate: bool = False


@dataclass(frozen=True)
class CitizenFacts:
    goals: tuple[Goal, ...]
    readiness: str  # Readiness value: klar / taet_paa / laengere_fra
    in_placement: bool = False
    was_at_company: bool = False


@dataclass
class Match:
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    def add(self, points: int, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)


def _goal_parts(goals: tuple[Goal, ...], industry: str, match: Match, abc: AbcSettings) -> bool:
    fitted = False
    for goal in sorted(goals, key=lambda g: -abc.weights.get(g.kind, 0)):
        word = industry_fit(goal.title, industry)
        if word:
            match.add(
                abc.weights.get(goal.kind, 1), f"Branchen ({industry}) passer til {goal.kind}-målet »{goal.title}«"
            )
            fitted = True
    return fitted


def score_company(goals: tuple[Goal, ...], company: CompanyFacts, abc: AbcSettings = DEFAULT_ABC) -> Match | None:
    """How well a company fits a citizen's goals; None when nothing fits."""
    match = Match()
    fitted = _goal_parts(goals, company.industry, match, abc)
    for title, hours in company.open_openings:
        if any(title_fit(goal.title, title) for goal in goals):
            match.add(3, f"Åben jobåbning: {title}, {format_hours(hours)} t/uge")
            fitted = True
        elif fitted:
            match.add(1, f"Har en åben jobåbning: {title}")
    if not fitted:
        return None
    if company.citizens_given_ordinary_hours:
        match.add(
            2, f"Har givet ordinære timer til {counted(company.citizens_given_ordinary_hours, 'borger', 'borgere')}"
        )
    if company.placements_hosted:
        match.add(1, f"Har haft {counted(company.placements_hosted, 'borger', 'borgere')} i forløb")
    if company.citizen_was_here:
        match.add(0, "Borgeren har været i forløb her før")
    if company.renegotiate:
        match.add(-1, "En gammel aftale skal genforhandles")
    return match


READINESS_POINTS = {"klar": (2, "Klar til et forløb"), "taet_paa": (1, "Tæt på et forløb")}


def score_citizen(
    citizen: CitizenFacts,
    industry: str,
    openings: tuple[tuple[str, float], ...] = (),
    abc: AbcSettings = DEFAULT_ABC,
) -> Match | None:
    """How well a citizen fits a company; only citizens who are klar or tæt på, with a goal
    that fits."""
    if citizen.readiness not in READINESS_POINTS:
        return None
    match = Match()
    fitted = _goal_parts(citizen.goals, industry, match, abc)
    for title, hours in openings:
        if any(title_fit(goal.title, title) for goal in citizen.goals):
            match.add(2, f"Passer til jobåbningen {title} ({format_hours(hours)} t/uge)")
            fitted = True
    if not fitted:
        return None
    points, reason = READINESS_POINTS[citizen.readiness]
    match.add(points, reason)
    if not citizen.in_placement:
        match.add(1, "Er ikke i forløb nu")
    if citizen.was_at_company:
        match.add(1, "Kender virksomheden fra et tidligere forløb")
    return match
