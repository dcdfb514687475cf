"""MTEF v3 (Equation Editor 3, MathType 3-4) bytes to equation records, templates renumbered as in v5."""

from __future__ import annotations

from importers.mathtype.errors import MathTypeError
from importers.mathtype.reader import MAX_DEPTH, Reader, partitions, skip_size
from importers.mathtype.records import (
    CHAR,
    EMBELL,
    END,
    FN_LCGREEK,
    FN_UCGREEK,
    FONT_STYLE_DEF,
    FULL,
    LINE,
    MATRIX,
    PILE,
    RULER,
    SIZE,
    SUBSYM,
    TM_ARC,
    TM_ARROW,
    TM_CEILING,
    TM_COPROD,
    TM_DIRAC,
    TM_FRACT,
    TM_HBRACE,
    TM_INTEG,
    TM_INTER,
    TM_INTERVAL,
    TM_INTOP,
    TM_LDIV,
    TM_LIM,
    TM_OBAR,
    TM_PROD,
    TM_ROOT,
    TM_SUB,
    TM_SUBSUP,
    TM_SUM,
    TM_SUMOP,
    TM_SUP,
    TM_UBAR,
    TM_UNION,
    TM_VEC,
    TMPL,
    TV_AR_BOTH,
    TV_AR_BOTTOM,
    TV_AR_LEFT,
    TV_AR_RIGHT,
    TV_AR_TOP,
    TV_BO_SUM,
    TV_FENCE_L,
    TV_FENCE_R,
    TV_FR_SLASH,
    TV_FR_SMALL,
    TV_HB_TOP,
    TV_SU_PRECEDES,
    TV_VE_RIGHT,
    TV_VE_UNDER,
    Char,
    Equation,
    Item,
    Line,
    Matrix,
    Pile,
    Tmpl,
)  # fmt: skip


