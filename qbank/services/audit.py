"""The audit log: write an entry; read a department's entries, filtered and paginated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select

from qbank.db.models import AuditEntry, Exam, User
from qbank.domain.actor import Actor
from qbank.domain.enums import Role
from qbank.domain.errors import PermissionDenied
from qbank.services.uow import UnitOfWork

MAX_PAGE_SIZE = 200


def record(uow: UnitOfWork, actor: Actor, action: str, object_type: str, object_id: int | None, **details: Any) -> None:
    """Add an entry to the caller's transaction."""
    uow.session.add(AuditEntry(user_id=actor.user_id, action=action, object_type=object_type, object_id=object_id, details=details))


@dataclass(frozen=True)
class AuditItem:
    id: int
    at: datetime
    user_id: int | None
    username: str
    action: str
    object_type: str
    object_id: int | None
    exam_title: str | None
    details: dict[str, Any]


@dataclass(frozen=True)
class AuditPage:
    items: list[AuditItem]
    total: int
    page: int
    per_page: int


def list_audit(
    uow: UnitOfWork,
    actor: Actor,
    *,
    exam_id: int | None = None,
    user: str | int | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    page: int = 1,
    per_page: int = 50,
) -> AuditPage:
    """The department's entries, newest first: those on its exams and those its people wrote.

    Exam boards and admins only. Another department's entries never show, whatever the filter.
    """
    if actor.role not in (Role.EXAM_BOARD, Role.ADMIN):
        raise PermissionDenied("only exam boards and admins read the audit log")
    page, per_page = max(1, page), min(max(1, per_page), MAX_PAGE_SIZE)
    q = (
        select(AuditEntry, User.username, Exam.title)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .outerjoin(Exam, (AuditEntry.object_type == "exam") & (Exam.id == AuditEntry.object_id))
    )
    if not actor.is_system:
        q = q.where(or_(Exam.department_id == actor.department_id, User.department_id == actor.department_id))
    if exam_id is not None:
        q = q.where(AuditEntry.object_type == "exam", AuditEntry.object_id == exam_id)
    if user is not None:
        q = q.where(User.id == int(user)) if isinstance(user, int) or str(user).isdigit() else q.where(User.username == str(user))
    if action:
        q = q.where(AuditEntry.action == action)
    if since is not None:
        q = q.where(AuditEntry.at >= _utc(since))
    if until is not None:
        q = q.where(AuditEntry.at < _utc(until))
    total = uow.session.scalar(select(func.count()).select_from(q.subquery())) or 0
    rows = uow.session.execute(
        q.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    items = [
        AuditItem(e.id, _utc(e.at), e.user_id, name or "system", e.action, e.object_type, e.object_id, title, e.details or {})
        for e, name, title in rows
    ]
    return AuditPage(items, total, page, per_page)


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
