"""Coverage opens on a useful map with untagged questions apart; drafts are approved in bulk, audited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from qbank.db.models import AuditEntry, QuestionRow
from qbank.domain.enums import Status
from qbank.domain.errors import PermissionDenied
from qbank.services.review import approve_drafts, select_drafts
from tests import factories
from tests.functional.test_cli import run
from tests.functional.web_fixtures import as_user, web_app, world  # noqa: F401 - fixtures


def untagged_pile(rt, n: int, subject: str = "Hóa học") -> None:  # noqa: ANN001
    """``n`` approved questions of ``subject`` with no topic and no level (an old bank imported as is)."""
    factories.stored_many(rt, [factories.mcq(f"Câu hóa học chưa gắn nhãn số {i}", subject=subject, grade=12) for i in range(n)],
                          "Quảng Trị", Status.APPROVED)


def test_coverage_opens_on_the_subject_with_tagged_questions(as_user, world) -> None:  # noqa: ANN001, F811
    untagged_pile(world.rt, 8)  # first in the chooser (alphabetically and by count), but not one topic
    html = as_user("teacher").get("/coverage").get_data(as_text=True)
    assert re.search(r'<option value="Toán\|12" selected', html), "opens on Toán 12, whose questions carry topics"


def test_untagged_questions_are_shown_apart_and_do_not_set_the_colour_scale(as_user, world) -> None:  # noqa: ANN001, F811
    factories.stored_many(world.rt, [factories.mcq(f"Câu toán chưa gắn chủ đề {i}") for i in range(20)], "Quảng Trị")
    html = as_user("teacher").get("/coverage?subject=Toán&grade=12").get_data(as_text=True)
    assert 'class="untagged"' in html and "thiếu chủ đề hoặc mức độ" in html
    # The tagged cells are coloured against the largest tagged cell (1 question), not the 20 untagged.
    tagged = re.findall(r'<td class="(heat-\d)"><a [^>]*>1</a>', html)
    assert tagged and set(tagged) == {"heat-5"}


@pytest.fixture
def drafts(world):  # noqa: ANN001, ANN201, F811
    ids = factories.stored_many(world.rt, [factories.mcq(f"Câu nháp hàm số số {i}", topic="Hàm số") for i in range(30)],
                                "Quảng Trị", Status.DRAFT)
    no_answer = factories.mcq("Câu nháp chưa có đáp án", topic="Hàm số")
    no_answer.answer = None
    for o in no_answer.options:
        o.correct = False
    factories.stored(world.rt, no_answer, "Quảng Trị", Status.DRAFT)
    return ids


def count_status(rt, status: str) -> int:  # noqa: ANN001
    with rt.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(QuestionRow).where(QuestionRow.status == status))


def test_exam_board_approves_drafts_by_filter_with_one_confirmation(as_user, world, drafts) -> None:  # noqa: ANN001, F811
    board = as_user("board")
    page = board.get("/review?topic=Hàm+số").get_data(as_text=True)
    assert "31 câu nháp khớp" in page and "30 câu sẵn sàng duyệt" in page and "data-confirm" in page
    resp = board.post("/review/approve", data={"topic": "Hàm số", "expected": "30"}, follow_redirects=True)
    assert "Đã duyệt 30 câu hỏi" in resp.get_data(as_text=True)
    assert count_status(world.rt, Status.DRAFT) == 2  # the one without an answer, and the world's other draft
    audit = board.get("/audit").get_data(as_text=True)
    assert "Duyệt hàng loạt" in audit and "approved: 30" in audit
    with world.rt.uow() as uow:
        details = uow.session.scalar(select(AuditEntry.details).where(AuditEntry.action == "bulk_approve"))
    assert sorted(details["ids"]) == sorted(drafts)


def test_a_changed_selection_approves_nothing(as_user, world, drafts) -> None:  # noqa: ANN001, F811
    resp = as_user("board").post("/review/approve", data={"topic": "Hàm số", "expected": "12"})
    assert resp.status_code == 422
    assert count_status(world.rt, Status.DRAFT) == 32


def test_only_the_departments_board_approves_in_bulk(world, drafts) -> None:  # noqa: ANN001, F811
    teacher = factories.user(world.rt, "teacher2", "teacher", "Quảng Trị")
    with world.rt.uow() as uow, pytest.raises(PermissionDenied):
        approve_drafts(uow, teacher, {})
    other = factories.user(world.rt, "board3", "exam_board", "Quảng Bình")
    with world.rt.uow() as uow:
        assert select_drafts(uow, other, {"topic": "Hàm số"}).total == 0  # its own department has none


def test_bulk_approve_from_the_command_line(world, drafts) -> None:  # noqa: ANN001, F811
    out = run(world.rt, "approve", "--department", "Quảng Trị", "--topic", "Hàm số", input="n\n")
    assert "30 ready to approve" in out.stdout and out.returncode == 1
    assert count_status(world.rt, Status.DRAFT) == 32
    out = run(world.rt, "approve", "--department", "Quảng Trị", "--topic", "Hàm số", "--yes")
    assert out.returncode == 0, out.stderr
    assert "approved 30 questions" in out.stdout and count_status(world.rt, Status.DRAFT) == 2
