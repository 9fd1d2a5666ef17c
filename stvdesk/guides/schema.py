"""What a dialogue guide is, and the checks a guide file must pass.

A guide is data: id, version, title, audience, the phases it fits, and sections of items.
An item may name a structured field it fills when the meeting is finished (`fills`); the
targets and the item kind each accepts are listed in FILL_TARGETS, and a choice that fills an
enum (the citizen's readiness) may offer only that enum's labels (FILL_CHOICES).

A guide's id and version stay with every meeting held with it, so a changed built-in guide gets
a new version and its earlier one stays, unchanged, in builtin/earlier/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from stvdesk.domain.enums import FollowUpKind, Phase, Readiness
from stvdesk.domain.meetings import ItemKind

AUDIENCES = {"borger": "Borger", "virksomhed": "Virksomhed", "trepart": "Trepart"}

# target → (the item kind it accepts, what it becomes, in Danish)
FILL_TARGETS: dict[str, tuple[ItemKind, str]] = {
    "placement.hours_per_week": (ItemKind.NUMBER, "timer pr. uge i forløbet"),
    "placement.ordinary_hours_per_week": (ItemKind.NUMBER, "ordinære timer pr. uge i forløbet"),
    "follow_up.next_date": (ItemKind.DATE, "dato for næste opfølgning"),
    "plan_step.new": (ItemKind.TEXT, "nyt delmål i Min Plan"),
    "job_goal.A": (ItemKind.TEXT, "A-mål i ABC-planen"),
    "job_goal.B": (ItemKind.TEXT, "B-mål i ABC-planen"),
    "job_goal.C": (ItemKind.TEXT, "C-mål i ABC-planen"),
    "development_goal.new": (ItemKind.TEXT, "nyt udviklingsmål"),
    "cv.next_step": (ItemKind.TEXT, "næste skridt for CV'et"),
    "progress.attendance": (ItemKind.RATING, "progression: fremmøde"),
    "progress.tasks": (ItemKind.RATING, "progression: opgaver"),
    "progress.cooperation": (ItemKind.RATING, "progression: samarbejde"),
    "progress.independence": (ItemKind.RATING, "progression: selvstændighed"),
    "progress.ordinary_hours": (ItemKind.NUMBER, "progression: ordinære timer i måneden"),
    "progress.description": (ItemKind.TEXT, "udviklingsbeskrivelse"),
    "summer_plan.covered_by": (ItemKind.TEXT, "sommerplan: hvem dækker"),
    "summer_plan.holiday_contact": (ItemKind.TEXT, "sommerplan: kontakt i ferien"),
    "summer_plan.company_closes": (ItemKind.CHECK, "sommerplan: virksomheden holder lukket"),
    "summer_plan.agreed_hours": (ItemKind.NUMBER, "sommerplan: aftalte timer pr. uge"),
    "summer_plan.note": (ItemKind.TEXT, "sommerplan: bemærkning"),
    "citizen.readiness": (ItemKind.CHOICE, "borgerens parathed"),
    "citizen.open_offer": (ItemKind.CHECK, "åbent tilbud givet til borgeren (efterværn)"),
    "company.open_offer": (ItemKind.CHECK, "åbent tilbud givet til virksomheden (efterværn)"),
}

# target → the options a choice filling it may have (the enum's Danish labels)
FILL_CHOICES: dict[str, tuple[str, ...]] = {
    "citizen.readiness": tuple(r.label for r in Readiness),
}

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class Item:
    id: str
    kind: ItemKind
    text: str
    help: str = ""
    options: tuple[str, ...] = ()
    fills: str | None = None
    required: bool = False


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]
    intro: str = ""


@dataclass(frozen=True)
class Guide:
    id: str
    version: int
    title: str
    audience: str
    phases: tuple[Phase, ...]
    sections: tuple[Section, ...]
    description: str = ""
    meeting_kind: FollowUpKind | None = None
    origin: str = "indbygget"  # "indbygget", or the path of a jobcentre's own file

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)

    @property
    def audience_label(self) -> str:
        return AUDIENCES.get(self.audience, self.audience)

    @property
    def phase_label(self) -> str:
        return ", ".join(p.label for p in self.phases) if self.phases else "alle faser"


@dataclass(frozen=True)
class Where:
    """Where in the file a value sits: a top-level key, a section, or an item in a section."""

    key: str | None = None
    section: int | None = None
    item: int | None = None  # index among all items in the file, in the order written


@dataclass(frozen=True)
class SchemaError:
    where: Where
    message: str


def _text(data: dict[str, Any], key: str, where: Where, errors: list[SchemaError], *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        errors.append(SchemaError(Where(key, where.section, where.item), f"'{key}' skal være tekst."))
        return ""
    if required and not value.strip():
        errors.append(SchemaError(Where(key, where.section, where.item) if key in data else where, f"'{key}' mangler."))
    return value.strip()


def _unknown_keys(data: dict[str, Any], allowed: set[str], where: Where, errors: list[SchemaError]) -> None:
    for key in data:
        if key not in allowed:
            errors.append(
                SchemaError(
                    Where(key, where.section, where.item),
                    f"Ukendt nøgle '{key}' (tilladt: {', '.join(sorted(allowed))}).",
                )
            )


ITEM_KEYS = {"id", "kind", "text", "help", "options", "fills", "required"}
SECTION_KEYS = {"title", "intro", "items"}
GUIDE_KEYS = {"id", "version", "title", "audience", "phases", "description", "meeting_kind", "sections"}


def _item(data: Any, where: Where, seen: set[str], errors: list[SchemaError]) -> Item | None:
    if not isinstance(data, dict):
        errors.append(SchemaError(where, "Et punkt skal være en tabel ([[sections.items]])."))
        return None
    before = len(errors)
    _unknown_keys(data, ITEM_KEYS, where, errors)
    item_id = _text(data, "id", where, errors)
    if item_id and not ID_RE.match(item_id):
        errors.append(
            SchemaError(
                Where("id", where.section, where.item),
                f"Punkt-id '{item_id}' må kun have små bogstaver a-z, tal, - og _.",
            )
        )
    elif item_id in seen:
        errors.append(SchemaError(Where("id", where.section, where.item), f"Punkt-id '{item_id}' findes to gange."))
    seen.add(item_id)
    raw_kind = data.get("kind", "")
    try:
        kind = ItemKind(raw_kind if isinstance(raw_kind, str) else "")  # no kind is "": not text, not a kind
    except ValueError:
        errors.append(
            SchemaError(
                Where("kind", where.section, where.item) if "kind" in data else where,
                f"Ukendt type '{raw_kind}' (brug {', '.join(k.value for k in ItemKind)}).",
            )
        )
        kind = None
    text = _text(data, "text", where, errors)
    help_text = _text(data, "help", where, errors, required=False)
    options: tuple[str, ...] = ()
    raw_options = data.get("options")
    if kind is ItemKind.CHOICE:
        if (
            not isinstance(raw_options, list)
            or len(raw_options) < 2
            or not all(isinstance(o, str) and o.strip() for o in raw_options)
        ):
            errors.append(
                SchemaError(
                    Where("options" if "options" in data else None, where.section, where.item),
                    "Et valg-punkt skal have 'options' med mindst to tekster.",
                )
            )
        else:
            options = tuple(o.strip() for o in raw_options)
    elif raw_options is not None:
        errors.append(
            SchemaError(Where("options", where.section, where.item), "Kun valg-punkter (choice) har 'options'.")
        )
    fills = data.get("fills")
    if fills is not None:
        target = FILL_TARGETS.get(fills) if isinstance(fills, str) else None
        if target is None:
            errors.append(SchemaError(Where("fills", where.section, where.item), f"Ukendt felt i 'fills': {fills!r}."))
        elif kind is not None and target[0] is not kind:
            errors.append(
                SchemaError(
                    Where("fills", where.section, where.item),
                    f"'{fills}' skal udfyldes af et punkt af typen {target[0].value}, ikke {kind.value}.",
                )
            )
        elif options and isinstance(fills, str) and fills in FILL_CHOICES:
            allowed = FILL_CHOICES[fills]
            wrong = [o for o in options if o.lower() not in {a.lower() for a in allowed}]
            if wrong:
                errors.append(
                    SchemaError(
                        Where("options", where.section, where.item),
                        f"'{fills}' kan kun vælge mellem {', '.join(allowed)} (ikke {', '.join(wrong)}).",
                    )
                )
    required = data.get("required", False)
    if not isinstance(required, bool):
        errors.append(
            SchemaError(Where("required", where.section, where.item), "'required' skal være true eller false.")
        )
        required = False
    if len(errors) > before or kind is None:
        return None
    return Item(id=item_id, kind=kind, text=text, help=help_text, options=options, fills=fills, required=required)


def guide_from_data(data: dict[str, Any], origin: str = "indbygget") -> tuple[Guide | None, list[SchemaError]]:
    """Check parsed TOML against the schema; the guide, or None and every error found."""
    errors: list[SchemaError] = []
    top = Where()
    _unknown_keys(data, GUIDE_KEYS, top, errors)
    guide_id = _text(data, "id", top, errors)
    if guide_id and not ID_RE.match(guide_id):
        errors.append(SchemaError(Where("id"), f"Guide-id '{guide_id}' må kun have små bogstaver a-z, tal, - og _."))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        errors.append(
            SchemaError(Where("version" if "version" in data else None), "'version' skal være et helt tal på mindst 1.")
        )
    title = _text(data, "title", top, errors)
    description = _text(data, "description", top, errors, required=False)
    audience = data.get("audience")
    if not isinstance(audience, str) or audience not in AUDIENCES:
        errors.append(
            SchemaError(
                Where("audience" if "audience" in data else None), f"'audience' skal være en af {', '.join(AUDIENCES)}."
            )
        )
    phases: list[Phase] = []
    raw_phases = data.get("phases", [])
    if not isinstance(raw_phases, list):
        errors.append(SchemaError(Where("phases"), "'phases' skal være en liste, fx [\"match\"]."))
        raw_phases = []
    for raw in raw_phases:
        try:
            phases.append(Phase(raw if isinstance(raw, str) else ""))  # no phase is ""
        except ValueError:
            errors.append(
                SchemaError(Where("phases"), f"Ukendt fase '{raw}' (brug {', '.join(p.value for p in Phase)}).")
            )
    meeting_kind = None
    if "meeting_kind" in data:
        try:
            raw = data["meeting_kind"]
            meeting_kind = FollowUpKind(raw if isinstance(raw, str) else "")  # no kind is ""
        except ValueError:
            errors.append(
                SchemaError(
                    Where("meeting_kind"),
                    f"Ukendt mødeart '{data['meeting_kind']}' (brug {', '.join(k.value for k in FollowUpKind)}).",
                )
            )
    sections: list[Section] = []
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        errors.append(
            SchemaError(
                Where("sections" if "sections" in data else None), "Guiden skal have mindst ét afsnit ([[sections]])."
            )
        )
        raw_sections = []
    seen: set[str] = set()
    item_index = 0
    for s_index, raw_section in enumerate(raw_sections):
        where = Where(section=s_index)
        if not isinstance(raw_section, dict):
            errors.append(SchemaError(where, "Et afsnit skal være en tabel ([[sections]])."))
            continue
        _unknown_keys(raw_section, SECTION_KEYS, where, errors)
        section_title = _text(raw_section, "title", where, errors)
        raw_items = raw_section.get("items")
        if not isinstance(raw_items, list) or not raw_items:
            errors.append(SchemaError(where, "Afsnittet har ingen punkter ([[sections.items]])."))
            raw_items = []
        items = []
        for raw_item in raw_items:
            item = _item(raw_item, Where(section=s_index, item=item_index), seen, errors)
            item_index += 1
            if item is not None:
                items.append(item)
        sections.append(
            Section(
                title=section_title,
                intro=_text(raw_section, "intro", where, errors, required=False),
                items=tuple(items),
            )
        )
    if errors or not isinstance(version, int) or not isinstance(audience, str):  # both are among the errors
        return None, errors
    return Guide(
        id=guide_id,
        version=version,
        title=title,
        audience=audience,
        phases=tuple(phases),
        sections=tuple(sections),
        description=description,
        meeting_kind=meeting_kind,
        origin=origin,
    ), []
