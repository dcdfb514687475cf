"""Blueprint loading (YAML, JSON, Excel) and validation messages that say where."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from qbank.domain.assembly import Candidate, Unfillable, assemble
from qbank.domain.blueprint import load_blueprint
from qbank.domain.blueprint_xlsx import load_blueprint_xlsx
from qbank.domain.enums import Level, QuestionType
from qbank.domain.errors import ValidationError

DEMO = Path(__file__).resolve().parents[2] / "qbank" / "demo" / "blueprint_toan12_2025.yaml"

SMALL = """
subject: Toán
grade: 12
duration_minutes: 45
total_points: 10
parts:
  - {key: I, title: PHẦN I, type: mcq, instructions: Chọn một phương án.}
cells:
  - {part: I, topic: Hàm số, level: NB, count: 20, points: 0.25}
  - {part: I, topic: Hàm số, level: Vận dụng, count: 4, points: 0.25, total: 1.25}
"""


def test_demo_blueprint_is_valid_2025_structure() -> None:
    bp = load_blueprint(DEMO)
    assert bp.validate() == []
    assert [p.title for p in bp.parts] == ["PHẦN I", "PHẦN II", "PHẦN III"]
    assert [sum(c.count for c in bp.cells_of(p.key)) for p in bp.parts] == [12, 4, 6]
    assert bp.total_points == 10 and bp.duration_minutes == 90


def test_points_that_do_not_add_up_are_named() -> None:
    problems = [str(p) for p in load_blueprint(SMALL).validate()]
    assert any("cell Hàm số × Vận dụng" in p and "0.25×4=1.0" in p and "1.25" in p for p in problems), problems
    assert any(p.startswith("total points: 6.0 ≠ 10.0") for p in problems), problems


def test_json_and_level_aliases() -> None:
    data = {
        "subject": "Toán",
        "duration": 45,
        "total_points": 1,
        "parts": [{"key": "I", "type": "TN"}],
        "cells": [{"topic": "Hàm số", "level": "VDC", "count": 4, "points": 0.25}],
    }
    bp = load_blueprint(json.dumps(data))
    assert bp.cells[0].level == Level.VAN_DUNG_CAO and bp.cells[0].type == QuestionType.MCQ
    assert bp.validate() == []


def test_bad_level_says_which_cell() -> None:
    with pytest.raises(ValidationError, match=r"cells\[0\].*unknown level"):
        load_blueprint(SMALL.replace("level: NB", "level: Siêu khó"))


def test_type_mismatch_with_part() -> None:
    text = SMALL.replace("points: 0.25}\n  - {part: I, topic: Hàm số, level: Vận dụng", "points: 0.25, type: essay}\n  - {part: I, topic: Hàm số, level: Vận dụng")
    assert any("does not match PHẦN I" in str(p) for p in load_blueprint(text).validate())


def test_unfillable_cell_reports_available_count() -> None:
    bp = load_blueprint(SMALL.replace("total: 1.25", "total: 1.0"))
    pool = [Candidate(f"nb{i}", QuestionType.MCQ, "Hàm số", "Nhận biết") for i in range(20)]
    pool += [Candidate(f"vd{i}", QuestionType.MCQ, "Hàm số", "Vận dụng") for i in range(2)]
    with pytest.raises(Unfillable) as err:
        assemble(bp, pool, seed=1)
    (cell,) = err.value.cells
    assert (cell.needed, cell.available) == (4, 2)
    assert "cell Hàm số × Vận dụng" in str(err.value) and "needs 4, 2 available" in str(err.value)


def _xlsx(rows: list[list[object]], merges: list[str]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Ma trận"
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_excel_so_cau_diem_layout() -> None:
    data = _xlsx(
        [
            ["MA TRẬN ĐỀ KIỂM TRA CUỐI KỲ I - MÔN TOÁN - LỚP 12 - Thời gian: 45 phút"],
            ["TT", "Chủ đề", "Nhận biết", None, "Thông hiểu", None, "Vận dụng", None, "Tổng"],
            [None, None, "Số câu", "Điểm", "Số câu", "Điểm", "Số câu", "Điểm", None],
            [1, "Hàm số", 12, 3, 8, 2, 4, "1,25"],
            [2, "Tích phân", 8, 2, None, None, 8, 2],
            [None, "Tổng", 20, 5, 8, 2, 12, 3.25],
        ],
        ["C2:D2", "E2:F2", "G2:H2"],
    )
    bp = load_blueprint_xlsx(data)
    assert (bp.subject, bp.grade, bp.duration_minutes) == ("Toán", 12, 45)
    cells = {(c.topic, str(c.level)): c for c in bp.cells}
    assert cells[("Hàm số", "Nhận biết")].count == 12
    assert cells[("Tích phân", "Vận dụng")].count == 8
    assert len(bp.cells) == 5  # the "Tổng" row is not a topic
    problems = [str(p) for p in bp.validate()]
    assert any("cell Hàm số × Vận dụng (Ma trận!G4)" in p and "0.25×4=1.0 but the cell states 1.25" in p for p in problems), problems


def test_excel_tn_tl_layout_makes_two_parts() -> None:
    data = _xlsx(
        [
            ["Chủ đề", "Nhận biết", None, "Thông hiểu", None, "Vận dụng", None],
            [None, "TN", "TL", "TN", "TL", "TN", "TL"],
            ["Hàm số", 4, None, 4, 1, None, 1],
            ["Hình học", 4, None, 4, None, None, 1],
        ],
        ["B1:C1", "D1:E1", "F1:G1"],
    )
    bp = load_blueprint_xlsx(data, subject="Toán", duration_minutes=90)
    types = {c.type for c in bp.cells}
    assert types == {QuestionType.MCQ, QuestionType.ESSAY}
    assert [p.type for p in bp.parts] == [QuestionType.MCQ, QuestionType.ESSAY]
    assert sum(c.count for c in bp.cells if c.type == QuestionType.ESSAY) == 3


def test_excel_without_levels_says_where() -> None:
    data = _xlsx([["Chủ đề", "Số câu"], ["Hàm số", 3]], [])
    with pytest.raises(ValidationError, match=r"Ma trận!A1: no row with level headings"):
        load_blueprint_xlsx(data)


def test_excel_text_in_count_cell_names_the_cell() -> None:
    data = _xlsx([["Chủ đề", "Nhận biết", "Thông hiểu"], ["Hàm số", 3, "nhiều"]], [])
    with pytest.raises(ValidationError, match=r"Ma trận!C2: expected a number"):
        load_blueprint_xlsx(data)


def test_excel_three_header_rows_tn_tl_with_so_cau_diem() -> None:
    data = _xlsx(
        [
            ["Nội dung", "Mức độ nhận thức", None, None, None, None, None, None, None],
            [None, "Nhận biết", None, None, None, "Thông hiểu", None, None, None],
            [None, "TN", None, "TL", None, "TN", None, "TL", None],
            [None, "Số câu", "Điểm", "Số câu", "Điểm", "Số câu", "Điểm", "Số câu", "Điểm"],
            ["Hàm số", 4, 1, None, None, 2, 0.5, 1, 1.5],
            ["Tổng", 4, 1, None, None, 2, 0.5, 1, 1.5],
        ],
        ["B1:I1", "B2:E2", "F2:I2", "B3:C3", "D3:E3", "F3:G3", "H3:I3"],
    )
    bp = load_blueprint_xlsx(data, subject="Toán", duration_minutes=45, total_points=3.0)
    cells = {(str(c.level), c.type): c for c in bp.cells}
    assert cells[("Nhận biết", QuestionType.MCQ)].count == 4
    essay = cells[("Thông hiểu", QuestionType.ESSAY)]
    assert (essay.count, essay.points) == (1, 1.5)
    assert bp.validate() == []


def test_points_checked_against_scoring_rules() -> None:
    from qbank.domain.scoring import ScoringRules

    assert load_blueprint(DEMO).validate(ScoringRules()) == []
    bp = load_blueprint(SMALL.replace("level: NB, count: 20, points: 0.25", "level: NB, count: 20, points: 0.2"))
    assert any("cell Hàm số × Nhận biết" in str(p) and "scoring rules give mcq 0.25" in str(p) for p in bp.validate(ScoringRules()))
