"""Exam exports as jobs: the request only queues; a worker writes every version, keeps the file for the one who
asked (audited like any export), and a worker killed mid-export is replaced by one that finishes it."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select, update

from qbank.db.models import AuditEntry, ExportJob
from qbank.domain.enums import Status, Visibility
from qbank.domain.errors import NotFound
from qbank.jobs.queue import enqueue_export
from qbank.jobs.worker import ThreadedWorkers
from qbank.services.exams import build_exam_from_questions
from qbank.services.export_jobs import export_file, export_status, queue_export
from tests import factories
from tests.jobs_support import drop_queue, use_own_queue, wait_for


@pytest.fixture
def exam(runtime):  # noqa: ANN001, ANN201
    use_own_queue(runtime)
    factories.department(runtime, "Quảng Trị")
    board = factories.user(runtime, "board", "exam_board", "Quảng Trị")
    other = factories.user(runtime, "other", "exam_board", "Quảng Trị")
    ids = [factories.stored(runtime, factories.mcq(f"Câu hỏi số {i} về hàm số"), "Quảng Trị", Status.APPROVED, Visibility.RESERVED)
           for i in range(4)]
    with runtime.uow() as uow:
        info = build_exam_from_questions(uow, board, ids, title="Đề kiểm tra", versions=3, seed=2)
    yield board, other, info.id
    drop_queue(runtime)


def status(runtime, actor, job: int):  # noqa: ANN001, ANN201
    with runtime.uow() as uow:
        return export_status(uow, actor, job)


def test_an_export_is_queued_then_written_by_a_worker_for_the_one_who_asked(runtime, exam) -> None:  # noqa: ANN001
    board, other, exam_id = exam
    with runtime.uow() as uow:
        job = queue_export(uow, board, exam_id, "docx")
    assert status(runtime, board, job).status == "queued"
    with ThreadedWorkers(runtime, 1):
        enqueue_export(runtime.settings, job)
        wait_for(lambda: status(runtime, board, job).finished, 60, "the export")

    assert status(runtime, board, job).status == "done"
    with runtime.uow() as uow:
        name, mime, data = export_file(uow, board, job)
        audited = uow.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "exam", AuditEntry.object_id == exam_id)).all()
    assert name.endswith(".zip") and mime == "application/zip"
    assert len([n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.endswith(".docx")]) >= 3  # every version
    assert "export" in audited
    with runtime.uow() as uow, pytest.raises(NotFound):  # a confidential paper goes to the one who asked only
        export_file(uow, other, job)


def test_an_export_left_running_by_a_killed_worker_is_finished_by_the_next(runtime, exam) -> None:  # noqa: ANN001
    board, _, exam_id = exam
    with runtime.uow() as uow:
        job = queue_export(uow, board, exam_id, "guide")
    with runtime.uow() as uow:  # what a worker killed mid-export leaves: the job running, the queue without it
        uow.session.execute(update(ExportJob).where(ExportJob.id == job).values(status="running", attempts=1))
        uow.commit()
    with ThreadedWorkers(runtime, 1):  # starting workers queues it again
        wait_for(lambda: status(runtime, board, job).finished, 60, "the export")
    assert status(runtime, board, job).status == "done"
