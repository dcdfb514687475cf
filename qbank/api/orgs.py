"""/api/v1/departments, /consortia (by invitation and consent), /invitations, /users, /me and /tokens."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from qbank.api.auth import api_actor
from qbank.api.schemas import (
    ConsortiumIn,
    ConsortiumOut,
    DepartmentIn,
    DepartmentOut,
    InvitationOut,
    InviteIn,
    MeOut,
    NewTokenOut,
    PoolShareIn,
    TokenIn,
    TokenOut,
    UserIn,
    UserOut,
    UserPatch,
)
from qbank.http.context import runtime
from qbank.services.accounts import set_user_active
from qbank.services.api_tokens import list_api_tokens, revoke_api_token
from qbank.services.consortia import (
    accept_invitation,
    create_consortium,
    decline_invitation,
    invite_department,
    leave_consortium,
    list_consortia,
    list_invitations,
    share_reserved_pool,
)
from qbank.services.orgs import create_department, find_department, list_departments
from qbank.services.users import create_api_token, create_user, list_users

blp = Blueprint("api_orgs", __name__, url_prefix="/api/v1", description="Departments, consortia, users and tokens")


@blp.route("/departments")
class Departments(MethodView):
    @blp.response(200, DepartmentOut(many=True))
    def get(self) -> list[Any]:
        """Every department and the consortia it belongs to."""
        with runtime().uow() as uow:
            return list_departments(uow)

    @blp.arguments(DepartmentIn)
    @blp.response(201, DepartmentOut)
    def post(self, data: dict[str, Any]) -> Any:
        """Create a department (administrators)."""
        with runtime().uow() as uow:
            return create_department(uow, api_actor(), data["name"], data.get("code"))


@blp.route("/consortia")
class Consortia(MethodView):
    @blp.response(200, ConsortiumOut(many=True))
    def get(self) -> list[Any]:
        """Every consortium: members, pending invitations, shared reserved pools."""
        api_actor()
        with runtime().uow() as uow:
            return list_consortia(uow)

    @blp.arguments(ConsortiumIn)
    @blp.response(201, DepartmentOut(many=True))
    def post(self, data: dict[str, Any]) -> list[Any]:
        """Create a consortium (administrators): the caller's department joins, ``members`` are
        invited and join only when their own admin accepts; answers the departments list."""
        with runtime().uow() as uow:
            create_consortium(uow, api_actor(), data["name"], data["members"])
        with runtime().uow() as uow:
            return list_departments(uow)


@blp.route("/consortia/<int(max=2147483647):consortium_id>/invitations")
class ConsortiumInvitations(MethodView):
    @blp.arguments(InviteIn)
    @blp.response(201, ConsortiumOut)
    def post(self, data: dict[str, Any], consortium_id: int) -> Any:
        """Invite a department (an admin of a member department); answers the consortium, the
        department now among its ``pending`` until its own admin accepts."""
        with runtime().uow() as uow:
            invite_department(uow, api_actor(), consortium_id, data["department"])
        with runtime().uow() as uow:
            return next(c for c in list_consortia(uow) if c.id == consortium_id)


@blp.route("/consortia/<int(max=2147483647):consortium_id>/membership")
class ConsortiumMembership(MethodView):
    @blp.response(204)
    def delete(self, consortium_id: int) -> None:
        """Take the caller's department out of the consortium (its admin)."""
        with runtime().uow() as uow:
            leave_consortium(uow, api_actor(), consortium_id)


@blp.route("/consortia/<int(max=2147483647):consortium_id>/reserved-pool")
class ConsortiumPool(MethodView):
    @blp.arguments(PoolShareIn)
    @blp.response(204)
    def put(self, data: dict[str, Any], consortium_id: int) -> None:
        """Share (or stop sharing) the caller's department's reserved exam pool with the consortium's exam boards."""
        with runtime().uow() as uow:
            share_reserved_pool(uow, api_actor(), consortium_id, data["shared"])


@blp.route("/invitations")
class Invitations(MethodView):
    @blp.response(200, InvitationOut(many=True))
    def get(self) -> list[Any]:
        """Pending invitations to the caller's department."""
        actor = api_actor()
        with runtime().uow() as uow:
            return list_invitations(uow, actor)


@blp.route("/invitations/<int(max=2147483647):invitation_id>/accept")
class InvitationAccept(MethodView):
    @blp.response(204)
    def post(self, invitation_id: int) -> None:
        """Accept an invitation (the invited department's admin): the department joins now."""
        with runtime().uow() as uow:
            accept_invitation(uow, api_actor(), invitation_id)


@blp.route("/invitations/<int(max=2147483647):invitation_id>/decline")
class InvitationDecline(MethodView):
    @blp.response(204)
    def post(self, invitation_id: int) -> None:
        """Decline an invitation (the invited department's admin)."""
        with runtime().uow() as uow:
            decline_invitation(uow, api_actor(), invitation_id)


@blp.route("/users")
class Users(MethodView):
    @blp.response(200, UserOut(many=True))
    def get(self) -> list[Any]:
        """The accounts of the administrator's own department."""
        with runtime().uow() as uow:
            return list_users(uow, actor=api_actor())

    @blp.arguments(UserIn)
    @blp.response(201, UserOut)
    def post(self, data: dict[str, Any]) -> Any:
        """Create a user (administrators)."""
        with runtime().uow() as uow:
            dept = data["department"]
            if not dept.isdigit():
                dept = find_department(uow, dept).id
            return create_user(uow, api_actor(), data["username"], data["password"], data["role"], dept,
                               display_name=data["display_name"], email=data["email"])


@blp.route("/users/<int(max=2147483647):user_id>")
class UserItem(MethodView):
    @blp.arguments(UserPatch)
    @blp.response(200, UserOut)
    def patch(self, data: dict[str, Any], user_id: int) -> Any:
        """Deactivate or reactivate an account of the administrator's department.

        Deactivation ends every session of the account and deletes its API tokens.
        """
        with runtime().uow() as uow:
            return set_user_active(uow, api_actor(), user_id, data["active"])


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeOut)
    def get(self) -> dict[str, Any]:
        """Who the token or session belongs to."""
        a = api_actor()
        return {"user_id": a.user_id, "username": a.username, "role": str(a.role), "department_id": a.department_id}


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.response(200, TokenOut(many=True))
    def get(self) -> list[Any]:
        """The caller's personal tokens (never the secrets)."""
        with runtime().uow() as uow:
            return list_api_tokens(uow, api_actor())

    @blp.arguments(TokenIn)
    @blp.response(201, NewTokenOut)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """A new personal token, shown once."""
        with runtime().uow() as uow:
            return {"token": create_api_token(uow, api_actor(), data["name"]), "name": data["name"]}


@blp.route("/tokens/<int(max=2147483647):token_id>")
class TokenItem(MethodView):
    @blp.response(204)
    def delete(self, token_id: int) -> None:
        """Revoke one of the caller's tokens."""
        with runtime().uow() as uow:
            revoke_api_token(uow, api_actor(), token_id)
