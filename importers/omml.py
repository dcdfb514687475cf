"""Office Math (OMML) to LaTeX: fractions, radicals, scripts, n-ary operators, delimiters, matrices, accents."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_M = "{" + M_NS + "}"
_W = "{" + W_NS + "}"

# Characters that mean something to LaTeX; the rest of m:t text is kept as typed (Unicode
# symbols such as π or ≤ render fine in MathML and stay searchable).
_ESCAPE = {
    "\\": r"\backslash ",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\sim ",
    "&": r"\&",
    "\u00a0": " ",
    "\u2061": "",  # function application: invisible
    "\u200b": "",
}
_ESCAPE_TABLE = str.maketrans(_ESCAPE)
# Most formula text ("2x+1", "m") has none of them: a search in C spares the per-character translate.
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPE)) + "]").search


def _escape(text: str) -> str:
    return text.translate(_ESCAPE_TABLE) if _NEEDS_ESCAPE(text) else text

_NARY = {
    "∑": r"\sum",
    "∏": r"\prod",
    "∐": r"\coprod",
    "∫": r"\int",
    "∬": r"\iint",
    "∭": r"\iiint",
    "∮": r"\oint",
    "∯": r"\oiint",
    "⋃": r"\bigcup",
    "⋂": r"\bigcap",
    "⋁": r"\bigvee",
    "⋀": r"\bigwedge",
}
_ACCENT = {
    "\u0302": r"\hat",
    "\u0303": r"\tilde",
    "\u0307": r"\dot",
    "\u0308": r"\ddot",
    "\u030c": r"\check",
    "\u0301": r"\acute",
    "\u0300": r"\grave",
    "\u0306": r"\breve",
    "\u0305": r"\overline",
    "\u00af": r"\overline",
    "\u20d7": r"\vec",
    "\u20d6": r"\overleftarrow",
    "\u20e1": r"\overleftrightarrow",
    "\u2192": r"\overrightarrow",
    "\u2190": r"\overleftarrow",
    "^": r"\hat",
    "~": r"\tilde",
}
_DELIM = {
    "(": "(",
    ")": ")",
    "[": "[",
    "]": "]",
    "{": r"\{",
    "}": r"\}",
    "|": "|",
    "‖": r"\|",
    "⟨": r"\langle",
    "⟩": r"\rangle",
    "〈": r"\langle",
    "〉": r"\rangle",
    "⌊": r"\lfloor",
    "⌋": r"\rfloor",
    "⌈": r"\lceil",
    "⌉": r"\rceil",
    "": ".",
}
_FUNCS = {
    "sin", "cos", "tan", "cot", "sec", "csc", "log", "ln", "lg", "exp", "lim", "max", "min", "sup", "inf",
    "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "coth", "det", "deg", "gcd", "arg", "dim", "ker",
}  # fmt: skip


_SCRIPTED = re.compile(r"^\{([a-z]+)\}((?:[_^]\{.*\})+)$")


def omml_to_latex(element: etree._Element) -> str:
    """LaTeX for an ``m:oMath`` or ``m:oMathPara`` element (or any OMML element)."""
    if element.tag == _M_OMATH:
        # Most formulas in papers are plain runs ("x", "m = 2", "Oxyz"): no structure to walk.
        parts: list[str] = []
        for child in element:
            if child.tag == _M_R:
                parts.append(_escape("".join([t.text or "" for t in child if t.tag == _M_T])))
            elif child.tag != _M_CTRLPR:
                break
        else:
            return "".join(parts).strip()
    return _Converter().convert(element).strip()


_M_OMATH, _M_R, _M_T, _M_CTRLPR = _M + "oMath", _M + "r", _M + "t", _M + "ctrlPr"


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(_M + "val", el.get(_W + "val", default))


def _on(el: etree._Element | None) -> bool:
    """An OMML on/off property: present means on unless val is 0/off/false."""
    return el is not None and _val(el, "on") not in ("0", "off", "false")


class _Converter:
    __slots__ = ("_in_eqarr",)

    def __init__(self) -> None:
        self._in_eqarr = 0

    # -- plumbing -----------------------------------------------------------------------
    def convert(self, el: etree._Element) -> str:
        tag = el.tag
        handler = _DISPATCH.get(tag)
        if handler is not None:
            return handler(self, el)
        if tag.endswith("Pr") or tag == _M_CTRLPR:
            return ""  # properties carry no content
        return self._children(el)

    def _children(self, el: etree._Element) -> str:
        out: list[str] = []
        for child in el:
            tag = child.tag
            if type(tag) is not str:
                continue  # comments, processing instructions
            # convert(), inlined: this loop visits every element of every formula.
            handler = _DISPATCH.get(tag)
            if handler is not None:
                piece = handler(self, child)
            elif tag.endswith("Pr") or tag == _M_CTRLPR:
                piece = ""  # properties carry no content
            else:
                piece = self._children(child)
            # "\alpha" followed by a letter would read as one command: keep them apart.
            if out and piece and out[-1][-1:].isalpha() and piece[:1].isalpha() and _ends_with_command(out[-1]):
                out.append(" ")
            out.append(piece)
        return "".join(out)

    # Children are found with a plain loop, not find (ElementPath) nor iterchildren(tag) (a tag
    # matcher built per call): every argument of every structure is looked up this way.
    def _arg(self, el: etree._Element, name: str) -> str:
        child = _first(el, _M + name)
        return self._children(child) if child is not None else ""

    def _pr(self, el: etree._Element, prop: str) -> etree._Element | None:
        pr = _first(el, el.tag + "Pr")
        return _first(pr, _M + prop) if pr is not None else None

    # -- elements -----------------------------------------------------------------------
    def _para(self, el: etree._Element) -> str:
        maths = [self.convert(m) for m in el.iterchildren(_M + "oMath")]
        return r" \\ ".join(maths)

    def _run(self, el: etree._Element) -> str:
        text = "".join([t.text or "" for t in el if t.tag == _M_T])
        if self._in_eqarr:
            text = text.replace("&", "")  # Word's alignment marks inside equation arrays
        return _escape(text)

    def _wrun(self, el: etree._Element) -> str:
        return _escape("".join([t.text or "" for t in el.iterchildren(_W + "t")]))

    def _frac(self, el: etree._Element) -> str:
        kind = _val(self._pr(el, "type"), "bar")
        num, den = self._arg(el, "num"), self._arg(el, "den")
        if kind == "lin":
            return f"{{{num}}}/{{{den}}}"
        if kind == "noBar":
            return rf"\genfrac{{}}{{}}{{0pt}}{{}}{{{num}}}{{{den}}}"
        return rf"\frac{{{num}}}{{{den}}}"

    def _rad(self, el: etree._Element) -> str:
        deg = self._arg(el, "deg")
        body = self._arg(el, "e")
        if deg and not _on(self._pr(el, "degHide")):
            return rf"\sqrt[{deg}]{{{body}}}"
        return rf"\sqrt{{{body}}}"

    def _ssub(self, el: etree._Element) -> str:
        return f"{{{self._arg(el, 'e')}}}_{{{self._arg(el, 'sub')}}}"

    def _ssup(self, el: etree._Element) -> str:
        return f"{{{self._arg(el, 'e')}}}^{{{self._arg(el, 'sup')}}}"

    def _ssubsup(self, el: etree._Element) -> str:
        return f"{{{self._arg(el, 'e')}}}_{{{self._arg(el, 'sub')}}}^{{{self._arg(el, 'sup')}}}"

    def _spre(self, el: etree._Element) -> str:
        return f"{{}}_{{{self._arg(el, 'sub')}}}^{{{self._arg(el, 'sup')}}}{{{self._arg(el, 'e')}}}"

    def _nary(self, el: etree._Element) -> str:
        chr_ = _val(self._pr(el, "chr"), "∫") or "∫"
        op = _NARY.get(chr_, chr_)
        out = op
        if not _on(self._pr(el, "subHide")):
            sub = self._arg(el, "sub")
            if sub:
                out += f"_{{{sub}}}"
        if not _on(self._pr(el, "supHide")):
            sup = self._arg(el, "sup")
            if sup:
                out += f"^{{{sup}}}"
        return out + "{" + self._arg(el, "e") + "}"

    def _delim(self, el: etree._Element) -> str:
        beg = _val(self._pr(el, "begChr"), "(")
        end = _val(self._pr(el, "endChr"), ")")
        sep = _val(self._pr(el, "sepChr"), "|")
        parts = [self._children(e) for e in el.iterchildren(_M + "e")]
        sep_tex = r" \mid " if sep == "|" else _DELIM.get(sep or "", sep or "")
        inner = sep_tex.join(parts)
        left = _DELIM.get(beg or "", beg or ".")
        right = _DELIM.get(end or "", end or ".")
        if left == "(" and right == ")" and "\\" not in inner and "{" not in inner:
            return f"({inner})"  # the common case stays readable
        return rf"\left{left}{inner}\right{right}"

    def _matrix(self, el: etree._Element) -> str:
        rows = []
        for mr in el.iterchildren(_M + "mr"):
            rows.append(" & ".join(self._children(e) for e in mr.iterchildren(_M + "e")))
        return r"\begin{matrix}" + r" \\ ".join(rows) + r"\end{matrix}"

    def _eqarr(self, el: etree._Element) -> str:
        self._in_eqarr += 1
        try:
            rows = [self._children(e) for e in el.iterchildren(_M + "e")]
        finally:
            self._in_eqarr -= 1
        return r"\begin{array}{l}" + r" \\ ".join(rows) + r"\end{array}"

    def _acc(self, el: etree._Element) -> str:
        chr_ = _val(self._pr(el, "chr"), "\u0302") or "\u0302"
        cmd = _ACCENT.get(chr_, r"\hat")
        return cmd + "{" + self._arg(el, "e") + "}"

    def _bar(self, el: etree._Element) -> str:
        pos = _val(self._pr(el, "pos"), "bot")
        cmd = r"\overline" if pos == "top" else r"\underline"
        return cmd + "{" + self._arg(el, "e") + "}"

    def _func(self, el: etree._Element) -> str:
        fname_el = _first(el, _M + "fName")
        name = self._func_name(fname_el) if fname_el is not None else ""
        body = self._arg(el, "e")
        return f"{name}{{{body}}}" if name.startswith("\\") else f"{name}{body}"

    def _func_name(self, fname: etree._Element) -> str:
        """\\log, \\log_{2}, \\lim_{x\\to 0}: a known function name becomes its LaTeX command."""
        name = self._children(fname)
        plain = name.strip()
        if plain in _FUNCS:
            return "\\" + plain
        m = _SCRIPTED.match(plain)
        if m and m.group(1) in _FUNCS:
            return "\\" + m.group(1) + m.group(2)  # "{log}_{2}" -> "\\log_{2}"
        return name

    def _limlow(self, el: etree._Element) -> str:
        base, lim = self._arg(el, "e"), self._arg(el, "lim")
        if base.strip() in _FUNCS:
            return f"\\{base.strip()}_{{{lim}}}"
        return rf"\underset{{{lim}}}{{{base}}}"

    def _limupp(self, el: etree._Element) -> str:
        return rf"\overset{{{self._arg(el, 'lim')}}}{{{self._arg(el, 'e')}}}"

    def _groupchr(self, el: etree._Element) -> str:
        chr_ = _val(self._pr(el, "chr"), "\u23df") or "\u23df"
        pos = _val(self._pr(el, "pos"), "bot")
        body = self._arg(el, "e")
        if chr_ == "\u23df":
            return rf"\underbrace{{{body}}}"
        if chr_ == "\u23de":
            return rf"\overbrace{{{body}}}"
        cmd = r"\underset" if pos == "bot" else r"\overset"
        return f"{cmd}{{{chr_}}}{{{body}}}"

    def _phant(self, el: etree._Element) -> str:
        if _on(self._pr(el, "show")) or self._pr(el, "show") is None:
            return self._arg(el, "e")
        return ""


# Built once: which method reads which element (a per-call table cost more than the conversion).
_DISPATCH: dict[str, Callable[[_Converter, etree._Element], str]] = {
    _M + "oMathPara": _Converter._para,
    _M + "oMath": _Converter._children,
    _M + "r": _Converter._run,
    _M + "f": _Converter._frac,
    _M + "rad": _Converter._rad,
    _M + "sSub": _Converter._ssub,
    _M + "sSup": _Converter._ssup,
    _M + "sSubSup": _Converter._ssubsup,
    _M + "sPre": _Converter._spre,
    _M + "nary": _Converter._nary,
    _M + "d": _Converter._delim,
    _M + "m": _Converter._matrix,
    _M + "eqArr": _Converter._eqarr,
    _M + "acc": _Converter._acc,
    _M + "bar": _Converter._bar,
    _M + "func": _Converter._func,
    _M + "limLow": _Converter._limlow,
    _M + "limUpp": _Converter._limupp,
    _M + "groupChr": _Converter._groupchr,
    _M + "borderBox": lambda self, el: r"\boxed{" + self._arg(el, "e") + "}",
    _M + "box": lambda self, el: self._arg(el, "e"),
    _M + "phant": _Converter._phant,
    _W + "r": _Converter._wrun,
}


def _first(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child with ``tag`` (what ``el.find(tag)`` returns)."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def _ends_with_command(s: str) -> bool:
    """True when ``s`` ends in a control word such as ``\\alpha``."""
    i = len(s) - 1
    while i >= 0 and s[i].isalpha():
        i -= 1
    return i >= 0 and s[i] == "\\" and (i == 0 or s[i - 1] != "\\")
