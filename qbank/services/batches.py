"""Bulk imports: a batch of files, each imported by its own job in its own transaction, with durable per-file state.

The ``batch_files`` row is the job's state; the queue only carries its id. A file moves
pending → queued → running → imported | duplicate | refused | failed (or is skipped from the start).
Its outcome is written in the transaction that stores its questions, so a worker killed mid-file
leaves it "running" with nothing stored, and ``recover`` queues it again.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import func, select, text, update

from importers import ImportResult
from qbank.db.models import BatchFile, ImportBatch, QuestionSet, User, utcnow
from qbank.domain.actor import SYSTEM, Actor
from qbank.domain.enums import Role, Visibility
from qbank.domain.errors import N_, NotFound, PermissionDenied, QBankError, ValidationError
from qbank.domain.question import Blob
from qbank.services.archive import Entry
from qbank.services.blobs import load_blobs, put_blobs
from qbank.services.imports import ImportSummary, _mime, ensure_may_import, import_file, read_upload
from qbank.services.orgs import actor_for, find_department
from qbank.services.uow import UnitOfWork

log = logging.getLogger(__name__)

ACTIVE = ("pending", "queued", "running")  # a file still to do
FINISHED = ("imported", "duplicate", "refused", "failed", "skipped")
RETRYABLE = ("failed", "refused")
TAG_FIELDS = ("subject", "grade", "school_year", "exam")
_LOCK_BASE = 0x51_42_4A_00_0000  # PostgreSQL advisory lock per department: files of one department are stored one at a time

UowFactory = Callable[[], UnitOfWork]


@dataclass
class BatchProgress:
    """What the batch page and the CLI show while a batch runs, and after."""

    id: int
    name: str
    status: str
    department_id: int
    total: int
    done: int
    by_status: dict[str, int]
    questions: int  # questions found in the files done
    stored: int
    refused: int  # files refused or given up
    review: int  # stored questions to check: drafts without an answer, likely near-duplicates
    duplicates: int  # questions not stored again: already in the bank or earlier in the batch
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)

    @property
    def finished(self) -> bool:
        return self.status == "done"

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "percent": self.percent, "finished": self.finished}


# -- creating a batch ---------------------------------------------------------------------
def batch_tags(tags: dict[str, Any] | None) -> dict[str, Any]:
    """The tags the uploader set for the whole batch (empty ones dropped, grade an int 1-12)."""
    out: dict[str, Any] = {}
    for name in TAG_FIELDS:
        value = (tags or {}).get(name)
        if value in (None, ""):
            continue
        if name == "grade":
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise ValidationError("must be a number from 1 to 12", where="grade") from None
            if not 1 <= value <= 12:
                raise ValidationError("must be a number from 1 to 12", where="grade")
        out[name] = value if name == "grade" else str(value).strip()[:100]
    return out


def create_batch(
    uow: UnitOfWork,
    actor: Actor,
    name: str,
    entries: list[Entry],
    *,
    department: str | int | None = None,
    tags: dict[str, Any] | None = None,
    name_tags: bool = True,
    approve: bool = False,
    visibility: str = Visibility.DEPARTMENT,
    draft: bool = False,
) -> int:
    """Record a batch and its files (bytes kept as blobs, so a worker on any node reads them); returns its id.

    ``tags`` apply to every question of the batch; with ``name_tags`` the tags the folder and file
    names suggest fill what a file's own header does not say. A file the same as an earlier one of
    the batch is skipped. The batch waits while the same uploader has another one running. A
    ``draft`` batch waits for the uploader to confirm its tags (``confirm_batch``).
    """
    ensure_may_import(actor)
    dept = find_department(uow, department if department is not None else actor.department_id)
    if dept.id != actor.department_id and actor.role != Role.ADMIN:
        raise PermissionDenied("you may import only into your own department")
    if approve and actor.role not in (Role.EXAM_BOARD, Role.ADMIN):
        raise PermissionDenied("only exam boards and admins may approve on import")
    try:
        Visibility(visibility)
    except ValueError:
        raise ValidationError("must be one of %(value)s", where="visibility", value=", ".join(v.value for v in Visibility)) from None
    if not entries:
        raise ValidationError("the archive holds no files", where=name)
    session = uow.session
    options = {"tags": batch_tags(tags), "name_tags": name_tags, "approve": approve, "visibility": str(Visibility(visibility))}
    batch = ImportBatch(department_id=dept.id, user_id=actor.user_id, name=name[:300], status="waiting", options=options, total=len(entries))
    session.add(batch)
    session.flush()
    seen: dict[str, str] = {}
    blobs: dict[str, Blob] = {}
    rows = []
    for pos, entry in enumerate(entries):
        row = BatchFile(batch_id=batch.id, position=pos, path=entry.path[:500], size=entry.size, status="pending", attempts=0,
                        suggested=entry.suggested if name_tags else {}, counts={}, messages=[])
        if entry.skip:
            _set_reason(row, entry.skip, entry.skip_params)
            row.status = "skipped"
        else:
            blob = Blob(entry.data, _mime(entry.path))
            if blob.sha256 in seen:
                _set_reason(row, N_("the same file as %(path)s"), {"path": seen[blob.sha256]})
                row.status = "skipped"
            else:
                seen[blob.sha256] = entry.path
                blobs[blob.sha256] = blob
                row.blob_sha256 = blob.sha256
        rows.append(row)
    put_blobs(session, blobs)
    session.flush()  # the blobs first: the rows refer to them
    session.add_all(rows)
    session.flush()
    if draft:
        batch.status = "draft"
    elif not any(r.status == "pending" for r in rows):
        batch.status, batch.finished_at = "done", utcnow()
    elif not _owner_busy(session, batch):
        batch.status = "running"
    uow.commit()
    return batch.id


def confirm_batch(uow: UnitOfWork, actor: Actor, batch_id: int, *, tags: dict[str, Any] | None = None, name_tags: bool = True) -> str:
    """The uploader confirms (or changes) the tags for the whole batch and starts it; returns its status."""
    ensure_may_import(actor)
    batch = _visible_batch(uow, actor, batch_id)
    if batch.status != "draft":
        return batch.status
    batch.options = {**(batch.options or {}), "tags": batch_tags(tags), "name_tags": name_tags}
    if not name_tags:
        uow.session.execute(update(BatchFile).where(BatchFile.batch_id == batch_id).values(suggested={}))
    pending = uow.session.scalar(select(func.count()).select_from(BatchFile).where(BatchFile.batch_id == batch_id,
                                                                                   BatchFile.status == "pending"))
    if not pending:
        batch.status, batch.finished_at = "done", utcnow()
    else:
        batch.status = "waiting" if _owner_busy(uow.session, batch) else "running"
    status = batch.status
    uow.commit()
    return status


def common_suggestions(uow: UnitOfWork, actor: Actor, batch_id: int) -> dict[str, Any]:
    """For each tag, the value the names suggest for most of the batch's files (more than half of those
    to import): what the confirm form offers for the whole batch."""
    files = [f for f in batch_files(uow, actor, batch_id) if f.status == "pending"]
    out: dict[str, Any] = {}
    for tag in TAG_FIELDS:
        values = [f.suggested[tag] for f in files if f.suggested.get(tag)]
        if values:
            best = max(sorted(set(values), key=str), key=values.count)
            if values.count(best) * 2 > len(files):
                out[tag] = best
    return out


def _owner_busy(session: Any, batch: ImportBatch) -> bool:
    """Whether the uploader (or, for the command line, the department) has another batch running: theirs queue behind it."""
    owner = ImportBatch.user_id == batch.user_id if batch.user_id is not None else (
        (ImportBatch.user_id.is_(None)) & (ImportBatch.department_id == batch.department_id))
    return bool(session.scalar(select(func.count()).select_from(ImportBatch).where(owner, ImportBatch.id != batch.id,
                                                                                   ImportBatch.status == "running")))


def _set_reason(row: BatchFile, msgid: str, params: dict[str, Any], where: str | None = None) -> None:
    """The reason in English (the command line, the report) and as msgid + params (the web translates it)."""
    said = msgid % params if params else msgid
    row.reason = f"{where}: {said}" if where else said
    row.counts = {**(row.counts or {}), "reason_msgid": msgid, "reason_params": {k: str(v) for k, v in params.items()},
                  "reason_where": where}


# -- handing files to the queue -----------------------------------------------------------
def files_to_queue(make_uow: UowFactory, batch_id: int, window: int) -> list[int]:
    """Mark the next pending files of a running batch "queued", so that at most ``window`` are queued or
    running; returns their ids to enqueue. Finishes the batch when nothing is left, and then starts the
    uploader's next waiting batch (whose files are returned too)."""
    out: list[int] = []
    while batch_id is not None:
        with make_uow() as uow:
            following = _queue_some(uow, batch_id, window, out)
        batch_id = following
    return out


