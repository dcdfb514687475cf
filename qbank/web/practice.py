"""Teachers' practice-test builder: collect questions in the session, order them, export .docx/.pdf."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required

from qbank.http.downloads import export_download
from qbank.services.exams import build_practice_test, export_exam_files, majority
from qbank.services.export_jobs import LMS_FORMATS
from qbank.services.formats import export_choices
from qbank.services.questions import get_questions
from qbank.web.auth import safe_next
from qbank.web.common import actor, form_int, runtime

bp = Blueprint("practice", __name__)
MAX_QUESTIONS = 100
DEFAULT_MINUTES = 45  # a class practice test; the form lets the teacher change it
KEY = "practice_ids"


def chosen() -> list[int]:
    return [int(i) for i in session.get(KEY, []) if isinstance(i, int)]


def _save(ids: list[int]) -> None:
    session[KEY] = list(dict.fromkeys(ids))[:MAX_QUESTIONS]


@bp.get("/practice")
@login_required
def builder():  # noqa: ANN201
    with runtime().uow() as uow:
        # Only ids stay in the session; whatever is no longer visible simply drops out here.
        items = get_questions(uow, actor(), chosen())
    header = session.get("practice_header") or {}
    return render_template(
        "practice/builder.html", items=items, lms_formats=[f for f in export_choices("exam") if f["name"] in LMS_FORMATS], title=session.get("practice_title", ""),
        subject=header.get("subject") or majority([v.question.tags.subject for v in items]) or "",
        grade=header.get("grade") or majority([v.question.tags.grade for v in items]) or "",
        duration=header.get("duration") or DEFAULT_MINUTES,
    )


def _back() -> str:
    return safe_next(request.form.get("next"), url_for("practice.builder"))


@bp.post("/practice/add")
@login_required
def add():  # noqa: ANN201
    qid = form_int(request.form.get("qid"))
    ids = chosen()
    if qid and qid not in ids:
        if len(ids) >= MAX_QUESTIONS:
            flash(_("A practice test holds at most %(n)s questions.", n=MAX_QUESTIONS), "error")
        else:
            _save([*ids, qid])
            flash(_("Added to the practice test (%(n)s questions).", n=len(ids) + 1), "ok")
    return redirect(_back())


@bp.post("/practice/change")
@login_required
def change():  # noqa: ANN201
    ids = chosen()
    qid = form_int(request.form.get("qid"))
    action = request.form.get("action")
    if action == "clear":
        ids = []
    elif qid in ids:
        i = ids.index(qid)
        if action == "remove":
            ids.pop(i)
        elif action == "up" and i > 0:
            ids[i - 1], ids[i] = ids[i], ids[i - 1]
        elif action == "down" and i < len(ids) - 1:
            ids[i + 1], ids[i] = ids[i], ids[i + 1]
    order = request.form.get("order")
    if action == "reorder" and order:  # the drag-free JS reorder posts the whole list
        wanted = [int(x) for x in order.split(",") if x.strip().isdigit()]
        ids = [i for i in wanted if i in ids] + [i for i in ids if i not in wanted]
    _save(ids)
    return redirect(url_for("practice.builder"))


@bp.post("/practice/official")
@login_required
def official():  # noqa: ANN201
    """Exam boards: the chosen questions as an official exam; confidential only if all are reserved."""
    from qbank.services.exams import build_exam_from_questions
    from qbank.web.exams import flash_build_messages, release_at_from_form

    title = (request.form.get("title") or "").strip()[:200] or "Đề thi"
    with runtime().uow() as uow:
        info = build_exam_from_questions(
            uow, actor(), chosen(), title=title, official=True, versions=form_int(request.form.get("versions")) or 4,
            seed=form_int(request.form.get("seed")) or 0, release_at=release_at_from_form(request.form.get("release_at")),
            release_policy=request.form.get("release_policy") or "reserved",
        )
    flash(_("Exam built with %(n)s versions.", n=len(info.version_codes)), "ok")
    flash_build_messages(info)
    return redirect(url_for("exams.show", exam_id=info.id))


def _chosen_format() -> str:
    """The pressed button's format; "lms" means the one picked in the LMS list."""
    fmt = request.form.get("format", "docx")
    return request.form.get("lms_format", "") if fmt == "lms" else fmt


@bp.post("/practice/export")
@login_required
def export():  # noqa: ANN201
    # ".pdf" is the paper as one PDF, named like the .docx (the marking guide is an exam board's export).
    fmt = {"docx": "docx", "pdf": "paper_pdf", **{f: f for f in LMS_FORMATS}}.get(_chosen_format(), "docx")
    title = (request.form.get("title") or "").strip()[:200] or "Đề ôn tập"
    subject = (request.form.get("subject") or "").strip()[:100] or None
    grade = form_int(request.form.get("grade"))
    duration = form_int(request.form.get("duration"))
    session["practice_title"] = title
    session["practice_header"] = {"subject": subject, "grade": grade, "duration": duration}
    rt = runtime()
    with rt.uow() as uow:  # the same choices give the same stored test: a second download stores nothing
        info = build_practice_test(uow, actor(), chosen(), title=title, subject=subject,
                                   grade=grade if grade and 1 <= grade <= 12 else None, duration_minutes=duration)

    def run(out):  # noqa: ANN001, ANN202
        with rt.uow() as uow:
            return export_exam_files(uow, actor(), info.id, fmt, out)

    return export_download(rt.settings.data_dir, run, f"practice-{info.id}.zip")
