"""Settings: command line > environment (STVDESK_*) > config.toml > defaults.

config.toml lives in the platformdirs user config directory, for example
~/.config/stvdesk/config.toml on Linux:

    db = "/home/kb/stvdesk.sqlite"
    worker = "KB"

    [caseload]             # bands per role (000, 4.4; 002 ch. 5)
    S = [40, 50]
    VK = [30, 35]

    [cadence]              # follow-up intervals in days (stvdesk.domain.cadence)
    conversation_days = 28

    [cadence.team."Team Vest"]   # a team's own intervals
    conversation_days = 42

    [urgency]              # weights of the urgency score (stvdesk.domain.urgency)
    per_day_overdue = 2
    no_follow_up_planned = 25

    [backup]               # the daily backup taken when the desk opens
    keep = 7               # days kept; 0 switches the daily backup off
    folder = "/mnt/usb/stvdesk"   # default: sikkerhedskopier/ in the data directory

    [retention]            # how long data is kept
    log_months = 6         # the access log (stvdesk db prune-log)
    closed_case_years = 5  # closed cases (stvdesk db retention)

    [taster]               # the jobcentre's own keys: binding id = key(s), as F1 names them
    "caseload.search" = "ctrl+f"
    "app.agenda" = ["f5", "ctrl+k"]
"""

from __future__ import annotations

import os
import re
import string
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

from stvdesk.domain.cadence import CadenceSettings
from stvdesk.domain.caseload import DEFAULT_BANDS, Band
from stvdesk.domain.company_flags import FlagSettings
from stvdesk.domain.enums import Role
from stvdesk.domain.urgency import UrgencyWeights

APP_NAME = "stvdesk"


class SettingsError(ValueError):
    """A broken config file; the message is Danish."""


def config_dir() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def export_dir() -> Path:
    """Where exports a user asks for are written (created when first needed)."""
    folder = data_dir() / "eksport"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_db_path() -> Path:
    return data_dir() / "stvdesk.sqlite"


@dataclass(frozen=True)
class Safeguards:
    """Backups and retention (README, "Keeping the data safe"). Defaults: a week of daily backups;
    the access log kept six months and closed cases five years (local defaults: the method's
    reports give no periods)."""

    backup_keep: int = 7
    backup_folder: str | None = None
    log_months: int = 6
    closed_case_years: int = 5


def backup_root(safeguards: Safeguards) -> Path:
    return Path(safeguards.backup_folder).expanduser() if safeguards.backup_folder else data_dir() / "sikkerhedskopier"


@dataclass(frozen=True)
class Settings:
    db: str | None = None  # path or URL; None: the default file
    worker: str | None = None  # initials of the worker using the desk
    bands: dict[Role, Band] = field(default_factory=lambda: dict(DEFAULT_BANDS))
    urgency: UrgencyWeights = field(default_factory=UrgencyWeights)
    cadence: CadenceSettings = field(default_factory=CadenceSettings)
    team_cadence: dict[str, CadenceSettings] = field(default_factory=dict)  # by team name
    flags: FlagSettings = field(default_factory=FlagSettings)
    safeguards: Safeguards = field(default_factory=Safeguards)
    # [taster]: binding id → Textual key string ("ctrl+f", "f5,ctrl+k"); the app's keymap
    keys: dict[str, str] = field(default_factory=dict)
    source: Path | None = None  # the config file read, named in messages about it

    def cadence_for(self, team_name: str) -> CadenceSettings:
        """A team's own intervals where it has them, else the jobcentre's."""
        return self.team_cadence.get(team_name, self.cadence)

    def with_overrides(self, **values: Any) -> Settings:
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def _parse_bands(raw: Any, source: Path) -> dict[Role, Band]:
    bands = dict(DEFAULT_BANDS)
    if not isinstance(raw, dict):
        raise SettingsError(f"{source}: [caseload] skal være en tabel.")
    for key, value in raw.items():
        try:
            role = Role(key)
            low, high = (int(v) for v in value)
        except (ValueError, TypeError) as exc:
            raise SettingsError(
                f"{source}: caseload.{key} skal være en rolle (S, VK, PL, LEDER) med [min, maks]."
            ) from exc
        if not 0 <= low <= high:
            raise SettingsError(f"{source}: caseload.{key}: min skal være ≤ maks.")
        bands[role] = Band(low, high)
    return bands


