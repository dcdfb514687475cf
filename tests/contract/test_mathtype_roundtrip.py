"""A MathType equation survives import → Word export → import: same object bytes, same LaTeX."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import importers
from exporters import export_exam
from qbank.demo.sample_exam import png_graph
from qbank.domain.content import Ole
from qbank.domain.exam import ExamHeader, ExamItem, ExamPaper, PaperPart
from qbank.domain.versions import build_versions
from tests.unit.importers.docx_builder import build, mathtype, p
from tests.unit.importers.mtef_builder import ole, v5, v5_char, v5_line, v5_tmpl

# ∫₀¹ x dx as MathType writes it (integral template with both limits, then the integrand)
INTEGRAL = ole(v5(v5_line(
    v5_tmpl(15, 0x31, v5_line(v5_char(3, ord("x")), v5_char(2, ord("d")), v5_char(3, ord("x"))),
            v5_line(v5_char(8, ord("0"))), v5_line(v5_char(8, ord("1"))), v5_char(22, 0x222B)),
)))  # fmt: skip


def _with_real_preview(docx: bytes) -> bytes:
    """The test package with a real PNG as the object's preview (Word exports measure it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = png_graph() if item.filename == "word/media/image1.png" else src.read(item)
            dst.writestr(item, data)
    return out.getvalue()


def test_a_mathtype_object_is_re_embedded_byte_for_byte_and_reads_back_as_the_same_equation(tmp_path: Path) -> None:
    source_path = tmp_path / "tichphan.docx"
    docx = build(p("Câu 1. Tính ", mathtype(), "."), p("A. 1"), p("B. 1/2"), p("C. 2"), p("D. 0"), ole=INTEGRAL)
    source_path.write_bytes(_with_real_preview(docx))
    source = importers.read_file(source_path)
    [q] = source.questions
    original = next(i for i in q.stem.inlines() if isinstance(i, Ole))
    assert original.latex == r"\int_{0}^{1}x\mathrm{d}x"
    paper = ExamPaper(ExamHeader("Bình Phước", "Thi thử", "2025-2026", "Toán", 12, 90),
                      [PaperPart("1", "PHẦN I", "", None, [ExamItem("q0", q)])], name="tichphan")  # fmt: skip
    build_versions(paper, 1, seed=1)
    result = export_exam(paper, "docx_key", tmp_path, {sha: b.data for sha, b in source.blobs.items()})
    assert not result.warnings
    back = importers.read_file(result.paths[0])
    again = next(i for i in back.questions[0].stem.inlines() if isinstance(i, Ole))
    assert back.blobs[again.blob].data == INTEGRAL
    assert (again.prog_id, again.latex, again.mathml) == (original.prog_id, original.latex, original.mathml)
