"""Sheet layouts around the question table: title blocks above it, a second table below it."""

from __future__ import annotations

import io

import openpyxl
import pytest

from importers.base import ImportResult
from importers.xlsx.importer import XlsxImporter

HEADER = ["STT", "Câu hỏi", "A", "B", "C", "D", "Đáp án", "Mức độ"]


def read(wb: openpyxl.Workbook) -> ImportResult:
    buf = io.BytesIO()
    wb.save(buf)
    return XlsxImporter().read(buf.getvalue(), "nganhang.xlsx")


@pytest.mark.parametrize(
    "block",
    [
        "SỞ GD&ĐT QUẢNG NINH\nTRƯỜNG THPT HÒN GAI\nTỔ VẬT LÍ - CÔNG NGHỆ",
        "SỞ GD&ĐT QUẢNG NINH TRƯỜNG THPT HÒN GAI TỔ VẬT LÍ",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO QUẢNG NINH\nTRƯỜNG THPT HÒN GAI",
    ],
)
def test_the_department_of_a_title_block_is_the_province_not_the_school_or_group(block: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = block
    ws["D1"] = "NGÂN HÀNG CÂU HỎI\nMÔN VẬT LÍ 11 - NĂM HỌC 2024 - 2025"
    for r, row in enumerate([HEADER, [1, "Câu một", "1", "2", "3", "4", "B", "NB"]], 3):
        for c, value in enumerate(row, 1):
            ws.cell(r, c, value)
    result = read(wb)
    assert result.meta["department"] == "Quảng Ninh"
    assert (result.meta["subject"], result.meta["grade"], result.meta["year"]) == ("Vật lí", 11, "2024-2025")


@pytest.mark.parametrize(
    ("block", "department"),
    [
        ("UBND TỈNH LẠNG SƠN\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG THPT VIỆT BẮC", "Lạng Sơn"),
        ("SỞ GD&ĐT TỈNH BẮC NINH", "Bắc Ninh"),
        ("SỞ GD&ĐT TP. HỒ CHÍ MINH", "Hồ Chí Minh"),
        ("SỞ GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG THPT VIỆT BẮC", None),
    ],
)
def test_the_province_is_read_without_its_prefix_and_a_bare_so_gd_names_none(
    block: str, department: str | None
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = block
    ws.append(HEADER)
    ws.append([1, "Câu một", "1", "2", "3", "4", "B", "NB"])
    assert read(wb).meta.get("department") == department


def two_tables(merge_heading: bool = True) -> openpyxl.Workbook:
    """Logo block A1:C4 + title D1:H4, header on row 5, a first table, a heading, the header again, a second table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "SỞ GD&ĐT QUẢNG NINH\nTRƯỜNG THPT HÒN GAI"
    ws["D1"] = "NGÂN HÀNG CÂU HỎI TRẮC NGHIỆM\nMÔN VẬT LÍ 11"
    ws.merge_cells("A1:C4")
    ws.merge_cells("D1:H4")
    rows = [
        HEADER,
        [1, "Câu một", "1", "2", "3", "4", "B", "NB"],
        [2, "Câu hai", "1", "2", "3", "4", "A", "TH"],
        [],
        ["CHỦ ĐỀ 2: SÓNG"],
        HEADER,
        [1, "Câu ba", "1", "2", "3", "4", "C", "NB"],
        [2, "Câu bốn", "1", "2", "3", "4", "D", "VD"],
    ]
    for r, row in enumerate(rows, 5):
        for c, value in enumerate(row, 1):
            ws.cell(r, c, value)
    if merge_heading:
        ws.merge_cells("A9:H9")
    return wb


@pytest.mark.parametrize("merge_heading", [True, False])
def test_a_repeated_header_row_starts_a_second_table_and_is_no_question(merge_heading: bool) -> None:
    result = read(two_tables(merge_heading))
    got = [(q.number, q.stem.blocks[0].inlines[0].text, q.answer, q.tags.level) for q in result.questions]
    assert got == [
        (1, "Câu một", "B", "Nhận biết"),
        (2, "Câu hai", "A", "Thông hiểu"),
        (1, "Câu ba", "C", "Nhận biết"),
        (2, "Câu bốn", "D", "Vận dụng"),
    ]
    assert [q.section for q in result.questions][2:] == ["CHỦ ĐỀ 2: SÓNG"] * 2
    assert not [m for m in result.messages if m.level in ("error", "warning")]


def test_a_second_table_may_order_its_columns_differently() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [
        HEADER,
        [1, "Câu một", "1", "2", "3", "4", "B", "NB"],
        ["Câu hỏi", "Đáp án", "A", "B", "C", "D"],
        ["Câu hai", "C", "5", "6", "7", "8"],
    ]:
        ws.append(row)
    first, second = read(wb).questions
    assert (first.answer, second.answer) == ("B", "C")
    assert second.stem.blocks[0].inlines[0].text == "Câu hai"


def test_a_header_a_program_wrote_under_the_merged_title_block_is_still_read() -> None:
    """openpyxl's ws.append after merge_cells writes the header into row 2, inside A1:C4 / D1:H4:
    the file holds it though Excel shows only the blocks' first cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "SỞ GD&ĐT QUẢNG NINH\nTRƯỜNG THPT HÒN GAI"
    ws.merge_cells("A1:C4")
    ws["D1"] = "NGÂN HÀNG CÂU HỎI\nMÔN VẬT LÍ 11"
    ws.merge_cells("D1:H4")
    ws.append(HEADER)
    ws.append([])
    ws.append([])
    ws.append([1, "Câu một", "1", "2", "3", "4", "B", "NB"])
    ws.append([2, "Câu hai", "1", "2", "3", "4", "A", "TH"])
    result = read(wb)
    assert [(q.number, q.answer, q.tags.level) for q in result.questions] == [
        (1, "B", "Nhận biết"),
        (2, "A", "Thông hiểu"),
    ]
    assert result.meta["department"] == "Quảng Ninh" and result.meta["grade"] == 11
    assert any("under merged cells" in m.text and m.level == "warning" for m in result.messages)


def test_text_under_a_merged_title_that_is_no_header_changes_nothing() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "NGÂN HÀNG CÂU HỎI MÔN VẬT LÍ 11"
    ws["A2"] = "ghi chú cũ"
    ws.merge_cells("A1:H2")
    for c, value in enumerate(HEADER, 1):
        ws.cell(3, c, value)
    for c, value in enumerate([1, "Câu một", "1", "2", "3", "4", "B", "NB"], 1):
        ws.cell(4, c, value)
    result = read(wb)
    assert [q.answer for q in result.questions] == ["B"]
    assert not any("merged" in m.text for m in result.messages)


def test_a_two_column_header_repeated_is_no_question_either() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [
        ["Câu hỏi", "Đáp án"],
        ["Thủ đô của Việt Nam?", "Hà Nội"],
        [],
        ["Câu hỏi", "Đáp án"],
        ["2 + 2 = ?", "4"],
    ]:
        ws.append(row)
    assert [q.answer for q in read(wb).questions] == ["Hà Nội", "4"]
