"""Bulk review: approve every draft a filter selects in one step, after one confirmation (audited)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from qbank.domain.enums import Level, QuestionType
from qbank.services.review import approve_drafts, select_drafts
from qbank.web.common import actor, form_int, runtime

bp = Blueprint("review", __name__)


def _filters(source) -> dict[str, object]:  # noqa: ANN001 - request.args or request.form
    return {
        "subject": (source.get("subject") or "").strip() or None,
        "grade": form_int(source.get("grade")),
        "topic": (source.get("topic") or "").strip() or None,
        "level": source.get("level") or None,
        "type": source.get("type") or None,
        "question_set_id": form_int(source.get("question_set_id")),
    }


@bp.get("/review")
@login_required
def drafts():  # noqa: ANN201
    filters = _filters(request.args)
    with runtime().uow() as uow:
        selection = select_drafts(uow, actor(), filters)
    return render_template("review.html", filters=filters, selection=selection, levels=[lv.value for lv in Level],
                           types=[t.value for t in QuestionType])


@bp.post("/review/approve")
@login_required
def approve():  # noqa: ANN201
    filters = _filters(request.form)
    with runtime().uow() as uow:
        done = approve_drafts(uow, actor(), filters, expected=form_int(request.form.get("expected")))
    flash(_("%(n)s questions approved.", n=len(done.ready)), "ok")
    return redirect(url_for("review.drafts", **{k: v for k, v in filters.items() if v is not None}))
