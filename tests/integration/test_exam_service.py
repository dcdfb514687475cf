"""Exam service: build from a blueprint, versions, confidentiality, exposure, practice tests, export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from qbank.db.models import AuditEntry, Exam, ExamQuestion, QuestionRow, utcnow
from qbank.demo.sample_exam import sample_bank
from qbank.domain.assembly import Unfillable
from qbank.domain.blueprint import load_blueprint
from qbank.domain.enums import Status, Visibility
from qbank.domain.errors import NotFound, PermissionDenied
from qbank.services.exams import (
    apply_due_releases,
    audit_log,
    build_exam,
    build_practice_test,
    export_exam_files,
    get_exam,
    list_exams,
    load_paper,
    release_exam,
)
from qbank.services.questions import get_question
from tests import factories

BLUEPRINT = Path(__file__).resolve().parents[2] / "qbank" / "demo" / "blueprint_toan12_2025.yaml"


@pytest.fixture
def bank(runtime):  # noqa: ANN001, ANN201
    for name in ("Quảng Trị", "Quảng Bình"):
        factories.department(runtime, name)
    factories.consortium(runtime, "Bắc Trung Bộ", ["Quảng Trị", "Quảng Bình"])
    ids = factories.stored_many(runtime, list(sample_bank(per_cell=6).values()), "Quảng Trị", Status.APPROVED, Visibility.CONSORTIUM)
    # The reserved pool official papers draw on (only Quảng Trị's exam board and admin see it).
    factories.stored_many(runtime, list(sample_bank(per_cell=6).values()), "Quảng Trị", Status.APPROVED, Visibility.RESERVED)
    actors = {
        "board": factories.user(runtime, "board", "exam_board", "Quảng Trị"),
        "teacher": factories.user(runtime, "teacher", "teacher", "Quảng Trị"),
        "other_board": factories.user(runtime, "board2", "exam_board", "Quảng Bình"),
        "other_teacher": factories.user(runtime, "teacher2", "teacher", "Quảng Bình"),
    }
    return ids, actors


def test_building_fills_every_cell_and_makes_versions_with_keys(runtime, bank) -> None:  # noqa: ANN001
    _, a = bank
    bp = load_blueprint(BLUEPRINT)
    with runtime.uow() as uow:
        info = build_exam(uow, a["board"], bp, versions=4, seed=7)
    assert info.question_count == bp.question_count()
    assert info.version_codes == ["101", "102", "103", "104"]
    with runtime.uow() as uow:
        paper, _ = load_paper(uow, a["board"], info.id)
    for version in paper.versions:
        assert len(version.key) == bp.question_count()
        assert {k.id for k in version.key} == {it.id for p in paper.parts for it in p.items}


def test_a_confidential_exam_draws_only_on_the_reserved_pool(runtime, bank) -> None:  # noqa: ANN001
    _, a = bank
    with runtime.uow() as uow:
        info = build_exam(uow, a["board"], load_blueprint(BLUEPRINT), versions=2, seed=1)
        used = set(uow.session.scalars(select(ExamQuestion.question_id).where(ExamQuestion.exam_id == info.id)))
        pools = set(uow.session.scalars(select(QuestionRow.visibility).where(QuestionRow.id.in_(used))))
    assert info.confidential and info.embargoed and pools == {"reserved"}


def test_a_confidential_exam_is_hidden_until_release_then_its_questions_follow_the_release_policy(runtime, bank) -> None:  # noqa: ANN001
    _, a = bank
    with runtime.uow() as uow:
        info = build_exam(uow, a["board"], load_blueprint(BLUEPRINT), versions=2, seed=1, release_policy="consortium")
    with runtime.uow() as uow:
        paper, _ = load_paper(uow, a["board"], info.id)
    qid = paper.parts[0].items[0].id
    with runtime.uow() as uow:
        assert get_question(uow, a["board"], qid).usage_count == 0  # exposure is counted at release, not at the build
    for who in ("teacher", "other_board", "other_teacher"):
        with runtime.uow() as uow, pytest.raises(NotFound):
            get_exam(uow, a[who], info.id)
        with runtime.uow() as uow, pytest.raises(NotFound):
            get_question(uow, a[who], qid)
        with runtime.uow() as uow:
            assert info.id not in [e.id for e in list_exams(uow, a[who])]
    with runtime.uow() as uow:
        release_exam(uow, a["board"], info.id)
    with runtime.uow() as uow:
        seen = get_question(uow, a["other_teacher"], qid)
        assert seen.visibility == "consortium" and seen.usage_count == 1
        assert get_exam(uow, a["teacher"], info.id).status == "released"


def test_a_release_time_that_passes_later_is_applied_by_apply_due_releases(runtime, bank) -> None:  # noqa: ANN001
    _, a = bank
    with runtime.uow() as uow:
        info = build_exam(uow, a["board"], load_blueprint(BLUEPRINT), versions=1, seed=5, release_policy="public",
                          release_at=utcnow() + timedelta(hours=1))
    with runtime.uow() as uow:
        qid = load_paper(uow, a["board"], info.id)[0].parts[0].items[0].id
    with runtime.uow() as uow:
        assert apply_due_releases(uow) == 0
    with runtime.uow() as uow:  # the hour passes
        uow.session.execute(update(Exam).where(Exam.id == info.id).values(release_at=utcnow() - timedelta(seconds=1)))
        uow.commit()
    with runtime.uow() as uow:
        assert apply_due_releases(uow) == 1
    with runtime.uow() as uow:
        assert get_question(uow, a["other_teacher"], qid).visibility == "public"


def test_only_the_exam_board_builds_and_releases(runtime, bank) -> None:  # noqa: ANN001
    _, a = bank
    with runtime.uow() as uow, pytest.raises(PermissionDenied):
        build_exam(uow, a["teacher"], load_blueprint(BLUEPRINT))


def test_same_bank_and_seed_give_the_same_exam_and_versions(runtime, bank) -> None:  # noqa: ANN001
    _, a = bank
    bp = load_blueprint(BLUEPRINT)
    papers = []
    for _ in range(2):
        with runtime.uow() as uow:  # the first build raised usage counts: put the bank back as it was
            uow.session.execute(update(QuestionRow).values(usage_count=0, last_used_at=None))
            uow.commit()
        with runtime.uow() as uow:
            info = build_exam(uow, a["board"], bp, versions=3, seed=42, recent_exams=0)
        with runtime.uow() as uow:
            papers.append(load_paper(uow, a["board"], info.id)[0])
    assert [v.to_json() for v in papers[0].versions] == [v.to_json() for v in papers[1].versions]


def test_questions_of_the_last_exam_are_not_reused(runtime, bank) -> None:  # noqa: ANN001
    _, a = bank
    bp = load_blueprint(BLUEPRINT)
    with runtime.uow() as uow:
        first = build_exam(uow, a["board"], bp, seed=1, recent_exams=1)
    with runtime.uow() as uow:
        second = build_exam(uow, a["board"], bp, seed=1, recent_exams=1)
    with runtime.uow() as uow:
        used = [
            set(uow.session.scalars(select(ExamQuestion.question_id).where(ExamQuestion.exam_id == e.id)))
            for e in (first, second)
        ]
    assert used[0].isdisjoint(used[1])


def test_a_cell_the_bank_cannot_fill_is_reported_with_what_is_available(runtime, bank) -> None:  # noqa: ANN001
    _, a = bank
    bp = load_blueprint(BLUEPRINT)
    bp.cells[0].count = 50
    bp.total_points += 47 * bp.cells[0].points
    with runtime.uow() as uow, pytest.raises(Unfillable) as err:
        build_exam(uow, a["board"], bp)
    assert "needs 50" in str(err.value) and "available" in str(err.value)
    with runtime.uow() as uow:
        assert list_exams(uow, a["board"]) == []


def test_teacher_builds_a_practice_test_from_chosen_questions(runtime, bank, tmp_path) -> None:  # noqa: ANN001
    ids, a = bank
    with runtime.uow() as uow:
        info = build_practice_test(uow, a["other_teacher"], ids[:5], title="Ôn tập chương I")
    assert info.kind == "practice" and not info.embargoed and info.question_count == 5
    with runtime.uow() as uow:
        paths = export_exam_files(uow, a["other_teacher"], info.id, "docx", tmp_path)
    assert paths and paths[0].suffix == ".docx" and paths[0].stat().st_size > 5000


def test_exports_of_a_confidential_exam_are_audited(runtime, bank, tmp_path) -> None:  # noqa: ANN001
    _, a = bank
    with runtime.uow() as uow:
        info = build_exam(uow, a["board"], load_blueprint(BLUEPRINT), versions=2, release_at=utcnow() + timedelta(days=2))
    with runtime.uow() as uow:
        get_exam(uow, a["board"], info.id)
    with runtime.uow() as uow:
        paths = export_exam_files(uow, a["board"], info.id, "xlsx", tmp_path)
    assert paths
    with runtime.uow() as uow:
        actions = [e["action"] for e in audit_log(uow, a["board"])]
        assert actions[:3] == ["export", "view", "build"]
        assert uow.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.object_type == "exam")) == 3
    with runtime.uow() as uow, pytest.raises(NotFound):
        export_exam_files(uow, a["other_board"], info.id, "docx", tmp_path)


def test_a_practice_test_cannot_carry_a_confidential_question(runtime, bank) -> None:  # noqa: ANN001
    ids, a = bank
    with runtime.uow() as uow:
        info = build_exam(uow, a["board"], load_blueprint(BLUEPRINT), versions=1, seed=3)
    with runtime.uow() as uow:
        hidden = load_paper(uow, a["board"], info.id)[0].parts[0].items[0].id
    with runtime.uow() as uow, pytest.raises(NotFound):
        build_practice_test(uow, a["board"], [hidden], title="Ôn tập")


def test_practice_tests_made_before_a_build_behave_the_same_afterwards(runtime, bank, tmp_path) -> None:  # noqa: ANN001
    """Finding 4: no practice test turns 404 because an exam was built (no membership oracle)."""
    ids, a = bank
    practices = {}
    for who in ("teacher", "other_teacher"):
        with runtime.uow() as uow:
            practices[who] = build_practice_test(uow, a[who], ids[:40], title="Ôn tập").id
    with runtime.uow() as uow:
        build_exam(uow, a["board"], load_blueprint(BLUEPRINT), versions=1, seed=3)
    for who, pid in practices.items():
        with runtime.uow() as uow:
            assert len(load_paper(uow, a[who], pid)[0].items()) == 40
        with runtime.uow() as uow:
            assert export_exam_files(uow, a[who], pid, "docx", tmp_path / who)


def test_the_departments_admin_builds_and_opens_confidential_exams(runtime, bank) -> None:  # noqa: ANN001
    admin = factories.user(runtime, "admin.qt", "admin", "Quảng Trị")
    with runtime.uow() as uow:
        info = build_exam(uow, admin, load_blueprint(BLUEPRINT), versions=1, seed=4)
    with runtime.uow() as uow:
        assert get_exam(uow, admin, info.id).id == info.id
