"""Import service: one transaction, duplicates reported not stored, hostile files refused in isolation."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qbank.db.models import BlobRow, QuestionRow, QuestionSet
from qbank.domain.errors import PermissionDenied, QBankError
from qbank.services.imports import import_file, read_upload
from qbank.services.isolation import read_isolated
from qbank.services.questions import get_question
from tests import factories

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAPER = next((p for p in sorted(FIXTURES.rglob("toan12_tn_gachchan.docx"))), None)


@pytest.fixture
def dept(runtime):  # noqa: ANN001, ANN201
    factories.department(runtime, "Quảng Bình")
    return {"contributor": factories.user(runtime, "contrib", "contributor", "Quảng Bình"),
            "teacher": factories.user(runtime, "teacher", "teacher", "Quảng Bình")}


def counts(runtime) -> tuple[int, int, int]:  # noqa: ANN001
    with runtime.uow() as uow:
        s = uow.session
        return (s.scalar(select(func.count()).select_from(QuestionRow)), s.scalar(select(func.count()).select_from(QuestionSet)),
                s.scalar(select(func.count()).select_from(BlobRow)))


@pytest.mark.skipif(PAPER is None, reason="tests/fixtures has no toan12_tn_gachchan.docx")
def test_importing_stores_questions_file_and_report_in_one_set(runtime, dept) -> None:  # noqa: ANN001
    data = PAPER.read_bytes()
    with runtime.uow() as uow:
        summary = import_file(uow, dept["contributor"], PAPER.name, data)
    assert len(summary.created) == 25
    with runtime.uow() as uow:
        qset = uow.session.get(QuestionSet, summary.question_set_id)
        assert qset.report["questions"] == 25 and qset.filename == PAPER.name
        view = get_question(uow, dept["contributor"], summary.created[0])
        assert view.question.answer == "B" and view.status == "draft"


@pytest.mark.skipif(PAPER is None, reason="tests/fixtures has no toan12_tn_gachchan.docx")
def test_importing_the_same_file_twice_reports_existing_ids_and_stores_no_copy(runtime, dept) -> None:  # noqa: ANN001
    data = PAPER.read_bytes()
    with runtime.uow() as uow:
        first = import_file(uow, dept["contributor"], PAPER.name, data)
    before = counts(runtime)[0]
    with runtime.uow() as uow:
        second = import_file(uow, dept["contributor"], PAPER.name, data)
    assert second.created == []
    assert [d.existing_id for d in second.duplicates] == first.created
    assert counts(runtime)[0] == before


def test_teachers_cannot_import(runtime, dept) -> None:  # noqa: ANN001
    with runtime.uow() as uow, pytest.raises(PermissionDenied):
        import_file(uow, dept["teacher"], "x.docx", b"")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.doc: the .doc file is damaged"),
        ("fake.docx", b"%PDF-1.7 not a word file", "docx"),
        ("cut.docx", b"PK\x03\x04" + b"\0" * 40, "damaged"),
    ],
)
def test_a_bad_file_is_refused_with_one_line_and_nothing_is_written(runtime, dept, name, data, message) -> None:  # noqa: ANN001
    before = counts(runtime)
    with runtime.uow() as uow, pytest.raises(QBankError) as err:
        import_file(uow, dept["contributor"], name, data)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert counts(runtime) == before


def test_a_parse_that_runs_too_long_is_stopped(tmp_path) -> None:  # noqa: ANN001
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(QBankError, match="took longer than"):
        read_isolated("slow.docx", PAPER.read_bytes() if PAPER else buf.getvalue(), timeout_s=0.001)


def test_reading_in_isolation_gives_the_same_result_as_in_process() -> None:
    if PAPER is None:
        pytest.skip("tests/fixtures has no toan12_tn_gachchan.docx")
    data = PAPER.read_bytes()
    a = read_upload(PAPER.name, data, isolated=True)
    b = read_upload(PAPER.name, data, isolated=False)
    assert a.to_json() == b.to_json()


@pytest.mark.skipif(PAPER is None, reason="tests/fixtures has no toan12_tn_gachchan.docx")
def test_an_import_computes_each_questions_fingerprint_and_sketch_once_and_stores_that_sketch(runtime, dept, monkeypatch) -> None:  # noqa: ANN001
    from qbank.db.models import QuestionBand, QuestionSignature
    from qbank.domain.question import Question
    from search_index import minhash

    calls = {"fingerprint": 0, "text": 0}
    fingerprint, question_text = Question.fingerprint, minhash.question_text

    def counted_fingerprint(self: Question) -> str:
        calls["fingerprint"] += 1
        return fingerprint(self)

    def counted_text(q: Question) -> str:
        calls["text"] += 1
        return question_text(q)

    monkeypatch.setattr(Question, "fingerprint", counted_fingerprint)
    monkeypatch.setattr(minhash, "question_text", counted_text)
    with runtime.uow() as uow:
        summary = import_file(uow, dept["contributor"], PAPER.name, PAPER.read_bytes())
    assert len(summary.created) == 25 and calls == {"fingerprint": 25, "text": 25}
    with runtime.uow() as uow:
        qid = summary.created[3]
        q = get_question(uow, dept["contributor"], qid).question
        sk = minhash.sketch(question_text(q))
        bands = uow.session.execute(select(QuestionBand.band, QuestionBand.hash).where(QuestionBand.question_id == qid).order_by(QuestionBand.band)).all()
        sig = uow.session.execute(select(QuestionSignature.signature, QuestionSignature.normalised).where(QuestionSignature.question_id == qid)).one()
    assert [h for _, h in bands] == list(sk.bands) and (bytes(sig[0]), sig[1]) == (sk.signature, sk.normalised)
