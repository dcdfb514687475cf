"""Inlines of rich content: text runs, equations, pictures, embedded objects and breaks, with their JSON form.

``qbank.domain.content`` builds paragraphs, tables and whole ``Content`` from these (and re-exports them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union


@dataclass
class Text:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    color: str | None = None  # "FF0000"; None means automatic/black
    highlight: str | None = None  # Word highlight name ("yellow") or fill colour
    vert: str | None = None  # "sub" | "sup" | None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"t": "text", "text": self.text}
        if self.bold:
            d["b"] = True
        if self.italic:
            d["i"] = True
        if self.underline:
            d["u"] = True
        if self.color:
            d["color"] = self.color
        if self.highlight:
            d["hl"] = self.highlight
        if self.vert:
            d["vert"] = self.vert
        return d


@dataclass
class Math:
    """An equation: ``omml`` is the original ``m:oMath`` (or ``m:oMathPara``) XML, verbatim;
    ``latex`` is its LaTeX form. Equations typed as ``$...$`` text have ``omml=None``."""

    latex: str
    omml: str | None = None
    display: bool = False

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"t": "math", "latex": self.latex}
        if self.omml is not None:
            d["omml"] = self.omml
        if self.display:
            d["display"] = True
        return d


@dataclass
class Image:
    """A picture stored as a content-addressed blob (sha256 hex of its bytes)."""

    blob: str
    mime: str = "image/png"
    width_emu: int | None = None
    height_emu: int | None = None
    alt: str = ""
    floating: bool = False
    web: str | None = None  # a PNG rendering (blob) of a picture browsers cannot show (WMF, EMF)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"t": "image", "blob": self.blob, "mime": self.mime}
        if self.web:
            d["web"] = self.web
        if self.width_emu:
            d["w"] = self.width_emu
        if self.height_emu:
            d["h"] = self.height_emu
        if self.alt:
            d["alt"] = self.alt
        if self.floating:
            d["float"] = True
        return d


@dataclass
class Ole:
    """An embedded OLE object (MathType ``Equation.DSMT4`` and the like): the object's bytes and
    its preview picture, both blobs, so it can be re-embedded in Word and shown on the web."""

    blob: str
    prog_id: str = ""
    preview: str | None = None
    preview_mime: str = "image/x-wmf"
    width_pt: float | None = None
    height_pt: float | None = None
    latex: str | None = None  # MathType equations: LaTeX for search and $...$ text
    mathml: str | None = None  # MathType equations: MathML for the web
    preview_web: str | None = None  # a PNG rendering (blob) of a WMF/EMF preview, for browsers

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"t": "ole", "blob": self.blob, "prog_id": self.prog_id}
        if self.preview:
            d["preview"] = self.preview
            d["preview_mime"] = self.preview_mime
        if self.preview_web:
            d["preview_web"] = self.preview_web
        if self.width_pt:
            d["w"] = self.width_pt
        if self.height_pt:
            d["h"] = self.height_pt
        if self.latex:
            d["latex"] = self.latex
        if self.mathml:
            d["mathml"] = self.mathml
        return d


@dataclass
class Break:
    kind: str = "line"  # "line" | "tab"

    def to_json(self) -> dict[str, Any]:
        return {"t": "br", "kind": self.kind}


Inline = Union[Text, Math, Image, Ole, Break]



def inline_from_json(d: dict[str, Any]) -> Inline:
    """An inline back from its stored JSON form."""
    t = d.get("t")
    if t == "text":
        return Text(
            d.get("text", ""),
            bold=d.get("b", False),
            italic=d.get("i", False),
            underline=d.get("u", False),
            color=d.get("color"),
            highlight=d.get("hl"),
            vert=d.get("vert"),
        )
    if t == "math":
        return Math(latex=d.get("latex", ""), omml=d.get("omml"), display=d.get("display", False))
    if t == "image":
        return Image(
            blob=d["blob"],
            mime=d.get("mime", "image/png"),
            width_emu=d.get("w"),
            height_emu=d.get("h"),
            alt=d.get("alt", ""),
            floating=d.get("float", False),
            web=d.get("web"),
        )
    if t == "ole":
        return Ole(
            blob=d["blob"],
            prog_id=d.get("prog_id", ""),
            preview=d.get("preview"),
            preview_mime=d.get("preview_mime", "image/x-wmf"),
            width_pt=d.get("w"),
            height_pt=d.get("h"),
            latex=d.get("latex"),
            mathml=d.get("mathml"),
            preview_web=d.get("preview_web"),
        )
    if t == "br":
        return Break(d.get("kind", "line"))
    raise ValueError(f"unknown inline type {t!r}")
