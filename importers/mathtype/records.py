"""MTEF v3 and v5 bytes to equation records (LINE, CHAR, TMPL, PILE, MATRIX, EMBELL).

Definition records (fonts, sizes, colours, rulers, preferences) are read to stay in step and,
for fonts, to know which characters are Symbol-font positions; nudges are skipped. v3 template
selectors are translated to their v5 equivalents so later stages see one vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.mathtype.errors import MathTypeError

# Record types (the same numbers in v3, where the low nibble of the tag byte holds them).
END, LINE, CHAR, TMPL, PILE, MATRIX, EMBELL, RULER = 0, 1, 2, 3, 4, 5, 6, 7
FONT_STYLE_DEF, SIZE, FULL, SUB, SUB2, SYM, SUBSYM = 8, 9, 10, 11, 12, 13, 14
COLOR, COLOR_DEF, FONT_DEF, EQN_PREFS, ENCODING_DEF = 15, 16, 17, 18, 19
FUTURE = 100

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

# Template selectors (v5 numbering)
TM_ANGLE, TM_PAREN, TM_BRACE, TM_BRACK, TM_BAR, TM_DBAR, TM_FLOOR, TM_CEILING, TM_OBRACK = range(9)
TM_INTERVAL, TM_ROOT, TM_FRACT, TM_UBAR, TM_OBAR, TM_ARROW, TM_INTEG = range(9, 16)
TM_SUM, TM_PROD, TM_COPROD, TM_UNION, TM_INTER, TM_INTOP, TM_SUMOP, TM_LIM = range(16, 24)
TM_HBRACE, TM_HBRACK, TM_LDIV, TM_SUB, TM_SUP, TM_SUBSUP, TM_DIRAC, TM_VEC = range(24, 32)
TM_TILDE, TM_HAT, TM_ARC, TM_JSTATUS, TM_STRIKE, TM_BOX = range(32, 38)

# Variation bits used below (v5)
TV_FENCE_L, TV_FENCE_R = 0x01, 0x02
TV_ROOT_NTH = 0x01
TV_FR_SMALL, TV_FR_SLASH = 0x01, 0x02
TV_BAR_DOUBLE = 0x01
TV_AR_DOUBLE, TV_AR_HARPOON, TV_AR_TOP, TV_AR_BOTTOM, TV_AR_LEFT, TV_AR_RIGHT = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
TV_AR_BOTH = 0x1000  # v3 only (tmBARROW): a single left-right arrow
TV_INT_MASK, TV_INT_LOOP = 0x03, 0x04
TV_BO_SUM = 0x40
TV_HB_TOP = 0x01
TV_SU_PRECEDES = 0x01
TV_VE_LEFT, TV_VE_RIGHT, TV_VE_UNDER, TV_VE_HARPOON = 0x01, 0x02, 0x04, 0x08
TV_ST_HORIZ, TV_ST_UP, TV_ST_DOWN = 0x01, 0x02, 0x04
TV_DUBAR = 0x01

# Typeface styles
FN_TEXT, FN_FUNCTION, FN_VARIABLE, FN_LCGREEK, FN_UCGREEK, FN_SYMBOL, FN_VECTOR, FN_NUMBER = range(1, 9)
FN_USER1, FN_USER2, FN_MTEXTRA, FN_TEXT_FE = 9, 10, 11, 12
FN_EXPAND, FN_MARKER, FN_SPACE = 22, 23, 24

_MAX_DEPTH = 64  # lists inside lists; deeper is a damaged or hostile object (and would exhaust the stack)


@dataclass
class Char:
    typeface: int
    code: int  # Unicode (or MTCode private-use) code point
    embells: list[int] = field(default_factory=list)
    func_start: bool = False
    symbol_font: bool = False  # the code is a position in the Symbol font, not Unicode


@dataclass
class Line:
    items: list[Item] | None  # None: a null (empty, hidden) slot


@dataclass
class Tmpl:
    selector: int
    variation: int
    options: int
    subs: list[Item]

    def slots(self) -> list[Line]:
        """The template's slots in order; a pile or matrix standing as a slot is wrapped in a line."""
        return [s if isinstance(s, Line) else Line([s]) for s in self.subs if isinstance(s, (Line, Pile, Matrix))]

    def chars(self) -> list[Char]:
        return [s for s in self.subs if isinstance(s, Char)]


