"""A question's right answer in printed terms: option letters, the right MCQ option, true/false truths."""

from __future__ import annotations

from qbank.domain.question import Question
from qbank.domain.text import fold

MCQ_LABELS = "ABCDEFGH"
TF_LABELS = "abcdefgh"


def correct_index(question: Question) -> int | None:
    """Original index of the right MCQ option: the flagged one, else the answer letter."""
    for i, o in enumerate(question.options):
        if o.correct:
            return i
    if isinstance(question.answer, str) and len(question.answer.strip()) == 1:
        letter = question.answer.strip().upper()
        labels = [o.label.strip().upper() for o in question.options]
        if letter in labels:
            return labels.index(letter)
        if letter in MCQ_LABELS[: len(question.options)]:
            return MCQ_LABELS.index(letter)
    return None


def tf_truth(question: Question) -> list[bool]:
    """Whether each true/false statement is true: the flagged options, else the answer's Đ/S list."""
    if question.options and any(o.correct for o in question.options):
        return [o.correct for o in question.options]
    if isinstance(question.answer, list) and len(question.answer) == len(question.options):
        return [fold(str(a)).strip() in {"d", "dung", "true", "t"} for a in question.answer]
    return [o.correct for o in question.options]
