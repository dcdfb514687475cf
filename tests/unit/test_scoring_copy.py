"""The local copy of the fixture scorer (used when ../shared is absent) agrees with the shared one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importers import read_file
from tests import scoring

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.skipif(not scoring.SHARED_SCORER.exists(), reason=f"{scoring.SHARED_SCORER} is not checked out beside the repository")
def test_local_scorer_gives_the_same_result_as_the_shared_one() -> None:
    shared = scoring.load_compare()
    papers = sorted(p for d in ("docx", "xlsx", "heldout") for p in (FIXTURES / d).glob("*.*x") if p.suffix in (".docx", ".xlsx"))
    assert len(papers) > 20
    for paper in papers:
        truth = json.loads(paper.with_name(paper.name + ".truth.json").read_text(encoding="utf-8"))
        got = read_file(paper).to_json()
        assert scoring.compare(truth, got)[:2] == shared(truth, got)[:2], paper.name
