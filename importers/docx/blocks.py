"""First pass: walk word/document.xml once into a flat list of paragraphs and tables with formatting."""

# Each paragraph keeps its rich inlines (domain Text/Math/Image/Ole/Break), a parallel list of run
# formatting (equations carry the colour/underline of their runs, which marks answers) and a flat
# text in which every object is one OBJ character, so the segmentation pass can find labels with
# regular expressions and cut the inlines at the same offsets.

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from importers.docx.numbering import Numbering
from importers.docx.package import DocxPackage, RunStyle, W, merge_into, run_style
from importers.docx.para import OBJ, Block, Cell, Para, TableBlock
from importers.mathtype import convert_embedded
from importers.omml import M_NS, omml_to_latex
from qbank.domain.content import Break, Image, Inline, Math, Ole, Text
from qbank.domain.latex_text import split_dollar_math

_M = "{" + M_NS + "}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_V = "{urn:schemas-microsoft-com:vml}"
_O = "{urn:schemas-microsoft-com:office:office}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

# Wrappers whose children are read as if they stood in the paragraph itself.
_TRANSPARENT = {W + "hyperlink", W + "ins", W + "smartTag", W + "customXml", W + "fldSimple", W + "moveTo",
                W + "dir", W + "bdo", W + "sdtContent"}  # fmt: skip
# Symbol-font code points (w:sym) that exam papers use for maths.
_SYMBOL = {0xB4: "×", 0xB9: "≠", 0xA3: "≤", 0xB3: "≥", 0xAE: "→", 0xDE: "⇒", 0xDB: "⇔", 0xB0: "°", 0xB1: "±",
           0x70: "π", 0x61: "α", 0x62: "β", 0x67: "γ", 0x64: "δ", 0x44: "Δ", 0xD6: "√", 0xA5: "∞", 0xCE: "∈",
           0xCF: "∉", 0xC7: "∩", 0xC8: "∪", 0xCC: "⊂", 0xB6: "∂", 0xE5: "∑", 0xF2: "∫", 0x6C: "λ", 0x6D: "μ",
           0x77: "ω", 0x57: "Ω", 0x6A: "φ", 0x6A - 0x20: "Φ", 0x71: "θ", 0x73: "σ", 0xBB: "≈", 0xBA: "≡",
           0xAD: "↑", 0xAF: "↓", 0xAC: "←", 0xDC: "⇐", 0xD7: "·", 0x5E: "⊥", 0xA2: "′", 0xB2: "″"}  # fmt: skip
_W_RPR, _W_T, _W_TAB, _W_PTAB, _W_BR, _W_CR = W + "rPr", W + "t", W + "tab", W + "ptab", W + "br", W + "cr"
_W_VAL, _W_FILL, _W_TYPE = W + "val", W + "fill", W + "type"
_W_TCPR, _W_SHD = W + "tcPr", W + "shd"
_RPR_TAGS = tuple(W + t for t in ("b", "i", "u", "color", "highlight", "shd", "rStyle", "vertAlign", "vanish"))
_RPR_TAG_SET = frozenset(_RPR_TAGS)
# Qualified tag names, built once (the walk compares tags millions of times).
_MCC_ALTERNATECONTENT = _MC + "AlternateContent"
_MCC_CHOICE = _MC + "Choice"
_MCC_FALLBACK = _MC + "Fallback"
_MM_OMATH = _M + "oMath"
_MM_OMATHPARA = _M + "oMathPara"
_W_CHAR = W + "char"
_W_CUSTOMXML = W + "customXml"
_W_DRAWING = W + "drawing"
_W_ILVL = W + "ilvl"
_W_INS = W + "ins"
_W_JC = W + "jc"
_W_MOVETO = W + "moveTo"
_W_NOBREAKHYPHEN = W + "noBreakHyphen"
_W_NUMID = W + "numId"
_W_NUMPR = W + "numPr"
_W_OBJECT = W + "object"
_W_P = W + "p"
_W_PICT = W + "pict"
_W_PPR = W + "pPr"
_W_PSTYLE = W + "pStyle"
_W_R = W + "r"
_W_RSTYLE = W + "rStyle"
_W_SDT = W + "sdt"
_W_SDTCONTENT = W + "sdtContent"
_W_SYM = W + "sym"
_W_TBL = W + "tbl"
_W_TC = W + "tc"
_W_TR = W + "tr"
_W_TXBXCONTENT = W + "txbxContent"
_W_VANISH = W + "vanish"
_W_VERTALIGN = W + "vertAlign"
_PT = re.compile(r"(width|height)\s*:\s*([\d.]+)\s*(pt|in|cm|mm|px)?")


