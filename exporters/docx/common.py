"""Shared Word writing: A4 page, Times font, rich content (OMML, MathType, pictures, tables), fields."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from copy import deepcopy

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from exporters.latex_omml import latex_to_omml
from qbank.domain.content import Break, Content, Image, Inline, Math, Ole, Paragraph, Table, Text

M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT = "Times New Roman"  # LibreOffice substitutes the metric-compatible Liberation Serif
FONT_SIZE = Pt(12)
PAGE_W, PAGE_H = Cm(21.0), Cm(29.7)
MARGIN = Cm(2.0)
TEXT_WIDTH_CM = 21.0 - 2 * 2.0

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT, "both": WD_ALIGN_PARAGRAPH.JUSTIFY}
_MIME_EXT = {
    "image/png": "png",
    "image/jpeg": "jpeg",
    "image/gif": "gif",
    "image/bmp": "bmp",
    "image/tiff": "tiff",
    "image/x-wmf": "wmf",
    "image/wmf": "wmf",
    "image/x-emf": "emf",
    "image/emf": "emf",
}

_TEMPLATE: bytes | None = None
_SHAPETYPE = (
    f'<v:shapetype xmlns:v="{V_NS}" xmlns:o="{O_NS}" id="_x0000_t75" coordsize="21600,21600" o:spt="75" '
    'o:preferrelative="t" path="m@4@5l@4@11@9@11@9@5xe" filled="f" stroked="f">'
    '<v:stroke joinstyle="miter"/><v:formulas>'
    # The path above refers to these formulas (@4, @5…): Word's own picture-frame definition.
    + "".join(
        f'<v:f eqn="{e}"/>'
        for e in (
            "if lineDrawn pixelLineWidth 0", "sum @0 1 0", "sum 0 0 @1", "prod @2 1 2", "prod @3 21600 pixelWidth",
            "prod @3 21600 pixelHeight", "sum @0 0 1", "prod @6 1 2", "prod @7 21600 pixelWidth", "sum @8 21600 0",
            "prod @7 21600 pixelHeight", "sum @10 21600 0",
        )
    )
    + '</v:formulas><v:path o:extrusionok="f" gradientshapeok="t" o:connecttype="rect"/>'
    '<o:lock v:ext="edit" aspectratio="t"/></v:shapetype>'
)


def new_document() -> DocumentObject:
    """A blank A4 document, 2 cm margins, Times New Roman 12 pt (Vietnamese glyphs included)."""
    global _TEMPLATE
    if _TEMPLATE is None:
        # Set up the template once, then reopen its bytes: much cheaper than styling each time.
        doc = Document()
        sec = doc.sections[0]
        sec.page_width, sec.page_height = PAGE_W, PAGE_H
        sec.top_margin = sec.bottom_margin = Cm(1.5)
        sec.left_margin = sec.right_margin = MARGIN
        sec.header_distance = sec.footer_distance = Cm(0.8)
        for name in ("Normal", "Table Grid"):
            style = doc.styles[name]
            style.font.name = FONT
            style.font.size = FONT_SIZE
            rpr = style.element.get_or_add_rPr()
            fonts = rpr.find(qn("w:rFonts"))
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(attr), FONT)
        pf = doc.styles["Normal"].paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(2), 1.08
        # No thumbnail of python-docx's template in our papers.
        pkg = doc.part.package
        for rel in list(pkg.rels.values()):
            if rel.reltype.endswith("/thumbnail"):
                pkg.rels.pop(rel.rId)
        buf = io.BytesIO()
        doc.save(buf)
        _TEMPLATE = buf.getvalue()
    return Document(io.BytesIO(_TEMPLATE))


def parse_omml(xml: str) -> etree._Element:
    """The stored ``m:oMath``/``m:oMathPara`` string as an element, namespaces supplied if absent."""
    # Importers may store the fragment with or without its xmlns declarations: a wrapper that
    # declares m: and w: serves both (a redeclaration inside is harmless).
    wrapped = f'<wrap xmlns:m="{M_NS}" xmlns:w="{W_NS}">{xml}</wrap>'
    return etree.fromstring(wrapped.encode("utf-8"), _XML_PARSER)[0]


_PAIRS = {")": "(", "]": "[", "}": "{"}


def _brackets_match(text: str) -> bool:
    stack: list[str] = []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in _PAIRS:
            if not stack or stack.pop() != _PAIRS[ch]:
                return False
    return not stack


def mark_unbalanced_brackets(omath: etree._Element) -> int:
    """Mark math runs whose brackets do not pair up inside the run ("[1;+∞)", "(" … ")" around a
    fraction) as literal (``m:lit``). LibreOffice's OMML import turns such a run into a StarMath
    error ("¿") in the PDF; Word draws the run the same either way. Only the PDF path uses this,
    so the .docx keeps the original OMML untouched. Returns the number of runs marked."""
    marked = 0
    for r in omath.iter(f"{{{M_NS}}}r"):
        text = "".join(t.text or "" for t in r.iter(f"{{{M_NS}}}t"))
        if not any(c in text for c in "()[]{}") or _brackets_match(text):
            continue
        rpr = r.find(f"{{{M_NS}}}rPr")
        if rpr is None:
            rpr = etree.Element(f"{{{M_NS}}}rPr")
            r.insert(0, rpr)
        if rpr.find(f"{{{M_NS}}}lit") is None:
            rpr.insert(0, etree.Element(f"{{{M_NS}}}lit"))  # m:lit comes first in m:rPr
            marked += 1
    return marked


def add_field(paragraph: DocxParagraph, instr: str, shown: str = "1", *, bold: bool = False, italic: bool = False) -> None:
    """A complex field (PAGE, NUMPAGES): begin / instrText / separate / shown value / end."""

    def run_with(child: etree._Element | None, text: str | None = None) -> None:
        run = paragraph.add_run(text or "")
        run.bold, run.italic = bold or None, italic or None
        if child is not None:
            run._r.append(child)

    def fld(kind: str) -> etree._Element:
        el = etree.Element(qn("w:fldChar"))
        el.set(qn("w:fldCharType"), kind)
        return el

    instr_el = etree.Element(qn("w:instrText"))
    instr_el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr_el.text = f" {instr} "
    run_with(fld("begin"))
    run_with(instr_el)
    run_with(fld("separate"))
    run_with(None, shown)
    run_with(fld("end"))


def set_cell_borders(table: DocxTable, visible: bool) -> None:
    """Header tables print without borders; key tables with single lines."""
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is None:
        borders = etree.SubElement(tbl_pr, qn("w:tblBorders"))
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = borders.find(qn(f"w:{edge}"))
        if el is None:
            el = etree.SubElement(borders, qn(f"w:{edge}"))
        el.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "auto")


_W = f"{{{W_NS}}}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def add_run(
    para: DocxParagraph,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    color: str | None = None,
    vert: str | None = None,
) -> etree._Element:
    """Append a ``w:r`` straight to the paragraph XML. python-docx's ``add_run`` plus its
    property setters cost ~60 µs a run; this is ~5 µs, which keeps a 4-version paper under 0.5 s."""
    r = etree.SubElement(para._p, _W + "r")
    if bold or italic or underline or color or vert:
        rpr = etree.SubElement(r, _W + "rPr")  # children in schema order: b, i, color, u, vertAlign
        if bold:
            etree.SubElement(rpr, _W + "b")
        if italic:
            etree.SubElement(rpr, _W + "i")
        if color:
            etree.SubElement(rpr, _W + "color").set(_W + "val", color)
        if underline:
            etree.SubElement(rpr, _W + "u").set(_W + "val", "single")
        if vert in ("superscript", "subscript"):
            etree.SubElement(rpr, _W + "vertAlign").set(_W + "val", vert)
    for i, piece in enumerate(text.split("\t")):
        if i:
            etree.SubElement(r, _W + "tab")
        if piece:
            t = etree.SubElement(r, _W + "t")
            t.text = piece
            if piece[0] == " " or piece[-1] == " ":
                t.set(_XML_SPACE, "preserve")
    return r


def box_element(r: etree._Element) -> None:
    """A border around a run made by ``add_run``."""
    rpr = r.find(_W + "rPr")
    if rpr is None:
        rpr = etree.Element(_W + "rPr")
        r.insert(0, rpr)
    bdr = etree.SubElement(rpr, _W + "bdr")
    for k, v in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        bdr.set(_W + k, v)


def set_column_widths(table: DocxTable, widths: list[Emu]) -> None:
    """Fixed column widths that both Word (cell tcW) and LibreOffice (tblGrid) honour."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(w / 635)))  # EMU -> twentieths of a point
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=False):
            cell.width = w


