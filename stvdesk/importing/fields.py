"""What can be imported, and which column holds what: each field with the Danish and English
headers it goes by in the trackers teams keep, and the guess that maps a file's headers to them.

The guess is greedy by score: a header equal to a known name (after folding case, æøå and
punctuation) beats one that only contains a known name as whole words; each field and each
column is used once. A header it cannot place is left out, and the user can map it by hand.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from stvdesk.domain.enums import Labelled


class ImportKind(Labelled):
    """What a file holds; the value is the word `stvdesk import --type` takes."""

    CITIZENS = ("borgere", "Borgere")
    PLACEMENTS = ("forloeb", "Forløb")
    COMPANIES = ("virksomheder", "Virksomheder")
    FOLLOW_UPS = ("opfoelgninger", "Opfølgninger")


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str  # the Danish name the user sees
    value: str  # how a cell is read: text, cpr, date, hours, cvr, worker, or an enum's name
    names: tuple[str, ...]  # headers it goes by, Danish and English
    required: bool = False  # needed to create a new row


def _f(key: str, label: str, value: str, *names: str, required: bool = False) -> FieldSpec:
    return FieldSpec(key, label, value, (label, *names), required)


_CPR = _f(
    "cpr",
    "CPR",
    "cpr",
    "cpr nr",
    "cprnr",
    "cpr nummer",
    "cprnummer",
    "personnummer",
    "cpr number",
    "civil registration number",
    "ssn",
    "personal id",
    required=True,
)
_PHONE = ("telefon", "tlf", "tlf nr", "telefonnummer", "mobil", "mobilnummer", "phone", "mobile", "phone number")
_ADDRESS = ("adresse", "vej", "gade", "address", "street", "street address")
_POSTAL = ("postnr", "post nr", "postnummer", "zip", "zip code", "postal code", "postcode")
_CITY = ("by", "bynavn", "postdistrikt", "city", "town")

FIELDS: dict[ImportKind, tuple[FieldSpec, ...]] = {
    ImportKind.CITIZENS: (
        _CPR,
        _f(
            "full_name",
            "Navn",
            "text",
            "borger",
            "borgers navn",
            "borgernavn",
            "fulde navn",
            "fuldt navn",
            "name",
            "full name",
            "citizen",
            "citizen name",
        ),
        _f("first_name", "Fornavn", "text", "fornavne", "first name", "firstname", "given name"),
        _f("last_name", "Efternavn", "text", "last name", "lastname", "surname", "family name"),
        _f("phone", "Telefon", "text", *_PHONE),
        _f("email", "E-mail", "text", "email", "mail", "e mail", "email address"),
        _f("address", "Adresse", "text", *_ADDRESS),
        _f("postal_code", "Postnr.", "text", *_POSTAL),
        _f("city", "By", "text", *_CITY),
        _f(
            "target_group",
            "Målgruppe",
            "TargetGroup",
            "maalgruppe",
            "ydelse",
            "ydelsestype",
            "target group",
            "benefit",
            "group",
        ),
        _f("readiness", "Parathed", "Readiness", "parathed til forløb", "readiness", "ready"),
        _f(
            "caseworker",
            "Sagsbehandler",
            "worker",
            "s",
            "sagsbeh",
            "rådgiver",
            "jobkonsulent",
            "caseworker",
            "case worker",
            "case manager",
        ),
        _f(
            "consultant",
            "Virksomhedskonsulent",
            "worker",
            "vk",
            "virk konsulent",
            "konsulent",
            "consultant",
            "company consultant",
            "employer consultant",
        ),
        _f(
            "opened_on",
            "Startdato",
            "date",
            "start",
            "opstart",
            "forløbsstart",
            "oprettet",
            "visiteret",
            "visiteret dato",
            "start date",
            "opened",
            "opened on",
            "enrolled",
        ),
        _f(
            "vk_requested_on",
            "VK bestilt",
            "date",
            "bestilt vk",
            "vk bestilt dato",
            "henvist til vk",
            "vk requested",
            "consultant requested",
        ),
        _f(
            "first_vk_meeting_on",
            "Første VK-møde",
            "date",
            "foerste vk moede",
            "første møde med vk",
            "vk møde",
            "first consultant meeting",
        ),
        _f(
            "note",
            "Journalnotat",
            "text",
            "bemærkninger",
            "bemærkning",
            "noter",
            "note",
            "notat",
            "kommentar",
            "kommentarer",
            "notes",
            "comments",
            "remarks",
        ),
    ),
    ImportKind.PLACEMENTS: (
        _CPR,
        _f(
            "company",
            "Virksomhed",
            "text",
            "arbejdsplads",
            "firma",
            "virksomhedsnavn",
            "praktiksted",
            "company",
            "employer",
            "workplace",
            "company name",
            required=True,
        ),
        _f("company_cvr", "CVR", "cvr", "cvr nr", "cvrnr", "cvr nummer", "company cvr", "vat", "vat number"),
        _f(
            "kind",
            "Forløbstype",
            "PlacementKind",
            "type",
            "forløb",
            "ordning",
            "tilbud",
            "tilbudstype",
            "kind",
            "placement type",
            "placement",
            required=True,
        ),
        _f("start_on", "Startdato", "date", "start", "fra", "fra dato", "startet", "start date", "from", required=True),
        _f(
            "planned_end_on",
            "Forventet slut",
            "date",
            "slutdato",
            "planlagt slut",
            "til",
            "til dato",
            "forventet slutdato",
            "planned end",
            "end date",
            "to",
        ),
        _f("ended_on", "Afsluttet", "date", "ophørt", "stoppet", "afsluttet dato", "ended", "ended on", "stopped"),
        _f(
            "hours_per_week",
            "Timer pr. uge",
            "hours",
            "timer",
            "timer uge",
            "timer pr uge",
            "ugentlige timer",
            "antal timer",
            "hours",
            "hours per week",
            "weekly hours",
        ),
        _f(
            "ordinary_hours_per_week",
            "Ordinære timer",
            "hours",
            "ord timer",
            "ordinaere timer",
            "ordinære timer pr uge",
            "løntimer",
            "ordinary hours",
            "paid hours",
        ),
        _f("purpose", "Formål", "text", "formaal", "mål med forløbet", "purpose", "aim"),
        _f("tasks", "Opgaver", "text", "arbejdsopgaver", "tasks", "duties"),
    ),
    ImportKind.COMPANIES: (
        _f(
            "name",
            "Virksomhed",
            "text",
            "navn",
            "firma",
            "virksomhedsnavn",
            "firmanavn",
            "company",
            "company name",
            "name",
            "employer",
            required=True,
        ),
        _f("cvr", "CVR", "cvr", "cvr nr", "cvrnr", "cvr nummer", "vat", "vat number", "company number"),
        _f("industry", "Branche", "text", "brancher", "fag", "industry", "sector", "trade"),
        _f("address", "Adresse", "text", *_ADDRESS),
        _f("postal_code", "Postnr.", "text", *_POSTAL),
        _f("city", "By", "text", *_CITY),
        _f("phone", "Telefon", "text", *_PHONE),
        _f(
            "owner",
            "Ansvarlig VK",
            "worker",
            "ansvarlig",
            "vk",
            "konsulent",
            "virksomhedskonsulent",
            "kontaktperson jobcenter",
            "owner",
            "account manager",
            "consultant",
        ),
        _f(
            "notes",
            "Noter",
            "text",
            "note",
            "bemærkninger",
            "bemaerkninger",
            "kommentar",
            "notes",
            "comments",
            "remarks",
        ),
    ),
    ImportKind.FOLLOW_UPS: (
        _CPR,
        _f(
            "due_on",
            "Dato",
            "date",
            "opfølgning",
            "opfølgningsdato",
            "næste opfølgning",
            "frist",
            "skal ske",
            "due",
            "due date",
            "date",
            "follow up",
            "follow up date",
            required=True,
        ),
        _f("kind", "Art", "FollowUpKind", "type", "opfølgningstype", "samtaletype", "kind", "follow up type"),
        _f(
            "worker",
            "Medarbejder",
            "worker",
            "sagsbehandler",
            "initialer",
            "ansvarlig",
            "worker",
            "owner",
            "caseworker",
        ),
        _f("held_on", "Afholdt", "date", "afholdt dato", "holdt", "held", "held on", "done"),
        _f("note", "Note", "text", "noter", "bemærkning", "emne", "indhold", "notes", "subject", "comment"),
    ),
}


def field(kind: ImportKind, key: str) -> FieldSpec:
    return next(f for f in FIELDS[kind] if f.key == key)


_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ä": "ae", "ö": "oe"})
_PUNCT = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower case, æøå spelled out, punctuation and brackets to single spaces: 'CPR-nr.' → 'cpr nr'."""
    text = re.sub(r"\(.*?\)", " ", str(text).lower().translate(_FOLD))
    return " ".join(_PUNCT.sub(" ", text).split())


