"""Shared pieces of the LMS writers: questions in paper order with their passages, HTML and text with TeX, tag lines."""

from __future__ import annotations

import html
import mimetypes
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from exporters.base import BlobSource, ExportResult
from qbank.domain.content import Break, Content, Image, Math, Ole, Paragraph, Table, Text
from qbank.domain.exam import ExamPaper
from qbank.domain.question import Question

TRUE_TEXTS = (["đúng", "sai"], ["true", "false"])


def tex(latex: str, display: bool = False) -> str:
    """TeX as Moodle's MathJax filter renders it: \\( … \\) ("$…$" is off by default there)."""
    return f"\\[{latex}\\]" if display else f"\\({latex}\\)"


@dataclass
class Entry:
    """One question in paper order, with the passage it opens (if it is the first of its group)."""

    question: Question
    points: float | None
    passage: Content | None = None
    passage_key: str | None = None


def entries(paper: ExamPaper) -> Iterator[Entry]:
    seen: set[str] = set()
    for part in paper.parts:
        for item in part.items:
            q = item.question
            opens = q.group and q.group not in seen and q.group in paper.passages
            if q.group:
                seen.add(q.group)
            yield Entry(q, item.points if item.points is not None else q.points,
                        paper.passages[q.group] if opens else None, q.group if opens else None)


@dataclass
class Files:
    """Pictures a Moodle file carries inline (base64), by the name the HTML uses."""

    get: Callable[[str], bytes | None]
    names: dict[str, str] = field(default_factory=dict)  # sha -> file name
    missing: list[str] = field(default_factory=list)

    def name(self, sha: str, mime: str) -> str | None:
        if sha not in self.names:
            if self.get(sha) is None:
                self.missing.append(sha)
                return None
            self.names[sha] = f"{sha[:16]}{mimetypes.guess_extension(mime) or '.bin'}"
        return self.names[sha]


def content_html(content: Content | None, files: Files | None = None) -> str:
    """HTML for an LMS: text escaped, equations as TeX for MathJax, pictures as @@PLUGINFILE@@ files."""
    if content is None:
        return ""
    return "".join(_block(b, files) for b in content.blocks)


def _block(block: Paragraph | Table, files: Files | None) -> str:
    if isinstance(block, Table):
        rows = "".join("<tr>" + "".join(f"<td>{content_html(c, files)}</td>" for c in row) + "</tr>" for row in block.rows)
        return f"<table>{rows}</table>"
    return "<p>" + "".join(_inline(i, files) for i in block.inlines) + "</p>"


def _inline(i: object, files: Files | None) -> str:
    if isinstance(i, Text):
        s = html.escape(i.text, quote=False)
        for flag, tag in ((i.bold, "b"), (i.italic, "i"), (i.underline, "u")):
            if flag:
                s = f"<{tag}>{s}</{tag}>"
        if i.vert in ("sub", "sup"):
            s = f"<{i.vert}>{s}</{i.vert}>"
        return s
    if isinstance(i, Math):
        return html.escape(tex(i.latex, i.display), quote=False)
    if isinstance(i, Ole):
        return html.escape(tex(i.latex), quote=False) if i.latex else ""
    if isinstance(i, Image) and files is not None:
        name = files.name(i.blob, i.mime)
        return f'<img src="@@PLUGINFILE@@/{name}" alt="{html.escape(i.alt)}">' if name else ""
    if isinstance(i, Break):
        return "<br>" if i.kind == "line" else " "
    return ""


def content_text(content: Content | None) -> str:
    """One line of plain text with equations as \\( … \\) (GIFT, Aiken)."""
    if content is None:
        return ""
    parts: list[str] = []
    for b in content.blocks:
        if isinstance(b, Table):
            parts.append(" | ".join(content_text(c) for row in b.rows for c in row))
            continue
        buf = []
        for i in b.inlines:
            if isinstance(i, Text):
                buf.append(i.text)
            elif isinstance(i, Math):
                buf.append(tex(i.latex, i.display))
            elif isinstance(i, Ole) and i.latex:
                buf.append(tex(i.latex))
            elif isinstance(i, Break):
                buf.append(" ")
        parts.append("".join(buf))
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()


def has_pictures(content: Content | None) -> bool:
    return bool(content and content.count_images())


TAG_FIELDS = ("subject", "grade", "level", "school_year", "source_exam")


def tag_pairs(q: Question, points: float | None) -> list[tuple[str, str]]:
    """The tags an LMS has no field for, as name/value pairs (read back by our importers)."""
    pairs = [(f, str(getattr(q.tags, f))) for f in TAG_FIELDS if getattr(q.tags, f) not in (None, "")]
    if points is not None:
        pairs.append(("points", f"{points:g}"))
    return pairs


def scoring_note_tf() -> str:
    return ("Chấm theo quy định 2025: đúng 1 ý được 0,1 điểm; 2 ý 0,25 điểm; 3 ý 0,5 điểm; 4 ý 1 điểm "
            "(2025 rule: 1/2/3/4 statements right → 0.1/0.25/0.5/1 point).")


def is_true_false(q: Question) -> bool:
    """An MCQ of exactly Đúng / Sai (or True / False): written as the format's own true/false type."""
    from qbank.domain.enums import QuestionType
    from qbank.domain.render import to_text

    if q.type != QuestionType.MCQ or len(q.options) != 2:
        return False
    return [to_text(o.content).strip().lower() for o in q.options] in TRUE_TEXTS


class OneFileExporter:
    """An LMS writer: the whole paper in one file ``<name><suffix>``; subclasses say how (``render``)."""

    format: str
    suffix: str

    def render(self, paper: ExamPaper, blobs: BlobSource) -> tuple[bytes, list[str]]:
        raise NotImplementedError

    def export(self, paper: ExamPaper, out_dir: Path, blobs: BlobSource = None) -> ExportResult:
        data, warnings = self.render(paper, blobs)
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"{paper.name}{self.suffix}"
        path.write_bytes(data)
        return ExportResult([path], warnings)
