"""Expression tree to LaTeX (search, ``$...$`` text, interchange), in the subset latex2mathml reads."""

from __future__ import annotations

import re

from importers.mathtype import tree as T

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "varepsilon", "ϵ": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu",
    "ξ": "xi", "π": "pi", "ϖ": "varpi", "ρ": "rho", "ϱ": "varrho", "σ": "sigma", "ς": "varsigma", "τ": "tau",
    "υ": "upsilon", "φ": "varphi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
    "Υ": "Upsilon", "ϒ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}  # fmt: skip
_SYMBOLS = {
    "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "±": r"\pm", "∓": r"\mp", "×": r"\times", "÷": r"\div",
    "⋅": r"\cdot", "·": r"\cdot", "•": r"\bullet", "∗": r"\ast", "∘": r"\circ",
    "→": r"\to", "←": r"\leftarrow", "↔": r"\leftrightarrow", "⇒": r"\Rightarrow", "⇐": r"\Leftarrow",
    "⇔": r"\Leftrightarrow", "↑": r"\uparrow", "↓": r"\downarrow", "⇄": r"\rightleftarrows",
    "⇌": r"\rightleftharpoons", "↦": r"\mapsto", "⇀": r"\rightharpoonup", "↽": r"\leftharpoondown",
    "∈": r"\in", "∉": r"\notin", "∋": r"\ni", "⊂": r"\subset", "⊃": r"\supset", "⊆": r"\subseteq",
    "⊇": r"\supseteq", "⊄": r"\not\subset", "∪": r"\cup", "∩": r"\cap", "∅": r"\emptyset", "∖": r"\setminus",
    "∀": r"\forall", "∃": r"\exists", "∄": r"\nexists", "¬": r"\neg", "∧": r"\wedge", "∨": r"\vee",
    "∞": r"\infty", "∂": r"\partial", "∇": r"\nabla", "≈": r"\approx", "≡": r"\equiv", "≅": r"\cong",
    "∼": r"\sim", "≃": r"\simeq", "∝": r"\propto", "⊥": r"\perp", "∥": r"\parallel", "∠": r"\angle",
    "△": r"\triangle", "∆": r"\Delta", "…": r"\ldots", "⋯": r"\cdots", "⋮": r"\vdots", "⋱": r"\ddots",
    "∴": r"\therefore", "∵": r"\because", "≪": r"\ll", "≫": r"\gg", "⊕": r"\oplus", "⊗": r"\otimes",
    "ℵ": r"\aleph", "ℏ": r"\hbar", "ℓ": r"\ell", "℘": r"\wp", "ℜ": r"\Re", "ℑ": r"\Im",
    "∑": r"\sum", "∏": r"\prod", "∐": r"\coprod", "⋃": r"\bigcup", "⋂": r"\bigcap", "⋀": r"\bigwedge",
    "⋁": r"\bigvee", "∫": r"\int", "∬": r"\iint", "∭": r"\iiint", "∮": r"\oint", "∯": r"\oiint",
    "⇁": r"\rightharpoondown", "↼": r"\leftharpoonup",
    "′": "'", "″": "''", "‴": "'''", "−": "-", "‖": r"\|", "√": r"\surd", "ℤ": r"\mathbb{Z}",
    "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}", "ℚ": r"\mathbb{Q}", "ℂ": r"\mathbb{C}",
}  # fmt: skip
_SPECIAL = {"{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "$": r"\$", "&": r"\&", "_": r"\_", "\\": r"\backslash",
            "^": r"\hat{}", "~": r"\sim"}  # fmt: skip
_FUNCTIONS = frozenset(
    "sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh coth log ln lg exp lim max min sup inf det "
    "dim ker deg gcd arg hom Pr".split()
)
_FENCE = {
    "(": "(", ")": ")", "[": "[", "]": "]", "{": r"\{", "}": r"\}", "|": "|", "‖": r"\|", "⟨": r"\langle",
    "⟩": r"\rangle", "⌊": r"\lfloor", "⌋": r"\rfloor", "⌈": r"\lceil", "⌉": r"\rceil", "⟦": "[", "⟧": "]",
}  # fmt: skip
_ACCENT = {
    "˙": r"\dot", "¨": r"\ddot", "⃛": r"\dddot", "˜": r"\tilde", "^": r"\hat", "→": r"\vec", "¯": r"\bar",
    "⌢": r"\overparen", "←": r"\overleftarrow", "↔": r"\overleftrightarrow",
}  # fmt: skip
_WIDE_ACCENT = {
    "→": r"\overrightarrow", "←": r"\overleftarrow", "↔": r"\overleftrightarrow", "¯": r"\overline", "˜": r"\widetilde", "^": r"\widehat", "⌢": r"\overparen",
}  # fmt: skip
_UNDER_ACCENT = {"_": r"\underline", "¯": r"\underline", "→": r"\underrightarrow", "←": r"\underleftarrow",
                 "↔": r"\underleftrightarrow"}  # fmt: skip
