"""Exam exports as jobs: queued from a request, written by a worker (all versions' PDFs in one converter run),
kept as a blob so any node can send the file to the one who asked."""

from __future__ import annotations

import io
import logging
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qbank.db.models import ExportJob, utcnow
from qbank.domain.actor import SYSTEM, Actor
from qbank.domain.errors import N_, NotFound, QBankError, ValidationError
from qbank.domain.question import Blob
from qbank.services.blobs import load_blobs, put_blobs
from qbank.services.exams import _visible_exam
from qbank.services.orgs import load_actor
from qbank.services.uow import UnitOfWork

log = logging.getLogger(__name__)

LMS_FORMATS = ("moodle-xml", "gift", "aiken", "qti21", "qti30")  # one file of the questions in paper order, for an LMS
FORMATS = ("docx", "guide", "xlsx", "pdf", "zip", *LMS_FORMATS)
MIME = {
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}


@dataclass
class ExportStatus:
    id: int
    exam_id: int
    format: str
    status: str  # queued | running | done | failed
    reason: str | None
    filename: str | None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


def queue_export(uow: UnitOfWork, actor: Actor, exam_id: int, fmt: str) -> int:
    """Record an export of an exam the actor may see (checked now, and again when it runs); returns the job id."""
    if fmt not in FORMATS:
        raise ValidationError("must be one of %(value)s", where="format", value=", ".join(FORMATS))
    _visible_exam(uow, actor, exam_id)
    job = ExportJob(user_id=actor.user_id, exam_id=exam_id, format=fmt, status="queued", attempts=0)
    uow.session.add(job)
    uow.session.flush()
    job_id = job.id
    uow.commit()
    return job_id


def run_export(make_uow: Callable[[], UnitOfWork], job_id: int, work_dir: Path, max_tries: int = 3) -> str | None:
    """The job: write the exam's files as its requester (audited like any export), zip several, keep the result.

    Returns the job's status, or None when there was nothing to do (done already, or gone)."""
    from qbank.services.exams import export_exam_files

    with make_uow() as uow:
        job = uow.session.get(ExportJob, job_id)
        if job is None or job.status in ("done", "failed"):
            return None
        job.status, job.attempts = "running", job.attempts + 1
        if job.attempts > max_tries:
            job.status, job.reason = "failed", N_("given up after %(tries)s tries: %(last)s") % {
                "tries": max_tries, "last": job.reason or "the worker stopped while exporting"}
        user_id, exam_id, fmt, status = job.user_id, job.exam_id, job.format, job.status
        uow.commit()
    if status == "failed":
        return status
    out = Path(tempfile.mkdtemp(dir=work_dir))
    try:
        with make_uow() as uow:
            actor = load_actor(uow, user_id) if user_id is not None else SYSTEM
        with make_uow() as uow:
            paths = [p for p in export_exam_files(uow, actor, exam_id, fmt, out) if p.is_file()]
        name, data = one_file(paths, f"exam-{exam_id}-{fmt}.zip")
    except QBankError as exc:
        return _end(make_uow, job_id, "failed", str(exc))
    except Exception as exc:  # noqa: BLE001 - LibreOffice died, a bug: say why; tried again up to max_tries
        log.exception("export job %s failed", job_id)
        return _end(make_uow, job_id, "queued", f"{type(exc).__name__}: {exc}")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    blob = Blob(data, MIME.get(Path(name).suffix, "application/octet-stream"))
    with make_uow() as uow:
        put_blobs(uow.session, {blob.sha256: blob})
        uow.session.flush()
        job = uow.session.get(ExportJob, job_id)
        job.status, job.filename, job.blob_sha256, job.finished_at, job.reason = "done", name, blob.sha256, utcnow(), None
        uow.commit()
    return "done"


def one_file(paths: list[Path], zip_name: str) -> tuple[str, bytes]:
    """The one file as it is, or several as one zip named ``zip_name``: (file name, bytes)."""
    if len(paths) == 1:
        return paths[0].name, paths[0].read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in paths:
            zf.write(p, p.name)
    return zip_name, buf.getvalue()


def _end(make_uow: Callable[[], UnitOfWork], job_id: int, status: str, reason: str) -> str:
    with make_uow() as uow:
        job = uow.session.get(ExportJob, job_id)
        job.status, job.reason = status, reason
        if status == "failed":
            job.finished_at = utcnow()
        uow.commit()
    return status


def _own_job(uow: UnitOfWork, actor: Actor, job_id: int) -> ExportJob:
    """Only the one who asked sees an export job (its file may hold a confidential exam)."""
    job = uow.session.get(ExportJob, job_id)
    if job is None or (job.user_id != actor.user_id and not actor.is_system):
        raise NotFound("export %(id)s not found", id=job_id)
    return job


def export_status(uow: UnitOfWork, actor: Actor, job_id: int) -> ExportStatus:
    job = _own_job(uow, actor, job_id)
    return ExportStatus(job.id, job.exam_id, job.format, job.status, job.reason, job.filename)


def unfinished_exports(uow: UnitOfWork) -> list[int]:
    """Exports queued or running: after a crash, the worker queues again those the queue no longer holds."""
    from sqlalchemy import select

    return list(uow.session.scalars(select(ExportJob.id).where(ExportJob.status.in_(("queued", "running"))).order_by(ExportJob.id)))


def export_file(uow: UnitOfWork, actor: Actor, job_id: int) -> tuple[str, str, bytes]:
    """(file name, mime type, bytes) of a finished export."""
    job = _own_job(uow, actor, job_id)
    if job.status != "done" or not job.blob_sha256:
        raise NotFound("export %(id)s is not ready", id=job_id)
    blob = load_blobs(uow.session, [job.blob_sha256])[job.blob_sha256]
    return job.filename or "export", blob.mime, blob.data
