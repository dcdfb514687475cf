"""Consortia by consent: create, invite, accept or decline, leave; share a reserved pool. All audited.

A department's questions reach a consortium only while it is a member, and it becomes a member
only when its own admin accepts an invitation (or creates the consortium). Every change is
written to the audit log once per department it concerns, so each department's admin sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from qbank.db.models import Consortium, ConsortiumInvitation, ConsortiumMember, Department, ReservedPoolShare, utcnow
from qbank.domain.actor import Actor
from qbank.domain.enums import Role
from qbank.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from qbank.domain.text import clean
from qbank.services.exams import audit
from qbank.services.orgs import find_department
from qbank.services.uow import UnitOfWork

PENDING, ACCEPTED, DECLINED = "pending", "accepted", "declined"


@dataclass(frozen=True)
class InvitationInfo:
    id: int
    consortium: str
    department: str
    status: str
    invited_at: datetime


@dataclass(frozen=True)
class ConsortiumInfo:
    id: int
    name: str
    members: tuple[str, ...]
    pending: tuple[str, ...]  # departments invited, not yet answered
    pool_shared_by: tuple[str, ...]  # members sharing their reserved pool with the others' exam boards


def _require_admin(actor: Actor) -> None:
    if actor.role != Role.ADMIN:
        raise PermissionDenied("only an administrator may manage consortia")


def _require_own(actor: Actor, department_id: int, what: str) -> None:
    """Only the department's own admin (or the local operator) acts for a department."""
    if not actor.is_system and actor.department_id != department_id:
        raise PermissionDenied("only an administrator of that department may act for it (%(what)s)", what=what)


def _find(uow: UnitOfWork, name_or_id: str | int) -> Consortium:
    if isinstance(name_or_id, int) or str(name_or_id).isdigit():
        cons = uow.session.get(Consortium, int(name_or_id))
    else:
        cons = uow.session.scalar(select(Consortium).where(Consortium.name == clean(str(name_or_id))))
    if cons is None:
        raise NotFound("no consortium %(name)r; `qbank consortium list` shows them", name=name_or_id)
    return cons


def _is_member(uow: UnitOfWork, consortium_id: int, department_id: int) -> bool:
    return uow.session.get(ConsortiumMember, (consortium_id, department_id)) is not None


def _log(uow: UnitOfWork, actor: Actor, action: str, cons: Consortium, department: Department, *, also: int | None = None) -> None:
    """One entry for the department concerned, and one for the acting department when it differs."""
    details = {"consortium": cons.name, "consortium_id": cons.id, "department": department.name}
    for dept_id in dict.fromkeys([department.id, also]):
        if dept_id is not None:
            audit(uow, actor, action, "department", dept_id, **details)


def create_consortium(uow: UnitOfWork, actor: Actor, name: str, invite: list[str] | None = None) -> int:
    """A new consortium. The creating admin's department is its first member; every department in
    ``invite`` receives an invitation its own admin must accept."""
    _require_admin(actor)
    name = clean(name)
    if not name:
        raise ValidationError("a consortium needs a name", where="name")
    if uow.session.scalar(select(Consortium).where(Consortium.name == name)):
        raise Conflict("consortium %(name)r already exists", name=name)
    cons = Consortium(name=name)
    uow.session.add(cons)
    try:
        uow.session.flush()
    except IntegrityError as exc:
        raise Conflict("consortium %(name)r already exists", name=name) from exc
    if not actor.is_system:
        own = uow.session.get(Department, actor.department_id)
        uow.session.add(ConsortiumMember(consortium_id=cons.id, department_id=own.id))
        _log(uow, actor, "consortium_create", cons, own)
    for member in invite or []:
        dept = find_department(uow, member)
        if not _is_member(uow, cons.id, dept.id):
            _invite(uow, actor, cons, dept)
    cid = cons.id
    uow.commit()
    return cid


def invite_department(uow: UnitOfWork, actor: Actor, consortium: str | int, department: str | int) -> int:
    """Invite a department (an admin of a member department); returns the invitation's id."""
    _require_admin(actor)
    cons = _find(uow, consortium)
    if not actor.is_system and not _is_member(uow, cons.id, actor.department_id):
        raise PermissionDenied("only an administrator of a member department may invite others")
    dept = find_department(uow, department)
    if _is_member(uow, cons.id, dept.id):
        raise Conflict("%(dept_name)s is already in %(cons_name)s", dept_name=dept.name, cons_name=cons.name)
    if uow.session.scalar(select(ConsortiumInvitation).where(ConsortiumInvitation.consortium_id == cons.id,
                                                              ConsortiumInvitation.department_id == dept.id,
                                                              ConsortiumInvitation.status == PENDING)):
        raise Conflict("%(dept_name)s is already invited to %(cons_name)s", dept_name=dept.name, cons_name=cons.name)
    inv = _invite(uow, actor, cons, dept)
    inv_id = inv.id
    uow.commit()
    return inv_id


def _invite(uow: UnitOfWork, actor: Actor, cons: Consortium, dept: Department) -> ConsortiumInvitation:
    inv = ConsortiumInvitation(consortium_id=cons.id, department_id=dept.id, invited_by=actor.user_id, status=PENDING)
    uow.session.add(inv)
    uow.session.flush()
    _log(uow, actor, "consortium_invite", cons, dept, also=None if actor.is_system else actor.department_id)
    return inv


