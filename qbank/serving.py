"""Serving the WSGI app: gunicorn worker processes on Linux, embedded waitress elsewhere.

One Python process serves one request at a time per core at best (the GIL), so on a server
``qbank serve`` pre-forks several gunicorn workers. Everything they must share lives outside the
process already: sessions are signed cookies, the index queue and its drain lock are in the
database (a file lock beside SQLite), the login back-off is a table, and the login rate limit
counts in Redis when ``QBANK_RATELIMIT_STORAGE_URI`` names it, else in the database
(``qbank-db://``). Waitress stays for Windows and laptops: one process, many threads.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from qbank.config import Settings

SERVERS = ("auto", "gunicorn", "waitress")


def gunicorn_available() -> bool:
    if sys.platform == "win32":
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def choose_server(server: str) -> str:
    """``auto``: gunicorn where it runs (Linux, macOS), waitress elsewhere."""
    if server == "auto":
        return "gunicorn" if gunicorn_available() else "waitress"
    if server == "gunicorn" and not gunicorn_available():
        raise RuntimeError("gunicorn is not available on this system: use --server waitress")
    return server


def default_workers() -> int:
    """One worker per core plus one, so a worker waiting on the database never idles a core."""
    return (os.cpu_count() or 1) + 1


def shared_rate_limit_storage(environ: dict[str, str] | None = None) -> str:
    """Where several workers count login attempts: the configured storage if it is shared, else the database."""
    env = os.environ if environ is None else environ
    uri = env.get("QBANK_RATELIMIT_STORAGE_URI", "")
    return uri if uri and not uri.startswith("memory:") else "qbank-db://"


def serve_gunicorn(settings: Settings, host: str, port: int, workers: int, threads: int) -> None:
    """Run gunicorn in this process (it becomes the master); each worker builds its own app."""
    from gunicorn.app.base import BaseApplication

    # Workers read settings from the environment like any QBank process; the storage of the
    # rate limit must be one they share.
    os.environ["QBANK_RATELIMIT_STORAGE_URI"] = shared_rate_limit_storage()

    class _App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread" if threads > 1 else "sync",
                "proc_name": "qbank",
                "accesslog": None,
                "timeout": 120,  # an isolated import of a large paper runs inside the request
                "graceful_timeout": 20,
                "preload_app": False,  # each worker opens its own database pool and index
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from qbank.app import create_app
            from qbank.runtime import Runtime

            return create_app(runtime=Runtime(settings))

    _App().run()


def serve_waitress(app: Any, host: str, port: int, threads: int) -> None:
    import waitress

    waitress.serve(app, host=host, port=port, threads=threads, ident="QBank")
