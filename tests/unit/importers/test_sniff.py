"""The import format comes from what a file holds: zip members, OLE2 streams, the XML root, the shape of a text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from importers.base import FORMATS, format_for, formats, read_file, sniff_format
from importers.sniff import ARCHIVE
from qbank.domain.errors import QBankError, UnsupportedFormat

PUBLIC = Path(__file__).resolve().parents[4] / "shared" / "fixtures" / "public"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(*members: str, mimetype: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        if mimetype is not None:
            zf.writestr("mimetype", mimetype)
        for name in members:
            zf.writestr(name, "<x/>")
    return buf.getvalue()


def _workbook() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["STT", "Câu hỏi", "A", "B", "Đáp án"])
    wb.active.append([1, "1 + 1 = ?", "2", "3", "A"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("members", "expected"), [
    (("[Content_Types].xml", "word/document.xml"), "docx"),
    (("[Content_Types].xml", "xl/workbook.xml"), "xlsx"),
    (("imsmanifest.xml", "items/q1.xml"), "qti"),
    (("de1.docx", "de2.xlsx", "mon_van/de3.docx"), ARCHIVE),
])
def test_a_zip_is_told_by_its_members(members: tuple[str, ...], expected: str) -> None:
    assert sniff_format(_zip(*members), "upload.zip") == expected


def test_a_zip_of_papers_is_an_archive_for_the_bulk_upload_and_refused_as_one_file() -> None:
    data = _zip("de1.docx", "de2.docx")
    assert sniff_format(data, "papers.zip") == ARCHIVE
    with pytest.raises(UnsupportedFormat, match="bulk upload"):
        format_for(data, "papers.zip")


def test_a_docx_that_really_holds_a_workbook_is_read_as_excel(tmp_path: Path) -> None:
    path = tmp_path / "ngan_hang.docx"
    path.write_bytes(_workbook())
    result = read_file(path)
    assert (result.format, len(result.questions)) == ("xlsx", 1)
    assert "read as Excel" in result.messages[0].text


def test_an_old_word_file_is_told_by_its_stream_and_an_old_excel_file_is_refused_whatever_its_name() -> None:
    word = OLE2 + b"\x00" * 100 + "WordDocument".encode("utf-16-le")
    excel = OLE2 + b"\x00" * 100 + "Workbook".encode("utf-16-le")
    assert sniff_format(word, "de_thi.docx") == "doc"
    with pytest.raises(UnsupportedFormat, match="save it as .xlsx"):
        sniff_format(excel, "ngan_hang.doc")


def test_an_opendocument_file_is_refused_with_what_to_do() -> None:
    with pytest.raises(UnsupportedFormat, match="save it as Word .docx"):
        sniff_format(_zip("content.xml", mimetype=b"application/vnd.oasis.opendocument.text"), "de.docx")


@pytest.mark.parametrize(("text", "expected"), [
    ('<?xml version="1.0"?>\n<!-- a bank -->\n<quiz><question type="essay"/></quiz>', "moodle_xml"),
    ('<?xml version="1.0"?><assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"/>', "qti"),
    ('<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"/>', "qti"),
    ("Which is a prime?\nA. 4\nB. 7\nANSWER: B\n", "aiken"),
    ("::Q1:: 1 + 1 = {=2 ~3}\n", "gift"),
])
def test_xml_and_text_are_told_by_their_content_whatever_the_extension(text: str, expected: str) -> None:
    assert sniff_format(text.encode("utf-8"), "cau_hoi.txt") == expected
    assert sniff_format(text.encode("utf-8"), "cau_hoi.xml") == expected


def test_qti_1_2_and_pdf_are_named_and_refused() -> None:
    with pytest.raises(UnsupportedFormat, match="QTI 1.2"):
        sniff_format(b"<?xml version='1.0'?><questestinterop/>", "old.xml")
    with pytest.raises(UnsupportedFormat, match="PDF"):
        sniff_format(b"%PDF-1.7\n...", "de_thi.docx")


def test_a_file_the_content_cannot_place_goes_by_its_name_so_its_reader_explains() -> None:
    assert sniff_format(b"\x00\x01garbage", "hong.docx") == "docx"
    with pytest.raises(UnsupportedFormat, match="'.pages'"):
        sniff_format(b"\x00\x01garbage", "de.pages")
    with pytest.raises(UnsupportedFormat, match="'.json'"):
        sniff_format(b'{"a": 1}', "config.json")  # a brace in a text is no reason to call it GIFT


def test_each_public_fixture_is_sniffed_as_its_format() -> None:
    expected = {
        "moodle/multichoice.xml": "moodle_xml", "moodle/questions.gift.txt": "gift", "moodle/questions.aiken.txt": "aiken",
        "qti/qti21__choice.xml": "qti", "qti/qti30__aqti_tmh_sample_1.xml": "qti", "qti/test_qti_2.2.zip": "qti",
        "xlsx/hungphuly__mau_import_cau_hoi.xlsx": "xlsx", "vi-docx/VNHSGE__Geo_40.docx": "docx",
        "legacy-doc/leducphat__Bang_B_2018.doc": "doc",
    }
    for rel, fmt in expected.items():
        assert sniff_format((PUBLIC / rel).read_bytes(), Path(rel).name) == fmt, rel


def test_the_registry_lists_each_format_with_its_extensions_and_question_types() -> None:
    listed = {f.name: f for f in formats()}
    assert set(listed) == set(FORMATS) == {"docx", "doc", "xlsx", "moodle_xml", "gift", "aiken", "qti"}
    assert listed["aiken"].types == ("mcq",) and ".txt" in listed["gift"].extensions
    assert all(f.label and f.extensions and f.types for f in listed.values())


def test_a_damaged_zip_named_docx_is_refused_by_the_word_reader() -> None:
    with pytest.raises(QBankError):
        read_file("hong.docx", _zip("random.txt"))
