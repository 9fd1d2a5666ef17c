"""Text cleaned of every character a terminal acts on or a file format cannot hold.

Names and notes come from typing, pasting, spreadsheets and other desks. A terminal executes
escape sequences it is handed (colours, a cleared screen, a new window title, a hyperlink), an
XML 1.0 file (xlsx) cannot hold most C0 control characters at all, and bidirectional overrides
make a name read differently from what is stored. So every way into the database cleans text
with `clean_text`, every way out cleans it again, and a form refuses such characters where they
were pasted (`refusal`), showing them as visible marks (`mark_refused`), so the worker sees what
was wrong instead of a silently changed text.

What is removed:
- escape sequences whole, as ECMA-48 terminals read them: CSI (`ESC [ … final`), the string
  sequences OSC, DCS, SOS, PM and APC up to their terminator (BEL or ST), and every other
  `ESC …` sequence; the single-character C1 forms (U+009B, U+009D …) likewise. Removing only
  the ESC would leave `[31m` or `]0;title` behind as litter;
- C0 and C1 control characters and DEL. Only a multi-line text keeps the line feed and the
  tab; CR LF, a lone CR, NEL and the Unicode line and paragraph separators become one line
  feed there. In a single-line text every line break and tab becomes a space, so words stay
  apart;
- every format character (Unicode category Cf): the bidirectional embeddings, overrides and
  isolates (U+202A–202E, U+2066–2069) and marks (U+200E/F, U+061C), zero-width spaces and
  joiners, the word joiner, the byte-order mark, the soft hyphen, the tag characters. They are
  invisible or reorder what is around them, so two names that look alike can differ, a search
  misses, or a text reads otherwise than it is stored. That includes ZWJ and ZWNJ: Danish text
  never needs them (they matter for some Indic and Arabic scripts), and in emoji they only glue
  several pictures into one glyph, which terminals and Rich do not agree on the width of, so a
  table's columns slide. An emoji sequence falls apart into its pictures, which stay;
- surrogates and the noncharacters U+FDD0–FDEF and U+xFFFE/U+xFFFF, which XML 1.0 (and so
  openpyxl) refuses and which no font draws.

Then the text is NFC-normalised, so an "å" typed as a + ring is the "å" a search looks for.
Nothing else changes: letters, digits, punctuation, spaces, emoji, private-use characters and
code points newer than this Python's Unicode tables are kept as they are.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import NamedTuple

# Unicode category Cf as of Unicode 14 (Python 3.11's tables); tests/domain/test_text.py checks
# the list against the running Python's, so a newer Unicode version cannot slip past. Written
# out rather than computed because scanning every code point at start-up costs 0.2 s.
FORMAT_CHARACTERS = (
    "\u00ad"
    "\u0600-\u0605"
    "\u061c"
    "\u06dd"
    "\u070f"
    "\u0890-\u0891"
    "\u08e2"
    "\u180e"
    "\u200b-\u200f"
    "\u202a-\u202e"
    "\u2060-\u2064"
    "\u2066-\u206f"
    "\ufeff"
    "\ufff9-\ufffb"
    "\U000110bd"
    "\U000110cd"
    "\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a"
    "\U000e0001"
    "\U000e0020-\U000e007f"
)
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
SURROGATES = "\ud800-\udfff"

# Terminators of a string sequence: BEL, ESC (of ST = ESC \) and the C1 ST; a body also stops
# at the next introducer, so a text full of unterminated introducers is read in linear time.
_STRING_STOP = "\x07\x1b\x90\x98\x9c-\x9f"
ESCAPE_SEQUENCES = (
    # OSC, DCS, SOS, PM, APC: introducer, body, terminator
    rf"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^{_STRING_STOP}]*(?:\x07|\x1b\\|\x9c)"
    # CSI: parameters, intermediates, final byte
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    # any other escape sequence (nF, Fp, Fe, Fs), ESC ] without a terminator included
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"
)
# Everything removed after the escapes and the line breaks are dealt with. \n and \t are left
# to the mode: a multi-line text keeps them, a single-line one has made them spaces already.
REMOVED = f"\x00-\x08\x0b-\x1f\x7f-\x9f{FORMAT_CHARACTERS}{SURROGATES}{NONCHARACTERS}"
# What a form refuses: the characters that act on a terminal or reorder text (controls, escape
# sequences by their ESC, bidirectional controls) and those no file can hold. The other format
# characters are invisible and harmless in themselves (a soft hyphen or a zero-width space from a
# word processor, the joiner inside an emoji): a worker could neither see nor find them to delete,
# so they are removed on saving without a word.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
REFUSED = f"\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}{SURROGATES}{NONCHARACTERS}"


class _Patterns(NamedTuple):
    escapes: re.Pattern[str]
    crlf: re.Pattern[str]
    line_breaks: re.Pattern[str]
    line_breaks_and_tabs: re.Pattern[str]
    remove: re.Pattern[str]
    refuse: re.Pattern[str]
    marks: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """Compiled at first need, not at import: clean text (nearly all of it) never needs them, and
    every start of the desk imports this module."""
    return _Patterns(
        escapes=re.compile(ESCAPE_SEQUENCES),
        crlf=re.compile(r"\r\n"),
        line_breaks=re.compile("[\r\x85\u2028\u2029]"),
        line_breaks_and_tabs=re.compile("[\n\t]"),
        remove=re.compile(f"[{REMOVED}]"),
        refuse=re.compile(f"[{REFUSED}]"),
        marks=re.compile("[\u2400-\u2421\ufffd]"),
    )


def clean_text(text: str, multiline: bool) -> str:
    """`text` without escape sequences, control and format characters, NFC-normalised (see the
    module's docstring). A multi-line text keeps its line feeds (CR LF and lone CRs become
    LF) and tabs; a single-line one has each line break and tab as a space. Idempotent."""
    # The common case, and the one every read of the database takes: nothing to do. Everything
    # removed or changed is "Other" or "Separator" to Unicode, which str.isprintable refuses (as
    # it refuses an ordinary no-break space, which then takes the long way and is kept).
    plain = text.replace("\n", "").replace("\t", "") if multiline else text
    if plain.isprintable() and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return text
    p = _patterns()
    text = p.escapes.sub("", text)
    text = p.line_breaks.sub("\n", p.crlf.sub("\n", text))
    if not multiline:
        text = p.line_breaks_and_tabs.sub(" ", text)
    text = p.remove.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """`clean_text` for one line: a name, a label, a message printed on one line."""
    return clean_text(text, multiline=False)


def refused_character(text: str) -> str | None:
    """The first character a form refuses (see above), or None. Line breaks and tabs are not
    refused: cleaning keeps them in a multi-line text and makes a space of them in a single-line
    one, so nothing the worker meant is lost."""
    p = _patterns()
    found = p.refuse.search(p.line_breaks.sub("\n", text))
    return found.group() if found else None


# How a form shows a refused character it was handed (pasted, or a value from elsewhere), so it
# never reaches the terminal and the worker can see where it is and delete it: a C0 control as
# its Unicode control picture (ESC as ␛, NUL as ␀), DEL as ␡, anything else as �.
_PICTURES = {cp: chr(0x2400 + cp) for cp in range(0x20)} | {0x7F: "\u2421"}


def mark_refused(text: str) -> str:
    """`text` with its line breaks as line feeds and each refused character as a visible mark."""
    p = _patterns()
    text = p.line_breaks.sub("\n", p.crlf.sub("\n", text))
    return p.refuse.sub(lambda found: _PICTURES.get(ord(found.group()), "\ufffd"), text)


def refusal(text: str) -> str | None:
    """A Danish message for a form field whose text holds characters that cannot be stored
    (pasted escape sequences, control characters, invisible direction marks), or the marks
    `mark_refused` showed them as; None when the text may be saved."""
    found = refused_character(text)
    if found is not None:
        shown = f"U+{ord(found):04X}"
    else:
        marked = _patterns().marks.search(text)
        if marked is None:
            return None
        shown = f"vist som {marked.group()}"
    return (
        f"Feltet indeholder styretegn ({shown}), som ikke kan gemmes – fx escape-koder eller usynlige "
        "retningstegn fra kopieret tekst. Slet dem, eller skriv teksten igen."
    )
