"""`stvdesk db encrypt|rekey|remember|forget`: a database file's passphrase, and the daily
backups that share its key."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from stvdesk.cli.options import (
    Options,
    ask_secret,
    command,
    db_option,
    existing_file,
    fail,
    help_option,
    instance_lock,
    say,
)

if TYPE_CHECKING:
    from stvdesk.db.cipher import CipherKey


@command()
@db_option
@help_option
@click.pass_obj
def encrypt(options: Options) -> None:
    """Kryptér en ukrypteret database (SQLCipher) med en ny adgangsfrase.

    Uden terminal læses adgangsfrasen (to gange) fra standardinput. Filen skrives krypteret ved siden af, kontrolleres og erstatter så den gamle.
    Sikkerhedskopierne, stvdesk kender (de daglige og dem ved siden af databasen), krypteres
    med samme adgangsfrase.
    """
    from stvdesk.db.cipher import is_encrypted_file
    from stvdesk.unlock import choose_key

    path = existing_file(options)
    if is_encrypted_file(path):
        fail("Databasen er allerede krypteret. Brug 'stvdesk db rekey' for at skifte adgangsfrase.")
    lock = instance_lock(path)
    try:
        key = choose_key(ask_secret, say)
        if key is None:
            fail("Ingen adgangsfrase valgt; intet er ændret.")
        converted = _convert(path, None, key, options)
    finally:
        lock.__exit__(None, None, None)
    click.echo(f"Databasen er krypteret: {path}" + (f" (og {converted} sikkerhedskopier)" if converted else ""))
    say(
        "Bemærk: kopier, du selv har lagt andre steder (fx med 'stvdesk db backup MÅL' eller på et USB-drev), "
        "er stadig ukrypterede. Slet dem, og tag en ny sikkerhedskopi med 'stvdesk db backup'."
    )


@command()
@db_option
@help_option
@click.pass_obj
def rekey(options: Options) -> None:
    """Skift adgangsfrasen til en krypteret database (og dens daglige sikkerhedskopier)."""
    from stvdesk.db.cipher import is_encrypted_file
    from stvdesk.unlock import PASSPHRASE_VARIABLE, choose_key, environment_passphrase, forget_in_keyring, unlock

    path = existing_file(options)
    if not is_encrypted_file(path):
        fail("Databasen er ikke krypteret. Brug 'stvdesk db encrypt'.")
    lock = instance_lock(path)
    try:
        given = environment_passphrase()
        old = unlock(path, lambda _label: ask_secret("Nuværende adgangsfrase"), say, use_keyring=False, given=given)
        if old is None:
            fail(
                f"{PASSPHRASE_VARIABLE} er ikke den nuværende adgangsfrase; intet er ændret."
                if given is not None
                else "Tre forkerte adgangsfraser; intet er ændret.",
                code=1,
            )
        new = choose_key(ask_secret, say)
        if new is None:
            fail("Ingen ny adgangsfrase valgt; intet er ændret.")
        converted = _convert(path, old, new, options)
    finally:
        lock.__exit__(None, None, None)
    if forget_in_keyring(path):
        say("Den gamle adgangsfrase er fjernet fra nøgleringen ('stvdesk db remember' gemmer den nye).")
    click.echo("Adgangsfrasen er skiftet" + (f" (også for {converted} sikkerhedskopier)." if converted else "."))


def _convert(path: Path, old: CipherKey | None, new: CipherKey | None, options: Options) -> int:
    """Write `path` under the new key, check it, put it in place; then every backup stvdesk knows
    of (backups.known_copies). Returns how many backups were converted."""
    from stvdesk.db.backups import known_copies
    from stvdesk.db.cipher import export_checked, is_encrypted_file, replace_file
    from stvdesk.db.errors import DatabaseFileError
    from stvdesk.db.migrate import inspect_sqlite_file
    from stvdesk.settings import backup_root

    try:
        inspect_sqlite_file(path, full_check=True, key=old)
    except DatabaseFileError as exc:
        fail(exc.message)
    work = path.with_name(path.name + ".krypteres")
    work.unlink(missing_ok=True)
    try:
        export_checked(path, old, work, new)
    except DatabaseFileError as exc:
        fail(exc.message)
    replace_file(work, path)
    from stvdesk.db.audit import resign_anchor

    resign_anchor(path, new)  # the access log's anchor, signed with the chain key the file now keeps
    converted = 0
    # The daily copies and those beside the database (`db backup`, before an upgrade or a
    # restore): a plain copy left beside an encrypted database would hold all it holds in clear.
    for copy in known_copies(path, backup_root(options.settings.safeguards)):
        work = copy.with_name(copy.name + ".krypteres")
        work.unlink(missing_ok=True)
        # A plain copy is read as it is; an encrypted one shares the database's salt, so the
        # old key opens it.
        source = old if is_encrypted_file(copy) else None
        try:
            inspect_sqlite_file(copy, full_check=False, key=source)  # only stvdesk's own copies
            export_checked(copy, source, work, new)
            replace_file(work, copy)
            converted += 1
        except Exception as exc:  # an unreadable old copy is reported, not a reason to stop
            work.unlink(missing_ok=True)
            said = getattr(exc, "message", None) or exc
            say(f"Sikkerhedskopien {copy} kunne ikke konverteres ({said}); slet den, hvis den er ukrypteret.")
    return converted


@command()
@db_option
@help_option
@click.pass_obj
def remember(options: Options) -> None:
    """Gem adgangsfrasen i styresystemets nøglering, så den ikke skal skrives ved hver start."""
    from stvdesk.db.cipher import WrongPassphraseError, is_encrypted_file, key_for_file
    from stvdesk.unlock import environment_passphrase, store_in_keyring

    path = existing_file(options)
    if not is_encrypted_file(path):
        fail("Databasen er ikke krypteret.")
    passphrase = environment_passphrase() or ask_secret(f"Adgangsfrase til {path.name}")
    try:
        key_for_file(path, passphrase)
    except WrongPassphraseError:
        fail("Forkert adgangsfrase; intet er gemt.", code=1)
    problem = store_in_keyring(path, passphrase)
    if problem:
        fail(problem)
    click.echo("Adgangsfrasen er gemt i nøgleringen.")


@command()
@db_option
@help_option
@click.pass_obj
def forget(options: Options) -> None:
    """Fjern adgangsfrasen fra styresystemets nøglering."""
    from stvdesk.unlock import forget_in_keyring

    path = existing_file(options)
    click.echo(
        "Adgangsfrasen er fjernet fra nøgleringen."
        if forget_in_keyring(path)
        else "Der var ingen adgangsfrase i nøgleringen for denne database."
    )
