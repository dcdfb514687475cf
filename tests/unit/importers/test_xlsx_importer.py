"""The Excel importer reads question banks the way departments lay them out."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
import pytest

from importers.base import ImportResult, get_importer
from importers.xlsx.importer import XlsxImporter
from qbank.domain.content import Math
from qbank.domain.errors import RejectedFile
from qbank.domain.render import to_text

HEADER = ["STT", "Câu hỏi", "A", "B", "C", "D", "Đáp án"]


def workbook(*sheets: tuple[str, list[list[Any]]], merges: dict[str, list[str]] | None = None) -> bytes:
    """An .xlsx with the given sheets (title, rows); ``merges`` maps a sheet title to ranges."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(title, []):
            ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read(data: bytes, name: str = "nganhang.xlsx") -> ImportResult:
    return XlsxImporter().read(data, name)


def messages(result: ImportResult) -> list[str]:
    return [f"{m.level} {m.where}: {m.text}" for m in result.messages]


def test_the_registry_hands_xlsx_files_to_this_importer() -> None:
    assert isinstance(get_importer("Ngân hàng.XLSX"), XlsxImporter)


def test_title_rows_above_the_header_give_subject_grade_year_and_department() -> None:
    rows = [
        ["NGÂN HÀNG CÂU HỎI MÔN TOÁN LỚP 12"],
        ["Đơn vị: Quảng Nam - Năm học 2023-2024"],
        [],
        HEADER,
        [1, "$1+1$ bằng", "1", "2", "3", "4", "B"],
    ]
    result = read(workbook(("Sheet1", rows), merges={"Sheet1": ["A1:G1"]}))
    assert result.meta["subject"] == "Toán"
    assert result.meta["grade"] == 12
    assert result.meta["year"] == "2023-2024"
    assert result.meta["department"] == "Quảng Nam"
    q = result.questions[0]
    assert (q.tags.subject, q.tags.grade) == ("Toán", 12)
    assert q.answer == "B" and [o.correct for o in q.options] == [False, True, False, False]


def test_english_headers_are_recognised() -> None:
    rows = [
        [
            "No.",
            "Question",
            "Option A",
            "Option B",
            "Option C",
            "Option D",
            "Answer",
            "Topic",
            "Level",
            "Grade",
            "Subject",
        ],
        [
            1,
            "She ____ here since 2010.",
            "lives",
            "has lived",
            "lived",
            "is living",
            "B",
            "Grammar",
            "Understand",
            12,
            "English",
        ],
    ]
    q = read(workbook(("Bank", rows))).questions[0]
    assert q.answer == "B"
    assert q.tags.topic == "Grammar"
    assert q.tags.level == "Thông hiểu"
    assert (q.tags.grade, q.tags.subject) == (12, "Tiếng Anh")


def test_headers_match_whatever_the_accents_case_and_spacing() -> None:
    rows = [
        [
            "  tt ",
            "NOI DUNG CAU HOI",
            "phương  án a",
            "PA B",
            "Đáp án C",
            "lựa chọn D",
            "ĐÁP ÁN ĐÚNG (A/B/C/D)",
            "chuyên đề",
        ],
        [1, "Câu hỏi thử", "x", "y", "z", "t", "c", "Đại số"],
    ]
    q = read(workbook(("Sheet1", rows))).questions[0]
    assert q.answer == "C" and q.tags.topic == "Đại số"


def test_a_merged_topic_cell_applies_to_every_row_it_spans() -> None:
    rows = [
        [*HEADER, "Chủ đề"],
        [1, "Câu một", "1", "2", "3", "4", "A", "Hàm số"],
        [2, "Câu hai", "1", "2", "3", "4", "B", None],
        [3, "Câu ba", "1", "2", "3", "4", "C", None],
        [4, "Câu bốn", "1", "2", "3", "4", "D", "Tích phân"],
    ]
    result = read(workbook(("Sheet1", rows), merges={"Sheet1": ["H2:H4"]}))
    assert [q.tags.topic for q in result.questions] == ["Hàm số", "Hàm số", "Hàm số", "Tích phân"]


