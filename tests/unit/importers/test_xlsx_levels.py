"""Levels written as numbers in a level column: by the legend in its header, else 1 = Nhận biết ... 4 = VDC."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from importers.xlsx.importer import XlsxImporter
from importers.xlsx.values import level_legend


def levels(level_header: str, values: list[Any]) -> list[str | None]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Câu hỏi", "A", "B", "C", "D", "Đáp án", level_header])
    for n, value in enumerate(values, 1):
        ws.append([n, f"Câu {n}", "1", "2", "3", "4", "A", value])
    buf = io.BytesIO()
    wb.save(buf)
    return [q.tags.level for q in XlsxImporter().read(buf.getvalue(), "nganhang.xlsx").questions]


@pytest.mark.parametrize(
    "header",
    [
        "Mức độ (1: NB, 2: TH, 3: VD, 4: VDC)",
        "Mức độ (1-Nhận biết; 2-Thông hiểu; 3-Vận dụng; 4-Vận dụng cao)",
        "Mức độ nhận thức (1 = Biết, 2 = Hiểu, 3 = VD, 4 = VDC)",
        "Mức độ (NB=1, TH=2, VD=3, VDC=4)",
        "Mức độ (Nhận biết: 1; Thông hiểu: 2; Vận dụng: 3; Vận dụng cao: 4)",
    ],
)
def test_a_level_header_legend_names_the_level_of_each_number(header: str) -> None:
    assert levels(header, [1, "2", 3, 4]) == ["Nhận biết", "Thông hiểu", "Vận dụng", "Vận dụng cao"]


def test_the_legend_decides_even_when_it_numbers_the_levels_differently() -> None:
    assert levels("Mức độ (1: VDC, 2: VD, 3: TH, 4: NB)", [1, 4]) == ["Vận dụng cao", "Nhận biết"]


def test_numbers_1_to_4_in_a_level_column_without_a_legend_are_the_usual_four_levels() -> None:
    assert levels("Mức độ", [1, 2, 3, 4, None]) == ["Nhận biết", "Thông hiểu", "Vận dụng", "Vận dụng cao", None]


def test_a_level_column_mixing_numbers_with_other_text_keeps_what_it_says() -> None:
    assert levels("Mức độ", [1, "TH", 7]) == ["1", "Thông hiểu", "7"]


def test_a_header_without_a_legend_has_none() -> None:
    assert level_legend("Mức độ (NB/TH/VD/VDC)") == {}
    assert level_legend("Mức độ") == {}