@dataclass
class Walker:
    """Reads one document; collects pictures and OLE objects as blobs through ``add_blob``."""

    pkg: DocxPackage
    numbering: Numbering
    add_blob: Callable[[bytes, str], str]  # ImportResult.add_blob: bytes, mime -> sha256
    warn: Callable[[str, str], None] | None = None  # ImportResult.error: where, text
    notice: Callable[[str, str], None] | None = None  # ImportResult.warn: where, text (something dropped)
    para_count: int = 0
    table_count: int = 0
    _style_cache: dict[tuple[str | None, str | None], RunStyle] = field(default_factory=dict)
    _shade: str | None = None  # fill of the table cell being read
    _pending: list[Para] = field(default_factory=list)  # text-box paragraphs, emitted after their anchor
    _format_cache: dict[tuple, tuple[RunStyle, str | None, bool]] = field(default_factory=dict)
    _latex_cache: dict[str, str] = field(default_factory=dict)
    _blobs_by_rid: dict[str, tuple[str, str] | None] = field(default_factory=dict)

    def walk(self, body: etree._Element) -> list[Block]:
        out: list[Block] = []
        self._container(body, out, None)
        return out

    # -- containers -----------------------------------------------------------------------
    def _container(self, el: etree._Element, out: list[Block], where: str | None) -> None:
        for child in el:
            tag = child.tag
            if where is None and tag in (_W_P, _W_TBL):
                # A damaged paragraph or table of the body is skipped with a message, not the file.
                try:
                    if tag == _W_P:
                        self._emit_para(child, out, where)
                    else:
                        out.append(self._table(child))
                except Exception as exc:  # noqa: BLE001
                    place = f"paragraph {self.para_count}" if tag == _W_P else f"table {self.table_count}"
                    self._pending = []
                    if self.warn is not None:
                        self.warn(place, f"could not read this part of the file ({exc}); it was skipped")
            elif tag == _W_P:
                self._emit_para(child, out, where)
            elif tag == _W_TBL:
                out.append(self._table(child))
            elif tag == _W_SDT:
                content = _child(child, _W_SDTCONTENT)
                if content is not None:
                    self._container(content, out, where)
            elif tag in (_W_CUSTOMXML, _W_INS, _W_MOVETO):
                self._container(child, out, where)
            elif tag == _MCC_ALTERNATECONTENT:
                branch = _branch(child)
                if branch is not None:
                    self._container(branch, out, where)

    def _emit_para(self, p: etree._Element, out: list[Block], where: str | None) -> None:
        if where is None:
            self.para_count += 1
        para = self._para(p, where or f"paragraph {self.para_count}")
        out.append(para)
        if self._pending:
            out.extend(self._pending)
            self._pending = []

    def _table(self, tbl: etree._Element) -> TableBlock:
        self.table_count += 1
        index = self.table_count
        rows: list[list[Cell]] = []
        for r, tr in enumerate(tbl.iterchildren(_W_TR), start=1):
            cells: list[Cell] = []
            for tc in _row_cells(tr):
                cell = Cell()
                # A shaded cell marks its text the way a highlight does (answers in option tables).
                shd = tc.find(_W_TCPR + "/" + _W_SHD)
                fill = _fill(shd)
                outer, self._shade = self._shade, fill or self._shade
                try:
                    self._container(tc, cell.items, f"table {index} row {r}")
                finally:
                    self._shade = outer
                cells.append(cell)
            rows.append(cells)
        return TableBlock(rows, f"table {index}", index)

    # -- paragraphs -------------------------------------------------------------------------
    def _para(self, p: etree._Element, where: str) -> Para:
        # w:pPr comes first in a paragraph (the schema's order): look there before searching.
        ppr = p[0] if len(p) and p[0].tag == _W_PPR else _child(p, _W_PPR)
        style_id = None
        num = None
        align = None
        if ppr is not None:
            # One pass over the properties, each kept at its first occurrence (as find() would).
            ps = jc = numpr = shd = None
            for c in ppr:
                tag = c.tag
                if tag == _W_PSTYLE:
                    ps = c if ps is None else ps
                elif tag == _W_JC:
                    jc = c if jc is None else jc
                elif tag == _W_NUMPR:
                    numpr = c if numpr is None else numpr
                elif tag == _W_SHD:
                    shd = c if shd is None else shd
            style_id = ps.get(_W_VAL) if ps is not None else None
            if jc is not None:
                align = {"center": "center", "right": "right", "both": "both", "end": "right"}.get(jc.get(_W_VAL, ""))
            if numpr is not None:
                nid = _child(numpr, _W_NUMID)
                ilvl = _child(numpr, _W_ILVL)
                if nid is not None:
                    num = self.numbering.label(
                        nid.get(_W_VAL, ""), (_int(ilvl.get(_W_VAL)) or 0) if ilvl is not None else 0
                    )
            elif style_id in self.numbering.style_num:
                nid_s, ilvl_s = self.numbering.style_num[style_id]
                num = self.numbering.label(nid_s, ilvl_s)
            shade = _fill(shd) or self._shade
        else:
            shade = self._shade
        base = self._base_style(style_id, shade)
        buf = _ParaBuffer()
        self._inline_children(p, buf, base, where)
        inlines, fmts, text = buf.finish()
        return Para(inlines, fmts, text, where, num, style_id, align)

    def _base_style(self, style_id: str | None, shade: str | None = None) -> RunStyle:
        """The formatting runs of a paragraph start from: its style, and the shading of the paragraph or cell."""
        key = (style_id, shade)
        cached = self._style_cache.get(key)
        if cached is None:
            cached = RunStyle()
            merge_into(cached, self.pkg.style(self.pkg.default_style))
            merge_into(cached, self.pkg.style(style_id))
            cached.shade = shade
            self._style_cache[key] = cached
        return cached

    def _inline_children(self, el: etree._Element, buf: _ParaBuffer, base: RunStyle, where: str) -> None:
        for child in el:
            tag = child.tag
            if tag == _W_R:
                self._run(child, buf, base, where)
            elif tag == _MM_OMATH:
                buf.add_obj(self._math(child, base, False), _math_style(child, base))
            elif tag == _MM_OMATHPARA:
                maths = list(child.iter(_MM_OMATH))
                if len(maths) == 1:
                    buf.add_obj(self._math(child, base, True), _math_style(child, base))
                else:
                    for m in maths:
                        buf.add_obj(self._math(m, base, True), _math_style(m, base))
            elif tag in _TRANSPARENT:
                self._inline_children(child, buf, base, where)
            elif tag == _W_SDT:
                content = _child(child, _W_SDTCONTENT)
                if content is not None:
                    self._inline_children(content, buf, base, where)
            elif tag == _MCC_ALTERNATECONTENT:
                branch = _branch(child)
                if branch is not None:
                    self._inline_children(branch, buf, base, where)

    def _run_format(self, rpr: etree._Element, base: RunStyle) -> tuple[RunStyle, str | None, bool]:
        """(style, vertical alignment, hidden) of a run; cached, since papers repeat a few formats."""
        # Only the properties that matter, filtered in C (runs also carry fonts, sizes, languages).
        # (Filtered in Python with a set: iterchildren(*tags) builds a 9-tag matcher per call, twice as slow.)
        key = (id(base), *[(c.tag, c.get(_W_VAL), c.get(_W_FILL)) for c in rpr if c.tag in _RPR_TAG_SET])
        got = self._format_cache.get(key)
        if got is None:
            style = RunStyle(base.bold, base.italic, base.underline, base.color, base.highlight, base.shade)
            rs = _child(rpr, _W_RSTYLE)
            if rs is not None:
                merge_into(style, self.pkg.style(rs.get(_W_VAL)))
            merge_into(style, run_style(rpr))
            va = _child(rpr, _W_VERTALIGN)
            vert = {"subscript": "sub", "superscript": "sup"}.get(va.get(_W_VAL) or "") if va is not None else None
            got = (style, vert, _on(_child(rpr, _W_VANISH)))
            self._format_cache[key] = got
        return got

    def _math(self, el: etree._Element, base: RunStyle, display: bool) -> Math:
        omml = omml_xml(el)
        latex = self._latex_cache.get(omml)
        if latex is None:  # papers repeat formulas ("x", "m", "y=f(x)"): convert each one once
            try:
                latex = omml_to_latex(el)
            except Exception:  # noqa: BLE001 - a formula we cannot convert keeps its OMML and no LaTeX
                latex = ""
            self._latex_cache[omml] = latex
        return Math(latex=latex, omml=omml, display=display)

    def _run(self, r: etree._Element, buf: _ParaBuffer, base: RunStyle, where: str) -> None:
        # w:rPr comes first in a run (the schema's order): look there before searching.
        rpr = r[0] if len(r) and r[0].tag == _W_RPR else _child(r, _W_RPR)
        style = base
        vert = None
        if rpr is not None:
            style, vert, hidden = self._run_format(rpr, base)
            if hidden:
                return  # hidden text is not printed
        for child in r:
            tag = child.tag
            if tag == _W_T:
                text = child.text
                if text:
                    buf.add_text(text, style, vert)
            elif tag == _W_RPR:
                continue
            elif tag == _W_TAB or tag == _W_PTAB:
                buf.add_break("tab", style)
            elif tag == _W_BR:
                if child.get(_W_TYPE) not in ("page", "column"):
                    buf.add_break("line", style)
            elif tag == _W_CR:
                buf.add_break("line", style)
            elif tag == _W_NOBREAKHYPHEN:
                buf.add_text("-", style, vert)
            elif tag == _W_SYM:
                ch = _sym(child)
                if ch:
                    buf.add_text(ch, style, vert)
            elif tag == _W_DRAWING:
                self._drawing(child, buf, where)
            elif tag == _W_PICT:
                self._pict(child, buf, where)
            elif tag == _W_OBJECT:
                self._object(child, buf, style, where)
            elif tag == _MCC_ALTERNATECONTENT:
                branch = _branch(child)
                if branch is not None:
                    fake = etree.Element(_W_R)
                    if rpr is not None:
                        fake.append(_copy(rpr))
                    for c in branch:
                        fake.append(_copy(c))
                    self._run(fake, buf, base, where)

    # -- pictures, OLE objects, text boxes ---------------------------------------------------
    def _blob(self, rid: str) -> tuple[str, str] | None:
        """(sha256, mime) of the part ``rid`` points to, added to the blobs once: a logo or a
        picture repeated on every page is read, decompressed and hashed once."""
        if rid not in self._blobs_by_rid:
            got = self.pkg.read(rid)
            self._blobs_by_rid[rid] = (self.add_blob(got[0], got[1]), got[1]) if got is not None else None
        return self._blobs_by_rid[rid]

    def _drawing(self, drawing: etree._Element, buf: _ParaBuffer, where: str) -> None:
        anchor = next(iter(drawing), None)
        floating = anchor is not None and anchor.tag == _WP + "anchor"
        cx = cy = None
        alt = ""
        if anchor is not None:
            ext = anchor.find(_WP + "extent")
            if ext is not None:
                cx, cy = _int(ext.get("cx")), _int(ext.get("cy"))
            doc_pr = anchor.find(_WP + "docPr")
            if doc_pr is not None:
                alt = doc_pr.get("descr") or ""
        for blip in drawing.iter(_A + "blip"):
            rid = blip.get(_R + "embed")
            got = self._blob(rid) if rid else None
            if got is None:
                if blip.get(_R + "link") and self.notice is not None:
                    self.notice(where, "a picture linked to an outside address was dropped (only pictures inside the file are kept)")
                continue
            sha, mime = got
            buf.add_obj(Image(blob=sha, mime=mime, width_emu=cx, height_emu=cy, alt=alt, floating=floating), None)
        self._text_boxes(drawing, where)

    def _pict(self, pict: etree._Element, buf: _ParaBuffer, where: str) -> None:
        for imd in pict.iter(_V + "imagedata"):
            img = self._vml_image(imd)
            if img is not None:
                buf.add_obj(img, None)
        self._text_boxes(pict, where)

    def _vml_image(self, imd: etree._Element) -> Image | None:
        rid = imd.get(_R + "id") or imd.get(_R + "pict")
        got = self._blob(rid) if rid else None
        if got is None:
            return None
        sha, mime = got
        return Image(blob=sha, mime=mime, alt=imd.get(_O + "title") or "")

    def _object(self, obj: etree._Element, buf: _ParaBuffer, style: RunStyle, where: str = "") -> None:
        ole = obj.find(_O + "OLEObject")
        imd = next(obj.iter(_V + "imagedata"), None)
        preview = preview_mime = None
        if imd is not None:
            rid = imd.get(_R + "id")
            got = self._blob(rid) if rid else None
            if got is not None:
                preview, preview_mime = got
        if ole is None:
            if preview:
                buf.add_obj(Image(blob=preview, mime=preview_mime or "image/x-wmf"), None)
            return
        got = self.pkg.read(ole.get(_R + "id") or "")
        if got is None:
            if preview:
                buf.add_obj(Image(blob=preview, mime=preview_mime or "image/x-wmf"), None)
            return
        blob = self.add_blob(got[0], "application/vnd.openxmlformats-officedocument.oleObject")
        w = h = None
        shape = obj.find(_V + "shape")
        if shape is not None:
            w, h = _vml_size(shape.get("style") or "")
        prog_id = ole.get("ProgID") or ""
        eq = convert_embedded(got[0], prog_id)  # MathType / Equation Editor: MathML + LaTeX
        if eq is not None and eq.error and self.warn is not None:
            part = self.pkg.rels.get(ole.get(_R + "id") or "", "")
            self.warn(where, f"MathType object {part.rsplit('/', 1)[-1]} not converted ({eq.error}); its picture is kept")
        buf.add_obj(
            Ole(blob=blob, prog_id=prog_id, preview=preview, preview_mime=preview_mime or "image/x-wmf",
                width_pt=w, height_pt=h, latex=eq.latex or None if eq else None,
                mathml=eq.mathml or None if eq else None),
            style,
        )  # fmt: skip

    def _text_boxes(self, el: etree._Element, where: str) -> None:
        for tx in el.iter(_W_TXBXCONTENT):
            for p in tx.iter(_W_P):
                self._pending.append(self._para(p, where + " (text box)"))


