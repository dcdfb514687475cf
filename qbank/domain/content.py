"""Rich content: a small JSON block tree for stems, options, solutions and guide steps.

A ``Content`` is a list of blocks. A block is a ``Paragraph`` (a list of inlines) or a
``Table`` (rows of cells, each cell itself a ``Content``). Inlines are ``Text`` runs with
formatting, ``Math`` (the original OMML kept verbatim plus LaTeX), ``Image`` (a blob
reference), ``Ole`` (an embedded object such as MathType: the OLE blob plus its preview
picture) and ``Break`` (line break or tab).

The JSON form is compact and stable (short keys, defaults omitted) because it is stored for
every question version:

    {"blocks": [{"t": "p", "c": [{"t": "text", "text": "Cho ", "b": true},
                                 {"t": "math", "omml": "<m:oMath ...>", "latex": "x^2"}]}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
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


@dataclass
class Paragraph:
    inlines: list[Inline] = field(default_factory=list)
    align: str | None = None  # "center" | "right" | "both"

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"t": "p", "c": [i.to_json() for i in self.inlines]}
        if self.align:
            d["align"] = self.align
        return d


@dataclass
class Table:
    rows: list[list[Content]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"t": "table", "rows": [[cell.to_json() for cell in row] for row in self.rows]}


Block = Union[Paragraph, Table]


@dataclass
class Content:
    blocks: list[Block] = field(default_factory=list)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_text(cls, text: str) -> Content:
        """Plain text, one paragraph per line; ``$...$`` spans become ``Math`` inlines."""
        from qbank.domain.latex_text import split_dollar_math

        blocks: list[Block] = []
        for line in text.split("\n"):
            blocks.append(Paragraph(split_dollar_math(line)))
        return cls(blocks)

    def to_json(self) -> dict[str, Any]:
        return {"blocks": [b.to_json() for b in self.blocks]}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Content:
        if not data:
            return cls()
        return cls([_block_from_json(b) for b in data.get("blocks", [])])

    # -- inspection ---------------------------------------------------------------------
    def is_empty(self) -> bool:
        """True when there is nothing but whitespace: no table, equation or picture."""
        if any(isinstance(b, Table) for b in self.blocks):
            return False
        return all(isinstance(i, (Text, Break)) and not getattr(i, "text", "").strip() for i in self.inlines())

    def inlines(self) -> Iterator[Inline]:
        """Every inline, depth first, tables included."""
        for block in self.blocks:
            yield from _block_inlines(block)

    def blob_refs(self) -> set[str]:
        refs: set[str] = set()
        for inline in self.inlines():
            if isinstance(inline, Image):
                refs.add(inline.blob)
                if inline.web:
                    refs.add(inline.web)
            elif isinstance(inline, Ole):
                refs.add(inline.blob)
                if inline.preview:
                    refs.add(inline.preview)
                if inline.preview_web:
                    refs.add(inline.preview_web)
        return refs

    def count_equations(self) -> int:
        """Word equations (OMML) and MathType objects; ``$...$`` typed math is not counted."""
        return sum(1 for i in self.inlines() if (isinstance(i, Math) and i.omml is not None) or isinstance(i, Ole))

    def count_omml(self) -> int:
        return sum(1 for i in self.inlines() if isinstance(i, Math) and i.omml is not None)

    def count_math(self) -> int:
        """Every equation, typed ``$...$`` math included."""
        return sum(1 for i in self.inlines() if isinstance(i, (Math, Ole)))

    def count_images(self) -> int:
        return sum(1 for i in self.inlines() if isinstance(i, Image))

    def extend(self, other: Content) -> None:
        self.blocks.extend(other.blocks)

    def __bool__(self) -> bool:  # an empty Content is falsy, like an empty string
        return bool(self.blocks) and not self.is_empty()


def _block_inlines(block: Block) -> Iterator[Inline]:
    if isinstance(block, Paragraph):
        yield from block.inlines
    else:
        for row in block.rows:
            for cell in row:
                yield from cell.inlines()


def _inline_from_json(d: dict[str, Any]) -> Inline:
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


def _block_from_json(d: dict[str, Any]) -> Block:
    if d.get("t") == "p":
        return Paragraph([_inline_from_json(i) for i in d.get("c", [])], align=d.get("align"))
    if d.get("t") == "table":
        return Table([[Content.from_json(c) for c in row] for row in d.get("rows", [])])
    raise ValueError(f"unknown block type {d.get('t')!r}")
