"""Bank layouts met in departments' Excel files: per-topic sheets, cover sheets, options inside
the question cell, and the right/wrong-option template."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from importers.base import ImportResult
from importers.xlsx_importer import XlsxImporter
from qbank.domain.render import to_text

HEADER = ["STT", "Câu hỏi", "A", "B", "C", "D", "Đáp án"]


def workbook(*sheets: tuple[str, list[list[Any]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read(data: bytes) -> ImportResult:
    return XlsxImporter().read(data, "nganhang.xlsx")


def row(n: int, stem: str = "Câu hỏi") -> list[Any]:
    return [n, stem, "1", "2", "3", "4", "A"]


# -- sheet names and cover sheets --------------------------------------------------------


def test_a_bank_with_one_sheet_per_topic_tags_each_question_with_its_sheet_name() -> None:
    data = workbook(
        ("Liên hợp quốc", [HEADER, row(1), row(2)]),
        ("ASEAN", [HEADER, row(1)]),
    )
    assert [q.tags.topic for q in read(data).questions] == ["Liên hợp quốc", "Liên hợp quốc", "ASEAN"]


@pytest.mark.parametrize(
    "name",
    [
        "Sheet1",
        "Sheet 2",
        "Trang tính1",
        "Câu hỏi",
        "CauHoi",
        "Data",
        "Ngân hàng câu hỏi",
        "Đề 1",
        "HK1",
        "Trắc nghiệm",
        "Hướng dẫn",
    ],
)
def test_a_default_or_generic_sheet_name_is_no_topic(name: str) -> None:
    assert read(workbook((name, [HEADER, row(1)]))).questions[0].tags.topic is None


def test_a_topic_column_wins_over_the_sheet_name_even_when_a_cell_is_empty() -> None:
    header = [*HEADER, "Chủ đề"]
    data = workbook(("Chương 1", [header, [*row(1), "Động học"], row(2)]))
    assert [q.tags.topic for q in read(data).questions] == ["Động học", None]


def test_sheet_names_that_are_grades_subjects_or_levels_are_read_as_such() -> None:
    data = workbook(("Địa lí 10", [HEADER, row(1)]), ("Lớp 11", [HEADER, row(1)]), ("NB", [HEADER, row(1)]))
    first, second, third = (q.tags for q in read(data).questions)
    assert (first.subject, first.grade, first.topic) == ("Địa lí", 10, None)
    assert (second.grade, second.topic) == (11, None)
    assert (third.level, third.topic) == ("Nhận biết", None)


def test_a_first_cover_sheet_gives_subject_and_grade_to_the_whole_workbook() -> None:
    data = workbook(
        (
            "Hướng dẫn",
            [["NGÂN HÀNG CÂU HỎI TRẮC NGHIỆM MÔN LỊCH SỬ 12"], ["Mỗi chủ đề một trang tính. Môn học ghi ở đây."]],
        ),
        ("ASEAN", [HEADER, row(1)]),
    )
    result = read(data)
    assert (result.meta["subject"], result.meta["grade"]) == ("Lịch sử", 12)
    assert (result.questions[0].tags.subject, result.questions[0].tags.grade) == ("Lịch sử", 12)


def test_a_cover_sheets_instructions_are_not_read_as_a_title() -> None:
    data = workbook(("Hướng dẫn", [["Cột Môn học: ghi tên môn, ví dụ Toán lớp 10"]]), ("Sheet1", [HEADER, row(1)]))
    assert "subject" not in read(data).meta and "grade" not in read(data).meta


@pytest.mark.parametrize(
    ("title", "subject", "grade"),
    [
        ("NGÂN HÀNG CÂU HỎI MÔN LỊCH SỬ 12", "Lịch sử", 12),
        ("NGÂN HÀNG CÂU HỎI MÔN ĐỊA LÍ 10", "Địa lí", 10),
        ("Đề cương ôn tập môn Tiếng Anh 10 (thí điểm)", "Tiếng Anh", 10),
        ("NGÂN HÀNG CÂU HỎI VẬT LÍ LỚP 10 - CHƯƠNG ĐỘNG HỌC", "Vật lí", 10),
        ("NGÂN HÀNG CÂU HỎI MÔN TOÁN LỚP 12", "Toán", 12),
    ],
)
def test_a_grade_written_right_after_the_subject_is_the_grade(title: str, subject: str, grade: int) -> None:
    meta = read(workbook(("Sheet1", [[title], HEADER, row(1)]))).meta
    assert (meta.get("subject"), meta.get("grade")) == (subject, grade)


def test_a_title_for_pupils_of_a_grade_names_no_subject() -> None:
    meta = read(workbook(("Sheet1", [["Dành cho học sinh lớp 10"], HEADER, row(1)]))).meta
    assert "subject" not in meta and meta["grade"] == 10


def test_the_header_of_a_two_row_header_is_not_read_as_a_title() -> None:
    header = ["STT", "Câu hỏi", "Phương án trả lời", None, None, None, "Đáp án"]
    sub = [None, None, "A", "B", "C", "D", None]
    result = read(workbook(("Sheet1", [header, sub, row(1)])))
    assert "title" not in result.meta
    assert to_text(result.questions[0].stem) == "Câu hỏi"


# -- the right option in its own column, the wrong ones in theirs -------------------------------


@pytest.mark.parametrize(
    "header",
    [
        ["STT", "Câu hỏi", "Phương án đúng", "Phương án sai 1", "Phương án sai 2", "Phương án sai 3"],
        ["No", "Question", "Correct answer", "Distractor 1", "Distractor 2", "Distractor 3"],
        ["No", "Question", "Correct answer", "Wrong answer 1", "Wrong answer 2", "Wrong answer 3"],
        ["STT", "Nội dung", "Đáp án đúng", "Phương án nhiễu", "Phương án nhiễu", "Phương án nhiễu"],
    ],
)
def test_right_and_wrong_option_columns_make_an_mcq_whose_answer_is_a(header: list[str]) -> None:
    rows = [header, [1, "She is responsible ______ cleaning.", "for", "to", "with", "of"]]
    q = read(workbook(("Unit 1", rows))).questions[0]
    assert q.type.value == "mcq"
    assert [(o.label, to_text(o.content), o.correct) for o in q.options] == [
        ("A", "for", True),
        ("B", "to", False),
        ("C", "with", False),
        ("D", "of", False),
    ]
    assert q.answer == "A"


def test_in_the_right_and_wrong_template_a_row_with_only_the_right_answer_is_a_short_answer() -> None:
    header = ["STT", "Câu hỏi", "Phương án đúng", "Phương án sai 1", "Phương án sai 2", "Phương án sai 3"]
    rows = [header, [1, "Thủ đô của Việt Nam là", "Hà Nội", None, None, None]]
    q = read(workbook(("Sheet1", rows))).questions[0]
    assert (q.type.value, q.answer, q.options) == ("short_answer", "Hà Nội", [])


def test_in_the_right_and_wrong_template_an_empty_right_option_leaves_a_draft() -> None:
    header = ["STT", "Câu hỏi", "Phương án đúng", "Phương án sai 1", "Phương án sai 2"]
    result = read(workbook(("Sheet1", [header, [1, "Câu hỏi", None, "x", "y"]])))
    q = result.questions[0]
    assert q.answer is None and not any(o.correct for o in q.options)
    assert any("right option" in m.text for m in result.messages)


def test_a_wrong_answer_column_beside_ordinary_option_columns_changes_nothing() -> None:
    header = [*HEADER, "Phương án sai"]
    q = read(workbook(("Sheet1", [header, [1, "Câu hỏi", "1", "2", "3", "4", "C", "ghi chú"]]))).questions[0]
    assert q.answer == "C" and [o.label for o in q.options] == ["A", "B", "C", "D"]
