"""`qbank worker` and the bulk form of `qbank import` (a folder or a .zip of papers, one job per file)."""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click

from qbank.cli.common import Ctx, _echo_json, pass_ctx
from qbank.domain.actor import SYSTEM
from qbank.domain.errors import QBankError


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@click.command()
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Worker processes [default: QBANK_WORKERS].")
@pass_ctx
def worker(ctx: Ctx, workers: int | None) -> None:
    """Run job workers (bulk imports) on this node until stopped: Ctrl+C finishes the running jobs first."""
    from qbank.jobs.worker import run_worker

    settings = ctx.rt.settings
    ctx.rt.dispose()
    click.echo(f"QBank workers: {workers or settings.workers} on queue {settings.queue_name} at {_safe(settings.queue)}", err=True)
    run_worker(settings, workers)


def _safe(url: str) -> str:
    return url.split("@")[-1] if "@" in url else url


def worker_env(settings: Any) -> dict[str, str]:
    """The environment a worker started from here needs to work on the same instance and queue."""
    env = {**os.environ, "QBANK_DATA_DIR": str(settings.data_dir), "QBANK_DATABASE_URL": settings.database_url,
           "QBANK_SEARCH_BACKEND": settings.search_backend, "QBANK_QUEUE_URL": settings.queue, "QBANK_QUEUE_NAME": settings.queue_name,
           "QBANK_JOB_MAX_TRIES": str(settings.job_max_tries), "QBANK_BATCH_WINDOW": str(settings.batch_window),
           "QBANK_WORKER_PARENT": str(os.getpid())}
    return env


def start_workers(settings: Any, workers: int) -> subprocess.Popen:
    """``qbank worker`` in a child process (its own process group, so stopping it stops its workers); its log
    goes to ``$QBANK_DATA_DIR/worker.log``."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / "worker.log", "ab") as log:
        return subprocess.Popen([sys.executable, "-m", "qbank.cli.main", "worker", "--workers", str(workers)], env=worker_env(settings),
                                start_new_session=True, stdout=subprocess.DEVNULL, stderr=log)


def stop_workers(proc: subprocess.Popen, timeout: float = 20.0) -> None:
    """Ask the workers to finish what they run (SIGINT), then make sure they are gone."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def workers_beside_server(settings: Any) -> subprocess.Popen | None:
    """`qbank serve`: start QBANK_WORKERS job workers beside the web server (none if 0); they stop when it exits."""
    if settings.workers <= 0:
        return None
    proc = start_workers(settings, settings.workers)
    atexit.register(stop_workers, proc)
    click.echo(f"QBank job workers: {settings.workers} (log in {settings.data_dir / 'worker.log'})")
    return proc


def name_tag_summary(entries: list[Any]) -> str:
    """"grade 12 (40 files), Toán (25 files), 2019-2020 (12 files), HSG (10 files)": what the names suggest, most common first."""
    seen: Counter[str] = Counter()
    for e in entries:
        if e.skip:
            continue
        for tag, value in e.suggested.items():
            seen[f"grade {value}" if tag == "grade" else str(value)] += 1
    return ", ".join(f"{k} ({_plural(n, 'file')})" for k, n in seen.most_common(12))