def _parse_numbers(raw: Any, source: Path, table: str, cls: type, integers: bool) -> Any:
    """A [table] of numbers ≥ 0 onto the dataclass `cls` (unknown keys are refused)."""
    if not isinstance(raw, dict):
        raise SettingsError(f"{source}: [{table}] skal være en tabel.")
    known = {f.name for f in fields(cls)}
    values = {}
    for key, value in raw.items():
        if key not in known:
            raise SettingsError(f"{source}: {table}.{key} findes ikke. Kendte: {', '.join(sorted(known))}.")
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise SettingsError(f"{source}: {table}.{key} skal være et tal ≥ 0.")
        values[key] = int(value) if integers or key.endswith("_days") else float(value)
    return cls(**values)


def _parse_team_cadence(raw: Any, base: dict[str, Any], source: Path) -> dict[str, CadenceSettings]:
    """[cadence.team."Team Vest"]: a team's own intervals on top of the jobcentre's [cadence]."""
    if not isinstance(raw, dict):
        raise SettingsError(f"{source}: [cadence.team] skal være tabeller pr. team.")
    return {
        name: _parse_numbers(
            {**base, **values} if isinstance(values, dict) else values,
            source,
            f'cadence.team."{name}"',
            CadenceSettings,
            integers=True,
        )
        for name, values in raw.items()
    }


def _parse_safeguards(raw: dict[str, Any], source: Path) -> Safeguards:
    backup = raw.get("backup", {})
    retention = raw.get("retention", {})
    for name, table in (("backup", backup), ("retention", retention)):
        if not isinstance(table, dict):
            raise SettingsError(f"{source}: [{name}] skal være en tabel.")
    unknown = [f"backup.{k}" for k in backup if k not in ("keep", "folder")]
    unknown += [f"retention.{k}" for k in retention if k not in ("log_months", "closed_case_years")]
    if unknown:
        raise SettingsError(f"{source}: {', '.join(unknown)} findes ikke.")

    def whole(table: dict[str, Any], key: str, default: int, low: int, high: int, name: str) -> int:
        value = table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise SettingsError(f"{source}: {name} skal være et helt tal fra {low} til {high}.")
        return value

    folder = backup.get("folder")
    if folder is not None and (not isinstance(folder, str) or not folder.strip()):
        raise SettingsError(f"{source}: backup.folder skal være en mappe (tekst).")
    return Safeguards(
        backup_keep=whole(backup, "keep", 7, 0, 366, "backup.keep"),
        backup_folder=folder,
        log_months=whole(retention, "log_months", 6, 1, 120, "retention.log_months"),
        closed_case_years=whole(retention, "closed_case_years", 5, 1, 50, "retention.closed_case_years"),
    )


# [taster]: which keys a jobcentre may name. Checked here, without Textual (settings sit below the
# screens), so that a typing error stops the desk at start like every other broken setting; the
# binding ids themselves are checked by the app, which knows its screens.
_BINDING_ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_-]+)+")
_MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")
_NAMED_KEYS = {
    *("escape", "enter", "tab", "space", "backspace", "delete", "insert", "home", "end"),
    *("pageup", "pagedown", "up", "down", "left", "right"),
    *(f"f{n}" for n in range(1, 25)),
}
# Textual names a punctuation key by its Unicode name ("question_mark"), a few of them shortened.
_SHORTENED = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


def _punctuation_name(character: str) -> str:
    name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    return _SHORTENED.get(name, name)


_PUNCTUATION = {_punctuation_name(c): c for c in string.punctuation}