def test_every_sheet_with_a_header_is_read_and_the_others_are_skipped() -> None:
    data = workbook(
        ("Lớp 10", [HEADER, [1, "Câu lớp 10", "1", "2", "3", "4", "A"]]),
        ("Hướng dẫn", [["Loại câu hỏi: TN = trắc nghiệm"]]),
        ("Lớp 11", [HEADER, [1, "Câu lớp 11", "1", "2", "3", "4", "D"]]),
    )
    result = read(data)
    assert [to_text(q.stem) for q in result.questions] == ["Câu lớp 10", "Câu lớp 11"]
    assert result.questions[1].source_ref == "'Lớp 11'!B2"
    assert any("'Hướng dẫn'" in m and "skipped" in m for m in messages(result))


@pytest.mark.parametrize("written", ["b", " B ", "B.", "b)", "(B)", "Đáp án B", "đáp án: b", "2"])
def test_answers_are_read_in_any_case_and_spacing(written: str) -> None:
    rows = [HEADER, [1, "Câu hỏi", "x", "y", "z", "t", written]]
    q = read(workbook(("Sheet1", rows))).questions[0]
    assert q.answer == "B"
    assert [o.label for o in q.options if o.correct] == ["B"]


def test_an_answer_equal_to_an_options_text_picks_that_option() -> None:
    rows = [HEADER, [1, "Thủ đô của Việt Nam là", "Huế", "Hà Nội", "Đà Nẵng", "Sài Gòn", "Hà Nội"]]
    assert read(workbook(("Sheet1", rows))).questions[0].answer == "B"


def test_a_row_without_question_text_is_skipped_naming_its_cell() -> None:
    rows = [
        HEADER,
        [1, "Câu tốt", "1", "2", "3", "4", "A"],
        [2, None, "1", "2", "3", "4", "B"],
        [3, "Câu tốt nữa", "1", "2", "3", "4", "C"],
    ]
    result = read(workbook(("Sheet1", rows)))
    assert [q.number for q in result.questions] == [1, 3]
    assert "error Sheet1!B3: no question text, but the row has options; row skipped" in messages(result)


def test_an_answer_letter_with_no_such_option_skips_the_row() -> None:
    rows = [HEADER, [1, "Câu hỏi", "1", "2", "3", "4", "E"], [2, "Câu sau", "1", "2", "3", "4", "A"]]
    result = read(workbook(("Sheet1", rows)))
    assert [q.number for q in result.questions] == [2]
    assert any(m.startswith("error Sheet1!G2: answer 'E' but the row has no option E") for m in messages(result))


def test_an_mcq_without_an_answer_is_imported_as_a_draft_with_a_warning() -> None:
    rows = [HEADER, [1, "Câu hỏi", "1", "2", "3", "4", None]]
    result = read(workbook(("Sheet1", rows)))
    q = result.questions[0]
    assert q.answer is None and str(q.status) == "draft"
    assert "warning Sheet1!G2: no answer given; imported as a draft" in messages(result)


def test_options_e_and_f_are_read_when_present() -> None:
    rows = [[*HEADER[:6], "E", "F", "Đáp án"], [1, "Câu hỏi", "1", "2", "3", "4", "5", "6", "F"]]
    q = read(workbook(("Sheet1", rows))).questions[0]
    assert [o.label for o in q.options] == list("ABCDEF") and q.answer == "F"


def test_text_that_looks_like_a_formula_stays_text() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([1, "Giá trị của biểu thức", "x", "y", "z", "t", "A"])
    for col, text in (("C", "=2x+1"), ("D", "= 3")):
        ws[f"{col}2"].value = text
        ws[f"{col}2"].data_type = "s"  # as Excel stores text typed after an apostrophe
    buf = io.BytesIO()
    wb.save(buf)
    q = read(buf.getvalue()).questions[0]
    assert [to_text(o.content) for o in q.options[:2]] == ["=2x+1", "= 3"]


def test_a_formula_whose_result_was_never_saved_is_reported_by_cell() -> None:
    rows = [HEADER, [1, "Tổng 2 + 3 bằng", "=2+3", "6", "7", "8", "A"]]
    result = read(workbook(("Sheet1", rows)))
    assert any(m.startswith("warning Sheet1!C2: this cell holds a formula") for m in messages(result))


def test_an_empty_workbook_says_no_question_table_was_found() -> None:
    result = read(workbook(("Sheet1", [])))
    assert result.questions == []
    assert messages(result) == [
        "error workbook: no sheet has a question table: expected a header row such as "
        "STT | Câu hỏi | A | B | C | D | Đáp án"
    ]


