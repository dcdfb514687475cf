"""Excel question banks: one question per row under a recognisable header, on any sheet."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from importers.base import ImportResult
from importers.safety import check_package
from importers.xlsx_headers import Header, find_header
from importers.xlsx_images import sheet_pictures
from importers.xlsx_meta import fill_from_questions, read_cover, read_title_rows, sheet_defaults
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
        headers = [(sheet, find_header(sheet.values)) for sheet in sheets]
        # What the workbook says about itself first (a cover sheet may come before the banks);
        # what an earlier sheet stated wins.
        own_meta: dict[str, dict] = {}
        for sheet, header in headers:
            own = own_meta.setdefault(sheet.name, {})
            if header is None:
                read_cover(sheet, own)
            else:
                read_title_rows(sheet, header.top, own)
            for key, value in own.items():
                result.meta.setdefault(key, value)
        found_header = False
        for sheet, header in headers:
            if header is None:
                if any(any(v not in (None, "") for v in row) for row in sheet.values):
                    result.info(sheet.label, "no question table header on this sheet; sheet skipped")
                continue
            found_header = True
            sheet.pictures = pictures.get(sheet.name, [])
            _report_ignored_columns(sheet, header, result)
            before = len(result.questions)
            # a sheet's own title, then its name, then the workbook's title; the rows' columns win over all
            defaults = dict(result.meta) | sheet_defaults(sheet.name) | own_meta[sheet.name]
            SheetReader(sheet, header, result, defaults).read()
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
