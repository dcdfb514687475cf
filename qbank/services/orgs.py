"""Departments (Sở GD&ĐT): create, find, list; and loading an Actor (peers, reserved pools)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from qbank.db.models import Consortium, ConsortiumMember, Department, ReservedPoolShare, User
from qbank.domain.actor import Actor
from qbank.domain.enums import Role
from qbank.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from qbank.domain.text import clean
from qbank.services.uow import UnitOfWork


@dataclass(frozen=True)
class DepartmentInfo:
    id: int
    name: str
    code: str | None
    consortia: tuple[str, ...] = ()


def _require_admin(actor: Actor) -> None:
    if actor.role != Role.ADMIN:
        raise PermissionDenied("only an administrator may manage departments, consortia and users")


def create_department(uow: UnitOfWork, actor: Actor, name: str, code: str | None = None) -> DepartmentInfo:
    _require_admin(actor)
    name = clean(name)
    if not name:
        raise ValidationError("a department needs a name", where="name")
    if uow.session.scalar(select(Department).where(Department.name == name)):
        raise Conflict("department %(name)r already exists", name=name)
    dept = Department(name=name, code=clean(code) if code else None)
    uow.session.add(dept)
    try:
        uow.session.flush()
    except IntegrityError as exc:  # a concurrent insert of the same name
        raise Conflict("department %(name)r already exists", name=name) from exc
    info = DepartmentInfo(dept.id, dept.name, dept.code)
    uow.commit()
    return info


def find_department(uow: UnitOfWork, name_or_id: str | int) -> Department:
    """A department by id or exact name (case-insensitive); NotFound says which."""
    if isinstance(name_or_id, int) or str(name_or_id).isdigit():
        dept = uow.session.get(Department, int(name_or_id))
    else:
        wanted = clean(str(name_or_id)).casefold()
        dept = next((d for d in uow.session.scalars(select(Department)) if d.name.casefold() == wanted), None)
    if dept is None:
        raise NotFound("no department %(name_or_id)r; `qbank department list` shows them", name_or_id=name_or_id)
    return dept


def list_departments(uow: UnitOfWork) -> list[DepartmentInfo]:
    rows = uow.session.execute(
        select(Department, Consortium.name)
        .outerjoin(ConsortiumMember, ConsortiumMember.department_id == Department.id)
        .outerjoin(Consortium, Consortium.id == ConsortiumMember.consortium_id)
        .order_by(Department.name, Consortium.name)
    ).all()
    out: dict[int, DepartmentInfo] = {}
    for dept, cons in rows:
        prev = out.get(dept.id)
        names = (prev.consortia if prev else ()) + ((cons,) if cons else ())
        out[dept.id] = DepartmentInfo(dept.id, dept.name, dept.code, names)
    return list(out.values())


def peer_departments(uow: UnitOfWork, department_id: int) -> frozenset[int]:
    """The department itself and every department sharing a consortium with it."""
    mine = select(ConsortiumMember.consortium_id).where(ConsortiumMember.department_id == department_id)
    ids = set(uow.session.scalars(select(ConsortiumMember.department_id).where(ConsortiumMember.consortium_id.in_(mine))))
    ids.add(department_id)
    return frozenset(ids)


def reserved_pool_departments(uow: UnitOfWork, department_id: int, role: Role) -> frozenset[int]:
    """Departments whose reserved pool this role of ``department_id`` sees: exam boards and admins
    see their own, and every partner that shares its pool with a consortium both are members of
    now (leaving the consortium ends it at once)."""
    if role not in (Role.EXAM_BOARD, Role.ADMIN):
        return frozenset()
    mine = select(ConsortiumMember.consortium_id).where(ConsortiumMember.department_id == department_id)
    partners = uow.session.scalars(
        select(ReservedPoolShare.department_id)
        .join(ConsortiumMember, (ConsortiumMember.consortium_id == ReservedPoolShare.consortium_id)
              & (ConsortiumMember.department_id == ReservedPoolShare.department_id))
        .where(ReservedPoolShare.consortium_id.in_(mine))
    )
    return frozenset({department_id, *partners})


def load_actor(uow: UnitOfWork, user_id: int) -> Actor:
    user = uow.session.get(User, user_id)
    if user is None or not user.active:
        raise NotFound("no such user")
    return actor_for(uow, user)


def actor_for(uow: UnitOfWork, user: User) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        department_id=user.department_id,
        peer_department_ids=peer_departments(uow, user.department_id),
        reserved_department_ids=reserved_pool_departments(uow, user.department_id, Role(user.role)),
    )
