"""Relevance on the sample papers: a known question's distinctive phrase, typed with or without
diacritics, returns that question first (on the backend of the run: Whoosh, or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qbank.domain.text import fold
from qbank.services.imports import import_file
from qbank.services.questions import get_question
from qbank.services.search import search_questions
from tests import factories

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# The generated sample papers (held-out ones are for importer scoring, some fail on purpose).
PAPERS = sorted(p for d in ("docx", "xlsx") for p in (FIXTURES / d).iterdir()
                if p.suffix in {".docx", ".xlsx"} and p.with_name(p.name + ".truth.json").exists())

PHRASES = [
    "etyl axetat",
    "Hòa tan hoàn toàn 8,4 gam Mg",
    "tần số alen theo một hướng xác định",
    "phong phú vốn gen của quần thể",
    "tam giác ABC nhọn nội tiếp đường tròn",
    "thấu kính hội tụ có tiêu cự",
    "tín hiệu kết thúc quá trình dịch mã",
    "looking forward to",
    "đồ thị hàm số",
]


@pytest.fixture(scope="module")
def bank(database_backend, tmp_path_factory):  # noqa: ANN001, ANN201
    """All sample papers imported once for the module (importing is the slow part)."""
    from qbank.config import load_settings
    from qbank.domain.actor import SYSTEM
    from qbank.runtime import Runtime
    from tests import db_support

    tmp = tmp_path_factory.mktemp("relevance")
    if database_backend["kind"] == "postgresql":
        db_support.truncate_all(database_backend["engine"])
        settings = load_settings({"DATA_DIR": str(tmp), "DATABASE_URL": database_backend["url"], "SEARCH_BACKEND": "postgres"}, environ={})
        rt = Runtime(settings, engine=database_backend["engine"])
        rt.indexer.backend.clear()
    else:
        url = database_backend["template"].copy_to(tmp / "qbank.sqlite3")
        rt = Runtime(load_settings({"DATA_DIR": str(tmp), "DATABASE_URL": url}, environ={}))
    rt.enable_indexing()
    factories.department(rt, "Sở mẫu")
    ids: list[int] = []
    for paper in PAPERS:
        with rt.uow() as uow:
            ids += import_file(uow, SYSTEM, paper.name, paper.read_bytes(), department="Sở mẫu", approve=True,
                               visibility="consortium").created
    with rt.uow() as uow:
        texts = {qid: get_question(uow, SYSTEM, qid).question.plain_text() for qid in ids}
    yield rt, texts
    rt.after_commit.clear()
    rt.dispose()


def containing(texts: dict[int, str], phrase: str) -> set[int]:
    """The questions that contain the phrase (a few sample papers share a question)."""
    matches = {qid for qid, text in texts.items() if fold(phrase) in fold(text)}
    assert matches, f"no sample question contains {phrase!r}"
    return matches


@pytest.mark.parametrize("phrase", PHRASES[:-1])
@pytest.mark.parametrize("typed", ["as printed", "without diacritics"])
def test_a_distinctive_phrase_returns_its_question_first(bank, phrase: str, typed: str) -> None:  # noqa: ANN001
    rt, texts = bank
    from qbank.domain.actor import SYSTEM

    query = phrase if typed == "as printed" else fold(phrase)
    with rt.uow() as uow:
        page = search_questions(uow, SYSTEM, query)
    want = containing(texts, phrase)
    assert len(want) <= 2, f"{phrase!r} is not distinctive"
    assert set(page.ids[: len(want)]) == want, f"{query!r} ranked {page.ids[:5]}, expected {sorted(want)} first"


def test_a_common_phrase_finds_every_question_that_contains_it(bank) -> None:  # noqa: ANN001
    rt, texts = bank
    from qbank.domain.actor import SYSTEM

    want = {qid for qid, text in texts.items() if "do thi ham so" in fold(text)}
    with rt.uow() as uow:
        page = search_questions(uow, SYSTEM, '"do thi ham so"', per_page=100)
    assert set(page.ids) == want and page.total == len(want)
