"""Small helpers every web view uses: the runtime, the acting user, HTML for rich content."""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

from flask import current_app, g, url_for
from flask_login import current_user
from markupsafe import Markup

from qbank.domain.actor import Actor
from qbank.domain.clock import format_local, from_local, zone_label
from qbank.domain.content import Content
from qbank.domain.render import latex_to_mathml, to_html
from qbank.runtime import Runtime
from qbank.web.sanitize import clean_html


def runtime() -> Runtime:
    return current_app.extensions["qbank"]


def actor() -> Actor:
    """The logged-in user's Actor (views are behind ``login_required``)."""
    return current_user.actor


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


def local_time(value: datetime | None) -> str:
    """The one template filter for times (``|dt``): stored UTC shown in the instance's zone, named."""
    return format_local(value, runtime().settings.zone)


def current_zone_label() -> str:
    """"Asia/Ho_Chi_Minh, UTC+07:00": what a form's time fields are read in."""
    zone = runtime().settings.zone
    return f"{runtime().settings.timezone}, {zone_label(datetime.now(zone))}"


def form_datetime(value: str | None) -> datetime | None:
    """A ``datetime-local`` field, typed in the instance's zone, as the UTC time to store."""
    if not value:
        return None
    try:
        return from_local(datetime.fromisoformat(value), runtime().settings.zone)
    except ValueError:
        return None


def form_int(value: Any) -> int | None:
    """An int from a form field, or None; never beyond a database INTEGER (ids, counts, grades)."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return n if -(2**31) < n < 2**31 else None


def form_float(value: Any) -> float | None:
    try:
        return float(str(value).strip().replace(",", "."))
    except (TypeError, ValueError):
        return None


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
