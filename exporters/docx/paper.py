"""The printed paper (đề thi) of each version as Word: header table, parts, questions, footer."""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from exporters.base import BlobSource, ExportResult, blob_getter, safe_name
from exporters.docx.common import (
    TEXT_WIDTH_CM,
    ContentWriter,
    add_field,
    add_run,
    box_run,
    content_width_cm,
    new_document,
    set_cell_borders,
    set_column_widths,
)
from qbank.domain.answers import MCQ_LABELS, TF_LABELS
from qbank.domain.content import Content, Paragraph, Text
from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamPaper, Version
from qbank.domain.question import Question
from qbank.domain.render import to_text
from qbank.domain.scoring import vn_points
from qbank.domain.text import fold

OPTION_INDENT_CM = 0.5
LABEL_CM = 0.7  # "A. " plus a little air


_INTRO = re.compile(r"^\W*(?:read the (?:following )?(?:passage|text)|doc (?:doan (?:van|trich)|van ban|bai|ky|doan)|read and)")
_RANGE = re.compile(r"(\d+)(\s*(?:to|đến(?:\s+câu)?|and|-|–)\s*)(\d+)", re.I)


def has_intro(content: Content) -> bool:
    first = content.blocks[0] if content.blocks else None
    return isinstance(first, Paragraph) and bool(_INTRO.match(fold(to_text(Content([first])))))


def renumber_intro(content: Content, first: int, last: int) -> Content:
    """A copy whose opening instruction names questions ``first`` to ``last``."""
    if not has_intro(content):
        return content
    copy = Content.from_json(content.to_json())
    para = copy.blocks[0]
    assert isinstance(para, Paragraph)
    for inline in para.inlines:
        if isinstance(inline, Text) and _RANGE.search(inline.text):
            inline.text = _RANGE.sub(lambda m: f"{first}{m.group(2)}{last}", inline.text, count=1)
            break
    return copy


def options_per_line(widths: list[float | None]) -> int:
    """4, 2 or 1 options to a line, by the widest option."""
    if not widths or any(w is None for w in widths):
        return 1
    widest = max(w for w in widths if w is not None) + LABEL_CM
    usable = TEXT_WIDTH_CM - OPTION_INDENT_CM
    if len(widths) == 4 and widest <= usable / 4 - 0.2:
        return 4
    if widest <= usable / 2 - 0.3:
        return 2
    return 1


