"""Departments (Sở GD&ĐT) and consortia: create, list, join; and loading an Actor."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from qbank.db.models import Consortium, ConsortiumMember, Department, User
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


def create_consortium(uow: UnitOfWork, actor: Actor, name: str, members: list[str] | None = None) -> int:
    _require_admin(actor)
    name = clean(name)
    if not name:
        raise ValidationError("a consortium needs a name", where="name")
    if uow.session.scalar(select(Consortium).where(Consortium.name == name)):
        raise Conflict("consortium %(name)r already exists", name=name)
    cons = Consortium(name=name)
    uow.session.add(cons)
    uow.session.flush()
    for member in members or []:
        dept = find_department(uow, member)
        uow.session.add(ConsortiumMember(consortium_id=cons.id, department_id=dept.id))
    cid = cons.id
    uow.commit()
    return cid


def join_consortium(uow: UnitOfWork, actor: Actor, consortium: str, department: str) -> None:
    _require_admin(actor)
    cons = uow.session.scalar(select(Consortium).where(Consortium.name == clean(consortium)))
    if cons is None:
        raise NotFound("no consortium %(consortium)r", consortium=consortium)
    dept = find_department(uow, department)
    if uow.session.get(ConsortiumMember, (cons.id, dept.id)):
        raise Conflict("%(dept_name)s is already in %(cons_name)s", dept_name=dept.name, cons_name=cons.name)
    uow.session.add(ConsortiumMember(consortium_id=cons.id, department_id=dept.id))
    uow.commit()


def peer_departments(uow: UnitOfWork, department_id: int) -> frozenset[int]:
    """The department itself and every department sharing a consortium with it."""
    mine = select(ConsortiumMember.consortium_id).where(ConsortiumMember.department_id == department_id)
    ids = set(uow.session.scalars(select(ConsortiumMember.department_id).where(ConsortiumMember.consortium_id.in_(mine))))
    ids.add(department_id)
    return frozenset(ids)


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
    )
