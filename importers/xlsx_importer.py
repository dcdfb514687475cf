"""Excel question banks: one question per row under a recognisable header, on any sheet."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from importers.base import ImportResult
from importers.safety import check_package
from importers.xlsx_headers import Header, find_header
from importers.xlsx_images import sheet_pictures
from importers.xlsx_meta import fill_from_questions, read_title_rows
from importers.xlsx_rows import SheetReader
from importers.xlsx_sheet import Sheet, load_sheets
from qbank.domain.errors import RejectedFile
from qbank.domain.text import clean

HEADER_EXPECTED = "STT | Câu hỏi | A | B | C | D | Đáp án"


class XlsxImporter:
    """Reads .xlsx question banks (TT | Câu hỏi | A..D | Đáp án | Chủ đề | Mức độ ...)."""

    format = "xlsx"
    extensions = (".xlsx",)

    def read(self, data: bytes, filename: str) -> ImportResult:
        check_package(data, filename, "xlsx")
        result = ImportResult(source=filename, format=self.format)
        sheets = load_sheets(data, filename, result)
        try:
            pictures = sheet_pictures(data)
        except RejectedFile as exc:
            pictures = {}
            result.warn("workbook", f"the pictures could not be read ({exc}); questions imported without them")
        found_header = False
        for sheet in sheets:
            header = find_header(sheet.values)
            if header is None:
                if any(any(v not in (None, "") for v in row) for row in sheet.values):
                    result.info(sheet.label, "no question table header on this sheet; sheet skipped")
                continue
            found_header = True
            sheet.pictures = pictures.get(sheet.name, [])
            read_title_rows(sheet, header.row, result.meta)
            _report_ignored_columns(sheet, header, result)
            before = len(result.questions)
            SheetReader(sheet, header, result).read()
            if len(result.questions) == before:
                result.warn(sheet.label, "the sheet has a question table but no question rows")
        if not found_header:
            result.error("workbook", "no sheet has a question table: expected a header row such as " + HEADER_EXPECTED)
        fill_from_questions(result)
        return result


def _report_ignored_columns(sheet: Sheet, header: Header, result: ImportResult) -> None:
    """Name the columns left out, so a clerk can see nothing was silently lost."""
    used = set(header.columns.values())
    names = sheet.values[header.row]
    ignored = [
        f"{get_column_letter(c + 1)} ({clean(str(v))})"
        for c, v in enumerate(names)
        if c not in used and v is not None and clean(str(v))
    ]
    if ignored:
        result.info(sheet.label, "columns not imported: " + ", ".join(ignored))
