"""A bulk upload is unpacked into files to import and files skipped with the reason; a QTI package stays one file."""

from __future__ import annotations

import io
import zipfile

import pytest

from qbank.domain.errors import QBankError, RejectedFile
from qbank.services.archive import entries_from_folder, entries_from_zip, is_bulk_upload

CAPS = {"max_files": 50, "max_bytes": 10 * 2**20}


def zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_files_that_are_not_question_sets_are_skipped_with_the_reason() -> None:
    data = zip_of({"Toan/de.docx": b"PK...", "Toan/~$de.docx": b"x", "Toan/hinh.jpg": b"x", "__MACOSX/Toan/._de.docx": b"x",
                   "Toan/de.pdf": b"%PDF", "Toan/ghi chu.odt": b"x", "Toan/rong.xlsx": b"", "Toan/.DS_Store": b"x",
                   "Toan/khac.zip": zip_of({"a.docx": b"x"})})
    entries = {e.path: e.reason() for e in entries_from_zip(data, "kho.zip", **CAPS)}
    assert entries["Toan/de.docx"] is None
    assert "lock file" in entries["Toan/~$de.docx"]
    assert "picture" in entries["Toan/hinh.jpg"]
    assert "macOS" in entries["__MACOSX/Toan/._de.docx"]
    assert "PDF files cannot be imported" in entries["Toan/de.pdf"]
    assert "OpenDocument" in entries["Toan/ghi chu.odt"]
    assert "empty" in entries["Toan/rong.xlsx"]
    assert "system file" in entries["Toan/.DS_Store"]
    assert "archive inside the archive" in entries["Toan/khac.zip"]


def test_a_zip_with_an_ims_manifest_is_a_qti_package_not_an_archive() -> None:
    assert not is_bulk_upload("goi.zip", zip_of({"imsmanifest.xml": b"<manifest/>", "q.xml": b"<x/>"}))
    assert is_bulk_upload("kho.zip", zip_of({"Toan/de.docx": b"x"}))
    assert not is_bulk_upload("de.docx", b"PK")


def test_an_archive_over_the_file_count_is_refused_before_anything_is_read() -> None:
    data = zip_of({f"de{i}.docx": b"x" for i in range(6)})
    with pytest.raises(RejectedFile, match="6 files, more than the 5"):
        entries_from_zip(data, "kho.zip", max_files=5, max_bytes=2**20)


def test_an_archive_over_the_size_cap_is_refused() -> None:
    data = zip_of({"de.docx": b"x" * 300_000})
    with pytest.raises(QBankError, match="more than"):
        entries_from_zip(data, "kho.zip", max_files=5, max_bytes=200_000)


def test_a_folder_is_read_with_its_nested_folders(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "HSG" / "Lop 12").mkdir(parents=True)
    (tmp_path / "HSG" / "Lop 12" / "de.docx").write_bytes(b"PK")
    (tmp_path / "HSG" / "anh.png").write_bytes(b"x")
    entries = entries_from_folder(tmp_path, **CAPS)
    assert [(e.path, e.skip is None) for e in entries] == [("HSG/Lop 12/de.docx", True), ("HSG/anh.png", False)]
    assert entries[0].suggested == {"grade": 12, "exam": "HSG"}
