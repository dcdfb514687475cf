"""An administered exam for the web, API and browser tests: 10 MCQs of the small world, 2 versions,
simulated answer sheets in which the first question's key is wrong."""

from __future__ import annotations

from dataclasses import dataclass

from qbank.demo.simulated_results import Simulation, sheets_csv, simulate_sheets
from qbank.domain.enums import Visibility
from qbank.runtime import Runtime
from qbank.services.exams import build_exam_from_questions, load_paper
from tests.functional.test_web_exams import stock
from tests.functional.web_fixtures import actor_of


@dataclass
class Administered:
    exam_id: int
    question_ids: list[int]
    wrong_key: int  # the question whose bank key is not what able candidates choose
    csv: bytes  # a clean results file


def administered_exam(rt: Runtime, candidates: int = 400) -> Administered:
    ids = stock(rt, 10, visibility=Visibility.RESERVED)  # a confidential exam: from the reserved pool
    board = actor_of(rt, "board")
    with rt.uow() as uow:
        info = build_exam_from_questions(uow, board, ids, title="Kiểm tra học kỳ I", versions=2, seed=4)
    with rt.uow() as uow:
        paper, _ = load_paper(uow, board, info.id)
    wrong = ids[0]
    key = next(i for i, o in enumerate(paper.items()[wrong].question.options) if o.correct)
    sim = Simulation(difficulty={q: d for q, d in zip(ids, [-1.0, -0.6, -0.2, 0.2, 0.6, 1.0, -0.4, 0.4, 0.0, 0.8], strict=True)},
                     true_option={wrong: (key + 2) % 4})
    header, rows = simulate_sheets(paper, candidates, seed=12, sim=sim)
    return Administered(info.id, ids, wrong, sheets_csv(header, rows))