# Full-width punctuation (U+FF01..U+FF0F, U+FF1A..U+FF20, U+FF3B..U+FF40, U+FF5B..U+FF5E) as ASCII: one
# character for one, so offsets into the flat text stay those of the inlines.
_FULL_WIDTH = {cp: cp - 0xFEE0 for r in ((0xFF01, 0xFF10), (0xFF1A, 0xFF21), (0xFF3B, 0xFF41), (0xFF5B, 0xFF5F))
               for cp in range(*r)}  # fmt: skip
# Found in C first: translating every run through the table cost more than the rest of add_text.
_HAS_FULL_WIDTH = re.compile("[\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF5E]").search


class _ParaBuffer:
    """Accumulates inlines, merging neighbouring text runs that look the same."""

    __slots__ = ("inlines", "fmts", "parts")

    def __init__(self) -> None:
        self.inlines: list[Inline] = []
        self.fmts: list[RunStyle | None] = []
        self.parts: list[str] = []

    def add_text(self, text: str, st: RunStyle, vert: str | None) -> None:
        if not text.isascii():
            if not unicodedata.is_normalized("NFC", text):
                text = unicodedata.normalize("NFC", text)  # "Unicode tổ hợp" (decomposed) typing: "Ca\u0302u" -> "Câu"
            if _HAS_FULL_WIDTH(text):
                text = text.translate(_FULL_WIDTH)  # "Câu 7：" typed with a CJK input method: "Câu 7:"
        self.parts.append(text)
        if self.inlines:
            last = self.inlines[-1]
            if (
                type(last) is Text
                and last.vert == vert
                and (self.fmts[-1] is st or self.fmts[-1] == st)
            ):
                last.text += text
                return
        self.inlines.append(
            Text(text, bool(st.bold), bool(st.italic), bool(st.underline), st.color or None, st.highlight or None, vert)
        )
        self.fmts.append(st)

    def add_break(self, kind: str, st: RunStyle) -> None:
        self.parts.append("\t" if kind == "tab" else "\n")
        self.inlines.append(Break(kind))
        self.fmts.append(st)

    def add_obj(self, obj: Inline, st: RunStyle | None) -> None:
        self.parts.append(OBJ)
        self.inlines.append(obj)
        self.fmts.append(st)

    def finish(self) -> tuple[list[Inline], list[RunStyle | None], str]:
        text = "".join(self.parts)
        inlines, fmts = self.inlines, self.fmts
        if "$" in text:
            inlines, fmts, text = _typed_math(inlines, fmts)
        if "\\underline{" in text:
            inlines, fmts, text = _typed_underline(inlines, fmts)
        return inlines, fmts, text


