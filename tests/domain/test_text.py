"""Cleaning text of what a terminal acts on or XML 1.0 cannot hold (stvdesk.domain.text)."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from stvdesk.domain.text import FORMAT_CHARACTERS, clean_line, clean_text, refusal, refused_character

# XML 1.0's Char production: what an xlsx cell (openpyxl) can hold.
_XML_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_C1 = {chr(c) for c in range(0x80, 0xA0)}


def _noncharacter(ch: str) -> bool:
    cp = ord(ch)
    return 0xFDD0 <= cp <= 0xFDEF or cp & 0xFFFE == 0xFFFE


def _safe(ch: str, multiline: bool) -> bool:
    """A character no terminal acts on and every XML 1.0 file can hold."""
    if ch in "\n\t":
        return multiline
    return (
        _XML_CHAR.fullmatch(ch) is not None
        and unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
        and ch not in _C1
        and ch not in "\u2028\u2029"
        and not _noncharacter(ch)
    )


# Text as an attacker or a broken file would give it: any code point (surrogates too), with the
# terminal's own sequences mixed in.
_SEQUENCES = st.sampled_from(
    [
        "\x1b[31m",
        "\x1b[0m",
        "\x1b[2J",
        "\x1b]0;titel\x07",
        "\x1b]8;;https://x.dk\x1b\\",
        "\x1bP1$r\x1b\\",
        "\x1b(B",
        "\x1bc",
        "\x9b1;2H",
        "\x9d0;x\x9c",
        "\x1b",
        "\x1b]",
        "\x1b[",
        "\r\n",
        "\r",
        "\u202e",
        "\u2066",
        "\u200d",
        "\ufeff",
        "\x00",
        "\x7f",
        "\u2028",
    ]
)
hostile = st.lists(
    st.one_of(
        st.text(max_size=8),
        st.text(st.characters(max_codepoint=0xA0), max_size=8),
        st.text(st.characters(categories=["Cs"]), max_size=2),
        st.text(st.characters(categories=["Cf", "Cc", "Zl", "Zp", "Cn"]), max_size=4),
        _SEQUENCES,
    ),
    max_size=12,
).map("".join)


@given(hostile, st.booleans())
@example("Navn\x1b[31m\x1b]0;x\x07\x1b[2J\u202e\x00", False)
@example("\ufffe\uffff\ufdd0\U0001ffff", True)
def test_cleaned_text_holds_nothing_a_terminal_or_xml_refuses(text: str, multiline: bool) -> None:
    cleaned = clean_text(text, multiline)
    assert all(_safe(ch, multiline) for ch in cleaned), [hex(ord(ch)) for ch in cleaned if not _safe(ch, multiline)]
    assert "\x1b" not in cleaned and "\r" not in cleaned
    assert unicodedata.is_normalized("NFC", cleaned)


@given(hostile, st.booleans())
def test_cleaning_is_idempotent(text: str, multiline: bool) -> None:
    once = clean_text(text, multiline)
    assert clean_text(once, multiline) == once
    assert refused_character(once) is None


@given(hostile)
def test_a_single_line_is_the_multi_line_text_with_breaks_and_tabs_as_spaces(text: str) -> None:
    assert clean_line(text) == clean_text(clean_text(text, True).replace("\n", " ").replace("\t", " "), False)


# What a Danish worker writes: letters with æøå and accents, digits, punctuation, symbols,
# spaces, emoji (pictures, with skin tones and the emoji variation selector).
danish = (
    st.lists(
        st.one_of(
            st.sampled_from("abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅéüöäÉÜÖÄ"),
            st.sampled_from("0123456789 .,;:-–—!?()[]{}«»\"'§½%&/=+*@#€$£<>|\\^~`´¨"),
            st.characters(categories=["L", "N", "P", "S", "Zs", "Mn"]),
            st.sampled_from(["😀", "👍🏽", "❤️", "🇩🇰", "✅", "☕", "1️⃣", "🙂"]),
        ),
        max_size=40,
    )
    .map("".join)
    .filter(lambda text: unicodedata.is_normalized("NFC", text))
)


@given(danish)
def test_printable_danish_text_is_unchanged(text: str) -> None:
    assert clean_line(text) == text
    assert clean_text(text, True) == text
    assert refusal(text) is None


@given(danish, danish)
def test_line_breaks_are_kept_in_a_multi_line_text_only(first: str, second: str) -> None:
    text = f"{first}\n\t{second}"
    assert clean_text(text, True) == text
    assert clean_line(text) == f"{first}  {second}"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("\x1b[31mRød\x1b[0m", "Rød"),
        ("\x1b]0;ny titel\x07Mette", "Mette"),
        ("\x1b]0;ny titel\x1b\\Mette", "Mette"),
        ("før\x1b[2Jefter", "førefter"),
        ("\x1b]8;;https://x.dk\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("\x1b[?1049h\x1b[1;1H", ""),
        ("\x1b]0;uden ende", "0;uden ende"),  # unterminated: only the introducer goes
        ("Hansen\x00", "Hansen"),
        ("abc\u202edcba", "abcdcba"),
        ("\u2066isoleret\u2069", "isoleret"),
        ("sags\u00adbehandler", "sagsbehandler"),
        ("\ufeffNavn", "Navn"),
        ("Sa\u0308rlig", "Särlig"),  # NFC
        ("Å\u212b", "ÅÅ"),
    ],
)
def test_examples(dirty: str, clean: str) -> None:
    assert clean_line(dirty) == clean


def test_line_endings() -> None:
    assert clean_text("a\r\nb\rc\u2028d\x85e", True) == "a\nb\nc\nd\ne"
    assert clean_text("a\r\nb\rc\td", False) == "a b c d"


def test_refusal_names_the_character_in_danish() -> None:
    message = refusal("Mette\x1b[31m")
    assert message is not None and message.startswith("Feltet indeholder styretegn") and "U+001B" in message
    assert refusal("abc\u202e") is not None and "U+202E" in (refusal("abc\u202e") or "")
    assert refusal("linje 1\r\nlinje 2\ttab") is None  # line breaks and tabs are cleaned, not refused
    assert refusal("sags\u00adbehandler 👨\u200d👩\u200d👧") is None  # invisible but harmless: removed quietly
    assert refused_character(message) is None


def test_the_format_characters_are_this_pythons_category_cf() -> None:
    """The written-out list is Unicode 14's; a newer Python with more Cf characters fails here."""
    listed = re.compile(f"[{FORMAT_CHARACTERS}]")
    runtime = {chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Cf"}
    assert {ch for ch in map(chr, range(sys.maxunicode + 1)) if listed.match(ch)} == runtime


def test_many_unterminated_introducers_are_cleaned_in_linear_time() -> None:
    text = ("\x9dx" * 50_000) + ("\x1b]y" * 50_000)
    assert clean_line(text) == "x" * 50_000 + "y" * 50_000