_VARIANTS = {"bold": r"\mathbf", "fraktur": r"\mathfrak", "double-struck": r"\mathbb", "script": r"\mathcal"}
_ARROWS = {"→": r"\xrightarrow", "←": r"\xleftarrow"}
# LaTeX spaces by width in em: \, 3/18, \: 4/18, \; 5/18, \quad 1, \qquad 2
_SPACES = ((0.01, ""), (0.17, r"\,"), (0.23, r"\:"), (0.3, r"\;"), (1.01, r"\quad"))


def to_latex(node: T.Node) -> str:
    """LaTeX for the tree, tidied of doubled spaces."""
    return " ".join(_tex(node).split())


def _group(node: T.Node | None) -> str:
    return "{" + (_tex(node) if node is not None else "") + "}"


def _tex(node: T.Node) -> str:  # noqa: C901 - one branch per node type
    if isinstance(node, T.Row):
        return _row(node.items)
    if isinstance(node, T.Tok):
        return _tok(node)
    if isinstance(node, T.Space):
        for limit, cmd in _SPACES:
            if node.em <= limit:
                return cmd + " " if cmd else ""
        return r"\qquad "
    if isinstance(node, T.Frac):
        if node.bevelled:
            return f"{_group(node.num)}/{_group(node.den)}"
        return rf"\frac{_group(node.num)}{_group(node.den)}"
    if isinstance(node, T.Root):
        if node.index is None:
            return rf"\sqrt{_group(node.body)}"
        return rf"\sqrt[{_tex(node.index)}]{_group(node.body)}"
    if isinstance(node, T.Scripts):
        base = _tex(node.base) if not _empty(node.base) else "{}"
        if isinstance(node.base, (T.Frac, T.Scripts, T.Accent, T.Root)) or (
            isinstance(node.base, T.Row) and len(node.base.items) > 1 and not _bracketed(node.base)
        ):
            base = "{" + base + "}"
        scripts = ""
        if node.sub is not None and not _empty(node.sub):
            scripts += "_" + _group(node.sub)
        if node.sup is not None and not _empty(node.sup):
            primes = _prime_count(node.sup)
            if primes and not scripts and not node.pre:
                return base + "'" * primes  # f' and y'' as typed (and as Word equations read)
            scripts += "^" + ("{" + r"\prime" * primes + "}" if primes else _group(node.sup))
        if node.pre:
            return "{}" + scripts + base
        return base + scripts
    if isinstance(node, T.UnderOver):
        return _under_over(node)
    if isinstance(node, T.Accent):
        if node.under:
            cmd = _UNDER_ACCENT.get(node.mark)
            return rf"{cmd}{_group(node.base)}" if cmd else rf"\underset{{{_char(node.mark)}}}{_group(node.base)}"
        single = not node.wide or _is_single(node.base)
        cmd = (_ACCENT if single else _WIDE_ACCENT).get(node.mark)
        if node.wide and node.mark == "→" and isinstance(node.base, T.Row) and len(node.base.items) > 1:
            cmd = r"\overrightarrow"
        return rf"{cmd}{_group(node.base)}" if cmd else rf"\overset{{{_char(node.mark)}}}{_group(node.base)}"
    if isinstance(node, T.Fence):
        return _fence(node)
    if isinstance(node, T.Table):
        return _table(node)
    if isinstance(node, T.Enclose):
        if node.notation in ("box", "roundedbox"):
            return rf"\boxed{_group(node.body)}"
        if "strike" in node.notation:
            return rf"\cancel{_group(node.body)}"
        return _tex(node.body)
    return ""


_ENDS_WITH_COMMAND = re.compile(r"\\[A-Za-z]+$")


def _row(items: list[T.Node]) -> str:
    out: list[str] = []
    for item in items:
        piece = _tex(item)
        # A command followed by a letter would merge with it (\alpha b -> \alphab): keep a space.
        if out and _ENDS_WITH_COMMAND.search(out[-1]) and piece[:1].isalnum():
            out.append(" ")
        out.append(piece)
    return "".join(out)


def _bracketed(row: T.Row) -> bool:
    """A row typed as "(" … ")": a script may follow it without braces."""
    first, last = row.items[0], row.items[-1]
    return isinstance(first, T.Tok) and first.text in "([" and isinstance(last, T.Tok) and last.text in ")]"


def _empty(node: T.Node) -> bool:
    return isinstance(node, T.Row) and not node.items


def _is_single(node: T.Node) -> bool:
    if isinstance(node, T.Row):
        return len(node.items) == 1 and _is_single(node.items[0])
    return isinstance(node, T.Tok) and len(node.text) == 1


_PRIMES = {"′": 1, "″": 2, "‴": 3}


def _prime_count(node: T.Node) -> int:
    """How many primes a superscript made only of primes holds (0 when it holds anything else)."""
    items = node.items if isinstance(node, T.Row) else [node]
    if items and all(isinstance(i, T.Tok) and i.text and set(i.text) <= set(_PRIMES) for i in items):
        return sum(_PRIMES[ch] for i in items for ch in i.text)  # type: ignore[union-attr]
    return 0


