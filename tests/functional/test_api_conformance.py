"""API conformance: every timestamp carries an offset (RFC 3339, the OpenAPI ``date-time`` format) and
every error, malformed requests included, answers in the API's JSON error shape."""

from __future__ import annotations

import json
import re
import socket
import threading
from typing import Any

from qbank.domain.enums import Visibility
from tests.functional.test_api_exams import BLUEPRINT
from tests.functional.test_web_exams import stock
from tests.functional.web_fixtures import api, as_user, web_app, world  # noqa: F401 - fixtures

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
LOOKS_LIKE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def _times(value: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in _times(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [t for i, v in enumerate(value) for t in _times(v, f"{path}[{i}]")]
    if isinstance(value, str) and LOOKS_LIKE_TIME.match(value):
        return [(path, value)]
    return []


def test_every_timestamp_the_api_sends_carries_an_offset(api, world) -> None:  # noqa: ANN001, F811
    stock(world.rt, visibility=Visibility.RESERVED)  # the API builds a confidential exam
    board = api("board")
    exam = board.post("/api/v1/exams", json={"blueprint": BLUEPRINT, "versions": 2, "seed": 1}).json
    board.get(f"/api/v1/exams/{exam['id']}")
    qid = world.q["deriv"]
    seen: list[tuple[str, str]] = []
    for url in ("/api/v1/questions", f"/api/v1/questions/{qid}", f"/api/v1/questions/{qid}/versions", "/api/v1/exams",
                f"/api/v1/exams/{exam['id']}", "/api/v1/tokens", "/api/v1/audit"):
        resp = board.get(url)
        assert resp.status_code == 200, (url, resp.json)
        seen += [(url + where, value) for where, value in _times(resp.json)]
    assert len(seen) >= 10, seen
    naive = [(where, value) for where, value in seen if not RFC3339.match(value)]
    assert not naive, naive


def test_the_spec_declares_every_timestamp_as_date_time(web_app) -> None:  # noqa: ANN001, F811
    spec = web_app.test_client().get("/api/v1/openapi.json").json
    stamps = {
        (name, prop)
        for name, schema in spec["components"]["schemas"].items()
        for prop, field in schema.get("properties", {}).items()
        if prop == "at" or prop.endswith("_at")
    }
    assert len(stamps) >= 8, stamps
    for name, prop in stamps:
        assert spec["components"]["schemas"][name]["properties"][prop].get("format") == "date-time", (name, prop)


def _is_error_shape(body: Any) -> bool:
    return isinstance(body, dict) and isinstance(body.get("error"), str) and isinstance(body.get("message"), str) and "details" in body


def test_malformed_requests_answer_the_json_error_shape(api, world) -> None:  # noqa: ANN001, F811
    admin = api("admin")
    cases = {
        "bad JSON": admin.post("/api/v1/tokens", data="{bad", content_type="application/json"),
        "not UTF-8": admin.post("/api/v1/tokens", data=b'{"name": "\xff"}', content_type="application/json"),
        "405": admin.post("/api/v1/me"),
        "404": admin.get("/api/v1/nowhere"),
        "404 id": admin.get("/api/v1/questions/99999"),
        "bad query": admin.get("/api/v1/questions?page=abc"),
        "bad scheme": world and api("admin").get("/api/v1/me", headers={"Authorization": "Basic abc"}),
    }
    for label, resp in cases.items():
        assert resp.status_code >= 400 and resp.content_type == "application/json", label
        assert _is_error_shape(resp.json), (label, resp.json)


def test_the_upload_limit_answers_the_json_error_shape(runtime, world) -> None:  # noqa: ANN001, F811
    from qbank.app import create_app
    from tests.functional.web_fixtures import token_for

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False, "MAX_UPLOAD_MB": 1}, runtime=runtime)
    resp = app.test_client().post("/api/v1/imports", data=b"x" * (2 * 1024 * 1024), content_type="application/octet-stream",
                                  headers={"Authorization": f"Bearer {token_for(runtime, 'admin')}"})
    assert resp.status_code == 413 and _is_error_shape(resp.json)


def _raw(port: int, request: bytes) -> tuple[str, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return lines[0], headers, body


def test_the_server_answers_malformed_headers_under_api_as_json(web_app, world) -> None:  # noqa: ANN001, F811
    from qbank.serving import make_server

    server = make_server(web_app, host="127.0.0.1", port=0, threads=2)
    port = server.effective_port
    stopping = threading.Event()

    def serve() -> None:
        try:
            server.run()
        except OSError:
            if not stopping.is_set():  # closing the socket under the loop is how this test stops it
                raise

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        for bad in (b"BadHeader\r\n", b"Bad Header: 1\r\n", b"Content-Length: abc\r\n", b"Transfer-Encoding: gzip\r\n"):
            status, headers, body = _raw(port, b"POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\n" + bad + b"Connection: close\r\n\r\n")
            assert status.split()[1] in ("400", "501"), (bad, status)
            assert headers["content-type"] == "application/json", (bad, headers)
            assert _is_error_shape(json.loads(body)), body
        # Outside the API a browser still gets the server's short text.
        status, headers, _ = _raw(port, b"GET /login HTTP/1.1\r\nHost: x\r\nBadHeader\r\nConnection: close\r\n\r\n")
        assert status.split()[1] == "400" and headers["content-type"].startswith("text/plain")
        status, headers, body = _raw(port, b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert status.split()[1] == "401" and _is_error_shape(json.loads(body))
    finally:
        stopping.set()
        server.close()
        thread.join(timeout=5)


def test_text_with_a_nul_character_is_refused_as_bad_input_on_every_database(api, world, as_user) -> None:  # noqa: ANN001, F811
    # PostgreSQL text cannot hold a NUL: before this guard, a search for one was a server error there.
    admin = api("admin")
    for resp in (admin.get("/api/v1/questions?q=a%00b"), admin.get("/api/v1/questions?subject=%00"),
                 admin.post("/api/v1/tokens", json={"name": "a\x00b"})):
        assert resp.status_code == 400 and _is_error_shape(resp.json) and "NUL" in resp.json["message"]
    page = as_user("teacher").get("/bank?q=%00")
    assert page.status_code == 400 and page.mimetype == "text/html"