def _key(text: str) -> str | None:
    """One key as Textual names it ("ctrl+f", "f5", "g", "slash"), or None if it is none.
    Modifiers are put in the order Textual reports them (alphabetical), so "shift+ctrl+up" works."""
    *modifiers, name = text.strip().split("+") if text.strip() != "+" else ["+"]
    modifiers = [m.strip().lower() for m in modifiers]
    if any(m not in _MODIFIERS for m in modifiers) or len(set(modifiers)) != len(modifiers):
        return None
    name = name.strip()
    if len(name) == 1:
        if not name.isprintable() or name.isspace():
            return None
        name = name if name.isalnum() else _punctuation_name(name)
    elif name.lower() in _NAMED_KEYS or name.lower() in _PUNCTUATION:
        name = name.lower()
    else:
        return None
    return "+".join([*sorted(modifiers), name])


def _parse_keys(raw: Any, source: Path) -> dict[str, str]:
    """[taster]: "caseload.search" = "ctrl+f" (or a list of keys) → the app's keymap."""
    if not isinstance(raw, dict):
        raise SettingsError(f"{source}: [taster] skal være en tabel: taste-id = tast.")
    keymap = {}
    for binding_id, value in raw.items():
        where = f'{source}: taster."{binding_id}"'
        if not _BINDING_ID.fullmatch(binding_id):
            raise SettingsError(
                f'{where}: navnet skal være en taste-id som "caseload.search" (hjælpen, F1, viser dem).'
            )
        texts = value if isinstance(value, list) else [value]
        if not texts or not all(isinstance(text, str) for text in texts):
            raise SettingsError(f'{where} skal være en tast ("ctrl+f") eller en liste af taster (["f5", "ctrl+k"]).')
        keys = []
        for text in texts:
            for part in text.split(",") if text.strip() != "," else [text]:
                key = _key(part)
                if key is None:
                    raise SettingsError(
                        f'{where}: "{part.strip()}" er ikke en tast. Skriv fx "ctrl+f", "f5", "g", "slash" '
                        '(/) eller "question_mark" (?); flere taster med komma.'
                    )
                keys.append(key)
        keymap[binding_id] = ",".join(dict.fromkeys(keys))
    return keymap


def _text_setting(raw: dict[str, Any], key: str, source: Path) -> str | None:
    value = raw.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip() or "\x00" in value):
        raise SettingsError(f"{source}: {key} skal være en tekst.")
    return value


def load_settings(config_file: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    environment = os.environ if env is None else env
    path = config_file or config_dir() / "config.toml"
    settings = Settings()
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"Konfigurationsfilen {path} kan ikke læses: {exc}") from exc
        except OSError as exc:
            raise SettingsError(f"Konfigurationsfilen {path} kan ikke åbnes: {exc.strerror or exc}") from exc
        cadence_raw = dict(raw.get("cadence", {})) if isinstance(raw.get("cadence", {}), dict) else raw["cadence"]
        teams_raw = cadence_raw.pop("team", {}) if isinstance(cadence_raw, dict) else {}
        settings = Settings(
            db=_text_setting(raw, "db", path),
            worker=_text_setting(raw, "worker", path),
            bands=_parse_bands(raw.get("caseload", {}), path),
            urgency=_parse_numbers(raw.get("urgency", {}), path, "urgency", UrgencyWeights, integers=False),
            cadence=_parse_numbers(cadence_raw, path, "cadence", CadenceSettings, integers=True),
            team_cadence=_parse_team_cadence(teams_raw, cadence_raw, path),
            flags=_parse_numbers(raw.get("flags", {}), path, "flags", FlagSettings, integers=True),
            safeguards=_parse_safeguards(raw, path),
            keys=_parse_keys(raw.get("taster", {}), path),
            source=path,
        )
    return settings.with_overrides(db=environment.get("STVDESK_DB"), worker=environment.get("STVDESK_WORKER"))