def _char(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch in _GREEK:
            out.append("\\" + _GREEK[ch] + " ")
        elif ch in _SYMBOLS:
            cmd = _SYMBOLS[ch]
            out.append(cmd + (" " if cmd[-1].isalpha() else ""))
        elif ch in _SPECIAL:
            out.append(_SPECIAL[ch] + " ")
        elif ch == "\xa0":
            out.append("~")
        else:
            out.append(ch)
    return "".join(out).rstrip() if len(text) == 1 else "".join(out)


def _tok(tok: T.Tok) -> str:
    if tok.kind == "mtext":
        # Braces and backslashes would end or escape \text; a "$" would end the $...$ span the
        # text form wraps equations in: the full-width dollar looks the same.
        text = tok.text.replace("\\", "").replace("{", "").replace("}", "").replace("$", "\uff04")
        return r"\text{" + text + "}"
    if tok.function:
        name = tok.text
        if len(name) == 1:  # an upright single letter: the d of dx, the e of e^x
            return r"\mathrm{" + name + "}"
        return ("\\" + name if name in _FUNCTIONS else r"\operatorname{" + name + "}") + " "
    text = _char(tok.text)
    if tok.variant in _VARIANTS:
        return _VARIANTS[tok.variant] + "{" + text + "}"
    return text


def _single(node: T.Node | None) -> T.Node | None:
    """The one node inside single-item rows."""
    while isinstance(node, T.Row) and len(node.items) == 1:
        node = node.items[0]
    return node


def _under_over(node: T.UnderOver) -> str:
    inner = _single(node.base)
    if inner is not node.base and isinstance(inner, T.Tok):
        node = T.UnderOver(inner, node.under, node.over, node.kind)
    if node.kind == "arrow" and isinstance(node.base, T.Tok):
        cmd = _ARROWS.get(node.base.text)
        if cmd and node.over is not None:
            under = f"[{_tex(node.under)}]" if node.under is not None else ""
            return f"{cmd}{under}{_group(node.over)}"
    if node.kind == "limits" and isinstance(node.base, T.Tok) and node.base.kind == "mo":
        # Big operators: limits above and below, as MathType draws summation-style limits.
        op = _char(node.base.text)
        if not op.startswith("\\"):  # \limits needs an operator command
            out = "{" + op + "}"
            if node.over is not None:
                out = rf"\overset{_group(node.over)}{{{out}}}"
            if node.under is not None:
                out = rf"\underset{_group(node.under)}{{{out}}}"
            return out
        base = op + r"\limits"
    elif node.kind == "limits" and (isinstance(node.base, T.Tok) and node.base.function):
        base = _tok(node.base).strip()
    else:
        base = _tex(node.base)
        if node.kind == "brace":
            if isinstance(node.under, T.Tok) and node.under.text in "⏟⎵":
                return rf"\underbrace{_group(node.base)}"
            if isinstance(node.over, T.Tok) and node.over.text in "⏞⎴":
                return rf"\overbrace{_group(node.base)}"
            if isinstance(node.base, T.UnderOver) and node.base.kind == "brace":
                return (
                    base
                    + ("_" + _group(node.under) if node.under is not None else "")
                    + ("^" + _group(node.over) if node.over is not None else "")
                )
        out = base
        if node.over is not None:
            out = rf"\overset{_group(node.over)}{{{out}}}"
        if node.under is not None:
            out = rf"\underset{_group(node.under)}{{{out}}}"
        return out
    return (
        base
        + ("_" + _group(node.under) if node.under is not None else "")
        + ("^" + _group(node.over) if node.over is not None else "")
    )


# A matrix in a pair of fences is the environment a teacher would type (determinants: vmatrix).
_MATRIX_ENV = {("(", ")"): "pmatrix", ("[", "]"): "bmatrix", ("|", "|"): "vmatrix", ("‖", "‖"): "Vmatrix",
               ("{", "}"): "Bmatrix"}  # fmt: skip


def _fence(node: T.Fence) -> str:
    body = _single(node.body)
    if isinstance(body, T.Table) and body.kind == "pile" and node.open == "{" and not node.close:
        rows = r" \\ ".join(_row(r) for r in body.rows)
        return r"\begin{cases} " + rows + r" \end{cases}"
    env = _MATRIX_ENV.get((node.open, node.close))
    if isinstance(body, T.Table) and body.kind == "matrix" and env:
        rows = r" \\ ".join(" & ".join(_tex(c) for c in row) for row in body.rows)
        return rf"\begin{{{env}}} " + rows + rf" \end{{{env}}}"
    left = _FENCE.get(node.open, node.open) if node.open else "."
    right = _FENCE.get(node.close, node.close) if node.close else "."
    return rf"\left{left} {_tex(node.body)} \right{right}"


def _table(node: T.Table) -> str:
    cols = max((len(r) for r in node.rows), default=1)
    spec = {"left": "l", "right": "r"}.get(node.align, "c") * cols
    rows = r" \\ ".join(" & ".join(_tex(c) for c in row) for row in node.rows)
    return r"\begin{array}{" + spec + "} " + rows + r" \end{array}"
