"""The production WSGI server (waitress), with the API's JSON error shape even for requests waitress
itself refuses before the app sees them (malformed headers, a bad Content-Length, an unsupported
Transfer-Encoding)."""

from __future__ import annotations

import json
from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server
from waitress.task import ErrorTask

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