@dataclass
class Pile:
    halign: int
    valign: int
    lines: list[Line]


@dataclass
class Matrix:
    valign: int
    h_just: int
    v_just: int
    rows: int
    cols: int
    row_parts: list[int]
    col_parts: list[int]
    cells: list[Line]


Item = Char | Tmpl | Pile | Matrix | Line


@dataclass
class Equation:
    version: int
    items: list[Item]  # the top-level objects: usually one LINE or one PILE
    inline: bool = False


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def u8(self) -> int:
        if self.pos >= len(self.data):
            raise MathTypeError(f"the equation ends too early (byte {self.pos})")
        b = self.data[self.pos]
        self.pos += 1
        return b

    def u16(self) -> int:
        return self.u8() | (self.u8() << 8)

    def s16(self) -> int:
        v = self.u16()
        return v - 0x10000 if v & 0x8000 else v

    def skip(self, n: int) -> None:
        if self.pos + n > len(self.data):
            raise MathTypeError(f"the equation ends too early (byte {self.pos})")
        self.pos += n

    def mtuint(self) -> int:
        b = self.u8()
        return self.u16() if b == 0xFF else b

    def cstring(self) -> str:
        end = self.data.find(b"\0", self.pos)
        if end < 0:
            raise MathTypeError(f"unterminated name at byte {self.pos}")
        s = self.data[self.pos : end].decode("latin-1")
        self.pos = end + 1
        return s

    def nudge(self) -> None:
        dx, dy = self.u8(), self.u8()
        if dx == 128 and dy == 128:
            self.skip(4)


def parse_mtef(data: bytes) -> Equation:
    """Records of an MTEF equation (version 3 or 5); ``MathTypeError`` says why one cannot be read."""
    if len(data) < 5:
        raise MathTypeError("the equation is empty or truncated")
    version = data[0]
    if version == 5:
        return _V5(data).equation()
    if version in (3, 4):  # v4 (MathType 4) is v3's layout with MTCode characters
        return _V3(data).equation()
    raise MathTypeError(f"MTEF version {version} is not supported (only 3 and 5)")


class _V5:
    def __init__(self, data: bytes) -> None:
        self.r = _Reader(data)
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
        if self.depth > _MAX_DEPTH:
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
            row_parts = _partitions(r, rows + 1)
            col_parts = _partitions(r, cols + 1)
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
            _size(r)
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
            _eqn_prefs(r)
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


def _partitions(r: _Reader, n: int) -> list[int]:
    """``n`` two-bit partition line styles, packed from the low bits up, rounded to a byte."""
    nbytes = (2 * n + 7) // 8
    raw = [r.u8() for _ in range(nbytes)]
    return [(raw[i // 4] >> (2 * (i % 4))) & 3 for i in range(n)]


def _size(r: _Reader) -> None:
    lsize = r.u8()
    if lsize == 101:
        r.skip(2)
    elif lsize == 100:
        r.skip(3)
    else:
        r.skip(1)


def _eqn_prefs(r: _Reader) -> None:
    r.u8()  # options
    for _ in range(2):  # sizes, then spaces: a count and that many nibble-coded dimensions
        _dimensions(r, r.u8())
    for _ in range(r.u8()):  # styles: font def index and, when non-zero, a style byte
        if r.u8():
            r.u8()


def _dimensions(r: _Reader, count: int) -> None:
    """Skip ``count`` dimensions: each a unit nibble then value nibbles ended by 0xF, packed
    high nibble first; the array as a whole is padded to a byte."""
    high = True
    byte = 0
    for _ in range(count):
        first = True
        while True:
            if high:
                byte = r.u8()
                nib = byte >> 4
            else:
                nib = byte & 0xF
            high = not high
            if not first and nib == 0xF:
                break
            first = False


class _V3:
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
        self.r = _Reader(data)
        self.depth = 0

    def equation(self) -> Equation:
        version = self.r.u8()
        self.r.skip(4)  # platform, product, product version, product subversion
        return Equation(version, self.objects(top=True))

    def objects(self, top: bool = False) -> list[Item]:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
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
            row_parts = _partitions(r, rows + 1)
            col_parts = _partitions(r, cols + 1)
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
            _size(r)
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
