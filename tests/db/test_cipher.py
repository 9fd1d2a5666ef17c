"""Encryption at rest: no plaintext on disk, wrong passphrases never touch
the file, quotes in passphrases, encrypt/rekey, encrypted backups, the demo stays plain."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from stvdesk.cli import cli
from stvdesk.db import cipher
from stvdesk.db.audit import log_access
from stvdesk.db.engine import sqlite_url
from stvdesk.db.migrate import backup_sqlite, open_database
from stvdesk.db.models import AuditEvent, Citizen
from stvdesk.domain.enums import AuditAction, Readiness, TargetGroup
from stvdesk.unlock import failures_file

PASS = "en \"hemmelig\" frase med 'citat'"
SECRET_NAME = "Qwertzuiopsen"
SECRET_CPR = "0707071234"


def file_bytes(path: Path) -> bytes:
    """The database file and its WAL, as they lie on disk."""
    data = path.read_bytes()
    wal = Path(f"{path}-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def digest(path: Path) -> str:
    return hashlib.sha256(file_bytes(path)).hexdigest()


def add_secret_citizen(engine) -> None:
    with Session(engine) as session:
        session.add(
            Citizen(
                cpr=SECRET_CPR,
                first_name="Hemmelig",
                last_name=SECRET_NAME,
                birth_date=date(1907, 7, 7),
                target_group=TargetGroup.CASH_BENEFIT,
                readiness=Readiness.READY,
                opened_on=date(2026, 1, 5),
            )
        )
        session.commit()


def encrypted_db(tmp_path: Path, passphrase: str = PASS) -> tuple[Path, cipher.CipherKey]:
    path = tmp_path / "desk.sqlite"
    key = cipher.new_key(passphrase)
    result = open_database(sqlite_url(path), key=key)
    add_secret_citizen(result.engine)
    result.engine.dispose()
    return path, key


def test_an_encrypted_file_and_its_wal_hold_no_plaintext(tmp_path: Path) -> None:
    path, key = encrypted_db(tmp_path)
    # keep a connection open so the WAL is still there to be read
    result = open_database(sqlite_url(path), key=key)
    with Session(result.engine) as session:
        assert session.exec(select(Citizen.last_name)).all() == [SECRET_NAME]
        on_disk = file_bytes(path)
    result.engine.dispose()
    assert cipher.is_encrypted_file(path)
    for needle in (SECRET_NAME.encode(), SECRET_CPR.encode(), b"SQLite format 3", b"citizen"):
        assert needle not in on_disk


def test_a_plain_file_would_show_them(tmp_path: Path) -> None:
    """The grep above can fail: the same rows in a plain file are found."""
    path = tmp_path / "plain.sqlite"
    result = open_database(sqlite_url(path))
    add_secret_citizen(result.engine)
    result.engine.dispose()
    assert SECRET_NAME.encode() in file_bytes(path)


def test_the_derived_key_is_sqlciphers_own_so_the_sqlcipher_shell_opens_the_file(tmp_path: Path) -> None:
    path, _ = encrypted_db(tmp_path)
    conn = cipher.cipher_module().connect(str(path))
    conn.execute("PRAGMA key = '" + PASS.replace("'", "''") + "'")
    assert conn.execute("SELECT last_name FROM citizen").fetchall() == [(SECRET_NAME,)]
    conn.close()


def test_a_wrong_passphrase_three_times_leaves_the_file_byte_identical(tmp_path: Path) -> None:
    path, _ = encrypted_db(tmp_path)
    before = digest(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "db", "upgrade"], input="nej\nheller ikke\nforkert\n")
    assert result.exit_code == 1
    assert "Tre forkerte adgangsfraser" in result.output and "ikke ændret" in result.output
    assert digest(path) == before
    assert len(failures_file(path).read_text().splitlines()) == 3
    # the right passphrase moves the three failures into the access log, once
    result = CliRunner().invoke(cli, ["--db", str(path), "db", "upgrade"], input=f"{PASS}\n")
    assert result.exit_code == 0, result.output
    assert "3 mislykkede forsøg" in result.output
    assert not failures_file(path).exists()
    key = cipher.key_for_file(path, PASS)
    engine = open_database(sqlite_url(path), key=key).engine
    with Session(engine) as session:
        failed = session.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.FAILED_UNLOCK)).all()
        assert len(failed) == 3 and all(e.worker_id is None and e.device for e in failed)
    engine.dispose()


@settings(max_examples=6, deadline=None)
@given(st.text(min_size=8, max_size=40))
def test_any_passphrase_opens_what_it_locked(passphrase: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.sqlite"
        key = cipher.new_key(passphrase)
        conn = cipher.connect(path, key)
        conn.execute("CREATE TABLE t(x)")
        conn.commit()
        conn.close()
        assert cipher.key_for_file(path, passphrase).key == key.key
        with pytest.raises(cipher.WrongPassphraseError):
            cipher.key_for_file(path, passphrase + "x")


def test_a_new_database_is_encrypted_unless_asked_not_to(tmp_path: Path) -> None:
    path = tmp_path / "ny.sqlite"
    result = CliRunner().invoke(cli, ["--db", str(path), "db", "new"], input="kort\nkort\n" + f"{PASS}\n{PASS}\n")
    assert result.exit_code == 0, result.output
    assert "mindst 8 tegn" in result.output
    assert cipher.is_encrypted_file(path)
    plain = tmp_path / "ukrypteret.sqlite"
    result = CliRunner().invoke(cli, ["--ukrypteret", "--db", str(plain), "db", "new"])
    assert result.exit_code == 0, result.output
    assert plain.read_bytes().startswith(cipher.SQLITE_HEADER)


def test_mismatched_new_passphrases_create_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ny.sqlite"
    result = CliRunner().invoke(cli, ["--db", str(path), "db", "new"], input="abcdefgh\nabcdefgX\n" * 3)
    assert result.exit_code == 2 and "ikke ens" in result.output and "ikke oprettet" in result.output
    assert not path.exists()


def test_backups_of_an_encrypted_database_are_encrypted(tmp_path: Path) -> None:
    path, key = encrypted_db(tmp_path)
    copy = backup_sqlite(path, tmp_path / "kopi.sqlite", key=key)
    assert SECRET_NAME.encode() not in copy.read_bytes()
    assert cipher.key_for_file(copy, PASS) == key  # the same passphrase opens it
    result = CliRunner().invoke(
        cli, ["--db", str(path), "db", "backup", str(tmp_path / "kopi2.sqlite")], input=f"{PASS}\n"
    )
    assert result.exit_code == 0, result.output
    assert SECRET_NAME.encode() not in (tmp_path / "kopi2.sqlite").read_bytes()


def test_db_encrypt_converts_a_plain_database_and_its_daily_backups(demo_db: Path) -> None:
    from stvdesk.db.backups import daily_backups, folder_for, take_daily
    from stvdesk.settings import Safeguards, backup_root

    with sqlite3.connect(demo_db) as conn:
        (count,) = conn.execute("SELECT count(*) FROM citizen").fetchone()
        _name, cpr = conn.execute("SELECT last_name || first_name, cpr FROM citizen LIMIT 1").fetchone()
    take_daily(demo_db, None, backup_root(Safeguards()), date(2026, 11, 23), 7)
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "db", "encrypt"], input=f"{PASS}\n{PASS}\n")
    assert result.exit_code == 0, result.output
    assert "1 sikkerhedskopier" in result.output
    assert cipher.is_encrypted_file(demo_db)
    assert cpr.encode() not in file_bytes(demo_db)
    (copy,) = daily_backups(folder_for(demo_db, backup_root(Safeguards())))
    assert cpr.encode() not in copy.read_bytes()
    key = cipher.key_for_file(demo_db, PASS)
    conn = cipher.connect(demo_db, key)
    assert conn.execute("SELECT count(*) FROM citizen").fetchone() == (count,)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    assert cipher.key_for_file(copy, PASS) == key


def test_db_rekey_changes_the_passphrase(tmp_path: Path) -> None:
    path, _ = encrypted_db(tmp_path)
    new = "en helt ny frase"
    result = CliRunner().invoke(cli, ["--db", str(path), "db", "rekey"], input=f"{PASS}\n{new}\n{new}\n")
    assert result.exit_code == 0, result.output
    with pytest.raises(cipher.WrongPassphraseError):
        cipher.key_for_file(path, PASS)
    key = cipher.key_for_file(path, new)
    conn = cipher.connect(path, key)
    assert conn.execute("SELECT last_name FROM citizen").fetchall() == [(SECRET_NAME,)]
    conn.close()


def test_the_app_engine_reads_and_writes_an_encrypted_database(tmp_path: Path) -> None:
    path, key = encrypted_db(tmp_path)
    engine = open_database(sqlite_url(path), key=key).engine
    with Session(engine) as session:
        citizen = session.exec(select(Citizen)).one()
        log_access(session, worker_id=None, action=AuditAction.VIEW, citizen_id=citizen.id)
    engine.dispose()
    assert SECRET_NAME.encode() not in file_bytes(path)


def test_an_encrypted_file_without_its_key_is_refused_untouched(tmp_path: Path) -> None:
    from stvdesk.db.errors import EncryptedDatabaseError
    from stvdesk.db.migrate import inspect_sqlite_file

    path, _ = encrypted_db(tmp_path)
    before = digest(path)
    with pytest.raises(EncryptedDatabaseError) as caught:
        inspect_sqlite_file(path)
    assert "krypteret" in caught.value.message
    assert digest(path) == before


def test_the_demo_stays_unencrypted_and_asks_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "--kun-byg", "--borgere", "30", "--today", "2026-11-24"])
    assert result.exit_code == 0, result.output
    built = Path(result.output.strip().splitlines()[-1])
    assert built.read_bytes().startswith(cipher.SQLITE_HEADER)
