"""User accounts: create, list, authenticate (with rehash), personal API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, timedelta

from sqlalchemy import select

from qbank.db.models import ApiToken, User, utcnow
from qbank.domain.actor import Actor
from qbank.domain.enums import Role
from qbank.domain.errors import Conflict, PermissionDenied, ValidationError
from qbank.services import passwords
from qbank.services.orgs import actor_for, find_department
from qbank.services.password_policy import check_password
from qbank.services.uow import UnitOfWork

TOKEN_USE_RESOLUTION = timedelta(minutes=1)  # how fresh a token's "last used" is kept
USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{3,100}$")


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: str
    department: str
    active: bool


def user_info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.display_name, user.role, user.department.name, user.active)


def create_user(
    uow: UnitOfWork,
    actor: Actor,
    username: str,
    password: str,
    role: str,
    department: str | int,
    display_name: str = "",
    email: str | None = None,
) -> UserInfo:
    if actor.role != Role.ADMIN:
        raise PermissionDenied("only an administrator may create users")
    if not USERNAME.match(username or ""):
        raise ValidationError("3-100 letters, digits or . _ @ -", where="username")
    try:
        role_enum = Role(role)
    except ValueError:
        raise ValidationError("must be one of %(value)s", where="role", value=', '.join(r.value for r in Role)) from None
    dept = find_department(uow, department)
    if not actor.is_system and dept.id != actor.department_id:
        # A department's admin manages its own people; otherwise an admin could make themselves
        # another department's exam board and read its confidential exams.
        raise PermissionDenied("you may create accounts only in your own department")
    if uow.session.scalar(select(User.id).where(User.username == username)):
        raise Conflict("user %(username)r already exists", username=username)
    check_password(password or "", username=username, context=(display_name,))
    user = User(
        username=username,
        display_name=display_name or username,
        email=email,
        password_hash=passwords.hash_password(password),
        role=role_enum.value,
        department_id=dept.id,
        department=dept,
    )
    uow.session.add(user)
    uow.session.flush()
    info = user_info(user)
    uow.commit()
    return info


def list_users(uow: UnitOfWork, department: str | None = None, actor: Actor | None = None) -> list[UserInfo]:
    """Accounts, by username; given a user ``actor``, only an admin's own department's."""
    query = select(User).order_by(User.username)
    if actor is not None and not actor.is_system:
        if actor.role != Role.ADMIN:
            raise PermissionDenied("only an administrator may list users")
        query = query.where(User.department_id == actor.department_id)
    if department:
        query = query.where(User.department_id == find_department(uow, department).id)
    return [user_info(u) for u in uow.session.scalars(query)]


def authenticate(uow: UnitOfWork, username: str, password: str) -> Actor | None:
    """The actor for a correct username and password, else None. Rehashes outdated hashes."""
    user = uow.session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        passwords.verify_password(_DUMMY_HASH, password)  # same cost whether or not the user exists
        return None
    if not passwords.verify_password(user.password_hash, password):
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    actor = actor_for(uow, user)
    uow.commit()
    return actor


def create_api_token(uow: UnitOfWork, actor: Actor, name: str) -> str:
    """A new personal token, shown once; only its sha256 is kept."""
    if actor.user_id is None:
        raise PermissionDenied("the system actor has no tokens")
    token = "qb_" + secrets.token_urlsafe(32)
    uow.session.add(ApiToken(user_id=actor.user_id, name=name[:100] or "token", token_sha256=_sha(token)))
    uow.commit()
    return token


def actor_for_token(uow: UnitOfWork, token: str) -> Actor | None:
    row = uow.session.scalar(select(ApiToken).where(ApiToken.token_sha256 == _sha(token)))
    if row is None:
        return None
    user = uow.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    now = utcnow()
    last = row.last_used_at
    if last is not None and last.tzinfo is None:  # SQLite hands back naive UTC
        last = last.replace(tzinfo=UTC)
    actor = actor_for(uow, user)
    if last is None or now - last >= TOKEN_USE_RESOLUTION:
        # A write per API call would serialise every worker on the database (SQLite: one writer);
        # "last used" to the minute says enough.
        row.last_used_at = now
        uow.commit()
    return actor


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_DUMMY_HASH = passwords.hash_password("not-a-real-password")
