"""Exam exports from the exam page as jobs: queue → a page that shows progress → the download."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for
from flask_login import login_required

from qbank.http.downloads import attachment
from qbank.jobs.queue import enqueue_export
from qbank.services.export_jobs import FORMATS, export_file, export_status, queue_export
from qbank.web.common import actor, runtime

bp = Blueprint("exports", __name__)


@bp.post("/exams/<int(max=2147483647):exam_id>/export-job")
@login_required
def queue(exam_id: int):  # noqa: ANN201
    fmt = request.form.get("format", "zip")
    if fmt == "lms":  # the format picked in the exam page's LMS list
        fmt = request.form.get("lms_format", "")
    fmt = fmt if fmt in FORMATS else "zip"
    with runtime().uow() as uow:
        job = queue_export(uow, actor(), exam_id, fmt)
    enqueue_export(runtime().settings, job)
    return redirect(url_for("exports.show", job_id=job))


@bp.get("/exports/<int(max=2147483647):job_id>")
@login_required
def show(job_id: int):  # noqa: ANN201
    with runtime().uow() as uow:
        status = export_status(uow, actor(), job_id)
    return render_template("exams/export.html", job=status)


@bp.get("/exports/<int(max=2147483647):job_id>/status")
@login_required
def status_json(job_id: int) -> Response:
    with runtime().uow() as uow:
        s = export_status(uow, actor(), job_id)
    resp = jsonify({**s.__dict__, "finished": s.finished})
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.get("/exports/<int(max=2147483647):job_id>/file")
@login_required
def download(job_id: int) -> Response:
    with runtime().uow() as uow:
        name, mime, data = export_file(uow, actor(), job_id)
    return attachment(data, name, mime)