def _queue_some(uow: UnitOfWork, batch_id: int, window: int, out: list[int]) -> int | None:
    session = uow.session
    batch = session.get(ImportBatch, batch_id)
    if batch is None or batch.status != "running":
        return None
    active = session.scalar(select(func.count()).select_from(BatchFile).where(BatchFile.batch_id == batch_id,
                                                                             BatchFile.status.in_(("queued", "running"))))
    room = max(0, window - (active or 0))
    queued = []
    if room:
        candidates = session.scalars(select(BatchFile.id).where(BatchFile.batch_id == batch_id, BatchFile.status == "pending")
                                     .order_by(BatchFile.position).limit(room)).all()
        for fid in candidates:
            # the guard makes two workers dispatching at once queue each file once
            res = session.execute(update(BatchFile).where(BatchFile.id == fid, BatchFile.status == "pending")
                                  .values(status="queued", updated_at=utcnow()))
            if res.rowcount:
                queued.append(fid)
    left = session.scalar(select(func.count()).select_from(BatchFile).where(BatchFile.batch_id == batch_id,
                                                                           BatchFile.status.in_(ACTIVE)))
    following: int | None = None
    if not left and not queued:
        batch.status, batch.finished_at = "done", utcnow()
        following = _next_waiting(session, batch)
        if following is not None:
            session.get(ImportBatch, following).status = "running"
    uow.commit()
    out.extend(queued)
    return following


