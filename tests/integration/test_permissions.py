"""Who sees which question: departments, consortia, public, drafts, and confidential exams."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from qbank.db.models import Exam, ExamQuestion, QuestionRow, utcnow
from qbank.domain.enums import Status, Visibility
from qbank.domain.errors import NotFound
from qbank.services import permissions
from qbank.services.questions import get_question
from tests import factories


@pytest.fixture
def world(runtime):  # noqa: ANN001, ANN201
    for name in ("Quảng Trị", "Quảng Bình", "Hà Tĩnh"):
        factories.department(runtime, name)
    factories.consortium(runtime, "Bắc Trung Bộ", ["Quảng Trị", "Quảng Bình"])
    q = {
        "qt_dept": factories.stored(runtime, factories.mcq("QT riêng"), "Quảng Trị", Status.APPROVED, Visibility.DEPARTMENT),
        "qt_cons": factories.stored(runtime, factories.mcq("QT liên kết"), "Quảng Trị", Status.APPROVED, Visibility.CONSORTIUM),
        "qt_draft_cons": factories.stored(runtime, factories.mcq("QT nháp"), "Quảng Trị", Status.DRAFT, Visibility.CONSORTIUM),
        "ht_public": factories.stored(runtime, factories.mcq("HT công khai"), "Hà Tĩnh", Status.APPROVED, Visibility.PUBLIC),
        "ht_cons": factories.stored(runtime, factories.mcq("HT liên kết"), "Hà Tĩnh", Status.APPROVED, Visibility.CONSORTIUM),
    }
    actors = {
        "qt_teacher": factories.user(runtime, "teacher1", "teacher", "Quảng Trị"),
        "qt_contrib": factories.user(runtime, "contrib1", "contributor", "Quảng Trị"),
        "qt_board": factories.user(runtime, "board1", "exam_board", "Quảng Trị"),
        "qb_teacher": factories.user(runtime, "teacher2", "teacher", "Quảng Bình"),
        "qb_board": factories.user(runtime, "board2", "exam_board", "Quảng Bình"),
        "ht_teacher": factories.user(runtime, "teacher3", "teacher", "Hà Tĩnh"),
    }
    return q, actors


def visible(runtime, actor) -> set[int]:  # noqa: ANN001
    with runtime.uow() as uow:
        return set(uow.session.scalars(select(QuestionRow.id).where(permissions.question_visible_clause(actor, utcnow()))))


def test_teacher_sees_approved_questions_of_own_department_consortium_and_public(runtime, world) -> None:  # noqa: ANN001
    q, a = world
    assert visible(runtime, a["qt_teacher"]) == {q["qt_dept"], q["qt_cons"], q["ht_public"]}


def test_consortium_partner_sees_shared_but_not_department_only_or_drafts(runtime, world) -> None:  # noqa: ANN001
    q, a = world
    assert visible(runtime, a["qb_teacher"]) == {q["qt_cons"], q["ht_public"]}


def test_department_outside_the_consortium_sees_only_public_and_its_own(runtime, world) -> None:  # noqa: ANN001
    q, a = world
    assert visible(runtime, a["ht_teacher"]) == {q["ht_public"], q["ht_cons"]}


def test_contributor_sees_own_department_drafts(runtime, world) -> None:  # noqa: ANN001
    q, a = world
    assert q["qt_draft_cons"] in visible(runtime, a["qt_contrib"])
    assert q["qt_draft_cons"] not in visible(runtime, a["qt_teacher"])


def make_confidential_exam(runtime, question_id: int, dept: str, release_in: timedelta | None) -> int:  # noqa: ANN001
    with runtime.uow() as uow:
        from qbank.services.orgs import find_department

        d = find_department(uow, dept)
        exam = Exam(department_id=d.id, title="Đề thi HSG", confidential=True, release_at=utcnow() + release_in if release_in else None)
        uow.session.add(exam)
        uow.session.flush()
        uow.session.add(ExamQuestion(exam_id=exam.id, position=1, question_id=question_id, question_version=1))
        uow.commit()
        return exam.id


def test_confidential_exam_hides_its_questions_from_everyone_but_its_exam_board(runtime, world) -> None:  # noqa: ANN001
    q, a = world
    make_confidential_exam(runtime, q["qt_cons"], "Quảng Trị", timedelta(days=3))
    for who in ("qt_teacher", "qt_contrib", "qb_teacher", "qb_board"):
        assert q["qt_cons"] not in visible(runtime, a[who]), who
        with runtime.uow() as uow, pytest.raises(NotFound):
            get_question(uow, a[who], q["qt_cons"])
    assert q["qt_cons"] in visible(runtime, a["qt_board"])


def test_confidential_exam_questions_reappear_after_release(runtime, world) -> None:  # noqa: ANN001
    q, a = world
    make_confidential_exam(runtime, q["qt_cons"], "Quảng Trị", timedelta(seconds=-1))
    assert q["qt_cons"] in visible(runtime, a["qt_teacher"])
    assert q["qt_cons"] in visible(runtime, a["qb_teacher"])


def test_hidden_and_missing_questions_answer_the_same_not_found(runtime, world) -> None:  # noqa: ANN001
    q, a = world
    with runtime.uow() as uow, pytest.raises(NotFound) as hidden:
        get_question(uow, a["ht_teacher"], q["qt_dept"])
    with runtime.uow() as uow, pytest.raises(NotFound) as missing:
        get_question(uow, a["ht_teacher"], 999999)
    assert str(hidden.value).replace(str(q["qt_dept"]), "N") == str(missing.value).replace("999999", "N")


def test_an_admin_creates_accounts_only_in_their_own_department(runtime, world) -> None:  # noqa: ANN001
    from qbank.domain.errors import PermissionDenied
    from qbank.services.users import create_user

    admin = factories.user(runtime, "admin.qt", "admin", "Quảng Trị")
    with runtime.uow() as uow, pytest.raises(PermissionDenied, match="own department"):
        create_user(uow, admin, "fake.board", "long password", "exam_board", "Quảng Bình")
    with runtime.uow() as uow:
        assert create_user(uow, admin, "new.teacher", "long password", "teacher", "Quảng Trị").department == "Quảng Trị"
