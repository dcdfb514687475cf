"""The audit log page: who viewed, exported, built or released which exam, and when."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from qbank.services.exams import audit_log
from qbank.web.common import actor, runtime

bp = Blueprint("audit", __name__)


@bp.get("/audit")
@login_required
def log():  # noqa: ANN201
    with runtime().uow() as uow:
        entries = audit_log(uow, actor(), limit=500)
    return render_template("audit.html", entries=entries)
