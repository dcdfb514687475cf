"""A results sheet (.xlsx first sheet, or .csv) as rows of text cells, fast enough for 20,000 candidates.

openpyxl's read-only mode, or walking the cells with lxml from Python, cost 25–50 µs per cell here
(over 10 s for 20,000 × 52 cells); flattening the sheet to delimited text with one XSLT call
(libxslt, in C) and splitting strings in Python costs a fraction of that. The package is checked
first (zip bombs, macros, DOCTYPEs) and the XML parsed without entities or network.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile

from lxml import etree

from importers.safety import check_package, parse_xml, read_part
from qbank.domain.errors import RejectedFile, ValidationError

MAX_ROWS = 200_000
MAX_COLUMNS = 16_384  # Excel's own limit
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_COL = re.compile(r"^([A-Z]+)")

Rows = list[tuple[int, list[str]]]

# The sheet flattened to text by libxslt (C speed; Python then only splits strings). The
# separators are Unicode noncharacters: legal in XML, never in a real sheet, and a file that
# contains one is refused, so no cell value can fake a separator.
_ROW, _CELL, _FIELD = "\ufdd0", "\ufdd1", "\ufdd2"
# Per row: its number, the refs of its cells (only needed when a row has gaps), then each value
# marked by type (shared-string index, number, boolean; text as is).
_S, _N, _B = "\ufdd3", "\ufdd4", "\ufdd5"
_XSLT = b"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:m="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/">
    <xsl:for-each select="m:worksheet/m:sheetData/m:row">
      <xsl:value-of select="@r"/><xsl:text>&#xFDD2;</xsl:text>
      <xsl:for-each select="m:c"><xsl:value-of select="@r"/><xsl:text> </xsl:text></xsl:for-each>
      <xsl:for-each select="m:c">
        <xsl:text>&#xFDD1;</xsl:text>
        <xsl:choose>
          <xsl:when test="@t='s'"><xsl:text>&#xFDD3;</xsl:text><xsl:value-of select="m:v"/></xsl:when>
          <xsl:when test="@t='inlineStr'"><xsl:for-each select="m:is//m:t"><xsl:value-of select="."/></xsl:for-each></xsl:when>
          <xsl:when test="@t='str' or @t='e'"><xsl:value-of select="m:v"/></xsl:when>
          <xsl:when test="@t='b'"><xsl:text>&#xFDD5;</xsl:text><xsl:value-of select="m:v"/></xsl:when>
          <xsl:when test="m:v"><xsl:text>&#xFDD4;</xsl:text><xsl:value-of select="m:v"/></xsl:when>
        </xsl:choose>
      </xsl:for-each>
      <xsl:text>&#xFDD0;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>"""
_TRANSFORM: etree.XSLT | None = None


def _flatten() -> etree.XSLT:
    global _TRANSFORM
    if _TRANSFORM is None:
        _TRANSFORM = etree.XSLT(etree.XML(_XSLT), access_control=etree.XSLTAccessControl.DENY_ALL)
    return _TRANSFORM


