"""One call from blueprint and candidates to an ``ExamPaper`` with its versions (pure; the service
supplies the candidates, loads the chosen questions, and stores the result)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from qbank.domain.assembly import Candidate, QuestionId, assemble
from qbank.domain.blueprint import Blueprint
from qbank.domain.content import Content
from qbank.domain.exam import ExamPaper, paper_from_selection
from qbank.domain.question import Question
from qbank.domain.scoring import ScoringRules
from qbank.domain.versions import build_versions


def build_exam_paper(
    blueprint: Blueprint,
    candidates: Iterable[Candidate],
    load_questions: Callable[[Sequence[QuestionId]], Mapping[QuestionId, Question]],
    *,
    seed: int,
    versions: int = 4,
    recent_exams: int = 3,
    current_ordinal: int | None = None,
    near_duplicate: Callable[[Candidate, Candidate], bool] | None = None,
    scoring: ScoringRules | None = None,
    passages: Mapping[str, Content] | None = None,
    name: str = "exam",
) -> ExamPaper:
    """Assemble (raises ``Unfillable`` listing every short cell), load only the chosen questions,
    and build ``versions`` seeded versions. The same inputs and seed give the same exam."""
    selection = assemble(
        blueprint, candidates, seed=seed, recent_exams=recent_exams, current_ordinal=current_ordinal, near_duplicate=near_duplicate
    )
    questions = dict(load_questions(selection.ids()))
    paper = paper_from_selection(
        blueprint,
        selection.ids_by_part(),
        questions,
        scoring=scoring,
        points=selection.points(),
        passages=dict(passages or {}),
        name=name,
    )
    build_versions(paper, versions, seed)
    return paper
