"""Only the team's leader holds a monthly dialogue: a note makes the month's dialogue held, so a
caseworker or consultant may write neither in her own nor in a colleague's, nor a leader of
another team."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, func, select

from stvdesk.db.models import Agreement, DialogueNote, Team, Worker
from stvdesk.db.queries.dialogue import add_dialogue_agreement, add_dialogue_note
from stvdesk.db.queries.edits import EditError, Editor
from stvdesk.domain.enums import Role
from tests.conftest import TODAY


def _worker(session: Session, initials: str) -> Worker:
    return session.exec(select(Worker).where(Worker.initials == initials)).one()


def _counts(session: Session) -> tuple[int, int]:
    return (
        session.exec(select(func.count()).select_from(DialogueNote)).one(),
        session.exec(select(func.count()).select_from(Agreement)).one(),
    )


@pytest.mark.parametrize(("writer", "about"), [("KB", "MS"), ("KB", "KB"), ("RK", "KB")])
def test_a_caseworker_or_consultant_writes_no_dialogue(demo_engine, writer: str, about: str) -> None:
    with Session(demo_engine) as session:
        editor = Editor(_worker(session, writer).id, TODAY)
        worker_id = _worker(session, about).id
        before = _counts(session)
        with pytest.raises(EditError, match="Kun teamets leder"):
            add_dialogue_note(session, editor, worker_id, TODAY, "Holdt, siger jeg selv")
        with pytest.raises(EditError, match="Kun teamets leder"):
            add_dialogue_agreement(session, editor, worker_id, TODAY, "Intet", TODAY + timedelta(days=14))
        session.rollback()
        assert _counts(session) == before


def test_a_leader_of_another_team_writes_no_dialogue(demo_engine) -> None:
    with Session(demo_engine) as session:
        other = Team(name="Team Øst")
        session.add(other)
        session.flush()
        boss = Worker(initials="ØL", name="Østens Leder", role=Role.LEADER, team_id=other.id)
        session.add(boss)
        session.commit()
        editor = Editor(boss.id, TODAY)
        with pytest.raises(EditError, match="Kun teamets leder"):
            add_dialogue_note(session, editor, _worker(session, "KB").id, TODAY, "Ikke mit team")


def test_the_teams_leader_holds_the_dialogue(demo_engine) -> None:
    with Session(demo_engine) as session:
        editor = Editor(_worker(session, "LV").id, TODAY)
        kb = _worker(session, "KB")
        add_dialogue_note(session, editor, kb.id, TODAY, "Fokus på CV")
        add_dialogue_agreement(session, editor, kb.id, TODAY, "Tre besøg", TODAY + timedelta(days=14))
        texts = session.exec(
            select(DialogueNote.text).where(DialogueNote.worker_id == kb.id, col(DialogueNote.deleted_at).is_(None))
        ).all()
        assert "Fokus på CV" in texts and any(t.startswith("Aftale: Tre besøg") for t in texts)
