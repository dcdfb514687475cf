"""Excel question banks: one question per row under a recognisable header, on any sheet."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from importers.base import ImportResult
from importers.pictures import limit_pictures
from importers.safety import check_package
from importers.xlsx.headers import HEADER_SCAN, Header, find_header
from importers.xlsx.images import sheet_pictures
from importers.xlsx.meta import fill_from_questions, read_cover, read_title_rows, sheet_defaults
from importers.xlsx.rows import SheetReader
from importers.xlsx.sheet import Sheet, hidden_under_merges, load_sheets, reveal
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
        headers = [(sheet, _find_header(sheet, data, result)) for sheet in sheets]
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
        limit_pictures(result)  # no picture above the pixel limit goes further (web, Word, PDF)
        return result


def _find_header(sheet: Sheet, data: bytes, result: ImportResult) -> Header | None:
    """The sheet's header row; also one hidden under a merged title block (a header a program wrote
    into rows it had merged: the file holds it, Excel shows only the block's first cell)."""
    header = find_header(sheet.values)
    covered = sorted({r for r, _ in sheet.merged_top if r < HEADER_SCAN})
    if not covered or (header is not None and header.top < covered[0]):
        return header
    hidden = hidden_under_merges(data, sheet, covered[-1])
    if not hidden:
        return header
    rows = [list(row) for row in sheet.values[:HEADER_SCAN]]
    for (r, c), value in hidden.items():
        rows[r].extend([None] * (c + 1 - len(rows[r])))
        rows[r][c] = value
    found = find_header(rows)
    if found is None or (header is not None and found.top >= header.top):
        return header
    cells = {(r, c): v for (r, c), v in hidden.items() if found.top <= r <= found.row}
    if not cells:
        return header
    reveal(sheet, cells)
    result.warn(
        sheet.ref(found.top, found.columns["stem"]),
        "the header row lies under merged cells, so Excel does not show it; it was read all the same",
    )
    return find_header(sheet.values) or found


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
