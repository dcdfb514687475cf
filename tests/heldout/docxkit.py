"""Small toolkit for writing Word papers the way teachers type them.

python-docx for paragraphs, runs and tables; raw OOXML where python-docx has no API:
OMML equations (``m:oMath``), auto-numbering (``numbering.xml``), merged cells, borderless
tables, text boxes (``mc:AlternateContent`` with a ``wps:txbx`` and a VML fallback).

A paragraph is given as a list of *items*: ``str`` (a plain run), :class:`R` (a formatted run),
:class:`M` (a Word equation), :class:`Img` (an inline picture), :class:`TextBox`.
``plain(items)`` gives the text a careful teacher writes in the truth file: runs as typed,
each equation as ``$LaTeX$``, pictures as nothing.
"""

from __future__ import annotations

import datetime
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
NSDECL = (
    f'xmlns:w="{W_NS}" xmlns:m="{M_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)


FIXED_TIME = datetime.datetime(2024, 9, 5, 7, 30, 0)


def write_stable_zip(data: bytes, path) -> None:
    """Rewrite an OOXML package with fixed member timestamps (same content -> same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-09-05T07:30:00Z", body)
            dst.writestr(member, body)
    with open(path, "wb") as fh:
        fh.write(out.getvalue())


# ---------------------------------------------------------------- OMML builders
def mr(text: str) -> str:
    return f'<m:r><m:t xml:space="preserve">{escape(text)}</m:t></m:r>'


def mfrac(num: str, den: str) -> str:
    return f"<m:f><m:num>{num}</m:num><m:den>{den}</m:den></m:f>"


def msup(base: str, exp: str) -> str:
    return f"<m:sSup><m:e>{base}</m:e><m:sup>{exp}</m:sup></m:sSup>"


def msub(base: str, sub: str) -> str:
    return f"<m:sSub><m:e>{base}</m:e><m:sub>{sub}</m:sub></m:sSub>"


def msqrt(x: str) -> str:
    return f'<m:rad><m:radPr><m:degHide m:val="1"/></m:radPr><m:deg/><m:e>{x}</m:e></m:rad>'


def mroot(deg: str, x: str) -> str:
    return f"<m:rad><m:deg>{deg}</m:deg><m:e>{x}</m:e></m:rad>"


def mparen(x: str) -> str:
    return f"<m:d><m:e>{x}</m:e></m:d>"


def mint(lo: str, hi: str, body: str) -> str:
    return (f'<m:nary><m:naryPr><m:chr m:val="∫"/></m:naryPr><m:sub>{lo}</m:sub>'
            f"<m:sup>{hi}</m:sup><m:e>{body}</m:e></m:nary>")


# ---------------------------------------------------------------- inline items
@dataclass
class R:
    """A formatted run."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    red: bool = False
    color: str | None = None
    highlight: bool = False
    sub: bool = False
    sup: bool = False


@dataclass
class M:
    """A Word equation: OMML body and the LaTeX a teacher writes for it in the truth."""

    omml: str
    latex: str
    red: bool = False
    underline: bool = False


class Br:
    """A line break inside the paragraph (Shift+Enter), as pasted from the web or a PDF."""


@dataclass
class Img:
    w: int = 40
    h: int = 30
    cm: float = 3.0


@dataclass
class TextBox:
    """A floating text box (Word 2010+ form with its VML fallback) holding paragraphs."""

    paras: list = field(default_factory=list)


def plain(items) -> str:
    """The text a careful teacher writes: runs as typed, each equation as ``$LaTeX$``, superscripts and
    subscripts as LaTeX too (``$H_2O$``, ``$10^{18}$``, as the importer's plain text renders them)."""
    from qbank.domain.content import Break, Content, Math, Paragraph, Text
    from qbank.domain.render import to_text

    inlines = []
    for it in items:
        if isinstance(it, str):
            inlines.append(Text(it))
        elif isinstance(it, R):
            inlines.append(Text(it.text, vert="sub" if it.sub else "sup" if it.sup else None))
        elif isinstance(it, M):
            inlines.append(Math(it.latex))
        elif isinstance(it, TextBox):
            inlines.append(Text(" " + " ".join(plain(p) for p in it.paras) + " "))
        elif isinstance(it, Br):
            inlines.append(Break("line"))
    return re.sub(r"\s+", " ", to_text(Content([Paragraph(inlines)]))).strip()


def count_eq(items) -> int:
    return sum(1 for it in items if isinstance(it, M))


def count_img(items) -> int:
    return sum(1 for it in items if isinstance(it, Img))


def png_bytes(w: int = 40, h: int = 30, seed: int = 0) -> bytes:
    """A small valid RGB PNG (a few lines on white) without Pillow."""
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            on = (x + seed) % 7 == 0 or y == (x * h // max(w, 1)) or y == h // 2
            row += bytes((0, 0, 0) if on else (255, 255, 255))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------- document
class Paper:
    """A Word document being typed."""

    def __init__(self):
        self.doc = Document()
        st = self.doc.styles["Normal"]
        st.font.name = "Times New Roman"
        st.font.size = Pt(12)
        self._img_seed = 0
        self._box_id = 100
        self._num_ids = {}

    # -- runs
    def _add_items(self, par, items):
        for it in items:
            if isinstance(it, str):
                par.add_run(it)
            elif isinstance(it, R):
                run = par.add_run(it.text)
                f = run.font
                f.bold = it.bold or None
                f.italic = it.italic or None
                if it.underline:
                    f.underline = True
                if it.red:
                    f.color.rgb = RGBColor(0xFF, 0x00, 0x00)
                elif it.color:
                    f.color.rgb = RGBColor.from_string(it.color)
                if it.highlight:
                    f.highlight_color = WD_COLOR_INDEX.YELLOW
                if it.sub:
                    f.subscript = True
                if it.sup:
                    f.superscript = True
            elif isinstance(it, M):
                rpr = '<w:rPr><w:rFonts w:ascii="Cambria Math" w:hAnsi="Cambria Math"/>' + (
                    '<w:color w:val="FF0000"/>' if it.red else "") + (
                    '<w:u w:val="single"/>' if it.underline else "") + "</w:rPr>"
                body = re.sub(r"<m:r>", "<m:r>" + rpr, it.omml)
                par._p.append(parse_xml(f"<m:oMath {NSDECL}>{body}</m:oMath>"))
            elif isinstance(it, Img):
                self._img_seed += 1
                par.add_run().add_picture(io.BytesIO(png_bytes(it.w, it.h, self._img_seed)), width=Cm(it.cm))
            elif isinstance(it, TextBox):
                par._p.append(self._textbox_run(it))
            elif isinstance(it, Br):
                par.add_run().add_break()
            else:
                raise TypeError(it)
        return par

    def _textbox_run(self, box: TextBox):
        self._box_id += 1
        inner = "".join(
            "<w:p><w:r><w:t xml:space=\"preserve\">" + escape(plain(p)) + "</w:t></w:r></w:p>" for p in box.paras)
        xml = (
            f"<w:r {NSDECL}><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
            f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="{self._box_id}" '
            'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
            '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
            '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            '<wp:extent cx="5400000" cy="1200000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
            f'<wp:docPr id="{self._box_id}" name="Text Box {self._box_id}"/><wp:cNvGraphicFramePr/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f"<wps:wsp><wps:cNvSpPr txBox=\"1\"/><wps:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"5400000\" cy=\"1200000\"/></a:xfrm>"
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
            f"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
            "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
            '<mc:Fallback><w:pict><v:shape id="tb' + str(self._box_id) + '" type="#_x0000_t202" style="width:425pt;height:94pt">'
            f"<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>"
        )
        return parse_xml(xml)

    def p(self, *items, bold=False, center=False, italic=False, num=None):
        """A paragraph; a bare string item with bold=True is a bold run."""
        par = self.doc.add_paragraph()
        if center:
            par.alignment = 1
        items = [R(i, bold=bold, italic=italic) if isinstance(i, str) and (bold or italic) else i for i in items]
        if num is not None:
            self.set_num(par, *num)
        return self._add_items(par, items)

    # -- tables
    def table(self, rows, borders=True, merges=(), widths=None):
        """rows: list of lists of cell items (str or list of items or list of paragraphs [[...],[...]]).

        merges: ((r0, c0, r1, c1), ...) merged before text is written (first cell keeps text).
        """
        nrows, ncols = len(rows), max(len(r) for r in rows)
        t = self.doc.add_table(rows=nrows, cols=ncols)
        if borders:
            t.style = self.doc.styles["Table Grid"]
        else:
            tblPr = t._tbl.tblPr
            tblPr.append(parse_xml(
                f'<w:tblBorders {NSDECL}><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
                '<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'))
        cells = {}
        for r0, c0, r1, c1 in merges:
            cells[(r0, c0)] = t.cell(r0, c0).merge(t.cell(r1, c1))
        skip = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
                if (r, c) != (r0, c0)}
        for ri, row in enumerate(rows):
            for ci, val in enumerate(row):
                if (ri, ci) in skip or val is None:
                    continue
                cell = t.cell(ri, ci)
                paras = self._cell_paras(val)
                first = True
                for items in paras:
                    par = cell.paragraphs[0] if first else cell.add_paragraph()
                    first = False
                    self._add_items(par, items)
        if widths:
            for row in t.rows:
                for c, w in zip(row.cells, widths, strict=False):
                    c.width = Cm(w)
        return t

    @staticmethod
    def _cell_paras(val):
        if isinstance(val, str):
            return [[ln] for ln in val.split("\n")]
        if isinstance(val, (R, M, Img)):
            return [[val]]
        if val and isinstance(val[0], list):
            return val
        return [val]

    # -- numbering
    def numbering(self, abstract_id: int, levels: list[dict]) -> None:
        """Add an abstractNum; levels: dicts with fmt, text, start, bold, indent."""
        lv = []
        for i, L in enumerate(levels):
            rpr = "<w:rPr><w:b/></w:rPr>" if L.get("bold") else ""
            restart = f'<w:lvlRestart w:val="{L["restart"]}"/>' if "restart" in L else ""
            lv.append(
                f'<w:lvl w:ilvl="{i}"><w:start w:val="{L.get("start", 1)}"/><w:numFmt w:val="{L["fmt"]}"/>'
                f'{restart}<w:lvlText w:val="{escape(L["text"], {chr(34): "&quot;"})}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{L.get("indent", 0)}" w:hanging="0"/></w:pPr>{rpr}</w:lvl>')
        xml = (f'<w:abstractNum {NSDECL} w:abstractNumId="{abstract_id}">'
               f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(lv)}</w:abstractNum>')
        numbering = self.doc.part.numbering_part.element
        first_num = numbering.find(qn("w:num"))
        el = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(el)
        else:
            numbering.append(el)

    def num(self, num_id: int, abstract_id: int, restart_at: int | None = None) -> None:
        over = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart_at}"/></w:lvlOverride>'
                if restart_at is not None else "")
        self.doc.part.numbering_part.element.append(parse_xml(
            f'<w:num {NSDECL} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{over}</w:num>'))

    @staticmethod
    def set_num(par, num_id: int, ilvl: int = 0) -> None:
        pPr = par._p.get_or_add_pPr()
        pPr.append(parse_xml(f'<w:numPr {NSDECL}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))

    # -- header/footer
    def page_header(self, text: str) -> None:
        self.doc.sections[0].header.paragraphs[0].text = text

    def page_footer(self, text: str) -> None:
        self.doc.sections[0].footer.paragraphs[0].text = text

    def save(self, path) -> None:
        """Save with fixed timestamps so that regenerating gives the same bytes."""
        cp = self.doc.core_properties
        cp.created = cp.modified = FIXED_TIME
        cp.last_modified_by = cp.author = "QBank QA"
        cp.revision = 1
        buf = io.BytesIO()
        self.doc.save(buf)
        write_stable_zip(buf.getvalue(), path)


def write_papers(papers: list, out) -> None:  # noqa: ANN001 - generator callables, a Path
    """Write each generated paper (a Paper or an openpyxl workbook, byte-for-byte reproducible)
    and its truth file into ``out``."""
    import io as _io

    out.mkdir(parents=True, exist_ok=True)
    for make in papers:
        doc, truth, name = make(out)
        if isinstance(doc, Paper):
            doc.save(out / name)
        else:  # an openpyxl workbook
            doc.properties.created = doc.properties.modified = FIXED_TIME
            doc.properties.creator = doc.properties.lastModifiedBy = "QBank QA"
            buf = _io.BytesIO()
            doc.save(buf)
            write_stable_zip(buf.getvalue(), out / name)
        truth.write(out / (name + ".truth.json"))
        print(f"{name}: {len(truth.d['questions'])} questions")
