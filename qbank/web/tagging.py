"""The "needs tags" page: untagged questions with suggested tags, accepted in bulk or corrected one by one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from qbank.domain.enums import Level, Role
from qbank.domain.errors import QBankError
from qbank.domain.taxonomy import load_taxonomy
from qbank.services.tagging import DEFAULT_THRESHOLD, accept_suggestions, needs_tags, set_tags, taxonomy_for
from qbank.web.common import actor, form_float, form_int, runtime

bp = Blueprint("tagging", __name__)
PAGE = 50


def _staff_only() -> None:
    if actor().role == Role.TEACHER:
        abort(404)


@bp.get("/tags")
@login_required
def pending():  # noqa: ANN201
    _staff_only()
    subject = (request.args.get("subject") or "").strip() or None
    with runtime().uow() as uow:
        # The page never waits for training: a stale model answers while a new one is trained.
        total, items = needs_tags(uow, actor(), subject=subject, limit=PAGE, wait=False)
        taxonomy = taxonomy_for(uow.session, actor().department_id)
    topics = {it.question_id: taxonomy.topics(_value(it, "subject"), _value(it, "grade")) for it in items}
    return render_template(
        "tags/pending.html", total=total, items=items, topics=topics, subject=subject, levels=[lv.value for lv in Level],
        subjects=list(load_taxonomy().subjects), threshold=DEFAULT_THRESHOLD,
    )


def _value(item, field: str):  # noqa: ANN001, ANN202 - a NeedsTags and its suggestion's value
    s = item.suggestions.get(field)
    return s.value if s else None


@bp.post("/tags/accept")
@login_required
def accept():  # noqa: ANN201
    _staff_only()
    ids = [i for i in (form_int(v) for v in request.form.getlist("qid")) if i is not None]
    threshold = form_float(request.form.get("threshold")) or DEFAULT_THRESHOLD
    if not ids:
        flash(_("No question was selected."), "error")
        return redirect(url_for("tagging.pending"))
    try:
        with runtime().uow() as uow:
            report = accept_suggestions(uow, actor(), ids, threshold=threshold)
    except QBankError as exc:
        flash(str(exc), "error")
        return redirect(url_for("tagging.pending"))
    flash(_("%(n)s questions tagged from suggestions; %(m)s suggestions were below the threshold and wait for you.",
            n=len(report.retagged), m=report.below_threshold), "ok")
    return redirect(url_for("tagging.pending", subject=request.form.get("subject") or None))


@bp.post("/tags/<int(max=2147483647):qid>")
@login_required
def correct(qid: int):  # noqa: ANN201
    _staff_only()
    given = {k: (request.form.get(k) or "").strip() for k in ("topic", "level")}
    given = {k: v for k, v in given.items() if v}
    if not given:
        flash(_("Choose a topic or a level."), "error")
        return redirect(url_for("tagging.pending"))
    try:
        with runtime().uow() as uow:
            set_tags(uow, actor(), qid, **given)
    except QBankError as exc:
        flash(str(exc), "error")
        return redirect(url_for("tagging.pending"))
    flash(_("Tags of question %(n)s saved.", n=qid), "ok")
    return redirect(url_for("tagging.pending", subject=request.form.get("subject") or None))


@bp.app_template_global()
def taxonomy_topics(subject: str | None, grade: int | str | None) -> list[str]:
    """Topic names for a subject and grade (the blueprint editor offers them), the department's own included."""
    g = form_int(grade)
    with runtime().uow() as uow:
        taxonomy = taxonomy_for(uow.session, actor().department_id)
    return [t.name for t in taxonomy.topics(subject, g)]
