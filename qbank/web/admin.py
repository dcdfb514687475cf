"""Administration: departments, consortia and users (the services refuse anyone but an admin)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from qbank.domain.enums import Role
from qbank.domain.errors import PermissionDenied, QBankError, ValidationError
from qbank.services.accounts import set_user_active
from qbank.services.orgs import create_consortium, create_department, join_consortium, list_departments
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
    with runtime().uow() as uow:
        departments = list_departments(uow)
        users = list_users(uow, actor=actor())
    return render_template("admin/index.html", departments=departments, users=users, roles=[r.value for r in Role])


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


@bp.post("/consortia")
@login_required
def add_consortium():  # noqa: ANN201
    name = request.form.get("name", "")
    members = request.form.getlist("members")
    try:
        with runtime().uow() as uow:
            if request.form.get("join"):
                join_consortium(uow, actor(), name, request.form.get("join", ""))
            else:
                create_consortium(uow, actor(), name, members)
        flash(_("Consortium %(name)s saved.", name=name), "ok")
    except PermissionDenied:
        raise
    except QBankError as exc:
        flash(error_text(exc), "error")
    return redirect(url_for("admin.index"))


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
