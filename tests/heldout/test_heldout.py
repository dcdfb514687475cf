"""Held-out papers: conventions ../shared does not cover, written here to check that the importers
read papers nobody tuned them on (round 1: make_papers.py; round 2: make_papers_round2.py; round 3:
make_papers_round3.py).

Each file is read in-process (``importers.read_file``) and compared with its truth file by the rules
of ../shared/tools/score_import.py (tests/scoring.py); a file passes at 0.95. A file the importer
reads wrongly is listed in FAILING with the convention that fails, as a strict xfail: when the
importer learns it the test XPASSes and the suite turns red -- remove the entry then.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from importers import read_file
from tests.scoring import load_compare

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
MIN_SCORE = 0.95
compare = load_compare()

# fixture folder -> the generator that writes it
ROUNDS = {"heldout": "make_papers.py", "heldout2": "make_papers_round2.py", "heldout3": "make_papers_round3.py"}

# file name -> the convention the importer does not read yet
FAILING: dict[str, str] = {}


def _papers(folder: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / folder).iterdir()
                  if p.suffix in (".docx", ".xlsx") and p.with_name(p.name + ".truth.json").exists())


def _params() -> list:
    out = []
    for folder in ROUNDS:
        for path in _papers(folder):
            marks = [pytest.mark.xfail(strict=True, reason=FAILING[path.name])] if path.name in FAILING else []
            out.append(pytest.param(path, id=f"{folder}/{path.name}", marks=marks))
    return out


def _truth(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", _params())
def test_heldout_paper_matches_its_truth(path: Path) -> None:
    got = read_file(str(path)).to_json()
    ok, total, notes = compare(_truth(path), got)
    assert total and ok / total >= MIN_SCORE, f"{path.name}: {ok}/{total}; {notes}"


def test_every_failing_marker_names_a_fixture() -> None:
    names = {p.name for folder in ROUNDS for p in _papers(folder)}
    assert set(FAILING) <= names
    assert len(names) >= 40


@pytest.mark.parametrize("folder", list(ROUNDS))
def test_truth_files_are_what_the_generator_writes(folder: str, tmp_path: Path) -> None:
    """The committed truth files come from the round's generator unchanged (regenerate after editing it)."""
    name = ROUNDS[folder]
    spec = importlib.util.spec_from_file_location(f"heldout_{Path(name).stem}", HERE / name)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # generators' dataclasses look their module up there
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for truth in sorted((FIXTURES / folder).glob("*.truth.json")):
        fresh = tmp_path / truth.name
        assert fresh.exists(), truth.name
        assert json.loads(fresh.read_text(encoding="utf-8")) == json.loads(truth.read_text(encoding="utf-8")), truth.name
