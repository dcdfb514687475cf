"""An exam built from imported sample papers and exported: Word papers keep every equation, the PDF
shows every stem, and QBank's own importer reads each exported version back with its key."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from importers import read_file
from qbank.domain.content import Content
from qbank.domain.render import to_text
from qbank.services.exams import build_exam_from_questions, export_exam_files, load_paper
from qbank.services.imports import import_file
from tests import factories

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "docx"
PAPERS = ["toan12_thpt2025_quangtri.docx", "toan12_hsg_quangnam.docx"]
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"


def words(content: Content | None) -> str:
    text = re.sub(r"\$[^$]*\$", " ", to_text(content))
    return re.sub(r"\s+", " ", text).strip()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


@pytest.fixture
def exam(runtime):  # noqa: ANN001, ANN201
    factories.department(runtime, "Quảng Trị")
    board = factories.user(runtime, "board", "exam_board", "Quảng Trị")
    ids: list[int] = []
    for name in PAPERS:
        path = FIXTURES / name
        with runtime.uow() as uow:
            ids += import_file(uow, board, name, path.read_bytes(), approve=True).created
    with runtime.uow() as uow:
        info = build_exam_from_questions(uow, board, ids, title="Đề khảo sát chất lượng", versions=2, seed=5)
    with runtime.uow() as uow:
        paper, _ = load_paper(uow, board, info.id)
    return runtime, board, info, paper


def test_exported_papers_keep_every_word_equation(exam, tmp_path) -> None:  # noqa: ANN001
    runtime, board, info, paper = exam
    with runtime.uow() as uow:
        paths = export_exam_files(uow, board, info.id, "docx", tmp_path)
    printed = sum(c.count_omml() for p in paper.parts for it in p.items
                  for c in [it.question.stem, *(o.content for o in it.question.options), *(s.content for s in it.question.subparts)])
    assert printed > 20
    assert len(paths) == 2
    for path in paths:
        root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
        assert len(root.findall(f".//{M}oMath")) == printed, path.name


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice or pdftotext not installed")
def test_each_paper_converts_to_pdf_showing_every_stem(exam, tmp_path) -> None:  # noqa: ANN001
    runtime, board, info, paper = exam
    with runtime.uow() as uow:
        pdfs = export_exam_files(uow, board, info.id, "pdf", tmp_path)
    papers = [p for p in pdfs if p.suffix == ".pdf" and "-ma-de-" in p.name]  # the papers, not the marking guide
    assert len(papers) >= 2
    for pdf in papers:
        text = squash(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        for part in paper.parts:
            for item in part.items:
                # Text between equations, chunk by chunk: an equation prints as math, not as LaTeX.
                for chunk in filter(None, map(str.strip, re.split(r"\$[^$]*\$", to_text(item.question.stem)))):
                    assert squash(chunk) in text, f"{pdf.name}: {chunk[:60]!r} missing"


def test_each_exported_version_reads_back_with_its_questions_and_key(exam, tmp_path) -> None:  # noqa: ANN001
    runtime, board, info, paper = exam
    with runtime.uow() as uow:
        paths = export_exam_files(uow, board, info.id, "docx_key", tmp_path)
    items = paper.items()
    for version, path in zip(paper.versions, paths, strict=True):
        back = read_file(path)
        layout = [il for p in paper.parts for il in version.layout[p.key]]
        assert len(back.questions) == len(version.key) == len(layout)
        for got, key, il in zip(back.questions, version.key, layout, strict=True):
            q = items[key.id].question
            where = f"version {version.code} {key.part}.{key.number}"
            assert got.type == q.type, where
            assert words(got.stem) == words(q.stem), where
            assert [words(o.content) for o in got.options] == [words(q.options[i].content) for i in il.options], where
            if key.answer is not None:
                assert got.answer == key.answer or str(got.answer) == str(key.answer), where
