"""Account life cycle: sessions that end on the server, password changes, deactivation by an admin.

A session is valid only while it carries the user's current ``session_epoch``; logout, a password
change and a deactivation increment it, so every session of that user ends on every node at once
(the check is one primary-key read the user loader does anyway). Deactivation also deletes the
user's API tokens.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update

from qbank.db.models import ApiToken, User
from qbank.domain.actor import Actor
from qbank.domain.enums import Role
from qbank.domain.errors import NotFound, PermissionDenied, ValidationError
from qbank.services import passwords
from qbank.services.audit import record
from qbank.services.orgs import actor_for
from qbank.services.password_policy import check_password
from qbank.services.uow import UnitOfWork
from qbank.services.users import UserInfo, user_info


def session_epoch(uow: UnitOfWork, user_id: int) -> int:
    """The generation a session started now must carry."""
    epoch = uow.session.scalar(select(User.session_epoch).where(User.id == user_id))
    if epoch is None:
        raise NotFound("no such user")
    return epoch


def actor_for_session(uow: UnitOfWork, user_id: int, epoch: int) -> Actor | None:
    """The actor of a session, or None if the user is gone, deactivated or the session was ended."""
    user = uow.session.get(User, user_id)
    if user is None or not user.active or user.session_epoch != epoch:
        return None
    return actor_for(uow, user)


def _bump(uow: UnitOfWork, user_id: int) -> None:
    # One UPDATE with an expression: two concurrent logouts both end every session.
    uow.session.execute(update(User).where(User.id == user_id).values(session_epoch=User.session_epoch + 1))


def end_sessions(uow: UnitOfWork, user_id: int) -> None:
    """End every session of the user (logout does this: a copied cookie stops working too)."""
    _bump(uow, user_id)
    uow.commit()


def change_password(uow: UnitOfWork, actor: Actor, current: str, new: str) -> int:
    """The user's own change; ends every session and returns the generation for the caller's new one."""
    user = uow.session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None or not user.active:
        raise NotFound("no such user")
    if not passwords.verify_password(user.password_hash, current or ""):
        raise ValidationError("the current password is not right", where="current", details={"reason": "wrong_current"})
    check_password(new or "", username=user.username, context=(user.display_name,))
    user.password_hash = passwords.hash_password(new)
    _bump(uow, user.id)
    record(uow, actor, "change_password", "user", user.id)
    uow.session.flush()
    epoch = session_epoch(uow, user.id)
    uow.commit()
    return epoch


def _managed_user(uow: UnitOfWork, actor: Actor, user_ref: int | str) -> User:
    """A user the actor administers: the system operator any, an admin those of their department."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied("only an administrator may manage accounts")
    if isinstance(user_ref, int) or str(user_ref).isdigit():
        user = uow.session.get(User, int(user_ref))
    else:
        user = uow.session.scalar(select(User).where(User.username == str(user_ref)))
    # Another department's account answers like a missing one: its existence is not ours to know.
    if user is None or (not actor.is_system and user.department_id != actor.department_id):
        raise NotFound("no user %(user)r", user=user_ref)
    return user


def set_password(uow: UnitOfWork, actor: Actor, user_ref: int | str, new: str) -> None:
    """An administrator's reset (or the operator's at the command line); ends every session."""
    user = _managed_user(uow, actor, user_ref)
    check_password(new or "", username=user.username, context=(user.display_name,))
    user.password_hash = passwords.hash_password(new)
    _bump(uow, user.id)
    record(uow, actor, "set_password", "user", user.id)
    uow.commit()


def set_user_active(uow: UnitOfWork, actor: Actor, user_ref: int | str, active: bool) -> UserInfo:
    """Deactivate (or reactivate) an account of the admin's department.

    Deactivation ends every session and deletes every API token: reactivating gives the account
    back its login, never the old tokens.
    """
    user = _managed_user(uow, actor, user_ref)
    if not active and user.id == actor.user_id:
        raise ValidationError("you cannot deactivate your own account", where="user")
    if user.active != active:
        user.active = active
        if not active:
            _bump(uow, user.id)
            uow.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
        record(uow, actor, "activate" if active else "deactivate", "user", user.id, username=user.username)
    uow.session.flush()
    uow.session.refresh(user)
    info = user_info(user)
    uow.commit()
    return info
