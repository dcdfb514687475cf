"""Structural comparison of two MathML trees: elements, symbols and nesting, not markup style.

Normalisations (each is a presentation choice, not a change of meaning):
- attributes, whitespace, ``semantics``/``annotation`` and the layout-only wrappers ``mrow``,
  ``mstyle``, ``mpadded`` are dropped (a one-child mrow and its child are the same math);
  ``mspace`` is dropped (spacing);
- adjacent tokens of one kind merge (``<mi>c</mi><mi>o</mi>`` = ``<mi>co</mi>``: token boundaries
  inside a run of letters or digits are a style choice) and text is NFC with no-break spaces ignored;
- a token whose text is not a letter or digit is compared as an operator (``mo``);
- a script or limit that is empty draws nothing: ``msubsup`` with an empty superscript is ``msub``;
- a script element with an empty base right after an item is that item's script (the reference
  converter sometimes detaches scripts from their base).
Elements with fixed arguments (mfrac, msub, munderover, mmultiscripts …) keep each argument apart,
so nesting is compared exactly.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from lxml import etree

_NS = "{http://www.w3.org/1998/Math/MathML}"
_FIXED = frozenset("mfrac msub msup msubsup mroot munder mover munderover mmultiscripts".split())
_TRANSPARENT = frozenset("mrow mstyle semantics mpadded mphantom".split())
_TOKENS = frozenset("mi mn mo mtext ms".split())

Item = tuple[str, Any]


def normalise(markup: str | bytes, equivalent: dict[str, str] | None = None) -> list[Item]:
    """The normalised form of a ``<math>`` document (see the module docstring)."""
    if isinstance(markup, str):
        markup = markup.encode("utf-8")
    root = etree.fromstring(markup)
    return _children(root, equivalent or {})


def _local(el: etree._Element) -> str:
    return el.tag.replace(_NS, "") if isinstance(el.tag, str) else ""


def _children(el: etree._Element, eq: dict[str, str]) -> list[Item]:
    out: list[Item] = []
    for child in el:
        tag = _local(child)
        if not tag or tag in ("annotation", "annotation-xml", "mspace"):
            continue
        if tag in _TRANSPARENT:
            for item in _children(child, eq):
                _append(out, item)
            continue
        if tag in _TOKENS:
            text = "".join(eq.get(ch, ch) for ch in (child.text or ""))
            text = unicodedata.normalize("NFC", text).replace("\xa0", " ").strip()
            if not text:
                continue
            if tag != "mtext" and not text.isalnum():
                tag = "mo"
            _append(out, (tag, text))
            continue
        if tag in _FIXED:
            args = [_argument(a, eq) for a in child if _local(a)]
            _append_script(out, tag, args)
            continue
        _append(out, (tag, tuple(_children(child, eq))))
    return out


def _argument(el: etree._Element, eq: dict[str, str]) -> tuple[Item, ...]:
    tag = _local(el)
    if tag in _TRANSPARENT:
        return tuple(_children(el, eq))
    holder = etree.Element("holder")
    holder.append(_copy(el))
    return tuple(_children(holder, eq))


def _copy(el: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(el))


def _append(out: list[Item], item: Item) -> None:
    if out and item[0] in ("mi", "mn", "mtext") and out[-1][0] == item[0] and isinstance(item[1], str):
        out[-1] = (item[0], out[-1][1] + item[1])
    else:
        out.append(item)


def _append_script(out: list[Item], tag: str, args: list[tuple[Item, ...]]) -> None:
    if tag in ("msubsup", "munderover") and len(args) == 3:
        low, high = args[1], args[2]
        if not low and not high:
            for item in args[0]:
                _append(out, item)
            return
        if not high:
            tag, args = {"msubsup": "msub", "munderover": "munder"}[tag], args[:2]
        elif not low:
            tag, args = {"msubsup": "msup", "munderover": "mover"}[tag], [args[0], args[2]]
    if tag in ("msub", "msup", "msubsup") and args and not args[0] and out:
        args = [(out.pop(),), *args[1:]]
    out.append((tag, tuple(args)))


def render(items: list[Item] | tuple[Item, ...], indent: int = 0) -> str:
    """A readable outline (for assertion messages and diffs)."""
    lines: list[str] = []
    pad = "  " * indent
    for tag, value in items:
        if isinstance(value, str):
            lines.append(f"{pad}{tag} {value}")
        elif tag in _FIXED:
            lines.append(f"{pad}{tag}")
            for arg in value:
                lines.append(f"{pad}  @")
                lines.append(render(arg, indent + 2))
        else:
            lines.append(f"{pad}{tag}")
            lines.append(render(value, indent + 1))
    return "\n".join(line for line in lines if line)


def symbols(markup: str) -> list[str]:
    """Every character of every token, NFKC (so 𝔐 and M, ″ and ′′ are one symbol), sorted."""
    root = etree.fromstring(markup.encode("utf-8"))
    out: list[str] = []
    for el in root.iter():
        if _local(el) in _TOKENS and el.text:
            out.extend(ch for ch in unicodedata.normalize("NFKC", el.text) if not ch.isspace())
    return sorted(out)
