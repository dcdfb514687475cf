"""Test factories: departments, consortia, users (as Actors) and questions, through the services."""

from __future__ import annotations

from qbank.domain.actor import SYSTEM, Actor
from qbank.domain.content import Content
from qbank.domain.enums import QuestionType, Status, Visibility
from qbank.domain.question import Option, Question, Tags
from qbank.runtime import Runtime
from qbank.services.consortia import accept_invitation, create_consortium, list_invitations
from qbank.services.orgs import create_department, find_department, load_actor
from qbank.services.questions import add_question, add_questions
from qbank.services.users import create_user

PASSWORD = "correct horse battery"


def department(rt: Runtime, name: str) -> int:
    with rt.uow() as uow:
        return create_department(uow, SYSTEM, name).id


def consortium(rt: Runtime, name: str, members: list[str]) -> int:
    """A consortium whose invited members have all accepted (the operator answers for them here)."""
    with rt.uow() as uow:
        cid = create_consortium(uow, SYSTEM, name, members)
    with rt.uow() as uow:
        pending = [i.id for i in list_invitations(uow, SYSTEM) if i.consortium == name]
    for inv in pending:
        with rt.uow() as uow:
            accept_invitation(uow, SYSTEM, inv)
    return cid


def user(rt: Runtime, username: str, role: str, dept: str) -> Actor:
    with rt.uow() as uow:
        info = create_user(uow, SYSTEM, username, PASSWORD, role, dept)
    with rt.uow() as uow:
        return load_actor(uow, info.id)


def user_again(rt: Runtime, username: str) -> Actor:
    """An existing user as an Actor loaded now (consortia and pool shares are read at load time)."""
    from sqlalchemy import select

    from qbank.db.models import User

    with rt.uow() as uow:
        return load_actor(uow, uow.session.scalar(select(User.id).where(User.username == username)))


def mcq(stem: str, answer: str = "B", **tags: object) -> Question:
    options = [Option(label, Content.from_text(f"{stem} phương án {label}"), correct=label == answer) for label in "ABCD"]
    return Question(
        type=QuestionType.MCQ,
        stem=Content.from_text(stem),
        options=options,
        answer=answer,
        tags=Tags(subject=str(tags.get("subject", "Toán")), grade=int(tags.get("grade", 12)), topic=tags.get("topic")),  # type: ignore[arg-type]
    )


def stored(rt: Runtime, q: Question, dept: str, status: Status = Status.APPROVED, visibility: Visibility = Visibility.DEPARTMENT) -> int:
    """Store a question directly (bypassing import) and return its id."""
    with rt.uow() as uow:
        d = find_department(uow, dept)
        q.status, q.visibility = status, visibility
        qid = add_question(uow.session, SYSTEM, q, department_id=d.id)
        uow.reindex(qid)
        uow.commit()
    return qid


def stored_many(rt: Runtime, questions: list[Question], dept: str, status: Status = Status.APPROVED,
                visibility: Visibility = Visibility.DEPARTMENT) -> list[int]:
    """Store many questions in one transaction and return their ids in order."""
    with rt.uow() as uow:
        d = find_department(uow, dept)
        for q in questions:
            q.status, q.visibility = status, visibility
        ids = add_questions(uow.session, SYSTEM, questions, department_id=d.id)
        uow.reindex_many(ids)
        uow.commit()
    return ids