def _next_waiting(session: Any, batch: ImportBatch) -> int | None:
    owner = ImportBatch.user_id == batch.user_id if batch.user_id is not None else (
        (ImportBatch.user_id.is_(None)) & (ImportBatch.department_id == batch.department_id))
    return session.scalar(select(ImportBatch.id).where(owner, ImportBatch.status == "waiting").order_by(ImportBatch.id).limit(1))


def running_batches(uow: UnitOfWork) -> list[int]:
    return list(uow.session.scalars(select(ImportBatch.id).where(ImportBatch.status == "running").order_by(ImportBatch.id)))


def interrupted_files(uow: UnitOfWork, exclude: set[int], idle_s: float | None = None) -> list[int]:
    """Files of running batches that were queued or running but are no longer in the queue (``exclude``):
    a worker was killed while importing them, or the queue lost them. Queue them again. With ``idle_s``,
    only those untouched that long (a live worker on another node may be reading the others)."""
    q = select(BatchFile.id).join(ImportBatch, ImportBatch.id == BatchFile.batch_id).where(
        ImportBatch.status == "running", BatchFile.status.in_(("queued", "running")))
    if idle_s is not None:
        q = q.where(BatchFile.updated_at < utcnow() - timedelta(seconds=idle_s))
    return [r for r in uow.session.scalars(q.order_by(BatchFile.id)).all() if r not in exclude]


# -- importing one file -------------------------------------------------------------------
@dataclass
class FileOutcome:
    batch_id: int
    status: str  # the row's status after this attempt; "queued" means try again later
    retry: bool = False


def import_batch_file(make_uow: UowFactory, file_id: int, *, max_tries: int, isolated: bool = True) -> FileOutcome | None:
    """One job: claim the file, parse it, store it and its outcome in one transaction.

    Safe to run twice for the same file (a task queued again after a crash, two nodes): the store
    step locks the row and stores nothing if another run has finished it. Returns None when there
    was nothing to do.
    """
    with make_uow() as uow:
        row = uow.session.get(BatchFile, file_id)
        if row is None or row.status not in ("pending", "queued", "running"):
            return None
        batch = uow.session.get(ImportBatch, row.batch_id)
        if batch is None or batch.status != "running":
            return None
        row.attempts += 1
        row.status = "running"
        row.updated_at = utcnow()
        batch_id, attempts, path, sha = batch.id, row.attempts, row.path, row.blob_sha256
        if attempts > max_tries:
            last = row.reason or "the worker stopped while importing it"
            _set_reason(row, N_("given up after %(tries)s tries: %(last)s"), {"tries": max_tries, "last": last})
            row.status = "failed"
            uow.commit()
            return FileOutcome(batch_id, "failed")
        options = dict(batch.options or {})
        suggested = dict(row.suggested or {})
        department_id, user_id = batch.department_id, batch.user_id
        data = load_blobs(uow.session, [sha])[sha].data if sha else b""
        uow.commit()  # the attempt counts even if this worker is killed now: a file that kills workers is given up
    filename = PurePosixPath(path).name
    try:
        started = time.perf_counter()
        result = read_upload(filename, data, isolated=isolated)
        apply_batch_tags(result, suggested, options)
        if not result.questions:
            raise ValidationError("no questions were found in the file", where=filename)
        parsed = time.perf_counter()
        outcome = _store(make_uow, file_id, batch_id, filename, data, result, department_id, user_id, options)
        log.info("batch %s file %s (%s): read in %.2f s, stored in %.2f s", batch_id, file_id, path, parsed - started,
                 time.perf_counter() - parsed)
        return outcome
    except QBankError as exc:  # the file itself is refused: a final outcome, not retried
        return _finish(make_uow, file_id, batch_id, "refused", exc.msgid, exc.params, where=getattr(exc, "where", None))
    except Exception as exc:  # noqa: BLE001 - a bug or an outage: note why and let the job be tried again
        log.error("batch file %s (%s) failed on try %s:\n%s", file_id, path, attempts, traceback.format_exc())
        final = attempts >= max_tries
        if final:
            return _finish(make_uow, file_id, batch_id, "failed", N_("given up after %(tries)s tries: %(last)s"),
                           {"tries": attempts, "last": f"{type(exc).__name__}: {exc}"})
        return _finish(make_uow, file_id, batch_id, "queued", N_("try %(tries)s failed: %(last)s"),
                       {"tries": attempts, "last": f"{type(exc).__name__}: {exc}"}, retry=True)


