"""Word 97-2003 (.doc) uploads: vetted, converted by the warm LibreOffice, then read as .docx."""

from __future__ import annotations

from pathlib import Path

import olefile
import pytest

from importers import get_importer
from importers.doc.importer import check_word97
from officeconv import shared_converter, soffice_path, uno_python
from qbank.domain.errors import RejectedFile
from tests.unit.importers.docx_builder import build, p, r

REPO = Path(__file__).resolve().parents[3]
needs_office = pytest.mark.skipif(
    soffice_path() is None or uno_python() is None,
    reason="needs LibreOffice and its Python bridge (apt-get install libreoffice-writer-nogui python3-uno; .ci/run does)",
)


def _legacy_dir() -> Path:
    # ../shared beside the checkout (a git worktree sits one level deeper)
    for parent in REPO.parents:
        cand = parent / "shared" / "fixtures" / "public" / "legacy-doc"
        if cand.is_dir():
            return cand
    pytest.skip("../shared/fixtures/public/legacy-doc is absent (public fixtures are not part of the repository)")


@pytest.fixture(scope="module")
def word97(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real Word 97 binary file, written by LibreOffice from a small paper built here."""
    if soffice_path() is None or uno_python() is None:
        pytest.skip("needs LibreOffice and python3-uno to write a .doc")
    tmp = tmp_path_factory.mktemp("doc")
    src = tmp / "de.docx"
    src.write_bytes(
        build(
            p(r("Bài 1 (2,0 điểm). ", b=True), "Giải phương trình bậc hai."),
            p("a) Tính biệt thức (1,0 điểm)."),
            p("b) Tìm nghiệm (1,0 điểm)."),
            p(r("Bài 2 (3,0 điểm). ", b=True), "Chứng minh bất đẳng thức Cô-si."),
        )
    )
    return shared_converter().convert_file(src, tmp / "de.doc", "MS Word 97")


@needs_office
@pytest.mark.parametrize(
    ("name", "points"),
    [("leducphat__Bang_B_2018.doc", [20.0, 20.0, 30.0, 30.0]), ("leducphat__DE_CHINH_THUC_Bang_B_2020.doc", [7.0, 6.0, 6.0])],
)
def test_the_public_doc_papers_import_directly_with_every_bai_and_its_points(name: str, points: list[float]) -> None:
    path = _legacy_dir() / name
    result = get_importer(path.name).read(path.read_bytes(), path.name)
    assert [q.number for q in result.questions] == list(range(1, len(points) + 1))
    assert [q.points for q in result.questions] == points
    assert result.messages[0].text.startswith("converted from Word 97-2003 (.doc) to .docx with LibreOffice")


@needs_office
def test_a_doc_reads_like_the_docx_it_was_made_from(word97: Path) -> None:
    assert word97.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    result = get_importer("de.doc").read(word97.read_bytes(), "de.doc")
    assert [(q.number, q.points) for q in result.questions] == [(1, 2.0), (2, 3.0)]
    assert [(s.label, s.points) for s in result.questions[0].subparts] == [("a", 1.0), ("b", 1.0)]
    assert result.source == "de.doc"


@needs_office
def test_the_upload_service_converts_then_parses_in_the_limited_child(word97: Path) -> None:
    from qbank.services.imports import read_upload

    result = read_upload("de.doc", word97.read_bytes(), isolated=True)
    assert [q.number for q in result.questions] == [1, 2]
    assert "converted from Word 97-2003" in result.messages[0].text


def _with_fib_flags(doc: Path, tmp_path: Path, bits: int) -> bytes:
    copy = tmp_path / "locked.doc"
    copy.write_bytes(doc.read_bytes())
    with olefile.OleFileIO(str(copy), write_mode=True) as ole:
        stream = bytearray(ole.openstream("WordDocument").read())
        stream[0x0A] |= bits & 0xFF
        stream[0x0B] |= bits >> 8
        ole.write_stream("WordDocument", bytes(stream))
    return copy.read_bytes()


def test_an_encrypted_doc_is_refused_in_one_line(word97: Path, tmp_path: Path) -> None:
    data = _with_fib_flags(word97, tmp_path, 0x0100)  # FIB fEncrypted
    with pytest.raises(RejectedFile) as exc:
        get_importer("khoa.doc").read(data, "khoa.doc")
    assert str(exc.value) == "khoa.doc: the file is password-protected: remove the password in Word and upload it again"


def test_an_ole_file_without_a_word_document_stream_is_refused(word97: Path) -> None:
    # Same container, the Word stream renamed: what an OLE file of some other program looks like.
    data = word97.read_bytes().replace("WordDocument".encode("utf-16-le"), "WordDocumenX".encode("utf-16-le"))
    with pytest.raises(RejectedFile, match=r"^x\.doc: this OLE file is not a Word document \(it has no WordDocument stream\)$"):
        check_word97(data, "x.doc")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"hello", r"this is not a Word 97-2003 \.doc file \(no OLE2 header\)"),
        (build(p("Câu 1. x")), r"this is a \.docx/\.xlsx package renamed to \.doc"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, r"the \.doc file is damaged"),
    ],
)
def test_what_is_not_a_word_binary_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(RejectedFile, match=rf"^f\.doc: {reason}"):
        check_word97(data, "f.doc")


def test_without_libreoffice_the_message_says_what_to_install(word97: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.delenv("QBANK_LIBREOFFICE", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RejectedFile, match=r"needs LibreOffice on the server: apt-get install libreoffice-writer-nogui python3-uno"):
        get_importer("de.doc").read(word97.read_bytes(), "de.doc")


@needs_office
def test_a_doc_typed_in_tcvn3_fonts_reads_as_unicode() -> None:
    from qbank.domain.render import to_text
    from tests.unit.importers.test_legacy_fonts import docx, para, run

    made = docx(
        para(run("§Ò thi chän häc sinh giái", ".VnTimeH")),
        para(run("C©u 1. Cho hµm sè bËc ba cã ®å thÞ nh\xad h×nh vÏ.", ".VnTime")),
        fonts=(".VnTime", ".VnTimeH"),
    )
    doc = shared_converter().convert_bytes(made, ".docx", "MS Word 97", ".doc")
    result = get_importer("cu.doc").read(doc, "cu.doc")
    assert [to_text(q.stem) for q in result.questions] == ["Cho hàm số bậc ba có đồ thị như hình vẽ."]
    assert "text in TCVN3 (.VnTime, .VnTimeH) was converted to Unicode" in [m.text for m in result.messages]
