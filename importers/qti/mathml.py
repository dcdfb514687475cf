"""MathML (as QTI items carry it) to the LaTeX the bank stores for equations: the presentation elements
exam items use; anything else contributes its text."""

from __future__ import annotations

from lxml import etree

_OPS = {"≤": "\\le ", "≥": "\\ge ", "≠": "\\ne ", "×": "\\times ", "÷": "\\div ", "±": "\\pm ", "∞": "\\infty ", "→": "\\to ",
        "∈": "\\in ", "∉": "\\notin ", "⊂": "\\subset ", "∪": "\\cup ", "∩": "\\cap ", "∑": "\\sum ", "∫": "\\int ", "∏": "\\prod ",
        "α": "\\alpha ", "β": "\\beta ", "γ": "\\gamma ", "δ": "\\delta ", "Δ": "\\Delta ", "π": "\\pi ", "θ": "\\theta ",
        "λ": "\\lambda ", "μ": "\\mu ", "σ": "\\sigma ", "φ": "\\varphi ", "ω": "\\omega ", "Ω": "\\Omega ", "⋅": "\\cdot ", "−": "-"}


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def mathml_to_latex(el: etree._Element) -> str:
    """``<math><mfrac><mn>1</mn><mi>x</mi></mfrac></math>`` → ``\\frac{1}{x}``."""
    return _tex(el).strip()


def _tex(el: etree._Element) -> str:
    name = _local(el)
    kids = [k for k in el if isinstance(k.tag, str)]
    arg = [_tex(k) for k in kids]
    if name in ("mi", "mn", "mo", "mtext", "ms"):
        text = "".join(el.itertext()).strip()
        if name == "mtext":
            return f"\\text{{{text}}}" if text else ""
        return "".join(_OPS.get(ch, ch) for ch in text)
    if name == "mfrac" and len(arg) == 2:
        return f"\\frac{{{arg[0]}}}{{{arg[1]}}}"
    if name == "msqrt":
        return f"\\sqrt{{{''.join(arg)}}}"
    if name == "mroot" and len(arg) == 2:
        return f"\\sqrt[{arg[1]}]{{{arg[0]}}}"
    base = _base(kids[0], arg[0]) if kids else ""
    if name == "msup" and len(arg) == 2:
        return f"{base}^{{{arg[1]}}}"
    if name == "msub" and len(arg) == 2:
        return f"{base}_{{{arg[1]}}}"
    if name in ("msubsup", "munderover") and len(arg) == 3:
        return f"{base}_{{{arg[1]}}}^{{{arg[2]}}}"
    if name == "munder" and len(arg) == 2:
        return f"{base}_{{{arg[1]}}}"
    if name == "mover" and len(arg) == 2:
        accents = {"→": "\\overrightarrow", "¯": "\\overline", "^": "\\hat", "~": "\\tilde", "˙": "\\dot"}
        return f"{accents[arg[1].strip()]}{{{arg[0]}}}" if arg[1].strip() in accents else f"\\overset{{{arg[1]}}}{{{arg[0]}}}"
    if name == "mfenced":
        return f"\\left{el.get('open', '(')}{','.join(arg)}\\right{el.get('close', ')')}"
    if name == "mtable":
        rows = [" & ".join(_tex(c) for c in r if isinstance(c.tag, str)) for r in kids]
        return "\\begin{matrix}" + " \\\\ ".join(rows) + "\\end{matrix}"
    if name == "mspace":
        return "\\,"
    if name == "semantics":
        return arg[0] if arg else ""
    if name == "annotation":
        return ""
    return "".join(arg) if kids else "".join(el.itertext()).strip()


def _base(el: etree._Element, tex: str) -> str:
    """A script's base: a single token as it is ("x^{2}"), anything longer in braces ("{(x+1)}^{2}")."""
    tex = tex.strip()
    return tex if _local(el) in ("mi", "mn", "mo") and len(tex.strip()) <= 1 or tex.startswith("\\") and tex.count(" ") <= 1 else f"{{{tex}}}"
