"""A throw-away PostgreSQL cluster for the test run: a temporary directory, a free
port on loopback, password authentication as on a real server (so a wrong password is
refused, as a worker's would be), no fsync (nothing in it outlives the run), stopped and
removed at the end. Uses the server binaries of Debian's postgresql package when present.

`STVDESK_TEST_PG` (a SQLAlchemy URL to a server's maintenance database, with a login that may
create databases and roles) uses an existing server instead. Without either, the PostgreSQL
half of the database tests is skipped with the reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def server_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SUPERUSER_PASSWORD = "stvdesk-test-superuser"


@dataclass
class Cluster:
    folder: Path
    port: int
    bindir: Path
    as_user: list[str]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres:{SUPERUSER_PASSWORD}@127.0.0.1:{self.port}/postgres"

    def _run(self, *argv: str) -> None:
        subprocess.run([*self.as_user, *argv], check=True, capture_output=True, text=True)

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster | None:
    """A new cluster, or None when no PostgreSQL server binaries are installed."""
    bindir = server_bin()
    if bindir is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="stvdesk-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root; the package's own user runs the server
        shutil.chown(folder, "postgres")
        runuser = shutil.which("runuser", path="/usr/sbin:/sbin:/usr/bin:/bin") or "runuser"
        as_user = [runuser, "-u", "postgres", "--"]
    cluster = Cluster(folder, _free_port(), bindir, as_user)
    password_file = folder / "superuser-password"
    password_file.write_text(SUPERUSER_PASSWORD + "\n")
    if as_user:
        shutil.chown(password_file, "postgres")
    cluster._run(
        str(bindir / "initdb"),
        "-D",
        str(folder / "data"),
        "-U",
        "postgres",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        f"--pwfile={password_file}",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    options = (
        f"-p {cluster.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    cluster._run(
        str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-o", options, "-l", str(folder / "log"), "-w", "start"
    )
    return cluster
