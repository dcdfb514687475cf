"""Who sees which question: departments, consortia, public, drafts, and reserved exam pools."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qbank.db.models import QuestionRow, utcnow
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


def test_a_reserved_question_is_seen_only_by_its_departments_exam_board_and_admin(runtime, world) -> None:  # noqa: ANN001
    q, a = world
    reserved = factories.stored(runtime, factories.mcq("QT dự trữ"), "Quảng Trị", Status.APPROVED, Visibility.RESERVED)
    reserved_draft = factories.stored(runtime, factories.mcq("QT dự trữ nháp"), "Quảng Trị", Status.DRAFT, Visibility.RESERVED)
    admin = factories.user(runtime, "admin.qt", "admin", "Quảng Trị")
    for who in ("qt_teacher", "qt_contrib", "qb_teacher", "qb_board", "ht_teacher"):
        assert {reserved, reserved_draft}.isdisjoint(visible(runtime, a[who])), who
        with runtime.uow() as uow, pytest.raises(NotFound):
            get_question(uow, a[who], reserved)
    assert {reserved, reserved_draft} <= visible(runtime, a["qt_board"])
    assert {reserved, reserved_draft} <= visible(runtime, admin)


def test_a_shared_reserved_pool_reaches_partner_exam_boards_only_while_shared_and_a_member(runtime, world) -> None:  # noqa: ANN001
    from qbank.domain.actor import SYSTEM
    from qbank.services.consortia import leave_consortium, share_reserved_pool

    q, a = world
    reserved = factories.stored(runtime, factories.mcq("QT dự trữ dùng chung"), "Quảng Trị", Status.APPROVED, Visibility.RESERVED)
    draft = factories.stored(runtime, factories.mcq("QT dự trữ nháp"), "Quảng Trị", Status.DRAFT, Visibility.RESERVED)

    def board_qb():  # noqa: ANN202 - the partner's exam board, loaded afresh (sharing is read at login)
        return factories.user_again(runtime, "board2")

    assert reserved not in visible(runtime, board_qb())
    with runtime.uow() as uow:
        share_reserved_pool(uow, SYSTEM, "Bắc Trung Bộ", True, "Quảng Trị")
    seen = visible(runtime, board_qb())
    assert reserved in seen and draft not in seen  # partners see approved questions only
    assert reserved not in visible(runtime, factories.user_again(runtime, "teacher2"))  # never their teachers
    with runtime.uow() as uow:
        leave_consortium(uow, SYSTEM, "Bắc Trung Bộ", "Quảng Trị")
    assert reserved not in visible(runtime, board_qb())
    assert q["qt_cons"] not in visible(runtime, factories.user_again(runtime, "teacher2"))


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
