"""MTEF v5 (MathType 5-7) bytes to equation records; definition records are read to stay in step,
fonts to know which characters are Symbol-font positions."""

from __future__ import annotations

from importers.mathtype.errors import MathTypeError
from importers.mathtype.reader import MAX_DEPTH, Reader, partitions, skip_eqn_prefs, skip_size
from importers.mathtype.records import (
    CHAR,
    COLOR,
    COLOR_DEF,
    EMBELL,
    ENCODING_DEF,
    END,
    EQN_PREFS,
    FONT_DEF,
    FONT_STYLE_DEF,
    FULL,
    FUTURE,
    LINE,
    MATRIX,
    PILE,
    RULER,
    SIZE,
    SUBSYM,
    TMPL,
    Char,
    Equation,
    Item,
    Line,
    Matrix,
    Pile,
    Tmpl,
)  # fmt: skip

# v5 option bits
_OPT_NUDGE = 0x08
_OPT_CHAR_EMBELL = 0x01
_OPT_CHAR_FUNC_START = 0x02
_OPT_CHAR_ENC_CHAR_8 = 0x04
_OPT_CHAR_ENC_CHAR_16 = 0x10
_OPT_CHAR_ENC_NO_MTCODE = 0x20
_OPT_LINE_NULL = 0x01
_OPT_LP_RULER = 0x02
_OPT_LINE_LSPACE = 0x04
_OPT_COLOR_CMYK = 0x01
_OPT_COLOR_NAME = 0x04


class V5:
    def __init__(self, data: bytes) -> None:
        self.r = Reader(data)
        self.font_defs: list[str] = []
        self.style_defs: list[int] = []  # FONT_STYLE_DEF index -> FONT_DEF index (1-based)
        self.depth = 0

    def equation(self) -> Equation:
        r = self.r
        r.skip(5)  # version, platform, product, product version, product subversion
        r.cstring()  # application key ("DSMT6")
        inline = r.u8() == 1
        items = self.objects(top=True)
        return Equation(5, items, inline)

    def objects(self, top: bool = False) -> list[Item]:
        """Records until END (or the end of the data at the top level)."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise MathTypeError("the equation nests too deeply")
        out: list[Item] = []
        r = self.r
        while True:
            if top and r.pos >= len(r.data):
                break
            rtype = r.u8()
            if rtype == END:
                break
            item = self.record(rtype)
            if item is not None:
                out.append(item)
        self.depth -= 1
        return out

    def record(self, rtype: int) -> Item | None:
        r = self.r
        if rtype == LINE:
            return self.line()
        if rtype == CHAR:
            return self.char()
        if rtype == TMPL:
            opts = r.u8()
            if opts & _OPT_NUDGE:
                r.nudge()
            selector = r.u8()
            b1 = r.u8()
            variation = (b1 & 0x7F) | (r.u8() << 8) if b1 & 0x80 else b1
            tmpl_opts = r.u8()
            return Tmpl(selector, variation, tmpl_opts, self.objects())
        if rtype == PILE:
            opts = r.u8()
            if opts & _OPT_NUDGE:
                r.nudge()
            halign, valign = r.u8(), r.u8()
            if opts & _OPT_LP_RULER:
                self.ruler()
            return Pile(halign, valign, [x for x in self.objects() if isinstance(x, Line)])
        if rtype == MATRIX:
            opts = r.u8()
            if opts & _OPT_NUDGE:
                r.nudge()
            valign, h_just, v_just, rows, cols = r.u8(), r.u8(), r.u8(), r.u8(), r.u8()
            row_parts = partitions(r, rows + 1)
            col_parts = partitions(r, cols + 1)
            cells = [x for x in self.objects() if isinstance(x, Line)]
            return Matrix(valign, h_just, v_just, rows, cols, row_parts, col_parts, cells)
        if rtype == EMBELL:  # outside a CHAR's list: ignored
            self.embell()
            return None
        if rtype == RULER:
            self.ruler(tagged=False)
        elif rtype == FONT_STYLE_DEF:
            self.style_defs.append(r.mtuint())
            r.u8()  # character style
        elif rtype == SIZE:
            skip_size(r)
        elif FULL <= rtype <= SUBSYM:
            pass
        elif rtype == COLOR:
            r.mtuint()
        elif rtype == COLOR_DEF:
            opts = r.u8()
            r.skip(8 if opts & _OPT_COLOR_CMYK else 6)
            if opts & _OPT_COLOR_NAME:
                r.cstring()
        elif rtype == FONT_DEF:
            r.mtuint()
            self.font_defs.append(r.cstring())
        elif rtype == EQN_PREFS:
            skip_eqn_prefs(r)
        elif rtype == ENCODING_DEF:
            r.cstring()
        elif rtype >= FUTURE:
            r.skip(r.mtuint())  # FUTURE: a length, then data to skip
        else:
            raise MathTypeError(f"unknown record type {rtype} at byte {r.pos - 1}")
        return None

    def line(self) -> Line:
        r = self.r
        opts = r.u8()
        if opts & _OPT_NUDGE:
            r.nudge()
        if opts & _OPT_LINE_LSPACE:
            r.skip(2)
        if opts & _OPT_LP_RULER:
            self.ruler()
        if opts & _OPT_LINE_NULL:
            return Line(None)
        return Line(self.objects())

    def char(self) -> Char:
        r = self.r
        opts = r.u8()
        if opts & _OPT_NUDGE:
            r.nudge()
        typeface = r.u8() - 128
        mtcode = None if opts & _OPT_CHAR_ENC_NO_MTCODE else r.u16()
        pos = None
        if opts & _OPT_CHAR_ENC_CHAR_8:
            pos = r.u8()
        elif opts & _OPT_CHAR_ENC_CHAR_16:
            pos = r.u16()
        embells: list[int] = []
        if opts & _OPT_CHAR_EMBELL:
            embells = self.embell_list()
        symbol = False
        if mtcode is None:
            # No MTCode: the font position is the character; Symbol-font positions are mapped later.
            symbol = self.font_name(typeface).lower() == "symbol"
            mtcode = pos or 0
        return Char(typeface, mtcode, embells, bool(opts & _OPT_CHAR_FUNC_START), symbol)

    def font_name(self, typeface: int) -> str:
        if typeface >= 0:
            return ""
        i = -typeface - 1
        if i < len(self.style_defs):
            f = self.style_defs[i] - 1
            if 0 <= f < len(self.font_defs):
                return self.font_defs[f]
        return ""

    def embell_list(self) -> list[int]:
        out: list[int] = []
        r = self.r
        while True:
            rtype = r.u8()
            if rtype == END:
                return out
            if rtype != EMBELL:
                raise MathTypeError(f"record type {rtype} in an embellishment list at byte {r.pos - 1}")
            out.append(self.embell())

    def embell(self) -> int:
        r = self.r
        opts = r.u8()
        if opts & _OPT_NUDGE:
            r.nudge()
        return r.u8()

    def ruler(self, tagged: bool = True) -> None:
        r = self.r
        if tagged and r.pos < len(r.data) and r.data[r.pos] == RULER:
            r.u8()
        r.skip(3 * r.u8())
