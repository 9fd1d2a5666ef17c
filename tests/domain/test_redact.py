"""Blanking CPR numbers and names out of free text (domain/redact.py), in every form people write
them: any separator and any script's digits for a number; any case, accent, transliteration and
Danish genitive for a name."""

from __future__ import annotations

import re
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from stvdesk.domain.cpr import DASHES, ascii_digits
from stvdesk.domain.redact import BLANK, blanker, fold_name, search_could_name
from stvdesk.export.redact import blanker as export_blanker

# The zero of a few scripts' digits: ASCII, Arabic-Indic, Devanagari, Bengali, Thai, full-width,
# mathematical bold.
ZEROS = [0x30, 0x660, 0x966, 0x9E6, 0xE50, 0xFF10, 0x1D7CE]
SEPARATORS = ["", " ", "  ", " - ", "\u00a0", "\u202f", *DASHES, " \u2013 "]
DATE_SEPARATORS = ["", ".", "-", "/", " "]
AROUND = st.sampled_from(["", "CPR", "CPR ", "CPR:", "cpr-nr. ", "cpr nr.", "Borgeren (", "x", "Cpr.nr.:\u00a0"])
AFTER = st.sampled_from(["", ".", ")", " og mere", "abc", ",", "-x"])
# Free text with no digit in any script (so any digit left in the output is the number's).
PROSE = st.text(st.characters(exclude_categories=["Nd", "No", "Cs"]), max_size=20)


def in_script(text: str, zero: int) -> str:
    return "".join(chr(zero + int(ch)) if ch.isascii() and ch.isdigit() else ch for ch in text)


def no_digits_left(text: str) -> bool:
    return not any(ch.isdecimal() or unicodedata.digit(ch, None) is not None for ch in ascii_digits(text))


cprs = st.from_regex(r"[0-3][0-9][01][0-9][0-9]{6}", fullmatch=True)


@settings(max_examples=300)
@given(
    cprs,
    st.sampled_from(SEPARATORS),
    st.sampled_from(DATE_SEPARATORS),
    st.sampled_from(ZEROS),
    AROUND,
    AFTER,
    PROSE,
    PROSE,
)
def test_a_cpr_number_is_blanked_however_it_is_written(
    digits: str, sep: str, date_sep: str, zero: int, before: str, after: str, left: str, right: str
) -> None:
    written = f"{digits[:2]}{date_sep}{digits[2:4]}{date_sep}{digits[4:6]}{sep}{digits[6:]}"
    text = f"{left} {before}{in_script(written, zero)}{after} {right}"
    out = blanker([])(text)
    assert BLANK in out
    assert no_digits_left(out), (text, out)
    assert out.replace(BLANK, "") != text


@given(cprs, st.sampled_from(SEPARATORS), st.sampled_from(ZEROS), PROSE)
def test_only_the_given_numbers_when_told_which(digits: str, sep: str, zero: int, prose: str) -> None:
    other = "0" + digits[1:] if digits[0] != "0" else "1" + digits[1:]
    text = f"{prose} {in_script(digits[:6] + sep + digits[6:], zero)} og {other[:6]}-{other[6:]}"
    out = blanker([], cprs=[digits])(text)
    assert f"{other[:6]}-{other[6:]}" in out
    assert digits not in re.sub(r"[^0-9]", "", ascii_digits(out))


@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=40))
def test_text_without_a_ten_digit_number_or_a_name_is_left_as_it_is(text: str) -> None:
    if len(re.sub(r"[^0-9]", "", ascii_digits(text))) >= 10:
        return
    assert blanker([])(text) == text


def test_numbers_that_are_not_cpr_numbers_stay() -> None:
    clean = blanker([])
    for text in ("Møde 24-11-2026 10:30", "tlf. 12 34 56 78", "konto 1234-12345678901", "010150-10012", "2026"):
        assert clean(text) == text


SURNAMES = st.sampled_from(["Sørensen", "Hans", "Ågård", "Holm-Jensen", "Kjær", "Møller", "Bæk", "Østergaard", "Lund"])
GENITIVES = st.sampled_from(["", "s", "'", "\u2019", "'s", "\u2019s", "\u02bc", "\u00b4"])
CASES = st.sampled_from([str, str.upper, str.lower, str.title])
EDGES = st.sampled_from(
    [(" ", " "), ("(", ")"), ("fil-", ".csv"), ("", "_2026.xlsx"), ("«", "»"), ("\n", ","), ("", "")]
)


def transliterated(name: str) -> str:
    return name.replace("ø", "oe").replace("Ø", "Oe").replace("å", "aa").replace("Å", "Aa").replace("æ", "ae")


def without_danish_letters(name: str) -> str:
    return name.replace("ø", "o").replace("Ø", "O").replace("å", "a").replace("Å", "A")


@settings(max_examples=300)
@given(
    SURNAMES,
    st.sampled_from([str, transliterated, without_danish_letters]),
    GENITIVES,
    CASES,
    EDGES,
    st.sampled_from(["NFC", "NFD"]),
    st.sampled_from(["Mødet med ", "Ring til ", "", "Udtræk "]),
)
def test_a_surname_is_blanked_in_any_case_spelling_and_genitive(
    surname: str, spelling, genitive: str, case, edges: tuple[str, str], form: str, prose: str
) -> None:
    written = unicodedata.normalize(form, case(spelling(surname)) + genitive)
    text = f"{prose}{edges[0]}{written}{edges[1]} i dag"
    out = blanker([surname])(text)
    for part in re.split(r"-", surname):
        for variant in {part, transliterated(part), without_danish_letters(part)}:
            assert variant.casefold() not in unicodedata.normalize("NFC", out).casefold(), (text, out)
    assert out.endswith(" i dag") and out.startswith(prose)


def test_a_name_inside_another_word_stays() -> None:
    clean = blanker(["Holm", "Hansen"])
    assert clean("Bornholm og Hansenberg") == "Bornholm og Hansenberg"
    assert clean("Holms bil og Hansens sag") == f"{BLANK} bil og {BLANK} sag"


def test_the_export_uses_the_same_rule() -> None:
    assert export_blanker(["Sørensen"])("Sørensens CPR 010150 1001") == f"{BLANK} CPR {BLANK}"


def test_every_unicode_dash_counts_as_a_separator() -> None:
    """DASHES is spelled out (finding the category at start-up would cost a scan of every code
    point); this keeps it complete for the Unicode this Python knows."""
    dashes = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Pd"}
    assert dashes <= set(DASHES)


@given(
    SURNAMES,
    st.integers(1, 12),
    CASES,
    st.sampled_from([str, transliterated, without_danish_letters]),
    st.sampled_from(["", "s", "'", "'s", "n"]),
)
def test_a_search_for_a_name_or_the_start_of_a_surname_could_name_them(
    surname: str, length: int, case, spelling, ending: str
) -> None:
    typed = case(spelling(surname))
    assert search_could_name(typed + ending, [surname])
    assert search_could_name(f"lars {typed[:length]}", [surname]) is (
        len(fold_name(typed[:length])) >= 3
    )  # "Bæ" is "bae"
    assert search_could_name("Ølfrids", [surname], ["Ølfrid"]) and search_could_name("olfrid", [surname], ["Ølfrid"])
    assert not search_could_name("ølf", [surname], ["Ølfrid"])  # the start of a first name is anybody's
    assert not search_could_name("zz", ["Anne", surname])
