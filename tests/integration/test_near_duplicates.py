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


def template(k: int) -> Question:
    """One of a family of near-identical questions (one number differs), as a bank of past papers holds."""
    return question(f"Cho hàm số $y=x^3-3x^2+{k}$. Tìm giá trị cực đại của hàm số đã cho trên đoạn [-{k % 7 + 1}; {k % 5 + 3}]",
                    (str(k), str(k + 1), str(k + 2), str(k + 3)))


def test_the_work_per_imported_question_stays_bounded_when_the_bank_is_full_of_lookalikes(runtime) -> None:  # noqa: ANN001
    from qbank.domain.actor import SYSTEM
    from qbank.services.near_duplicates import (
        FINALISTS,
        MAX_CANDIDATES,
        PER_BAND_CAP,
        NearDuplicateWork,
        find_near_duplicates,
    )
    from qbank.services.orgs import find_department
    from qbank.services.questions import add_questions
    from search_index.minhash import BANDS

    factories.department(runtime, "Quảng Trị")
    lookalikes = 1200  # far more than PER_BAND_CAP and MAX_CANDIDATES share most bands with each import
    with runtime.uow() as uow:
        dept = find_department(uow, "Quảng Trị")
        bank = [template(k) for k in range(lookalikes)]
        for q in bank:
            q.status = Status.APPROVED
        ids = add_questions(uow.session, SYSTEM, bank, department_id=dept.id)
        uow.commit()
    unrelated = question("Trong không gian Oxyz, cho mặt cầu có tâm I(5;-3;0) và bán kính R=8. Phương trình mặt cầu là")
    asked = [template(k) for k in (5000, 5001, 5002)] + [unrelated]
    work = NearDuplicateWork()
    with runtime.uow() as uow:
        found = find_near_duplicates(uow.session, SYSTEM, asked, work=work)
    assert max(work.candidates[:3]) == MAX_CANDIDATES  # plenty of lookalikes, only the cap goes on
    assert work.candidates[3] == 0
    assert work.band_rows <= PER_BAND_CAP * BANDS * len(asked)
    assert work.exact_comparisons <= FINALISTS * len(asked)
    assert [m.index for m in found] == [0, 1, 2]  # and each lookalike still finds a near-duplicate
    assert all(m.existing_id in ids and m.similarity >= 0.75 for m in found)


def test_an_edited_question_is_compared_on_its_new_text(runtime, bank) -> None:  # noqa: ANN001
    from qbank.domain.actor import SYSTEM
    from qbank.services.questions import update_question

    shared, a = bank
    other = "Trong không gian Oxyz, cho mặt cầu có tâm I(5;-3;0) và bán kính R=8. Phương trình mặt cầu là"
    with runtime.uow() as uow:
        update_question(uow, SYSTEM, shared, question(other))
    with runtime.uow() as uow:
        assert find_duplicates(uow, a["qb"], result_of(question(STEM.replace("+8", "+9")))) == []
        assert [d.existing_id for d in find_duplicates(uow, a["qb"], result_of(question(other.replace("R=8", "R=9"))))] == [shared]
