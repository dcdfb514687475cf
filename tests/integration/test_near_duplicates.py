"""Near-duplicates: an imported question close to one in the bank is reported with that question's
id (only if the importer may see it), exact copies are not stored twice."""

from __future__ import annotations

import pytest

from importers import ImportResult
from qbank.domain.content import Content
from qbank.domain.enums import QuestionType, Status, Visibility
from qbank.domain.question import Option, Question
from qbank.services.imports import find_duplicates, import_file
from tests import factories

STEM = "Cho hàm số $y=x^3-3x^2+8$. Giá trị cực đại của hàm số đã cho bằng bao nhiêu khi xét trên toàn trục số"


def question(stem: str, answers: tuple[str, ...] = ("4", "8", "10", "14")) -> Question:
    opts = [Option(label, Content.from_text(text), correct=label == "B") for label, text in zip("ABCD", answers, strict=True)]
    return Question(QuestionType.MCQ, Content.from_text(stem), opts, answer="B")


def result_of(*questions: Question) -> ImportResult:
    return ImportResult(source="t.docx", format="docx", questions=list(questions))


@pytest.fixture
def bank(runtime):  # noqa: ANN001, ANN201
    for name in ("Quảng Trị", "Quảng Bình", "Hà Tĩnh"):
        factories.department(runtime, name)
    factories.consortium(runtime, "Bắc Trung Bộ", ["Quảng Trị", "Quảng Bình"])
    shared = factories.stored(runtime, question(STEM), "Quảng Trị", Status.APPROVED, Visibility.CONSORTIUM)
    return shared, {
        "qb": factories.user(runtime, "contrib.qb", "contributor", "Quảng Bình"),
        "ht": factories.user(runtime, "contrib.ht", "contributor", "Hà Tĩnh"),
    }


def test_a_reworded_question_with_a_changed_number_is_reported_as_a_likely_duplicate(runtime, bank) -> None:  # noqa: ANN001
    shared, a = bank
    near = question(STEM.replace("+8", "+9").replace("bao nhiêu", "mấy"), ("5", "9", "11", "15"))
    with runtime.uow() as uow:
        found = find_duplicates(uow, a["qb"], result_of(near))
    assert [(d.existing_id, d.exact) for d in found] == [(shared, False)]
    assert 0.75 <= found[0].similarity < 1.0


def test_an_unrelated_question_is_not_reported(runtime, bank) -> None:  # noqa: ANN001
    _, a = bank
    other = question("Trong không gian Oxyz, cho mặt cầu có tâm I(5;-3;0) và bán kính R=8. Phương trình mặt cầu là")
    with runtime.uow() as uow:
        assert find_duplicates(uow, a["qb"], result_of(other)) == []


def test_a_duplicate_the_importer_may_not_see_is_not_revealed(runtime, bank) -> None:  # noqa: ANN001
    _, a = bank
    with runtime.uow() as uow:
        assert find_duplicates(uow, a["ht"], result_of(question(STEM))) == []


def test_near_duplicates_are_stored_and_reported_exact_copies_are_not_stored(runtime, bank) -> None:  # noqa: ANN001
    shared, a = bank
    near = question(STEM.replace("+8", "+7"), ("3", "7", "9", "13"))
    with runtime.uow() as uow:
        summary = import_file(uow, a["qb"], "t.docx", b"x", result=result_of(question(STEM), near))
    assert [(d.index, d.existing_id, d.exact) for d in summary.duplicates] == [(0, shared, True), (1, shared, False)]
    assert len(summary.created) == 2  # the exact copy belongs to another department: stored there, reported
    with runtime.uow() as uow:
        again = import_file(uow, a["qb"], "t.docx", b"x", result=result_of(question(STEM)))
    assert again.created == [] and again.duplicates[0].exact
