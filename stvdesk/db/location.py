"""Where a database file may live (README, "Keeping the data safe": local disks only).

SQLite's locking relies on the file system; on network file systems (NFS, SMB/CIFS, sshfs)
locks are unreliable and a database can be corrupted (sqlite.org "Use over a network" and
"How To Corrupt An SQLite Database File": file locking problems). Cloud-sync folders (OneDrive,
Dropbox …) copy the file and its WAL separately while it is being written, which gives the
same result, and they carry citizens' data off the machine. Both are refused with the reason.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath

NETWORK_FILE_SYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "davfs",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "fuse.davfs2",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "lustre",
    }
)
# Folder names the common sync clients create; compared case-insensitively per path part.
CLOUD_FOLDERS = (
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "icloud drive",
    "icloud~",
    "mobile documents",
    "nextcloud",
    "owncloud",
    "box sync",
    "pcloud",
    "sync.com",
    "megasync",
)


def cloud_folder(path: PurePath) -> str | None:
    """The sync folder `path` lies in, if any (by the names sync clients give their folders)."""
    for part in path.parts:
        lowered = part.lower()
        for name in CLOUD_FOLDERS:
            if lowered == name or lowered.startswith((name + " ", name + "-")):
                return part
    return None


def mount_type(path: Path, mounts_text: str) -> str | None:
    """The file system type of the mount `path` lies on, from /proc/mounts text."""
    best, best_type = "", None
    target = str(path)
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type


def _mounts_text() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _windows_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    if sys.platform != "win32":  # ctypes.windll exists on Windows only (and type checkers know it)
        return False
    import ctypes

    drive = path.drive
    if drive.startswith("\\\\"):
        return True
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4  # DRIVE_REMOTE


def location_problem(path: Path, *, mounts_text: str | None = None) -> str | None:
    """Why `path` is no place for a database (Danish), or None."""
    resolved = Path(os.path.abspath(path))
    folder = cloud_folder(resolved)
    if folder:
        return (
            f"Databasen ligger i en synkroniseret mappe ({folder}). Synkroniseringen kopierer filen, mens "
            "den skrives, og kan ødelægge den – og borgernes data forlader maskinen. Flyt den til en lokal "
            "mappe (fx standardmappen) og tag sikkerhedskopier med 'stvdesk db backup'."
        )
    if sys.platform == "win32":  # pragma: no cover
        kind = "netværksdrev" if _windows_remote(resolved) else None
    else:
        probe = resolved if resolved.exists() else resolved.parent
        kind = mount_type(probe, _mounts_text() if mounts_text is None else mounts_text)
        kind = kind if kind in NETWORK_FILE_SYSTEMS else None
    if kind:
        return (
            f"Databasen ligger på et netværksfilsystem ({kind}). SQLite kan ikke låse filen sikkert over "
            "netværket, så data kan gå tabt. Læg filen på maskinens egen disk; et team deler data gennem "
            "en PostgreSQL-server."
        )
    return None
