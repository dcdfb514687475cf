"""Folder and file names of a department's archive suggest grade, subject, school year and "HSG"."""

from __future__ import annotations

import pytest

from importers import ImportResult
from qbank.domain.errors import ValidationError
from qbank.domain.name_tags import suggest_tags
from qbank.services.batches import apply_batch_tags, batch_tags
from tests.factories import mcq


@pytest.mark.parametrize(("path", "expected"), [
    ("HSG/2019-2020/Lop 12/Toan/de1.docx", {"exam": "HSG", "school_year": "2019-2020", "grade": 12, "subject": "Toán"}),
    ("HSG_Toán-12/2021/dethi.xlsx", {"exam": "HSG", "school_year": "2020-2021", "grade": 12, "subject": "Toán"}),
    ("Vat li 9/de_hsg_2018.docx", {"exam": "HSG", "school_year": "2017-2018", "grade": 9, "subject": "Vật lí"}),
    ("Hóa học/Khối 12/đề thi thử.docx", {"grade": 12, "subject": "Hóa học"}),
    ("toan12.docx", {"grade": 12, "subject": "Toán"}),
    ("Thi học sinh giỏi/Ngữ văn/ma de 3.docx", {"exam": "HSG", "subject": "Ngữ văn"}),
    ("misc/abc.docx", {}),
])
def test_names_suggest_the_tags_they_spell(path: str, expected: dict) -> None:
    assert suggest_tags(path) == expected


def test_the_nearest_name_wins() -> None:
    assert suggest_tags("Lop 9/Lop 12/de.docx")["grade"] == 12


def test_numbers_of_a_paper_or_question_are_not_grades() -> None:
    assert "grade" not in suggest_tags("de 3/cau 5/ma de 7.docx")


def test_the_batch_tags_win_and_the_names_fill_only_what_the_file_left_empty() -> None:
    result = ImportResult("de.docx", "docx", meta={"subject": "Toán"}, questions=[mcq("Câu hỏi một"), mcq("Câu hỏi hai")])
    apply_batch_tags(result, {"subject": "Vật lí", "grade": 12, "school_year": "2019-2020"}, {"tags": {"exam": "HSG"}})
    assert {(q.tags.subject, q.tags.grade, q.tags.school_year, q.tags.source_exam) for q in result.questions} == {
        ("Toán", 12, "2019-2020", "HSG")}


def test_a_batch_grade_outside_1_to_12_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError, match="grade"):
        batch_tags({"grade": "13"})


def test_a_number_with_a_leading_zero_numbers_the_file_and_is_no_grade() -> None:
    assert suggest_tags("Lop 12/01_hoa12_tn.docx")["grade"] == 12
    assert "grade" not in suggest_tags("05 de thi.docx")
