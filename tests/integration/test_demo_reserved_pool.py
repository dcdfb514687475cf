"""The demo's confidential exam comes from a reserved pool large enough to build its blueprint again and again."""

from __future__ import annotations

from sqlalchemy import select

from qbank.db.models import ExamQuestion, QuestionRow, User
from qbank.demo.setup import BLUEPRINT, setup_demo
from qbank.domain.blueprint import load_blueprint
from qbank.services.exams import build_exam, list_exams
from qbank.services.orgs import actor_for
from qbank.services.questions import count_questions


def _actor(runtime, username: str):  # noqa: ANN001, ANN202
    with runtime.uow() as uow:
        return actor_for(uow, uow.session.scalar(select(User).where(User.username == username)))


def test_the_demo_exam_is_drawn_from_the_reserved_pool_and_the_pool_builds_the_blueprint_several_times(runtime) -> None:  # noqa: ANN001
    setup_demo(runtime, echo=lambda _line: None)
    board, teacher = _actor(runtime, "examboard"), _actor(runtime, "teacher")
    with runtime.uow() as uow:
        (demo_exam,) = list_exams(uow, board)
        used = list(uow.session.scalars(select(ExamQuestion.question_id).where(ExamQuestion.exam_id == demo_exam.id)))
        pools = set(uow.session.scalars(select(QuestionRow.visibility).where(QuestionRow.id.in_(used))))
        teacher_sees = count_questions(uow, teacher)
    assert demo_exam.confidential and demo_exam.embargoed and pools == {"reserved"}
    blueprint = load_blueprint(BLUEPRINT)
    for seed in range(4):  # four more papers, each avoiding the questions of the last three
        with runtime.uow() as uow:
            info = build_exam(uow, board, blueprint, versions=2, seed=seed)
        assert info.confidential and info.question_count == blueprint.question_count()
    with runtime.uow() as uow:
        assert count_questions(uow, teacher) == teacher_sees
