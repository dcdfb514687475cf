"""Bulk import on the web: upload an archive → confirm the tags for the whole batch → live progress → outcome per file."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from qbank.domain.enums import Role, Visibility
from qbank.domain.errors import PermissionDenied, QBankError
from qbank.http.downloads import attachment
from qbank.jobs.queue import start_batch
from qbank.services.archive import entries_from_zip
from qbank.services.batch_report import batch_report_xlsx
from qbank.services.batches import (
    TAG_FIELDS,
    batch_files,
    batch_progress,
    common_suggestions,
    confirm_batch,
    create_batch,
    list_batches,
    retry_failed,
)
from qbank.services.imports import ensure_may_import
from qbank.web.common import actor, runtime
from qbank.web.errors import error_text

bp = Blueprint("batches", __name__)



def new_draft_batch(filename: str, data: bytes, visibility: str = Visibility.DEPARTMENT, approve: bool = False) -> int:
    """Unpack an archive into a draft batch of the current user (the import page sends a .zip of papers here too)."""
    settings = runtime().settings
    entries = entries_from_zip(data, filename, max_files=settings.bulk_max_files, max_bytes=settings.bulk_max_mb * 1024 * 1024)
    with runtime().uow() as uow:
        return create_batch(uow, actor(), filename, entries, visibility=visibility, approve=approve, draft=True)


def _upload_page(error: str | None = None, status: int = 200):  # noqa: ANN202 - a Flask response tuple
    with runtime().uow() as uow:
        batches = list_batches(uow, actor(), limit=20)
    settings = runtime().settings
    return render_template("imports/batch_upload.html", error=error, batches=batches, max_mb=settings.bulk_max_mb,
                           max_files=settings.bulk_max_files, visibilities=list(Visibility),
                           may_approve=actor().role in (Role.EXAM_BOARD, Role.ADMIN)), status


@bp.get("/import/batch")
@login_required
def upload():  # noqa: ANN201
    return _upload_page()


@bp.post("/import/batch")
@login_required
def upload_submit():  # noqa: ANN201
    file = request.files.get("archive")
    if file is None or not file.filename:
        return _upload_page(_("Choose a .zip archive of question files."), 422)
    filename = file.filename.replace("\\", "/").rsplit("/", 1)[-1][:200]
    if not filename.lower().endswith(".zip"):
        return _upload_page(_("Choose a .zip archive of question files."), 422)
    try:
        ensure_may_import(actor())
        batch_id = new_draft_batch(filename, file.read(), request.form.get("visibility") or Visibility.DEPARTMENT,
                                   request.form.get("approve") == "1")
    except PermissionDenied as exc:
        return _upload_page(error_text(exc), 403)
    except QBankError as exc:
        return _upload_page(error_text(exc), 422)
    return redirect(url_for("batches.show", batch_id=batch_id))


@bp.get("/import/batches/<int(max=2147483647):batch_id>")
@login_required
def show(batch_id: int):  # noqa: ANN201
    with runtime().uow() as uow:
        progress = batch_progress(uow, actor(), batch_id)
        files = batch_files(uow, actor(), batch_id)
        offered = common_suggestions(uow, actor(), batch_id) if progress.status == "draft" else {}
    return render_template("imports/batch.html", progress=progress, files=files, offered=offered, tag_fields=TAG_FIELDS)


@bp.post("/import/batches/<int(max=2147483647):batch_id>/start")
@login_required
def start(batch_id: int):  # noqa: ANN201
    tags = {name: (request.form.get(name) or "").strip() for name in TAG_FIELDS}
    with runtime().uow() as uow:
        confirm_batch(uow, actor(), batch_id, tags=tags, name_tags=request.form.get("name_tags") == "1")
    start_batch(runtime(), batch_id)
    return redirect(url_for("batches.show", batch_id=batch_id))


@bp.get("/import/batches/<int(max=2147483647):batch_id>/progress")
@login_required
def progress_json(batch_id: int) -> Response:
    """What the batch page polls: files done of the total, questions found, refused, to check."""
    with runtime().uow() as uow:
        resp = jsonify(batch_progress(uow, actor(), batch_id).to_json())
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.post("/import/batches/<int(max=2147483647):batch_id>/retry")
@login_required
def retry(batch_id: int):  # noqa: ANN201
    with runtime().uow() as uow:
        retry_failed(uow, actor(), batch_id)
    start_batch(runtime(), batch_id)
    return redirect(url_for("batches.show", batch_id=batch_id))


@bp.get("/import/batches/<int(max=2147483647):batch_id>/report.xlsx")
@login_required
def report(batch_id: int) -> Response:
    with runtime().uow() as uow:
        data = batch_report_xlsx(uow, actor(), batch_id)
    return attachment(data, f"import-batch-{batch_id}.xlsx")
