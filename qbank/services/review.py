"""Review in bulk: approve every draft a filter selects, after one confirmation, audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from qbank.db.models import CURRENT_VERSION, AuditEntry, QuestionRow, QuestionVersion, utcnow
from qbank.domain.actor import Actor
from qbank.domain.enums import Status
from qbank.domain.errors import PermissionDenied, ValidationError
from qbank.domain.question import Question
from qbank.services.questions import answer_problems
from qbank.services.uow import UnitOfWork

FILTERS = ("subject", "grade", "topic", "level", "type", "question_set_id")
MAX_BULK = 5000  # one confirmation approves at most this many; a bigger filter is narrowed first


@dataclass
class DraftSelection:
    """The drafts a filter selects in a department: those ready to approve, and those not (why)."""

    department_id: int
    filters: dict[str, Any]
    ready: list[int] = field(default_factory=list)
    not_ready: dict[int, str] = field(default_factory=dict)  # id -> the first problem (no answer...)

    @property
    def total(self) -> int:
        return len(self.ready) + len(self.not_ready)


def _department(actor: Actor, department_id: int | None) -> int:
    if actor.is_system:
        if department_id is None:
            raise ValidationError("name the department whose drafts to approve", where="department")
        return department_id
    if not actor.may_review_department(actor.department_id):
        raise PermissionDenied("only the department's exam board or admin may approve questions")
    if department_id not in (None, actor.department_id):
        raise PermissionDenied("you may approve only your own department's questions")
    return actor.department_id


def select_drafts(uow: UnitOfWork, actor: Actor, filters: dict[str, Any], department_id: int | None = None) -> DraftSelection:
    """The department's drafts matching ``filters`` (subject, grade, topic, level, type, question_set_id)."""
    dept = _department(actor, department_id)
    clean = {k: v for k, v in filters.items() if k in FILTERS and v not in (None, "")}
    query = (
        select(QuestionRow.id, QuestionVersion.data)
        .join(QuestionVersion, CURRENT_VERSION)
        .where(QuestionRow.department_id == dept, QuestionRow.status == Status.DRAFT)
        .order_by(QuestionRow.id)
    )
    for key, value in clean.items():
        query = query.where(getattr(QuestionRow, key) == value)
    selection = DraftSelection(dept, clean)
    for qid, data in uow.session.execute(query.limit(MAX_BULK + 1)):
        problems = answer_problems(Question.from_json(data))
        if problems:
            selection.not_ready[qid] = problems[0]
        else:
            selection.ready.append(qid)
    if selection.total > MAX_BULK:
        raise ValidationError("more than %(MAX_BULK)s drafts match: narrow the filter (subject, grade, topic, file)", where="filter", MAX_BULK=MAX_BULK)
    return selection


def approve_drafts(
    uow: UnitOfWork, actor: Actor, filters: dict[str, Any], *, expected: int | None = None, department_id: int | None = None
) -> DraftSelection:
    """Approve every ready draft the filter selects (drafts without a usable answer stay drafts).

    ``expected`` is the count the user confirmed: if the selection changed since, nothing is
    approved and a ValidationError says so. One audit entry records the filter and the ids."""
    selection = select_drafts(uow, actor, filters, department_id)
    if expected is not None and expected != len(selection.ready):
        raise ValidationError("the filter now selects %(len)s drafts, not the %(expected)s confirmed: check again",
                              where="filter", len=len(selection.ready), expected=expected)
    now = utcnow()
    for row in uow.session.scalars(select(QuestionRow).where(QuestionRow.id.in_(selection.ready))):
        row.status = Status.APPROVED.value
        row.updated_at = now
    uow.reindex_many(selection.ready)
    uow.session.add(AuditEntry(user_id=actor.user_id, action="bulk_approve", object_type="department",
                               object_id=selection.department_id,
                               details={"filters": selection.filters, "approved": len(selection.ready), "ids": selection.ready,
                                        "left_as_drafts": len(selection.not_ready)}))
    uow.commit()
    return selection
