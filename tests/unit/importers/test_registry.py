"""The importer registry picks by extension or format name and explains every refusal."""

from __future__ import annotations

import pytest

from importers.base import ImportResult, get_importer, read_file, register
from importers.xlsx.importer import XlsxImporter
from qbank.domain.errors import UnsupportedFormat


def test_an_xlsx_file_name_in_any_case_gets_the_excel_importer() -> None:
    assert isinstance(get_importer("Ngân hàng TOÁN 12.XLSX"), XlsxImporter)


def test_a_format_name_works_as_well_as_a_file_name() -> None:
    assert isinstance(get_importer("xlsx"), XlsxImporter)


def test_an_unknown_extension_is_unsupported_and_the_message_lists_what_is_accepted() -> None:
    with pytest.raises(UnsupportedFormat) as exc:
        get_importer("de_thi.pages")
    assert "'.pages'" in str(exc.value)
    assert ".docx" in str(exc.value) and ".xlsx" in str(exc.value)


def test_a_name_without_extension_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat, match="no file extension"):
        get_importer("README")


def test_an_old_doc_file_goes_to_the_converting_importer() -> None:
    from importers.doc.importer import DocImporter

    assert isinstance(get_importer("de_thi_hsg.DOC"), DocImporter)


@pytest.mark.parametrize(
    ("name", "advice"),
    [
        ("nganhang.xls", "save it as .xlsx"),
        ("nganhang.xlsm", "without macros"),
        ("de.docm", "without macros"),
        ("de.pdf", "upload the Word (.docx) file"),
    ],
)
def test_other_near_misses_say_what_to_do(name: str, advice: str) -> None:
    with pytest.raises(UnsupportedFormat) as exc:
        get_importer(name)
    assert advice in str(exc.value) and str(exc.value).startswith(name)


def test_a_registered_importer_is_found_by_its_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    from importers import base

    monkeypatch.setattr(base, "_REGISTRY", dict(base._REGISTRY))
    monkeypatch.setattr(base, "_EXTENSIONS", dict(base._EXTENSIONS))
    register("xlsx-copy", "importers.xlsx.importer:XlsxImporter", (".XLSQ",))
    assert isinstance(get_importer("bank.xlsq"), XlsxImporter)


def test_read_file_picks_the_importer_by_the_file_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    path = tmp_path / "bank.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["STT", "Câu hỏi", "A", "B", "Đáp án"])
    wb.active.append([1, "1 + 1 = ?", "2", "3", "A"])
    wb.save(path)
    result = read_file(path)
    assert isinstance(result, ImportResult)
    assert (result.source, result.format, len(result.questions)) == ("bank.xlsx", "xlsx", 1)