def box_run(run: object) -> None:
    """A border around a run ("ĐỀ CHÍNH THỨC", "Mã đề 101")."""
    rpr = run._r.get_or_add_rPr()  # type: ignore[attr-defined]
    bdr = etree.SubElement(rpr, qn("w:bdr"))
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bdr.set(qn(k), v)


CM_PER_CHAR = 0.21  # Times 12 pt: an average Vietnamese character is about half an em


def content_width_cm(content: Content) -> float | None:
    """Estimated printed width of one-line content; None when it cannot share a line (tables,
    several paragraphs, display equations)."""
    if len(content.blocks) != 1 or isinstance(content.blocks[0], Table):
        return None if content.blocks else 0.0
    width = 0.0
    for inline in content.blocks[0].inlines:
        if isinstance(inline, Text):
            width += len(inline.text) * CM_PER_CHAR
        elif isinstance(inline, Math):
            if inline.display:
                return None
            # Commands print as one glyph or none: count what remains after stripping them.
            visible = re.sub(r"\\[a-zA-Z]+|[{}^_\\]", "", inline.latex)
            tall = 1.15 if re.search(r"\\(?:d?frac|int|sum|sqrt)", inline.latex) else 1.0
            width += len(visible) * CM_PER_CHAR * tall
        elif isinstance(inline, Image):
            width += (inline.width_emu or 1_800_000) / 360_000
        elif isinstance(inline, Ole):
            width += (inline.width_pt or 40) * 2.54 / 72
        elif isinstance(inline, Break):
            if inline.kind == "line":
                return None
            width += 1.25
    return width


