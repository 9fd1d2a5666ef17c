"""Settings: command line > environment (STVDESK_*) > config.toml > defaults.

config.toml lives in the platformdirs user config directory, for example
~/.config/stvdesk/config.toml on Linux:

    db = "/home/kb/stvdesk.sqlite"
    worker = "KB"

    [caseload]             # bands per role (000, 4.7 SPOR 3: 30–45; 000, 4.4; 002 ch. 5)
    S = [30, 45]
    VK = [30, 45]

    [cadence]              # follow-up intervals in days (stvdesk.domain.cadence)
    conversation_days = 28
    close_follow_up_throughout = false   # weekly/fortnightly through the whole placement

    [cadence.team."Team Vest"]   # a team's own intervals
    conversation_days = 42

    [flags]                # warnings and flags (stvdesk.domain.company_flags), all local settings
    vk_wait_days = 14      # a first meeting with a VK awaited longer is a warning
    zero_ordinary_months = 3
    company_contact_days = 30
    past_end_days = 0      # a placement running this many days past its planned end is flagged
    repeat_internship = true

    [internship_weeks]     # the longest praktik per target group (code); 0: no limit
    kontanthjaelp = 13
    ressourceforloeb = 0

    [summer]               # the summer plan (000, 4.1): the weeks and the day a missing plan turns red
    weeks = [27, 32]
    flag_from = "01-05"    # dd-mm

    [phase]
    retention_after_weeks = 4
    retained_after_months = 3   # Styring's "fastholdt": still in a placement this long after the start

    [abc]                  # what A, B, C mean and weigh in a match
    meaning = { A = "drømmejobbet", B = "et realistisk skridt", C = "et job, der kan fås nu" }
    weights = { C = 3, B = 2, A = 1 }

    Every setting of the method is listed, with its rule id and source, by `stvdesk regler`
    (stvdesk.domain.rules).

    [indkomst]             # the income calculator's rates (stvdesk.domain.income), estimates
    aar = 2026             # the year the rates hold for: the desk warns in a later year
    fribeloeb_pr_time = 35.0
    feriepenge_pct = 12.5
    uger_pr_maaned = 4.33
    timeloen = 145.0       # the hourly wage assumed where none is known
    ydelse = { kontanthjaelp = { forsoerger = 17600, udeboende = 13200, hjemmeboende = 13200 } }

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
from datetime import date
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

from stvdesk.domain.cadence import CadenceSettings
from stvdesk.domain.caseload import DEFAULT_BANDS, Band
from stvdesk.domain.company_flags import FlagSettings
from stvdesk.domain.enums import Role, TargetGroup
from stvdesk.domain.income import BenefitKind, Household, IncomeRates
from stvdesk.domain.matching import AbcSettings
from stvdesk.domain.method import MethodSettings
from stvdesk.domain.numbers import format_number
from stvdesk.domain.phase import PhaseSettings
from stvdesk.domain.placements import DEFAULT_INTERNSHIP_WEEKS
from stvdesk.domain.summer import SummerSettings
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
    summer: SummerSettings = field(default_factory=SummerSettings)
    phase: PhaseSettings = field(default_factory=PhaseSettings)
    abc: AbcSettings = field(default_factory=AbcSettings)
    internship_weeks: dict[TargetGroup, int] = field(default_factory=lambda: dict(DEFAULT_INTERNSHIP_WEEKS))
    income: IncomeRates = field(default_factory=IncomeRates)
    safeguards: Safeguards = field(default_factory=Safeguards)
    # [taster]: binding id → Textual key string ("ctrl+f", "f5,ctrl+k"); the app's keymap
    keys: dict[str, str] = field(default_factory=dict)
    source: Path | None = None  # the config file read, named in messages about it

    def cadence_for(self, team_name: str) -> CadenceSettings:
        """A team's own intervals where it has them, else the jobcentre's."""
        return self.team_cadence.get(team_name, self.cadence)

    def method(self, team_name: str | None = None) -> MethodSettings:
        """The settings of the method's rules in force (for a team: with its own cadence)."""
        return MethodSettings(
            cadence=self.cadence_for(team_name) if team_name else self.cadence,
            flags=self.flags,
            bands=self.bands,
            summer=self.summer,
            phase=self.phase,
            abc=self.abc,
            internship_weeks=self.internship_weeks,
            income=self.income,
            urgency=self.urgency,
        )

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
    """A [table] of numbers ≥ 0 (and true/false where the default is one) onto the dataclass `cls`
    (unknown keys are refused)."""
    if not isinstance(raw, dict):
        raise SettingsError(f"{source}: [{table}] skal være en tabel.")
    defaults = cls()
    known = {f.name for f in fields(cls)}
    values: dict[str, float | bool] = {}
    for key, value in raw.items():
        if key not in known:
            raise SettingsError(f"{source}: {table}.{key} findes ikke. Kendte: {', '.join(sorted(known))}.")
        if isinstance(getattr(defaults, key), bool):
            if not isinstance(value, bool):
                raise SettingsError(f"{source}: {table}.{key} skal være true eller false.")
            values[key] = value
            continue
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


