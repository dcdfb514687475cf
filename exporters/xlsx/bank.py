"""A question sheet (.xlsx) in the layout the Excel importer reads back: one question a row, equations as $…$."""

from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from exporters.base import BlobSource, ExportResult
from exporters.lms_common import entries
from exporters.xlsx.keys import put
from qbank.domain.content import Break, Content, Math, Ole, Table, Text
from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamPaper

HEADERS = ("STT", "Loại", "Câu hỏi", "A", "B", "C", "D", "E", "F", "Đáp án", "Điểm", "Môn", "Lớp", "Chủ đề", "Mức độ", "Lời giải")
_TYPE = {QuestionType.MCQ: "TN", QuestionType.TRUE_FALSE: "Đúng/Sai", QuestionType.SHORT_ANSWER: "Trả lời ngắn", QuestionType.ESSAY: "Tự luận"}


def cell_text(content: Content | None) -> str:
    """Text of ``content`` with equations as ``$latex$`` (what the Excel importer reads as math); paragraphs on new lines."""
    if content is None:
        return ""
    lines: list[str] = []
    for block in content.blocks:
        if isinstance(block, Table):
            lines.append(" | ".join(cell_text(c) for row in block.rows for c in row))
            continue
        buf: list[str] = []
        for i in block.inlines:
            if isinstance(i, Text):
                buf.append(i.text)
            elif isinstance(i, Math) and i.latex:
                buf.append(f"${i.latex}$")
            elif isinstance(i, Ole) and i.latex:
                buf.append(f"${i.latex}$")
            elif isinstance(i, Break):
                buf.append("\n" if i.kind == "line" else " ")
        lines.append("".join(buf))
    return re.sub(r"[ \t]+", " ", "\n".join(x for x in lines if x.strip())).strip()


def render_bank(paper: ExamPaper) -> tuple[bytes, list[str]]:
    wb = Workbook()
    ws = wb.active
    ws.title = "Câu hỏi"
    for j, head in enumerate(HEADERS, 1):
        put(ws, 1, j, head, bold=True)
    warnings: list[str] = []
    row = 1
    for n, e in enumerate(entries(paper), 1):
        q = e.question
        if e.passage is not None:
            warnings.append(f"question {n}: the passage it shares with others is written into the stem of each (a sheet has no passage)")
        row += 1
        stem = "\n".join([cell_text(q.stem), *(f"{sp.label}) {cell_text(sp.content)}" for sp in q.subparts)])
        if q.group and q.group in paper.passages:
            stem = cell_text(paper.passages[q.group]) + "\n" + stem
        if any(c.count_images() for c in q.all_contents()):
            warnings.append(f"question {n}: pictures cannot travel in a sheet and were left out (use .docx, Moodle XML or QTI)")
        if len(q.options) > 6:
            warnings.append(f"question {n}: only the first 6 options fit the sheet")
        answer = q.answer
        if isinstance(answer, list):
            answer = "".join(str(a) for a in answer)
        values: list[object] = [n, _TYPE.get(q.type, ""), stem, *[cell_text(o.content) for o in q.options[:6]],
                                *[""] * (6 - min(6, len(q.options))), answer or "", e.points if e.points is not None else "",
                                q.tags.subject or "", q.tags.grade or "", q.tags.topic or "", q.tags.level or "",
                                "\n".join(cell_text(g.content) for g in q.guide) or cell_text(q.solution)]
        for j, value in enumerate(values, 1):
            put(ws, row, j, value)
            ws.cell(row=row, column=j).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.column_dimensions["C"].width = 60
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), warnings


class XlsxBankExporter:
    """The questions as an Excel sheet to edit and import again (not an answer-key table)."""

    format = "xlsx_bank"

    def export(self, paper: ExamPaper, out_dir: Path, blobs: BlobSource = None) -> ExportResult:
        data, warnings = render_bank(paper)
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"{paper.name}.xlsx"
        path.write_bytes(data)
        return ExportResult([path], warnings)
