"""Web pages: home and health check (the bank, search, exams and admin pages grow here)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from qbank.db.models import Department, QuestionRow
from qbank.services.orgs import list_departments

bp = Blueprint("web", __name__)


def _runtime():  # noqa: ANN202 - tiny accessor
    return current_app.extensions["qbank"]


@bp.get("/")
def home() -> str:
    rt = _runtime()
    with rt.uow() as uow:
        departments = list_departments(uow)
        from sqlalchemy import func, select

        total = uow.session.scalar(select(func.count()).select_from(QuestionRow)) or 0
        n_depts = uow.session.scalar(select(func.count()).select_from(Department)) or 0
    return render_template("home.html", departments=departments, total=total, n_depts=n_depts)


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    rt = _runtime()
    return {"status": "ok", "schema": "current" if rt.schema_is_current() else "outdated"}