def _table(raw: Any, source: Path, name: str, known: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise SettingsError(f"{source}: [{name}] skal være en tabel.")
    unknown = [f"{name}.{key}" for key in raw if key not in known]
    if unknown:
        raise SettingsError(f"{source}: {', '.join(unknown)} findes ikke. Kendte: {', '.join(known)}.")
    return raw


def _parse_summer(raw: Any, source: Path) -> SummerSettings:
    """[summer]: weeks = [27, 32] (ISO weeks) and flag_from = "01-05" (dd-mm)."""
    table = _table(raw, source, "summer", ("weeks", "flag_from"))
    default = SummerSettings()
    first, last = default.first_week, default.last_week
    if "weeks" in table:
        weeks = table["weeks"]
        if (
            not isinstance(weeks, list)
            or len(weeks) != 2
            or not all(isinstance(w, int) and not isinstance(w, bool) for w in weeks)
            or not 1 <= weeks[0] <= weeks[1] <= 52
        ):
            raise SettingsError(f"{source}: summer.weeks skal være [første uge, sidste uge], fx [27, 32].")
        first, last = weeks
    month, day = default.flag_from_month, default.flag_from_day
    if "flag_from" in table:
        text = table["flag_from"]
        found = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text.strip()) if isinstance(text, str) else None
        try:
            if found is None:
                raise ValueError(text)
            day, month = int(found[1]), int(found[2])
            date(2024, month, day)  # a leap year: any day of the year exists
        except ValueError as exc:
            raise SettingsError(f'{source}: summer.flag_from skal være en dag som "01-05" (dd-mm).') from exc
    return SummerSettings(first_week=first, last_week=last, flag_from_month=month, flag_from_day=day)


def _parse_phase(raw: Any, source: Path) -> PhaseSettings:
    phase: PhaseSettings = _parse_numbers(
        _table(raw, source, "phase", ("retention_after_weeks", "retained_after_months")),
        source,
        "phase",
        PhaseSettings,
        True,
    )
    return phase


def _parse_abc(raw: Any, source: Path) -> AbcSettings:
    """[abc]: meaning = { A = "…", B = "…", C = "…" } and weights = { A = 1, B = 2, C = 3 }."""
    table = _table(raw, source, "abc", ("meaning", "weights"))
    default = AbcSettings()
    meaning, weights = dict(default.meaning), dict(default.weights)

    def given(name: str) -> dict[str, Any]:
        found = table.get(name, {})
        if not isinstance(found, dict) or any(kind not in ("A", "B", "C") for kind in found):
            raise SettingsError(f"{source}: abc.{name} skal være en tabel med A, B og C, fx {{ A = … }}.")
        return found

    for kind, text in given("meaning").items():
        if not isinstance(text, str) or not text.strip() or "\x00" in text:
            raise SettingsError(f"{source}: abc.meaning.{kind} skal være en tekst.")
        meaning[kind] = text.strip()
    for kind, weight in given("weights").items():
        if not isinstance(weight, int) or isinstance(weight, bool) or weight < 0:
            raise SettingsError(f"{source}: abc.weights.{kind} skal være et helt tal ≥ 0.")
        weights[kind] = weight
    return AbcSettings(meaning=meaning, weights=weights)


def _parse_internship_weeks(raw: Any, source: Path) -> dict[TargetGroup, int]:
    """[internship_weeks]: kontanthjaelp = 13 … by target-group code; 0 means no limit."""
    codes = tuple(group.value for group in TargetGroup)
    table = _table(raw, source, "internship_weeks", codes)
    weeks = dict(DEFAULT_INTERNSHIP_WEEKS)
    for code, value in table.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 520:
            raise SettingsError(f"{source}: internship_weeks.{code} skal være et helt antal uger (0: ingen grænse).")
        weeks[TargetGroup(code)] = value
    return weeks


