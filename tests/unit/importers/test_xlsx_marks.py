"""Right options marked in the sheet itself, with no answer column: a filled (shaded) option cell."""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill

from importers.base import ImportResult
from importers.xlsx.importer import XlsxImporter

HEADER = ["STT", "Câu hỏi", "A", "B", "C", "D", "Mức độ"]


def read(wb: openpyxl.Workbook) -> ImportResult:
    buf = io.BytesIO()
    wb.save(buf)
    return XlsxImporter().read(buf.getvalue(), "nganhang.xlsx")


def bank(fills: dict[str, PatternFill]) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([1, "Câu một", "1", "2", "3", "4", "NB"])
    ws.append([2, "Câu hai", "5", "6", "7", "8", "TH"])
    for ref, fill in fills.items():
        ws[ref].fill = fill
    return wb


@pytest.mark.parametrize(
    "fill",
    [
        PatternFill("solid", fgColor="FFFF00"),  # yellow
        PatternFill("solid", fgColor="92D050"),  # green
        PatternFill("solid", fgColor=openpyxl.styles.colors.Color(theme=5, tint=0.4)),  # a theme accent
    ],
)
def test_the_one_filled_option_cell_is_the_answer_when_there_is_no_answer_column(fill: PatternFill) -> None:
    result = read(bank({"E2": fill, "C3": fill}))
    first, second = result.questions
    assert first.answer == "C" and [o.correct for o in first.options] == [False, False, True, False]
    assert second.answer == "A"
    assert any("filled" in m.text for m in result.messages)


def test_white_fills_or_a_whole_row_filled_mark_nothing() -> None:
    white = PatternFill("solid", fgColor="FFFFFF")
    yellow = PatternFill("solid", fgColor="FFFF00")
    result = read(bank({"E2": white, **{f"{c}3": yellow for c in "ABCDEFG"}}))
    assert [q.answer for q in result.questions] == [None, None]


def test_in_a_row_shaded_all_across_the_one_option_in_another_colour_is_the_answer() -> None:
    grey = PatternFill("solid", fgColor="D9D9D9")
    yellow = PatternFill("solid", fgColor="FFFF00")
    fills = {**{f"{c}2": grey for c in "ABCDEFG"}, "F2": yellow, "C3": grey, "D3": grey, "E3": yellow, "F3": yellow}
    result = read(bank(fills))
    assert [q.answer for q in result.questions] == ["D", None]  # row 3: two of each colour, no odd one out


def test_a_bold_option_wins_over_a_filled_one_and_an_answer_cell_over_both() -> None:
    wb = bank({"C2": PatternFill("solid", fgColor="FFFF00")})
    ws = wb.active
    ws["D2"].font = Font(bold=True)
    ws["H1"] = "Đáp án"
    ws["H3"] = "D"
    ws["C3"].fill = PatternFill("solid", fgColor="FFFF00")
    first, second = read(wb).questions
    assert first.answer == "B"
    assert second.answer == "D"
