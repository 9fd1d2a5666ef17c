"""Cold start: what the first frame imports, and the database opened inside the app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stvdesk.cli.desk import _DeskStart
from stvdesk.cli.options import Options
from stvdesk.context import DeskRefused
from stvdesk.db.engine import sqlite_url
from stvdesk.db.migrate import head_revision, inspect_sqlite_file, upgrade
from stvdesk.settings import Settings
from tests.conftest import TODAY

# What `stvdesk` imports before its first frame: the command line, the app, the shell and Min
# dag's skeleton. The data layer (SQLAlchemy, SQLModel, pydantic, Alembic, the models) comes in
# the worker that opens the database after that frame.
FIRST_FRAME = """
import sys
import stvdesk.cli, stvdesk.app
from stvdesk.app import StvdeskApp
from stvdesk.context import DeskContext
from stvdesk.clock import Clock
from stvdesk.screens.min_dag import MinDagScreen
from stvdesk.db.engine import sqlite_path
StvdeskApp(DeskContext(clock=Clock(None)), opening=lambda: None)
sqlite_path("sqlite:///x.sqlite")
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"sqlalchemy", "sqlmodel", "pydantic", "alembic"})
loaded += [name for name in ("stvdesk.db.models", "stvdesk.db.queries") if name in sys.modules]
# Nor the fields no first screen has (TextArea alone is a twentieth of the whole first frame).
loaded += [name for name in ("textual.widgets._text_area", "stvdesk.widgets.form") if name in sys.modules]
print(" ".join(loaded))
"""


FRAME_RATE = """
import stvdesk.app
import textual.constants
print(textual.constants.MAX_FPS)
"""


@pytest.mark.parametrize(("own", "painted"), [(None, "120"), ("30", "30")])
def test_the_desk_paints_up_to_120_frames_a_second_unless_the_user_says_otherwise(own, painted) -> None:
    env = {key: value for key, value in os.environ.items() if key != "TEXTUAL_FPS"}
    if own is not None:
        env["TEXTUAL_FPS"] = own
    done = subprocess.run([sys.executable, "-c", FRAME_RATE], capture_output=True, text=True, check=True, env=env)
    assert done.stdout.strip() == painted


def test_the_first_frame_imports_no_data_layer() -> None:
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"imported before the first frame: {done.stdout.strip()}"


def test_opening_inside_the_app_keeps_its_words_for_the_app(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Inside the app there is no terminal to write on: a refusal becomes DeskRefused with the
    message and exit code the command line says (`fail`), and nothing is written meanwhile."""
    options = Options(settings=Settings(), db=None, as_initials="ZZ", today=TODAY)
    start = _DeskStart(sqlite_url(demo_db), options)
    with pytest.raises(DeskRefused) as refused:
        start.open_in_app()
    start.close()
    assert refused.value.code == 2 and "ingen medarbejder med initialerne 'ZZ'" in refused.value.message

    garbage = tmp_path / "x.sqlite"
    garbage.write_text("ikke en database")
    start = _DeskStart(sqlite_url(garbage), Options(settings=Settings(), db=None, as_initials=None, today=TODAY))
    with pytest.raises(DeskRefused) as refused:
        start.open_in_app()
    start.close()
    assert refused.value.code == 2 and "ikke en stvdesk-database" in refused.value.message
    assert garbage.read_text() == "ikke en database" and not garbage.with_name("x.sqlite.lock").exists()
    assert capsys.readouterr().err == ""

    options.as_initials = "KB"
    start = _DeskStart(sqlite_url(demo_db), options)
    try:
        desk = start.open_in_app()
        assert desk.is_open and desk.worker is not None and desk.worker.initials == "KB"
    finally:
        start.close()

    capsys.readouterr()  # the daily backup waited for at close, on the terminal again

    # An earlier stvdesk's file is backed up and upgraded as before; where the old file went is
    # said in the app (the desk's `opening_lines`), not written under it.
    old = tmp_path / "old.sqlite"
    upgrade(sqlite_url(old), "0001")
    start = _DeskStart(sqlite_url(old), Options(settings=Settings(), db=None, as_initials=None, today=TODAY))
    try:
        desk = start.open_in_app()
        assert capsys.readouterr().err == ""  # the terminal is the app's until it closes
    finally:
        start.close()  # then the daily backup is waited for, on the terminal
    assert inspect_sqlite_file(old).revision == head_revision()
    [line] = desk.opening_lines
    assert line.startswith("Databasen er opgraderet. Sikkerhedskopi af den gamle: ")
    assert Path(line.rsplit(": ", 1)[1]).exists()


def test_the_start_previews_the_agenda_of_whom_it_opens_as(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`_DeskStart.preview`: the worker named (--as, then the config's), a demo only of this
    day and seed and never one to be built anew, an encrypted file never."""
    import shutil
    import sqlite3

    from stvdesk.cli.desk import _Demo
    from stvdesk.db.demo_file import DEFAULT_SEED
    from stvdesk.settings import data_dir

    options = Options(settings=Settings(), db=None, as_initials="RK", today=TODAY)
    start = _DeskStart(sqlite_url(demo_db), options)
    preview = start.preview()
    assert preview is not None and preview.initials == "RK" and preview.lines
    start.key = object()  # type: ignore[assignment]  # a passphrase was given: the file is encrypted
    assert start.preview() is None

    demo_file = data_dir() / "demo.sqlite"
    demo_file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_db, demo_file)
    with sqlite3.connect(demo_file) as connection:
        for key, value in (("demo_today", TODAY.isoformat()), ("demo_seed", str(DEFAULT_SEED))):
            connection.execute("INSERT OR REPLACE INTO db_meta (key, value) VALUES (?, ?)", (key, value))
    demo_options = Options(settings=Settings(), db=None, as_initials=None, today=TODAY)
    preview = _DeskStart("", demo_options, demo=_Demo(citizens=240, seed=DEFAULT_SEED, fresh=False)).preview()
    assert preview is not None and preview.initials == "KB"
    assert _DeskStart("", demo_options, demo=_Demo(citizens=240, seed=DEFAULT_SEED, fresh=True)).preview() is None
    assert _DeskStart("", demo_options, demo=_Demo(citizens=240, seed=7, fresh=False)).preview() is None
    demo_options.as_initials = "MS"
    preview = _DeskStart("", demo_options, demo=_Demo(citizens=240, seed=DEFAULT_SEED, fresh=False)).preview()
    assert preview is not None and preview.initials == "MS"
