"""Exam results on the web: upload answer sheets (problems shown, skipping only when confirmed), the
statistics report with its histogram and item table, and its .xlsx download."""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required

from qbank.services.results import ResultsReport, exam_statistics, export_results_xlsx, import_results
from qbank.web.charts import histogram_svg, options_svg
from qbank.web.common import actor, runtime

bp = Blueprint("results", __name__)
SUFFIXES = (".xlsx", ".csv")
PENDING_MAX_AGE_S = 3600


def _pending_dir() -> Path:
    d = runtime().settings.data_dir / "uploads" / "results"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _keep_pending(exam_id: int, filename: str, data: bytes) -> str:
    """Keep a file with problems server-side until the user confirms skipping its bad rows."""
    root = _pending_dir()
    for old in root.glob("*.json"):  # sweep abandoned uploads
        if time.time() - old.stat().st_mtime > PENDING_MAX_AGE_S:
            old.unlink(missing_ok=True)
            old.with_suffix(".bin").unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    (root / f"{token}.bin").write_bytes(data)
    (root / f"{token}.json").write_text(json.dumps({"user_id": actor().user_id, "exam_id": exam_id, "filename": filename}))
    return token


def _take_pending(exam_id: int, token: str) -> tuple[str, bytes]:
    if not token.replace("-", "").replace("_", "").isalnum() or len(token) != 32:
        abort(404)
    root = _pending_dir()
    meta_path, data_path = root / f"{token}.json", root / f"{token}.bin"
    if not meta_path.is_file():
        abort(404)
    meta = json.loads(meta_path.read_text())
    if meta["user_id"] != actor().user_id or meta["exam_id"] != exam_id:
        abort(404)
    data = data_path.read_bytes()
    meta_path.unlink(missing_ok=True)
    data_path.unlink(missing_ok=True)
    return meta["filename"], data


def _done(exam_id: int, report: ResultsReport):  # noqa: ANN202 - a response
    msg = _("%(n)s candidates stored and scored.", n=report.stored)
    if report.skipped:
        msg += " " + _("%(n)s rows with problems were left out.", n=report.bad_rows)
    flash(msg, "ok")
    return redirect(url_for("results.report", exam_id=exam_id))


@bp.post("/exams/<int(max=2147483647):exam_id>/results")
@login_required
def upload(exam_id: int):  # noqa: ANN201
    f = request.files.get("results_file")
    if f is None or not f.filename:
        flash(_("Choose a results file (.xlsx or .csv)."), "error")
        return redirect(url_for("exams.show", exam_id=exam_id))
    filename = Path(f.filename).name
    if not filename.lower().endswith(SUFFIXES):
        flash(_("Results must be an .xlsx or .csv file."), "error")
        return redirect(url_for("exams.show", exam_id=exam_id))
    data = f.read()
    with runtime().uow() as uow:
        report = import_results(uow, actor(), exam_id, filename, data)
    if report.needs_confirmation:
        token = _keep_pending(exam_id, filename, data)
        return render_template("exams/results_problems.html", exam_id=exam_id, report=report, token=token, filename=filename), 422
    return _done(exam_id, report)


@bp.post("/exams/<int(max=2147483647):exam_id>/results/confirm")
@login_required
def confirm(exam_id: int):  # noqa: ANN201
    filename, data = _take_pending(exam_id, request.form.get("token", ""))
    with runtime().uow() as uow:
        report = import_results(uow, actor(), exam_id, filename, data, skip_bad_rows=True)
    return _done(exam_id, report)


@bp.get("/exams/<int(max=2147483647):exam_id>/report")
@login_required
def report(exam_id: int):  # noqa: ANN201
    with runtime().uow() as uow:
        stats = exam_statistics(uow, actor(), exam_id)
    hist = histogram_svg(stats["exam"]["histogram"], _("Score distribution"))
    charts = {
        it["question_id"]: options_svg(it["options"], _("Option choices by score group"), _("upper group"), _("lower group"))
        for it in stats["items"] if it["options"]
    }
    return render_template("exams/report.html", stats=stats, exam=stats["exam"], histogram=hist, charts=charts)


@bp.post("/exams/<int(max=2147483647):exam_id>/report.xlsx")
@login_required
def report_xlsx(exam_id: int):  # noqa: ANN201
    import io

    with runtime().uow() as uow:
        data = export_results_xlsx(uow, actor(), exam_id)
    resp = send_file(io.BytesIO(data), as_attachment=True, download_name=f"exam-{exam_id}-results.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp.headers["Cache-Control"] = "no-store"
    return resp
