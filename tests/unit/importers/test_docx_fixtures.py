"""The project's Word fixtures import as their truth files say; the real public papers keep everything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx_scoring import compare, count_in_docx, count_in_result

from importers.docx.importer import DocxImporter
from qbank.domain.content import Ole

REPO = Path(__file__).resolve().parents[3]
FIXTURES = sorted((REPO / "tests" / "fixtures" / "docx").glob("*.docx"))
PUBLIC = REPO.parent / "shared" / "fixtures" / "public"
BINH_PHUOC = PUBLIC / "vi-docx" / "TonyK1109__Original_ThiThu_THPTQG_Toan_BinhPhuoc_2019-2020.docx"


def _truth(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_generated_paper_matches_its_truth_field_by_field(path: Path) -> None:
    got = DocxImporter().read(path.read_bytes(), path.name).to_json()
    ok, total, notes = compare(_truth(path), got)
    assert ok == total, notes[:10]


def test_generated_papers_score_at_least_0_99_overall() -> None:
    ok = total = 0
    for path in FIXTURES:
        o, t, _ = compare(_truth(path), DocxImporter().read(path.read_bytes(), path.name).to_json())
        ok, total = ok + o, total + t
    assert total and ok / total >= 0.99


PUBLIC_DOCX = sorted(p for p in PUBLIC.glob("*/*.docx") if p.with_name(p.name + ".truth.json").exists()) if PUBLIC.exists() else []


@pytest.mark.skipif(not PUBLIC.exists(), reason="../shared/fixtures/public is absent (real papers are not copied into the repo)")
def test_public_papers_score_at_least_0_95() -> None:
    ok = total = 0
    for path in PUBLIC_DOCX:
        o, t, _ = compare(_truth(path), DocxImporter().read(path.read_bytes(), path.name).to_json())
        ok, total = ok + o, total + t
    assert total and ok / total >= 0.95


@pytest.mark.skipif(not BINH_PHUOC.exists(), reason="the Bình Phước paper lives in ../shared/fixtures/public, absent here")
def test_binh_phuoc_paper_keeps_every_question_answer_solution_equation_picture_and_mathtype_object() -> None:
    res = DocxImporter().read(BINH_PHUOC.read_bytes(), BINH_PHUOC.name)
    truth = _truth(BINH_PHUOC)
    assert len(res.questions) == 50
    assert [q.answer for q in res.questions] == [t["answer"] for t in truth["questions"]]
    assert all(q.solution for q in res.questions)
    in_file = count_in_docx(BINH_PHUOC)
    assert in_file == {"omml": 949, "images": 20, "ole": 2}
    assert count_in_result(res) == in_file
    in_questions = sum(c.count_omml() for q in res.questions for c in [q.stem, *(o.content for o in q.options)])
    in_solutions = sum(q.solution.count_omml() for q in res.questions if q.solution)
    assert (in_questions, in_solutions) == (371, 578)
    oles = [i for q in res.questions for c in q.all_contents() for i in c.inlines() if isinstance(i, Ole)]
    assert all(o.prog_id.startswith("Equation") and o.blob in res.blobs and o.preview in res.blobs for o in oles)
    assert res.meta["department"] == "Bình Phước" and res.meta["year"] == "2019-2020"


def test_python_m_importers_prints_the_dry_run_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from importers.__main__ import main

    path = next(p for p in FIXTURES if p.name == "toan12_tn_gachchan.docx")
    assert main([str(path), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["format"] == "docx" and len(got["questions"]) == 25 and got["questions"][0]["answer"] == "B"
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    assert main([str(bad)]) == 1 and "bad.docx" in capsys.readouterr().err
