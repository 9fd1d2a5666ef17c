"""The app's "today": the real date in Copenhagen, or a fixed one (--today, tests, demos)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@dataclass(frozen=True)
class Clock:
    fixed: date | None = None

    def today(self) -> date:
        return self.fixed or datetime.now(COPENHAGEN).date()


def local_time(at: datetime) -> datetime:
    """A stored instant as shown: Copenhagen time (SQLite hands back naive UTC)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(COPENHAGEN)


def parse_iso_date(text: str) -> date:
    """YYYY-MM-DD for the command line; ValueError with a Danish message otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"'{text}' er ikke en dato på formen ÅÅÅÅ-MM-DD.") from exc


def format_instant(at: datetime) -> str:
    """An instant as a Danish reader expects it: 24-11-2026 kl. 17:02, Copenhagen time."""
    shown = local_time(at)
    return f"{shown:%d-%m-%Y} kl. {shown:%H:%M}"
