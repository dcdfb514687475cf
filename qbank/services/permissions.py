"""Who may see, edit and use which question or exam, as SQL clauses applied inside queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, false, not_, or_, select, true

from qbank.db.models import Exam, ExamQuestion, QuestionRow
from qbank.domain.actor import Actor
from qbank.domain.enums import Role, Status, Visibility


def embargoed_exam_clause(now: datetime) -> ColumnElement[bool]:
    """An exam still under its confidentiality window."""
    return and_(Exam.confidential.is_(True), or_(Exam.release_at.is_(None), Exam.release_at > now))


def exam_visible_clause(actor: Actor, now: datetime) -> ColumnElement[bool]:
    """Exams an actor may see: their own department's, and only the exam board while embargoed;
    practice tests are seen by their author's department."""
    if actor.is_system:
        return true()
    own = Exam.department_id == actor.department_id
    if is_exam_manager(actor):
        return own
    return and_(own, not_(embargoed_exam_clause(now)))


def question_embargo_clause(actor: Actor, now: datetime) -> ColumnElement[bool]:
    """True for a question that sits in a confidential exam this actor may not see."""
    hidden_exam = embargoed_exam_clause(now)
    if is_exam_manager(actor):
        hidden_exam = and_(hidden_exam, Exam.department_id != actor.department_id)
    return exists(
        select(ExamQuestion.question_id)
        .join(Exam, Exam.id == ExamQuestion.exam_id)
        .where(ExamQuestion.question_id == QuestionRow.id, hidden_exam)
    )


def question_visible_clause(actor: Actor, now: datetime, *, include_retired: bool = False) -> ColumnElement[bool]:
    """The visibility rules, as one WHERE clause on ``questions``:

    - own department: approved for teachers; drafts and approved for everyone else;
    - other departments: approved only, when shared with a consortium the actor is in, or public;
    - retired questions only on request, in the actor's own department;
    - never a question in a confidential exam before its release, except for that exam's board.
    """
    if actor.is_system:
        return true()
    own_statuses = list(actor.own_statuses())
    if include_retired:
        own_statuses.append(Status.RETIRED)
    peers = [d for d in actor.peer_department_ids if d != actor.department_id]
    shared = and_(
        QuestionRow.status == Status.APPROVED,
        or_(
            QuestionRow.visibility == Visibility.PUBLIC,
            and_(QuestionRow.visibility == Visibility.CONSORTIUM, QuestionRow.department_id.in_(peers)) if peers else false(),
        ),
    )
    own = and_(QuestionRow.department_id == actor.department_id, QuestionRow.status.in_(own_statuses))
    return and_(or_(own, shared), not_(question_embargo_clause(actor, now)))


def can_edit_question(actor: Actor, row: QuestionRow) -> bool:
    return actor.is_system or actor.may_edit_department(row.department_id) and row.status != Status.RETIRED


def can_review_question(actor: Actor, row: QuestionRow) -> bool:
    return actor.is_system or actor.may_review_department(row.department_id)


def is_exam_manager(actor: Actor) -> bool:
    """Exam boards, and their department's admin, build official exams and see them while confidential."""
    return actor.role in (Role.EXAM_BOARD, Role.ADMIN)


def can_manage_exams(actor: Actor) -> bool:
    return is_exam_manager(actor)


def shareable_question_clause(now: datetime) -> ColumnElement[bool]:
    """Questions fit for a practice test others will see: approved and in no confidential exam
    still under embargo (not even for the board that built it)."""
    return and_(
        QuestionRow.status == Status.APPROVED,
        not_(
            exists(
                select(ExamQuestion.question_id)
                .join(Exam, Exam.id == ExamQuestion.exam_id)
                .where(ExamQuestion.question_id == QuestionRow.id, embargoed_exam_clause(now))
            )
        ),
    )


def can_build_practice(actor: Actor) -> bool:
    return actor.role in (Role.TEACHER, Role.CONTRIBUTOR, Role.EXAM_BOARD, Role.ADMIN)

