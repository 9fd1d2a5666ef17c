"""Loading guides: the built-in ones beside this module (and their earlier versions, kept for
the meetings held with them), then a jobcentre's own from `<config dir>/guides/*.toml`.

A broken file is reported with its path, line and what is wrong, and every other guide still
loads. tomllib gives no positions for values, so a schema error is placed by finding its
table header (`[[sections]]`, `[[sections.items]]`) and key in the text; that is exact for
guides written in the style of the built-in ones, and falls back to the table's first line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stvdesk.domain.enums import FollowUpKind, Phase
from stvdesk.domain.text import clean_line, clean_text
from stvdesk.guides.schema import Guide, SchemaError, Where, guide_from_data

BUILTIN_DIR = Path(__file__).parent / "builtin"
# Earlier versions of built-in guides: never offered for a new meeting (a newer version of the
# same id is), but a meeting stored with one is still shown and finished with its own items.
EARLIER_DIR = BUILTIN_DIR / "earlier"
BUILTIN = "indbygget"

_TOML_POS_RE = re.compile(r"\(at line (\d+), column \d+\)")
_HEADER_RE = re.compile(r"^\s*\[")
_SECTION_RE = re.compile(r"^\s*\[\[\s*sections\s*\]\]")
_ITEM_RE = re.compile(r"^\s*\[\[\s*sections\s*\.\s*items\s*\]\]")


@dataclass(frozen=True)
class GuideProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}, linje {self.line}: {self.message}"


@dataclass
class GuideLibrary:
    """Every guide that loaded, by id and version, and the problems of those that did not."""

    versions: dict[tuple[str, int], Guide] = field(default_factory=dict)
    problems: list[GuideProblem] = field(default_factory=list)

    @property
    def guides(self) -> list[Guide]:
        """The newest version of each guide, in title order."""
        newest: dict[str, Guide] = {}
        for (guide_id, version), guide in self.versions.items():
            if guide_id not in newest or version > newest[guide_id].version:
                newest[guide_id] = guide
        return sorted(newest.values(), key=lambda g: g.title.lower())

    def get(self, guide_id: str, version: int | None = None) -> Guide | None:
        if version is not None:
            return self.versions.get((guide_id, version))
        return next((g for g in self.guides if g.id == guide_id), None)

    def suggest(self, kind: FollowUpKind | None, phase: Phase | None) -> list[Guide]:
        """Guides in the order a worker most likely wants them for this meeting kind and phase."""

        def rank(guide: Guide) -> tuple[int, int, str]:
            fit = guide.phases.index(phase) if phase in guide.phases else len(Phase)
            return (0 if kind is not None and guide.meeting_kind is kind else 1, fit, guide.title.lower())

        return sorted(self.guides, key=rank)

    def add(self, guide: Guide, path: str, text: str) -> None:
        key = (guide.id, guide.version)
        if key in self.versions:
            other = self.versions[key]
            self.problems.append(
                GuideProblem(
                    path,
                    _top_key_line(text.splitlines(), "version"),
                    f"Guiden '{guide.id}' version {guide.version} findes allerede "
                    f"({other.origin}); giv den et nyt id eller en højere version.",
                )
            )
            return
        self.versions[key] = guide


def _top_key_line(lines: list[str], key: str) -> int:
    key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, line in enumerate(lines, start=1):
        if _HEADER_RE.match(line):
            break
        if key_re.match(line):
            return number
    return 1


def _block_key_line(lines: list[str], start: int, key: str | None) -> int:
    """The line of `key` inside the table whose header is on line `start` (1-based)."""
    if key is None:
        return start
    key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        if _HEADER_RE.match(line):
            break
        if key_re.match(line):
            return number
    return start


def error_line(text: str, where: Where) -> int:
    lines = text.splitlines()
    if where.item is not None:
        headers = [n for n, line in enumerate(lines, start=1) if _ITEM_RE.match(line)]
        if where.item < len(headers):
            return _block_key_line(lines, headers[where.item], where.key)
    if where.section is not None:
        headers = [n for n, line in enumerate(lines, start=1) if _SECTION_RE.match(line)]
        if where.section < len(headers):
            return _block_key_line(lines, headers[where.section], where.key if where.item is None else None)
    if where.key is not None:
        return _top_key_line(lines, where.key)
    return 1


def parse_guide(text: str, path: str, origin: str) -> tuple[Guide | None, list[GuideProblem]]:
    """One guide file's text → the guide, or the problems with their lines."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POS_RE.search(str(exc))
        line = int(match.group(1)) if match else 1
        message = clean_line(_TOML_POS_RE.sub("", str(exc)).strip())
        return None, [GuideProblem(path, line, f"Ikke gyldig TOML: {message}")]
    guide, errors = guide_from_data(_clean(data), origin=origin)
    return guide, [_problem(text, path, error) for error in errors]


def _clean(value: Any) -> Any:
    """A guide's strings without escape sequences or control characters (TOML writes any as
    "\\u001b"): a local guide is text from outside too, and the desk shows every word of it."""
    if isinstance(value, str):
        return clean_text(value, multiline=True)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


def _problem(text: str, path: str, error: SchemaError) -> GuideProblem:
    return GuideProblem(path, error_line(text, error.where), error.message)


def load_file(path: Path, library: GuideLibrary, origin: str) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        library.problems.append(GuideProblem(str(path), 1, "Filen er ikke gemt som UTF-8."))
        return
    except OSError as exc:
        library.problems.append(GuideProblem(str(path), 1, f"Filen kan ikke læses: {exc.strerror or exc}."))
        return
    guide, problems = parse_guide(text, str(path), origin)
    library.problems.extend(problems)
    if guide is not None:
        library.add(guide, str(path), text)


def load_guides(local_dir: Path | None = None) -> GuideLibrary:
    """The built-in guides and those in `local_dir` (default `<config dir>/guides`)."""
    library = GuideLibrary()
    for path in [*sorted(BUILTIN_DIR.glob("*.toml")), *sorted(EARLIER_DIR.glob("*.toml"))]:
        load_file(path, library, BUILTIN)
    if local_dir is None:
        from stvdesk.settings import config_dir

        local_dir = config_dir() / "guides"
    if local_dir.is_dir():
        for path in sorted(local_dir.glob("*.toml")):
            load_file(path, library, str(path))
    return library