class PaperWriter:
    """Builds one version's paper; ``render`` returns the .docx bytes."""

    def __init__(
        self, paper: ExamPaper, version: Version, blobs: BlobSource = None, *, with_key: bool = False, for_libreoffice: bool = False
    ):
        self.paper = paper
        self.version = version
        self.with_key = with_key
        self.doc: DocumentObject = new_document()
        self.cw = ContentWriter(self.doc, blob_getter(blobs), for_libreoffice=for_libreoffice)
        self.items = paper.items()

    # -- structure --------------------------------------------------------------------------
    def render(self) -> bytes:
        self.header()
        for part in self.paper.parts:
            layout = self.version.layout.get(part.key, [])
            if not layout:
                continue
            self.part_heading(part.key, len(layout))
            shown_groups: set[str] = set()
            for number, il in enumerate(layout, start=1):
                q = self.items[il.id].question
                if q.group and q.group not in shown_groups:
                    shown_groups.add(q.group)
                    size = sum(1 for x in layout if self.items[x.id].question.group == q.group)
                    self.passage(q.group, number, number + size - 1)
                self.question(number, q, il.options, self.items[il.id].points)
        self.ending()
        if self.with_key:
            self.key()
        self.footer()
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()

    def para(self, text: str = "", *, bold: bool = False, italic: bool = False, align: str | None = None) -> DocxParagraph:
        p = self.doc.add_paragraph()
        if text:
            add_run(p, text, bold=bold, italic=italic)
        if align == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif align == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return p

    def header(self) -> None:
        h = self.paper.header
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_cell_borders(table, visible=False)
        left, right = table.rows[0].cells
        set_column_widths(table, [Cm(6.8), Cm(10.2)])

        def line(cell, text: str, *, bold: bool = False, italic: bool = False, first: bool = False, boxed: bool = False):  # noqa: ANN001, ANN202
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
            if boxed:
                box_run(run)
            return p

        province = h.department.strip()
        upper_province = province.upper()
        if h.official:
            line(left, "SỞ GIÁO DỤC VÀ ĐÀO TẠO", first=True)
            line(left, upper_province or "………………", bold=True)
            line(left, "")
            line(left, " ĐỀ CHÍNH THỨC ", bold=True, boxed=True)
            p = line(left, "(Đề thi gồm ", italic=True)
            add_field(p, "NUMPAGES \\# \"00\"", "01", italic=True)
            r = p.add_run(" trang)")
            r.italic = True
            line(right, h.exam_name.upper() or "KỲ THI", bold=True, first=True)
            if h.school_year:
                line(right, f"NĂM HỌC {h.school_year.replace('-', ' - ')}", bold=True)
            line(right, f"Môn thi: {h.subject.upper()}", bold=True)
            line(right, f"Thời gian làm bài: {h.duration_minutes} phút, không kể thời gian phát đề", italic=True)
        else:
            line(left, (h.school or (f"SỞ GD&ĐT {upper_province}" if province else "")).upper(), first=True, bold=True)
            line(right, (h.title or h.exam_name or "ĐỀ KIỂM TRA").upper(), bold=True, first=True)
            grade = f" - Lớp {h.grade}" if h.grade else ""
            line(right, f"Môn: {h.subject}{grade}", bold=True)
            line(right, f"Thời gian làm bài: {h.duration_minutes} phút", italic=True)
        self.para("")
        p = self.para()
        p.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
        if h.official:
            p.add_run("Họ, tên thí sinh: …………………………………… Số báo danh: ……………")
        else:  # a class test: name and class, no candidate number
            p.add_run("Họ và tên: …………………………………………… Lớp: ……………")
        if h.official or len(self.paper.versions) > 1:
            p.add_run("\t")
            run = p.add_run(f" Mã đề {self.version.code} ")
            run.bold = True
            box_run(run)

    def part_heading(self, key: str, count: int) -> None:
        part = self.paper.part(key)
        if len(self.paper.parts) == 1 and not part.instructions:
            return
        p = self.para()
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.keep_with_next = True  # never a part heading alone at a page foot
        add_run(p, f"{part.title}. ", bold=True)
        if part.instructions:
            add_run(p, part.printed_instructions(count))

    def passage(self, group: str, first: int, last: int) -> None:
        """The passage once, before its first question. A stored passage that opens with its own
        instruction ("Read the following passage … from 7 to 11") gets its numbers rewritten for
        this version (readers and the importer go by them); otherwise a lead line is added."""
        content = self.paper.passages.get(group)
        content = renumber_intro(content, first, last) if content else None
        if content is None or not has_intro(content):
            subject = fold(self.paper.header.subject)
            lead = (
                f"Read the following passage and answer the questions from {first} to {last}."
                if "anh" in subject or "english" in subject
                else f"Đọc đoạn văn sau và trả lời các câu hỏi từ câu {first} đến câu {last}."
            )
            self.para(lead, bold=True, italic=True).paragraph_format.keep_with_next = True
        if content:
            self.cw.write(content, self.doc.add_paragraph, where=f"passage {group}")

    def question(self, number: int, q: Question, order: list[int], points: float | None) -> None:
        where = f"Câu {number}"
        body = self.doc.element.body
        start = len(body) - (1 if len(body) and body[-1].tag == qn("w:sectPr") else 0)  # new paragraphs go before sectPr
        p = self.para()
        p.paragraph_format.space_before = Pt(3)
        add_run(p, f"Câu {number}. ", bold=True)
        if q.type == QuestionType.ESSAY and (points or q.points):
            add_run(p, f"({vn_points(points or q.points)} điểm) ", bold=True, italic=True)
        self.cw.write(q.stem, self.doc.add_paragraph, p, where=where)
        if q.type == QuestionType.MCQ:
            self.mcq_options(q, order, where)
        elif q.type == QuestionType.TRUE_FALSE:
            for slot, src in enumerate(order):
                sp = self.para()
                sp.paragraph_format.left_indent = Cm(OPTION_INDENT_CM)
                add_run(sp, f"{TF_LABELS[slot]}) ", bold=True)
                self.cw.write(q.options[src].content, self.doc.add_paragraph, sp, where=f"{where} {TF_LABELS[slot]})", indent_cm=OPTION_INDENT_CM)
        for sub in q.subparts:
            sp = self.para()
            sp.paragraph_format.left_indent = Cm(OPTION_INDENT_CM)
            add_run(sp, f"{sub.label}) ", bold=True)
            self.cw.write(sub.content, self.doc.add_paragraph, sp, where=f"{where} {sub.label})", indent_cm=OPTION_INDENT_CM)
            if sub.points:
                add_run(sp, f" ({vn_points(sub.points)} điểm)", italic=True)
        self._keep_together(body, start)

    @staticmethod
    def _keep_together(body, start: int) -> None:  # noqa: ANN001
        """A short question is not split across pages: each of its paragraphs keeps with the next
        (Word and LibreOffice still break a question taller than a page)."""
        paras = [el for el in body[start:] if el.tag == qn("w:p")]
        if len(paras) > 12:
            return
        for el in paras[:-1]:
            el.get_or_add_pPr().keepNext_val = True

    def mcq_options(self, q: Question, order: list[int], where: str) -> None:
        contents = [q.options[i].content for i in order]
        per_line = options_per_line([content_width_cm(c) for c in contents])
        usable = TEXT_WIDTH_CM - OPTION_INDENT_CM
        step = usable / per_line
        para: DocxParagraph | None = None
        for slot, content in enumerate(contents):
            label = MCQ_LABELS[slot]
            if slot % per_line == 0:
                para = self.para()
                para.paragraph_format.left_indent = Cm(OPTION_INDENT_CM)
                if per_line > 1:
                    for k in range(1, per_line):
                        para.paragraph_format.tab_stops.add_tab_stop(Cm(OPTION_INDENT_CM + k * step))
            else:
                assert para is not None
                add_run(para, "\t")
            assert para is not None
            add_run(para, f"{label}. ", bold=True)
            if per_line == 1:
                self.cw.write(content, self.doc.add_paragraph, para, where=f"{where} {label}.", indent_cm=OPTION_INDENT_CM)
            else:
                block = content.blocks[0] if content.blocks else Paragraph([])
                assert isinstance(block, Paragraph)
                self.cw.inlines(para, block.inlines, where=f"{where} {label}.")

    def ending(self) -> None:
        p = self.para("------------- HẾT -------------", bold=True, align="center")
        p.paragraph_format.space_before = Pt(8)
        if self.paper.header.official:
            self.para("- Thí sinh không được sử dụng tài liệu;", italic=True)
            self.para("- Cán bộ coi thi không giải thích gì thêm.", italic=True)

    def key(self) -> None:
        """The teacher's copy: this version's key after the paper, on a new page."""
        from docx.enum.text import WD_BREAK

        from exporters.docx.guide import KeyTableWriter

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.para("ĐÁP ÁN", bold=True, align="center")
        KeyTableWriter(self.doc, self.paper).version_keys(self.version, heading=False)

    def footer(self) -> None:
        footer = self.doc.sections[0].footer
        p = footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("Trang ")
        add_field(p, "PAGE", "1")
        p.add_run("/")
        add_field(p, "NUMPAGES", "1")
        if self.paper.header.official or len(self.paper.versions) > 1:
            p.add_run(f" - Mã đề {self.version.code}")


