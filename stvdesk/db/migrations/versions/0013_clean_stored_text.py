"""Clean the text stored before text was cleaned on its way in.

Data only, no schema change. Names and notes imported or synced by older versions may hold
terminal escape sequences, control characters (NUL, CR …) and invisible direction overrides;
from now on every way in cleans them (stvdesk.domain.text, stvdesk.db.types.CleanText). This
revision cleans what is stored already: every text column of the user-edited tables, read in
batches by id; a row is written only where its cleaned text differs, so an unchanged row is not
touched, and `updated_at` is left as it was (no person changed anything). On a team server the
change feed's triggers (0012) see the cleaned rows, so laptops receive them at their next pull.

The access log (audit_event) is not touched: it is append-only (0002, 0010) and each event's
hash covers its text, so rewriting it would break the chain `stvdesk db check` verifies. Its
texts are cleaned as they are read, and a new event is cleaned before it is chained.

`clean_text` below is a frozen copy of stvdesk.domain.text.clean_text as this revision ships,
and the tables and columns are written out as they stand at this revision: a migration must do
the same thing on a file opened years from now, whatever the application's own rules have
become by then.

Downgrading keeps the cleaned text: what was removed cannot be put back (the backup made
before every upgrade holds it).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-24
"""

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000  # rows read and written at a time

# table -> (single-line text columns, multi-line text columns), as at this revision.
TEXT_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "team": (("name", "municipality"), ()),
    "worker": (("initials", "name", "email", "phone", "db_login"), ()),
    "citizen": (
        ("cpr", "first_name", "last_name", "phone", "email", "address", "postal_code", "city", "phase_override_reason"),
        (),
    ),
    "job_goal": (("title",), ("description",)),
    "development_goal": (("area",), ("description",)),
    "goal_action": (("text",), ()),
    "cv_status": (("next_step",), ()),
    "plan_step": (("text",), ()),
    "company": (
        ("name", "cvr", "industry", "address", "postal_code", "city", "phone"),
        ("notes", "standing_agreement"),
    ),
    "company_contact": (("name", "role", "phone", "email"), ()),
    "company_contact_log": (("next_step",), ("outcome",)),
    "job_opening": (("title",), ("description",)),
    "placement": ((), ("purpose", "tasks")),
    "progress_entry": ((), ("description",)),
    "meeting": (("guide_id", "title", "place"), ("summary",)),
    "meeting_answer": (("item_id",), ("value", "note")),
    "agreement": ((), ("text",)),
    "follow_up": (("reason",), ("note",)),
    "note": ((), ("text",)),
    "success_story": (("title",), ("text",)),
    "access_grant": (("purpose",), ()),
    "saved_filter": (("name", "spec"), ()),
    "summer_plan": (("covered_by", "holiday_contact"), ("note",)),
    "dialogue_note": ((), ("text",)),
}

# --- a frozen copy of stvdesk.domain.text.clean_text (see the docstring there for why) ----------
_FORMAT_CHARACTERS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_STRING_STOP = "\x07\x1b\x90\x98\x9c-\x9f"
_ESCAPES = re.compile(
    rf"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^{_STRING_STOP}]*(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"
)
_CRLF = re.compile(r"\r\n")
_LINE_BREAKS = re.compile("[\r\x85\u2028\u2029]")
_LINE_BREAKS_AND_TABS = re.compile("[\n\t]")
_REMOVED = f"\x00-\x08\x0b-\x1f\x7f-\x9f{_FORMAT_CHARACTERS}\ud800-\udfff{_NONCHARACTERS}"
_REMOVE = re.compile(f"[{_REMOVED}]")


def clean_text(text: str, multiline: bool) -> str:
    plain = text.replace("\n", "").replace("\t", "") if multiline else text
    if plain.isprintable() and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return text
    text = _ESCAPES.sub("", text)
    text = _LINE_BREAKS.sub("\n", _CRLF.sub("\n", text))
    if not multiline:
        text = _LINE_BREAKS_AND_TABS.sub(" ", text)
    text = _REMOVE.sub("", text)
    return unicodedata.normalize("NFC", text)


# ------------------------------------------------------------------------------------------------


def _write(conn: sa.Connection, update: sa.Update, changed: list[dict[str, Any]]) -> None:
    try:
        with conn.begin_nested():
            conn.execute(update, changed)
        return
    except sa.exc.IntegrityError:
        pass
    for row in changed:  # one of them broke a unique key: write the others
        try:
            with conn.begin_nested():
                conn.execute(update, row)
        except sa.exc.IntegrityError:
            # Its clean text is another row's unique value (a CPR number with a NUL after it
            # beside the same number without): left as stored, and read clean all the same.
            pass


def _clean_table(conn: sa.Connection, name: str, single: tuple[str, ...], multi: tuple[str, ...]) -> None:
    kinds = {**dict.fromkeys(single, False), **dict.fromkeys(multi, True)}
    t = sa.table(name, sa.column("id"), *(sa.column(c) for c in kinds))
    update = sa.update(t).where(t.c.id == sa.bindparam("id_")).values({c: sa.bindparam(f"new_{c}") for c in kinds})
    last = None
    while True:
        query = sa.select(t).order_by(t.c.id).limit(BATCH)
        if last is not None:
            query = query.where(t.c.id > last)
        rows = [row._mapping for row in conn.execute(query)]
        if not rows:
            return
        last = rows[-1]["id"]
        changed: list[dict[str, Any]] = []
        for row in rows:
            values = {c: row[c] for c in kinds}
            cleaned = {c: clean_text(v, kinds[c]) if isinstance(v, str) else v for c, v in values.items()}
            if cleaned != values:
                changed.append({"id_": row["id"], **{f"new_{c}": v for c, v in cleaned.items()}})
        if changed:
            _write(conn, update, changed)


def upgrade() -> None:
    conn = op.get_bind()
    for name, (single, multi) in TEXT_COLUMNS.items():
        _clean_table(conn, name, single, multi)


def downgrade() -> None:
    pass  # what was removed cannot be put back; the backup taken before the upgrade holds it
