"""The flat blocks the first pass produces: paragraphs (rich inlines + formatting + flat text) and tables."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Union

from importers.docx.numbering import NumLabel
from importers.docx.package import RunStyle
from qbank.domain.content import Inline, Text

OBJ = "\ufffc"  # one character per equation / picture / OLE object in Para.text


@dataclass
class Para:
    """One paragraph: inlines, their formatting, flat text and where it is."""

    inlines: list[Inline]
    fmts: list[RunStyle | None]
    text: str
    where: str
    num: NumLabel | None = None
    style: str | None = None
    align: str | None = None

    @property
    def label_text(self) -> str:
        """The text as printed, the auto-number included ("Câu 3: Cho hàm số ...")."""
        return f"{self.num.text} {self.text}" if self.num else self.text

    def cut(self, start: int, end: int | None = None) -> Para:
        """The part of this paragraph between two offsets of ``text`` (auto-number dropped)."""
        n = len(self.text)
        end = n if end is None else min(end, n)
        start = max(0, start)
        if start == 0 and end == n:
            return Para(self.inlines, self.fmts, self.text, self.where, None, self.style, self.align)
        offs = self._offsets()
        i0 = max(0, bisect_right(offs, start) - 1)
        i1 = bisect_left(offs, end)
        while i0 < i1 and offs[i0] + _size(self.inlines[i0]) <= start:
            i0 += 1  # the inline before ends where the cut starts (or is empty)
        if i0 >= i1:
            return Para([], [], "", self.where, None, self.style, self.align)
        inlines = self.inlines[i0:i1]
        fmts = self.fmts[i0:i1]
        if inlines:
            # Only the first and last inline may be cut through.
            first, last = inlines[0], inlines[-1]
            if type(first) is Text and start > offs[i0]:
                inlines[0] = first = _text_slice(first, start - offs[i0], len(first.text))
                if len(inlines) == 1:
                    inlines[0] = _text_slice(first, 0, end - start)
                    return Para(inlines, fmts, self.text[start:end], self.where, None, self.style, self.align)
            if type(last) is Text and end < offs[i1 - 1] + len(last.text):
                lo = offs[i1 - 1] if len(inlines) > 1 or start <= offs[i0] else start
                inlines[-1] = _text_slice(inlines[-1], 0, end - lo)  # type: ignore[arg-type]
        return Para(inlines, fmts, self.text[start:end], self.where, None, self.style, self.align)

    def _offsets(self) -> list[int]:
        """Where each inline starts in ``text`` (objects and breaks take one character)."""
        offs = self.__dict__.get("_offs")
        if offs is None:
            offs = []
            pos = 0
            for inline in self.inlines:
                offs.append(pos)
                pos += len(inline.text) if type(inline) is Text else 1
            self.__dict__["_offs"] = offs
        return offs

    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Cell:
    items: list[Block] = field(default_factory=list)

    def paras(self) -> list[Para]:
        out: list[Para] = []
        for it in self.items:
            if isinstance(it, Para):
                out.append(it)
            else:
                for row in it.rows:
                    for cell in row:
                        out.extend(cell.paras())
        return out

    @property
    def text(self) -> str:
        return "\n".join(p.label_text for p in self.paras()).strip()


@dataclass
class TableBlock:
    rows: list[list[Cell]]
    where: str
    index: int


Block = Union[Para, TableBlock]


def _size(inline: Inline) -> int:
    return len(inline.text) if type(inline) is Text else 1  # type: ignore[union-attr]


def _text_slice(t: Text, a: int, b: int) -> Text:
    return Text(t.text[a:b], t.bold, t.italic, t.underline, t.color, t.highlight, t.vert)


def split_lines(para: Para) -> list[Para]:
    """The paragraph cut at its soft line breaks (Shift+Enter), one Para per printed line.

    Table banks and converted papers type a whole question in one paragraph ("Question 1:<br>A. x<br>B. y").
    """
    if "\n" not in para.text:
        return [para]
    out: list[Para] = []
    start = 0
    text = para.text
    while True:
        end = text.find("\n", start)
        piece = para.cut(start, len(text) if end < 0 else end)
        if not out and para.num is not None:
            piece = Para(piece.inlines, piece.fmts, piece.text, para.where, para.num, para.style, para.align)
        out.append(piece)
        if end < 0:
            return out
        start = end + 1
