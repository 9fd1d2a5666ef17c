"""The column-mapping guess from Danish and English headers, the kind guess, corrections and
the saved mapping."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stvdesk.importing import mapping as mappings
from stvdesk.importing.fields import FIELDS, ImportKind, fold, guess_kind, guess_mapping, missing_required


def named(headers: list[str], kind: ImportKind) -> dict[str, str]:
    return {headers[i]: key for i, key in guess_mapping(headers, kind).items()}


def test_danish_caseload_headers() -> None:
    headers = [
        "CPR-nr.",
        "Fornavn",
        "Efternavn",
        "Tlf.",
        "E-mail",
        "Postnr",
        "By",
        "Målgruppe",
        "Parathed",
        "Sagsbeh.",
        "VK",
        "Opstart",
        "Bemærkninger",
        "Diverse",
    ]
    assert named(headers, ImportKind.CITIZENS) == {
        "CPR-nr.": "cpr",
        "Fornavn": "first_name",
        "Efternavn": "last_name",
        "Tlf.": "phone",
        "E-mail": "email",
        "Postnr": "postal_code",
        "By": "city",
        "Målgruppe": "target_group",
        "Parathed": "readiness",
        "Sagsbeh.": "caseworker",
        "VK": "consultant",
        "Opstart": "opened_on",
        "Bemærkninger": "note",
    }


def test_english_caseload_headers() -> None:
    headers = [
        "SSN",
        "Full name",
        "Phone number",
        "Email",
        "Zip code",
        "City",
        "Target group",
        "Readiness",
        "Caseworker",
        "Consultant",
        "Start date",
    ]
    assert named(headers, ImportKind.CITIZENS) == {
        "SSN": "cpr",
        "Full name": "full_name",
        "Phone number": "phone",
        "Email": "email",
        "Zip code": "postal_code",
        "City": "city",
        "Target group": "target_group",
        "Readiness": "readiness",
        "Caseworker": "caseworker",
        "Consultant": "consultant",
        "Start date": "opened_on",
    }


def test_placement_headers_and_whole_word_matches() -> None:
    headers = [
        "Borgerens CPR-nr.",
        "Praktiksted",
        "CVR-nr",
        "Tilbudstype",
        "Fra dato",
        "Til dato",
        "Timer/uge",
        "Ordinære timer",
        "Formål",
    ]
    assert named(headers, ImportKind.PLACEMENTS) == {
        "Borgerens CPR-nr.": "cpr",
        "Praktiksted": "company",
        "CVR-nr": "company_cvr",
        "Tilbudstype": "kind",
        "Fra dato": "start_on",
        "Til dato": "planned_end_on",
        "Timer/uge": "hours_per_week",
        "Ordinære timer": "ordinary_hours_per_week",
        "Formål": "purpose",
    }


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (["CPR", "Navn", "Målgruppe", "Sagsbehandler"], ImportKind.CITIZENS),
        (["CPR", "Navn", "Målgruppe", "Virksomhed", "Startdato"], ImportKind.CITIZENS),
        (["CPR", "Virksomhed", "Type", "Startdato", "Timer"], ImportKind.PLACEMENTS),
        (["Virksomhed", "CVR", "Branche", "Telefon"], ImportKind.COMPANIES),
        (["Company name", "VAT number", "Industry"], ImportKind.COMPANIES),
        (["CPR", "Dato", "Art", "Medarbejder", "Note"], ImportKind.FOLLOW_UPS),
        (["SSN", "Due date", "Kind", "Worker"], ImportKind.FOLLOW_UPS),
    ],
)
def test_kind_is_guessed(headers: list[str], kind: ImportKind) -> None:
    assert guess_kind(headers) is kind


def test_whole_name_dropped_when_parts_are_there() -> None:
    assert set(guess_mapping(["CPR", "Navn", "Fornavn", "Efternavn"], ImportKind.CITIZENS).values()) == {
        "cpr",
        "first_name",
        "last_name",
    }


def test_required_fields() -> None:
    assert [s.key for s in missing_required(ImportKind.CITIZENS, {0: "cpr", 1: "first_name"})] == ["full_name"]
    assert missing_required(ImportKind.CITIZENS, {0: "cpr", 1: "first_name", 2: "last_name"}) == []
    assert [s.key for s in missing_required(ImportKind.PLACEMENTS, {0: "cpr", 1: "company_cvr"})] == [
        "kind",
        "start_on",
    ]


@given(st.lists(st.text(max_size=25), max_size=14), st.sampled_from(list(ImportKind)))
def test_guess_uses_each_column_and_field_once(headers: list[str], kind: ImportKind) -> None:
    mapping = guess_mapping(headers, kind)
    assert all(0 <= i < len(headers) for i in mapping)
    assert len(set(mapping.values())) == len(mapping)
    assert set(mapping.values()) <= {spec.key for spec in FIELDS[kind]}


@given(st.sampled_from(list(ImportKind)), st.data())
def test_every_field_label_is_recognised_in_any_case(kind: ImportKind, data) -> None:
    spec = data.draw(st.sampled_from(FIELDS[kind]))
    header = data.draw(st.sampled_from([spec.label, spec.label.upper(), f" {spec.label.lower()}: "]))
    assert guess_mapping([header], kind) == {0: spec.key}


def test_fold() -> None:
    assert fold("CPR-nr.") == "cpr nr"
    assert fold("Målgruppe (ydelse)") == "maalgruppe"
    assert fold("Ø-Tlf./Mobil") == "oe tlf mobil"


def test_corrections_by_letter_and_header_and_removal() -> None:
    headers = ["Nummer", "Navn", "Telefon", "Andet"]
    mapping = guess_mapping(headers, ImportKind.CITIZENS)
    assert mapping == {1: "full_name", 2: "phone"}
    fixed = mappings.correct(headers, ImportKind.CITIZENS, mapping, ["A=cpr", "Andet=Telefon", "Navn=Efternavn"])
    assert fixed == {0: "cpr", 1: "last_name", 3: "phone"}
    assert mappings.correct(headers, ImportKind.CITIZENS, fixed, ["D="]) == {0: "cpr", 1: "last_name"}
    with pytest.raises(mappings.MappingError, match="ingen kolonne «Z»"):
        mappings.correct(headers, ImportKind.CITIZENS, mapping, ["Z=cpr"])
    with pytest.raises(mappings.MappingError, match="«Skostørrelse» er ikke et felt i borgere"):
        mappings.correct(headers, ImportKind.CITIZENS, mapping, ["A=Skostørrelse"])
    with pytest.raises(mappings.MappingError, match="KOLONNE=FELT"):
        mappings.correct(headers, ImportKind.CITIZENS, mapping, ["A"])


def test_saved_mapping_is_found_for_the_same_headers_only(tmp_path: Path) -> None:
    path = tmp_path / "kolonner.json"
    headers = ["Nummer", "Navn"]
    assert mappings.load_saved(path, ImportKind.CITIZENS, headers) is None
    mappings.save(path, ImportKind.CITIZENS, headers, {0: "cpr", 1: "full_name"}, date(2026, 11, 24))
    assert mappings.load_saved(path, ImportKind.CITIZENS, ["nummer", "NAVN"]) == (
        {0: "cpr", 1: "full_name"},
        "2026-11-24",
    )
    assert mappings.load_saved(path, ImportKind.CITIZENS, ["Nummer", "Navn", "By"]) is None
    assert mappings.load_saved(path, ImportKind.COMPANIES, headers) is None
    path.write_text("{ikke json", encoding="utf-8")
    assert mappings.load_saved(path, ImportKind.CITIZENS, headers) is None  # a broken file never stops an import
