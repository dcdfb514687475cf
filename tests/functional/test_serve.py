"""Serving with several worker processes: gunicorn answers, and what workers share is shared."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from officeconv import soffice_path, uno_python
from officeconv.service import ping, socket_path_for
from qbank.app import create_app
from qbank.serving import gunicorn_available, shared_rate_limit_storage
from tests.functional.test_cli import free_port, run, wait_for_health


def test_login_attempts_count_together_across_workers_with_the_database_storage(runtime) -> None:  # noqa: ANN001
    # Two apps on one database stand for two worker processes: each has its own limiter.
    config = {"TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "3 per minute",
              "RATELIMIT_STORAGE_URI": "qbank-db://"}  # fmt: skip
    workers = [create_app(config, runtime=runtime).test_client() for _ in range(2)]
    codes = [workers[i % 2].post("/login", data={"username": f"nobody{i}", "password": "x"}).status_code for i in range(5)]
    assert codes == [401, 401, 401, 429, 429]


def test_several_workers_never_count_in_process_memory() -> None:
    assert shared_rate_limit_storage({}) == "qbank-db://"
    assert shared_rate_limit_storage({"QBANK_RATELIMIT_STORAGE_URI": "memory://"}) == "qbank-db://"
    assert shared_rate_limit_storage({"QBANK_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"}) == "redis://127.0.0.1:6379"


def _children(pid: int, *, converter: bool = False) -> list[int]:
    """The master's gunicorn workers (or, with ``converter``, its converter service)."""
    out = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text and "\nState:\tZ" not in text and (b"officeconv.service" in cmdline) == converter:
            out.append(int(status.parent.name))
    return out


@pytest.mark.skipif(not gunicorn_available() or not Path("/proc").is_dir(), reason="gunicorn runs on Linux and macOS only")
def test_serve_runs_several_gunicorn_worker_processes(runtime) -> None:  # noqa: ANN001
    assert run(runtime, "init").returncode == 0
    port = free_port()
    env = {**os.environ, "QBANK_DATA_DIR": str(runtime.settings.data_dir), "QBANK_DATABASE_URL": runtime.settings.database_url}
    env.pop("QBANK_RATELIMIT_STORAGE_URI", None)
    sock = socket_path_for(runtime.settings.data_dir)
    proc = subprocess.Popen(
        [sys.executable, "-m", "qbank.cli.main", "serve", "--server", "gunicorn", "--workers", "2", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        body, server = wait_for_health(proc, port, 60)
        assert body == {"status": "ok", "schema": "current"}
        assert "gunicorn" in server.lower()
        children = _children(proc.pid)
        job_workers = [c for c in children if b"worker" in Path(f"/proc/{c}/cmdline").read_bytes().split(b"\0")]
        assert len(children) - len(job_workers) == 2  # gunicorn's; `qbank worker` runs the bulk-import jobs beside them
        assert len(job_workers) == 1
        if soffice_path() is not None and uno_python() is not None:
            # One converter service for both workers, started by the master before them.
            assert len(_children(proc.pid, converter=True)) == 1
            assert ping(sock) is not None
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert ping(sock) is None  # it ended with the server
