"""LaTeX typed as text: split ``$...$`` spans out of a string into ``Math`` inlines."""

from __future__ import annotations

import re

from qbank.domain.inlines import Inline, Math, Text

# $$...$$ (display) or $...$ (inline); a "$" preceded by a backslash is literal.
DOLLAR_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(?!\s)(.+?)(?<![\\\s])\$", re.S)


def split_dollar_math(text: str) -> list[Inline]:
    """"Giải $x^2=1$" -> [Text("Giải "), Math("x^2=1")]; a lone "$" stays text."""
    out: list[Inline] = []
    pos = 0
    for m in DOLLAR_MATH.finditer(text):
        if m.start() > pos:
            out.append(Text(text[pos : m.start()]))
        display = m.group(1) is not None
        out.append(Math(latex=(m.group(1) if display else m.group(2)).strip(), omml=None, display=display))
        pos = m.end()
    if pos < len(text):
        out.append(Text(text[pos:]))
    return out
