"""LaTeX → MathML (latex2mathml) → Office Math (OMML), for equations typed as ``$…$`` text.

Covers what school papers use: fractions, roots, scripts, n-ary operators with their operand,
limits, accents and vectors, fences, systems (eqArr) and matrices. Anything unknown falls back
to its children, and a LaTeX string the parser rejects becomes a plain math run, so an export
never fails on one odd equation. (Microsoft's MML2OMML.XSL is not redistributable; the PyPI
``mathml-to-omml`` package works too but wraps every row in ``m:box`` and pulls in far more
than this needs.)
"""

from __future__ import annotations

from lxml import etree

M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MML_NS = "http://www.w3.org/1998/Math/MathML"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

NARY = {"∫", "∬", "∭", "∮", "∑", "∏", "∐", "⋃", "⋂"}
LIMITS = {"lim", "max", "min", "sup", "inf", "limsup", "liminf"}
ACCENTS = {"→": "\u20d7", "⃗": "\u20d7", "^": "\u0302", "ˆ": "\u0302", "~": "\u0303", "˜": "\u0303", "˙": "\u0307", ".": "\u0307"}
# latex2mathml's choices that common fonts lack, mapped to the usual code points.
_GLYPHS = str.maketrans({"\u29f5": "\u2216"})  # \setminus: reverse solidus operator -> set minus
BARS = {"¯", "‾", "―", "—", "_", "-", "−"}


