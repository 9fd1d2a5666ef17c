"""The access log's chain ("logning"): each event carries the hash of the one before,
so changing, removing or reordering any stored event is detectable afterwards.

Citizens may ask who looked up their data and why; a log that could be edited quietly would
not answer that. The hash covers every field a person could change, in a fixed order.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from stvdesk.domain.cpr import ascii_digits

GENESIS = "0" * 64  # the "previous hash" of the first event
# The stored columns ChainedEvent.from_row takes, in its order.
CHAIN_COLUMNS = "seq, at, worker_id, device, action, citizen_id, criterion, purpose, prev_hash, hash"


def iso_utc(value: datetime | str) -> str:
    """An instant as hashed: ISO 8601 in UTC with microseconds, however the database gave it."""
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if at.tzinfo is None:  # SQLite hands back naive UTC
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def uuid_text(value: uuid.UUID | str | None) -> str:
    """An id as hashed: the canonical hyphenated form (SQLite stores 32 bare hex digits)."""
    if value is None or value == "":
        return ""
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


@dataclass(frozen=True)
class ChainedEvent:
    seq: int
    at: str  # ISO 8601, UTC
    worker_id: str
    device: str
    action: str
    citizen_id: str
    criterion: str
    purpose: str
    prev_hash: str
    hash: str

    @classmethod
    def from_row(
        cls,
        seq: int | None,
        at: datetime | str,
        worker_id: uuid.UUID | str | None,
        device: str | None,
        action: object,  # an AuditAction, or its code as a driver returns it
        citizen_id: uuid.UUID | str | None,
        criterion: str | None,
        purpose: str | None,
        prev_hash: str | None,
        hash_: str | None,
    ) -> ChainedEvent:
        """From the stored columns, in this order, as any driver returns them."""
        return cls(
            seq=int(seq) if seq is not None else 0,
            at=iso_utc(at),
            worker_id=uuid_text(worker_id),
            device=device or "",
            action=str(getattr(action, "value", action)),
            citizen_id=uuid_text(citizen_id),
            criterion=criterion or "",
            purpose=purpose or "",
            prev_hash=prev_hash or "",
            hash=hash_ or "",
        )

    def digest(self) -> str:
        return event_digest(
            seq=self.seq,
            at=self.at,
            worker_id=self.worker_id,
            device=self.device,
            action=self.action,
            citizen_id=self.citizen_id,
            criterion=self.criterion,
            purpose=self.purpose,
            prev_hash=self.prev_hash,
        )


def event_digest(
    *,
    seq: int,
    at: str,
    worker_id: str,
    device: str,
    action: str,
    citizen_id: str,
    criterion: str,
    purpose: str,
    prev_hash: str,
) -> str:
    """SHA-256 over the event's fields and its predecessor's hash, as canonical JSON."""
    payload = json.dumps(
        [seq, at, worker_id, device, action, citizen_id, criterion, purpose, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainStart:
    """Where the stored chain begins: the first event's seq and the hash it must point to.
    GENESIS at 1 until the log is pruned; then the last pruned event's seq + 1 and hash."""

    seq: int = 1
    prev_hash: str = GENESIS

    def text(self) -> str:
        return f"{self.seq}:{self.prev_hash}"

    @classmethod
    def parse(cls, text: str | None) -> ChainStart:
        if not text:
            return cls()
        seq, _, prev = text.partition(":")
        return cls(int(seq), prev)


def chain_problems(events: Iterable[ChainedEvent], start: ChainStart = ChainStart()) -> list[str]:
    """What is wrong with a stored chain, in Danish, event by event (empty: intact).

    `events` in their stored order (by seq). Gaps in seq mean removed events; a wrong hash
    means a changed event; a prev_hash that is not the previous event's hash means a removed,
    inserted or reordered one. `start`: where a pruned log begins (ChainStart).
    """
    problems: list[str] = []
    previous_hash, previous_seq = start.prev_hash, start.seq - 1
    for event in events:
        if event.seq != previous_seq + 1:
            problems.append(
                f"Hændelse {previous_seq + 1}–{event.seq - 1} mangler (kæden springer fra "
                f"{previous_seq} til {event.seq})."
            )
        if event.prev_hash != previous_hash:
            problems.append(f"Hændelse {event.seq} peger ikke på hændelsen før den.")
        if event.digest() != event.hash:
            problems.append(f"Hændelse {event.seq} er ændret efter den blev skrevet.")
        previous_hash, previous_seq = event.hash, event.seq
    return problems


def search_criterion(text: str, key: bytes) -> str:
    """A search as it goes into the log: CPR-like input (six digits or more) keyed-hashed, so
    the log never holds a CPR number in clear but the same search gives the same entry."""
    text = text.strip()
    # Digits of any script count as the digits they are: a CPR typed full-width is hashed the
    # same as the ASCII one (and never raises inside the log).
    digits = re.sub(r"[^0-9]", "", ascii_digits(text))
    if len(digits) >= 6:
        mac = hmac.new(key, digits.encode("ascii"), hashlib.sha256).hexdigest()[:16]
        return f"CPR-søgning #{mac}"
    return text
