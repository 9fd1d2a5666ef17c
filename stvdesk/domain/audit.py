"""The access log's chain ("logning"): each event carries the hash of the one before,
so changing, removing or reordering any stored event is detectable afterwards.

Citizens may ask who looked up their data and why; a log that could be edited quietly would
not answer that. The hash covers every field a person could change, in a fixed order.

Two forms of digest, told apart by how the stored hash begins (so a chain begun before keys
existed still verifies event by event):
- 64 hex digits: SHA-256 of the event. Anyone can recompute it, so on its own it finds a change
  made by someone who did not also recompute the rest of the chain;
- `k:` and 64 hex digits: HMAC-SHA256 under the database's chain key, which only a holder of
  an encrypted database's passphrase can derive (db/audit.py); without it no event can be
  rewritten and the chain recomputed.

A chain's end cannot prove itself: removing the last events leaves a valid chain. Its head
is therefore anchored outside the table (`Anchor`, written beside the file after every commit
that appends events), and a pruning is only believed when the chain itself records it
(`prune_marker`). `check_log` puts the rules together.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from stvdesk.domain.cpr import ascii_digits

GENESIS = "0" * 64  # the "previous hash" of the first event
KEYED = "k:"  # a keyed digest's prefix (HMAC-SHA256 under the chain key)
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

    @property
    def keyed(self) -> bool:
        return self.hash.startswith(KEYED)

    def digest(self, key: bytes | None = None) -> str:
        """The digest this event should carry: keyed when `key` is given."""
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
            key=key,
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
    key: bytes | None = None,
) -> str:
    """SHA-256 over the event's fields and its predecessor's hash, as canonical JSON; with
    `key`, HMAC-SHA256 under it, marked `k:`. (The team server computes the unkeyed form in
    SQL, revision 0014's stvdesk_event_digest: the two must stay byte for byte alike.)"""
    payload = json.dumps(
        [seq, at, worker_id, device, action, citizen_id, criterion, purpose, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return KEYED + hmac.new(key, payload, hashlib.sha256).hexdigest()


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


def chain_problems(
    events: Iterable[ChainedEvent], start: ChainStart = ChainStart(), key: bytes | None = None
) -> list[str]:
    """What is wrong with a stored chain, in Danish, event by event (empty: intact).

    `events` in their stored order (by seq). Gaps in seq mean removed events; a wrong hash
    means a changed event; a prev_hash that is not the previous event's hash means a removed,
    inserted or reordered one. `start`: where a pruned log begins (ChainStart). `key`: the
    chain key that keyed events are checked with. The chain's end and its start are
    `check_log`'s business (anchor, prune markers).
    """
    return list(check_log(events, start, key=key).problems)


# What a pruning writes into the chain (the purpose of its CHANGE event): where the stored chain
# starts from then on. A start that no such event in the chain names was set past stvdesk.
_PRUNE_WORDS = "Kæden starter nu ved hændelse {seq} efter {hash}"
_PRUNE_RE = re.compile(r"Kæden starter nu ved hændelse ([0-9]+) efter ((?:k:)?[0-9a-f]{64})")


def prune_marker(start: ChainStart) -> str:
    return _PRUNE_WORDS.format(seq=start.seq, hash=start.prev_hash)


def prune_mark_of(event: ChainedEvent) -> ChainStart | None:
    """The chain start a pruning's event records, or None for any other event."""
    if event.action != "change":
        return None
    found = _PRUNE_RE.fullmatch(event.purpose)
    return ChainStart(int(found.group(1)), found.group(2)) if found else None


def _anchor_mac(key: bytes, seq: int, hash_: str) -> str:
    return hmac.new(key, f"stvdesk anchor:{seq}:{hash_}".encode("ascii"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """Where the chain ended at the last commit that appended events, kept outside the table
    (db/audit.py: a small file beside the database). A chain that no longer reaches it, or
    reaches it with another hash, lost its last events or was rewritten. `mac` ties it to the
    chain key of an encrypted database, so it cannot be written without the passphrase."""

    seq: int
    hash: str
    mac: str = ""

    def signed(self, key: bytes | None) -> Anchor:
        return replace(self, mac=_anchor_mac(key, self.seq, self.hash) if key is not None else "")

    def text(self) -> str:
        return json.dumps({"seq": self.seq, "hash": self.hash, "mac": self.mac}) + "\n"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        """Raises ValueError when `text` is not an anchor."""
        try:
            data = json.loads(text)
            return cls(int(data["seq"]), str(data["hash"]), str(data.get("mac", "")))
        except (TypeError, KeyError, json.JSONDecodeError) as exc:
            raise ValueError("not an anchor") from exc


def _events(n: int) -> str:
    return f"{n} hændelse" if n == 1 else f"{n} hændelser"


@dataclass(frozen=True)
class LogCheck:
    count: int  # events stored
    head: int  # the last event's seq (start.seq - 1 when the log is empty)
    problems: tuple[str, ...]  # signs of tampering, in Danish: the check fails
    notes: tuple[str, ...]  # true and worth saying, but no sign of tampering


def check_log(
    events: Iterable[ChainedEvent],
    start: ChainStart = ChainStart(),
    *,
    key: bytes | None = None,
    keyed_from: int | None = None,
    keyed_elsewhere: bool = False,
    anchor: Anchor | None = None,
    anchored: bool = False,
) -> LogCheck:
    """Everything `stvdesk db check` knows about a stored log, in Danish.

    - the chain: gaps, links and each event's digest (`chain_problems`); keyed events with
      `key`. A keyed event with no key to check it is a problem (a changed event could hide
      behind the mark), except with `keyed_elsewhere` (a team server holding events copied from
      an encrypted file: said, and only their links checked). From `keyed_from` on (where the
      database began keying) every event must be keyed: an unkeyed one there was written, or
      rewritten, without the key;
    - the start: a log that starts after event 1 must have recorded its pruning in the chain
      (`prune_marker`), and the latest such record must name this start;
    - the end (`anchored`: the database keeps an anchor): the chain must reach the anchor with
      the anchor's hash. Fewer events than the anchor, or another hash there, is tampering; more
      events than the anchor is what a desk stopped between its commit and the anchor's write
      leaves, and is said as such. With `key`, the anchor must carry the key's mac.
    """
    problems: list[str] = []
    notes: list[str] = []
    previous_hash, previous_seq = start.prev_hash, start.seq - 1
    count = unverified = unkeyed_first = unkeyed = plain_first = plain = 0
    marker: ChainStart | None = None
    at_anchor: str | None = None
    for event in events:
        count += 1
        if event.seq != previous_seq + 1:
            problems.append(
                f"Hændelse {previous_seq + 1}–{event.seq - 1} mangler (kæden springer fra "
                f"{previous_seq} til {event.seq})."
            )
        if event.prev_hash != previous_hash:
            problems.append(f"Hændelse {event.seq} peger ikke på hændelsen før den.")
        if event.keyed and key is None:
            if keyed_elsewhere:
                unverified += 1
            else:
                unkeyed += 1
                unkeyed_first = unkeyed_first or event.seq
        elif event.digest(key if event.keyed else None) != event.hash:
            problems.append(f"Hændelse {event.seq} er ændret efter den blev skrevet.")
        if keyed_from is not None and event.seq >= keyed_from and not event.keyed:
            plain += 1
            plain_first = plain_first or event.seq
        marker = prune_mark_of(event) or marker
        if anchor is not None and event.seq == anchor.seq:
            at_anchor = event.hash
        previous_hash, previous_seq = event.hash, event.seq
    head = previous_seq
    if unkeyed:
        problems.append(
            f"{_events(unkeyed)} fra nr. {unkeyed_first} er nøglet, men databasen har ingen nøgle til "
            "dem (kun en krypteret database har det): de kan ikke kontrolleres."
        )
    if plain:
        problems.append(
            f"{_events(plain)} fra nr. {plain_first} er ikke nøglet, skønt databasen nøgler hver hændelse fra "
            f"nr. {keyed_from}: de er skrevet uden nøglen, uden om stvdesk."
        )
    if unverified:
        notes.append(
            f"{_events(unverified)} er nøglet med adgangsfrasen til den fil, de blev kopieret fra; her "
            "kontrolleres kun deres rækkefølge og sammenhæng."
        )
    if start.seq > 1 or marker is not None:
        if marker is None:
            problems.append(
                f"Logningen starter ved hændelse {start.seq}, men ingen oprydning i kæden har "
                "fjernet hændelserne før den: de er slettet uden om stvdesk."
            )
        elif marker != start:
            problems.append(
                f"Logningen starter ved hændelse {start.seq}, men den seneste oprydning i kæden "
                f"lod den starte ved hændelse {marker.seq}: starten er ændret uden om stvdesk."
            )
    if anchor is None:
        if anchored and count:
            notes.append(
                "Intet anker ved siden af databasen, så det kan ikke ses, om de sidste hændelser "
                "er fjernet (ankeret skrives ved næste hændelse)."
            )
        return LogCheck(count, head, tuple(problems), tuple(notes))
    if key is not None and not anchor.mac:
        problems.append("Ankeret er ikke nøglet, skønt databasen er krypteret: det er skrevet uden om stvdesk.")
    elif key is not None and not hmac.compare_digest(anchor.mac, _anchor_mac(key, anchor.seq, anchor.hash)):
        problems.append("Ankeret er ikke skrevet med databasens nøgle: det er skrevet uden om stvdesk.")
    if head < anchor.seq:
        gone = anchor.seq - head
        where = "Logningen er tom" if count == 0 else f"Kæden slutter ved hændelse {head}"
        problems.append(
            f"{where}, men ankeret siger, at den nåede hændelse {anchor.seq}: de sidste {_events(gone)} er fjernet."
        )
        return LogCheck(count, head, tuple(problems), tuple(notes))
    if anchor.seq >= start.seq:
        reached = at_anchor
    elif anchor.seq == start.seq - 1:
        reached = start.prev_hash
    else:
        reached = anchor.hash  # pruned away since: nothing left to compare it with
        notes.append(f"Ankeret peger på hændelse {anchor.seq}, som er ryddet siden; det rykkes ved næste hændelse.")
    if reached != anchor.hash:
        problems.append(f"Hændelse {anchor.seq} er ikke den, ankeret holder: kæden er skrevet om.")
    elif head > anchor.seq:
        notes.append(
            f"Kædens ende er {_events(head - anchor.seq)} foran ankeret: de er gemt, men ankeret nåede "
            "ikke at blive skrevet (skrivebordet blev fx stoppet midt i en gemning). Det er ikke "
            "tegn på indgreb; ankeret rykkes ved næste hændelse."
        )
    return LogCheck(count, head, tuple(problems), tuple(notes))


# --- the chain key (an encrypted database's; db/audit.py keeps it) -------------------------------

CHAIN_KEY_INFO = b"stvdesk audit chain key"
WRAP_INFO = b"stvdesk audit chain key wrap"
KEY_ID_INFO = b"stvdesk audit chain key id"


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """HKDF with SHA-256 (RFC 5869): extract, then expand to `length` bytes."""
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


def new_chain_key(cipher_key: bytes, salt: bytes) -> bytes:
    """A database's chain key, derived from its SQLCipher key (itself PBKDF2 of the passphrase)
    when keyed events begin. It outlives a change of passphrase: it is kept wrapped."""
    return hkdf_sha256(cipher_key, salt, CHAIN_KEY_INFO)


def chain_key_id(chain_key: bytes) -> str:
    return hmac.new(chain_key, KEY_ID_INFO, hashlib.sha256).hexdigest()[:16]


def _wrapping(cipher_key: bytes, salt: bytes) -> bytes:
    return hkdf_sha256(cipher_key, salt, WRAP_INFO)


def wrap_chain_key(chain_key: bytes, cipher_key: bytes, salt: bytes) -> str:
    """The chain key as kept in the database: XOR with a pad derived from the current SQLCipher
    key (one pad per key, never reused for anything else), with the key's id to check it by."""
    pad = _wrapping(cipher_key, salt)
    return f"{chain_key_id(chain_key)}:{bytes(a ^ b for a, b in zip(chain_key, pad, strict=True)).hex()}"


def unwrap_chain_key(text: str | None, cipher_key: bytes, salt: bytes) -> bytes | None:
    """The chain key kept as `wrap_chain_key` wrote it, or None when there is none or it was
    wrapped under another passphrase than this one."""
    if not text or ":" not in text:
        return None
    key_id, _, wrapped = text.partition(":")
    try:
        raw = bytes.fromhex(wrapped)
    except ValueError:
        return None
    pad = _wrapping(cipher_key, salt)
    if len(raw) != len(pad):
        return None
    chain_key = bytes(a ^ b for a, b in zip(raw, pad, strict=True))
    return chain_key if hmac.compare_digest(chain_key_id(chain_key), key_id) else None


def cpr_like_digits(text: str) -> str | None:
    """The digits of a search that may be (part of) a CPR number: six or more, in any script's
    digits; None for any other search."""
    digits = re.sub(r"[^0-9]", "", ascii_digits(text.strip()))
    return digits if len(digits) >= 6 else None


def search_criterion(text: str, key: bytes) -> str:
    """A search as it goes into the log: CPR-like input (six digits or more) keyed-hashed, so
    the log never holds a CPR number in clear but the same search gives the same entry."""
    # Digits of any script count as the digits they are: a CPR typed full-width is hashed the
    # same as the ASCII one (and never raises inside the log). The team server hashes with its
    # own key in SQL (revision 0014, stvdesk_search_criterion), alike.
    digits = cpr_like_digits(text)
    if digits is not None:
        mac = hmac.new(key, digits.encode("ascii"), hashlib.sha256).hexdigest()[:16]
        return f"CPR-søgning #{mac}"
    return text.strip()
