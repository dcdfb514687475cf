"""Who may see, edit and use which question or exam, as SQL clauses applied inside queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, false, not_, or_, true

from qbank.db.models import Exam, QuestionRow
from qbank.domain.actor import Actor
from qbank.domain.enums import Role, Status, Visibility


def embargoed_exam_clause(now: datetime) -> ColumnElement[bool]:
    """An exam still under its confidentiality window."""
    return and_(Exam.confidential.is_(True), or_(Exam.release_at.is_(None), Exam.release_at > now))


def exam_visible_clause(actor: Actor, now: datetime) -> ColumnElement[bool]:
    """Exams an actor may see: their own department's, and only the exam board while embargoed (or
    for good, when its questions stay reserved after release); practice tests are seen by their
    author's department."""
    live = Exam.status != "deleted"
    if actor.is_system:
        return live
    own = and_(Exam.department_id == actor.department_id, live)
    if is_exam_manager(actor):
        return own
    # An official exam whose questions stay in the reserved pool after release stays the board's.
    kept_in_pool = and_(Exam.kind == "official", Exam.confidential.is_(True), Exam.release_policy == Visibility.RESERVED)
    return and_(own, not_(embargoed_exam_clause(now)), not_(kept_in_pool))


def question_visible_clause(actor: Actor, now: datetime, *, include_retired: bool = False) -> ColumnElement[bool]:
    """The visibility rules, as one WHERE clause on ``questions``:

    - own department: approved for teachers; drafts and approved for everyone else;
    - other departments: approved only, when shared with a consortium the actor is in, or public;
    - a reserved question (the department's exam pool): only the exam board and admin of its
      department, and of partners it shares the pool with (approved only for those);
    - retired questions only on request, in the actor's own department.

    Nothing here depends on exams: building, changing or deleting one never changes what anyone
    may see, so no observer can learn which questions it holds. (``now`` is kept for callers.)
    """
    del now
    if actor.is_system:
        return true()
    own_statuses = list(actor.own_statuses())
    if include_retired:
        own_statuses.append(Status.RETIRED)
    peers = [d for d in actor.peer_department_ids if d != actor.department_id]
    not_reserved = QuestionRow.visibility != Visibility.RESERVED
    shared = and_(
        QuestionRow.status == Status.APPROVED,
        or_(
            QuestionRow.visibility == Visibility.PUBLIC,
            and_(QuestionRow.visibility == Visibility.CONSORTIUM, QuestionRow.department_id.in_(peers)) if peers else false(),
        ),
    )
    own = and_(QuestionRow.department_id == actor.department_id, QuestionRow.status.in_(own_statuses), not_reserved)
    return or_(own, shared, reserved_visible_clause(actor, own_statuses))


def reserved_visible_clause(actor: Actor, own_statuses: list[str] | None = None) -> ColumnElement[bool]:
    """Reserved questions this actor may see: their own department's pool (exam boards and admins,
    drafts too) and approved questions of partners' pools shared with them."""
    depts = actor.reserved_department_ids
    if not depts:
        return false()
    statuses = own_statuses if own_statuses is not None else [Status.DRAFT, Status.APPROVED]
    partners = [d for d in depts if d != actor.department_id]
    mine = (
        and_(QuestionRow.department_id == actor.department_id, QuestionRow.status.in_(statuses))
        if actor.department_id in depts else false()
    )
    theirs = and_(QuestionRow.department_id.in_(partners), QuestionRow.status == Status.APPROVED) if partners else false()
    return and_(QuestionRow.visibility == Visibility.RESERVED, or_(mine, theirs))


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
    """Questions fit for a practice test others will see: approved and outside every reserved pool."""
    del now
    return and_(QuestionRow.status == Status.APPROVED, QuestionRow.visibility != Visibility.RESERVED)


def sees_reserved_pools(actor: Actor) -> bool:
    """Exam boards and admins see their department's reserved pool."""
    return is_exam_manager(actor)


def can_build_practice(actor: Actor) -> bool:
    return actor.role in (Role.TEACHER, Role.CONTRIBUTOR, Role.EXAM_BOARD, Role.ADMIN)