def _m(tag: str) -> str:
    return f"{{{M_NS}}}{tag}"


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def latex_to_omml(latex: str, display: bool = False) -> etree._Element:
    """An ``m:oMath`` element (``m:oMathPara`` around it when ``display``)."""
    import latex2mathml.converter

    try:
        mathml = latex2mathml.converter.convert(latex)
        root = etree.fromstring(mathml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    except Exception:  # noqa: BLE001 - an unparsable formula still prints, as its source text
        root = None
    omath = etree.Element(_m("oMath"), nsmap={"m": M_NS, "w": W_NS})
    if root is None:
        omath.append(_run(latex, plain=True))
    else:
        _children(root, omath)
    if display:
        para = etree.Element(_m("oMathPara"), nsmap={"m": M_NS, "w": W_NS})
        para.append(omath)
        return para
    return omath


def _run(text: str, *, plain: bool = False, normal_text: bool = False) -> etree._Element:
    r = etree.Element(_m("r"))
    if plain or normal_text:
        rpr = etree.SubElement(r, _m("rPr"))
        if normal_text:
            etree.SubElement(rpr, _m("nor"))
        else:
            etree.SubElement(rpr, _m("sty")).set(_m("val"), "p")
    t = etree.SubElement(r, _m("t"))
    t.text = text.translate(_GLYPHS)
    if text != text.strip():
        t.set(XML_SPACE, "preserve")
    return r


def _arg(parent: etree._Element, tag: str, node: etree._Element | None) -> etree._Element:
    """``<m:tag>`` holding the conversion of ``node`` (an empty argument when None)."""
    el = etree.SubElement(parent, _m(tag))
    if node is not None:
        _convert(node, el)
    return el


def _text(node: etree._Element) -> str:
    return "".join(node.itertext())


def _children(node: etree._Element, out: etree._Element) -> None:
    """Convert a row of siblings, pairing fences and giving n-ary operators their operand."""
    kids = [k for k in node if isinstance(k.tag, str)]
    i = 0
    while i < len(kids):
        k = kids[i]
        name = _local(k)
        if name == "mo" and k.get("fence") == "true" and k.get("form") == "prefix":
            depth, j = 0, i
            while j < len(kids):
                kj = kids[j]
                if _local(kj) == "mo" and kj.get("fence") == "true":
                    depth += 1 if kj.get("form") == "prefix" else -1 if kj.get("form") == "postfix" else 0
                    if depth == 0:
                        break
                j += 1
            d = etree.SubElement(out, _m("d"))
            dpr = etree.SubElement(d, _m("dPr"))
            etree.SubElement(dpr, _m("begChr")).set(_m("val"), _text(k))
            close = kids[j] if j < len(kids) else None
            etree.SubElement(dpr, _m("endChr")).set(_m("val"), _text(close) if close is not None else "")
            e = etree.SubElement(d, _m("e"))
            inner = etree.Element("mrow")
            for kk in kids[i + 1 : j]:
                inner.append(_copy(kk))
            _children(inner, e)
            i = j + 1
            continue
        base = k[0] if name in {"msub", "msup", "msubsup", "munder", "mover", "munderover"} and len(k) else None
        if base is not None and _local(base) == "mo" and _text(base).strip() in NARY:
            nary = etree.SubElement(out, _m("nary"))
            pr = etree.SubElement(nary, _m("naryPr"))
            etree.SubElement(pr, _m("chr")).set(_m("val"), _text(base).strip())
            loc = "undOvr" if name.startswith("mu") or _text(base).strip() in {"∑", "∏", "⋃", "⋂"} else "subSup"
            etree.SubElement(pr, _m("limLoc")).set(_m("val"), loc)
            sub = k[1] if name in {"msub", "msubsup", "munder", "munderover"} and len(k) > 1 else None
            sup = k[-1] if name in {"msup", "msubsup", "mover", "munderover"} and len(k) > 1 else None
            if sub is None:
                etree.SubElement(pr, _m("subHide")).set(_m("val"), "1")
            if sup is None:
                etree.SubElement(pr, _m("supHide")).set(_m("val"), "1")
            _arg(nary, "sub", sub)
            _arg(nary, "sup", sup)
            # The operand is the rest of the row: Word draws the integrand inside the n-ary.
            e = etree.SubElement(nary, _m("e"))
            rest = etree.Element("mrow")
            for kk in kids[i + 1 :]:
                rest.append(_copy(kk))
            _children(rest, e)
            return
        _convert(k, out)
        i += 1


def _copy(el: etree._Element) -> etree._Element:
    # lxml moves elements on append; copy so the caller's list stays intact.
    from copy import deepcopy

    return deepcopy(el)


def _convert(node: etree._Element, out: etree._Element) -> None:
    name = _local(node)
    kids = [k for k in node if isinstance(k.tag, str)]
    if name in {"math", "mrow", "mstyle", "mpadded", "semantics", "mtd"}:
        _children(node, out)
    elif name == "mi":
        text = _text(node)
        out.append(_run(text, plain=len(text) > 1 or node.get("mathvariant") == "normal"))
    elif name in {"mn", "mo"}:
        text = _text(node)
        if text:
            out.append(_run(text, plain=True))
    elif name in {"mtext", "ms"}:
        out.append(_run(_text(node).replace("\u00a0", " "), normal_text=True))
    elif name == "mspace":
        out.append(_run(" ", plain=True))
    elif name == "mfrac" and len(kids) == 2:
        f = etree.SubElement(out, _m("f"))
        if node.get("linethickness") in {"0", "0px", "0pt"}:
            etree.SubElement(etree.SubElement(f, _m("fPr")), _m("type")).set(_m("val"), "noBar")
        _arg(f, "num", kids[0])
        _arg(f, "den", kids[1])
    elif name == "msqrt":
        rad = etree.SubElement(out, _m("rad"))
        etree.SubElement(etree.SubElement(rad, _m("radPr")), _m("degHide")).set(_m("val"), "1")
        etree.SubElement(rad, _m("deg"))
        e = etree.SubElement(rad, _m("e"))
        _children(node, e)
    elif name == "mroot" and len(kids) == 2:
        rad = etree.SubElement(out, _m("rad"))
        _arg(rad, "deg", kids[1])
        _arg(rad, "e", kids[0])
    elif name in {"msup", "msub", "msubsup"} and len(kids) >= 2:
        if name == "msub" and _local(kids[0]) in {"mo", "mi"} and _text(kids[0]) in LIMITS:
            lim = etree.SubElement(out, _m("limLow"))
            _arg(lim, "e", kids[0])
            _arg(lim, "lim", kids[1])
            return
        tag = {"msup": "sSup", "msub": "sSub", "msubsup": "sSubSup"}[name]
        s = etree.SubElement(out, _m(tag))
        _arg(s, "e", kids[0])
        if name == "msup":
            _arg(s, "sup", kids[1])
        else:
            _arg(s, "sub", kids[1])
            if name == "msubsup" and len(kids) > 2:
                _arg(s, "sup", kids[2])
    elif name == "mover" and len(kids) == 2:
        mark = _text(kids[1]).strip()
        if mark in BARS:
            bar = etree.SubElement(out, _m("bar"))
            etree.SubElement(etree.SubElement(bar, _m("barPr")), _m("pos")).set(_m("val"), "top")
            _arg(bar, "e", kids[0])
        elif mark in ACCENTS:
            acc = etree.SubElement(out, _m("acc"))
            etree.SubElement(etree.SubElement(acc, _m("accPr")), _m("chr")).set(_m("val"), ACCENTS[mark])
            _arg(acc, "e", kids[0])
        else:
            lim = etree.SubElement(out, _m("limUpp"))
            _arg(lim, "e", kids[0])
            _arg(lim, "lim", kids[1])
    elif name == "munder" and len(kids) == 2:
        lim = etree.SubElement(out, _m("limLow"))
        _arg(lim, "e", kids[0])
        _arg(lim, "lim", kids[1])
    elif name == "munderover" and len(kids) == 3:
        upp = etree.SubElement(out, _m("limUpp"))
        e = etree.SubElement(upp, _m("e"))
        low = etree.SubElement(e, _m("limLow"))
        _arg(low, "e", kids[0])
        _arg(low, "lim", kids[1])
        _arg(upp, "lim", kids[2])
    elif name == "mtable":
        rows = [r for r in kids if _local(r) in {"mtr", "mlabeledtr"}]
        ncols = max((len([c for c in r if isinstance(c.tag, str)]) for r in rows), default=1)
        if ncols <= 1:
            arr = etree.SubElement(out, _m("eqArr"))
            for r in rows:
                _arg(arr, "e", r)
        else:
            mat = etree.SubElement(out, _m("m"))
            for r in rows:
                mr = etree.SubElement(mat, _m("mr"))
                for c in r:
                    if isinstance(c.tag, str):
                        _arg(mr, "e", c)
    elif name == "mtr":
        _children(node, out)
    elif name == "mfenced":
        d = etree.SubElement(out, _m("d"))
        dpr = etree.SubElement(d, _m("dPr"))
        etree.SubElement(dpr, _m("begChr")).set(_m("val"), node.get("open", "("))
        etree.SubElement(dpr, _m("endChr")).set(_m("val"), node.get("close", ")"))
        for k in kids:
            _arg(d, "e", k)
    elif name == "menclose":
        box = etree.SubElement(out, _m("borderBox"))
        e = etree.SubElement(box, _m("e"))
        _children(node, e)
    elif name in {"mphantom", "annotation", "annotation-xml"}:
        return
    else:
        _children(node, out)
