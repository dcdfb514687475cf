"""Bulk import as jobs: each file its own job and transaction, outcomes per file, and a worker killed with
SIGKILL mid-batch loses nothing. SQLite runs on the embedded queue store, PostgreSQL on Redis."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select, update

from qbank.cli.jobs import start_workers, stop_workers
from qbank.db.models import BatchFile, QuestionRow, QuestionSet
from qbank.domain.actor import SYSTEM
from qbank.jobs.queue import make_queue, start_batch
from qbank.jobs.worker import ThreadedWorkers
from qbank.services.archive import entries_from_zip
from qbank.services.batches import batch_files, batch_progress, create_batch, import_batch_file, retry_failed
from qbank.services.imports import import_file
from tests import factories
from tests.jobs_support import PAPERS, drop_queue, fixture_bytes, kill_group, mixed_zip, use_own_queue, wait_for

DEPT = "Sở GD&ĐT Quảng Trị"
CAPS = {"max_files": 100, "max_bytes": 50 * 2**20}


@pytest.fixture
def queue(runtime):  # noqa: ANN001, ANN201
    kind = use_own_queue(runtime)
    factories.department(runtime, DEPT)
    yield kind
    drop_queue(runtime)


def new_batch(runtime, data: bytes, **options) -> int:  # noqa: ANN001
    entries = entries_from_zip(data, "luu_tru.zip", **CAPS)
    with runtime.uow() as uow:
        return create_batch(uow, SYSTEM, "luu_tru.zip", entries, department=DEPT, **options)


def progress(runtime, batch_id: int):  # noqa: ANN001, ANN201
    with runtime.uow() as uow:
        return batch_progress(uow, SYSTEM, batch_id)


def outcomes(runtime, batch_id: int) -> dict[str, object]:  # noqa: ANN001
    with runtime.uow() as uow:
        return {f.path.rsplit("/", 1)[-1]: f for f in batch_files(uow, SYSTEM, batch_id)}


def bank_counts(runtime) -> tuple[int, int, int]:  # noqa: ANN001
    """(questions, question sets, fingerprints stored more than once)."""
    with runtime.uow() as uow:
        s = uow.session
        twice = select(QuestionRow.fingerprint).group_by(QuestionRow.fingerprint).having(func.count() > 1).subquery()
        return (s.scalar(select(func.count()).select_from(QuestionRow)), s.scalar(select(func.count()).select_from(QuestionSet)),
                s.scalar(select(func.count()).select_from(twice)))


def test_a_mixed_archive_imports_each_file_with_its_own_outcome(runtime, queue) -> None:  # noqa: ANN001
    with runtime.uow() as uow:  # this paper is in the bank already
        import_file(uow, SYSTEM, "cu.docx", fixture_bytes(PAPERS[0]), department=DEPT)
    data = mixed_zip(PAPERS[:4], extra={
        "Lop 12/~$de_thi.docx": b"lock", "Lop 12/hinh ve.png": b"\x89PNG\r\n", "__MACOSX/Lop 12/._de.docx": b"x",
        "Lop 12/de_thi.pdf": b"%PDF-1.4", "Lop 12/hong.docx": b"this is not a Word file", "Lop 12/z_ban_sao.xlsx": fixture_bytes(PAPERS[2]),
    })
    batch = new_batch(runtime, data, tags={"school_year": "2019-2020"})
    with ThreadedWorkers(runtime, 2):
        start_batch(runtime, batch)
        wait_for(lambda: progress(runtime, batch).finished, 90, "the batch to finish")

    files = outcomes(runtime, batch)
    assert files["00_toan12_hsg_quangnam.docx"].status == "duplicate"
    assert "already in the bank" in files["00_toan12_hsg_quangnam.docx"].reason
    for name in PAPERS[1:4]:
        imported = files[next(k for k in files if k.endswith(name.rsplit("/", 1)[-1]))]
        assert imported.status == "imported" and imported.counts["created"] > 0 and imported.question_set_id
    assert files["hong.docx"].status == "refused" and "hong.docx" in files["hong.docx"].reason
    assert files["de_thi.pdf"].status == "skipped" and "PDF" in files["de_thi.pdf"].reason
    assert files["~$de_thi.docx"].status == "skipped" and "lock file" in files["~$de_thi.docx"].reason
    assert files["hinh ve.png"].status == "skipped" and "picture" in files["hinh ve.png"].reason
    assert files["._de.docx"].status == "skipped" and "macOS" in files["._de.docx"].reason
    assert files["z_ban_sao.xlsx"].status == "skipped" and "the same file as" in files["z_ban_sao.xlsx"].reason

    p = progress(runtime, batch)
    assert (p.done, p.total, p.refused) == (10, 10, 1)
    assert p.stored == sum(f.counts.get("created", 0) for f in files.values()) == bank_counts(runtime)[0] - files[
        "00_toan12_hsg_quangnam.docx"].counts["read"]
    assert bank_counts(runtime)[2] == 0
    with runtime.uow() as uow:  # the batch's tag reached every question it stored
        years = set(uow.session.scalars(select(QuestionRow.school_year).where(QuestionRow.question_set_id.in_(
            [f.question_set_id for f in files.values() if f.status == "imported"]))))
    assert years == {"2019-2020"}


def test_a_worker_killed_mid_batch_loses_nothing_and_stores_nothing_twice(runtime, queue) -> None:  # noqa: ANN001
    batch = new_batch(runtime, mixed_zip(PAPERS))
    start_batch(runtime, batch)
    worker = start_workers(runtime.settings, 1)
    try:
        def mid_file() -> bool:
            with runtime.uow() as uow:
                running = uow.session.scalar(select(func.count()).select_from(BatchFile).where(BatchFile.status == "running"))
            return progress(runtime, batch).done >= 1 and running == 1

        wait_for(mid_file, 90, "a file in progress after one is done", worker)
    finally:
        kill_group(worker)  # a real SIGKILL of the worker and its children, mid-file

    with runtime.uow() as uow:
        killed = list(uow.session.scalars(select(BatchFile.id).where(BatchFile.status == "running")))
    done_before = progress(runtime, batch).done
    assert 1 <= done_before < len(PAPERS)
    questions, sets, _ = bank_counts(runtime)
    assert sets == done_before  # the file in progress left no half-written set behind

    worker = start_workers(runtime.settings, 2)
    try:
        wait_for(lambda: progress(runtime, batch).finished, 120, "the batch to finish after the restart", worker)
    finally:
        stop_workers(worker)

    files = outcomes(runtime, batch)
    assert {f.status for f in files.values()} == {"imported"}
    questions, sets, twice = bank_counts(runtime)
    assert (sets, twice) == (len(PAPERS), 0)
    assert questions == sum(f.counts["created"] for f in files.values())
    with runtime.uow() as uow:
        assert all(uow.session.get(BatchFile, fid).attempts == 2 for fid in killed)  # tried again after the kill


def test_a_file_that_keeps_killing_its_worker_is_given_up_with_the_reason(runtime, queue) -> None:  # noqa: ANN001
    batch = new_batch(runtime, mixed_zip(PAPERS[:1]))
    start_batch(runtime, batch)
    tries = runtime.settings.job_max_tries
    with runtime.uow() as uow:  # as a worker killed on this file every time leaves it
        uow.session.execute(update(BatchFile).where(BatchFile.batch_id == batch).values(status="running", attempts=tries))
        uow.commit()
    outcome = import_batch_file(runtime.uow, _first_id(runtime, batch), max_tries=tries)
    assert outcome is not None and outcome.status == "failed"
    [only] = outcomes(runtime, batch).values()
    assert only.status == "failed" and f"given up after {tries} tries" in only.reason and "worker stopped" in only.reason
    assert progress(runtime, batch).refused == 1

    with runtime.uow() as uow:  # "retry the failed ones" puts it back in line with its tries counted afresh
        assert retry_failed(uow, SYSTEM, batch) == 1
    with ThreadedWorkers(runtime, 1):
        start_batch(runtime, batch)
        wait_for(lambda: progress(runtime, batch).finished, 60, "the retried file")
    [only] = outcomes(runtime, batch).values()
    assert only.status == "imported" and only.attempts == 1


def _first_id(runtime, batch: int) -> int:  # noqa: ANN001
    with runtime.uow() as uow:
        return uow.session.scalar(select(BatchFile.id).where(BatchFile.batch_id == batch).order_by(BatchFile.position).limit(1))


def test_a_large_archive_does_not_hold_back_another_departments_upload_and_a_users_batches_run_in_turn(runtime, queue) -> None:  # noqa: ANN001
    factories.department(runtime, "Sở GD&ĐT Huế")
    board = factories.user(runtime, "hue", "contributor", "Sở GD&ĐT Huế")
    big = new_batch(runtime, mixed_zip(PAPERS))
    later = new_batch(runtime, mixed_zip(PAPERS[:2]))
    start_batch(runtime, big)
    start_batch(runtime, later)
    with runtime.uow() as uow:
        small = create_batch(uow, board, "mot_de.zip", entries_from_zip(mixed_zip(PAPERS[2:3]), "mot_de.zip", **CAPS))
    start_batch(runtime, small)

    assert progress(runtime, later).status == "waiting"  # the same uploader's second batch waits for the first
    queued = [t.args[0] for t in make_queue(runtime.settings).pending()]
    with runtime.uow() as uow:
        owners = [uow.session.get(BatchFile, fid).batch_id for fid in queued]
    window = runtime.settings.batch_window
    assert owners == [big] * window + [small]  # only a window of the archive is ahead of the single upload


def test_the_report_lists_every_file_with_its_outcome_and_messages(runtime, queue) -> None:  # noqa: ANN001
    from openpyxl import load_workbook

    from qbank.services.batch_report import batch_report_xlsx

    batch = new_batch(runtime, mixed_zip(PAPERS[1:2], extra={"=HYPERLINK(1).docx": b"not Word", "Lop 12/anh.png": b"x"}))
    with ThreadedWorkers(runtime, 1):
        start_batch(runtime, batch)
        wait_for(lambda: progress(runtime, batch).finished, 60, "the batch to finish")
    with runtime.uow() as uow:
        wb = load_workbook(io.BytesIO(batch_report_xlsx(uow, SYSTEM, batch)))
    rows = list(wb["Files"].iter_rows(min_row=3, values_only=True))
    assert [(r[1], r[2]) for r in rows] == [("'=HYPERLINK(1).docx", "refused"), ("Lop 12/anh.png", "skipped"),
                                            ("Lop 12/nam 2019-2020/00_hoa12_tn_chudo.docx", "imported")]  # a name is never a formula
    assert rows[2][4] == rows[2][5] == 20  # read, stored
    assert wb["Files"]["A1"].value.startswith("luu_tru.zip: 3/3 files, 20 questions found, 20 stored")
    assert wb["Messages"].max_row >= 1


def test_a_draft_batch_waits_for_the_uploader_to_confirm_the_tags_for_the_whole_batch(runtime, queue) -> None:  # noqa: ANN001
    from qbank.services.batches import common_suggestions, confirm_batch

    batch = new_batch(runtime, mixed_zip(PAPERS[:2]), draft=True)
    assert start_batch(runtime, batch) == []  # nothing runs before the uploader confirms
    with runtime.uow() as uow:
        assert common_suggestions(uow, SYSTEM, batch) == {"grade": 12, "school_year": "2019-2020"}  # subjects differ: not offered
    with runtime.uow() as uow:
        assert confirm_batch(uow, SYSTEM, batch, tags={"school_year": "2018-2019", "exam": "HSG"}) == "running"
    assert len(start_batch(runtime, batch)) == 2
    assert progress(runtime, batch).options["tags"] == {"school_year": "2018-2019", "exam": "HSG"}


def test_the_periodic_sweep_queues_again_only_files_left_idle_by_a_dead_node(runtime, queue) -> None:  # noqa: ANN001
    from datetime import timedelta

    from qbank.db.models import utcnow
    from qbank.jobs.queue import STALE_S, recover

    batch = new_batch(runtime, mixed_zip(PAPERS[:2]))
    with runtime.uow() as uow:  # two files taken by workers; the queue holds neither any more
        ids = list(uow.session.scalars(select(BatchFile.id).where(BatchFile.batch_id == batch).order_by(BatchFile.id)))
        uow.session.execute(update(BatchFile).where(BatchFile.id == ids[0]).values(status="running", updated_at=utcnow()))
        uow.session.execute(update(BatchFile).where(BatchFile.id == ids[1]).values(
            status="running", updated_at=utcnow() - timedelta(seconds=STALE_S + 60)))
        from qbank.db.models import ImportBatch
        uow.session.get(ImportBatch, batch).status = "running"
        uow.commit()
    recover(runtime, idle_s=STALE_S)
    assert [t.args[0] for t in make_queue(runtime.settings).pending()] == [ids[1]]  # the busy one is left to its worker
