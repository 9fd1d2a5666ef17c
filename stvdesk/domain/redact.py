"""Finding people's names and CPR numbers in free text, and blanking them out: the exports'
`--anonym` variant (export/redact.py) and the access log's scrub when a citizen is erased
(db/retention.py). A local rule of the desk's; the reports say nothing of it.

People write the same thing many ways, so the text is matched in a folded form and blanked in
the form it came in. Folding works cluster by cluster (a character with the marks that follow
it): compatibility forms as their plain kin (NFKC: full-width letters, no-break spaces), digits
of any script as ASCII digits (cpr.ascii_digits), every dash as "-", every apostrophe as "'",
every space as " ", then lower case without accents, with ø as o and æ as ae ("Sørensen",
"SØRENSEN", "Sorensen" and a decomposed "Søren­sen" are one name). A name also matches in its
Danish transliteration (ø → oe, å → aa: "Soerensen", "Aagaard" for "Ågård"), as a whole word
(not inside another: "Holm" is not blanked in "Bornholm"), with a genitive ending ("Sørensens",
"Hans'", "Hans's"). A CPR number is ten digits in the CPR's shape with any separators
(cpr.CPR_IN_TEXT): "010150-1001", "010150 1001", "010150–1001", "CPR0101501001".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from stvdesk.domain.cpr import CPR_IN_TEXT, DASHES, ascii_digits

BLANK = "…"

APOSTROPHES = "'\u2018\u2019\u201b\u02bc\u02b9\u02bb\u00b4`\u2032\uff07"
# Letters that carry no accent mark to strip, as a Dane folds them (after lower-casing).
_LETTERS = {"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "đ": "d", "þ": "th", "ł": "l", "ı": "i"}
# A Dane's transliteration of the three letters, as in a file name typed without them.
_TRANSLITERATION = {"ø": "oe", "æ": "ae", "å": "aa"}
_SIMPLE = str.maketrans({**dict.fromkeys(DASHES, "-"), **dict.fromkeys(APOSTROPHES, "'"), "\t": " "})

# Not a letter: the edges of a whole name (a digit, "_" or "-" next to it is an edge, so
# "sorensen_2026.csv" and "Jensen-Holm" are matched too).
_NO_LETTER_BEFORE = r"(?<![^\W\d_])"
_NO_LETTER_AFTER = r"(?![^\W\d_])"
_GENITIVE = r"(?:'s|'|s)?"


def _fold_cluster(cluster: str) -> str:
    text = ascii_digits(cluster.translate(_SIMPLE))  # NFKC first, then digits
    text = "".join(" " if unicodedata.category(ch) == "Zs" else ch for ch in text).translate(_SIMPLE)
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(_LETTERS.get(ch, ch) for ch in text if not unicodedata.combining(ch))


def fold(text: str) -> tuple[str, list[int], list[int]]:
    """`text` folded (see the module's top), and for each folded character the start and the end
    of the part of `text` it came from, so a match in the folded text blanks the original."""
    if text.isascii():  # the common case, one character each
        folded = text.lower().translate(_SIMPLE)
        return folded, list(range(len(text))), list(range(1, len(text) + 1))
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index = 0
    while index < len(text):
        end = index + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        piece = _fold_cluster(text[index:end])
        parts.append(piece)
        starts.extend([index] * len(piece))
        ends.extend([end] * len(piece))
        index = end
    return "".join(parts), starts, ends


def fold_name(name: str) -> str:
    return fold(name)[0]


def name_forms(name: str) -> set[str]:
    """The folded forms one name part is matched in: as written, and transliterated."""
    lowered = unicodedata.normalize("NFC", name.casefold())
    transliterated = "".join(_TRANSLITERATION.get(ch, ch) for ch in lowered)
    return {fold_name(name), fold_name(transliterated)} - {""}


def name_parts(names: Iterable[str], *, shortest: int = 2) -> set[str]:
    """The parts of these names, split at spaces and dashes, of `shortest` letters or more (a
    single letter is blanked nowhere: it would take every "A" out of a text)."""
    parts = set()
    for name in names:
        for part in re.split(rf"[\s{re.escape(DASHES)}]+", name):
            if len(fold_name(part)) >= shortest:
                parts.add(part)
    return parts


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def blanker(names: Iterable[str], *, cprs: Iterable[str] | None = None) -> Callable[[str], str]:
    """A function that blanks these names (each part, in every form above) and CPR numbers out of
    a text: every CPR-shaped number, or with `cprs` only those (ten ASCII digits each)."""
    forms = sorted({form for part in name_parts(names) for form in name_forms(part)}, key=len, reverse=True)
    pattern = (
        re.compile(_NO_LETTER_BEFORE + "(?:" + "|".join(map(re.escape, forms)) + ")" + _GENITIVE + _NO_LETTER_AFTER)
        if forms
        else None
    )
    only = None if cprs is None else {c for c in cprs if c}

    def clean(text: str) -> str:
        if not text:
            return text
        folded, starts, ends = fold(text)
        spans = [
            (starts[m.start()], ends[m.end() - 1])
            for m in CPR_IN_TEXT.finditer(folded)
            if only is None or re.sub(r"[^0-9]", "", m.group()) in only
        ]
        if pattern is not None:
            spans += [(starts[m.start()], ends[m.end() - 1]) for m in pattern.finditer(folded)]
        if not spans:
            return text
        out, last = [], 0
        for start, end in _merged(spans):
            out += [text[last:start], BLANK]
            last = end
        out.append(text[last:])
        return "".join(out)

    return clean


_WORD = re.compile(r"[^\W_]+")
PREFIX_LETTERS = 3  # the start of a surname that counts as a search for it
ENDING_LETTERS = 2  # letters past a whole name that still make it that name: a genitive, a slip


def search_could_name(text: str, surnames: Iterable[str], first_names: Iterable[str] = ()) -> bool:
    """Could a search typed as `text` have been for someone of these names? A word of it is the
    start of a surname (three letters or more: "sør"), or a whole surname or first name with up to
    two letters more ("sorensens", "hans'", "sørensenn"), in any of the forms above. A search that
    could name an erased citizen is taken out of the log (db/retention.py), a short one about
    someone else with it; one letter or two name nobody."""
    words = set(_WORD.findall(fold(text)[0]))
    if not words:
        return False
    whole = {form for part in name_parts([*surnames, *first_names], shortest=1) for form in name_forms(part)}
    starts = {form for part in name_parts(surnames, shortest=1) for form in name_forms(part)}
    return any(
        (word.startswith(form) and len(word) - len(form) <= ENDING_LETTERS)
        or (len(word) >= PREFIX_LETTERS and any(start.startswith(word) for start in starts))
        for word in words
        for form in whole
    )
