"""The demo bank: its own blueprint builds several times under the exposure window, and every
generated question's topic tag fits what the question is about."""

from __future__ import annotations

from pathlib import Path

import pytest

from qbank.demo.toan12_bank import BUILDS, TOPICS, demo_bank
from qbank.domain.blueprint import load_blueprint
from qbank.domain.enums import Status, Visibility
from qbank.domain.render import to_text
from qbank.domain.text import fold
from qbank.services.exams import build_exam, check_blueprint_supply, load_paper
from qbank.services.questions import answer_problems
from tests import factories

BLUEPRINT = Path(__file__).resolve().parents[2] / "qbank" / "demo" / "blueprint_toan12_2025.yaml"

# Words a question on each topic uses (folded); a question tagged with the topic must use one.
TOPIC_WORDS = {
    "Hàm số": ("ham so", "do thi"),
    "Nguyên hàm - Tích phân": ("nguyen ham", "tich phan", "\\int", "dien tich hinh phang", "khoi tron xoay", "quang duong"),
    "Hình học không gian": ("khoi", "hinh chop", "lang tru", "oxyz", "mat phang"),
    "Xác suất - Thống kê": ("xac suat", "mau so lieu", "bien co", "ngau nhien"),
}


def test_every_demo_question_is_about_its_topic_and_has_a_usable_answer() -> None:
    bank = demo_bank(load_blueprint(BLUEPRINT))
    assert {q.tags.topic for q in bank} == set(TOPICS)
    for q in bank:
        text = fold(to_text(q.stem)).lower()
        assert "bieu thuc thu" not in text
        assert any(w in text for w in TOPIC_WORDS[q.tags.topic]), (q.tags.topic, text)
        assert not answer_problems(q), text
    assert len({q.fingerprint() for q in bank}) == len(bank)  # no question twice, under two tags


@pytest.fixture
def demo(runtime):  # noqa: ANN001, ANN201
    factories.department(runtime, "Quảng Trị")
    factories.stored_many(runtime, demo_bank(load_blueprint(BLUEPRINT)), "Quảng Trị", Status.APPROVED, Visibility.RESERVED)  # confidential builds draw on the reserved pool
    return factories.user(runtime, "board", "exam_board", "Quảng Trị")


def test_the_demo_blueprint_builds_four_times_in_a_row_without_reusing_a_question(runtime, demo) -> None:  # noqa: ANN001
    bp = load_blueprint(BLUEPRINT)
    seen: set[int] = set()
    for seed in range(BUILDS):
        with runtime.uow() as uow:
            supply = check_blueprint_supply(uow, demo, bp, recent_exams=3)
        assert not [s for s in supply if s.short]
        with runtime.uow() as uow:
            info = build_exam(uow, demo, bp, versions=1, seed=seed, recent_exams=3)
        with runtime.uow() as uow:
            ids = {it.id for p in load_paper(uow, demo, info.id)[0].parts for it in p.items}
        assert ids.isdisjoint(seen)
        seen |= ids


def test_supply_check_reports_available_versus_needed_per_cell(runtime, demo) -> None:  # noqa: ANN001
    bp = load_blueprint(BLUEPRINT)
    bp.cells[0].count = 40
    bp.total_points += 39 * bp.cells[0].points
    with runtime.uow() as uow:
        supply = check_blueprint_supply(uow, demo, bp, recent_exams=3)
    first = supply[0]
    assert (first.needed, first.short) == (40, True) and first.available == first.matching == 13
    assert not any(s.short for s in supply[1:])
