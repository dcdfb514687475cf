"""LMS formats on the command line: import a GIFT bank, export what a user may see as Moodle XML."""

from __future__ import annotations

from pathlib import Path

from importers import read_file
from qbank.domain.enums import Status
from tests import factories
from tests.functional.test_cli import run

GIFT = """$CATEGORY: $course$/Toán 12/Tích phân

::A:: Tính \\(\\int_0^1 2x\\,dx\\) {#1}

::B:: Đạo hàm của \\(x^2\\) là {=\\(2x\\) ~\\(x\\) ~\\(2\\)}
"""


def test_a_gift_file_imports_and_the_bank_exports_as_moodle_xml_for_what_a_user_sees(runtime, tmp_path: Path) -> None:  # noqa: ANN001
    factories.department(runtime, "Quảng Trị")
    factories.user(runtime, "giaovien", "teacher", "Quảng Trị")
    src = tmp_path / "bank.gift"
    src.write_text(GIFT, encoding="utf-8")
    out = run(runtime, "import", str(src), "--department", "Quảng Trị", "--approve")
    assert out.returncode == 0, out.stderr
    draft = factories.stored(runtime, factories.mcq("Câu nháp chưa duyệt"), "Quảng Trị", status=Status.DRAFT)
    assert draft
    out = run(runtime, "export", "", "--format", "moodle-xml", "--out", str(tmp_path / "out"), "--as", "giaovien")
    assert out.returncode == 0, out.stderr
    (xml,) = (tmp_path / "out").glob("*.xml")
    back = read_file(xml)
    stems = sorted(q.type.value for q in back.questions)
    assert stems == ["mcq", "short_answer"]  # the draft is not the teacher's to see, so it does not leave
    assert {q.tags.topic for q in back.questions} == {"Nguyên hàm và tích phân"}
    assert all(q.stem.count_math() == 1 for q in back.questions)


def test_export_refuses_an_unknown_format_with_one_line(runtime, tmp_path: Path) -> None:  # noqa: ANN001
    out = run(runtime, "export", "x", "--format", "qti99", "--out", str(tmp_path))
    assert out.returncode == 2 and "qti99" in out.stderr


def test_export_writes_a_word_paper_and_an_excel_sheet_that_import_again(runtime, tmp_path: Path) -> None:  # noqa: ANN001
    factories.department(runtime, "Quảng Trị")
    factories.user(runtime, "giaovien", "teacher", "Quảng Trị")
    src = tmp_path / "bank.gift"
    src.write_text(GIFT, encoding="utf-8")
    assert run(runtime, "import", str(src), "--department", "Quảng Trị", "--approve").returncode == 0
    for fmt, suffix in (("docx", ".docx"), ("xlsx", ".xlsx")):
        out = run(runtime, "export", "", "--format", fmt, "--out", str(tmp_path / fmt), "--as", "giaovien")
        assert out.returncode == 0, out.stderr
        assert "2 questions" in out.stdout
        (path,) = (tmp_path / fmt).glob(f"*{suffix}")
        back = read_file(path)
        assert sorted(q.type.value for q in back.questions) == ["mcq", "short_answer"], fmt
        assert next(q for q in back.questions if q.type.value == "mcq").answer == "A", fmt
