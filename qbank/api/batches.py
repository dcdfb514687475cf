"""/api/v1/imports/batches and /api/v1/exports: a whole archive imported as jobs, and exam exports as jobs."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from qbank.api.auth import api_actor
from qbank.domain.enums import Visibility
from qbank.domain.errors import ValidationError
from qbank.http.context import runtime
from qbank.http.downloads import attachment
from qbank.jobs.queue import enqueue_export, start_batch
from qbank.services.archive import entries_from_zip
from qbank.services.batch_report import batch_report_xlsx
from qbank.services.batches import batch_files, batch_progress, confirm_batch, create_batch, list_batches, retry_failed
from qbank.services.export_jobs import FORMATS, MIME, export_file, export_status, queue_export
from qbank.services.imports import ensure_may_import

blp = Blueprint("api_batches", __name__, url_prefix="/api/v1", description="Bulk import and exports as background jobs")

XLSX = MIME[".xlsx"]


class BatchTags(Schema):
    subject = fields.String(validate=validate.Length(max=100))
    grade = fields.Integer(validate=validate.Range(min=1, max=12))
    school_year = fields.String(validate=validate.Length(max=20))
    exam = fields.String(validate=validate.Length(max=100))
    name_tags = fields.Boolean(load_default=True, metadata={"description": "fill what a file does not say from folder and file names"})


class BatchForm(BatchTags):
    visibility = fields.String(load_default=Visibility.DEPARTMENT.value, validate=validate.OneOf([v.value for v in Visibility]))
    approve = fields.Boolean(load_default=False)
    draft = fields.Boolean(load_default=False, metadata={"description": "true: wait for POST …/start with the tags confirmed"})


class BatchFileUpload(Schema):
    archive = Upload(required=True, metadata={"description": "a .zip of folders of question files"})


class BatchFileOut(Schema):
    position = fields.Integer()
    path = fields.String()
    status = fields.String(metadata={"description": "pending, queued, running, imported, duplicate, refused, failed, skipped"})
    reason = fields.String(allow_none=True)
    counts = fields.Dict()
    messages = fields.List(fields.Dict())
    attempts = fields.Integer()
    question_set_id = fields.Integer(allow_none=True)
    suggested = fields.Dict(metadata={"description": "the tags the path suggests"})


class BatchSummaryOut(Schema):
    id = fields.Integer()
    name = fields.String()
    status = fields.String(metadata={"description": "draft, waiting, running, done"})
    total = fields.Integer()
    done = fields.Integer()
    percent = fields.Integer()
    finished = fields.Boolean()
    questions = fields.Integer()
    stored = fields.Integer()
    duplicates = fields.Integer()
    review = fields.Integer()
    refused = fields.Integer()
    by_status = fields.Dict()
    options = fields.Dict()


class BatchOut(BatchSummaryOut):
    files = fields.List(fields.Nested(BatchFileOut))


class ExportIn(Schema):
    format = fields.String(load_default="zip", validate=validate.OneOf(FORMATS))


class ExportOut(Schema):
    id = fields.Integer()
    exam_id = fields.Integer()
    format = fields.String()
    status = fields.String(metadata={"description": "queued, running, done, failed"})
    reason = fields.String(allow_none=True)
    filename = fields.String(allow_none=True)


def _batch(batch_id: int, with_files: bool = True) -> dict[str, Any]:
    with runtime().uow() as uow:
        out = batch_progress(uow, api_actor(), batch_id).to_json()
        if with_files:
            out["files"] = [f.__dict__ for f in batch_files(uow, api_actor(), batch_id)]
    return out


def _tags(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data.get(k) for k in ("subject", "grade", "school_year", "exam")}


@blp.route("/imports/batches")
class Batches(MethodView):
    @blp.response(200, BatchSummaryOut(many=True))
    def get(self) -> list[dict[str, Any]]:
        """The department's latest batches, newest first."""
        with runtime().uow() as uow:
            return [b.to_json() for b in list_batches(uow, api_actor())]

    @blp.arguments(BatchForm, location="form")
    @blp.arguments(BatchFileUpload, location="files")
    @blp.response(202, BatchOut, description="queued: poll GET …/batches/{id} for progress")
    def post(self, form: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        """Upload a .zip of folders of papers: one job per file; files that are not question sets are listed as skipped."""
        actor = api_actor()
        ensure_may_import(actor)
        upload = files["archive"]
        filename = (upload.filename or "archive.zip").replace("\\", "/").rsplit("/", 1)[-1][:200]
        if not filename.lower().endswith(".zip"):
            raise ValidationError("%(name)s: a bulk upload is a .zip archive", where="archive", name=filename)
        settings = runtime().settings
        entries = entries_from_zip(upload.read(), filename, max_files=settings.bulk_max_files, max_bytes=settings.bulk_max_mb * 1024 * 1024)
        with runtime().uow() as uow:
            batch_id = create_batch(uow, actor, filename, entries, tags=_tags(form), name_tags=form["name_tags"],
                                    approve=form["approve"], visibility=form["visibility"], draft=form["draft"])
        start_batch(runtime(), batch_id)
        return _batch(batch_id)


@blp.route("/imports/batches/<int(max=2147483647):batch_id>")
class Batch(MethodView):
    @blp.response(200, BatchOut)
    def get(self, batch_id: int) -> dict[str, Any]:
        """Progress (files done of the total, questions found, refused, to check) and the outcome of each file."""
        return _batch(batch_id)


@blp.route("/imports/batches/<int(max=2147483647):batch_id>/start")
class BatchStart(MethodView):
    @blp.arguments(BatchTags)
    @blp.response(202, BatchOut)
    def post(self, data: dict[str, Any], batch_id: int) -> dict[str, Any]:
        """Confirm a draft batch's tags for every question, and start it."""
        with runtime().uow() as uow:
            confirm_batch(uow, api_actor(), batch_id, tags=_tags(data), name_tags=data["name_tags"])
        start_batch(runtime(), batch_id)
        return _batch(batch_id)


@blp.route("/imports/batches/<int(max=2147483647):batch_id>/retry")
class BatchRetry(MethodView):
    @blp.response(202, BatchOut)
    def post(self, batch_id: int) -> dict[str, Any]:
        """Put the refused and given-up files back in line."""
        with runtime().uow() as uow:
            retry_failed(uow, api_actor(), batch_id)
        start_batch(runtime(), batch_id)
        return _batch(batch_id)


@blp.route("/imports/batches/<int(max=2147483647):batch_id>/report")
class BatchReport(MethodView):
    @blp.response(200, description="the report (.xlsx): every file, its outcome and messages", content_type=XLSX)
    def get(self, batch_id: int) -> Response:
        with runtime().uow() as uow:
            data = batch_report_xlsx(uow, api_actor(), batch_id)
        return attachment(data, f"import-batch-{batch_id}.xlsx")


@blp.route("/exams/<int(max=2147483647):exam_id>/exports")
class ExamExports(MethodView):
    @blp.arguments(ExportIn)
    @blp.response(202, ExportOut, description="queued: poll GET /exports/{id}, then download …/file")
    def post(self, data: dict[str, Any], exam_id: int) -> dict[str, Any]:
        """Export an exam as a job (every version; PDFs through one warm converter); audited when it runs."""
        actor = api_actor()
        with runtime().uow() as uow:
            job = queue_export(uow, actor, exam_id, data["format"])
        enqueue_export(runtime().settings, job)
        with runtime().uow() as uow:
            return export_status(uow, actor, job).__dict__


@blp.route("/exports/<int(max=2147483647):job_id>")
class Export(MethodView):
    @blp.response(200, ExportOut)
    def get(self, job_id: int) -> dict[str, Any]:
        """An export's state (only the one who asked sees it)."""
        with runtime().uow() as uow:
            return export_status(uow, api_actor(), job_id).__dict__


@blp.route("/exports/<int(max=2147483647):job_id>/file")
class ExportFile(MethodView):
    @blp.response(200, description="the file, or a zip of several", content_type="application/octet-stream")
    def get(self, job_id: int) -> Response:
        with runtime().uow() as uow:
            name, mime, data = export_file(uow, api_actor(), job_id)
        return attachment(data, name, mime)
