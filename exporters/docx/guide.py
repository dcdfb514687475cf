"""The marking guide (Hướng dẫn chấm) as Word: every version's key table and the essay marking steps."""

from __future__ import annotations

import io
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from exporters.base import BlobSource, ExportResult, blob_getter, safe_name
from exporters.docx.common import (
    TEXT_WIDTH_CM,
    ContentWriter,
    add_run,
    new_document,
    set_cell_borders,
    set_column_widths,
)
from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamPaper, KeyEntry, Version
from qbank.domain.scoring import vn_points

KEY_COLUMNS = 10  # questions per key-table row, as printed keys usually go


def _cell(cell, text: str, *, bold: bool = False) -> None:  # noqa: ANN001
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    add_run(p, text, bold=bold)


class KeyTableWriter:
    """Key tables of one version: "Câu/Đáp án" row pairs, and "Câu | Ý | Đáp án" for true/false.
    Shared by the marking guide and the paper-with-key (the importer reads both back)."""

    def __init__(self, doc, paper: ExamPaper):  # noqa: ANN001
        self.doc = doc
        self.paper = paper

    def version_keys(self, version: Version, *, heading: bool = True) -> None:
        """Every objective part's key for one version, each under its "PHẦN I." line."""
        if heading:
            p = self.doc.add_paragraph()
            p.paragraph_format.space_before = Pt(8)
            add_run(p, f"Mã đề {version.code}", bold=True)
        for part in self.paper.parts:
            entries = [k for k in version.key if k.part == part.key and k.type != QuestionType.ESSAY]
            if not entries:
                continue
            qtype = entries[0].type
            if len(self.paper.parts) > 1:
                hp = self.doc.add_paragraph()
                add_run(hp, f"{part.title}. ", bold=True)
                add_run(hp, self.paper.scoring.describe(qtype, self.paper.header.subject))
            if qtype == QuestionType.TRUE_FALSE:
                self.true_false_table(entries)
            else:
                self.row_pairs(entries)

    def row_pairs(self, entries: list[KeyEntry]) -> None:
        """"Câu | 1 | 2 | …" over "Đáp án | B | D | …", ten questions to a pair of rows."""
        chunks = [entries[i : i + KEY_COLUMNS] for i in range(0, len(entries), KEY_COLUMNS)]
        cols = 1 + min(KEY_COLUMNS, len(entries))
        table = self.doc.add_table(rows=2 * len(chunks), cols=cols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        # Narrow fixed columns, centred: a four-question key should not stretch across the page.
        first = 2.0
        col = min((TEXT_WIDTH_CM - first) / (cols - 1), 1.5 if entries[0].type == QuestionType.MCQ else 2.5)
        set_column_widths(table, [Cm(first)] + [Cm(col)] * (cols - 1))
        for c, chunk in enumerate(chunks):
            top, bottom = table.rows[2 * c].cells, table.rows[2 * c + 1].cells
            _cell(top[0], "Câu", bold=True)
            _cell(bottom[0], "Đáp án", bold=True)
            for i, e in enumerate(chunk, start=1):
                _cell(top[i], str(e.number), bold=True)
                _cell(bottom[i], e.answer_text())

    def true_false_table(self, entries: list[KeyEntry]) -> None:
        """"Câu | Ý | Đáp án", one row per statement, the number on its first row only: the
        layout the Word importer reads back."""
        rows = sum(len(e.answer or []) for e in entries)
        table = self.doc.add_table(rows=1 + rows, cols=3)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_column_widths(table, [Cm(2.0), Cm(2.0), Cm(3.0)])
        for cell, text in zip(table.rows[0].cells, ("Câu", "Ý", "Đáp án"), strict=True):
            _cell(cell, text, bold=True)
        r = 1
        for e in entries:
            for j, ans in enumerate(e.answer or []):
                cells = table.rows[r].cells
                _cell(cells[0], str(e.number) if j == 0 else "", bold=True)
                _cell(cells[1], f"{'abcdefgh'[j]})")
                _cell(cells[2], "Đúng" if ans == "Đ" else "Sai")
                r += 1


class GuideWriter:
    def __init__(self, paper: ExamPaper, blobs: BlobSource = None, *, for_libreoffice: bool = False):
        self.paper = paper
        self.doc = new_document()
        self.cw = ContentWriter(self.doc, blob_getter(blobs), for_libreoffice=for_libreoffice)

    def para(self, text: str = "", *, bold: bool = False, italic: bool = False, center: bool = False):  # noqa: ANN201
        p = self.doc.add_paragraph()
        if text:
            r = p.add_run(text)
            r.bold = bold or None
            r.italic = italic or None
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    def render(self) -> bytes:
        h = self.paper.header
        table = self.doc.add_table(rows=1, cols=2)
        set_cell_borders(table, visible=False)
        set_column_widths(table, [Cm(6.8), Cm(10.2)])
        left, right = table.rows[0].cells
        for cell, lines in (
            (left, [("SỞ GIÁO DỤC VÀ ĐÀO TẠO", False), (h.department.upper(), True)] if h.department else [(h.school.upper(), True)]),
            (right, [(h.exam_name.upper() or (h.title or "").upper(), True), (f"Môn: {h.subject}", True)]),
        ):
            for i, (text, bold) in enumerate(lines):
                p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                r = p.add_run(text)
                r.bold = bold or None
        self.para("")
        self.para("ĐÁP ÁN VÀ HƯỚNG DẪN CHẤM", bold=True, center=True)
        self.para(f"(Tổng điểm: {vn_points(self.paper.total_points())} điểm)", italic=True, center=True)

        objective = [p for p in self.paper.parts if p.type != QuestionType.ESSAY and any(
            it.question.type != QuestionType.ESSAY for it in p.items)]
        if objective:
            keys = KeyTableWriter(self.doc, self.paper)
            for version in self.paper.versions:
                keys.version_keys(version)
        essays = [(p, it) for p in self.paper.parts for it in p.items if it.question.type == QuestionType.ESSAY]
        if essays:
            self.essay_guide()
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()

    def essay_guide(self) -> None:
        first = self.paper.versions[0]
        items = self.paper.items()
        p = self.para()
        p.paragraph_format.space_before = Pt(8)
        r = p.add_run("HƯỚNG DẪN CHẤM TỰ LUẬN")
        r.bold = True
        if len(self.paper.versions) > 1:
            self.para(f"(Số câu theo mã đề {first.code}; bảng dưới cho số câu tương ứng ở các mã đề khác.)", italic=True)
            self.essay_number_map()
        table = self.doc.add_table(rows=1, cols=3)
        table.style = self.doc.styles["Table Grid"]
        set_column_widths(table, [Cm(2.0), Cm(TEXT_WIDTH_CM - 4.0), Cm(2.0)])
        for cell, text in zip(table.rows[0].cells, ("Câu", "Nội dung", "Điểm"), strict=True):
            _cell(cell, text, bold=True)
        for entry in first.key:
            if entry.type != QuestionType.ESSAY:
                continue
            item = items[entry.id]
            q = item.question
            steps = q.guide
            total = self.paper.item_points(item)
            start = len(table.rows)
            if not steps:
                row = table.add_row().cells
                _cell(row[0], f"Câu {entry.number}", bold=True)
                self.cw.write(q.solution or q.stem, row[1].add_paragraph, row[1].paragraphs[0], where=f"Câu {entry.number}")
                _cell(row[2], vn_points(total))
                continue
            last_label = None
            for step in steps:
                row = table.add_row().cells
                label = f"Câu {entry.number}" + (f" {step.subpart})" if step.subpart else "")
                # The label is printed once per question (and sub-part); the rows under it merge.
                if label != last_label:
                    _cell(row[0], label, bold=True)
                self.cw.write(step.content, row[1].add_paragraph, row[1].paragraphs[0], where=label)
                _cell(row[2], vn_points(step.points))
                last_label = label
            self._merge_labels(table, start)
            stated = sum(s.points or 0 for s in steps)
            if total is not None and abs(stated - total) > 1e-6:
                self.cw.warnings.append(f"Câu {entry.number}: guide steps add up to {vn_points(stated)}, the question is worth {vn_points(total)}")

    @staticmethod
    def _merge_labels(table, start: int) -> None:  # noqa: ANN001
        """Merge each label cell of column 0 down over the unlabelled rows that follow it."""
        rows = table.rows[start:]
        top = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i].cells[0].text.strip():
                if i - 1 > top:
                    rows[top].cells[0].merge(rows[i - 1].cells[0])
                top = i

    def essay_number_map(self) -> None:
        first = self.paper.versions[0]
        essay_ids = [e.id for e in first.key if e.type == QuestionType.ESSAY]
        table = self.doc.add_table(rows=1 + len(self.paper.versions), cols=1 + len(essay_ids))
        table.style = self.doc.styles["Table Grid"]
        _cell(table.rows[0].cells[0], "Mã đề", bold=True)
        for j in range(1, len(essay_ids) + 1):
            _cell(table.rows[0].cells[j], f"Câu {j}", bold=True)
        for r, version in enumerate(self.paper.versions, start=1):
            numbers = {e.id: e.number for e in version.key}
            _cell(table.rows[r].cells[0], version.code, bold=True)
            for j, qid in enumerate(essay_ids, start=1):
                _cell(table.rows[r].cells[j], str(numbers.get(qid, "")))


def render_guide(paper: ExamPaper, blobs: BlobSource = None, *, for_libreoffice: bool = False) -> tuple[bytes, list[str]]:
    writer = GuideWriter(paper, blobs, for_libreoffice=for_libreoffice)
    return writer.render(), writer.cw.warnings


def guide_filename(paper: ExamPaper) -> str:
    return f"{safe_name(paper.name)}-huong-dan-cham.docx"


class DocxGuideExporter:
    format = "guide"

    def __init__(self, *, for_libreoffice: bool = False):
        self.for_libreoffice = for_libreoffice

    def export(self, paper: ExamPaper, out_dir: Path, blobs: BlobSource = None) -> ExportResult:
        data, warnings = render_guide(paper, blobs, for_libreoffice=self.for_libreoffice)
        path = out_dir / guide_filename(paper)
        path.write_bytes(data)
        return ExportResult([path], warnings)