_TYPED_UNDERLINE = re.compile(r"\\underline\{([^{}]*)\}")


def _typed_underline(inlines: list[Inline], fmts: list[RunStyle | None]) -> tuple[list[Inline], list[RunStyle | None], str]:
    """``\\underline{ed}`` typed as text outside an equation (papers converted from LaTeX): underlined text,
    as pronunciation questions print it."""
    out_i: list[Inline] = []
    out_f: list[RunStyle | None] = []
    for inline, fmt in zip(inlines, fmts, strict=False):
        if type(inline) is not Text or "\\underline{" not in inline.text:
            out_i.append(inline)
            out_f.append(fmt)
            continue
        pos = 0
        for m in _TYPED_UNDERLINE.finditer(inline.text):
            for piece, under in ((inline.text[pos : m.start()], inline.underline), (m.group(1), True)):
                if piece:
                    out_i.append(Text(piece, inline.bold, inline.italic, under, inline.color, inline.highlight, inline.vert))
                    out_f.append(fmt)
            pos = m.end()
        if pos < len(inline.text):
            out_i.append(Text(inline.text[pos:], inline.bold, inline.italic, inline.underline, inline.color,
                              inline.highlight, inline.vert))  # fmt: skip
            out_f.append(fmt)
    text = "".join(x.text if type(x) is Text else ("\t" if isinstance(x, Break) and x.kind == "tab" else "\n" if isinstance(x, Break) else OBJ) for x in out_i)  # type: ignore[union-attr]
    return out_i, out_f, text