class ContentWriter:
    """Writes ``Content`` into a python-docx document, collecting warnings instead of failing."""

    def __init__(self, doc: DocumentObject, blobs: Callable[[str], bytes | None], *, for_libreoffice: bool = False):
        self.doc = doc
        self.blobs = blobs
        self.for_libreoffice = for_libreoffice
        self.warnings: list[str] = []
        self._ole_count = 0
        self._shape_id = 1024
        self._image_parts: dict[str, str] = {}  # blob sha -> rId, so a preview is stored once

    # -- blocks -----------------------------------------------------------------------------
    def write(
        self,
        content: Content,
        new_paragraph: Callable[[], DocxParagraph],
        first: DocxParagraph | None = None,
        *,
        where: str = "",
        indent_cm: float | None = None,
        container: object | None = None,
    ) -> DocxParagraph | None:
        """Write every block; the first paragraph's inlines go into ``first`` when given
        (so "Câu 3." and the stem share a line). Tables go after the current paragraph."""
        last = first
        used_first = first is None
        for block in content.blocks:
            if isinstance(block, Paragraph):
                if not used_first and first is not None:
                    para = first
                    used_first = True
                else:
                    para = new_paragraph()
                    if indent_cm is not None:
                        para.paragraph_format.left_indent = Cm(indent_cm)
                if block.align in _ALIGN:
                    para.alignment = _ALIGN[block.align]
                self.inlines(para, block.inlines, where=where)
                last = para
            else:
                used_first = True
                self.table(block, where=where, container=container)
        return last

    def table(self, block: Table, *, where: str = "", container: object | None = None) -> DocxTable:
        """A bordered table at the end of ``container`` (the body, or a table cell when nested)."""
        ncols = max((len(r) for r in block.rows), default=1)
        if container is None:
            table = self.doc.add_table(rows=len(block.rows), cols=ncols)
        else:
            table = container.add_table(len(block.rows), ncols)  # type: ignore[attr-defined]
        table.style = self.doc.styles["Table Grid"]
        if container is None:
            # A variation table or data table sized to its contents and centred, as teachers set them.
            widths = [1.2] * ncols
            for row in block.rows:
                for c, cell_content in enumerate(row):
                    w = content_width_cm(cell_content)
                    widths[c] = max(widths[c], (w if w is not None else TEXT_WIDTH_CM / ncols) + 0.5)
            scale = min(1.0, TEXT_WIDTH_CM / sum(widths))
            set_column_widths(table, [Cm(w * scale) for w in widths])
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(block.rows):
            for c, cell_content in enumerate(row):
                cell = table.cell(r, c)
                self.write(cell_content, cell.add_paragraph, cell.paragraphs[0], where=where, container=cell)
        return table

    # -- inlines ----------------------------------------------------------------------------
    def inlines(self, para: DocxParagraph, inlines: list[Inline], *, where: str = "", bold: bool = False) -> None:
        for inline in inlines:
            if isinstance(inline, Text):
                self.text(para, inline, bold=bold)
            elif isinstance(inline, Math):
                self.math(para, inline)
            elif isinstance(inline, Image):
                self.image(para, inline, where)
            elif isinstance(inline, Ole):
                self.ole(para, inline, where)
            elif isinstance(inline, Break):
                r = add_run(para, "\t" if inline.kind == "tab" else "")
                if inline.kind != "tab":
                    etree.SubElement(r, _W + "br")

    def text(self, para: DocxParagraph, t: Text, *, bold: bool = False) -> None:
        color = t.color.upper() if t.color and len(t.color) == 6 and all(c in "0123456789abcdefABCDEF" for c in t.color) else None
        vert = {"sup": "superscript", "sub": "subscript"}.get(t.vert or "")
        add_run(para, t.text, bold=t.bold or bold, italic=t.italic, underline=t.underline, color=color, vert=vert)

    def math(self, para: DocxParagraph, m: Math) -> None:
        """The original OMML, verbatim; typed ``$latex$`` is converted so Word shows an equation."""
        el: etree._Element | None = None
        if m.omml:
            try:
                el = parse_omml(m.omml)
            except etree.XMLSyntaxError as exc:
                self.warnings.append(f"unreadable OMML ({exc}); written from its LaTeX instead")
        if el is None:
            el = latex_to_omml(m.latex, display=m.display)
        if self.for_libreoffice:
            mark_unbalanced_brackets(el)
        para._p.append(el)

    def image(self, para: DocxParagraph, img: Image, where: str) -> None:
        data = self.blobs(img.blob)
        if data is None:
            self.warnings.append(f"{where}: picture {img.blob[:12]}… is missing")
            para.add_run("[hình]")
            return
        data = self._within_pixel_limit(data, img, where)
        if data is None:
            para.add_run("[hình]")
            return
        run = para.add_run()
        width = Emu(img.width_emu) if img.width_emu else None
        height = Emu(img.height_emu) if img.height_emu else None
        max_w = Cm(TEXT_WIDTH_CM)
        if width is not None and width > max_w:
            height = Emu(int(height * max_w / width)) if height is not None else None
            width = max_w
        try:
            run.add_picture(io.BytesIO(data), width=width, height=height)
        except Exception:  # noqa: BLE001 - python-docx only sizes PNG/JPEG/GIF/BMP/TIFF it can parse
            self._raw_picture(run, img, data, width, height, where)

    def _within_pixel_limit(self, data: bytes, img: Image, where: str) -> bytes | None:
        """The picture, downscaled if it declares more pixels than an import lets in (pictures stored
        before that limit existed): Word and LibreOffice never decode a decompression bomb."""
        from importers.pictures import MAX_PIXELS, RASTER, declared_size, downscale

        size = declared_size(data) if img.mime in RASTER else None
        if size is None or size[0] * size[1] <= MAX_PIXELS:
            return data
        shrunk = downscale(data, size[0], size[1], MAX_PIXELS)
        if shrunk is None:
            self.warnings.append(f"{where}: picture of {size[0]}×{size[1]} pixels is too large to print; left out")
            return None
        self.warnings.append(f"{where}: picture of {size[0]}×{size[1]} pixels printed downscaled to {shrunk[2]}×{shrunk[3]}")
        return shrunk[0]

    def _raw_picture(self, run: object, img: Image, data: bytes, width: Emu | None, height: Emu | None, where: str) -> None:
        """EMF/WMF (common in Word papers) or a JPEG python-docx cannot parse: store the bytes as
        they are, with the size the source gave (or a 5 × 3.5 cm box), as Word would."""
        from docx.oxml.shape import CT_Inline

        if img.mime not in _MIME_EXT:
            self.warnings.append(f"{where}: picture type {img.mime} cannot go into Word")
            run.text = "[hình]"  # type: ignore[attr-defined]
            return
        rid = self._image_rid(img.blob, data, img.mime, raw=True)
        cx, cy = width or Cm(5), height or Cm(3.5)
        inline = CT_Inline.new_pic_inline(self.doc.part.next_id, rid, f"image.{_MIME_EXT[img.mime]}", cx, cy)
        run._r.add_drawing(inline)  # type: ignore[attr-defined]

    def _image_rid(self, sha: str, data: bytes, mime: str, *, raw: bool = False) -> str:
        if sha in self._image_parts:
            return self._image_parts[sha]
        if not raw and mime in ("image/png", "image/jpeg", "image/gif"):
            # python-docx's own image parts: the same picture used in a stem is stored once.
            rid, _ = self.doc.part.get_or_add_image(io.BytesIO(data))
            self._image_parts[sha] = rid
            return rid
        ext = _MIME_EXT.get(mime, "bin")
        pkg = self.doc.part.package
        part = Part(pkg.next_partname(f"/word/media/picture%d.{ext}"), mime, data, pkg)
        rid = self.doc.part.relate_to(part, RT.IMAGE)
        self._image_parts[sha] = rid
        return rid

    def ole(self, para: DocxParagraph, obj: Ole, where: str) -> None:
        """Re-embed a MathType (or other OLE) object with its preview, as Word itself writes it."""
        data = self.blobs(obj.blob)
        preview = self.blobs(obj.preview) if obj.preview else None
        if data is None or preview is None:
            self.warnings.append(f"{where}: MathType object {obj.blob[:12]}… or its preview is missing")
            if obj.latex:
                self.math(para, Math(latex=obj.latex))
            else:
                para.add_run("[MathType]")
            return
        pkg = self.doc.part.package
        ole_part = Part(
            pkg.next_partname("/word/embeddings/oleObject%d.bin"),
            "application/vnd.openxmlformats-officedocument.oleObject",
            data,
            pkg,
        )
        ole_rid = self.doc.part.relate_to(ole_part, RT.OLE_OBJECT)
        img_rid = self._image_rid(obj.preview or "", preview, obj.preview_mime)
        self._ole_count += 1
        self._shape_id += 1
        w_pt = obj.width_pt or 30.0
        h_pt = obj.height_pt or 15.0
        shape_id = f"_x0000_i{self._shape_id}"
        xml = (
            f'<w:object xmlns:w="{W_NS}" xmlns:v="{V_NS}" xmlns:o="{O_NS}" xmlns:r="{R_NS}" '
            f'w:dxaOrig="{int(w_pt * 20)}" w:dyaOrig="{int(h_pt * 20)}">'
            f'<v:shape id="{shape_id}" type="#_x0000_t75" style="width:{w_pt:.2f}pt;height:{h_pt:.2f}pt" o:ole="">'
            f'<v:imagedata r:id="{img_rid}" o:title=""/></v:shape>'
            f'<o:OLEObject Type="Embed" ProgID="{obj.prog_id or "Equation.DSMT4"}" ShapeID="{shape_id}" '
            f'DrawAspect="Content" ObjectID="_{1500000000 + self._ole_count}" r:id="{ole_rid}"/></w:object>'
        )
        run = para.add_run()
        el = etree.fromstring(xml.encode("utf-8"), _XML_PARSER)
        if self._ole_count == 1:
            # Word declares the picture-frame shape type once, before the first object uses it.
            el.insert(0, etree.fromstring(_SHAPETYPE.encode("utf-8"), _XML_PARSER))
        run._r.append(el)


def copy_element(el: etree._Element) -> etree._Element:
    return deepcopy(el)
