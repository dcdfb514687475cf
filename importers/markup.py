"""Rich content from the markup LMS formats carry: HTML fragments with pictures, and TeX in ``$$…$$``/``\\(…\\)``."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree, html

from qbank.domain.content import Break, Content, Image, Paragraph, Table, Text
from qbank.domain.latex_text import split_dollar_math
from qbank.domain.question import Blob

# \( … \) and \[ … \] (MathJax's delimiters in Moodle) written as the bank's $…$ / $$…$$.
_PAREN_MATH = re.compile(r"\\\((.+?)\\\)", re.S)
_BRACKET_MATH = re.compile(r"\\\[(.+?)\\\]", re.S)
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "ul", "ol", "dl", "dt", "dd"}


def tex_to_dollars(text: str) -> str:
    """``\\(x^2\\)`` → ``$x^2$`` and ``\\[x\\]`` → ``$$x$$``, so one splitter reads every TeX spelling."""
    text = _BRACKET_MATH.sub(lambda m: f"$${m.group(1).strip()}$$", text)
    return _PAREN_MATH.sub(lambda m: f"${m.group(1).strip()}$", text)


def text_content(text: str) -> Content:
    """Plain text with TeX (any of the usual delimiters) as equations; one paragraph per line."""
    return Content.from_text(tex_to_dollars(text.strip()))


def html_content(markup: str, picture: Callable[[str], Blob | None] = lambda src: None,
                 warn: Callable[[str], None] = lambda msg: None) -> Content:
    """An HTML fragment as rich content: paragraphs, bold/italic/underline, sub/superscripts, tables,
    pictures (``picture(src)`` gives the bytes, e.g. a ``@@PLUGINFILE@@`` file) and TeX as equations.

    Scripts, styles and unknown elements keep only their text; nothing of the HTML is kept as HTML.
    """
    if not markup or not markup.strip():
        return Content([])
    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return text_content(markup)
    builder = _Builder(picture, warn)
    builder.walk(root, {})
    return Content([b for b in builder.finish() if not (isinstance(b, Paragraph) and not _has_content(b))])


def _has_content(p: Paragraph) -> bool:
    return any(not isinstance(i, Text) or i.text.strip() for i in p.inlines)


class _Builder:
    def __init__(self, picture: Callable[[str], Blob | None], warn: Callable[[str], None]) -> None:
        self.picture, self.warn = picture, warn
        self.blocks: list[Paragraph | Table] = []
        self.current: list = []
        self.blobs: dict[str, Blob] = {}

    def flush(self) -> None:
        if self.current:
            self.blocks.append(Paragraph(_split_math(self.current)))
            self.current = []

    def finish(self) -> list[Paragraph | Table]:
        self.flush()
        return self.blocks

    def text(self, s: str | None, style: dict) -> None:
        if s:
            self.current.append(Text(re.sub(r"\s+", " ", s), **style))

    def walk(self, el: etree._Element, style: dict) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "head", "title"):
            return
        if tag == "br":
            self.current.append(Break())
            self.text(el.tail, style)
            return
        if tag == "img":
            self._image(el)
            self.text(el.tail, style)
            return
        if tag == "table":
            self.flush()
            rows = []
            for tr in el.iter("tr"):
                cells = []
                for td in tr:
                    if isinstance(td.tag, str) and td.tag.lower() in ("td", "th"):
                        inner = _Builder(self.picture, self.warn)
                        inner.walk(td, {})
                        cells.append(Content(inner.finish()))
                rows.append(cells)
            self.blocks.append(Table(rows))
            self.text(el.tail, style)
            return
        child_style = dict(style)
        if tag in ("b", "strong"):
            child_style["bold"] = True
        elif tag in ("i", "em"):
            child_style["italic"] = True
        elif tag == "u":
            child_style["underline"] = True
        elif tag in ("sub", "sup"):
            child_style["vert"] = tag
        block = tag in _BLOCKS
        if block:
            self.flush()
        self.text(el.text, child_style)
        for child in el:
            self.walk(child, child_style)
        if block:
            self.flush()
        self.text(el.tail, style)

    def _image(self, el: etree._Element) -> None:
        src = (el.get("src") or "").strip()
        blob = self.picture(src)
        if blob is None:
            self.warn(f"picture {src[:80]!r} is not inside the file: left out")
            return
        self.current.append(Image(blob.sha256, blob.mime, alt=el.get("alt") or ""))


def _split_math(inlines: list) -> list:
    """TeX written in the HTML text becomes equations; formatting of the surrounding text is kept."""
    out: list = []
    for inline in inlines:
        if isinstance(inline, Text) and ("$" in inline.text or "\\(" in inline.text or "\\[" in inline.text):
            for part in split_dollar_math(tex_to_dollars(inline.text)):
                if isinstance(part, Text):
                    part = Text(part.text, inline.bold, inline.italic, inline.underline, inline.color, inline.highlight, inline.vert)
                out.append(part)
        else:
            out.append(inline)
    return out
