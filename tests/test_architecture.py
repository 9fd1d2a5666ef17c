"""The layer rules (ARCHITECTURE.md, pyproject.toml's import-linter contracts) are a build failure,
not a convention; and the repository explains itself, citing nothing a reader of it does not have."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports(cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports"))], cwd=cwd, capture_output=True, text=True, env=env
    )


def test_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def _copy_of_the_package(tmp_path: Path) -> Path:
    """The package and its contracts in a folder of the test's own: no test writes into stvdesk/."""
    shutil.copytree(ROOT / "stvdesk", tmp_path / "stvdesk", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint_copy(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}  # the copy is the stvdesk that gets analysed
    return _lint_imports(tmp_path, env)


def test_contract_catches_a_violation(tmp_path: Path) -> None:
    """A domain module importing textual must break the build."""
    root = _copy_of_the_package(tmp_path)
    (root / "stvdesk" / "domain" / "offender.py").write_text("import textual  # noqa\n")
    result = _lint_copy(root)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_the_layer_order_catches_an_upward_import(tmp_path: Path) -> None:
    """The database layer importing the screens (upwards) must break the build."""
    root = _copy_of_the_package(tmp_path)
    (root / "stvdesk" / "db" / "offender.py").write_text("import stvdesk.screens.base  # noqa\n")
    text = (root / "pyproject.toml").read_text()
    (root / "pyproject.toml").write_text(
        text.replace('"stvdesk.db.audit : ', '"stvdesk.db.offender : stvdesk.db.audit : ')
    )
    result = _lint_copy(root)
    assert result.returncode != 0
    assert "one layer order BROKEN" in result.stdout


def test_textual_is_pinned_exactly() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert '"textual==' in text


# What a reader of the repository does not have: a tracker's numbered issues, and the design notes
# beside the repository. Spelled in pieces so this file does not match itself.
OUTSIDE_REFERENCES = re.compile(r"\bissues?\s+(?:no\.?\s*|#\s*)?\d+|\.\./" + "shared|DESIGN" + r"\.md", re.IGNORECASE)
SELF_CONTAINED = ("stvdesk", "tests", "bench", ".ci")
SELF_CONTAINED_FILES = ("README.md", "ARCHITECTURE.md", "pyproject.toml")
NOT_OURS = {"__pycache__", ".hypothesis", "cache", "results"}


def _repository_text_files() -> list[Path]:
    files = [ROOT / name for name in SELF_CONTAINED_FILES]
    for folder in SELF_CONTAINED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and not NOT_OURS & set(path.relative_to(ROOT).parts):
                files.append(path)
    return files


def test_the_repository_cites_nothing_outside_itself() -> None:
    """A comment, docstring, test or doc says the reason itself, a source report's section (000,
    002) or a README section, never an issue number or a file outside the repository."""
    assert (ROOT / "ARCHITECTURE.md").is_file()
    found = []
    for path in _repository_text_files():
        data = path.read_bytes()
        if b"\0" in data:
            continue  # binary (a sample workbook)
        text = data.decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE_REFERENCES.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "cites what the repository does not hold:\n" + "\n".join(found)


def test_the_readme_links_the_architecture() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:1500]
    assert "(ARCHITECTURE.md)" in head
