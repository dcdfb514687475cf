"""Expression tree to presentation MathML (the web view)."""

from __future__ import annotations

from html import escape

from importers.mathtype import tree as T

_NS = "http://www.w3.org/1998/Math/MathML"
_STRETCHY_ACCENTS = frozenset("→←↔⇀↼⇁↽¯_⌢⌣˜^⏞⏟⎴⎵")


def to_mathml(node: T.Node, display: bool = False) -> str:
    """A ``<math>`` element for the tree."""
    mode = "block" if display else "inline"
    return f'<math xmlns="{_NS}" display="{mode}">{_row(node)}</math>'


def _row(node: T.Node) -> str:
    """The node as one MathML element (an ``mrow`` when it is several)."""
    if isinstance(node, T.Row):
        if len(node.items) == 1:
            return _row(node.items[0])
        return "<mrow>" + "".join(_row(i) for i in node.items) + "</mrow>"
    return _node(node)


def _opt(node: T.Node | None) -> str:
    return _row(node) if node is not None else "<mrow/>"


def _node(node: T.Node) -> str:  # noqa: C901 - one branch per node type
    if isinstance(node, T.Tok):
        variant = node.variant or ("normal" if node.function and len(node.text) == 1 else None)
        attrs = f' mathvariant="{variant}"' if variant else ""
        if node.kind == "mo" and node.text in "()[]{}|":
            attrs += ' stretchy="false"'
        return f"<{node.kind}{attrs}>{escape(node.text, quote=False)}</{node.kind}>"
    if isinstance(node, T.Space):
        return f'<mspace width="{node.em:.3g}em"/>'
    if isinstance(node, T.Row):
        return _row(node)
    if isinstance(node, T.Frac):
        bevel = ' bevelled="true"' if node.bevelled else ""
        return f"<mfrac{bevel}>{_row(node.num)}{_row(node.den)}</mfrac>"
    if isinstance(node, T.Root):
        if node.index is None:
            return f"<msqrt>{_row(node.body)}</msqrt>"
        return f"<mroot>{_row(node.body)}{_row(node.index)}</mroot>"
    if isinstance(node, T.Scripts):
        return _scripts(node)
    if isinstance(node, T.UnderOver):
        base = _row(node.base)
        if node.kind == "limits" and isinstance(node.base, T.Tok) and node.base.kind == "mo":
            base = node.base and f'<mo movablelimits="false">{escape(node.base.text, quote=False)}</mo>'
        if node.under is not None and node.over is not None:
            return f"<munderover>{base}{_row(node.under)}{_row(node.over)}</munderover>"
        if node.under is not None:
            return f"<munder>{base}{_row(node.under)}</munder>"
        if node.over is not None:
            return f"<mover>{base}{_row(node.over)}</mover>"
        return base
    if isinstance(node, T.Accent):
        stretchy = ' stretchy="true"' if node.wide and node.mark in _STRETCHY_ACCENTS else ""
        mark = f"<mo{stretchy}>{escape(node.mark, quote=False)}</mo>"
        if node.under:
            return f'<munder accentunder="true">{_row(node.base)}{mark}</munder>'
        return f'<mover accent="true">{_row(node.base)}{mark}</mover>'
    if isinstance(node, T.Fence):
        parts = ["<mrow>"]
        if node.open:
            parts.append(f'<mo fence="true" stretchy="true">{escape(node.open, quote=False)}</mo>')
        parts.append(_row(node.body))
        if node.close:
            parts.append(f'<mo fence="true" stretchy="true">{escape(node.close, quote=False)}</mo>')
        parts.append("</mrow>")
        return "".join(parts)
    if isinstance(node, T.Table):
        rows = "".join("<mtr>" + "".join(f"<mtd>{_row(c)}</mtd>" for c in row) + "</mtr>" for row in node.rows)
        return f'<mtable columnalign="{node.align}">{rows}</mtable>'
    if isinstance(node, T.Enclose):
        return f'<menclose notation="{node.notation}">{_row(node.body)}</menclose>'
    return "<mrow/>"


def _scripts(node: T.Scripts) -> str:
    base = _opt(node.base) if not (isinstance(node.base, T.Row) and not node.base.items) else "<mrow/>"
    if node.pre:
        sub = _row(node.sub) if node.sub is not None else "<none/>"
        sup = _row(node.sup) if node.sup is not None else "<none/>"
        return f"<mmultiscripts>{base}<mprescripts/>{sub}{sup}</mmultiscripts>"
    if node.sub is not None and node.sup is not None:
        return f"<msubsup>{base}{_row(node.sub)}{_row(node.sup)}</msubsup>"
    if node.sub is not None:
        return f"<msub>{base}{_row(node.sub)}</msub>"
    if node.sup is not None:
        return f"<msup>{base}{_row(node.sup)}</msup>"
    return base