def test_dollar_math_in_cells_becomes_math() -> None:
    rows = [HEADER, [1, "Nghiệm của $x^2=4$ là", "$x=2$", "$x=\\pm 2$", "4", "$\\emptyset$", "B"]]
    q = read(workbook(("Sheet1", rows))).questions[0]
    assert [i.latex for i in q.stem.inlines() if isinstance(i, Math)] == ["x^2=4"]
    assert sum(o.content.count_math() for o in q.options) == 3


def test_numbers_are_shown_as_the_teacher_sees_them() -> None:
    rows = [HEADER, [1.0, "Giá trị gần đúng", 0.5, 12.0, 1.25, 1500, "A"]]
    q = read(workbook(("Sheet1", rows))).questions[0]
    assert q.number == 1
    assert [to_text(o.content) for o in q.options] == ["0,5", "12", "1,25", "1500"]


def test_question_types_and_true_false_answers_are_read() -> None:
    rows = [
        ["TT", "Câu hỏi", "Loại", "A", "B", "C", "D", "Đáp án", "Điểm"],
        [1, "Trắc nghiệm", "TN", "1", "2", "3", "4", "c", None],
        [2, "Đúng sai", "ĐS", "ý a", "ý b", "ý c", "ý d", "ĐSĐĐ", None],
        [3, "Đúng sai 2", "Đúng/Sai", "ý a", "ý b", "ý c", "ý d", "Đ, S, S, Đ", None],
        [4, "True false", "TF", "a", "b", "c", "d", "TFTT", None],
        [5, "Trả lời ngắn", "TLN", None, None, None, None, "0,5", None],
        [6, "Tự luận", "TL", None, None, None, None, None, 2],
    ]
    qs = read(workbook(("Sheet1", rows))).questions
    assert [str(q.type) for q in qs] == ["mcq", "true_false", "true_false", "true_false", "short_answer", "essay"]
    assert qs[1].answer == ["Đ", "S", "Đ", "Đ"]
    assert [o.label for o in qs[1].options] == ["a", "b", "c", "d"]
    assert [o.correct for o in qs[1].options] == [True, False, True, True]
    assert qs[2].answer == ["Đ", "S", "S", "Đ"]
    assert qs[3].answer == ["Đ", "S", "Đ", "Đ"]
    assert qs[4].answer == "0,5"
    assert qs[5].answer is None and qs[5].points == 2.0


def test_the_type_is_guessed_from_the_row_when_there_is_no_type_column() -> None:
    rows = [
        HEADER,
        [1, "Có phương án", "1", "2", "3", "4", "A"],
        [2, "Phát biểu đúng sai", "ý a", "ý b", "ý c", "ý d", "ĐSSĐ"],
        [3, "Chỉ có đáp án", None, None, None, None, 12],
        [4, "Không có gì", None, None, None, None, None],
    ]
    qs = read(workbook(("Sheet1", rows))).questions
    assert [str(q.type) for q in qs] == ["mcq", "true_false", "short_answer", "essay"]
    assert qs[2].answer == "12"


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("NB", "Nhận biết"),
        ("thông hiểu", "Thông hiểu"),
        ("VD", "Vận dụng"),
        ("VDC", "Vận dụng cao"),
        ("Apply", "Vận dụng"),
        ("Mức 3", "Mức 3"),
    ],
)
def test_levels_are_normalised_where_recognisable_and_kept_otherwise(written: str, level: str) -> None:
    rows = [[*HEADER, "Mức độ"], [1, "Câu", "1", "2", "3", "4", "A", written]]
    assert read(workbook(("Sheet1", rows))).questions[0].tags.level == level


def test_the_number_is_the_stt_value_or_else_a_running_count() -> None:
    rows = [HEADER, ["Câu 7", "Câu bảy", "1", "2", "3", "4", "A"], ["x", "Không số", "1", "2", "3", "4", "B"]]
    assert [q.number for q in read(workbook(("Sheet1", rows))).questions] == [7, 2]


def test_a_solution_column_is_attached_to_its_question_not_read_as_one() -> None:
    rows = [[*HEADER, "Lời giải"], [1, "$2+2$ bằng", "3", "4", "5", "6", "B", "Ta có $2+2=4$."]]
    result = read(workbook(("Sheet1", rows)))
    assert len(result.questions) == 1
    assert to_text(result.questions[0].solution) == "Ta có $2+2=4$."


