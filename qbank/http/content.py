"""Rich content and search snippets as safe HTML, with picture links, for the web pages and the API."""

from __future__ import annotations

import html
import re

from flask import g, url_for
from markupsafe import Markup

from qbank.domain.content import Content
from qbank.domain.render import latex_to_mathml, to_html
from qbank.http.sanitize import clean_html

# The CSP forbids inline styles; the renderer aligns paragraphs with a style attribute, so map
# the few values it writes to classes in qbank.css.
_ALIGN = re.compile(r' style="text-align:(center|right|both)"')


# Question pages show pictures at most this wide (the content column); /media serves a cached
# rendition of that width instead of the original, which stays for Word export.
PAGE_WIDTH = 960


def blob_url(sha: str) -> str:
    """Pictures of the bank come from /media (a page-sized rendition); a preview's, not stored yet, from its upload."""
    token = g.get("preview_token")
    if token:
        return url_for("imports.media", token=token, sha=sha)
    return url_for("web.media", sha=sha, w=PAGE_WIDTH)


def content_html(content: Content | None) -> Markup:
    """Rich content as safe HTML (every text run escaped by the renderer, equations as MathML)."""
    html = to_html(content, blob_url=blob_url)
    return Markup(clean_html(_ALIGN.sub(r' class="qb-align-\1"', html)))  # noqa: S704 - allowlist-cleaned


_SNIPPET_MATH = re.compile(r"\$([^$<>]{1,400})\$")


def snippet_html(snippet: str | None) -> Markup:
    """A search snippet (escaped text, matches in <mark>) with its whole ``$LaTeX$`` spans as MathML.

    A span with a highlighted match inside, or cut by the snippet's edge, stays as text.
    """
    if not snippet:
        return Markup("")

    def math(m: re.Match[str]) -> str:
        return latex_to_mathml(html.unescape(m.group(1)))

    return Markup(clean_html(_SNIPPET_MATH.sub(math, snippet)))  # noqa: S704 - allowlist-cleaned
