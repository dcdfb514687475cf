"""Builds the demo instance: a consortium of departments, one user per role, sample questions and papers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from qbank.db.models import Department, QuestionSet
from qbank.domain.actor import SYSTEM
from qbank.domain.enums import Status, Visibility
from qbank.domain.errors import QBankError
from qbank.runtime import Runtime
from qbank.services.blobs import put_blobs
from qbank.services.orgs import create_department, find_department
from qbank.services.questions import add_questions
from qbank.services.users import create_user

DEMO_PASSWORD = "qbank-demo-2026"
CONSORTIUM = "Liên kết các Sở GD&ĐT Bắc Trung Bộ"
DEPARTMENTS = ["Quảng Trị", "Quảng Bình", "Thừa Thiên Huế"]
USERS = [
    ("admin", "admin", "Quảng Trị"),
    ("contributor", "contributor", "Quảng Trị"),
    ("teacher", "teacher", "Quảng Trị"),
    ("examboard", "exam_board", "Quảng Trị"),
    ("teacher.qb", "teacher", "Quảng Bình"),
    ("examboard.qb", "exam_board", "Quảng Bình"),
]
PAPERS_DIR = Path(__file__).with_name("papers")
BLUEPRINT = Path(__file__).with_name("blueprint_toan12_2025.yaml")


@dataclass
class DemoReport:
    password: str = DEMO_PASSWORD
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    created: bool = False


def setup_demo(rt: Runtime, echo: Callable[[str], None] = print) -> DemoReport:
    """Idempotent: a second run finds the demo in place and only reports the logins."""
    report = DemoReport(logins=[(u, r, d) for u, r, d in USERS])
    with rt.uow() as uow:
        if uow.session.scalar(select(Department).where(Department.name == DEPARTMENTS[0])):
            echo("demo data already present")
            return report
    for name in DEPARTMENTS:
        with rt.uow() as uow:
            create_department(uow, SYSTEM, name)
    _found_consortium(rt)
    for username, role, dept in USERS:
        with rt.uow() as uow:
            create_user(uow, SYSTEM, username, DEMO_PASSWORD, role, dept, display_name=username)
    _add_samples(rt)
    _import_papers(rt, echo)
    _build_exam(rt, echo)
    report.created = True
    echo(f"demo instance ready in {rt.settings.data_dir}")
    return report


def _found_consortium(rt: Runtime) -> None:
    """The consortium, joined by consent: every department is invited and (here, the operator
    answering for each department's admin) accepts; the audit log records each step."""
    from qbank.services.consortia import accept_invitation, create_consortium, list_invitations

    with rt.uow() as uow:
        create_consortium(uow, SYSTEM, CONSORTIUM, DEPARTMENTS)
    with rt.uow() as uow:
        pending = [i.id for i in list_invitations(uow, SYSTEM)]
    for invitation in pending:
        with rt.uow() as uow:
            accept_invitation(uow, SYSTEM, invitation)


RESERVED_FIRST = 1000  # the reserved pool numbers its questions from here: none repeats the ordinary bank


def _add_reserved_pool(rt: Runtime) -> None:
    """Quảng Trị's reserved exam pool: questions only its exam board and admin ever see, from the
    same realistic templates as the ordinary bank but numbered apart from it, so none is a copy of
    a question teachers can read; large enough for the demo blueprint again and again."""
    from qbank.demo.toan12_bank import demo_bank
    from qbank.domain.blueprint import load_blueprint

    blueprint = load_blueprint(BLUEPRINT)
    seen = {q.fingerprint() for q in demo_bank(blueprint)}  # a few templates repeat: keep those out
    pool = [q for q in demo_bank(blueprint, first_k=RESERVED_FIRST) if q.fingerprint() not in seen]
    with rt.uow() as uow:
        dept = find_department(uow, DEPARTMENTS[0])
        for q in pool:
            q.status, q.visibility = Status.APPROVED, Visibility.RESERVED
            q.tags.department = dept.name
            q.tags.source_exam = "Ngân hàng đề dự trữ (demo)"
        uow.reindex_many(add_questions(uow.session, SYSTEM, pool, department_id=dept.id))
        uow.commit()


def _add_samples(rt: Runtime) -> None:
    from qbank.demo.samples import sample_questions

    questions, blobs = sample_questions()
    with rt.uow() as uow:
        dept = find_department(uow, DEPARTMENTS[0])
        put_blobs(uow.session, blobs)
        for q in questions:
            q.status, q.visibility = Status.APPROVED, Visibility.CONSORTIUM
            q.tags.department = dept.name
        uow.reindex_many(add_questions(uow.session, SYSTEM, questions, department_id=dept.id))
        uow.commit()


def _add_synthetic_bank(rt: Runtime) -> None:
    """The tagged Toán 12 bank (``qbank.demo.toan12_bank``): every cell of the demo blueprint
    filled enough times for it to build again and again under the exposure window."""
    from qbank.demo.sample_exam import png_graph
    from qbank.demo.toan12_bank import demo_bank
    from qbank.domain.blueprint import load_blueprint
    from qbank.domain.question import Blob

    picture = Blob(png_graph(), "image/png")
    with rt.uow() as uow:
        dept = find_department(uow, DEPARTMENTS[0])
        put_blobs(uow.session, {picture.sha256: picture})
        bank = demo_bank(load_blueprint(BLUEPRINT), picture=picture.sha256)
        for q in bank:
            q.status, q.visibility = Status.APPROVED, Visibility.CONSORTIUM
            q.tags.department = dept.name
            q.tags.source_exam = "Ngân hàng mẫu Toán 12 (demo)"
        uow.reindex_many(add_questions(uow.session, SYSTEM, bank, department_id=dept.id))
        uow.commit()


def _build_exam(rt: Runtime, echo: Callable[[str], None]) -> None:
    """A confidential 2025-format Toán 12 exam in four versions, built by Quảng Trị's exam board
    from its reserved pool (so building it changed nothing anyone else can see)."""
    from datetime import timedelta

    from qbank.db.models import User, utcnow
    from qbank.domain.blueprint import load_blueprint
    from qbank.services.exams import build_exam
    from qbank.services.orgs import actor_for

    _add_synthetic_bank(rt)
    _add_reserved_pool(rt)
    with rt.uow() as uow:
        board = actor_for(uow, uow.session.scalar(select(User).where(User.username == "examboard")))
    with rt.uow() as uow:
        info = build_exam(
            uow, board, load_blueprint(BLUEPRINT), versions=4, seed=2026, title="Đề thi thử tốt nghiệp THPT môn Toán 2026",
            release_at=utcnow() + timedelta(days=14), release_policy="consortium",
        )
    echo(f"built exam {info.id} ({info.question_count} questions, versions {', '.join(info.version_codes)}), confidential for 14 days")


def _import_papers(rt: Runtime, echo: Callable[[str], None]) -> None:
    """Import the sample papers shipped in qbank/demo/papers, each into the department it names."""
    from qbank.services.imports import import_file

    for path in sorted(PAPERS_DIR.glob("*.*")):
        if path.suffix not in {".docx", ".xlsx"}:
            continue
        dept = DEPARTMENTS[1] if "quangbinh" in path.name else DEPARTMENTS[0]
        try:
            with rt.uow() as uow:
                if uow.session.scalar(select(QuestionSet.id).where(QuestionSet.filename == path.name)):
                    continue
                summary = import_file(
                    uow, SYSTEM, path.name, path.read_bytes(), department=dept, approve=True, visibility=Visibility.CONSORTIUM
                )
            echo(f"imported {path.name}: {len(summary.created)} questions into {dept}")
        except (QBankError, ImportError) as exc:
            echo(f"skipped {path.name}: {exc}")
