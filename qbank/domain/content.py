"""Rich content: a small JSON block tree for stems, options, solutions and guide steps.

A ``Content`` is a list of blocks. A block is a ``Paragraph`` (a list of inlines) or a
``Table`` (rows of cells, each cell itself a ``Content``). Inlines are ``Text`` runs with
formatting, ``Math`` (the original OMML kept verbatim plus LaTeX), ``Image`` (a blob
reference), ``Ole`` (an embedded object such as MathType: the OLE blob plus its preview
picture) and ``Break`` (line break or tab); they live in ``qbank.domain.inlines`` and are
importable from here too.

The JSON form is compact and stable (short keys, defaults omitted) because it is stored for
every question version:

    {"blocks": [{"t": "p", "c": [{"t": "text", "text": "Cho ", "b": true},
                                 {"t": "math", "omml": "<m:oMath ...>", "latex": "x^2"}]}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Union

from qbank.domain.inlines import Break, Image, Inline, Math, Ole, Text, inline_from_json
from qbank.domain.latex_text import split_dollar_math


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


def _block_from_json(d: dict[str, Any]) -> Block:
    if d.get("t") == "p":
        return Paragraph([inline_from_json(i) for i in d.get("c", [])], align=d.get("align"))
    if d.get("t") == "table":
        return Table([[Content.from_json(c) for c in row] for row in d.get("rows", [])])
    raise ValueError(f"unknown block type {d.get('t')!r}")