def apply_batch_tags(result: ImportResult, suggested: dict[str, Any], options: dict[str, Any]) -> None:
    """The batch's tags win over everything; the names' suggestions fill what the file's header left empty."""
    meta = result.meta
    fields = {"subject": "subject", "grade": "grade", "school_year": "year", "exam": "exam"}
    for tag, key in fields.items():
        if not meta.get(key) and suggested.get(tag):
            meta[key] = suggested[tag]
    chosen = options.get("tags") or {}
    for tag, key in fields.items():
        if chosen.get(tag):
            meta[key] = chosen[tag]
    for q in result.questions:
        if chosen.get("subject"):
            q.tags.subject = chosen["subject"]
        if chosen.get("grade"):
            q.tags.grade = chosen["grade"]
        if chosen.get("school_year"):
            q.tags.school_year = chosen["school_year"]
        if chosen.get("exam"):
            q.tags.source_exam = chosen["exam"]
        q.tags.subject = q.tags.subject or meta.get("subject")
        q.tags.grade = q.tags.grade or meta.get("grade")
        q.tags.school_year = q.tags.school_year or meta.get("year")
        q.tags.source_exam = q.tags.source_exam or meta.get("exam")


def _lock_row(uow: UnitOfWork, file_id: int, department_id: int) -> bool:
    """Serialise storing per department and claim the row for this transaction; False if another run finished it.

    On PostgreSQL an advisory lock per department makes the duplicate check of one file see every
    file stored before it (two files of a batch holding the same question store it once); on SQLite
    the UPDATE takes the database's write lock, which does the same.
    """
    session = uow.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_BASE + department_id})
    res = session.execute(update(BatchFile).where(BatchFile.id == file_id, BatchFile.status == "running").values(updated_at=utcnow()))
    return bool(res.rowcount)


def _store(make_uow: UowFactory, file_id: int, batch_id: int, filename: str, data: bytes, result: ImportResult,
           department_id: int, user_id: int | None, options: dict[str, Any]) -> FileOutcome | None:
    with make_uow() as uow:
        if not _lock_row(uow, file_id, department_id):
            return None
        session = uow.session
        sha = Blob(data, "").sha256
        earlier = session.scalar(select(QuestionSet.id).where(QuestionSet.department_id == department_id,
                                                              QuestionSet.file_sha256 == sha).limit(1))
        row = session.get(BatchFile, file_id)
        row.counts = {"read": len(result.questions)}
        row.messages = [m.to_json() for m in result.messages]
        if earlier is not None:
            _set_reason(row, N_("this file is already in the bank (set %(id)s): not stored again"), {"id": earlier})
            row.status, row.question_set_id = "duplicate", earlier
            row.counts = {**row.counts, "existing": len(result.questions)}
            uow.commit()
            return FileOutcome(batch_id, "duplicate")
        actor = _actor(uow, user_id)

        def record(summary: ImportSummary) -> None:
            counts = summary.counts()
            row.counts = {**counts, "drafts": summary.drafts, "created": len(summary.created)}
            row.question_set_id = summary.question_set_id
            row.status = "imported" if summary.created else "duplicate"
            row.reason = None
            if not summary.created:
                _set_reason(row, N_("every question is already in the bank or earlier in the batch"), {})
            row.updated_at = utcnow()

        import_file(uow, actor, filename, data, department=department_id, approve=bool(options.get("approve")),
                    visibility=options.get("visibility", "department"), result=result, before_commit=record)
        return FileOutcome(batch_id, row.status)