def _typed_math(inlines: list[Inline], fmts: list[RunStyle | None]) -> tuple[list[Inline], list[RunStyle | None], str]:
    """Split ``$...$`` LaTeX typed as text into Math inlines (spans may cross runs)."""
    # Join consecutive text runs so a formula split over several runs is seen whole.
    out_i: list[Inline] = []
    out_f: list[RunStyle | None] = []
    i = 0
    while i < len(inlines):
        inline = inlines[i]
        if type(inline) is Text and "$" in inline.text:
            j = i
            joined = ""
            while j < len(inlines) and type(inlines[j]) is Text:
                joined += inlines[j].text  # type: ignore[union-attr]
                j += 1
            for piece in split_dollar_math(joined):
                if isinstance(piece, Text):
                    piece = Text(piece.text, inline.bold, inline.italic, inline.underline, inline.color,
                                 inline.highlight, inline.vert)  # fmt: skip
                out_i.append(piece)
                out_f.append(fmts[i])
            i = j
        else:
            out_i.append(inline)
            out_f.append(fmts[i])
            i += 1
    text = "".join(x.text if type(x) is Text else ("\t" if isinstance(x, Break) and x.kind == "tab" else "\n" if isinstance(x, Break) else OBJ) for x in out_i)  # type: ignore[union-attr]
    return out_i, out_f, text


