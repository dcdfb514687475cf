"""MTEF equation records (LINE, CHAR, TMPL, PILE, MATRIX) and the numbers MTEF names them by.

v3 template selectors are translated to their v5 equivalents by the v3 reader, so everything after
parsing sees one vocabulary (the v5 one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Record types (the same numbers in v3, where the low nibble of the tag byte holds them).
END, LINE, CHAR, TMPL, PILE, MATRIX, EMBELL, RULER = 0, 1, 2, 3, 4, 5, 6, 7
FONT_STYLE_DEF, SIZE, FULL, SUB, SUB2, SYM, SUBSYM = 8, 9, 10, 11, 12, 13, 14
COLOR, COLOR_DEF, FONT_DEF, EQN_PREFS, ENCODING_DEF = 15, 16, 17, 18, 19
FUTURE = 100

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
