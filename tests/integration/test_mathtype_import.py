"""MathType equations imported through the service are stored as equations and found by search."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qbank.domain.content import Ole
from qbank.domain.render import to_html, to_text
from qbank.services.imports import import_file
from qbank.services.questions import get_question
from qbank.services.search import search_questions
from tests import factories
from tests.unit.importers.docx_builder import build, mathtype, p
from tests.unit.importers.mtef_builder import ole, v5, v5_char, v5_line, v5_tmpl

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("QBANK_SHARED") or REPO.parent / "shared")
BINH_PHUOC = (
    SHARED / "fixtures" / "public" / "vi-docx" / "TonyK1109__Original_ThiThu_THPTQG_Toan_BinhPhuoc_2019-2020.docx"
)


@pytest.fixture
def contributor(runtime):  # noqa: ANN001, ANN201
    factories.department(runtime, "Bình Phước")
    return factories.user(runtime, "contrib", "contributor", "Bình Phước")


def _search(runtime, actor, text: str):  # noqa: ANN001, ANN202
    with runtime.uow() as uow:
        return search_questions(uow, actor, text)


def test_a_mathtype_equation_in_a_stem_is_stored_and_found_by_search(runtime, contributor) -> None:  # noqa: ANN001
    # √(x²+1) as a MathType object: a root over x, a superscript 2, + 1
    sup2 = v5_tmpl(28, 0, bytes([1, 1]), v5_line(v5_char(8, ord("2"))))
    root = v5_tmpl(
        10, 0, v5_line(v5_char(3, ord("x")), sup2, v5_char(6, ord("+")), v5_char(8, ord("1"))), bytes([1, 1])
    )
    data = build(p("Câu 1. Tìm tập xác định của hàm số y = ", mathtype(), "."), p("A. R"), p("B. (0;+∞)"),
                 p("C. [1;+∞)"), p("D. ∅"), ole=ole(v5(v5_line(root))))  # fmt: skip
    with runtime.uow() as uow:
        summary = import_file(uow, contributor, "mathtype.docx", data)
    [qid] = summary.created
    with runtime.uow() as uow:
        stem = get_question(uow, contributor, qid).question.stem
    assert to_text(stem) == r"Tìm tập xác định của hàm số y = $\sqrt{x^{2}+1}$."
    assert "<msqrt>" in to_html(stem)
    assert _search(runtime, contributor, r"\sqrt").ids == [qid]
    assert _search(runtime, contributor, "x^2").ids == [qid]


@pytest.mark.skipif(
    not BINH_PHUOC.exists(), reason=f"{BINH_PHUOC} is absent (real papers are not copied into the repo)"
)
def test_the_binh_phuoc_paper_imports_its_mathtype_objects_as_searchable_equations(runtime, contributor) -> None:  # noqa: ANN001
    with runtime.uow() as uow:
        summary = import_file(uow, contributor, BINH_PHUOC.name, BINH_PHUOC.read_bytes())
    with runtime.uow() as uow:
        questions = [get_question(uow, contributor, qid).question for qid in summary.created]
    found = []
    for q in questions:
        for content in [q.stem, *(o.content for o in q.options), q.solution, *(g.content for g in q.guide)]:
            for inline in content.inlines() if content else ():
                if isinstance(inline, Ole) and inline.prog_id == "Equation.DSMT4":
                    found.append((q, content, inline))
    # The paper's two MathType objects, both in Câu 42's worked solution: Viète's system and a<0
    assert len(found) == 2
    assert all(obj.latex and obj.mathml for _, _, obj in found)
    q, content, system = found[0]
    assert system.latex.startswith(r"\begin{cases}") and r"\frac{2b}{3a}" in system.latex
    assert f"${system.latex}$" in to_text(content)
    assert "<mtable" in to_html(content)
    # LaTeX that only the MathType object holds finds the question
    hits = _search(runtime, contributor, r"\frac{2b}{3a}").ids
    assert summary.created[questions.index(q)] in hits