def _pending(uow: UnitOfWork, actor: Actor, invitation_id: int) -> tuple[ConsortiumInvitation, Consortium, Department]:
    _require_admin(actor)
    inv = uow.session.get(ConsortiumInvitation, invitation_id)
    # Another department's invitation answers like a missing one.
    if inv is None or (not actor.is_system and inv.department_id != actor.department_id):
        raise NotFound("invitation %(invitation_id)s not found", invitation_id=invitation_id)
    if inv.status != PENDING:
        raise Conflict("invitation %(invitation_id)s was already %(status)s", invitation_id=invitation_id, status=inv.status)
    return inv, uow.session.get(Consortium, inv.consortium_id), uow.session.get(Department, inv.department_id)


def accept_invitation(uow: UnitOfWork, actor: Actor, invitation_id: int) -> None:
    """The invited department's admin accepts: from now on its shared questions reach the consortium."""
    inv, cons, dept = _pending(uow, actor, invitation_id)
    inv.status, inv.answered_by, inv.answered_at = ACCEPTED, actor.user_id, utcnow()
    if not _is_member(uow, cons.id, dept.id):
        uow.session.add(ConsortiumMember(consortium_id=cons.id, department_id=dept.id))
    _log(uow, actor, "consortium_join", cons, dept)
    uow.commit()


def decline_invitation(uow: UnitOfWork, actor: Actor, invitation_id: int) -> None:
    inv, cons, dept = _pending(uow, actor, invitation_id)
    inv.status, inv.answered_by, inv.answered_at = DECLINED, actor.user_id, utcnow()
    _log(uow, actor, "consortium_decline", cons, dept)
    uow.commit()


def leave_consortium(uow: UnitOfWork, actor: Actor, consortium: str | int, department: str | int | None = None) -> None:
    """The department's admin takes it out: its questions stop reaching the consortium at once, and
    any sharing of its reserved pool through this consortium ends."""
    _require_admin(actor)
    cons = _find(uow, consortium)
    dept = find_department(uow, department if department is not None else actor.department_id)
    _require_own(actor, dept.id, "take it out of a consortium")
    if not _is_member(uow, cons.id, dept.id):
        raise NotFound("%(dept_name)s is not in %(cons_name)s", dept_name=dept.name, cons_name=cons.name)
    uow.session.execute(delete(ConsortiumMember).where(ConsortiumMember.consortium_id == cons.id, ConsortiumMember.department_id == dept.id))
    uow.session.execute(delete(ReservedPoolShare).where(ReservedPoolShare.consortium_id == cons.id,
                                                        ReservedPoolShare.department_id == dept.id))
    _log(uow, actor, "consortium_leave", cons, dept)
    uow.commit()


def share_reserved_pool(uow: UnitOfWork, actor: Actor, consortium: str | int, shared: bool = True,
                        department: str | int | None = None) -> None:
    """Let (or stop letting) the exam boards of the consortium's other members see this department's
    reserved pool. Only the department's own admin decides; it must be a member."""
    _require_admin(actor)
    cons = _find(uow, consortium)
    dept = find_department(uow, department if department is not None else actor.department_id)
    _require_own(actor, dept.id, "share its reserved pool")
    if not _is_member(uow, cons.id, dept.id):
        raise ValidationError("%(dept_name)s is not a member of %(cons_name)s", where="consortium", dept_name=dept.name, cons_name=cons.name)
    row = uow.session.get(ReservedPoolShare, (dept.id, cons.id))
    if shared and row is None:
        uow.session.add(ReservedPoolShare(department_id=dept.id, consortium_id=cons.id))
    elif not shared and row is not None:
        uow.session.delete(row)
    else:
        return
    _log(uow, actor, "pool_share" if shared else "pool_unshare", cons, dept)
    uow.commit()


def list_invitations(uow: UnitOfWork, actor: Actor) -> list[InvitationInfo]:
    """Pending invitations to the actor's department (every pending one for the operator)."""
    q = (
        select(ConsortiumInvitation, Consortium.name, Department.name)
        .join(Consortium, Consortium.id == ConsortiumInvitation.consortium_id)
        .join(Department, Department.id == ConsortiumInvitation.department_id)
        .where(ConsortiumInvitation.status == PENDING)
        .order_by(ConsortiumInvitation.id)
    )
    if not actor.is_system:
        q = q.where(ConsortiumInvitation.department_id == actor.department_id)
    return [InvitationInfo(i.id, c, d, i.status, i.invited_at) for i, c, d in uow.session.execute(q)]


def list_consortia(uow: UnitOfWork) -> list[ConsortiumInfo]:
    """Every consortium with its members, pending invitations and pool shares (names only)."""
    names = dict(uow.session.execute(select(Department.id, Department.name)).all())
    members: dict[int, list[str]] = {}
    for cid, did in uow.session.execute(select(ConsortiumMember.consortium_id, ConsortiumMember.department_id)):
        members.setdefault(cid, []).append(names[did])
    pending: dict[int, list[str]] = {}
    for cid, did in uow.session.execute(select(ConsortiumInvitation.consortium_id, ConsortiumInvitation.department_id)
                                        .where(ConsortiumInvitation.status == PENDING)):
        pending.setdefault(cid, []).append(names[did])
    shares: dict[int, list[str]] = {}
    for cid, did in uow.session.execute(select(ReservedPoolShare.consortium_id, ReservedPoolShare.department_id)):
        shares.setdefault(cid, []).append(names[did])
    return [
        ConsortiumInfo(c.id, c.name, tuple(sorted(members.get(c.id, []))), tuple(sorted(pending.get(c.id, []))),
                       tuple(sorted(shares.get(c.id, []))))
        for c in uow.session.scalars(select(Consortium).order_by(Consortium.name))
    ]
