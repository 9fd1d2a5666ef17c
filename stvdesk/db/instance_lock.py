"""One stvdesk at a time per database file (README, "Keeping the data safe").

SQLite itself keeps two writers from corrupting a file, but two desks on one file would each
believe their screen is the truth and would race on the access log's sequence. The lock is an
OS file lock (filelock: flock on POSIX, LockFileEx on Windows) on a file beside the database,
so it is released by the OS however the holder ends, a crash or SIGKILL too.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout


class AlreadyOpenError(Exception):
    def __init__(self, db_path: Path) -> None:
        self.message = (
            f"Databasen {db_path} er allerede åben i et andet stvdesk-vindue på denne maskine. "
            "Brug det vindue, eller luk det og prøv igen."
        )
        super().__init__(self.message)


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    """Held from open to exit; `acquire` fails at once if another process holds it.

    The lock file stays beside a database that was opened (removing it on every exit would
    gain nothing); `abandon` takes it away again when the opening is refused, so a file that
    is not stvdesk's, or that could not be unlocked, gets nothing left beside it.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._lock = FileLock(lock_path(db_path), timeout=0, thread_local=False)
        self.created = False  # this lock made the lock file

    def acquire(self) -> InstanceLock:
        existed = lock_path(self.db_path).exists()
        try:
            self._lock.acquire()
        except Timeout as exc:
            raise AlreadyOpenError(self.db_path) from exc
        self.created = not existed
        return self

    def release(self) -> None:
        self._lock.release()

    def abandon(self) -> None:
        """Remove the lock file if this lock made it, then release. Removed while still held: a
        process waiting on the old file then finds it unlinked once it gets it (filelock checks)
        and starts over on a new one, so two can never hold it."""
        if self.created:
            lock_path(self.db_path).unlink(missing_ok=True)
            self.created = False
        self.release()

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()
