"""The job queue: one huey instance per configured store (a SQLite file, or Redis for many nodes) and its tasks.

The database holds each job's state (``batch_files``); the queue carries only ids, so a lost or
repeated message costs a second look, never a lost or doubled file.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from huey import Huey, RedisHuey, SqliteHuey, crontab

from qbank.config import Settings

log = logging.getLogger(__name__)

IMPORT_TASK = "qbank.import_batch_file"
RETRY_DELAYS_S = (2, 10, 60)
STALE_S = 15 * 60  # a file's job reads (≤ 60 s, the parse deadline) and stores well within this  # a file that failed waits a little before its next try
_queues: dict[tuple[str, str], Huey] = {}
_import_tasks: dict[tuple[str, str], Any] = {}  # queue key -> the registered import task (its TaskWrapper)
_export_tasks: dict[tuple[str, str], Any] = {}
_runtimes: dict[int, Any] = {}  # pid -> Runtime: a worker process forked from the consumer makes its own engine
_bound: dict[tuple[str, str], Any] = {}  # queue key -> Runtime given by the process that runs the consumer in-process
_lock = threading.Lock()


def _key(settings: Settings) -> tuple[str, str]:
    return settings.queue, settings.queue_name


def make_queue(settings: Settings) -> Huey:
    """The huey instance for ``settings.queue`` (made once per process), its tasks registered."""
    key = _key(settings)
    with _lock:
        if key in _queues:
            return _queues[key]
        url = settings.queue
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            path.parent.mkdir(parents=True, exist_ok=True)
            huey: Huey = SqliteHuey(name=settings.queue_name, filename=str(path), results=False)
        elif urlsplit(url).scheme in {"redis", "rediss", "unix"}:
            huey = RedisHuey(name=settings.queue_name, url=url, results=False)
        else:
            raise ValueError(f"QBANK_QUEUE_URL must be sqlite:///path or redis://host:port/db, not {url!r}")
        _register(huey, settings)
        _queues[key] = huey
        return huey


def bind_runtime(settings: Settings, runtime: Any) -> None:
    """Run this queue's tasks on ``runtime`` in this process (a consumer in threads beside a test or a bench); None unbinds."""
    if runtime is None:
        _bound.pop(_key(settings), None)
    else:
        _bound[_key(settings)] = runtime


def runtime_for(settings: Settings) -> Any:
    """The Runtime the tasks use in this process: the bound one, else one made here from ``settings``."""
    bound = _bound.get(_key(settings))
    if bound is not None:
        return bound
    pid = os.getpid()
    if pid not in _runtimes:
        from qbank.runtime import Runtime

        rt = Runtime(settings)
        # The index catches up in a background thread: one index commit takes many files' questions
        # (Whoosh has one writer, and its commit costs more than storing a paper), while the next file parses.
        rt.enable_indexing(background=True)
        _runtimes[pid] = rt
    return _runtimes[pid]


def _register(huey: Huey, settings: Settings) -> None:
    @huey.task(name=IMPORT_TASK)
    def import_batch_file(file_id: int) -> None:
        from qbank.services.batches import import_batch_file as run

        rt = runtime_for(settings)
        outcome = run(rt.uow, file_id, max_tries=settings.job_max_tries)
        if outcome is None:
            return
        if outcome.retry:
            with rt.uow() as uow:
                from qbank.db.models import BatchFile

                tries = uow.session.get(BatchFile, file_id).attempts
            delay = RETRY_DELAYS_S[min(tries, len(RETRY_DELAYS_S)) - 1]
            import_batch_file.schedule((file_id,), delay=delay)
        queue_next(settings, outcome.batch_id)

    @huey.task(name="qbank.export_exam")
    def export_exam(job_id: int) -> None:
        from qbank.services.export_jobs import run_export

        rt = runtime_for(settings)
        work = settings.data_dir / "exports"
        work.mkdir(parents=True, exist_ok=True)
        if run_export(rt.uow, job_id, work, settings.job_max_tries) == "queued":
            export_exam.schedule((job_id,), delay=RETRY_DELAYS_S[0])

    @huey.periodic_task(crontab(minute="*/5"), name="qbank.sweep_jobs")
    def sweep() -> None:
        """A node that died leaves its files "running" until some worker starts; every few minutes, look."""
        recover(runtime_for(settings), idle_s=STALE_S)

    _import_tasks[_key(settings)] = import_batch_file
    _export_tasks[_key(settings)] = export_exam


def enqueue_files(settings: Settings, file_ids: list[int]) -> None:
    make_queue(settings)
    task = _import_tasks[_key(settings)]
    for fid in file_ids:
        task(fid)


def enqueue_export(settings: Settings, job_id: int) -> None:
    """Hand an export job (``services.export_jobs.queue_export``) to the workers."""
    make_queue(settings)
    _export_tasks[_key(settings)](job_id)


def queue_next(settings: Settings, batch_id: int) -> list[int]:
    """Queue the batch's next files (up to the window), finishing it, and starting its owner's next, when all are done."""
    from qbank.services.batches import files_to_queue

    rt = runtime_for(settings)
    ids = files_to_queue(rt.uow, batch_id, settings.batch_window)
    enqueue_files(settings, ids)
    return ids


def start_batch(runtime: Any, batch_id: int) -> list[int]:
    """Hand a new (or retried) batch's first files to the queue; a waiting batch starts when its owner's previous one ends."""
    from qbank.services.batches import files_to_queue

    ids = files_to_queue(runtime.uow, batch_id, runtime.settings.batch_window)
    enqueue_files(runtime.settings, ids)
    return ids


def recover(runtime: Any, idle_s: float | None = None) -> int:
    """Queue again every file a killed worker left queued or running (those still in the queue are left),
    and fill the window of every running batch; returns how many files were queued. ``idle_s``: only
    files untouched that long (the periodic sweep, while workers on other nodes may be busy)."""
    from qbank.services.batches import files_to_queue, interrupted_files, running_batches

    settings = runtime.settings
    huey = make_queue(settings)
    from qbank.services.export_jobs import unfinished_exports

    in_queue = [*huey.pending(), *huey.scheduled()]
    task_class = _import_tasks[_key(settings)].task_class
    waiting = {t.args[0] for t in in_queue if isinstance(t, task_class) and t.args}
    export_class = _export_tasks[_key(settings)].task_class
    exports_waiting = {t.args[0] for t in in_queue if isinstance(t, export_class) and t.args}
    with runtime.uow() as uow:
        lost = interrupted_files(uow, waiting, idle_s)
        lost_exports = [j for j in unfinished_exports(uow) if j not in exports_waiting]
    for job_id in lost_exports:
        enqueue_export(settings, job_id)
    with runtime.uow() as uow:
        batches = running_batches(uow)
    enqueue_files(settings, lost)
    more = [fid for b in batches for fid in files_to_queue(runtime.uow, b, settings.batch_window)]
    enqueue_files(settings, more)
    if lost:
        log.warning("queued again %s file(s) a stopped worker left unfinished", len(lost))
    return len(lost) + len(more)
