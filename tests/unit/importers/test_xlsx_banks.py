"""Bank layouts met in departments' Excel files: per-topic sheets, cover sheets, options inside
the question cell, and the right/wrong-option template."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from importers.base import ImportResult
from importers.xlsx.importer import XlsxImporter
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


# -- options typed inside the question cell ------------------------------------------------------

CELL_HEADER = ["STT", "Câu hỏi", "Đáp án", "Mức độ"]


def options_of(q: Any) -> list[tuple[str, str, bool]]:
    return [(o.label, to_text(o.content), o.correct) for o in q.options]


def test_options_on_their_own_lines_in_the_question_cell_make_an_mcq() -> None:
    cell = "Đơn vị của vận tốc trong hệ SI là\nA. m/s\nB. km/h\nC. m/s²\nD. m"
    q = read(workbook(("Sheet1", [CELL_HEADER, [1, cell, "B", "Nhận biết"]]))).questions[0]
    assert q.type.value == "mcq"
    assert to_text(q.stem) == "Đơn vị của vận tốc trong hệ SI là"
    assert options_of(q) == [("A", "m/s", False), ("B", "km/h", True), ("C", "m/s²", False), ("D", "m", False)]
    assert q.answer == "B" and q.tags.level == "Nhận biết"


def test_options_in_the_cell_keep_their_math_and_may_share_a_line() -> None:
    cell = "Quãng đường là\nA. $s=vt$    B. $s=at$\nC) 2 m    D) 4 m"
    q = read(workbook(("Sheet1", [CELL_HEADER, [1, cell, "d", None]]))).questions[0]
    assert options_of(q) == [("A", "$s=vt$", False), ("B", "$s=at$", False), ("C", "2 m", False), ("D", "4 m", True)]
    assert q.stem.count_math() == 0 and q.options[0].content.count_math() == 1


def test_an_option_in_the_cell_may_run_over_two_lines_and_a_star_marks_the_answer() -> None:
    cell = "Chọn câu đúng\nA. Vật chuyển động\nthẳng đều\n*B. Vật đứng yên\nC. Cả hai"
    q = read(workbook(("Sheet1", [CELL_HEADER, [1, cell, None, None]]))).questions[0]
    assert options_of(q) == [
        ("A", "Vật chuyển động thẳng đều", False),
        ("B", "Vật đứng yên", True),
        ("C", "Cả hai", False),
    ]
    assert q.answer == "B"


def test_true_false_statements_in_the_cell_with_one_verdict_each() -> None:
    cell = "Cho các phát biểu về ADN:\na) ADN có 2 mạch\nb) ADN có uraxin\nc) ADN nằm trong nhân\nd) ADN là prôtêin"
    q = read(workbook(("Sheet1", [CELL_HEADER, [1, cell, "ĐSĐS", None]]))).questions[0]
    assert q.type.value == "true_false" and q.answer == ["Đ", "S", "Đ", "S"]
    assert [(o.label, o.correct) for o in q.options] == [("a", True), ("b", False), ("c", True), ("d", False)]
    assert to_text(q.stem) == "Cho các phát biểu về ADN:"


@pytest.mark.parametrize(
    ("cell", "answer"),
    [
        ("Giải phương trình\na) $x+1=0$\nb) $x^2=4$", None),  # an essay's parts
        ("Tính giá trị biểu thức\nA. với x = 1\nB. với x = 2", "15"),  # the answer is no option: short answer
        ("Câu hỏi một dòng", "A"),
    ],
)
def test_a_cell_is_not_split_when_the_answer_does_not_fit_options(cell: str, answer: str | None) -> None:
    q = read(workbook(("Sheet1", [CELL_HEADER, [1, cell, answer, None]]))).questions[0]
    assert q.options == [] and q.type.value in ("essay", "short_answer")


def test_a_written_essay_type_keeps_the_cell_whole() -> None:
    header = ["STT", "Câu hỏi", "Đáp án", "Loại"]
    cell = "Trình bày\nA. nguyên nhân\nB. diễn biến"
    q = read(workbook(("Sheet1", [header, [1, cell, None, "Tự luận"]]))).questions[0]
    assert q.type.value == "essay" and q.options == []


def test_option_columns_when_filled_win_over_lines_in_the_question_cell() -> None:
    q = read(workbook(("Sheet1", [HEADER, [1, "Câu\nA. x\nB. y", "1", "2", "3", "4", "C"]]))).questions[0]
    assert [to_text(o.content) for o in q.options] == ["1", "2", "3", "4"] and q.answer == "C"
