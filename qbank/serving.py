"""Serving the WSGI app: gunicorn worker processes on Linux, embedded waitress elsewhere.

One Python process serves one request at a time per core at best (the GIL), so on a server
``qbank serve`` pre-forks several gunicorn workers (two single-threaded ones per core by default)
and starts one LibreOffice converter service they all use (``officeconv.service``, warm before the
first PDF is asked for). Everything they must share lives outside the
process already: sessions are signed cookies, the index queue and its drain lock are in the
database (a file lock beside SQLite), the login back-off is a table, and the login rate limit
counts in Redis when ``QBANK_RATELIMIT_STORAGE_URI`` names it, else in the database
(``qbank-db://``). Waitress stays for Windows and laptops: one process, many threads.

Under waitress, requests it refuses before the app sees them (malformed headers, a bad
Content-Length, an unsupported Transfer-Encoding) still get the API's JSON error shape under /api/.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server
from waitress.task import ErrorTask

from qbank.config import Settings

SERVERS = ("auto", "gunicorn", "waitress")
API_PREFIX = b"/api/"


def _target(request: Any) -> bytes:
    """The request target, also when waitress stopped before parsing it (the first line is kept)."""
    path = getattr(request, "path", None)
    if path:
        return path.encode("latin-1", "replace")
    first = getattr(request, "first_line", b"") or b""
    parts = first.split(b" ")
    return parts[1] if len(parts) > 1 else b""


class JsonErrorTask(ErrorTask):
    """Waitress's own error answer, as ``{"error", "message", "details"}`` JSON under /api/."""

    def execute(self) -> None:
        if not _target(self.request).startswith(API_PREFIX):
            super().execute()
            return
        e = self.request.error
        body = json.dumps({"error": e.reason.lower().replace(" ", "_"), "message": e.body, "details": {}}).encode()
        self.status = f"{e.code} {e.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class QBankChannel(HTTPChannel):
    error_task_class = JsonErrorTask


def make_server(app: Any, host: str = "127.0.0.1", port: int = 5000, threads: int = 8) -> Any:
    """A waitress server for ``app``; call ``.run()`` to serve, ``.close()`` to stop (port 0: any free port)."""
    server = create_server(app, host=host, port=port, threads=threads, ident="QBank")
    servers = [server] if isinstance(server, BaseWSGIServer) else [s for s in server.map.values() if isinstance(s, BaseWSGIServer)]
    for s in servers:
        s.channel_class = QBankChannel
    return server


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
    """Two single-threaded workers per core: a request is mostly Python (one core per process at
    best, the GIL), and while one worker waits on the database or a file the other runs."""
    return 2 * (os.cpu_count() or 1)


def warm_worker(app: Any) -> None:
    """Do once in a new worker what its first request would otherwise pay: open the search index
    snapshot (Whoosh's columns and caches), compile the busiest templates, import lazy modules."""
    from qbank.domain.actor import SYSTEM
    from qbank.services.search import search_questions

    try:
        with app.extensions["qbank"].uow() as uow:
            search_questions(uow, SYSTEM, "a", per_page=1)
        for name in ("bank/search.html", "base.html"):
            app.jinja_env.get_template(name)
    except Exception:  # noqa: BLE001 - a warm-up must never keep a worker from serving
        app.logger.exception("warming the worker up failed; the first request will do it")


def shared_rate_limit_storage(environ: dict[str, str] | None = None) -> str:
    """Where several workers count login attempts: the configured storage if it is shared, else the database."""
    env = os.environ if environ is None else environ
    uri = env.get("QBANK_RATELIMIT_STORAGE_URI", "")
    return uri if uri and not uri.startswith("memory:") else "qbank-db://"


def start_shared_converter(settings: Settings) -> Path | None:
    """Start the LibreOffice converter service every worker shares (warming in the background while
    the workers boot) and tell the workers where it listens; None when LibreOffice or its Python
    bridge is missing (the workers then convert the slow way, one ``soffice`` call per batch)."""
    from officeconv import soffice_path, uno_python
    from officeconv.service import OWNER_ENV, SOCKET_ENV, ensure_service, socket_path_for

    if soffice_path() is None or uno_python() is None:
        return None
    sock = socket_path_for(settings.data_dir)
    os.environ[SOCKET_ENV] = str(sock)
    os.environ[OWNER_ENV] = str(os.getpid())  # this process becomes the gunicorn master
    try:
        ensure_service(sock, owner=os.getpid())
    except Exception as exc:  # noqa: BLE001 - serving must not fail for PDFs; the first PDF retries and says why
        print(f"QBank: the shared LibreOffice converter did not start yet ({exc})", file=sys.stderr)
    return sock


def stop_shared_converter(sock: Path | None) -> None:
    if sock is not None:
        from officeconv.service import stop_service

        stop_service(sock)


def serve_gunicorn(settings: Settings, host: str, port: int, workers: int, threads: int) -> None:
    """Run gunicorn in this process (it becomes the master); each worker builds its own app."""
    from gunicorn.app.base import BaseApplication

    # Workers read settings from the environment like any QBank process; the storage of the
    # rate limit must be one they share.
    os.environ["QBANK_RATELIMIT_STORAGE_URI"] = shared_rate_limit_storage()
    converter = start_shared_converter(settings)

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
                # Each worker opens its own database pool and index (nothing opened before the fork
                # is shared); it boots in a second or two and warms up before it takes requests.
                "preload_app": False,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from qbank.app import create_app
            from qbank.runtime import Runtime

            app = create_app(runtime=Runtime(settings))
            warm_worker(app)
            return app

    try:
        _App().run()
    finally:
        stop_shared_converter(converter)


def serve_waitress(app: Any, host: str, port: int, threads: int) -> None:
    make_server(app, host=host, port=port, threads=threads).run()
