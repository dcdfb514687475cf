"""Renderers for rich content: plain text with ``$LaTeX$`` (search, JSON) and HTML with MathML (web)."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from qbank.domain.content import Break, Content, Image, Math, Ole, Paragraph, Table, Text
from qbank.domain.text import clean


def to_text(content: Content | None, *, paragraph_sep: str = " ") -> str:
    """Plain text, whitespace collapsed, each equation written as ``$latex$``.

    Tables are flattened cell by cell; pictures and OLE objects without LaTeX leave nothing.
    """
    if content is None:
        return ""
    parts = [_block_text(b) for b in content.blocks]
    return paragraph_sep.join(p for p in parts if p)


def _block_text(block: Paragraph | Table) -> str:
    if isinstance(block, Table):
        cells = [to_text(cell) for row in block.rows for cell in row]
        return clean(" ".join(c for c in cells if c))
    buf: list[str] = []
    formula: str | None = None  # a formula being written from superscripts/subscripts: "H_2O", "10^{18}"
    for inline in block.inlines:
        if isinstance(inline, Text) and inline.vert in ("sup", "sub") and inline.text.strip():
            if formula is None:
                # The base is the word the script hangs on: "10" of 10^18, "H" of H_2O.
                m = _TAIL_WORD.search(buf[-1]) if buf else None
                formula = m.group(0) if m else ""
                if m:
                    buf[-1] = buf[-1][: m.start()]
            script = inline.text.strip()
            formula += ("^" if inline.vert == "sup" else "_") + (script if len(script) == 1 else "{" + script + "}")
            continue
        if formula is not None:
            rest = inline.text if isinstance(inline, Text) else ""
            m = _HEAD_WORD.match(rest)
            if m:
                formula += m.group(0)  # "O" of H_2O goes on the formula
                rest = rest[m.end() :]
                if not rest:
                    continue  # a script may follow: "SO" then "_4"
            buf.append(f"${formula}$")
            formula = None
            if isinstance(inline, Text):
                buf.append(rest)
                continue
        if isinstance(inline, Text):
            buf.append(inline.text)
        elif isinstance(inline, Math):
            buf.append(f"${inline.latex}$")
        elif isinstance(inline, Ole) and inline.latex:
            buf.append(f"${inline.latex}$")
        elif isinstance(inline, Break):
            buf.append(" ")
    if formula is not None:
        buf.append(f"${formula}$")
    return clean("".join(buf))


_TAIL_WORD = re.compile(r"[^\W_]+$")
_HEAD_WORD = re.compile(r"^[^\W_]+")


_MATHML = frozenset(
    "math semantics annotation mrow mi mn mo ms mtext mspace msub msup msubsup mfrac msqrt mroot mover munder "
    "munderover mtable mtr mtd mlabeledtr mstyle mpadded mphantom menclose merror mmultiscripts mprescripts none "
    "mfenced".split()
)
_MATHML_ATTRS = frozenset(
    "display mathvariant stretchy fence separator separators lspace rspace width height depth columnalign rowalign "
    "columnspacing rowspacing columnlines rowlines frame align accent accentunder linethickness notation open close "
    "movablelimits largeop symmetric maxsize minsize scriptlevel displaystyle form encoding bevelled".split()
)
_MATHML_NS = "http://www.w3.org/1998/Math/MathML"


def _is_plain_mathml(markup: str) -> bool:
    """True when ``markup`` is well-formed MathML with only MathML elements and presentation
    attributes. LaTeX comes from uploaded files and the converter passes ``\\text{...}`` through
    verbatim, so anything else (a <meta>, an event handler, a link) fails closed."""
    from lxml import etree

    try:
        root = etree.fromstring(markup.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return False
    for el in root.iter():
        if not isinstance(el.tag, str):
            return False  # comments, processing instructions
        ns, _, local = el.tag.rpartition("}")
        if ns.lstrip("{") != _MATHML_NS or local not in _MATHML:
            return False
        if any(name not in _MATHML_ATTRS for name in el.attrib):
            return False
    return True


def latex_to_mathml(latex: str, display: bool = False) -> str:
    """MathML for the web view; escaped LaTeX when the converter cannot read it or its output is
    not plain MathML."""
    import latex2mathml.converter

    try:
        markup = latex2mathml.converter.convert(latex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - any converter failure shows the source instead
        markup = ""
    if markup and _is_plain_mathml(markup):
        return markup
    return f'<code class="latex">{escape(latex)}</code>'


def to_html(content: Content | None, blob_url: Callable[[str], str] = lambda sha: f"/media/{sha}") -> str:
    """Safe HTML: every text run escaped, equations as MathML, pictures as ``<img>``."""
    if content is None:
        return ""
    return "".join(_block_html(b, blob_url) for b in content.blocks)


def _block_html(block: Paragraph | Table, blob_url: Callable[[str], str]) -> str:
    if isinstance(block, Table):
        rows = "".join(
            "<tr>" + "".join(f"<td>{to_html(cell, blob_url)}</td>" for cell in row) + "</tr>" for row in block.rows
        )
        return f'<table class="qb-table">{rows}</table>'
    align = f' style="text-align:{escape(block.align)}"' if block.align in {"center", "right", "both"} else ""
    return f"<p{align}>{''.join(_inline_html(i, blob_url) for i in block.inlines)}</p>"


# Windows metafiles: Word's drawings and MathType previews. The import adds a PNG rendering.
BROWSER_CANNOT_SHOW = {"image/x-wmf", "image/wmf", "image/x-emf", "image/emf"}


def _emu_to_pt(emu: int | None) -> float | None:
    return emu / 12700 if emu else None


def _picture_html(web: str | None, original: str, mime: str, w_pt: float | None, h_pt: float | None, alt: str,
                  cls: str, blob_url: Callable[[str], str]) -> str:  # fmt: skip
    """The PNG rendering of a metafile, or a visible placeholder of the picture's size (never a blank area)."""
    if web:
        return f'<img src="{escape(blob_url(web))}" alt="{escape(alt)}" class="{cls}">'
    kind = "EMF" if "emf" in mime else "WMF"
    size = ""
    dims = ""
    if w_pt and h_pt:
        size = f" {w_pt * 2.54 / 72:.1f} × {h_pt * 2.54 / 72:.1f} cm"
        dims = f' width="{round(w_pt * 4 / 3)}" height="{round(h_pt * 4 / 3)}"'  # CSS px at 96 dpi
    # The original as source: the browser cannot draw it, so it shows this box with the label instead.
    return f'<img src="{escape(blob_url(original))}"{dims} alt="[{kind}{size}]" class="{cls} qb-missing-picture">'