def omml_xml(el: etree._Element) -> str:
    """The equation serialised with only the namespaces it uses, so it stays re-embeddable.

    Serialising the element in place repeats every namespace the document root declares (2 KB
    per formula in real papers); a copy gets only the declarations its own names need.
    """
    # __deepcopy__ directly: copy.deepcopy's memo and keep-alive bookkeeping cost as much as the copy.
    return etree.tostring(el.__deepcopy__(None), encoding="unicode")


def _math_style(el: etree._Element, base: RunStyle) -> RunStyle:
    """The formatting of an equation's first run (a red or underlined formula marks an answer)."""
    for rpr in el.iter(_W_RPR):
        st = RunStyle(base.bold, base.italic, base.underline, base.color, base.highlight, base.shade)
        merge_into(st, run_style(rpr))
        return st
    return base  # formulas without run properties look like the paragraph


def _fill(shd: etree._Element | None) -> str | None:
    """A shading fill that shows (not automatic, not white)."""
    if shd is None:
        return None
    fill = (shd.get(_W_FILL) or "").upper()
    return None if fill in ("", "AUTO", "FFFFFF") else fill


def _branch(alt: etree._Element) -> etree._Element | None:
    """One branch of mc:AlternateContent, never both (the same picture is in each)."""
    choice = _child(alt, _MCC_CHOICE)
    fallback = _child(alt, _MCC_FALLBACK)
    if choice is None:
        return fallback
    if fallback is not None and next(choice.iter(_A + "blip"), None) is None and next(fallback.iter(_V + "imagedata"), None) is not None:
        return fallback  # a chart or shape Word also saved as a picture: the picture is what we can keep
    return choice


