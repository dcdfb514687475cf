"""A blueprint cell may ask for a measured difficulty range; assembly then takes only questions inside it."""

from __future__ import annotations

import pytest

from qbank.domain.assembly import Candidate, Unfillable, assemble
from qbank.domain.blueprint import Blueprint, Cell, Part, blueprint_from_dict
from qbank.domain.enums import Level, QuestionType
from qbank.domain.errors import ValidationError


def _bp(lo: float | None, hi: float | None, count: int = 3) -> Blueprint:
    cell = Cell("I", "Hàm số", Level.NHAN_BIET, QuestionType.MCQ, count, 0.25, difficulty_min=lo, difficulty_max=hi)
    return Blueprint("Toán", 12, 90, count * 0.25, parts=[Part("I", "PHẦN I", QuestionType.MCQ)], cells=[cell])


POOL = [Candidate(i, QuestionType.MCQ, "Hàm số", "Nhận biết", "Toán", 12, difficulty=d)
        for i, d in enumerate([-2.0, -1.2, -0.5, 0.0, 0.4, 0.9, 1.6, None, None])]


def test_only_questions_measured_inside_the_range_are_taken() -> None:
    for seed in range(5):
        chosen = assemble(_bp(-1.0, 1.0), POOL, seed=seed).ids()
        assert len(chosen) == 3
        assert all(POOL[i].difficulty is not None and -1.0 <= POOL[i].difficulty <= 1.0 for i in chosen)


def test_an_open_ended_range_and_no_range() -> None:
    assert set(assemble(_bp(0.5, None, 2), POOL).ids()) == {5, 6}
    assert len(assemble(_bp(None, None, 9), POOL).ids()) == 9  # unmeasured questions count when no range is asked


def test_too_few_questions_in_range_is_reported_per_cell() -> None:
    with pytest.raises(Unfillable) as err:
        assemble(_bp(1.0, 3.0, 2), POOL)
    cell = err.value.cells[0]
    assert (cell.needed, cell.available) == (2, 1)


def test_range_is_read_checked_and_written_back() -> None:
    data = {"subject": "Toán", "duration_minutes": 90, "total_points": 0.5, "parts": [{"key": "I", "type": "mcq"}],
            "cells": [{"part": "I", "topic": "Hàm số", "level": "Nhận biết", "count": 2, "points": 0.25, "difficulty": [-1, 0.5]}]}
    bp = blueprint_from_dict(data)
    assert (bp.cells[0].difficulty_min, bp.cells[0].difficulty_max) == (-1.0, 0.5)
    assert blueprint_from_dict(bp.to_json()).cells[0].difficulty_max == 0.5
    data["cells"][0]["difficulty"] = [1, -1]
    assert any("difficulty range" in p.message for p in blueprint_from_dict(data).validate())
    data["cells"][0]["difficulty"] = "hard"
    with pytest.raises(ValidationError, match=r"cells\[0\].*range"):
        blueprint_from_dict(data)
