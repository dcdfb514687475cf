"""The ``qbank`` command line, run as a user runs it (a subprocess with QBANK_* settings)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from qbank.runtime import Runtime

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def run(rt: Runtime, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:  # noqa: A002
    env = {
        **os.environ,
        "QBANK_DATA_DIR": str(rt.settings.data_dir),
        "QBANK_DATABASE_URL": rt.settings.database_url,
        "QBANK_SEARCH_BACKEND": rt.settings.search_backend,
    }
    return subprocess.run(
        [sys.executable, "-m", "qbank.cli.main", *args], capture_output=True, text=True, env=env, input=input, timeout=120
    )


def test_help_lists_every_command(runtime) -> None:  # noqa: ANN001
    out = run(runtime, "--help")
    assert out.returncode == 0
    for command in ("init", "department", "consortium", "user", "import", "serve", "demo"):
        assert f"  {command}" in out.stdout


def test_init_is_safe_to_run_twice(runtime) -> None:  # noqa: ANN001
    for _ in range(2):
        out = run(runtime, "init")
        assert out.returncode == 0, out.stderr
        assert "database ready at revision" in out.stdout


def test_departments_consortia_and_users_from_the_command_line(runtime) -> None:  # noqa: ANN001
    assert run(runtime, "department", "add", "Quảng Trị", "--code", "QTR").returncode == 0
    assert run(runtime, "department", "add", "Quảng Bình").returncode == 0
    assert run(runtime, "consortium", "add", "Bắc Trung Bộ", "--member", "Quảng Trị").returncode == 0
    assert run(runtime, "consortium", "join", "Bắc Trung Bộ", "Quảng Bình").returncode == 0
    out = run(runtime, "user", "add", "giaovien", "--role", "teacher", "--department", "Quảng Bình", "--password", "mật khẩu dài")
    assert out.returncode == 0, out.stderr
    listing = json.loads(run(runtime, "department", "list", "--json").stdout)
    assert {d["name"]: d["consortia"] for d in listing} == {"Quảng Bình": ["Bắc Trung Bộ"], "Quảng Trị": ["Bắc Trung Bộ"]}
    users = json.loads(run(runtime, "user", "list", "--json").stdout)
    assert [(u["username"], u["role"], u["department"]) for u in users] == [("giaovien", "teacher", "Quảng Bình")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("department", "add", "Quảng Trị"), "already exists"),
        (("user", "add", "x1", "--role", "boss", "--department", "Quảng Trị", "--password", "12345678"), "'boss' is not one of"),
        (("user", "add", "abc", "--role", "teacher", "--department", "Nowhere", "--password", "12345678"), "no department 'Nowhere'"),
        (("user", "add", "abc", "--role", "teacher", "--department", "Quảng Trị", "--password", "short"), "password: at least 8"),
        (("import", "missing.docx", "--dry-run"), "missing.docx: no such file"),
        (("import", "x.docx"), "--department is required"),
        (("frobnicate",), "No such command"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line(runtime, args, message) -> None:  # noqa: ANN001
    run(runtime, "department", "add", "Quảng Trị")
    out = run(runtime, *args)
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert message in lines[0]


def test_a_command_on_an_uninitialised_database_says_to_run_init(tmp_path: Path) -> None:
    env = {**os.environ, "QBANK_DATA_DIR": str(tmp_path), "QBANK_DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"}
    out = subprocess.run([sys.executable, "-m", "qbank.cli.main", "department", "list"], capture_output=True, text=True, env=env)
    assert out.returncode == 1
    assert "run `qbank init`" in out.stderr


def test_demo_creates_a_consortium_users_for_every_role_and_sample_questions(runtime) -> None:  # noqa: ANN001
    out = run(runtime, "demo", "--no-serve")
    assert out.returncode == 0, out.stderr
    for role in ("admin", "contributor", "teacher", "exam_board"):
        assert role in out.stdout
    again = run(runtime, "demo", "--no-serve")
    assert again.returncode == 0 and "already present" in again.stdout
    from sqlalchemy import func, select

    from qbank.db.models import BlobRow, QuestionRow

    with runtime.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(QuestionRow)) >= 4
        assert uow.session.scalar(select(func.count()).select_from(BlobRow)) >= 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_http_under_waitress(runtime) -> None:  # noqa: ANN001
    port = free_port()
    env = {**os.environ, "QBANK_DATA_DIR": str(runtime.settings.data_dir), "QBANK_DATABASE_URL": runtime.settings.database_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "qbank.cli.main", "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
                    body = json.loads(resp.read())
                    server = resp.headers.get("Server", "")
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert body == {"status": "ok", "schema": "current"}
        assert "waitress" in server.lower() or "qbank" in server.lower()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_import_with_a_separate_answer_file_lists_doubtful_questions_first(runtime, tmp_path: Path) -> None:  # noqa: ANN001
    from tests.unit.importers.docx_builder import build, p, r

    opts = [p("A. 1"), p("B. 2"), p("C. 3"), p("D. 4")]
    marked = [p("A. 1"), p(r("B. 2", u=True)), p("C. 3"), p("D. 4")]
    paper = tmp_path / "de.docx"
    paper.write_bytes(build(p("Câu 1. x"), *opts, p("Câu 2. y"), *marked, p("Câu 3. z"), *opts))
    key = tmp_path / "dap_an.docx"
    key.write_bytes(build(p("ĐÁP ÁN"), p("1-C 3-A")))
    out = run(runtime, "import", str(paper), "--key", str(key), "--dry-run", "--json")
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert [q["answer"] for q in got["questions"]] == ["C", "B", "A"]
    assert [q["confidence"] < 1 for q in got["questions"]] == [False, True, False]
    assert got["questions"][1]["doubts"] == ["answer from formatting only"]
    assert any(m["text"] == "the answer key does not cover question 2" for m in got["messages"])
    text = run(runtime, "import", str(paper), "--key", str(key), "--dry-run")
    lines = text.stdout.splitlines()
    assert lines[1].startswith("  check question 2 (confidence 0.80): answer from formatting only")
    both = run(runtime, "import", str(paper), str(paper), "--key", str(key), "--dry-run")
    assert both.returncode != 0 and "--key goes with one paper" in both.stderr