def _row_cells(tr: etree._Element) -> list[etree._Element]:
    cells: list[etree._Element] = []
    for child in tr:
        if child.tag == _W_TC:
            cells.append(child)
        elif child.tag in (_W_SDT, _W_CUSTOMXML):
            content = _child(child, _W_SDTCONTENT) if child.tag == _W_SDT else child
            if content is not None:
                cells.extend(content.iterchildren(_W_TC))
    return cells


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child with ``tag``, as ``el.find(tag)`` gives it: a plain loop over the few children
    of a property element is 4× faster than ElementPath and 2× faster than ``iterchildren(tag)``
    (which builds a tag matcher on every call)."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def _copy(el: etree._Element) -> etree._Element:
    return copy.deepcopy(el)


def _on(el: etree._Element | None) -> bool:
    return el is not None and el.get(_W_VAL, "true") not in ("0", "false", "off")


def _sym(el: etree._Element) -> str:
    code = el.get(_W_CHAR) or ""
    try:
        n = int(code, 16)
    except ValueError:
        return ""
    if n >= 0xF000:
        n -= 0xF000
    return _SYMBOL.get(n, chr(n) if 0x20 <= n < 0x7F else "")


def _int(v: str | None) -> int | None:
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


def _vml_size(style: str) -> tuple[float | None, float | None]:
    out: dict[str, float] = {}
    factor = {"pt": 1.0, "in": 72.0, "cm": 28.3465, "mm": 2.83465, "px": 0.75, None: 1.0}
    for m in _PT.finditer(style):
        out[m.group(1)] = round(float(m.group(2)) * factor.get(m.group(3), 1.0), 2)
    return out.get("width"), out.get("height")