def test_a_two_row_header_with_a_merged_options_heading_is_understood() -> None:
    rows = [
        ["STT", "Nội dung", "Phương án trả lời", None, None, None, "Đáp án"],
        [None, None, "A", "B", "C", "D", None],
        [1, "Câu hỏi", "1", "2", "3", "4", "D"],
    ]
    result = read(workbook(("Sheet1", rows), merges={"Sheet1": ["C1:F1"]}))
    assert len(result.questions) == 1 and result.questions[0].answer == "D"


def test_a_lone_heading_row_becomes_the_section_of_the_rows_below() -> None:
    rows = [HEADER, ["PHẦN I. TRẮC NGHIỆM"], [1, "Câu hỏi", "1", "2", "3", "4", "A"]]
    result = read(workbook(("Sheet1", rows), merges={"Sheet1": ["A2:G2"]}))
    assert result.questions[0].section == "PHẦN I. TRẮC NGHIỆM"


def test_pre_numbered_empty_template_rows_are_ignored_quietly() -> None:
    rows = [HEADER, [1, "Câu hỏi", "1", "2", "3", "4", "A"], [2], [3]]
    result = read(workbook(("Sheet1", rows)))
    assert len(result.questions) == 1 and result.messages == []


def test_a_picture_over_a_question_row_is_attached_to_its_stem() -> None:
    data = _with_picture(workbook(("Sheet1", [HEADER, [1, "Đồ thị bên là của hàm số nào?", "1", "2", "3", "4", "A"]])))
    result = read(data)
    q = result.questions[0]
    assert q.stem.count_images() == 1
    assert len(result.blobs) == 1 and next(iter(result.blobs.values())).mime == "image/png"


def test_a_file_that_is_not_an_xlsx_is_rejected_before_parsing() -> None:
    with pytest.raises(RejectedFile, match="PDF"):
        read(b"%PDF-1.4 ...", "nganhang.xlsx")


def test_the_json_form_counts_dollar_math_as_equations() -> None:
    rows = [HEADER, [1, "Nghiệm của $x^2=4$ là", "$2$", "$-2$", "4", "5", "B"]]
    assert read(workbook(("Sheet1", rows))).to_json()["questions"][0]["equations"] == 3


# -- a picture anchored on row 2 (openpyxl cannot write one without Pillow) ---------------

_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6364f8cf500f0003860180"
    "5a347d6b0000000049454e44ae426082"
)


def _with_picture(data: bytes, row0: int = 1, col0: int = 1) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    rel_ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    od = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            body = src.read(name)
            if name == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Default Extension="png" ContentType="image/png"/><Override PartName="/xl/drawings/drawing1.xml"'
                    b' ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>',
                )
            if name == "xl/worksheets/sheet1.xml":
                body = body.replace(b"</worksheet>", f'<drawing xmlns:r="{od}" r:id="rIdPic"/></worksheet>'.encode())
            z.writestr(name, body)
        z.writestr(
            "xl/worksheets/_rels/sheet1.xml.rels",
            f'<Relationships xmlns="{rel_ns}"><Relationship Id="rIdPic" Type="{od}/drawing"'
            ' Target="../drawings/drawing1.xml"/></Relationships>',
        )
        z.writestr(
            "xl/drawings/_rels/drawing1.xml.rels",
            f'<Relationships xmlns="{rel_ns}"><Relationship Id="rId1" Type="{od}/image"'
            ' Target="../media/image1.png"/></Relationships>',
        )
        z.writestr("xl/media/image1.png", _PNG)
        z.writestr(
            "xl/drawings/drawing1.xml",
            '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"'
            f' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{od}">'
            f"<xdr:oneCellAnchor><xdr:from><xdr:col>{col0}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{row0}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            '<xdr:ext cx="952500" cy="952500"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Picture 1"/>'
            '<xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/></xdr:blipFill><xdr:spPr/>'
            "</xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>",
        )
    return out.getvalue()


def test_underlined_sounds_in_rich_text_cells_keep_their_underline() -> None:
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    from qbank.domain.content import Text

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([1, "Chọn từ có phần gạch chân phát âm khác", None, "watched", "stopped", "played", "D"])
    ws["C2"].value = CellRichText(["laugh", TextBlock(InlineFont(u="single"), "ed")])
    buf = io.BytesIO()
    wb.save(buf)
    q = read(buf.getvalue()).questions[0]
    runs = [i for i in q.options[0].content.inlines() if isinstance(i, Text)]
    assert [(r.text, r.underline) for r in runs] == [("laugh", False), ("ed", True)]


