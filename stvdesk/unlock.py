"""Unlocking an encrypted database at start: the passphrase from STVDESK_PASSPHRASE, the OS
keyring or asked, three tries, and a record of failed tries for the access log (README,
"Keeping the data safe").

A failed try cannot be logged in the database it failed to open, so it is noted in a small
file beside it (time and device, nothing else) and moved into the log as FAILED_UNLOCK events
the next time the file is opened with the right passphrase.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stvdesk.clock import utcnow
from stvdesk.db.cipher import CipherKey, WrongPassphraseError, key_for_file, new_key

TRIES = 3
MIN_PASSPHRASE_CHARS = 8
KEYRING_SERVICE = "stvdesk"
# A job without a terminal (a nightly export, a script) gives the database's passphrase here.
PASSPHRASE_VARIABLE = "STVDESK_PASSPHRASE"


@dataclass(frozen=True)
class FailedUnlock:
    at: datetime
    device: str


def failures_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".mislykkede-oplaasninger")


def record_failure(db_path: Path, at: datetime | None = None) -> None:
    line = {"at": (at or utcnow()).isoformat(), "device": platform.node()}
    with failures_file(db_path).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")


def pending_failures(db_path: Path) -> list[FailedUnlock]:
    """The failed tries noted since the last successful unlock; a damaged line is skipped."""
    path = failures_file(db_path)
    if not path.exists():
        return []
    found: list[FailedUnlock] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            item = json.loads(line)
            found.append(FailedUnlock(at=datetime.fromisoformat(item["at"]), device=str(item["device"])[:100]))
        except (ValueError, KeyError, TypeError):
            continue
    return found


def clear_failures(db_path: Path) -> None:
    failures_file(db_path).unlink(missing_ok=True)


def _keyring_name(db_path: Path) -> str:
    return str(db_path.resolve())


def keyring_passphrase(db_path: Path) -> str | None:
    """The passphrase stored for this file in the OS keyring, if there is a keyring and one."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, _keyring_name(db_path))
    except Exception:  # a keyring backend can fail in many ways (none, no D-Bus, a locked wallet)
        return None


def store_in_keyring(db_path: Path, passphrase: str) -> str | None:
    """Store the passphrase; None when done, else the Danish reason it could not be."""
    try:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError

        try:
            keyring.set_password(KEYRING_SERVICE, _keyring_name(db_path), passphrase)
        except NoKeyringError:
            return (
                "Der er ingen nøglering (Windows Credential Manager, macOS Keychain, Secret Service) på denne maskine."
            )
        except KeyringError as exc:
            return f"Nøgleringen afviste: {exc}"
    except Exception as exc:
        return f"Nøgleringen kan ikke bruges: {exc}"
    return None


def forget_in_keyring(db_path: Path) -> bool:
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, _keyring_name(db_path))
        return True
    except Exception:
        return False


def environment_passphrase() -> str | None:
    """The passphrase in STVDESK_PASSPHRASE, or None when it is unset or empty."""
    return os.environ.get(PASSPHRASE_VARIABLE) or None


def unlock(
    db_path: Path,
    ask: Callable[[str], str],
    say: Callable[[str], None],
    *,
    use_keyring: bool = True,
    given: str | None = None,
) -> CipherKey | None:
    """The key for an encrypted file, or None after TRIES wrong passphrases.

    A `given` passphrase (STVDESK_PASSPHRASE) is the only try: whoever set it meant it, and a
    job without a terminal must not go on to ask. Every wrong try is noted (record_failure);
    the file itself is only ever read.
    """
    if given is not None:
        try:
            return key_for_file(db_path, given)
        except WrongPassphraseError:
            record_failure(db_path)
            return None
    if use_keyring:
        stored = keyring_passphrase(db_path)
        if stored is not None:
            try:
                return key_for_file(db_path, stored)
            except WrongPassphraseError:
                say("Adgangsfrasen i nøgleringen passer ikke længere (skiftet?); skriv den.")
    for attempt in range(1, TRIES + 1):
        passphrase = ask(f"Adgangsfrase til {db_path.name}")
        try:
            return key_for_file(db_path, passphrase)
        except WrongPassphraseError:
            record_failure(db_path)
            left = TRIES - attempt
            say("Forkert adgangsfrase. " + (f"{left} forsøg tilbage." if left else "Databasen er ikke åbnet."))
    return None


def passphrase_problem(passphrase: str, repeated: str) -> str | None:
    """Why a new passphrase is refused, in Danish; None if it is fine."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        return f"Adgangsfrasen skal være mindst {MIN_PASSPHRASE_CHARS} tegn."
    if passphrase != repeated:
        return "De to adgangsfraser er ikke ens."
    return None


def choose_passphrase(ask: Callable[[str], str], say: Callable[[str], None]) -> str | None:
    """A new passphrase, typed twice; None after TRIES refused tries."""
    for _ in range(TRIES):
        first = ask("Ny adgangsfrase (mindst 8 tegn)")
        second = ask("Gentag adgangsfrasen")
        problem = passphrase_problem(first, second)
        if problem is None:
            return first
        say(problem)
    return None


def choose_key(ask: Callable[[str], str], say: Callable[[str], None]) -> CipherKey | None:
    passphrase = choose_passphrase(ask, say)
    return None if passphrase is None else new_key(passphrase)
