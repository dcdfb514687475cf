"""Snippets: a window of the stored text around the first match, html-escaped, matches in <mark>."""

from __future__ import annotations

import html
import re

from qbank.domain.text import nfc
from search_index.query_parser import Term
from search_index.text import fold_token

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
WINDOW = 160  # characters of context shown


def snippet(text: str, terms: list[Term], window: int = WINDOW) -> str:
    """Both backends use this, so escaping is guaranteed in one place (ts_headline does not
    escape the source text and would show folded, not original, words)."""
    text = nfc(text or "")
    exact = {t.folded for t in terms if not t.prefix}
    prefixes = tuple(t.folded for t in terms if t.prefix)
    spans: list[tuple[int, int]] = []
    last = len(text)  # no match can be shown past the window: stop folding words there
    for m in _TOKEN.finditer(text):
        if m.start() > last:
            break
        f = fold_token(m.group(0))
        if f in exact or (prefixes and f.startswith(prefixes)):
            if not spans:
                last = min(len(text), max(0, m.start() - window // 4) + window)
            spans.append(m.span())
    if spans:
        start = max(0, spans[0][0] - window // 4)
    else:
        start = 0
    end = min(len(text), start + window)
    # Don't cut a word in half at either edge.
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    out: list[str] = ["…" if start > 0 else ""]
    pos = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(html.escape(text[pos:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return "".join(out).strip()
