"""Question service: version history, status changes and edit rights."""

from __future__ import annotations

import pytest

from qbank.domain.content import Content
from qbank.domain.enums import Status
from qbank.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from qbank.services.questions import (
    get_question,
    get_question_version,
    list_versions,
    set_status,
    set_visibility,
    update_question,
)
from tests import factories


@pytest.fixture
def bank(runtime):  # noqa: ANN001, ANN201
    factories.department(runtime, "Quảng Trị")
    factories.department(runtime, "Quảng Bình")
    return {
        "contributor": factories.user(runtime, "contrib", "contributor", "Quảng Trị"),
        "board": factories.user(runtime, "board", "exam_board", "Quảng Trị"),
        "teacher": factories.user(runtime, "teacher", "teacher", "Quảng Trị"),
        "other_contributor": factories.user(runtime, "contrib2", "contributor", "Quảng Bình"),
        "qid": factories.stored(runtime, factories.mcq("Đạo hàm của hàm số $y=x^2$ là"), "Quảng Trị", Status.DRAFT),
    }


def test_editing_creates_a_new_version_and_keeps_the_old(runtime, bank) -> None:  # noqa: ANN001
    actor, qid = bank["contributor"], bank["qid"]
    with runtime.uow() as uow:
        q = get_question(uow, actor, qid).question
    q.stem = Content.from_text("Đạo hàm của hàm số $y=x^3$ là")
    with runtime.uow() as uow:
        assert update_question(uow, actor, qid, q, note="sửa số mũ") == 2
    with runtime.uow() as uow:
        versions = list_versions(uow, actor, qid)
        assert [v.version for v in versions] == [1, 2]
        assert versions[1].note == "sửa số mũ"
        assert "x^2" in get_question_version(uow, actor, qid, 1).plain_text()
        assert "x^3" in get_question(uow, actor, qid).question.plain_text()


def test_a_contributor_of_another_department_cannot_see_or_edit(runtime, bank) -> None:  # noqa: ANN001
    with runtime.uow() as uow, pytest.raises(NotFound):
        get_question(uow, bank["other_contributor"], bank["qid"])


def test_a_teacher_cannot_edit_even_a_visible_question(runtime, bank) -> None:  # noqa: ANN001
    with runtime.uow() as uow:
        set_status(uow, bank["board"], bank["qid"], "approved")
    with runtime.uow() as uow:
        q = get_question(uow, bank["teacher"], bank["qid"]).question
    with runtime.uow() as uow, pytest.raises(PermissionDenied):
        update_question(uow, bank["teacher"], bank["qid"], q)


def test_only_the_exam_board_approves_and_approval_needs_a_complete_answer(runtime, bank) -> None:  # noqa: ANN001
    with runtime.uow() as uow, pytest.raises(PermissionDenied):
        set_status(uow, bank["contributor"], bank["qid"], "approved")
    no_answer = factories.mcq("Câu không có đáp án")
    for o in no_answer.options:
        o.correct = False
    bad = factories.stored(runtime, no_answer, "Quảng Trị", Status.DRAFT)
    with runtime.uow() as uow, pytest.raises(ValidationError, match="exactly one right option"):
        set_status(uow, bank["board"], bad, "approved")
    with runtime.uow() as uow:
        set_status(uow, bank["board"], bank["qid"], "approved")
    with runtime.uow() as uow:
        assert get_question(uow, bank["teacher"], bank["qid"]).status == "approved"


def test_a_failed_service_call_writes_nothing(runtime, bank) -> None:  # noqa: ANN001
    with runtime.uow() as uow, pytest.raises(ValidationError):
        set_status(uow, bank["board"], bank["qid"], "published")
    with runtime.uow() as uow:
        assert get_question(uow, bank["contributor"], bank["qid"]).status == "draft"


def test_a_contributors_edit_sends_an_approved_question_back_for_review(runtime, bank) -> None:  # noqa: ANN001
    with runtime.uow() as uow:
        set_status(uow, bank["board"], bank["qid"], "approved")
    with runtime.uow() as uow:
        q = get_question(uow, bank["contributor"], bank["qid"]).question
    q.stem = Content.from_text("Đạo hàm của hàm số $y=x^4$ là")
    with runtime.uow() as uow:
        update_question(uow, bank["contributor"], bank["qid"], q)
    with runtime.uow() as uow:
        assert get_question(uow, bank["contributor"], bank["qid"]).status == "draft"
    with runtime.uow() as uow, pytest.raises(NotFound):
        get_question(uow, bank["teacher"], bank["qid"])


def test_a_stale_edit_is_refused_instead_of_overwriting_a_newer_version(runtime, bank) -> None:  # noqa: ANN001
    actor, qid = bank["contributor"], bank["qid"]
    with runtime.uow() as uow:
        first = get_question(uow, actor, qid)
    mine, theirs = first.question, get_question_version_copy(runtime, actor, qid)
    theirs.stem = Content.from_text("Bản sửa của người khác")
    with runtime.uow() as uow:
        assert update_question(uow, actor, qid, theirs, base_version=first.version) == 2
    mine.stem = Content.from_text("Bản sửa của tôi, từ phiên bản cũ")
    with runtime.uow() as uow, pytest.raises(Conflict, match="version 2 meanwhile"):
        update_question(uow, actor, qid, mine, base_version=first.version)
    with runtime.uow() as uow:
        assert "người khác" in get_question(uow, actor, qid).question.plain_text()


def get_question_version_copy(runtime, actor, qid):  # noqa: ANN001, ANN201
    with runtime.uow() as uow:
        return get_question(uow, actor, qid).question


def test_sharing_more_widely_needs_a_reviewer(runtime, bank) -> None:  # noqa: ANN001
    with runtime.uow() as uow, pytest.raises(PermissionDenied):
        set_visibility(uow, bank["contributor"], bank["qid"], "public")
    with runtime.uow() as uow:
        set_visibility(uow, bank["board"], bank["qid"], "consortium")
    with runtime.uow() as uow:
        set_visibility(uow, bank["contributor"], bank["qid"], "department")  # narrowing is fine


def test_a_question_shows_the_passage_it_shares(runtime, bank) -> None:  # noqa: ANN001
    from qbank.db.models import PassageGroup, QuestionRow

    with runtime.uow() as uow:
        group = PassageGroup(department_id=1, key="p1", content=Content.from_text("Read the passage about Hội An.").to_json())
        uow.session.add(group)
        uow.session.flush()
        uow.session.get(QuestionRow, bank["qid"]).passage_group_id = group.id
        uow.commit()
    with runtime.uow() as uow:
        view = get_question(uow, bank["contributor"], bank["qid"])
    assert view.passage is not None and "Hội An" in view.passage.blocks[0].inlines[0].text
