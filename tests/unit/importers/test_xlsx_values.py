"""Header names, answers, types and cell values as Vietnamese spreadsheets write them."""

from __future__ import annotations

import pytest

from importers.xlsx.headers import find_header, header_field
from importers.xlsx.values import (
    display,
    normalise_subject,
    parse_choice,
    parse_grade,
    parse_true_false,
    parse_type,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("STT", "number"),
        ("#", "number"),
        ("No.", "number"),
        ("Nội dung câu hỏi", "stem"),
        ("Question", "stem"),
        ("Phương án A", "option:A"),
        ("PA B", "option:B"),
        ("Option C", "option:C"),
        ("Đáp án D", "option:D"),
        ("E", "option:E"),
        ("Đáp án đúng (A/B/C/D)", "answer"),
        ("Key", "answer"),
        ("Chuyên đề", "topic"),
        ("Mức độ nhận thức", "level"),
        ("Khối", "grade"),
        ("Môn học", "subject"),
        ("Loại câu hỏi", "type"),
        ("Điểm", "points"),
        ("Hướng dẫn giải", "solution"),
        ("Explanation", "solution"),
        ("Phân loại", None),
        ("Nội dung kiến thức", "topic"),
        ("Lớp/Khối", "grade"),
        ("questionText", "stem"),
        ("option_b", "option:B"),
        ("(C) Option", "option:C"),
        ("choice4", "option:D"),
        ("correctAnswer", "answer"),
        ("A/B", None),
    ],
)
def test_header_names_map_to_fields(header: str, field: str | None) -> None:
    assert header_field(header) == field


def test_the_header_row_is_found_below_title_rows() -> None:
    rows = [["NGÂN HÀNG CÂU HỎI"], [], ["TT", "Câu hỏi", "A", "B", "Đáp án"], [1, "x", "1", "2", "A"]]
    header = find_header(rows)
    assert header is not None and header.row == 2
    assert header.columns == {"number": 0, "stem": 1, "option:A": 2, "option:B": 3, "answer": 4}


def test_a_title_row_mentioning_questions_is_not_a_header() -> None:
    assert find_header([["Câu hỏi"], ["Ngân hàng"]]) is None


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("b", ["B"]),
        (" B ", ["B"]),
        ("B.", ["B"]),
        ("Đáp án B", ["B"]),
        ("3", ["C"]),
        ("A, C", ["A", "C"]),
        ("xyz", None),
    ],
)
def test_choices_are_read_from_what_teachers_write(text: str, choice: list[str] | None) -> None:
    assert parse_choice(text, "ABCD") == choice


@pytest.mark.parametrize("text", ["ĐSĐĐ", "Đ,S,Đ,Đ", "TFTT", "Đúng; Sai; Đúng; Đúng", "a) Đ b) S c) Đ d) Đ", "dsdd"])
def test_true_false_answers_in_every_spelling(text: str) -> None:
    assert parse_true_false(text) == ["Đ", "S", "Đ", "Đ"]


@pytest.mark.parametrize(
    ("text", "qtype"),
    [
        ("TN", "mcq"),
        ("Trắc nghiệm", "mcq"),
        ("TL", "essay"),
        ("TLN", "short_answer"),
        ("ĐS", "true_false"),
        ("Đúng/Sai", "true_false"),
        ("Multiple choice", "mcq"),
        ("Short answer", "short_answer"),
        ("?", None),
    ],
)
def test_question_types_in_vietnamese_and_english(text: str, qtype: str | None) -> None:
    got = parse_type(text)
    assert (str(got) if got else None) == qtype


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (0.5, "General", "0,5"),
        (12.0, "General", "12"),
        (0.1 + 0.2, "General", "0,3"),
        (2.5, "0.00", "2,50"),
        (0.25, "0%", "25%"),
        ("  hai   dòng\nthứ hai ", "General", "hai dòng\nthứ hai"),
        (True, "General", "TRUE"),
    ],
)
def test_cells_display_as_excel_shows_them_with_a_decimal_comma(value: object, fmt: str, shown: str) -> None:
    assert display(value, fmt) == shown


def test_subjects_and_grades_are_normalised() -> None:
    assert normalise_subject("TOÁN") == "Toán"
    assert normalise_subject("English") == "Tiếng Anh"
    assert normalise_subject("Âm nhạc") == "Âm nhạc"
    assert [parse_grade(v) for v in (12, 12.0, "Lớp 10", "11A2", "2024", None)] == [12, 12, 10, 11, None, None]
