"""Scoring rules: the 2025 defaults, loading from YAML/JSON, and the points they give."""

from __future__ import annotations

import pytest

from qbank.domain.enums import QuestionType
from qbank.domain.errors import ValidationError
from qbank.domain.scoring import ScoringRules, load_scoring, vn_points


def test_defaults_are_the_2025_rules() -> None:
    rules = load_scoring()
    assert rules.max_points(QuestionType.MCQ) == 0.25
    assert [rules.true_false_points(k) for k in range(5)] == [0.0, 0.1, 0.25, 0.5, 1.0]
    assert rules.max_points(QuestionType.SHORT_ANSWER, "Toán") == 0.5
    assert rules.max_points(QuestionType.SHORT_ANSWER, "toan") == 0.5
    assert rules.max_points(QuestionType.SHORT_ANSWER, "Vật lí") == 0.25
    assert rules.max_points(QuestionType.ESSAY, stated=2.0) == 2.0
    assert rules == ScoringRules()


def test_loaded_rules_override() -> None:
    rules = load_scoring("mcq: 0.2\nshort_answer: {default: 0.25, Vật lí: 0.25, Hóa học: 0.5}\n")
    assert rules.mcq == 0.2 and rules.short_answer_points("Hóa học") == 0.5
    assert load_scoring('{"short_answer": 0.3}').short_answer_points("Toán") == 0.3


def test_bad_rules_rejected() -> None:
    with pytest.raises(ValidationError, match="bad scoring rule"):
        load_scoring("true_false: {one: lots}\n")


def test_vietnamese_points_and_descriptions() -> None:
    assert [vn_points(x) for x in (0.25, 1, 0.5, 2.0)] == ["0,25", "1,0", "0,5", "2,0"]
    assert "đúng 3 ý: 0,5 điểm" in ScoringRules().describe(QuestionType.TRUE_FALSE)