def test_a_starred_option_is_the_answer_when_the_answer_cell_is_empty() -> None:
    rows = [HEADER, [1, "Câu hỏi", "1", "*2", "3", "4", None]]
    q = read(workbook(("Sheet1", rows))).questions[0]
    assert q.answer == "B" and to_text(q.options[1].content) == "2"


def test_the_one_bold_option_is_the_answer_when_the_answer_cell_is_empty() -> None:
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([1, "Câu hỏi", "1", "2", "3", "4", None])
    ws["E2"].font = Font(bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    result = read(buf.getvalue())
    assert result.questions[0].answer == "C"
    assert any("bold" in m for m in messages(result))


def test_question_and_option_labels_typed_into_cells_are_removed() -> None:
    rows = [
        ["Câu hỏi", "A", "B", "C", "D", "Đáp án"],
        ["Câu 12: Thủ đô là", "A. Huế", "B. Hà Nội", "C. Vinh", "D. Sơn La", "B"],
    ]
    q = read(workbook(("Sheet1", rows))).questions[0]
    assert q.number == 12 and to_text(q.stem) == "Thủ đô là"
    assert [to_text(o.content) for o in q.options] == ["Huế", "Hà Nội", "Vinh", "Sơn La"]


def test_a_question_cell_merged_over_several_rows_is_read_once() -> None:
    rows = [
        [*HEADER, "Chủ đề"],
        [1, "Câu gộp", "1", "2", "3", "4", "A", "Đại số"],
        [None, None, None, None, None, None, None, None],
        [2, "Câu sau", "1", "2", "3", "4", "B", None],
    ]
    result = read(workbook(("Sheet1", rows), merges={"Sheet1": ["B2:B3", "H2:H4"]}))
    assert [to_text(q.stem) for q in result.questions] == ["Câu gộp", "Câu sau"]
    assert [q.tags.topic for q in result.questions] == ["Đại số", "Đại số"]


def test_a_stray_cell_far_below_and_right_does_not_make_the_reader_walk_the_empty_grid(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the cells the file holds are visited: iterating rows would create all 20,000 × 60 of them.

    (Counted, not timed: a timing assertion fails on a loaded machine and proves nothing on a fast one.)
    """
    from openpyxl.worksheet.worksheet import Worksheet

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([1, "Câu hỏi", "1", "2", "3", "4", "A"])
    ws.cell(row=19_999, column=60).value = "."
    buf = io.BytesIO()
    wb.save(buf)
    created = 0
    original = Worksheet._get_cell

    def counting(self: Worksheet, row: int, column: int) -> object:
        nonlocal created
        created += (row, column) not in self._cells
        return original(self, row, column)

    monkeypatch.setattr(Worksheet, "_get_cell", counting)
    result = read(buf.getvalue())
    assert len(result.questions) == 1
    assert created < 1_000, f"{created} empty cells were created while reading"


def test_a_footer_in_the_question_column_of_a_numbered_bank_is_not_a_question() -> None:
    rows = [
        HEADER,
        [None, "PHẦN II. TỰ LUẬN"],
        [1, "Giải phương trình $x^2=1$.", None, None, None, None, None],
        [None, "Người ra đề: Nguyễn Văn A"],
    ]
    result = read(workbook(("Sheet1", rows)))
    assert [(q.number, str(q.type), q.section) for q in result.questions] == [(1, "essay", "PHẦN II. TỰ LUẬN")]
    assert any("not a question" in m for m in messages(result))


def test_a_web_app_template_with_camel_case_headers_is_read() -> None:
    rows = [
        [
            "questionText",
            "questionType",
            "optionA",
            "optionB",
            "optionC",
            "optionD",
            "correctAnswer",
            "points",
            "section",
        ],
        ["2 + 2 = ?", "MULTIPLE_CHOICE", 3, 4, 5, 6, "B", 1.0, "Phần 1"],
        ["Trái đất hình cầu", "TRUE_FALSE", None, None, None, None, "TRUE", 0.5, "Phần 1"],
        ["Chọn các số chẵn", "multiple_choice", 1, 2, 3, 4, "BD", 1, "Phần 2"],
    ]
    qs = read(workbook(("Sheet1", rows))).questions
    assert [(str(q.type), q.answer, q.points, q.section) for q in qs] == [
        ("mcq", "B", 1.0, "Phần 1"),
        ("true_false", ["Đ"], 0.5, "Phần 1"),
        ("mcq", "B,D", 1.0, "Phần 2"),
    ]


def test_numbered_option_columns_take_a_numbered_answer() -> None:
    rows = [
        ["Question", "Option1", "Option2", "Option3", "Option4", "CorrectAnswer"],
        ["Capital of France?", "London", "Paris", "Berlin", "Rome", 2],
    ]
    q = read(workbook(("Sheet1", rows))).questions[0]
    assert [o.label for o in q.options] == list("ABCD") and q.answer == "B"


def test_mathjax_delimiters_typed_in_cells_become_math_too() -> None:
    rows = [HEADER, [1, r"Nghiệm của \(x^2=4\) là", r"\(2\)", "-2", r"\[\pm 2\]", "0", "C"]]
    q = read(workbook(("Sheet1", rows))).questions[0]
    assert to_text(q.stem) == "Nghiệm của $x^2=4$ là"
    assert [o.content.count_math() for o in q.options] == [1, 0, 1, 0]


def test_essays_in_a_bank_whose_number_column_was_left_empty_are_still_questions() -> None:
    rows = [HEADER, [None, "Phân tích bài thơ Tây Tiến."], [None, "Cảm nhận về nhân vật Mị."]]
    qs = read(workbook(("Sheet1", rows))).questions
    assert [(q.number, str(q.type)) for q in qs] == [(1, "essay"), (2, "essay")]


def test_a_header_written_in_rich_text_is_still_recognised() -> None:
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws["B1"].value = CellRichText([TextBlock(InlineFont(b=True), "Câu"), " hỏi"])
    ws.append([1, "Câu hỏi", "1", "2", "3", "4", "A"])
    buf = io.BytesIO()
    wb.save(buf)
    assert len(read(buf.getvalue()).questions) == 1


def test_true_false_statements_on_rows_of_their_own_join_their_question() -> None:
    rows = [
        ["Câu", "Nội dung", "Loại", "Đáp án"],
        [1, "Cho hàm số $y=x^2$. Xét tính đúng sai:", "ĐS", None],
        [None, "a) Hàm số đồng biến trên $(0;+\\infty)$.", None, "Đ"],
        [None, "b) Đồ thị đi qua $O$.", None, "Đúng"],
        [None, "c) Hàm số có cực đại.", None, "S"],
        [None, "d) $y(1)=2$.", None, "Sai"],
        [2, "Câu sau", "TLN", "1,5"],
    ]
    qs = read(workbook(("Sheet1", rows))).questions
    assert [(q.number, str(q.type)) for q in qs] == [(1, "true_false"), (2, "short_answer")]
    assert [o.label for o in qs[0].options] == ["a", "b", "c", "d"]
    assert to_text(qs[0].options[0].content) == "Hàm số đồng biến trên $(0;+\\infty)$."
    assert qs[0].answer == ["Đ", "Đ", "S", "S"]


def test_a_true_false_question_that_never_gets_statements_is_skipped() -> None:
    rows = [["Câu", "Nội dung", "Loại", "Đáp án"], [1, "Xét tính đúng sai:", "ĐS", None], [2, "Câu sau", "TL", None]]
    result = read(workbook(("Sheet1", rows)))
    assert [q.number for q in result.questions] == [2]
    assert "error Sheet1!B2: true/false question without statements; row skipped" in messages(result)


def test_a_digit_answer_is_the_option_reading_that_value_unless_options_are_numbered() -> None:
    rows = [
        HEADER,
        [1, "Số chẵn thứ hai là", "2", "4", "6", "8", "4"],
        [2, "Chọn phương án thứ hai", "x", "y", "z", "t", "2"],
    ]
    assert [q.answer for q in read(workbook(("Sheet1", rows))).questions] == ["B", "B"]
    numbered = [
        ["Câu hỏi", "Option1", "Option2", "Option3", "Option4", "Đáp án (1-4)"],
        ["Số chẵn", "2", "4", "6", "8", "4"],
    ]
    assert read(workbook(("Sheet1", numbered))).questions[0].answer == "D"


def test_an_answers_heading_over_the_option_letters_leaves_the_key_column_its_own() -> None:
    rows = [
        ["STT", "Câu hỏi", "Đáp án", None, None, None, "Đáp án đúng"],
        [None, None, "A", "B", "C", "D", None],
        [1, "Câu hỏi", "1", "2", "3", "4", "C"],
    ]
    q = read(workbook(("Sheet1", rows), merges={"Sheet1": ["C1:F1"]})).questions[0]
    assert [to_text(o.content) for o in q.options] == ["1", "2", "3", "4"] and q.answer == "C"
