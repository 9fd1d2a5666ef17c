"""Encryption at rest with SQLCipher (README, "Keeping the data safe").

The key is derived once per start from the passphrase and the salt SQLCipher keeps in the
file's first 16 bytes, with SQLCipher 4's own KDF (PBKDF2-HMAC-SHA512, 256 000 rounds, 32
bytes). Every connection is then given that raw key (`x'…'`), so no connection repeats the
KDF, a passphrase may hold any character (quotes too) without ever reaching SQL text, and the
file still opens in the stock `sqlcipher` shell with `PRAGMA key = 'the passphrase'`.

One file, one SQLite library: an encrypted file is only ever opened through sqlcipher3, a
plain one only through the standard library's sqlite3. Two libraries in one process keep two
sets of POSIX locks, and closing a file in one silently drops the other's locks (sqlite.org,
"How To Corrupt An SQLite Database File": multiple copies of SQLite in one program). Which
library a file needs is read from its header, and `connect` is the one place that chooses.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

SQLITE_HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16
KEY_BYTES = 32
KDF_ROUNDS = 256_000  # SQLCipher 4's default; the same derivation the sqlcipher shell does


class WrongPassphraseError(Exception):
    """The passphrase does not open the file (nothing was written to it)."""


_cipher_quiet = False  # SQLCipher's logging is switched off (once per process)


def cipher_module() -> ModuleType:
    """sqlcipher3's DB-API module, with SQLCipher's own stderr logging switched off (it would
    draw over the terminal UI on a wrong key)."""
    global _cipher_quiet
    import sqlcipher3

    if not _cipher_quiet:
        conn = sqlcipher3.connect(":memory:")
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.close()
        _cipher_quiet = True
    module: ModuleType = sqlcipher3  # annotated: sqlcipher3 ships no types
    return module


def database_errors() -> tuple[type[Exception], ...]:
    """The DatabaseError classes of both libraries (sqlcipher3's are its own classes)."""
    try:
        import sqlcipher3
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, sqlcipher3.DatabaseError)


def is_encrypted_file(path: Path) -> bool:
    """Does `path` look like a SQLCipher file: no SQLite header (SQLCipher's first 16 bytes are
    the salt) and whole pages (a multiple of 512 bytes)?

    Ciphertext cannot be told from noise, so a garbage file of whole pages also answers True;
    no passphrase opens it, and the message says the file is encrypted *or* damaged.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return size > 0 and size % 512 == 0 and head != SQLITE_HEADER


def file_salt(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(SALT_BYTES)


@dataclass(frozen=True)
class CipherKey:
    """A derived raw key and the salt it was derived with (also the file's salt)."""

    key: bytes
    salt: bytes = field(repr=False)

    def __repr__(self) -> str:  # never print key material
        return "CipherKey(…)"

    @property
    def literal(self) -> str:
        """The raw-key form SQLCipher takes: key and salt in hex, so a new file gets this salt."""
        return f"x'{self.key.hex()}{self.salt.hex()}'"


def derive_key(passphrase: str, salt: bytes) -> CipherKey:
    if len(salt) != SALT_BYTES:
        raise ValueError("salt must be 16 bytes")
    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ROUNDS, KEY_BYTES)
    return CipherKey(key=key, salt=salt)


def new_key(passphrase: str) -> CipherKey:
    """A key for a new file, with a fresh random salt."""
    return derive_key(passphrase, secrets.token_bytes(SALT_BYTES))


def key_for_file(path: Path, passphrase: str) -> CipherKey:
    """Derive the key for an existing encrypted file and check that it opens it.

    Raises WrongPassphraseError; the file is opened read-only, so a failed try never writes.
    """
    key = derive_key(passphrase, file_salt(path))
    if not opens(path, key):
        raise WrongPassphraseError(str(path))
    return key


def key_pragma(key: CipherKey) -> str:
    return f'PRAGMA key = "{key.literal}"'


def read_only_uri(path: Path | str, *, immutable: bool = False) -> str:
    """The URI that opens `path` read-only; any character of a file name (`?`, `#`, `%`) is
    percent-encoded, so it stays part of the name.

    `immutable`: SQLite takes no locks and makes no `-wal`/`-shm` beside the file (a read-only
    connection to a file in WAL mode otherwise makes both, and leaves them). Exact only while
    no one writes the file: a file in WAL mode has its `-wal` beside it while it is open.
    """
    query = "mode=ro&immutable=1" if immutable else "mode=ro"
    return f"{Path(path).absolute().as_uri()}?{query}"


