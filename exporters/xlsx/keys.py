"""Answer keys as .xlsx: a summary sheet for machine scoring and one sheet per version.

Every text cell is written as text, never as a formula, and made formula-safe (``exporters.cells``):
a crafted "=HYPERLINK(…)" gets a leading single quote so it stays inert even after the sheet is
re-saved as CSV; a plain number such as the short answer "-1,5" stays as the teacher reads it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from exporters.base import BlobSource, ExportResult, safe_name
from exporters.cells import formula_safe
from qbank.domain.exam import ExamPaper

_TYPE_VN = {"mcq": "Nhiều lựa chọn", "true_false": "Đúng/Sai", "short_answer": "Trả lời ngắn", "essay": "Tự luận"}
_BOLD = Font(bold=True)


def put(ws: Any, row: int, col: int, value: object, *, bold: bool = False) -> None:
    """Write one cell; strings are forced to text (openpyxl would store "=…" as a formula) and guarded."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = formula_safe(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value[:1] in {"+", "-"}:
            cell.quotePrefix = True  # a signed number stays text in Excel, even after an edit
    if bold:
        cell.font = _BOLD


def render_keys(paper: ExamPaper) -> bytes:
    wb = Workbook()
    summary = wb.active
    summary.title = "Tổng hợp"
    labels: list[tuple[str, int]] = []
    if paper.versions:
        labels = [(k.part, k.number) for k in paper.versions[0].key]
    multi = len(paper.parts) > 1
    put(summary, 1, 1, "Mã đề", bold=True)
    for j, (part, number) in enumerate(labels, start=2):
        put(summary, 1, j, f"{part}.{number}" if multi else str(number), bold=True)
    for r, version in enumerate(paper.versions, start=2):
        put(summary, r, 1, version.code, bold=True)
        for j, entry in enumerate(version.key, start=2):
            put(summary, r, j, entry.answer_text())
    summary.freeze_panes = "B2"
    summary.column_dimensions["A"].width = 9

    for version in paper.versions:
        ws = wb.create_sheet(f"Mã {version.code}")
        for j, head in enumerate(("Phần", "Câu", "Loại", "Đáp án", "Điểm", "Mã câu hỏi"), start=1):
            put(ws, 1, j, head, bold=True)
        for r, entry in enumerate(version.key, start=2):
            put(ws, r, 1, paper.part(entry.part).title)
            put(ws, r, 2, entry.number)
            put(ws, r, 3, _TYPE_VN.get(str(entry.type), str(entry.type)))
            put(ws, r, 4, entry.answer_text())
            put(ws, r, 5, entry.points)
            put(ws, r, 6, str(entry.id))
            ws.cell(row=r, column=4).alignment = Alignment(horizontal="center")
        for j, width in enumerate((10, 6, 16, 12, 8, 24), start=1):
            ws.column_dimensions[get_column_letter(j)].width = width
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def keys_filename(paper: ExamPaper) -> str:
    return f"{safe_name(paper.name)}-dap-an.xlsx"


class XlsxKeysExporter:
    format = "xlsx"

    def export(self, paper: ExamPaper, out_dir: Path, blobs: BlobSource = None) -> ExportResult:
        path = out_dir / keys_filename(paper)
        path.write_bytes(render_keys(paper))
        return ExportResult([path])
