"""HEAD and GET never reach a write: every route that accepts POST runs its write only on POST."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from werkzeug.routing import IntegerConverter

from qbank.app import create_app
from tests import factories
from tests.functional.web_fixtures import SAMPLE_DOCX, as_user, login, web_app, world  # noqa: F401 - fixtures

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@contextmanager
def writes(engine) -> Iterator[list[str]]:  # noqa: ANN001
    """The INSERT/UPDATE/DELETE statements sent to the database inside the block."""
    seen: list[str] = []

    def spy(conn, cursor, statement, params, context, executemany) -> None:  # noqa: ANN001
        if WRITE.match(statement):
            seen.append(statement.split("\n")[0][:120])

    event.listen(engine, "before_cursor_execute", spy)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", spy)


def _form(qid: int) -> dict:
    """A body that would make any of the app's POST handlers write if it ran."""
    return {
        "username": "admin", "password": factories.PASSWORD, "name": "a token", "stem": "changed stem", "note": "n",
        "base_version": "1", "action": "build", "status": "retired", "visibility": "public", "subject": "Toán", "grade": "12",
        "format": "docx", "display_name": "x", "role": "teacher", "department": "Quảng Trị", "lang": "en", "ids": str(qid),
        "question_id": str(qid), "file": (io.BytesIO(SAMPLE_DOCX.read_bytes()), "paper.docx"),
    }


def _path(rule, qid: int) -> str:  # noqa: ANN001
    values = {}
    for arg in rule.arguments:
        # Integer parts (question, exam, user, token ids) get a real question id; others a token-like string.
        values[arg] = qid if isinstance(rule._converters.get(arg), IntegerConverter) else "a" * 32
    return rule.build(values, append_unknown=False)[1]


def test_every_route_that_accepts_post_writes_nothing_on_head_or_get(web_app, world) -> None:  # noqa: ANN001, F811
    client = web_app.test_client()
    login(client, "admin")
    qid = world.q["deriv"]
    uploads = world.rt.settings.data_dir / "uploads"
    checked = []
    for rule in web_app.url_map.iter_rules():
        if "POST" not in (rule.methods or ()):
            continue
        path = _path(rule, qid)
        for method in ("HEAD", "GET"):
            before = sorted(p.name for p in uploads.iterdir()) if uploads.is_dir() else []
            with writes(world.rt.engine) as seen:
                resp = client.open(path, method=method, data=_form(qid))
            after = sorted(p.name for p in uploads.iterdir()) if uploads.is_dir() else []
            assert resp.status_code < 500, (method, path, resp.status_code)
            assert not seen, f"{method} {path} wrote: {seen}"
            assert before == after, f"{method} {path} stored an upload"
            checked.append((method, path))
    assert len(checked) >= 30, checked
    # Still logged in as before, with no new token: nothing above ran a POST path.
    assert client.get("/account").status_code == 200


def test_head_and_get_reach_the_same_handler_and_never_the_post_one(web_app) -> None:  # noqa: ANN001, F811
    adapter = web_app.url_map.bind("localhost")
    for rule in web_app.url_map.iter_rules():
        if "POST" not in (rule.methods or ()):
            continue
        view = web_app.view_functions[rule.endpoint]
        if getattr(view, "view_class", None) is not None:
            # A MethodView dispatches HEAD to its ``get`` and POST to its ``post`` method.
            assert not hasattr(view.view_class, "head"), rule
            continue
        path = _path(rule, 1)
        for method in ("HEAD", "GET"):
            try:
                endpoint, _ = adapter.match(path, method=method)
            except Exception:  # noqa: BLE001, S112 - 405: the method is not served at all, which is fine
                continue
            assert endpoint != rule.endpoint, f"{method} {path} runs the POST handler {rule.endpoint}"


def test_head_login_never_logs_in_and_skips_no_csrf(runtime, world) -> None:  # noqa: ANN001, F811
    app = create_app({"TESTING": True, "SECRET_KEY": "t"}, runtime=runtime)  # CSRF on
    client = app.test_client()
    resp = client.head("/login", data={"username": "teacher", "password": factories.PASSWORD})
    assert resp.status_code == 200
    assert client.get("/bank").status_code == 302  # not logged in


def test_login_rate_limit_counts_every_attempt_whatever_the_method(runtime, world) -> None:  # noqa: ANN001, F811
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "3 per minute"}, runtime=runtime)
    client = app.test_client()
    for i in range(5):  # HEAD never makes an attempt, so it never gets an answer about a password
        resp = client.head("/login", data={"username": f"nobody{i}", "password": "x"})
        assert resp.status_code == 200
    codes = [client.post("/login", data={"username": f"nobody{i}", "password": "x"}).status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]
    assert client.post("/login", data={"username": "teacher", "password": factories.PASSWORD}).status_code == 429


def test_head_import_parses_nothing(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("contrib")
    resp = client.head("/import", data={"file": (io.BytesIO(SAMPLE_DOCX.read_bytes()), "paper.docx")})
    assert resp.status_code == 200 and "Location" not in resp.headers
    uploads = world.rt.settings.data_dir / "uploads"
    assert not uploads.is_dir() or not any(uploads.iterdir())


def test_head_new_exam_builds_nothing(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("board")
    with writes(world.rt.engine) as seen:
        resp = client.head("/exams/new", data={"action": "build", "subject": "Toán"})
    assert resp.status_code == 200 and not seen