def _inline_html(inline: object, blob_url: Callable[[str], str]) -> str:
    if isinstance(inline, Text):
        html = escape(inline.text)
        if inline.vert == "sub":
            html = f"<sub>{html}</sub>"
        elif inline.vert == "sup":
            html = f"<sup>{html}</sup>"
        if inline.bold:
            html = f"<strong>{html}</strong>"
        if inline.italic:
            html = f"<em>{html}</em>"
        if inline.underline:
            html = f"<u>{html}</u>"
        return html
    if isinstance(inline, Math):
        return latex_to_mathml(inline.latex, inline.display)
    if isinstance(inline, Image):
        if inline.mime in BROWSER_CANNOT_SHOW:
            w, h = _emu_to_pt(inline.width_emu), _emu_to_pt(inline.height_emu)
            return _picture_html(inline.web, inline.blob, inline.mime, w, h, inline.alt, "qb-img", blob_url)
        return f'<img src="{escape(blob_url(inline.blob))}" alt="{escape(inline.alt)}" class="qb-img">'
    if isinstance(inline, Ole):
        if inline.mathml and _is_plain_mathml(inline.mathml):
            return inline.mathml  # MathType converted on import: its own MathML, richer than via LaTeX
        if inline.latex:
            return latex_to_mathml(inline.latex)
        if inline.preview and inline.preview_mime in BROWSER_CANNOT_SHOW:
            return _picture_html(inline.preview_web, inline.preview, inline.preview_mime, inline.width_pt,
                                 inline.height_pt, "MathType", "qb-ole", blob_url)
        if inline.preview:
            return f'<img src="{escape(blob_url(inline.preview))}" alt="MathType" class="qb-ole">'
        return '<span class="qb-ole">[MathType]</span>'
    if isinstance(inline, Break):
        return "<br>" if inline.kind == "line" else "&emsp;"
    return ""
