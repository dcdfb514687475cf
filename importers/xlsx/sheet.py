"""Load a vetted workbook into plain sheet grids: values, number formats, merges, fonts, lost formulas."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from importers.base import ImportResult
from importers.xlsx.images import Picture
from importers.xlsx.values import cell_content, display
from qbank.domain.content import Content
from qbank.domain.errors import RejectedFile

MAX_ROWS = 20_000  # a bank sheet beyond this is almost certainly formatting run wild
MAX_COLS = 64
_FORMULA = re.compile(rb"<f[ >/]")


@dataclass
class Sheet:
    """One worksheet as a dense grid of what matters (0-based rows and columns)."""

    name: str
    values: list[list[Any]]
    formats: list[list[str]]
    ws: Worksheet | None = None  # for fonts, looked up only when needed
    merged_top: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # cell -> its merge's top-left
    formulas: set[tuple[int, int]] = field(default_factory=set)  # formulas whose result was never saved
    pictures: list[Picture] = field(default_factory=list)

    @property
    def label(self) -> str:
        return quote_sheet(self.name)

    def ref(self, row: int, col: int) -> str:
        return f"{self.label}!{get_column_letter(col + 1)}{row + 1}"

    def raw(self, row: int, col: int | None, fill: bool = False) -> Any:
        """The cell's value; with ``fill``, a cell inside a merged range reads the range's value."""
        if col is None or row >= len(self.values) or col >= len(self.values[row]):
            return None
        if fill and (row, col) in self.merged_top:
            row, col = self.merged_top[(row, col)]
        return self.values[row][col]

    def text(self, row: int, col: int | None, fill: bool = False) -> str:
        if col is None or row >= len(self.values) or col >= len(self.values[row]):
            return ""
        if fill and (row, col) in self.merged_top:
            row, col = self.merged_top[(row, col)]
        return display(self.values[row][col], self.formats[row][col])

    def content(self, row: int, col: int) -> Content:
        return cell_content(self.values[row][col], self.formats[row][col])

    def continues_merge(self, row: int, col: int | None) -> bool:
        """True when the cell is a lower part of a range merged down from an earlier row."""
        top = self.merged_top.get((row, col)) if col is not None else None
        return top is not None and top[0] < row

    def marked(self, row: int, col: int) -> bool:
        """Bold, underlined or coloured (not black) text: how some teachers mark the right option."""
        if self.ws is None:
            return False
        cell = self.ws._cells.get((row + 1, col + 1))  # noqa: SLF001 - avoid creating cells
        font = getattr(cell, "font", None)
        if font is None:
            return False
        rgb = getattr(font.color, "rgb", None) if font.color is not None else None
        coloured = isinstance(rgb, str) and rgb[-6:] not in ("000000", "FFFFFF")
        return bool(font.b) or bool(font.u and font.u != "none") or coloured

    def fill_colour(self, row: int, col: int) -> str | None:
        """The colour a cell is shaded with (Home > Fill Color), None when unfilled or white:
        another way teachers mark the right option."""
        if self.ws is None:
            return None
        cell = self.ws._cells.get((row + 1, col + 1))  # noqa: SLF001 - avoid creating cells
        fill = getattr(cell, "fill", None)
        if fill is None or getattr(fill, "fill_type", None) in (None, "none"):
            return None
        color = fill.fgColor if fill.fill_type == "solid" else (fill.fgColor or fill.bgColor)
        kind = getattr(color, "type", None)
        if kind == "rgb":
            rgb = color.rgb if isinstance(color.rgb, str) else ""
            return None if not rgb or rgb[-6:] == "FFFFFF" or rgb == "00000000" else rgb[-6:].upper()
        if kind == "theme":
            # theme colour 0 is the sheet's white background
            return None if color.theme == 0 and not color.tint else f"theme{color.theme}:{color.tint or 0:g}"
        if kind == "indexed":
            return None if color.indexed in (9, 64) else f"indexed{color.indexed}"  # white, the system background
        return None


def quote_sheet(name: str) -> str:
    """Excel's own reference form: 'Ngân hàng'!B5 needs quotes, Sheet1!B5 does not."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name):
        return name
    return "'" + name.replace("'", "''") + "'"


