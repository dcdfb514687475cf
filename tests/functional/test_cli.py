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
    invited = run(runtime, "consortium", "invite", "Bắc Trung Bộ", "Quảng Bình")
    assert invited.returncode == 0, invited.stderr
    listing = json.loads(run(runtime, "department", "list", "--json").stdout)
    assert {d["name"]: d["consortia"] for d in listing} == {"Quảng Bình": [], "Quảng Trị": []}  # nobody has accepted yet
    pending = [line.split()[0] for line in run(runtime, "consortium", "invitations").stdout.splitlines()]
    assert len(pending) == 2
    for invitation in pending:  # the operator answers here; `--as ADMIN` answers as that department's admin
        assert run(runtime, "consortium", "accept", invitation).returncode == 0
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


def wait_for_health(proc: subprocess.Popen, port: int, seconds: float) -> tuple[dict, str]:
    """/healthz's answer and the Server header, once the served process answers (or fail if it dies)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
                return json.loads(resp.read()), resp.headers.get("Server", "")
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise
            time.sleep(0.2)


def test_serve_answers_http_under_waitress(runtime) -> None:  # noqa: ANN001
    port = free_port()
    env = {**os.environ, "QBANK_DATA_DIR": str(runtime.settings.data_dir), "QBANK_DATABASE_URL": runtime.settings.database_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "qbank.cli.main", "serve", "--server", "waitress", "--port", str(port)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        body, server = wait_for_health(proc, port, 30)
        assert body == {"status": "ok", "schema": "current"}
        assert "waitress" in server.lower() or "qbank" in server.lower()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_exam_build_as_a_board_draws_on_the_reserved_pool_and_says_when_it_is_not_confidential(runtime, tmp_path) -> None:  # noqa: ANN001
    from qbank.domain.enums import Visibility
    from tests import factories
    from tests.functional.test_web_exams import stock

    factories.department(runtime, "Quảng Trị")
    factories.user(runtime, "board", "exam_board", "Quảng Trị")
    stock(runtime, 4, visibility=Visibility.RESERVED)
    stock(runtime, 4, visibility=Visibility.CONSORTIUM)
    blueprint = tmp_path / "bp.yaml"
    blueprint.write_text(
        "subject: Toán\ngrade: 12\nduration_minutes: 15\ntotal_points: 1\ntitle: Đề CLI\n"
        "parts: [{key: I, title: PHẦN I, type: mcq}]\n"
        "cells: [{part: I, topic: Hàm số, level: Nhận biết, count: 4, points: 0.25}]\n", encoding="utf-8")
    secret = run(runtime, "exam", "build", "--blueprint", str(blueprint), "--as", "board", "--json")
    assert secret.returncode == 0, secret.stderr
    info = json.loads(secret.stdout)
    assert info["confidential"] and info["release_policy"] == "reserved"
    open_paper = run(runtime, "exam", "build", "--blueprint", str(blueprint), "--as", "board", "--public", "--json")
    assert open_paper.returncode == 0 and json.loads(open_paper.stdout)["confidential"] is False
    assert run(runtime, "exam", "delete", str(info["id"])).returncode == 0
    listed = json.loads(run(runtime, "exam", "list", "--json").stdout)
    assert [e["id"] for e in listed] == [json.loads(open_paper.stdout)["id"]]


BLUEPRINT = Path(__file__).resolve().parents[2] / "qbank" / "demo" / "blueprint_toan12_2025.yaml"


@pytest.fixture
def exam_bank(runtime):  # noqa: ANN001, ANN201
    from qbank.demo.sample_exam import sample_bank
    from qbank.domain.enums import Status, Visibility
    from tests import factories

    for name in ("Quảng Trị", "Quảng Bình"):
        factories.department(runtime, name)
    # Confidential exams draw on their department's reserved pool: each department keeps one.
    for name in ("Quảng Trị", "Quảng Bình"):
        factories.stored_many(runtime, list(sample_bank(per_cell=6).values()), name, Status.APPROVED, Visibility.RESERVED)
    return runtime


def exam_questions(rt: Runtime, exam_id: int) -> set[int]:
    from sqlalchemy import select

    from qbank.db.models import ExamQuestion

    with rt.uow() as uow:
        return set(uow.session.scalars(select(ExamQuestion.question_id).where(ExamQuestion.exam_id == exam_id)))


def exam_department(rt: Runtime, exam_id: int) -> str:
    from qbank.db.models import Department, Exam

    with rt.uow() as uow:
        return uow.session.get(Department, uow.session.get(Exam, exam_id).department_id).name


def test_exam_build_from_the_command_line_applies_the_exposure_window(exam_bank) -> None:  # noqa: ANN001
    ids = []
    for seed in ("1", "2"):
        out = run(exam_bank, "exam", "build", "--blueprint", str(BLUEPRINT), "--seed", seed, "--versions", "1", "--json")
        assert out.returncode == 0, out.stderr
        ids.append(json.loads(out.stdout)["id"])
    first, second = (exam_questions(exam_bank, i) for i in ids)
    assert first.isdisjoint(second), f"{len(first & second)} questions of the previous exam reused"
    assert {exam_department(exam_bank, i) for i in ids} == {"Quảng Trị"}  # the department the blueprint names


def test_exam_build_for_a_named_department(exam_bank) -> None:  # noqa: ANN001
    out = run(exam_bank, "exam", "build", "--blueprint", str(BLUEPRINT), "--department", "Quảng Bình", "--versions", "1", "--json")
    assert out.returncode == 0, out.stderr
    assert exam_department(exam_bank, json.loads(out.stdout)["id"]) == "Quảng Bình"
    bad = run(exam_bank, "exam", "build", "--blueprint", str(BLUEPRINT), "--department", "Nowhere")
    assert bad.returncode == 1 and "no department 'Nowhere'" in bad.stderr


def test_a_release_time_in_the_past_is_refused_unless_confirmed(exam_bank) -> None:  # noqa: ANN001
    out = run(exam_bank, "exam", "build", "--blueprint", str(BLUEPRINT), "--release-at", "2026-06-26T07:30+07:00")
    assert out.returncode == 2 and "in the past" in out.stderr and "--allow-past" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    out = run(exam_bank, "exam", "build", "--blueprint", str(BLUEPRINT), "--release-at", "2026-06-26T07:30+07:00", "--allow-past")
    assert out.returncode == 0, out.stderr
    assert "confidential" not in out.stdout  # released at once, as asked


def test_release_time_is_shown_in_vietnam_time_with_the_zone(exam_bank) -> None:  # noqa: ANN001
    out = run(exam_bank, "exam", "build", "--blueprint", str(BLUEPRINT), "--versions", "1", "--release-at", "2099-06-26T07:30")
    assert out.returncode == 0, out.stderr
    assert "confidential until 26/06/2099 07:30 (UTC+07:00)" in out.stdout
    listing = run(exam_bank, "exam", "list")
    assert "26/06/2099 07:30 (UTC+07:00)" in listing.stdout
    from qbank.db.models import Exam

    with exam_bank.uow() as uow:
        stored = uow.session.get(Exam, 1).release_at
    assert (stored.hour, stored.minute) == (0, 30)  # stored in UTC


def test_counts_are_singular_for_one(runtime, tmp_path: Path) -> None:  # noqa: ANN001
    from docx import Document

    doc = Document()
    doc.add_paragraph("Câu 1: Một cộng một bằng mấy?")
    for label, text in zip("ABCD", "1234", strict=True):
        doc.add_paragraph().add_run(f"{label}. {text}").underline = label == "B"
    path = tmp_path / "mot_cau.docx"
    doc.save(path)
    out = run(runtime, "import", str(path), "--dry-run")
    assert out.returncode == 0, out.stderr
    assert "mot_cau.docx: 1 question," in out.stdout


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