def bulk_import(ctx: Ctx, path: Path, *, department: str | None, tags: dict[str, Any], name_tags: bool, approve: bool,
                visibility: str, dry_run: bool, as_json: bool, workers: int, wait: bool, report: Path | None = None) -> bool:
    """Import a folder or a .zip of papers as one batch, one job per file; returns True if every file went through."""
    from qbank.jobs.queue import start_batch
    from qbank.services.archive import read_bulk
    from qbank.services.batches import batch_files, batch_progress, create_batch

    settings = ctx.fresh().settings
    data = None if path.is_dir() else path.read_bytes()
    entries = read_bulk(path, data, max_files=settings.bulk_max_files, max_bytes=settings.bulk_max_mb * 2**20)
    skipped = [e for e in entries if e.skip]
    if not as_json:
        click.echo(f"{path.name}: {_plural(len(entries), 'file')}, {len(entries) - len(skipped)} to import, {len(skipped)} skipped")
        summary = name_tag_summary(entries)
        if summary and name_tags:
            click.echo(f"  names suggest: {summary} (a paper's own header wins; --no-name-tags ignores names)")
        chosen = ", ".join(f"{k} {v}" for k, v in tags.items() if v)
        if chosen:
            click.echo(f"  every question gets: {chosen}")
    if dry_run:
        if as_json:
            _echo_json([{"path": e.path, "skip": e.reason(), "suggested": e.suggested} for e in entries])
        else:
            for e in entries:
                click.echo(f"  {e.path}: " + (f"skipped: {e.reason()}" if e.skip else json.dumps(e.suggested, ensure_ascii=False)))
        return True
    rt = ctx.rt
    with rt.uow() as uow:
        batch_id = create_batch(uow, SYSTEM, path.name, entries, department=department, tags=tags, name_tags=name_tags,
                                approve=approve, visibility=visibility)
    start_batch(rt, batch_id)
    if not wait:
        click.echo(f"batch {batch_id} queued: `qbank worker` imports it")
        return True
    proc = start_workers(settings, workers) if workers else None
    try:
        progress = _follow(rt, batch_id, quiet=as_json, proc=proc)
    finally:
        if proc is not None:
            stop_workers(proc)
    with rt.uow() as uow:
        files = batch_files(uow, SYSTEM, batch_id)
        progress = batch_progress(uow, SYSTEM, batch_id)
        if report is not None:
            from qbank.services.batch_report import batch_report_xlsx

            report.write_bytes(batch_report_xlsx(uow, SYSTEM, batch_id))
    if as_json:
        _echo_json({"batch": progress.to_json(), "files": [f.__dict__ for f in files]})
    else:
        for f in files:
            c = f.counts
            line = f"  {f.path}: {f.status}"
            if f.status in ("imported", "duplicate"):
                line += (f", {_plural(int(c.get('read', 0)), 'question')} read, {c.get('created', 0)} stored, "
                         f"{int(c.get('existing', 0)) + int(c.get('repeats', 0))} already in the bank or the batch, "
                         f"{int(c.get('drafts', 0)) + int(c.get('similar', 0))} to check")
            if f.reason:
                line += f": {f.reason}"
            click.echo(line)
        click.echo(f"batch {batch_id}: {progress.done}/{progress.total} files, {_plural(progress.questions, 'question')} found, "
                   f"{progress.stored} stored, {progress.duplicates} duplicates not stored, {progress.review} to check, "
                   f"{_plural(progress.refused, 'file')} refused, {_plural(len(skipped), 'file')} skipped")
    return progress.refused == 0


def _follow(rt: Any, batch_id: int, quiet: bool, proc: subprocess.Popen | None) -> Any:
    """Poll the batch until it is done, with a progress bar on stderr."""
    from tqdm import tqdm

    from qbank.services.batches import batch_progress

    with rt.uow() as uow:
        progress = batch_progress(uow, SYSTEM, batch_id)
    bar = tqdm(total=progress.total, unit="file", disable=quiet, file=sys.stderr, dynamic_ncols=True)
    try:
        while True:
            with rt.uow() as uow:
                progress = batch_progress(uow, SYSTEM, batch_id)
            bar.update(progress.done - bar.n)
            bar.set_postfix(questions=progress.questions, refused=progress.refused, review=progress.review, refresh=False)
            if progress.finished:
                return progress
            if proc is not None and proc.poll() is not None:
                log = rt.settings.data_dir / "worker.log"
                err = log.read_text("utf-8", "replace").strip().splitlines() if log.exists() else []
                raise QBankError("the workers stopped: %(why)s", why=err[-1] if err else proc.returncode)
            time.sleep(0.25)
    finally:
        bar.close()
