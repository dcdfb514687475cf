"""Scoring candidates' responses by the exam's rules: item scores, choice codes and totals as arrays."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qbank.domain.answers import MCQ_LABELS
from qbank.domain.enums import QuestionType
from qbank.domain.results import INVALID, ItemKey
from qbank.domain.scoring import ScoringRules
from qbank.domain.text import fold

OMITTED_CODE = -1
INVALID_CODE = -2
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$|^[+-]?[.,]\d+$")


def as_number(text: str | None) -> float | None:
    """A short answer as a number: "-47,5" and "-47.5" are -47.5; anything else None."""
    if text is None:
        return None
    t = text.strip().replace(" ", "").replace("\u2212", "-")
    if not _NUMBER.match(t):
        return None
    return float(t.replace(",", "."))


def short_answer_right(key: str | None, response: str | None) -> bool:
    """Numbers compare as numbers ("0,50" = ".5"); other answers as folded text."""
    if key is None or response is None:
        return False
    a, b = as_number(key), as_number(response)
    if a is not None and b is not None:
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return fold(key).strip() == fold(response).strip()


def item_score(key: ItemKey, response: str | None, rules: ScoringRules) -> float:
    """Points for one response (2025 rules for PHẦN II: 1/2/3/4 right statements → 0.1/0.25/0.5/1)."""
    if response is None:
        return 0.0
    if key.type == QuestionType.MCQ:
        return key.points if key.correct_letter is not None and response == key.correct_letter else 0.0
    if key.type == QuestionType.TRUE_FALSE:
        right = sum(1 for ch, truth in zip(response, key.truth, strict=False) if ch != "-" and (ch == "Đ") == truth)
        top = max(rules.true_false.values()) if rules.true_false else 1.0
        # A blueprint cell may give the question other points: scale the rule's table to them.
        return rules.true_false_points(right) * (key.points / top if top else 0.0)
    if key.type == QuestionType.SHORT_ANSWER:
        return key.points if short_answer_right(key.answer, response) else 0.0
    try:
        return min(float(response), key.points)
    except ValueError:
        return 0.0


@dataclass
class Scored:
    """Scores of N candidates on k items, with MCQ choices coded for distractor analysis."""

    keys: list[ItemKey]
    scores: np.ndarray  # N × k points
    choices: np.ndarray  # N × k int8: original option index, -1 omitted, -2 invalid (non-MCQ: -1)
    maxima: np.ndarray  # k

    @property
    def totals(self) -> np.ndarray:
        return self.scores.sum(axis=1)


def score_all(keys: Sequence[ItemKey], responses: Sequence[dict], rules: ScoringRules) -> Scored:
    """Score every candidate's responses (keyed by str(question id), as JSON stores them) on every item."""
    n, k = len(responses), len(keys)
    scores = np.zeros((n, k), dtype=float)
    choices = np.full((n, k), OMITTED_CODE, dtype=np.int8)
    letter_code = {ch: i for i, ch in enumerate(MCQ_LABELS)} | {INVALID: INVALID_CODE}
    for j, key in enumerate(keys):
        sid = str(key.id)
        col = [r.get(sid) for r in responses]
        if key.type == QuestionType.MCQ:
            codes = np.fromiter((letter_code.get(v, OMITTED_CODE) if v is not None else OMITTED_CODE for v in col), np.int8, n)
            choices[:, j] = codes
            if key.correct is not None:
                scores[:, j] = np.where(codes == key.correct, key.points, 0.0)
        else:
            # Few distinct answers per question: score each once.
            memo: dict[str | None, float] = {}
            for v in set(col):
                memo[v] = item_score(key, v, rules)
            scores[:, j] = np.fromiter((memo[v] for v in col), float, n)
    maxima = np.array([kk.points for kk in keys], dtype=float)
    return Scored(list(keys), scores, choices, maxima)