class V3:
    """MTEF v3 (Equation Editor 3, MathType 3): the tag byte holds options in its high nibble."""

    # v3 selector -> (v5 selector, v5 variation bits implied by the selector)
    _SELECTORS: dict[int, tuple[int, int]] = {
        **{i: (i, 0) for i in range(8)},
        8: (TM_INTERVAL, 0), 9: (TM_INTERVAL, 0), 10: (TM_INTERVAL, 0), 11: (TM_INTERVAL, 0), 12: (TM_INTERVAL, 0),
        13: (TM_ROOT, 0), 14: (TM_FRACT, 0), 15: (TM_SUP, 0), 16: (TM_UBAR, 0), 17: (TM_OBAR, 0),
        18: (TM_ARROW, TV_AR_LEFT), 19: (TM_ARROW, TV_AR_RIGHT), 20: (TM_ARROW, TV_AR_BOTH),
        21: (TM_INTEG, 1), 22: (TM_INTEG, 2), 23: (TM_INTEG, 3),
        24: (TM_INTEG, 1 | TV_BO_SUM), 25: (TM_INTEG, 2 | TV_BO_SUM), 26: (TM_INTEG, 3 | TV_BO_SUM),
        27: (TM_HBRACE, TV_HB_TOP), 28: (TM_HBRACE, 0),
        29: (TM_SUM, TV_BO_SUM), 30: (TM_SUM, 0), 31: (TM_PROD, TV_BO_SUM), 32: (TM_PROD, 0),
        33: (TM_COPROD, TV_BO_SUM), 34: (TM_COPROD, 0), 35: (TM_UNION, TV_BO_SUM), 36: (TM_UNION, 0),
        37: (TM_INTER, TV_BO_SUM), 38: (TM_INTER, 0), 39: (TM_LIM, 0), 40: (TM_LDIV, 0),
        41: (TM_FRACT, TV_FR_SLASH), 42: (TM_INTOP, 0), 43: (TM_SUMOP, TV_BO_SUM), 44: (TM_SUP, TV_SU_PRECEDES),
        45: (TM_DIRAC, 3), 46: (TM_VEC, TV_VE_UNDER | TV_VE_RIGHT), 47: (TM_VEC, TV_VE_RIGHT), 48: (TM_ARC, 0),
    }  # fmt: skip

    def __init__(self, data: bytes) -> None:
        self.r = Reader(data)
        self.depth = 0

    def equation(self) -> Equation:
        version = self.r.u8()
        self.r.skip(4)  # platform, product, product version, product subversion
        return Equation(version, self.objects(top=True))

    def objects(self, top: bool = False) -> list[Item]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise MathTypeError("the equation nests too deeply")
        out: list[Item] = []
        r = self.r
        while True:
            if top and r.pos >= len(r.data):
                break
            tag = r.u8()
            rtype, opts = tag & 0x0F, tag >> 4
            if rtype == END:
                break
            item = self.record(rtype, opts)
            if item is not None:
                out.append(item)
        self.depth -= 1
        return out

    def record(self, rtype: int, opts: int) -> Item | None:
        r = self.r
        if rtype in (LINE, CHAR, TMPL, PILE, MATRIX, EMBELL) and opts & 0x08:
            r.nudge()
        if rtype == LINE:
            if opts & 0x04:
                r.skip(2)
            if opts & 0x02:
                self.ruler()
            return Line(None) if opts & 0x01 else Line(self.objects())
        if rtype == CHAR:
            typeface = r.u8() - 128
            code = r.u16()
            embells = self.embell_list() if opts & 0x02 else []
            symbol = False
            if 0xF000 <= code <= 0xF0FF:  # a Symbol-font position in the private-use area
                code, symbol = code & 0xFF, True
            elif typeface in (FN_LCGREEK, FN_UCGREEK) and code < 0x80:
                symbol = True  # Equation Editor wrote Greek as Latin letters of the Symbol font
            return Char(typeface, code, embells, bool(opts & 0x01), symbol)
        if rtype == TMPL:
            sel, var, tmpl_opts = r.u8(), r.u8(), r.u8()
            subs = self.objects()
            return _v3_template(sel, var, tmpl_opts, subs, self._SELECTORS)
        if rtype == PILE:
            halign, valign = r.u8(), r.u8()
            if opts & 0x02:
                self.ruler()
            return Pile(halign, valign, [x for x in self.objects() if isinstance(x, Line)])
        if rtype == MATRIX:
            valign, h_just, v_just, rows, cols = r.u8(), r.u8(), r.u8(), r.u8(), r.u8()
            row_parts = partitions(r, rows + 1)
            col_parts = partitions(r, cols + 1)
            cells = [x for x in self.objects() if isinstance(x, Line)]
            return Matrix(valign, h_just, v_just, rows, cols, row_parts, col_parts, cells)
        if rtype == EMBELL:
            r.u8()
            return None
        if rtype == RULER:
            r.skip(3 * r.u8())
        elif rtype == FONT_STYLE_DEF:  # v3 FONT: typeface, style, name
            r.skip(2)
            r.cstring()
        elif rtype == SIZE:
            skip_size(r)
        elif FULL <= rtype <= SUBSYM:
            pass
        else:
            raise MathTypeError(f"unknown record type {rtype} at byte {r.pos - 1}")
        return None

    def embell_list(self) -> list[int]:
        out: list[int] = []
        r = self.r
        while True:
            tag = r.u8()
            rtype, opts = tag & 0x0F, tag >> 4
            if rtype == END:
                return out
            if rtype != EMBELL:
                raise MathTypeError(f"record type {rtype} in an embellishment list at byte {r.pos - 1}")
            if opts & 0x08:
                r.nudge()
            out.append(r.u8())

    def ruler(self) -> None:
        r = self.r
        if r.pos < len(r.data) and r.data[r.pos] & 0x0F == RULER:
            r.u8()
        r.skip(3 * r.u8())


def _v3_template(sel: int, var: int, opts: int, subs: list[Item], table: dict[int, tuple[int, int]]) -> Tmpl:
    if sel not in table:
        raise MathTypeError(f"unknown MTEF v3 template {sel}")
    sel5, var5 = table[sel]
    if sel5 <= TM_CEILING:
        var5 = {0: TV_FENCE_L | TV_FENCE_R, 1: TV_FENCE_L, 2: TV_FENCE_R}.get(var, TV_FENCE_L | TV_FENCE_R)
    elif sel5 == TM_INTERVAL:
        var5 = TV_FENCE_L | TV_FENCE_R
    elif sel5 == TM_SUP:  # tmSCRIPT / tmLSCRIPT: 0 superscript, 1 subscript, 2 both
        sel5 = {0: TM_SUP, 1: TM_SUB, 2: TM_SUBSUP}.get(var, TM_SUBSUP)
    elif sel5 in (TM_ROOT, TM_UBAR, TM_OBAR, TM_LIM):
        var5 |= var & 1
    elif sel5 == TM_FRACT:
        var5 |= TV_FR_SMALL if var & 1 else 0
    elif sel5 == TM_ARROW:
        var5 |= TV_AR_BOTTOM if var & 1 else TV_AR_TOP
    return Tmpl(sel5, var5, opts, subs)
