"""Reading one printed answer: MCQ letters, true/false marks in three spellings, short answers, essays."""

from __future__ import annotations

import pytest

from importers.results_table import read_table
from qbank.domain.enums import QuestionType
from qbank.domain.grading import as_number, item_score, short_answer_right
from qbank.domain.results import INVALID, ItemKey, column_letter, normalise
from qbank.domain.scoring import ScoringRules

MCQ = ItemKey(1, QuestionType.MCQ, 0.25, 4, 2)
TF = ItemKey(2, QuestionType.TRUE_FALSE, 1.0, 4, None, (True, False, True, True))
SA = ItemKey(3, QuestionType.SHORT_ANSWER, 0.5, 0, None, (), "-47,5")
ESSAY = ItemKey(4, QuestionType.ESSAY, 2.0)
SHUFFLED = [2, 0, 3, 1]  # printed option p is original option SHUFFLED[p]


def test_an_mcq_letter_is_translated_to_the_banks_option() -> None:
    assert normalise(MCQ, "a", SHUFFLED) == "C"  # printed A is original C
    assert normalise(MCQ, " D ", SHUFFLED) == "B"


def test_blank_is_omitted_and_several_letters_invalid() -> None:
    assert normalise(MCQ, "", SHUFFLED) is None
    assert normalise(MCQ, "-", SHUFFLED) is None
    assert normalise(MCQ, "AC", SHUFFLED) == INVALID
    assert normalise(MCQ, "A,B", SHUFFLED) == INVALID
    assert normalise(MCQ, "*", SHUFFLED) == INVALID


def test_a_letter_that_is_no_option_is_an_error() -> None:
    with pytest.raises(ValueError, match="not an option"):
        normalise(MCQ, "E", SHUFFLED)


@pytest.mark.parametrize("text", ["ĐSĐĐ", "đsđđ", "TFTT", "1011", "D S D D"])
def test_true_false_marks_in_every_spelling(text: str) -> None:
    assert normalise(TF, text, [0, 1, 2, 3]) == "ĐSĐĐ"


def test_true_false_follows_the_statement_shuffle_and_keeps_unanswered() -> None:
    # Printed a) b) c) d) are original statements 2, 0, 3, 1.
    assert normalise(TF, "Đ-SS", SHUFFLED) == "-SĐS"


def test_excel_dropped_leading_zeros_of_a_true_false_number() -> None:
    assert normalise(TF, "101", [0, 1, 2, 3]) == "SĐSĐ"


def test_true_false_with_the_wrong_number_of_marks_is_an_error() -> None:
    with pytest.raises(ValueError, match="4 marks"):
        normalise(TF, "ĐSĐ", [0, 1, 2, 3])


def test_true_false_points_follow_the_2025_table() -> None:
    rules = ScoringRules()
    assert [item_score(TF, r, rules) for r in ("SĐSS", "ĐĐSS", "ĐĐĐS", "ĐSĐS", "ĐSĐĐ", "----")] == [0.0, 0.1, 0.25, 0.5, 1.0, 0.0]


def test_short_answers_compare_as_numbers() -> None:
    assert as_number("-47,5") == -47.5 and as_number("−47.5") == -47.5 and as_number("abc") is None
    assert short_answer_right("-47,5", "-47.50")
    assert short_answer_right("0,5", ",5")
    assert not short_answer_right("-47,5", "47,5")
    assert short_answer_right("x = 2", "X = 2")
    assert normalise(SA, " -47,5 ", []) == "-47,5"
    assert item_score(SA, "-47.5", ScoringRules()) == 0.5


def test_essay_cells_hold_the_points_given() -> None:
    assert normalise(ESSAY, "1,5", []) == "1.5"
    with pytest.raises(ValueError, match="outside"):
        normalise(ESSAY, "3", [])
    assert item_score(ESSAY, "1.5", ScoringRules()) == 1.5


def test_column_letters_go_past_z() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


def test_csv_with_semicolons_and_a_bom_is_read() -> None:
    rows = read_table("kq.csv", "\ufeffSBD;Mã đề;Câu 1\n001;101;A\n\n002;102;\n".encode())
    assert rows == [(1, ["SBD", "Mã đề", "Câu 1"]), (2, ["001", "101", "A"]), (4, ["002", "102"])]


def test_other_files_are_refused_with_a_message() -> None:
    from qbank.domain.errors import RejectedFile, ValidationError

    with pytest.raises(ValidationError, match="xlsx or .csv"):
        read_table("kq.pdf", b"%PDF")
    with pytest.raises(RejectedFile, match="kq.xlsx"):
        read_table("kq.xlsx", b"not a zip")
    with pytest.raises(ValidationError, match="not UTF-8"):
        read_table("kq.csv", "SBD,Mã đề".encode("utf-16"))


def test_xlsx_cells_come_back_as_typed_text_in_their_columns() -> None:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["SBD", "Mã đề", "I.1", "II.1", "III.1"])
    ws.append([10001, 101, "B", 1011, -47.5])
    ws.append(["=1+1", "102", None, "ĐSĐĐ", 12.0])  # a formula (read as its saved value: none here), a gap
    ws["A2"].number_format = "0"
    wb.create_sheet("Ghi chú").append(["not read"])
    buf = io.BytesIO()
    wb.save(buf)
    rows = read_table("kq.xlsx", buf.getvalue())
    assert rows == [
        (1, ["SBD", "Mã đề", "I.1", "II.1", "III.1"]),
        (2, ["10001", "101", "B", "1011", "-47.5"]),
        (3, ["", "102", "", "ĐSĐĐ", "12"]),
    ]


def test_simulated_sheets_are_a_workbook_excel_tools_open() -> None:
    import io

    from openpyxl import load_workbook

    from qbank.demo.simulated_results import sheets_xlsx

    data = sheets_xlsx(["SBD", "Mã đề", "I.1", "II.1"], [["001", "101", "A", "ĐSĐĐ"], ["002", "102", "", "S&Đ<"]])
    ws = load_workbook(io.BytesIO(data)).active
    assert [[c.value for c in r] for r in ws.iter_rows()] == [
        ["SBD", "Mã đề", "I.1", "II.1"], ["001", "101", "A", "ĐSĐĐ"], ["002", "102", None, "S&Đ<"]]
    assert read_table("k.xlsx", data)[2] == (3, ["002", "102", "", "S&Đ<"])