def _index(kind: ImportKind) -> dict[str, str]:
    return {fold(name): spec.key for spec in FIELDS[kind] for name in spec.names}


_INDEXES = {kind: _index(kind) for kind in ImportKind}


def header_score(header: str, spec: FieldSpec) -> int:
    """3: the header is one of the field's names; 2: the same without spaces ('cprnr');
    1: a name of four or more letters stands in the header as whole words ('Borgerens CPR-nr.'); else 0."""
    folded = fold(header)
    if not folded:
        return 0
    names = [fold(n) for n in spec.names]
    if folded in names:
        return 3
    squashed = folded.replace(" ", "")
    if any(squashed == n.replace(" ", "") for n in names):
        return 2
    padded = f" {folded} "
    if any(len(n) >= 4 and f" {n} " in padded for n in names):
        return 1
    return 0


def guess_mapping(headers: list[str], kind: ImportKind) -> dict[int, str]:
    """Column index → field key, greedy by score then by column order."""
    scored = sorted(
        (
            (header_score(h, spec), -i, -j, i, spec.key)
            for i, h in enumerate(headers)
            for j, spec in enumerate(FIELDS[kind])
        ),
        reverse=True,
    )
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for score, _ni, _nj, column, key in scored:
        if score == 0:
            break
        if column in mapping or key in used:
            continue
        mapping[column] = key
        used.add(key)
    # A whole name and its parts both found: the parts are more precise, so keep them.
    if {"first_name", "last_name"} <= used and "full_name" in used:
        mapping = {c: k for c, k in mapping.items() if k != "full_name"}
    return dict(sorted(mapping.items()))