def load_sheets(data: bytes, filename: str, result: ImportResult) -> list[Sheet]:
    """Visible sheets of the workbook; ``RejectedFile`` when openpyxl cannot read it at all."""
    # Full (not read-only) mode: merged ranges and fonts are needed, and on a 5,000-row bank
    # it costs about the same (0.87 s vs 0.77 s measured here).
    try:
        book = _open(data, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a malformed workbook
        raise RejectedFile("%(filename)s: Excel cannot read this workbook (%(__name__)s: %(exc)s)", filename=filename, __name__=type(exc).__name__, exc=exc) from None
    formulas = _formulas_without_values(data, book)
    sheets: list[Sheet] = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            result.info(quote_sheet(ws.title), "hidden sheet skipped")
            continue
        sheets.append(_grid(ws, formulas.get(ws.title, set()), result))
    return sheets


def hidden_under_merges(data: bytes, sheet: Sheet, last_row: int) -> dict[tuple[int, int], Any]:
    """Values the file holds in cells covered by a merged range, up to ``last_row`` (0-based).

    Excel empties those cells when a user merges them, but a workbook written by a program may keep
    text there (a header row written under a merged title block): Excel shows only the range's first
    cell, and openpyxl drops the rest. Read the sheet again, streamed, to find them.
    """
    covered = {(r, c) for (r, c) in sheet.merged_top if r <= last_row}
    if not covered:
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    try:
        ws = book[sheet.name]
        out: dict[tuple[int, int], Any] = {}
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=last_row + 1, max_col=MAX_COLS, values_only=True)):
            for c, value in enumerate(row):
                if value is not None and (r, c) in covered and str(value).strip():
                    out[(r, c)] = value
        return out
    finally:
        book.close()


def reveal(sheet: Sheet, cells: dict[tuple[int, int], Any]) -> None:
    """Put values found under merged ranges into the grid (widening it if they lie beyond it)."""
    width = max([len(sheet.values[0]) if sheet.values else 0, *(c + 1 for _, c in cells)])
    for r in range(len(sheet.values)):
        missing = width - len(sheet.values[r])
        sheet.values[r].extend([None] * missing)
        sheet.formats[r].extend(["General"] * missing)
    for (r, c), value in cells.items():
        if r < len(sheet.values):
            sheet.values[r][c] = value


def _open(data: bytes, data_only: bool) -> Workbook:
    with warnings.catch_warnings():
        # openpyxl warns about features it drops (data validation, conditional formats)
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only, keep_links=False, rich_text=True)


def _grid(ws: Worksheet, formulas: set[tuple[int, int]], result: ImportResult) -> Sheet:
    # Built from the cells the file holds: iter_rows would create every cell of a sheet whose
    # one stray formatted cell sits at row 20,000 / column 60.
    cells = ws._cells  # noqa: SLF001
    used = [(r, c) for (r, c), cell in cells.items() if cell.value is not None and r <= MAX_ROWS and c <= MAX_COLS]
    if any(r > MAX_ROWS for r, _ in cells):
        result.warn(quote_sheet(ws.title), f"only the first {MAX_ROWS} rows were read")
    n_rows = max((r for r, _ in used), default=0)
    n_cols = max((c for _, c in used), default=0)
    values: list[list[Any]] = [[None] * n_cols for _ in range(n_rows)]
    formats: list[list[str]] = [["General"] * n_cols for _ in range(n_rows)]
    for r, c in used:
        cell = cells[(r, c)]
        values[r - 1][c - 1] = cell.value
        formats[r - 1][c - 1] = cell.number_format
    merged_top: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in ws.merged_cells.ranges:
        top, left = rng.min_row - 1, rng.min_col - 1
        for r in range(top, min(rng.max_row, n_rows)):
            for c in range(left, min(rng.max_col, n_cols)):
                if (r, c) != (top, left):
                    merged_top[(r, c)] = (top, left)
    return Sheet(ws.title, values, formats, ws, merged_top, formulas)


def _formulas_without_values(data: bytes, book: Workbook) -> dict[str, set[tuple[int, int]]]:
    """Cells whose formula Excel never calculated (files written by scripts): their value is lost."""
    # Cheap check first: only workbooks with formulas pay for a second, formula-preserving load.
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        if not any(_FORMULA.search(zf.read(n)) for n in names):
            return {}
    formulas = _open(data, data_only=False)
    out: dict[str, set[tuple[int, int]]] = {}
    for ws in formulas.worksheets:
        cached = book[ws.title]._cells  # noqa: SLF001
        for (r, c), cell in ws._cells.items():  # noqa: SLF001
            if cell.data_type == "f" and getattr(cached.get((r, c)), "value", None) is None:
                out.setdefault(ws.title, set()).add((r - 1, c - 1))
    return out