def read_table(filename: str, data: bytes) -> Rows:
    """(row number, cells as text) of the first sheet of an .xlsx or of a .csv; empty rows dropped."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data, filename)
    if name.endswith((".csv", ".txt")):
        return read_csv(data)
    raise ValidationError("results must be an .xlsx or .csv file", where=filename)


def read_csv(data: bytes) -> Rows:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError("not UTF-8 text (byte %(start)s)", where="file", start=exc.start) from exc
    first_line = text[:4096].split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    rows: Rows = []
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if number > MAX_ROWS + 1:
            raise ValidationError("more than %(MAX_ROWS)s rows", where="file", MAX_ROWS=MAX_ROWS)
        cells = [c.strip() for c in cells]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append((number, cells))
    return rows


def _number_text(v: str) -> str:
    """A numeric cell as typed: 1011 → "1011", -47.5 → "-47.5", 12.0 → "12"."""
    try:
        f = float(v)
    except ValueError:
        return v
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return repr(f)


def _column(ref: str | None, default: int) -> int:
    m = _COL.match(ref or "")
    if not m:
        return default
    n = 0
    for ch in m.group(1):
        n = n * 26 + ord(ch) - 64
    return n - 1


def _place(values: list[str], refs: list[str], filename: str, number: int) -> list[str]:
    cells: list[str] = []
    for i, (v, ref) in enumerate(zip(values, refs, strict=False)):
        col = _column(ref, i if not cells else len(cells))
        if col >= MAX_COLUMNS:
            raise ValidationError("a cell beyond column %(MAX_COLUMNS)s", where=f"{filename} row {number}", MAX_COLUMNS=MAX_COLUMNS)
        if col >= len(cells):
            cells.extend([""] * (col - len(cells) + 1))
        cells[col] = v
    return cells


def _first_sheet(zf: zipfile.ZipFile, filename: str) -> str:
    wb = parse_xml(read_part(zf, "xl/workbook.xml", filename=filename), "xl/workbook.xml")
    sheet = wb.find(f"{_NS}sheets/{_NS}sheet")
    if sheet is None:
        raise ValidationError("the workbook has no sheet", where=filename)
    rels = parse_xml(read_part(zf, "xl/_rels/workbook.xml.rels", filename=filename), "workbook.xml.rels")
    rid = sheet.get(_REL)
    for rel in rels:
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    raise ValidationError("the first sheet's part is missing", where=filename)


def read_xlsx(data: bytes, filename: str = "results.xlsx") -> Rows:
    check_package(data, filename, "xlsx")  # zip bombs, macros, DOCTYPEs, external links: refused here
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise RejectedFile("%(filename)s: not a readable .xlsx file (%(exc)s)", filename=filename, exc=exc) from None
    with zf:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in zf.namelist():
            sst = parse_xml(read_part(zf, "xl/sharedStrings.xml", filename=filename), "sharedStrings.xml")
            shared = ["".join(t.text or "" for t in si.iter(f"{_NS}t")) for si in sst.iter(f"{_NS}si")]
        sheet = read_part(zf, _first_sheet(zf, filename), filename=filename)
    shared_text = "".join(shared)
    for sep in (_ROW, _CELL, _FIELD, _S, _N, _B):
        if sep.encode() in sheet or sep in shared_text:
            raise RejectedFile("%(filename)s: the sheet contains Unicode noncharacters (U+FDD0–U+FDD5)", filename=filename)
    try:
        text = str(_flatten()(parse_xml(sheet, "the sheet")))
    except etree.XSLTApplyError as exc:
        raise RejectedFile("%(filename)s: the sheet could not be read (%(exc)s)", filename=filename, exc=exc) from None
    rows: Rows = []

    def value(v: str) -> str:
        tag = v[:1]
        if tag == _S:
            i = v[1:]
            return shared[int(i)].strip() if i.isdigit() and int(i) < len(shared) else ""
        if tag == _N:
            return _number_text(v[1:])
        if tag == _B:
            return "1" if v[1:] == "1" else "0"
        return v.strip()

    by_tag = {f"{_S}{i}": t.strip() for i, t in enumerate(shared)}
    for line in text.split(_ROW)[:-1]:
        head, *vals = line.split(_CELL)
        number_text, _, refs_text = head.partition(_FIELD)
        number = int(number_text) if number_text.isdigit() else len(rows) + 1
        if number > MAX_ROWS + 1:
            raise ValidationError("more than %(MAX_ROWS)s rows", where=filename, MAX_ROWS=MAX_ROWS)
        # Shared strings through one dict lookup each (the common case); numbers and booleans,
        # rarer, through value() only in rows that have them.
        cells = [x if (x := by_tag.get(v)) is not None else v.strip() for v in vals]
        if _N in line or _B in line:
            cells = [value(v) if v[:1] in (_N, _B) else c for v, c in zip(vals, cells, strict=True)]
        refs = refs_text.split()
        if refs and (len(refs) != len(cells) or _column(refs[-1], len(cells) - 1) != len(cells) - 1):
            cells = _place(cells, refs, filename, number)  # a row with gaps: put each cell in its column
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append((number, cells))
    return rows