def known_header_count(headers: list[str]) -> int:
    """How many different headers name a field of any kind: how the header row is found (a row of
    group headings merged over several columns repeats one name, so it counts once)."""
    return len({fold(h) for h in headers if any(fold(h) in index for index in _INDEXES.values())})


def guess_kind(headers: list[str]) -> ImportKind:
    """The kind whose fields the headers fit best. A CPR column with a company and a start is a
    placement; with a date and no company a follow-up; no CPR but a company name a company."""
    mapped = {kind: set(guess_mapping(headers, kind).values()) for kind in ImportKind}
    if "cpr" not in mapped[ImportKind.CITIZENS]:
        return ImportKind.COMPANIES
    placement = mapped[ImportKind.PLACEMENTS]
    if "company" in placement and ({"start_on", "kind", "hours_per_week"} & placement):
        names = mapped[ImportKind.CITIZENS] & {"full_name", "first_name", "target_group", "readiness", "phone"}
        if len(names) < 2:
            return ImportKind.PLACEMENTS
    follow = mapped[ImportKind.FOLLOW_UPS]
    citizen = mapped[ImportKind.CITIZENS]
    if "due_on" in follow and not (citizen & {"full_name", "first_name", "last_name"}):
        return ImportKind.FOLLOW_UPS
    return ImportKind.CITIZENS


def missing_required(kind: ImportKind, mapping: dict[int, str]) -> list[FieldSpec]:
    """Required fields no column is mapped to. A citizen's name may come whole or in parts."""
    keys = set(mapping.values())
    missing = [spec for spec in FIELDS[kind] if spec.required and spec.key not in keys]
    if kind is ImportKind.CITIZENS and "full_name" not in keys and not {"first_name", "last_name"} <= keys:
        missing.append(field(kind, "full_name"))
    if kind is ImportKind.PLACEMENTS and "company_cvr" in keys:
        missing = [spec for spec in missing if spec.key != "company"]
    return missing