def nobody_writing(path: Path | str) -> bool:
    """No -wal (nor a hot -journal) beside the file: nobody has it open in WAL mode or is in
    the middle of writing it, so an immutable read-only look (read_only_uri) is exact."""
    return not any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal"))


def connect(
    path: Path | str, key: CipherKey | None = None, *, read_only: bool = False, immutable: bool = False, **kwargs: Any
) -> Any:
    """A DB-API connection to `path` through the library its encryption needs (see top): sqlite3's,
    or sqlcipher3's, which ships no types (hence Any). `immutable` (read-only): see read_only_uri."""
    target = read_only_uri(path, immutable=immutable) if read_only else str(path)
    if key is None:
        return sqlite3.connect(target, uri=read_only, **kwargs)
    conn = cipher_module().connect(target, uri=read_only, **kwargs)
    conn.execute(key_pragma(key))
    return conn


def opens(path: Path, key: CipherKey) -> bool:
    """Does `key` decrypt `path`? Read-only; the file is not written, and nothing is made beside it."""
    try:
        conn = connect(path, key, read_only=True, immutable=nobody_writing(path))
    except database_errors():
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except database_errors():
        return False
    finally:
        conn.close()


def export_copy(source: Path, source_key: CipherKey | None, dest: Path, dest_key: CipherKey | None) -> None:
    """Write `source` into a new file `dest` under another key (or none) with sqlcipher_export.

    Used to encrypt a plain file and to change a passphrase: the original is read, never
    written, and `dest` is replaced only by the caller, after checking it.
    """
    if dest.exists():
        raise FileExistsError(f"{dest} findes allerede.")
    module = cipher_module()
    conn = module.connect(str(source), isolation_level=None)
    try:
        if source_key is not None:
            conn.execute(key_pragma(source_key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # Empty the source's WAL into it first, so that nothing committed lives only in a
        # -wal file that replace_file will remove.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        literal = dest_key.literal if dest_key is not None else ""
        conn.execute("ATTACH DATABASE ? AS target KEY ?", (str(dest), literal))
        conn.execute("SELECT sqlcipher_export('target')")
        # sqlcipher_export copies schema and rows, not the header's numbers: the copy keeps the
        # file's version and its stvdesk mark (engine.APPLICATION_ID) by hand.
        conn.execute(f"PRAGMA target.user_version = {int(user_version)}")
        conn.execute(f"PRAGMA target.application_id = {int(application_id)}")
        from stvdesk.db.audit import carry_chain_key

        # Every change of key passes here (encrypt, rekey, a restore under another key): the
        # access log's chain key goes along, wrapped under the new key (db/audit.py).
        carry_chain_key(conn, source_key, dest_key)
        conn.execute("DETACH DATABASE target")
    except BaseException:
        conn.close()
        dest.unlink(missing_ok=True)
        raise
    conn.close()


def export_checked(source: Path, source_key: CipherKey | None, dest: Path, dest_key: CipherKey | None) -> None:
    """export_copy, then integrity_check on the new file under its key; a copy that fails the
    check is removed and CorruptDatabaseError raised, so only a checked copy is ever put in place."""
    from stvdesk.db.errors import CorruptDatabaseError

    export_copy(source, source_key, dest, dest_key)
    try:
        conn = connect(dest, dest_key)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except database_errors():
        ok = False
    if not ok:
        dest.unlink(missing_ok=True)
        raise CorruptDatabaseError(source, f"Kopien af {source} kunne ikke kontrolleres; intet er ændret.")


def replace_file(new: Path, old: Path) -> None:
    """Move `new` over `old` (atomic on one file system) after dropping `old`'s WAL and shared
    memory, which would otherwise be replayed into the new file. The caller has emptied the
    WAL first (export_copy checkpoints it) and holds the instance lock."""
    for suffix in ("-wal", "-shm"):
        Path(f"{old}{suffix}").unlink(missing_ok=True)
    os.replace(new, old)
