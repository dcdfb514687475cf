"""MTEF records to an expression tree: tokens, rows, fractions, roots, scripts, fences, tables.

The tree is what MathML and LaTeX are both written from, so the two always agree. Scripts in
MTEF follow the item they attach to (``tmSUB`` etc. carry only the scripts), so lines are built
left to right and a script template takes the item before it as its base.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.mathtype import records as R
from importers.mathtype.chars import SPACES, char_text, math_alphabet, token_kind


@dataclass
class Tok:
    kind: str  # mi | mn | mo | mtext
    text: str
    variant: str | None = None  # "normal" (upright letters), "bold"
    function: bool = False  # a function name such as sin, log, lim


@dataclass
class Space:
    em: float


@dataclass
class Row:
    items: list[Node] = field(default_factory=list)


@dataclass
class Frac:
    num: Node
    den: Node
    bevelled: bool = False


@dataclass
class Root:
    body: Node
    index: Node | None = None


@dataclass
class Scripts:
    base: Node
    sub: Node | None = None
    sup: Node | None = None
    pre: bool = False  # scripts written before the base (isotopes: ¹⁴C)


@dataclass
class UnderOver:
    base: Node
    under: Node | None = None
    over: Node | None = None
    kind: str = "limits"  # limits (big operators, lim) | arrow | brace | stack


@dataclass
class Accent:
    base: Node
    mark: str  # the accent character
    under: bool = False
    wide: bool = False  # from a template spanning several characters (vector AB, arc AB)


@dataclass
class Fence:
    open: str  # "" when absent
    close: str
    body: Node


@dataclass
class Table:
    rows: list[list[Node]]
    align: str = "center"  # column alignment: left | center | right
    kind: str = "matrix"  # matrix | pile (lines stacked, as in a system of equations)


@dataclass
class Enclose:
    body: Node
    notation: str  # box | updiagonalstrike | downdiagonalstrike | horizontalstrike | longdiv | ...


Node = Tok | Space | Row | Frac | Root | Scripts | UnderOver | Accent | Fence | Table | Enclose

_FENCES = {
    R.TM_ANGLE: ("⟨", "⟩"), R.TM_PAREN: ("(", ")"), R.TM_BRACE: ("{", "}"), R.TM_BRACK: ("[", "]"),
    R.TM_BAR: ("|", "|"), R.TM_DBAR: ("‖", "‖"), R.TM_FLOOR: ("⌊", "⌋"), R.TM_CEILING: ("⌈", "⌉"),
    R.TM_OBRACK: ("⟦", "⟧"),
}  # fmt: skip
_FENCE_CHARS = {"〈": "⟨", "〉": "⟩", "\u2016": "‖"}
_BIG_OPS = {
    R.TM_SUM: "∑", R.TM_PROD: "∏", R.TM_COPROD: "∐", R.TM_UNION: "⋃", R.TM_INTER: "⋂",
}  # fmt: skip
# Big-operator characters MathType sets in the text-size form; MathML and LaTeX want the n-ary ones.
_NARY = {"∪": "⋃", "∩": "⋂", "∧": "⋀", "∨": "⋁"}
_INTEGRALS = {(1, False): "∫", (2, False): "∬", (3, False): "∭", (1, True): "∮", (2, True): "∯", (3, True): "∰"}
_HAT = {R.TM_TILDE: "˜", R.TM_HAT: "^", R.TM_ARC: "⌢", R.TM_JSTATUS: "︹"}

# Embellishment codes (CHAR embellishment lists): (mark, under)
_EMBELL_ACCENT = {
    2: ("˙", False), 3: ("¨", False), 4: ("⃛", False), 24: ("⃜", False), 8: ("˜", False), 9: ("^", False),
    11: ("→", False), 12: ("←", False), 13: ("↔", False), 14: ("⇀", False), 15: ("↼", False), 17: ("¯", False),
    19: ("⌢", False), 20: ("⌣", False),
    25: ("˙", True), 26: ("¨", True), 27: ("⃛", True), 28: ("⃜", True), 29: ("_", True), 30: ("˜", True),
    31: ("⌢", True), 32: ("⌣", True), 33: ("→", True), 34: ("←", True), 35: ("↔", True), 36: ("⇁", True),
    37: ("↽", True),
}  # fmt: skip
_EMBELL_PRIME = {5: "′", 6: "″", 18: "‴"}
_EMBELL_STRIKE = {10: "updiagonalstrike", 16: "horizontalstrike", 21: "updiagonalstrike downdiagonalstrike",
                  22: "updiagonalstrike", 23: "downdiagonalstrike"}  # fmt: skip


def build(eq: R.Equation) -> Row:
    """The expression tree of a whole equation."""
    items = eq.items
    piles = [i for i in items if isinstance(i, R.Pile)]
    if len(piles) == 1 and len(items) == 1:
        # The equation's own lines: trailing empty lines (a stray Enter) are not rows, and one line
        # left is an expression, not a one-row table.
        lines = list(piles[0].lines)
        while lines and not lines[-1].items:
            lines.pop()
        if len(lines) == 1:
            return _items(lines[0].items)
        items = [R.Pile(piles[0].halign, piles[0].valign, lines)]
    return _items(items)


def _items(items: list[R.Item] | None) -> Row:
    out: list[Node] = []
    pending_pre: R.Tmpl | None = None  # a script template written before its base
    for item in items or []:
        if isinstance(item, R.Tmpl) and item.selector in (R.TM_SUB, R.TM_SUP, R.TM_SUBSUP):
            if item.variation & R.TV_SU_PRECEDES:
                pending_pre = item
                continue
            out.append(_scripts(_script_base(out), item))
            continue
        node = _item(item, out)
        if node is None:
            continue
        if pending_pre is not None:
            node = _scripts(node, pending_pre, pre=True)
            pending_pre = None
        out.append(node)
    if pending_pre is not None:
        out.append(_scripts(Row(), pending_pre, pre=True))
    return Row(_join_numbers(out))


def _join_numbers(items: list[Node]) -> list[Node]:
    """A comma or point between two numbers is part of the number: 0,5 (the Vietnamese decimal
    comma) and 11,692 are one ``mn``. One pass, so a hostile line of a million digits stays linear."""
    out: list[Node] = []
    i = 0
    while i < len(items):
        item = items[i]
        prev = out[-1] if out else None
        nxt = items[i + 1] if i + 1 < len(items) else None
        if (
            isinstance(prev, Tok) and prev.kind == "mn"
            and isinstance(item, Tok) and item.kind in ("mo", "mn") and item.text in (",", ".")
            and isinstance(nxt, Tok) and nxt.kind == "mn"
        ):  # fmt: skip
            prev.text += item.text + nxt.text
            i += 2
            continue
        out.append(item)
        i += 1
    return out


_CLOSE_OPEN = {")": "(", "]": "[", "}": "{", "⟩": "⟨", "|": "|"}
_MAX_GROUP = 256  # how far back a closing bracket's opener is looked for (keeps hostile lines linear)


def _script_base(out: list[Node]) -> Node:
    """Take the script's base off the end of ``out``: the last item, or a whole bracketed group
    typed as characters ("(a-b)" then a superscript means (a-b)², not a superscript bracket)."""
    if not out:
        return Row()
    last = out[-1]
    if isinstance(last, Tok) and last.kind == "mo" and last.text in _CLOSE_OPEN:
        opener, depth = _CLOSE_OPEN[last.text], 0
        for i in range(len(out) - 1, max(-1, len(out) - 1 - _MAX_GROUP), -1):
            tok = out[i]
            if isinstance(tok, Tok) and tok.kind == "mo":
                if tok.text == last.text and (i == len(out) - 1 or opener != last.text):
                    depth += 1
                elif tok.text == opener:
                    depth -= 1
                if depth == 0 and i < len(out) - 1:
                    group = out[i:]
                    del out[i:]
                    return Row(group)
    return out.pop()


def _scripts(base: Node, t: R.Tmpl, pre: bool = False) -> Scripts:
    slots = t.slots()
    sub = _slot(slots, 0) if t.selector in (R.TM_SUB, R.TM_SUBSUP) else None
    sup = _slot(slots, 1) if t.selector in (R.TM_SUP, R.TM_SUBSUP) else None
    return Scripts(base, sub, sup, pre)


def _slot(slots: list[R.Line], i: int) -> Node | None:
    """Slot ``i`` as a row; None when missing or a null (hidden) line."""
    if i >= len(slots) or slots[i].items is None:
        return None
    return _items(slots[i].items)


def _item(item: R.Item, before: list[Node]) -> Node | None:
    if isinstance(item, R.Char):
        return _char(item, before)
    if isinstance(item, R.Line):
        return _items(item.items) if item.items is not None else None
    if isinstance(item, R.Pile):
        rows = [[_items(line.items)] for line in item.lines]
        return Table(rows, {1: "left", 3: "right"}.get(item.halign, "center"), kind="pile")
    if isinstance(item, R.Matrix):
        return _matrix(item)
    return _template(item)


def _char(ch: R.Char, before: list[Node]) -> Node | None:
    if ch.typeface == R.FN_SPACE or ch.code in SPACES:
        return Space(SPACES.get(ch.code, 0.25))
    text = char_text(ch)
    if not text:
        return None
    kind = token_kind(ch, text)
    if text == "'" and kind != "mtext":
        text = "′"  # an apostrophe typed in math (y'' or a superscript ') is a prime
    function = ch.typeface == R.FN_FUNCTION and kind == "mi"
    # Letters of one function name (s, i, n) and digits of one number are one token.
    prev = before[-1] if before else None
    if (
        not ch.embells
        and isinstance(prev, Tok)
        and prev.kind == kind
        and ((kind == "mn") or (kind == "mtext") or (function and prev.function and not ch.func_start))
    ):
        prev.text += text
        return None
    if kind == "mn" and text in ".," and not (isinstance(prev, Tok) and prev.kind == "mn"):
        kind = "mo"
    variant = None
    if ch.typeface == R.FN_VECTOR and kind == "mi":
        variant = "bold"
    elif kind == "mi" and ch.typeface in (R.FN_TEXT, R.FN_TEXT_FE):
        variant = "normal"
    alphabet = math_alphabet(ch.code)
    if alphabet is not None:
        variant = alphabet[1]
    node: Node = Tok(kind, text, variant, function)
    return _embellish(node, ch.embells)


def _embellish(node: Node, embells: list[int]) -> Node:
    for e in embells:
        if e in _EMBELL_PRIME:
            node = Scripts(node, None, Tok("mo", _EMBELL_PRIME[e]))
        elif e == 7:  # backwards prime, before the character
            node = Scripts(node, None, Tok("mo", "‵"), pre=True)
        elif e in _EMBELL_ACCENT:
            mark, under = _EMBELL_ACCENT[e]
            node = Accent(node, mark, under)
        elif e in _EMBELL_STRIKE:
            node = Enclose(node, _EMBELL_STRIKE[e])
    return node


def _matrix(m: R.Matrix) -> Table:
    cells = [_items(c.items) for c in m.cells]
    cols = max(m.cols, 1)
    rows = [cells[i : i + cols] for i in range(0, len(cells), cols)]
    align = {1: "left", 3: "right"}.get(m.h_just, "center")
    return Table(rows, align, kind="matrix")


def _template(t: R.Tmpl) -> Node | None:
    sel, var = t.selector, t.variation
    slots = t.slots()
    chars = [char_text(c) for c in t.chars()]
    main = _slot(slots, 0) or Row()
    if sel <= R.TM_INTERVAL:
        default = _FENCES.get(sel, ("(", ")"))
        left = _FENCE_CHARS.get(chars[0], chars[0]) if len(chars) > 0 else default[0]
        right = _FENCE_CHARS.get(chars[-1], chars[-1]) if len(chars) > 1 else default[1]
        if sel != R.TM_INTERVAL:
            if not var & R.TV_FENCE_L:
                left, right = "", right if len(chars) > 1 else (chars[0] if chars else default[1])
            if not var & R.TV_FENCE_R:
                right = ""
        return Fence(left, right, main)
    if sel == R.TM_ROOT:
        index = _slot(slots, 1) if var & R.TV_ROOT_NTH else None
        return Root(main, index)
    if sel == R.TM_FRACT:
        return Frac(main, _slot(slots, 1) or Row(), bevelled=bool(var & R.TV_FR_SLASH))
    if sel in (R.TM_UBAR, R.TM_OBAR):
        mark = "_" if sel == R.TM_UBAR else "¯"
        node: Node = Accent(main, mark, under=sel == R.TM_UBAR, wide=True)
        if var & R.TV_BAR_DOUBLE:
            node = Accent(node, mark, under=sel == R.TM_UBAR, wide=True)
        return node
    if sel == R.TM_ARROW:
        return _arrow(t, chars)
    if sel == R.TM_INTEG:
        count = var & R.TV_INT_MASK or 1
        op = _INTEGRALS[(count, bool(var & R.TV_INT_LOOP))]
        return _big_op(op, slots, var)
    if sel in _BIG_OPS or sel in (R.TM_INTOP, R.TM_SUMOP):
        if sel in _BIG_OPS:
            op = _NARY.get(chars[0], chars[0]) if chars else _BIG_OPS[sel]
            return _big_op(op, slots, var)
        # tmINTOP / tmSUMOP: the operator is the template's fourth slot (any expression)
        op_node = _slot(slots, 3) or Row()
        return _big_op(op_node, slots, var)
    if sel == R.TM_LIM:
        return UnderOver(main, _slot(slots, 1), _slot(slots, 2), kind="limits")
    if sel in (R.TM_HBRACE, R.TM_HBRACK):
        top = bool(var & R.TV_HB_TOP)
        brace = {True: "⏞", False: "⏟"} if sel == R.TM_HBRACE else {True: "⎴", False: "⎵"}
        label = _slot(slots, 1)
        inner = UnderOver(main, None if top else Tok("mo", brace[False]), Tok("mo", brace[True]) if top else None,
                          kind="brace")  # fmt: skip
        if label is None:
            return inner
        return UnderOver(inner, None if top else label, label if top else None, kind="brace")
    if sel == R.TM_LDIV:
        body = Enclose(main, "longdiv")
        quotient = _slot(slots, 1) if var & 1 else None
        # The quotient is written above the dividend, right-aligned, as MathType draws it.
        return Table([[quotient], [body]], "right", kind="pile") if quotient is not None else body
    if sel == R.TM_DIRAC:
        left, right = _slot(slots, 0), _slot(slots, 1)
        items: list[Node] = []
        if left is not None:
            items.append(left)
        if left is not None and right is not None:
            items.append(Tok("mo", "|"))
        if right is not None:
            items.append(right)
        return Fence("⟨" if var & 1 else "", "⟩" if var & 2 else "", Row(items))
    if sel == R.TM_VEC:
        if var & R.TV_VE_HARPOON:
            left = var & R.TV_VE_LEFT and not var & R.TV_VE_RIGHT
            # the barb points away from the slot: up over it, down under it
            mark = ("↽" if left else "⇁") if var & R.TV_VE_UNDER else ("↼" if left else "⇀")
        elif var & R.TV_VE_LEFT and var & R.TV_VE_RIGHT:
            mark = "↔"
        elif var & R.TV_VE_LEFT:
            mark = "←"
        else:
            mark = "→"
        return Accent(main, mark, under=bool(var & R.TV_VE_UNDER), wide=True)
    if sel in _HAT:
        return Accent(main, _HAT[sel], wide=True)
    if sel == R.TM_STRIKE:
        if var & R.TV_ST_HORIZ:
            return Enclose(main, "horizontalstrike")
        notes = [n for bit, n in ((R.TV_ST_UP, "updiagonalstrike"), (R.TV_ST_DOWN, "downdiagonalstrike")) if var & bit]
        return Enclose(main, " ".join(notes) or "updiagonalstrike")
    if sel == R.TM_BOX:
        if var & 0x1E in (0x1E, 0):
            return Enclose(main, "roundedbox" if var & 1 else "box")
        sides = [n for bit, n in ((2, "left"), (4, "right"), (8, "top"), (16, "bottom")) if var & bit]
        return Enclose(main, " ".join(sides))
    return main  # an unknown template: keep its content


def _big_op(op: str | Node, slots: list[R.Line], var: int) -> Node:
    body = _slot(slots, 0) or Row()
    lower = _slot(slots, 1)
    upper = _slot(slots, 2)
    op_node = Tok("mo", op) if isinstance(op, str) else op
    while isinstance(op_node, Row) and len(op_node.items) == 1:
        op_node = op_node.items[0]
    if isinstance(op_node, Tok) and op_node.kind == "mo":
        op_node = Tok("mo", _NARY.get(op_node.text, op_node.text))
    if lower is None and upper is None:
        limits: Node = op_node
    elif var & R.TV_BO_SUM:
        limits = UnderOver(op_node, lower, upper, kind="limits")
    else:
        limits = Scripts(op_node, lower, upper)
    return Row([limits, body])


def _arrow(t: R.Tmpl, chars: list[str]) -> Node:
    var = t.variation
    slots = t.slots()
    over = _slot(slots, 0) if var & R.TV_AR_TOP else None
    under = _slot(slots, 1) if var & R.TV_AR_BOTTOM else None
    if var & (R.TV_AR_TOP | R.TV_AR_BOTTOM) == 0:  # v3 objects decide by the slots present
        over, under = _slot(slots, 0), _slot(slots, 1)
    # A pair of arrows (double or harpoon, whatever their relative sizes) is one Unicode arrow.
    if len(chars) == 1:
        arrow = chars[0]
    elif var & R.TV_AR_HARPOON or (chars and chars[0] in "⇀↽"):
        arrow = "⇌"
    elif var & R.TV_AR_DOUBLE or len(chars) > 1:
        arrow = "⇄"
    elif var & R.TV_AR_BOTH:
        arrow = "↔"
    else:
        arrow = "←" if var & R.TV_AR_LEFT and not var & R.TV_AR_RIGHT else "→"
    return UnderOver(Tok("mo", arrow), under, over, kind="arrow")
