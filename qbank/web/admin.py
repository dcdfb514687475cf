"""Administration: departments, consortia and users (the services refuse anyone but an admin)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from qbank.domain.enums import Role
from qbank.domain.errors import PermissionDenied, QBankError, ValidationError
from qbank.services.accounts import set_user_active
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
from qbank.services.password_policy import WeakPassword
from qbank.services.users import create_user, list_users
from qbank.web.auth import password_message
from qbank.web.common import actor, runtime
from qbank.web.errors import error_text

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _require_admin() -> None:
    # Listing users is not permission-checked in the service; the page itself is admin-only.
    if actor().role != Role.ADMIN:
        raise PermissionDenied("only an administrator may manage departments, consortia and users")


@bp.get("/")
@login_required
def index():  # noqa: ANN201
    _require_admin()
    me = actor()
    with runtime().uow() as uow:
        departments = list_departments(uow)
        users = list_users(uow, actor=actor())
        consortia = list_consortia(uow)
        invitations = list_invitations(uow, me)
        own = find_department(uow, me.department_id).name
    return render_template("admin/index.html", departments=departments, users=users, roles=[r.value for r in Role],
                           consortia=consortia, invitations=invitations, own=own)


@bp.post("/departments")
@login_required
def add_department():  # noqa: ANN201
    try:
        with runtime().uow() as uow:
            info = create_department(uow, actor(), request.form.get("name", ""), request.form.get("code") or None)
        flash(_("Department %(name)s created.", name=info.name), "ok")
    except PermissionDenied:
        raise
    except QBankError as exc:
        flash(error_text(exc), "error")
    return redirect(url_for("admin.index"))


def _consortium_action(run, done: str):  # noqa: ANN001, ANN202 - a callable taking the unit of work
    """Run one consortium service call; a refusal is 403, any other problem a message on the page."""
    try:
        with runtime().uow() as uow:
            run(uow)
        flash(done, "ok")
    except PermissionDenied:
        raise
    except QBankError as exc:
        flash(error_text(exc), "error")
    return redirect(url_for("admin.index"))


@bp.post("/consortia")
@login_required
def add_consortium():  # noqa: ANN201
    """Create a consortium: this department joins, the ticked departments are invited."""
    name = request.form.get("name", "")
    members = request.form.getlist("members")
    return _consortium_action(lambda uow: create_consortium(uow, actor(), name, members),
                              _("Consortium %(name)s saved; invited departments join when their admin accepts.", name=name))


@bp.post("/consortia/<int(max=2147483647):consortium_id>/invite")
@login_required
def invite(consortium_id: int):  # noqa: ANN201
    dept = request.form.get("department", "")
    return _consortium_action(lambda uow: invite_department(uow, actor(), consortium_id, dept),
                              _("Invitation sent to %(name)s.", name=dept))


@bp.post("/invitations/<int(max=2147483647):invitation_id>")
@login_required
def answer(invitation_id: int):  # noqa: ANN201
    if request.form.get("answer") == "accept":
        return _consortium_action(lambda uow: accept_invitation(uow, actor(), invitation_id), _("Invitation accepted."))
    return _consortium_action(lambda uow: decline_invitation(uow, actor(), invitation_id), _("Invitation declined."))


@bp.post("/consortia/<int(max=2147483647):consortium_id>/leave")
@login_required
def leave(consortium_id: int):  # noqa: ANN201
    return _consortium_action(lambda uow: leave_consortium(uow, actor(), consortium_id), _("Your department left the consortium."))


@bp.post("/consortia/<int(max=2147483647):consortium_id>/pool")
@login_required
def share_pool(consortium_id: int):  # noqa: ANN201
    shared = request.form.get("shared") == "1"
    return _consortium_action(lambda uow: share_reserved_pool(uow, actor(), consortium_id, shared),
                              _("Reserved pool shared.") if shared else _("Reserved pool no longer shared."))


@bp.post("/users")
@login_required
def add_user():  # noqa: ANN201
    f = request.form
    try:
        with runtime().uow() as uow:
            info = create_user(uow, actor(), f.get("username", "").strip(), f.get("password", ""), f.get("role", ""),
                               f.get("department", ""), display_name=f.get("display_name", "").strip(), email=f.get("email") or None)
        flash(_("User %(name)s created.", name=info.username), "ok")
    except PermissionDenied:
        raise
    except WeakPassword as exc:
        flash(password_message(exc), "error")
    except QBankError as exc:
        flash(error_text(exc), "error")
    return redirect(url_for("admin.index"))


@bp.post("/users/<int(max=2147483647):user_id>/active")
@login_required
def set_active(user_id: int):  # noqa: ANN201
    """Deactivate (ends every session, deletes the tokens) or reactivate an account of the department."""
    active = request.form.get("active") == "1"
    try:
        with runtime().uow() as uow:
            info = set_user_active(uow, actor(), user_id, active)
    except ValidationError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.index"))
    if active:
        flash(_("%(name)s can log in again.", name=info.username), "ok")
    else:
        flash(_("%(name)s is deactivated: every session and API token has ended.", name=info.username), "ok")
    return redirect(url_for("admin.index"))
