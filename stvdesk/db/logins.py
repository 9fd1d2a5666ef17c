"""Workers' own PostgreSQL logins on a team server (README, "A team on PostgreSQL").

Each worker connects with a login of their own, granted the group role `stvdesk_worker`
(revision 0011); the worker row's `db_login` ties the two, and the server's row-level
security reads that tie. Creating logins is the server owner's work (`stvdesk db login`).
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy import Engine

GROUP = "stvdesk_worker"
LOGIN_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class LoginError(ValueError):
    """The login cannot be made as asked; the message is Danish."""


def default_login(initials: str) -> str:
    return "stvdesk_" + re.sub(r"[^a-z0-9_]", "_", initials.lower())


def create_login(engine: Engine, initials: str, password: str, login: str | None = None) -> str:
    """Make (or reset the password of) a worker's login and tie it to the worker. Returns the login."""
    if engine.dialect.name != "postgresql":
        raise LoginError("Medarbejder-logins findes kun på en PostgreSQL-server.")
    login = login or default_login(initials)
    if not LOGIN_PATTERN.match(login):
        raise LoginError("Et login er små bogstaver, cifre og _ (højst 63 tegn) og begynder ikke med et ciffer.")
    if len(password) < 12:
        raise LoginError("Adgangskoden skal være mindst 12 tegn.")
    with engine.begin() as conn:
        worker = conn.execute(
            sa.text("SELECT id FROM worker WHERE initials = :i AND deleted_at IS NULL"), {"i": initials}
        ).first()
        if worker is None:
            raise LoginError(f"Der er ingen medarbejder med initialerne '{initials}'.")
        exists = conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).first()
        # A role name cannot be a bound parameter; LOGIN_PATTERN keeps it a plain identifier.
        verb = "ALTER" if exists else "CREATE"
        literal = conn.execute(sa.text("SELECT quote_literal(:p)"), {"p": password}).scalar_one()
        conn.exec_driver_sql(f"{verb} ROLE {login} LOGIN PASSWORD {literal}")
        conn.exec_driver_sql(f"GRANT {GROUP} TO {login}")
        conn.execute(sa.text("UPDATE worker SET db_login = NULL WHERE db_login = :n"), {"n": login})
        conn.execute(sa.text("UPDATE worker SET db_login = :n WHERE id = :w"), {"n": login, "w": worker[0]})
    return login


def login_worker(engine: Engine) -> str | None:
    """The initials of the worker behind this connection's login, if it is a worker's login."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT initials FROM worker WHERE id = stvdesk_me()")).scalar()
