"""An allowlist pass over rendered question HTML: only the tags and attributes the renderer and
MathML need survive. LaTeX from an uploaded file is attacker-controlled, and the converter passes
``\\text{...}`` through as raw markup, so the web never trusts its output as is."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

HTML_TAGS = {"p", "br", "strong", "em", "u", "sub", "sup", "table", "tbody", "tr", "td", "th", "img", "code", "span", "mark"}
MATHML_TAGS = {
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup",
    "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mlabeledtr", "mstyle",
    "mpadded", "mphantom", "menclose", "merror", "mmultiscripts", "mprescripts", "none", "mfenced",
}
ALLOWED_TAGS = HTML_TAGS | MATHML_TAGS
VOID = {"br", "img"}
ALLOWED_ATTRS = {
    "class", "alt", "src", "xmlns", "display", "mathvariant", "stretchy", "fence", "separator", "separators", "lspace",
    "rspace", "width", "height", "depth", "columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines",
    "rowlines", "frame", "align", "accent", "accentunder", "linethickness", "notation", "open", "close",
    "movablelimits", "largeop", "symmetric", "maxsize", "minsize", "scriptlevel", "displaystyle", "form", "encoding",
    "bevelled",
}
# Pictures only from this server's own picture routes.
IMG_PREFIXES = ("/media/", "/import/")


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> str | None:
        kept = []
        for name, value in attrs:
            name = name.lower()
            if name not in ALLOWED_ATTRS or value is None and name == "src":
                continue
            if name == "src" and (tag != "img" or not str(value).startswith(IMG_PREFIXES) or "//" in str(value)):
                return None  # a picture from elsewhere is dropped whole
            if name == "xmlns" and value != "http://www.w3.org/1998/Math/MathML":
                continue
            kept.append(f' {name}="{escape(value or "", quote=True)}"')
        return "".join(kept)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag not in ALLOWED_TAGS:
            return
        rendered = self._attrs(tag, attrs)
        if rendered is None:
            return
        self.out.append(f"<{tag}{rendered}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag not in ALLOWED_TAGS:
            return
        rendered = self._attrs(tag, attrs)
        if rendered is None:
            return
        self.out.append(f"<{tag}{rendered}>" if tag in VOID else f"<{tag}{rendered}/>")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag not in self.open:
            return  # a stray or disallowed end tag
        while self.open:  # close anything left open inside it, so the nesting stays sound
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.open))


def clean_html(html: str) -> str:
    """``html`` with every disallowed tag removed (its text kept, escaped) and attributes filtered."""
    cleaner = _Cleaner()
    cleaner.feed(html)
    return cleaner.result()
