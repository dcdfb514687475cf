"""Helpers for job tests: a queue of the test's own (the embedded SQLite store beside SQLite, Redis beside
PostgreSQL), mixed archives made from the fixtures, and real worker processes."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from qbank.runtime import Runtime

FIXTURES = Path(__file__).with_name("fixtures")
REDIS_URL = os.environ.get("QBANK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

# Distinct papers and banks (no question shared between them), the durable part of every test archive.
PAPERS = [
    "docx/toan12_hsg_quangnam.docx",
    "docx/hoa12_tn_chudo.docx",
    "xlsx/sinh12_nganhang.xlsx",
    "docx/vatli12_hsg_hatinh.docx",
    "docx/nguvan9_hsg_hue.docx",
    "docx/toan9_hsg_bai_quangbinh.docx",
    "xlsx/toan12_nganhang_tieude.xlsx",
    "docx/tienganh12_docdoanvan.docx",
]


def use_own_queue(rt: Runtime) -> str:
    """Point the runtime at a queue no other test uses; returns the store's kind ("sqlite" or "redis")."""
    rt.settings.queue_name = f"qbank-test-{uuid.uuid4().hex[:10]}"
    if rt.settings.is_sqlite:
        rt.settings.queue_url = f"sqlite:///{rt.settings.data_dir / 'queue.sqlite3'}"
        return "sqlite"
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"Redis at {REDIS_URL} is unreachable: {exc}")
    rt.settings.queue_url = REDIS_URL
    return "redis"


def drop_queue(rt: Runtime) -> None:
    from qbank.jobs.queue import make_queue

    make_queue(rt.settings).storage.flush_all()


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def mixed_zip(papers: list[str], extra: dict[str, bytes] | None = None) -> bytes:
    """A department's archive: papers in nested folders named for their grade and subject, plus ``extra`` files."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, name in enumerate(papers):
            zf.writestr(f"Lop {12 if '12' in name else 9}/nam 2019-2020/{i:02d}_{Path(name).name}", fixture_bytes(name))
        for path, data in (extra or {}).items():
            zf.writestr(path, data)
    return buf.getvalue()


def wait_for(condition: Callable[[], bool], seconds: float, what: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the worker exited (code {proc.returncode}) before {what}")
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the worker and every process it started: nothing gets to clean up."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