def _actor(uow: UnitOfWork, user_id: int | None) -> Actor:
    if user_id is None:
        return SYSTEM
    user = uow.session.get(User, user_id)
    if user is None:
        return SYSTEM
    return actor_for(uow, user)


def _finish(make_uow: UowFactory, file_id: int, batch_id: int, status: str, msgid: str, params: dict[str, Any],
            retry: bool = False, where: str | None = None) -> FileOutcome | None:
    with make_uow() as uow:
        row = uow.session.get(BatchFile, file_id)
        if row is None or row.status != "running":
            return None
        row.status = status
        _set_reason(row, msgid, params, where)
        row.updated_at = utcnow()
        uow.commit()
    return FileOutcome(batch_id, status, retry)


# -- reading a batch ----------------------------------------------------------------------
def _visible_batch(uow: UnitOfWork, actor: Actor, batch_id: int) -> ImportBatch:
    batch = uow.session.get(ImportBatch, batch_id)
    if batch is None or (actor.role != Role.ADMIN and batch.department_id != actor.department_id):
        raise NotFound("import batch %(id)s not found", id=batch_id)
    return batch


def batch_progress(uow: UnitOfWork, actor: Actor, batch_id: int) -> BatchProgress:
    """Files done of the total and the questions found, stored, refused and to check so far."""
    batch = _visible_batch(uow, actor, batch_id)
    rows = uow.session.execute(select(BatchFile.status, BatchFile.counts).where(BatchFile.batch_id == batch_id)).all()
    by_status: dict[str, int] = {}
    questions = stored = review = dups = 0
    for status, counts in rows:
        by_status[status] = by_status.get(status, 0) + 1
        counts = counts or {}
        questions += int(counts.get("read", 0))
        stored += int(counts.get("created", 0))
        review += int(counts.get("drafts", 0)) + int(counts.get("similar", 0))
        dups += int(counts.get("existing", 0)) + int(counts.get("repeats", 0))
    done = sum(n for s, n in by_status.items() if s in FINISHED)
    refused = by_status.get("refused", 0) + by_status.get("failed", 0)
    return BatchProgress(batch.id, batch.name, batch.status, batch.department_id, batch.total, done, by_status, questions, stored,
                         refused, review, dups, dict(batch.options or {}))


@dataclass
class FileReport:
    position: int
    path: str
    status: str
    reason: str | None
    reason_msgid: str | None
    reason_params: dict[str, Any]
    counts: dict[str, Any]
    messages: list[dict[str, Any]]
    attempts: int
    question_set_id: int | None
    suggested: dict[str, Any]


def batch_files(uow: UnitOfWork, actor: Actor, batch_id: int) -> list[FileReport]:
    """Every file of the batch with its outcome and messages, in archive order."""
    _visible_batch(uow, actor, batch_id)
    rows = uow.session.scalars(select(BatchFile).where(BatchFile.batch_id == batch_id).order_by(BatchFile.position)).all()
    return [FileReport(r.position, r.path, r.status, r.reason, (r.counts or {}).get("reason_msgid"), (r.counts or {}).get("reason_params", {}),
                       {k: v for k, v in (r.counts or {}).items() if not k.startswith("reason")}, list(r.messages or []), r.attempts,
                       r.question_set_id, dict(r.suggested or {})) for r in rows]


def list_batches(uow: UnitOfWork, actor: Actor, limit: int = 50) -> list[BatchProgress]:
    """The department's latest batches (every batch for an admin), newest first."""
    q = select(ImportBatch.id).order_by(ImportBatch.id.desc()).limit(limit)
    if actor.role != Role.ADMIN:
        q = q.where(ImportBatch.department_id == actor.department_id)
    return [batch_progress(uow, actor, i) for i in uow.session.scalars(q).all()]


def retry_failed(uow: UnitOfWork, actor: Actor, batch_id: int) -> int:
    """Put the batch's refused and given-up files back in line (tries counted afresh); returns how many."""
    ensure_may_import(actor)
    batch = _visible_batch(uow, actor, batch_id)
    res = uow.session.execute(update(BatchFile).where(BatchFile.batch_id == batch_id, BatchFile.status.in_(RETRYABLE))
                              .values(status="pending", attempts=0, reason=None, counts={}, messages=[], updated_at=utcnow()))
    n = res.rowcount or 0
    if n and batch.status == "done":
        batch.finished_at = None
        batch.status = "waiting" if _owner_busy(uow.session, batch) else "running"
    uow.commit()
    return n
