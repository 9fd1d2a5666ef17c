"""The layer rule of DESIGN.md is a build failure, not a convention."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_contract_catches_a_violation(tmp_path: Path) -> None:
    """A domain module importing textual must break the build."""
    offender = ROOT / "stvdesk" / "domain" / "_offender_for_test.py"
    offender.write_text("import textual  # noqa\n")
    try:
        result = subprocess.run(
            [str(Path(sys.executable).with_name("lint-imports"))], cwd=ROOT, capture_output=True, text=True
        )
    finally:
        offender.unlink()
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_textual_is_pinned_exactly() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert '"textual==' in text
