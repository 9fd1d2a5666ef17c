"""The app's one source of "now": the real time in Copenhagen, or a fixed day (--today, demos, tests).

Every instant the app writes comes from here, in UTC; every instant it shows is turned back into
Copenhagen time by `local_time`. A fixed day keeps the real time of day, so events written in one
sitting still follow each other; a fixed instant (tests) stops the clock altogether.

The desk's clock is also the process's clock (`use_clock`): model defaults (created_at,
updated_at, the access log's `at`) have no desk to ask, so they ask `utcnow()` here. Nothing else
in the package may call `datetime.now` or `date.today` (ruff's banned-api rule holds that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@dataclass(frozen=True)
class Clock:
    fixed: date | None = None
    instant: datetime | None = None  # a stopped clock: now() is always this (aware) instant

    def now(self) -> datetime:
        """Now as an aware Copenhagen time: the fixed day at the real time of day when a day is fixed."""
        if self.instant is not None:
            return self.instant.astimezone(COPENHAGEN)
        real = datetime.now(COPENHAGEN)
        if self.fixed is None:
            return real
        # combine() with the zone resolves a time in the spring gap or the autumn fold the
        # way zoneinfo does (fold=0), which is as good as any for a moved clock.
        return datetime.combine(self.fixed, real.time(), COPENHAGEN)

    def utcnow(self) -> datetime:
        """Now in UTC: what every stored instant holds."""
        return self.now().astimezone(UTC)

    def today(self) -> date:
        if self.instant is not None:
            return self.now().date()
        return self.fixed or datetime.now(COPENHAGEN).date()


_process_clock = Clock()


def use_clock(clock: Clock) -> None:
    """Make `clock` the process's clock (the desk does this when it gets its context)."""
    global _process_clock
    _process_clock = clock


def current_clock() -> Clock:
    return _process_clock


def utcnow() -> datetime:
    """The process clock's now in UTC, for stamps written where no desk is at hand."""
    return _process_clock.utcnow()


def local_time(at: datetime) -> datetime:
    """A stored instant as shown: Copenhagen time (SQLite hands back naive UTC)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(COPENHAGEN)


def local_date(at: datetime) -> date:
    """The Copenhagen calendar day of a stored instant (a note at 00:30 belongs to that day, not UTC's)."""
    return local_time(at).date()


def day_bounds_utc(first: date, last: date) -> tuple[datetime, datetime]:
    """The UTC instants from the start of `first` to the start of the day after `last`, Copenhagen days.

    A filter on stored instants by Danish days must cut at Copenhagen midnights, not UTC ones.
    """
    from datetime import timedelta

    start = datetime.combine(first, datetime.min.time(), COPENHAGEN).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), COPENHAGEN).astimezone(UTC)
    return start, end


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


def format_stamp(at: datetime) -> str:
    """An instant for a table column: 24-11-2026 17:02, Copenhagen time."""
    return f"{local_time(at):%d-%m-%Y %H:%M}"


def file_stamp(at: datetime | None = None) -> str:
    """ÅÅÅÅMMDD-TTMMSS in Copenhagen time, for the names of backups and copies."""
    return f"{local_time(at or utcnow()):%Y%m%d-%H%M%S}"
