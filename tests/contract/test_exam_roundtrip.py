"""Exporter → importer round trip: each exported version, read back by QBank's own Word importer,
gives exactly its questions (stems by text, options in printed order, equation counts) and its key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import importers
from exporters import export_exam
from qbank.demo.sample_exam import blob_id, candidates_for, png_graph, sample_bank
from qbank.domain.assembly import assemble
from qbank.domain.blueprint import load_blueprint
from qbank.domain.content import Content, Paragraph, Text
from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamHeader, ExamItem, ExamPaper, PaperPart, paper_from_selection
from qbank.domain.question import Option, Question
from qbank.domain.render import to_text
from qbank.domain.versions import build_versions

DEMO = Path(__file__).resolve().parents[2] / "qbank" / "demo" / "blueprint_toan12_2025.yaml"
PNG = png_graph()
BLOBS = {blob_id(PNG): PNG}


def words(content: Content | None) -> str:
    """Text outside equations, whitespace collapsed: equations are compared by count."""
    text = re.sub(r"\$[^$]*\$", " ", to_text(content))
    return re.sub(r"\s+", " ", text).strip()


def demo_paper() -> ExamPaper:
    bank = sample_bank(3, picture=blob_id(PNG))
    bp = load_blueprint(DEMO)
    sel = assemble(bp, candidates_for(bank), seed=11)
    return paper_from_selection(bp, sel.ids_by_part(), bank, points=sel.points(), name="roundtrip")


def passage_paper() -> ExamPaper:
    passage = Content([Paragraph([Text("Tom lives in a small village near the sea. Every morning he walks to school "
                                       "with his sister and they talk about the boats they see.")])])

    def q(n: int, group: str | None) -> Question:
        opts = [Option(lbl, Content.from_text(f"choice {n}{lbl.lower()}"), correct=(k == n % 4)) for k, lbl in enumerate("ABCD")]
        return Question(QuestionType.MCQ, Content.from_text(f"Question text number {n} about the passage?"), opts, group=group)

    items = [ExamItem(f"s{i}", q(i, None)) for i in range(3)] + [ExamItem(f"g{i}", q(10 + i, "p1")) for i in range(3)]
    header = ExamHeader("Huế", "Kỳ thi thử", "2024-2025", "Tiếng Anh", 12, 60)
    return ExamPaper(header, [PaperPart("I", "PHẦN I", "", QuestionType.MCQ, items)], name="english", passages={"p1": passage})


@pytest.mark.parametrize("make", [demo_paper, passage_paper], ids=["toan-2025", "english-passage"])
def test_each_version_reads_back_with_its_key(make, tmp_path: Path) -> None:  # noqa: ANN001
    paper = make()
    build_versions(paper, 2, seed=99)
    result = export_exam(paper, "docx_key", tmp_path, BLOBS)
    items = paper.items()
    for version, path in zip(paper.versions, result.paths, strict=True):
        back = importers.read_file(path)
        expected = [(k, items[k.id].question, il) for k, il in zip(version.key, [il for p in paper.parts for il in version.layout[p.key]], strict=True)]
        assert len(back.questions) == len(expected), [m.text for m in back.messages][:5]
        for got, (key, q, il) in zip(back.questions, expected, strict=True):
            where = f"{version.code} {key.part}.{key.number}"
            assert got.number == key.number, where
            assert got.type == q.type, where
            assert words(got.stem) == words(q.stem), where
            assert got.stem.count_math() == q.stem.count_math(), where
            shown = [q.options[i] for i in il.options]
            assert [words(o.content) for o in got.options] == [words(o.content) for o in shown], where
            if q.type == QuestionType.TRUE_FALSE:
                assert got.answer == key.answer, where
            elif q.type != QuestionType.ESSAY:
                assert str(got.answer) == str(key.answer), where
        if paper.passages:
            groups = [g.group for g in back.questions]
            grouped = [i for i, g in enumerate(groups) if g]
            assert len(grouped) == 3 and grouped == list(range(grouped[0], grouped[0] + 3))


FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "exam").glob("*.docx"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_real_paper_imported_reexported_and_read_back(fixture: Path, tmp_path: Path) -> None:
    """Real-shaped papers (2025 format, passages, essays, pictures): import, export two shuffled
    versions with their keys, import each again: same questions, options, equations, keys."""
    source = importers.read_file(fixture)
    parts: dict[str, list[ExamItem]] = {}
    for i, q in enumerate(source.questions):
        parts.setdefault(q.section or "PHẦN I", []).append(ExamItem(f"q{i}", q))
    paper = ExamPaper(
        ExamHeader("Quảng Trị", "Kỳ thi thử", "2025-2026", source.meta.get("subject") or "Toán", 12, 90),
        [PaperPart(str(n + 1), k, "", None, v) for n, (k, v) in enumerate(parts.items())],
        name=fixture.stem,
        passages=dict(source.passages),
    )
    build_versions(paper, 2, seed=2025)
    blobs = {sha: blob.data for sha, blob in source.blobs.items()}
    result = export_exam(paper, "docx_key", tmp_path, blobs)
    assert not result.warnings
    items = paper.items()
    for version, path in zip(paper.versions, result.paths, strict=True):
        back = importers.read_file(path)
        layout = [il for p in paper.parts for il in version.layout[p.key]]
        assert len(back.questions) == len(layout) == len(source.questions)
        for got, key, il in zip(back.questions, version.key, layout, strict=True):
            q = items[il.id].question
            where = f"{version.code} {key.part}.{key.number}"
            assert got.type == q.type, where
            assert words(got.stem) == words(q.stem), where
            assert got.stem.count_equations() == q.stem.count_equations(), where
            assert got.stem.count_images() == q.stem.count_images(), where
            assert [words(o.content) for o in got.options] == [words(q.options[i].content) for i in il.options], where
            assert len(got.subparts) == len(q.subparts), where
            assert bool(got.group) == bool(q.group), where
            if q.type != QuestionType.ESSAY:
                assert str(got.answer) == str(key.answer), where
