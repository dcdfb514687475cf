"""Results service: import answer sheets (checked row by row), score, statistics, anchoring over exams."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from qbank.db.models import ExamResult, ItemStatistics, QuestionRow
from qbank.demo.sample_exam import sample_bank
from qbank.demo.simulated_results import Simulation, sheets_csv, sheets_xlsx, simulate_sheets
from qbank.domain.actor import SYSTEM
from qbank.domain.blueprint import load_blueprint
from qbank.domain.enums import QuestionType, Status, Visibility
from qbank.domain.errors import NotFound, PermissionDenied
from qbank.services.exams import build_exam, load_paper
from qbank.services.results import (
    exam_statistics,
    export_results_xlsx,
    import_results,
    question_statistics,
)
from tests import factories

BLUEPRINT = Path(__file__).resolve().parents[2] / "qbank" / "demo" / "blueprint_toan12_2025.yaml"


@pytest.fixture
def exam(runtime):  # noqa: ANN001, ANN201
    """A built 4-version Toán 12 exam (12 MCQ, 4 true/false, 6 short answers) and its paper."""
    factories.department(runtime, "Quảng Trị")
    factories.department(runtime, "Quảng Bình")
    factories.stored_many(runtime, list(sample_bank(per_cell=6).values()), "Quảng Trị", Status.APPROVED, Visibility.RESERVED)  # a confidential exam draws on the reserved pool
    board = factories.user(runtime, "board", "exam_board", "Quảng Trị")
    with runtime.uow() as uow:
        info = build_exam(uow, board, load_blueprint(BLUEPRINT), versions=4, seed=7)
    with runtime.uow() as uow:
        paper, _ = load_paper(uow, board, info.id)
    return info.id, paper, board


def _import(runtime, exam_id, name, data, actor=SYSTEM, **kw):  # noqa: ANN001, ANN202
    with runtime.uow() as uow:
        return import_results(uow, actor, exam_id, name, data, **kw)


def test_a_clean_file_is_stored_scored_and_its_statistics_computed(runtime, exam) -> None:  # noqa: ANN001
    exam_id, paper, board = exam
    header, rows = simulate_sheets(paper, 300, seed=1)
    report = _import(runtime, exam_id, "ketqua.xlsx", sheets_xlsx(header, rows), actor=board)
    assert (report.stored, report.problems) == (300, [])
    with runtime.uow() as uow:
        stats = exam_statistics(uow, board, exam_id)
        assert uow.session.scalar(select(func.count()).select_from(ExamResult)) == 300
        n_items = uow.session.scalar(select(func.count()).select_from(ItemStatistics).where(ItemStatistics.exam_id == exam_id))
    assert n_items == 22
    assert stats["exam"]["n"] == 300
    assert 0 < stats["exam"]["mean"] < 10 and stats["exam"]["alpha"] > 0.5
    by_type = {}
    for it in stats["items"]:
        by_type.setdefault(it["type"], []).append(it)
    # Rasch for the dichotomous items (MCQ, short answer); PHẦN II is left to classical statistics.
    assert all(it["rasch_b"] is not None for it in by_type["mcq"] + by_type["short_answer"])
    assert all(it["rasch_b"] is None and it["facility"] is not None for it in by_type["true_false"])
    assert all(set(it["options"]["labels"]) >= {"A", "B", "C", "D"} for it in by_type["mcq"])


def test_each_candidates_total_follows_the_2025_rules(runtime, exam) -> None:  # noqa: ANN001
    exam_id, paper, _ = exam
    v = paper.versions[0]
    labels = [f"{k.part}.{k.number}" for k in v.key]
    key_answers = [k.answer_text() for k in v.key]
    # Candidate 1: everything as the key → 10 points. Candidate 2: PHẦN I right, each PHẦN II
    # question with 3 of 4 statements right (0.5 each), PHẦN III numbers written differently.
    second = []
    for k in v.key:
        if k.type == QuestionType.TRUE_FALSE:
            marks = list(k.answer_text())
            marks[0] = "S" if marks[0] == "Đ" else "Đ"
            second.append("".join(marks).replace("Đ", "1").replace("S", "0"))
        elif k.type == QuestionType.SHORT_ANSWER:
            second.append("x")
        else:
            second.append(k.answer_text())
    rows = [["SBD", "Mã đề", *labels], ["A1", v.code, *key_answers], ["A2", v.code, *second]]
    report = _import(runtime, exam_id, "diem.csv", sheets_csv(rows[0], rows[1:]))
    assert report.stored == 2, report.problems
    with runtime.uow() as uow:
        scores = dict(uow.session.execute(select(ExamResult.candidate, ExamResult.score)).all())
    assert scores["A1"] == pytest.approx(10.0)
    assert scores["A2"] == pytest.approx(12 * 0.25 + 4 * 0.5)


def test_short_answers_compare_as_numbers(runtime, exam) -> None:  # noqa: ANN001
    exam_id, paper, _ = exam
    v = paper.versions[0]
    sa = [k for k in v.key if k.type == QuestionType.SHORT_ANSWER]
    answers = []
    for k in v.key:
        if k.type == QuestionType.SHORT_ANSWER:
            value = float(k.answer_text().replace(",", "."))
            answers.append(f"{value:.3f}".replace(".", ","))  # "2" printed as "2,000": the same number
        else:
            answers.append("")
    rows = [["SBD", "Mã đề", *[f"{k.part}.{k.number}" for k in v.key]], ["B1", v.code, *answers]]
    assert _import(runtime, exam_id, "d.csv", sheets_csv(rows[0], rows[1:])).stored == 1
    with runtime.uow() as uow:
        assert uow.session.scalar(select(ExamResult.score)) == pytest.approx(len(sa) * 0.5)


def test_a_file_with_wrong_rows_stores_nothing_and_names_row_and_column(runtime, exam) -> None:  # noqa: ANN001
    exam_id, paper, _ = exam
    header, rows = simulate_sheets(paper, 20, seed=2)
    rows[3][1] = "999"  # unknown mã đề → row 5 (header is row 1), column B
    rows[6][0] = rows[5][0]  # duplicate SBD → row 8, column A
    rows[9] = rows[9][:-1]  # one answer short: a blank answer is "omitted", so this row is fine
    rows[10] = [*rows[10], "A"]  # one too many → row 12
    rows[12][2] = "X"  # not an option → row 14, column C
    report = _import(runtime, exam_id, "ketqua.csv", sheets_csv(header, rows))
    assert report.stored == 0 and report.needs_confirmation
    text = "\n".join(report.problems)
    assert "row 5, column B: unknown mã đề '999'" in text
    assert "row 8, column A: duplicate SBD" in text and "first on row 7" in text
    assert "row 12" in text and "the exam has 22 questions" in text
    assert "row 14, column C (I.1): 'X' is not an option (A–D)" in text
    with runtime.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ExamResult)) == 0
    # Confirmed: the other rows are stored, the bad ones left out.
    report = _import(runtime, exam_id, "ketqua.csv", sheets_csv(header, rows), skip_bad_rows=True)
    assert report.stored == 16 and report.skipped


def test_a_response_string_maps_through_each_versions_shuffle_to_the_bank_question(runtime) -> None:  # noqa: ANN001
    factories.department(runtime, "Quảng Trị")
    ids = factories.stored_many(runtime, [factories.mcq(f"Câu số {i} về hàm số", answer="ABCD"[i % 4]) for i in range(8)], "Quảng Trị")
    from qbank.services.exams import build_exam_from_questions

    with runtime.uow() as uow:
        info = build_exam_from_questions(uow, SYSTEM, ids, title="Kiểm tra 15 phút", versions=2, seed=3)
    with runtime.uow() as uow:
        paper, _ = load_paper(uow, SYSTEM, info.id)
    # Everyone answers with the key of their own version: every bank question must come out right,
    # and the stored answer is the bank's own letter whatever the printed one was.
    rows = [["SBD", "Mã đề", "Bài làm"]]
    for i, v in enumerate(paper.versions):
        rows.append([f"S{i}", v.code, "".join(k.answer_text() for k in v.key)])
    assert _import(runtime, info.id, "chuoi.csv", sheets_csv(rows[0], rows[1:])).stored == 2
    with runtime.uow() as uow:
        results = [(r.score, r.responses) for r in uow.session.scalars(select(ExamResult))]
        bank_keys = {qid: "ABCD"[i % 4] for i, qid in enumerate(ids)}
    for score, responses in results:
        assert score == pytest.approx(8 * 0.25)
        assert {int(q): a for q, a in responses.items()} == bank_keys


def test_several_letters_are_invalid_and_blank_is_omitted(runtime, exam) -> None:  # noqa: ANN001
    exam_id, paper, board = exam
    v = paper.versions[0]
    answers = [k.answer_text() for k in v.key]
    answers[0], answers[1] = "AB", ""
    rows = [["SBD", "Mã đề", *[f"Câu {i}" for i in range(1, len(answers) + 1)]], ["C1", v.code, *answers], ["C2", v.code, *answers]]
    assert _import(runtime, exam_id, "c.csv", sheets_csv(rows[0], rows[1:])).stored == 2
    with runtime.uow() as uow:
        stats = exam_statistics(uow, board, exam_id)
    first, second = (next(i for i in stats["items"] if i["question_id"] == v.key[n].id) for n in (0, 1))
    assert first["options"]["all"][-1] == 1.0  # invalid share
    assert second["options"]["all"][-2] == 1.0  # omitted share
    assert first["facility"] == 0 and second["facility"] == 0


def test_only_the_exams_board_imports_and_reads_results(runtime, exam) -> None:  # noqa: ANN001
    exam_id, paper, _ = exam
    other = factories.user(runtime, "board_qb", "exam_board", "Quảng Bình")
    teacher = factories.user(runtime, "teacher", "teacher", "Quảng Trị")
    header, rows = simulate_sheets(paper, 10)
    for who in (other, teacher):
        with pytest.raises((NotFound, PermissionDenied)):
            _import(runtime, exam_id, "k.csv", sheets_csv(header, rows), actor=who)


def test_a_planted_wrong_key_is_flagged_and_a_good_item_is_not(runtime, exam) -> None:  # noqa: ANN001
    exam_id, paper, board = exam
    mcqs = [it for it in paper.parts[0].items]
    wrong, good = mcqs[0], mcqs[1]
    key = next(i for i, o in enumerate(wrong.question.options) if o.correct)
    sim = Simulation(difficulty={it.id: d for it, d in zip(mcqs, [-0.5, 0.0, 0.5, -1, 1, 0, -0.3, 0.3, 0.8, -0.8, 0.2, -0.2], strict=False)},
                     true_option={wrong.id: (key + 1) % 4})
    header, rows = simulate_sheets(paper, 1500, seed=5, sim=sim)
    _import(runtime, exam_id, "sim.csv", sheets_csv(header, rows))
    with runtime.uow() as uow:
        items = {i["question_id"]: i for i in exam_statistics(uow, board, exam_id)["items"]}
    assert "possible_wrong_key" in items[wrong.id]["flags"]
    assert "negative_discrimination" in items[wrong.id]["flags"]
    assert items[good.id]["flags"] == []
    assert next(iter(items)) == wrong.id or items[next(iter(items))]["flags"]  # flagged items come first


def test_items_calibrated_before_anchor_the_next_exam(runtime, exam) -> None:  # noqa: ANN001
    exam_id, paper, board = exam
    header, rows = simulate_sheets(paper, 800, seed=8)
    _import(runtime, exam_id, "first.csv", sheets_csv(header, rows))
    with runtime.uow() as uow:
        first = {r.id: r.rasch_b for r in uow.session.scalars(select(QuestionRow).where(QuestionRow.rasch_b.is_not(None)))}
    assert first
    # A second exam reusing some of the same questions.
    reused = list(first)[:6]
    fresh = factories.stored_many(runtime, [factories.mcq(f"Câu mới số {i} về tích phân", answer="C") for i in range(6)], "Quảng Trị")
    from qbank.services.exams import build_exam_from_questions

    with runtime.uow() as uow:
        info = build_exam_from_questions(uow, SYSTEM, reused + fresh, title="Đề năm sau", versions=2, seed=1)
    with runtime.uow() as uow:
        paper2, _ = load_paper(uow, SYSTEM, info.id)
    header, rows = simulate_sheets(paper2, 800, seed=9)
    _import(runtime, info.id, "second.csv", sheets_csv(header, rows))
    with runtime.uow() as uow:
        stats = {i["question_id"]: i for i in exam_statistics(uow, SYSTEM, info.id)["items"]}
        now = {r.id: r.rasch_b for r in uow.session.scalars(select(QuestionRow).where(QuestionRow.id.in_(reused + fresh)))}
        history = question_statistics(uow, SYSTEM, reused[0])
    for qid in reused:
        assert stats[qid]["anchored"] and stats[qid]["rasch_b"] == pytest.approx(first[qid], abs=1e-4)
        assert now[qid] == pytest.approx(first[qid], abs=1e-4)  # the bank's value did not move
    assert all(not stats[q]["anchored"] and now[q] is not None for q in fresh)
    assert [h["exam_id"] for h in history] == [exam_id, info.id]


def test_results_export_is_a_workbook_with_inert_text(runtime, exam) -> None:  # noqa: ANN001
    exam_id, paper, board = exam
    header, rows = simulate_sheets(paper, 30, seed=4)
    rows[0][0] = "=HYPERLINK(\"http://x\",\"y\")"
    assert _import(runtime, exam_id, "k.csv", sheets_csv(header, rows)).stored == 30
    with runtime.uow() as uow:
        data = export_results_xlsx(uow, board, exam_id)
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Điểm thí sinh"]
    assert [c.value for c in ws[1]][:3] == ["SBD", "Mã đề", "Tổng điểm"]
    cell = ws.cell(row=2, column=1)
    # text, and OWASP's leading quote (exporters/cells.py) so it stays inert even re-saved as CSV
    assert cell.data_type == "s" and cell.value == "'" + rows[0][0]
    assert ws.max_row == 31
    assert wb["Tổng quan"]["B2"].value == 30


def test_cli_imports_and_prints_stats_json(runtime, exam, tmp_path) -> None:  # noqa: ANN001
    from tests.functional.test_cli import run

    exam_id, paper, _ = exam
    header, rows = simulate_sheets(paper, 200, seed=6)
    path = tmp_path / "ketqua.xlsx"
    path.write_bytes(sheets_xlsx(header, rows))
    res = run(runtime, "exam", "results", "import", str(exam_id), str(path))
    assert res.returncode == 0, res.stderr
    assert "200 candidates stored" in res.stdout
    res = run(runtime, "exam", "stats", str(exam_id), "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert set(out["exam"]) >= {"n", "mean", "sd", "alpha", "sem"} and out["exam"]["n"] == 200
    assert {"question_id", "facility", "discrimination", "rasch_b", "rasch_se", "flags"} <= set(out["items"][0])
    rows[2][1] = "777"
    path.write_bytes(sheets_xlsx(header, rows))
    res = run(runtime, "exam", "results", "import", str(exam_id), str(path))
    assert res.returncode == 1
    assert "row 4, column B: unknown mã đề '777'" in res.stderr and "nothing stored" in res.stderr


def test_a_blueprint_cell_with_a_difficulty_range_draws_measured_questions_inside_it(runtime, exam) -> None:  # noqa: ANN001
    from qbank.domain.blueprint import blueprint_from_dict

    exam_id, paper, board = exam
    header, rows = simulate_sheets(paper, 600, seed=21)
    _import(runtime, exam_id, "k.csv", sheets_csv(header, rows))
    with runtime.uow() as uow:
        measured = {r.id: (r.rasch_b, r.topic, r.level) for r in uow.session.scalars(
            select(QuestionRow).where(QuestionRow.rasch_b.is_not(None), QuestionRow.type == "mcq"))}
    topic, level = next(iter(measured.values()))[1:]
    cell_b = sorted(b for b, t, lv in measured.values() if (t, lv) == (topic, level))
    lo, hi = cell_b[0] - 0.01, cell_b[-1] + 0.01
    bp = blueprint_from_dict({"subject": "Toán", "grade": 12, "duration_minutes": 15, "total_points": 0.25 * len(cell_b),
                              "parts": [{"key": "I", "type": "mcq"}],
                              "cells": [{"part": "I", "topic": topic, "level": level, "count": len(cell_b), "points": 0.25,
                                         "difficulty": [lo, hi]}]})
    with runtime.uow() as uow:
        info = build_exam(uow, board, bp, versions=1, seed=2, recent_exams=0)
    with runtime.uow() as uow:
        chosen, _ = load_paper(uow, board, info.id)
    ids = [it.id for p in chosen.parts for it in p.items]
    assert sorted(measured[i][0] for i in ids) == cell_b  # exactly the measured ones: unmeasured peers are not in range