def render_paper(
    paper: ExamPaper, version: Version, blobs: BlobSource = None, *, with_key: bool = False, for_libreoffice: bool = False
) -> tuple[bytes, list[str]]:
    """One version's paper as .docx bytes (``with_key``: its key appended), and the warnings.
    ``for_libreoffice``: a copy meant only for PDF conversion (see ``mark_unbalanced_brackets``)."""
    writer = PaperWriter(paper, version, blobs, with_key=with_key, for_libreoffice=for_libreoffice)
    return writer.render(), writer.cw.warnings


def paper_filename(paper: ExamPaper, version: Version, *, with_key: bool = False) -> str:
    return f"{safe_name(paper.name)}-ma-de-{version.code}{'-co-dap-an' if with_key else ''}.docx"


class DocxPaperExporter:
    format = "docx"
    with_key = False

    def __init__(self, *, for_libreoffice: bool = False):
        self.for_libreoffice = for_libreoffice

    def export(self, paper: ExamPaper, out_dir: Path, blobs: BlobSource = None) -> ExportResult:
        result = ExportResult()
        # Resolve blobs once: a DB-backed callable should not be asked again for each version.
        cache: dict[str, bytes | None] = {}
        getter = blob_getter(blobs)

        def cached(sha: str) -> bytes:
            if sha not in cache:
                cache[sha] = getter(sha)
            value = cache[sha]
            if value is None:
                raise KeyError(sha)
            return value

        for version in paper.versions:
            data, warnings = render_paper(paper, version, cached, with_key=self.with_key, for_libreoffice=self.for_libreoffice)
            path = out_dir / paper_filename(paper, version, with_key=self.with_key)
            path.write_bytes(data)
            result.paths.append(path)
            result.warnings.extend(f"Mã đề {version.code}: {w}" for w in warnings)
        return result


class DocxPaperWithKeyExporter(DocxPaperExporter):
    """Each version's paper followed by its key (the exam board's copy)."""

    format = "docx_key"
    with_key = True
