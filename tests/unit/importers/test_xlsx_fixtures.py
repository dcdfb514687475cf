"""The department-shaped Excel banks in tests/fixtures/xlsx import exactly as their truth files say."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from importers.xlsx.importer import XlsxImporter

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "xlsx"
PUBLIC = REPO.parent / "shared" / "fixtures" / "public" / "xlsx"
BANKS = sorted(FIXTURES.glob("*.xlsx"))


def loose(text: str | None) -> str:
    """Text outside $...$ compared loosely, as the fixtures README says."""
    text = re.sub(r"\$[^$]*\$", " ", unicodedata.normalize("NFC", text or ""))
    return re.sub(r"\s+", " ", text).strip().casefold()


@pytest.mark.parametrize("path", BANKS, ids=[p.name for p in BANKS])
def test_a_generated_bank_matches_its_truth_field_by_field(path: Path) -> None:
    truth = json.loads(path.with_name(path.name + ".truth.json").read_text(encoding="utf-8"))
    got = XlsxImporter().read(path.read_bytes(), path.name).to_json()
    assert len(got["questions"]) == len(truth["questions"])
    for t, g in zip(truth["questions"], got["questions"], strict=True):
        where = f"question {t['number']}"
        assert g["number"] == t["number"], where
        assert g["type"] == t["type"], where
        assert loose(g["stem"]) == loose(t["stem"]), where
        assert [(o["label"], loose(o["text"]), o["correct"]) for o in g["options"]] == [
            (o["label"], loose(o["text"]), o["correct"]) for o in t["options"]
        ], where
        assert g["answer"] == t["answer"], where
        assert g["points"] == t["points"], where
        assert g["equations"] == t["equations"], where
        assert (g["topic"], g["level"]) == (t["topic"], t["level"]), where
    for key, value in truth["meta"].items():
        if value is not None:
            assert got["meta"].get(key) == value, key
    assert not [m for m in got["messages"] if m["level"] == "error"]


@pytest.mark.skipif(not PUBLIC.is_dir(), reason="the shared public fixtures (../shared/fixtures/public) are absent")
def test_a_public_template_with_a_legal_basis_column_imports_its_two_questions() -> None:
    path = PUBLIC / "hungphuly__mau_import_cau_hoi.xlsx"
    result = XlsxImporter().read(path.read_bytes(), path.name)
    assert [(q.number, str(q.type), q.answer, len(q.options)) for q in result.questions] == [
        (1, "mcq", "A", 4),
        (2, "mcq", "B", 4),
    ]
    assert [m.level for m in result.messages] == ["info"]  # the columns it does not import, named