# [indkomst]: the Danish keys of the file → the fields of IncomeRates, with the least and most
# each may be (a number outside is a typing error: a fribeløb of 3.500 kr. an hour, 125 %).
_INCOME_NUMBERS = {
    "fribeloeb_pr_time": ("disregard_per_hour", 0.0, 1_000.0, "kr. pr. arbejdstime"),
    "feriepenge_pct": ("holiday_pay_pct", 0.0, 50.0, "procent"),
    "uger_pr_maaned": ("weeks_per_month", 4.0, 4.5, "uger, fx 4,33"),
    "timeloen": ("hourly_wage", 1.0, 2_000.0, "kr. i timen"),
}


def _parse_income(raw: Any, source: Path) -> IncomeRates:
    """[indkomst]: aar = 2026, the numbers of _INCOME_NUMBERS, and ydelse = { kontanthjaelp =
    { forsoerger = 17600, … } … } by benefit kind and household (codes of domain.income)."""
    table = _table(raw, source, "indkomst", ("aar", "ydelse", *_INCOME_NUMBERS))
    default = IncomeRates()
    values: dict[str, Any] = {}
    if "aar" in table:
        year = table["aar"]
        if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
            raise SettingsError(f"{source}: indkomst.aar skal være det år, satserne gælder for, fx 2026.")
        values["year"] = year
    for key, (name, low, high, unit) in _INCOME_NUMBERS.items():
        if key not in table:
            continue
        value = table[key]
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
            raise SettingsError(
                f"{source}: indkomst.{key} skal være et tal fra {format_number(low, 2)} til {format_number(high, 2)} ({unit})."
            )
        values[name] = float(value)
    benefits = {kind: dict(by_household) for kind, by_household in default.benefits.items()}
    given = table.get("ydelse", {})
    kinds, households = [k.value for k in BenefitKind], [h.value for h in Household]
    if not isinstance(given, dict):
        raise SettingsError(f"{source}: indkomst.ydelse skal være en tabel pr. ydelse ({', '.join(kinds)}).")
    for kind, amounts in given.items():
        if kind not in kinds:
            raise SettingsError(f"{source}: indkomst.ydelse.{kind} findes ikke. Kendte: {', '.join(kinds)}.")
        if not isinstance(amounts, dict) or any(household not in households for household in amounts):
            raise SettingsError(
                f"{source}: indkomst.ydelse.{kind} skal være en tabel med {', '.join(households)} (kr. pr. måned)."
            )
        for household, amount in amounts.items():
            if not isinstance(amount, (int, float)) or isinstance(amount, bool) or not 0 <= amount <= 100_000:
                raise SettingsError(
                    f"{source}: indkomst.ydelse.{kind}.{household} skal være et beløb i kr. pr. måned (0–100.000)."
                )
            benefits[BenefitKind(kind)][Household(household)] = float(amount)
    return IncomeRates(benefits=benefits, **values)


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


# The desk's global keys that text outside the desk names too (the command line's sync sends
# the worker to the conflict inbox): StvdeskApp.BINDINGS takes their defaults from here, and
# `shown_key` says the key in force after [taster], so no text repeats a key by hand.
GLOBAL_KEYS = {"app.conflicts": "f12", "app.sync": "ctrl+r"}


def shown_key(keys: dict[str, str], binding_id: str) -> str:
    """The first key bound to `binding_id` after [taster] (`keys`), as a person reads it: "F12",
    "ctrl+r"."""
    return readable_key((keys.get(binding_id) or GLOBAL_KEYS[binding_id]).split(",")[0])


def readable_key(key: str) -> str:
    """A key as a sentence names it: a function key in capitals ("F12"), others as they are."""
    return key.upper() if re.fullmatch(r"f\d+", key) else key


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
            summer=_parse_summer(raw.get("summer", {}), path),
            phase=_parse_phase(raw.get("phase", {}), path),
            abc=_parse_abc(raw.get("abc", {}), path),
            internship_weeks=_parse_internship_weeks(raw.get("internship_weeks", {}), path),
            income=_parse_income(raw.get("indkomst", {}), path),
            safeguards=_parse_safeguards(raw, path),
            keys=_parse_keys(raw.get("taster", {}), path),
            source=path,
        )
    return settings.with_overrides(db=environment.get("STVDESK_DB"), worker=environment.get("STVDESK_WORKER"))


# The settings of the process, as the clock is the clock of the process (stvdesk.clock): the desk
# makes its settings these (DeskContext), so that a query reached without a desk at hand (a stored
# phase refreshed inside an edit, a count shared by a screen and an export) applies the same rules
# as the screen. Query functions take the rules as arguments; None means these.
_in_force = Settings()


def use_settings(settings: Settings) -> None:
    global _in_force
    _in_force = settings


def settings_in_force() -> Settings:
    return _in_force
