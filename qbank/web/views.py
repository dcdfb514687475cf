"""Web pages: home, health check and pictures (/media/<sha>, for those who may see a question showing them)."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from qbank.services.blobs import get_visible_blob
from qbank.services.questions import count_questions
from qbank.services.renditions import rendition
from qbank.web.common import actor, runtime

bp = Blueprint("web", __name__)
SHA = re.compile(r"^[0-9a-f]{64}$")
# Only pictures are served inline; anything else (an OLE object, an uploaded file) downloads.
INLINE_MIME = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"}


@bp.get("/")
def home():  # noqa: ANN201
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    with runtime().uow() as uow:
        total = count_questions(uow, actor())
    return render_template("home.html", total=total)


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    rt = runtime()
    return {"status": "ok", "schema": "current" if rt.schema_is_current() else "outdated"}


@bp.get("/media/<sha>")
@login_required
def media(sha: str) -> Response:
    if not SHA.match(sha):
        abort(404)
    # The permission is checked on every request, a revalidation included: a picture of a
    # question that became confidential or unshared stops being served at once.
    width = request.args.get("w")
    with runtime().uow() as uow:
        blob = get_visible_blob(uow, actor(), sha)
    if width is not None:
        # A page-sized rendition (made once, then kept as a blob); the original stays for export.
        with runtime().uow() as uow:
            blob = rendition(uow, blob, int(width) if width.isdigit() and len(width) < 6 else 0)
        sha = blob.sha256
    if request.if_none_match and sha in request.if_none_match:
        resp = Response(status=304)
    else:
        inline = blob.mime in INLINE_MIME
        resp = Response(blob.data, mimetype=blob.mime if inline else "application/octet-stream")
        if not inline:
            resp.headers["Content-Disposition"] = f'attachment; filename="{sha[:16]}"'
    resp.headers["Cache-Control"] = "private, no-cache"
    resp.set_etag(sha)
    resp.headers["Vary"] = "Cookie"
    return resp
