"""The bank: search with facets, a question's page (versions, exams that used it), edit, approve/retire."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from qbank.domain.content import Content
from qbank.domain.enums import QuestionType, Status
from qbank.domain.errors import ValidationError
from qbank.domain.question import Option, Question
from qbank.domain.render import to_text
from qbank.services.finder import FACETS, Found, find_questions
from qbank.services.orgs import list_departments
from qbank.services.questions import (
    exams_using,
    get_question,
    get_question_version,
    list_versions,
    set_status,
    set_visibility,
    update_question,
)
from qbank.services.results import question_statistics
from qbank.services.stat_search import SORTS, StatFilter, measured, search_by_statistics
from qbank.web.charts import options_svg
from qbank.web.common import actor, form_float, form_int, runtime
from qbank.web.errors import error_text

bp = Blueprint("bank", __name__)
PER_PAGE = 20


def parse_filters(args) -> dict[str, list[str | int]]:  # noqa: ANN001 - a MultiDict
    out: dict[str, list[str | int]] = {}
    for name in FACETS:
        values = [v.strip() for v in args.getlist(name) if v.strip()]
        if name in ("grade", "department_id"):
            values = [int(v) for v in values if v.isdigit()]
        if values:
            out[name] = values
    return out


@bp.get("/bank")
@login_required
def search():  # noqa: ANN201
    q = (request.args.get("q") or "").strip()[:500]
    filters = parse_filters(request.args)
    page = max(1, form_int(request.args.get("page")) or 1)
    stats = stat_filter_from(request.args)
    with runtime().uow() as uow:
        if stats.active:
            result = search_by_statistics(uow, actor(), q, stats, filters=filters, page=page, per_page=PER_PAGE)
            found = Found(result.hits, result.total, result.page, result.per_page)
        else:
            found = find_questions(uow, actor(), q, filters, page=page, per_page=PER_PAGE)
        departments = {d.id: d.name for d in list_departments(uow)}
        measures = measured(uow, [v.id for v in found.items])
    return render_template(
        "bank/search.html", q=q, filters=filters, found=found, departments=departments, toggle_url=_toggle_url, page_url=_page_url,
        stats=stats, measures=measures,
    )


def stat_filter_from(args) -> StatFilter:  # noqa: ANN001 - a MultiDict
    """Difficulty (Rasch b) and discrimination bounds and the order, from the search form."""
    sort = args.get("stat_sort") or None
    return StatFilter(form_float(args.get("b_min")), form_float(args.get("b_max")), form_float(args.get("r_min")),
                      form_float(args.get("r_max")), sort if sort in SORTS else None)


def _toggle_url(name: str, value: str | int) -> str:
    """This search with one facet value added, or removed when it is already chosen."""
    args = request.args.copy()
    values = args.getlist(name)
    args.setlist(name, [v for v in values if v != str(value)] if str(value) in values else [*values, str(value)])
    args.pop("page", None)
    return url_for("bank.search", **args.to_dict(flat=False))


def _page_url(page: int) -> str:
    args = request.args.copy()
    args["page"] = str(page)
    return url_for("bank.search", **args.to_dict(flat=False))


@bp.get("/questions/<int(max=2147483647):qid>")
@login_required
def question(qid: int):  # noqa: ANN201
    with runtime().uow() as uow:
        view = get_question(uow, actor(), qid)
        versions = list_versions(uow, actor(), qid)
        exams = exams_using(uow, actor(), qid)
        stats = question_statistics(uow, actor(), qid)
    chart = None
    latest_mcq = next((s for s in reversed(stats) if s["options"]), None)
    if latest_mcq is not None:
        chart = options_svg(latest_mcq["options"], _("Option choices by score group"), _("upper group"), _("lower group"))
    return render_template("bank/question.html", view=view, q=view.question, versions=versions, exams=exams, stats=stats,
                           chart=chart, chart_exam=latest_mcq)


@bp.get("/questions/<int(max=2147483647):qid>/versions/<int(max=2147483647):version>")
@login_required
def version(qid: int, version: int):  # noqa: ANN201
    with runtime().uow() as uow:
        view = get_question(uow, actor(), qid)
        q = get_question_version(uow, actor(), qid, version)
    return render_template("bank/version.html", view=view, q=q, version=version)


def _text(content: Content | None) -> str:
    return to_text(content, paragraph_sep="\n") if content is not None else ""


def _content_from_form(old: Content | None, text: str) -> Content:
    """Keep the stored content (Word equations, pictures, formatting) when its text is unchanged."""
    text = text.replace("\r\n", "\n").strip()
    if old is not None and _text(old).strip() == text:
        return old
    return Content.from_text(text)


def question_from_form(old: Question, form) -> Question:  # noqa: ANN001 - a MultiDict
    """A new version from the edit form; unchanged fields keep their rich content."""
    q = Question.from_json(old.to_json(), status=old.status, visibility=old.visibility)
    q.stem = _content_from_form(old.stem, form.get("stem", ""))
    if old.solution is not None or form.get("solution", "").strip():
        sol = _content_from_form(old.solution, form.get("solution", ""))
        q.solution = sol if not sol.is_empty() else None
    options: list[Option] = []
    for i, opt in enumerate(old.options):
        options.append(Option(opt.label, _content_from_form(opt.content, form.get(f"option_{i}", "")), opt.correct, opt.pinned))
    q.options = options
    if q.type == QuestionType.MCQ:
        answer = (form.get("answer") or "").strip().upper()
        if answer and answer not in {o.label for o in options}:
            raise ValidationError(_("the answer must be one of the option letters"), where="answer")
        for o in options:
            o.correct = o.label == answer
        q.answer = answer or None
    elif q.type == QuestionType.TRUE_FALSE:
        answers = ["Đ" if form.get(f"tf_{i}") == "Đ" else "S" for i in range(len(options))]
        for o, a in zip(options, answers, strict=True):
            o.correct = a == "Đ"
        q.answer = answers
    elif q.type == QuestionType.SHORT_ANSWER:
        q.answer = (form.get("answer") or "").strip() or None
    q.points = form_float(form.get("points")) if form.get("points", "").strip() else None
    q.tags.subject = (form.get("subject") or "").strip() or None
    q.tags.grade = form_int(form.get("grade"))
    q.tags.topic = (form.get("topic") or "").strip() or None
    q.tags.level = (form.get("level") or "").strip() or None
    q.tags.difficulty = form_float(form.get("difficulty")) if form.get("difficulty", "").strip() else None
    q.tags.school_year = (form.get("school_year") or "").strip() or None
    return q


@bp.get("/questions/<int(max=2147483647):qid>/edit")
@login_required
def edit(qid: int):  # noqa: ANN201
    with runtime().uow() as uow:
        view = get_question(uow, actor(), qid)
    return _edit_page(view)


@bp.post("/questions/<int(max=2147483647):qid>/edit")
@login_required
def edit_submit(qid: int):  # noqa: ANN201
    rt = runtime()
    with rt.uow() as uow:
        view = get_question(uow, actor(), qid)
    # The version this form was opened on: the service refuses the save (409) if someone
    # saved a newer one meanwhile, even at the same instant, instead of overwriting theirs.
    base = form_int(request.form.get("base_version")) or view.version
    try:
        new = question_from_form(view.question, request.form)
        with rt.uow() as uow:
            number = update_question(uow, actor(), qid, new, note=(request.form.get("note") or "")[:500], base_version=base)
        flash(_("Saved as version %(n)s.", n=number), "ok")
        return redirect(url_for("bank.question", qid=qid))
    except ValidationError as exc:
        return _edit_page(view, error_text(exc))


def _edit_page(view, error: str | None = None):  # noqa: ANN001, ANN202
    q = view.question
    fields = {
        "stem": _text(q.stem),
        "solution": _text(q.solution),
        "options": [_text(o.content) for o in q.options],
    }
    return render_template("bank/edit.html", view=view, q=q, fields=fields, error=error), 422 if error else 200


@bp.post("/questions/<int(max=2147483647):qid>/visibility")
@login_required
def visibility(qid: int):  # noqa: ANN201
    with runtime().uow() as uow:
        set_visibility(uow, actor(), qid, request.form.get("visibility") or "")
    flash(_("Sharing saved."), "ok")
    return redirect(url_for("bank.question", qid=qid))


@bp.post("/questions/<int(max=2147483647):qid>/status")
@login_required
def status(qid: int):  # noqa: ANN201
    new = request.form.get("status") or ""
    try:
        with runtime().uow() as uow:
            set_status(uow, actor(), qid, new)
    except ValidationError as exc:  # e.g. approving an MCQ without its answer: say why, stay on the page
        flash(error_text(exc), "error")
        return redirect(url_for("bank.question", qid=qid))
    labels = {Status.APPROVED: _("approved"), Status.RETIRED: _("retired"), Status.DRAFT: _("draft")}
    flash(_("Question is now %(s)s.", s=labels.get(new, new)), "ok")
    return redirect(url_for("bank.question", qid=qid))
