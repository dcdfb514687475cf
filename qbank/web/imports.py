"""Import a Word/Excel file: upload → preview (warnings, likely duplicates) → tags → confirm."""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required

from qbank.domain.enums import Role, Visibility
from qbank.domain.errors import PermissionDenied, QBankError
from qbank.http.uploads import key_upload, parse, upload_store
from qbank.services.archive import is_bulk_upload
from qbank.services.formats import import_choices
from qbank.services.imports import apply_overrides, ensure_may_import, import_file, plan_import
from qbank.services.tagging import DEFAULT_THRESHOLD, current_suggester, suggest_for
from qbank.web.common import actor, form_float, form_int, runtime
from qbank.web.errors import error_text
from qbank.web.views import INLINE_MIME

bp = Blueprint("imports", __name__)


def _upload_page(**kw: object) -> str:
    """The upload form, with the formats the import registry reads (its list and the ``accept=`` attribute)."""
    formats, accept = import_choices()
    return render_template("imports/upload.html", formats=formats, accept=accept, **kw)


@bp.get("/import")
@login_required
def upload():  # noqa: ANN201
    return _upload_page()


@bp.post("/import")
@login_required
def upload_submit():  # noqa: ANN201
    file = request.files.get("file")
    if file is None or not file.filename:
        return _upload_page(error=_("Choose a .docx, .doc or .xlsx file.")), 422
    filename = file.filename.replace("\\", "/").rsplit("/", 1)[-1][:200]
    subject = (request.form.get("subject") or "").strip() or None
    grade = form_int(request.form.get("grade"))
    try:
        ensure_may_import(actor())  # teachers are refused before any bytes are parsed
        data = file.read()
        if is_bulk_upload(filename, data):  # a .zip of papers, not one QTI package: a batch of jobs
            from qbank.web.batches import new_draft_batch

            return redirect(url_for("batches.show", batch_id=new_draft_batch(filename, data)))
        result = parse(filename, data, subject, grade, key=key_upload(request.files.get("key")))
    except PermissionDenied as exc:
        return _upload_page(error=error_text(exc)), 403
    except QBankError as exc:
        return _upload_page(error=error_text(exc)), 422
    token = upload_store().save(actor().user_id or 0, filename, data, result)
    return redirect(url_for("imports.preview", token=token))


@bp.get("/import/<token>")
@login_required
def preview(token: str):  # noqa: ANN201
    stored = upload_store().load(token, actor().user_id or 0)
    with runtime().uow() as uow:
        plan = plan_import(uow, actor(), stored.result)  # the same decisions the store will make
        # never waits for training: the last model answers (the taxonomy's keywords before the first)
        suggestions = suggest_for(current_suggester(uow, actor(), wait=False), stored.result.questions)
    duplicates = {d.index: d for d in plan.duplicates}
    by_question: dict[int, list] = {}
    general = []
    for m in stored.result.messages:
        (by_question.setdefault(m.question, []) if m.question is not None else general).append(m)
    meta = stored.result.meta
    g.preview_token = token
    order = stored.result.doubtful_first()  # the least certain first: what the contributor checks
    return render_template(
        "imports/preview.html",
        token=token,
        stored=stored,
        result=stored.result,
        duplicates=duplicates,
        by_question=by_question,
        order=order,
        general=general,
        subject=meta.get("subject") or "",
        grade=meta.get("grade") or "",
        visibilities=list(Visibility),
        plan=plan,
        counts=plan.counts(),
        may_approve=actor().role in (Role.EXAM_BOARD, Role.ADMIN),
        suggestions=suggestions,
        suggest_threshold=DEFAULT_THRESHOLD,
    )


@bp.get("/import/<token>/media/<sha>")
@login_required
def media(token: str, sha: str) -> Response:
    """A picture of an upload still in preview (only its uploader may see it)."""
    blob = upload_store().load(token, actor().user_id or 0).result.blobs.get(sha)
    if blob is None or blob.mime not in INLINE_MIME:
        abort(404)
    resp = Response(blob.data, mimetype=blob.mime)
    resp.headers["Cache-Control"] = "private, max-age=3600"
    return resp


@bp.post("/import/<token>")
@login_required
def confirm(token: str):  # noqa: ANN201
    store = upload_store()
    stored = store.load(token, actor().user_id or 0)
    result = stored.result
    # Tags come from the form; question content only ever from the server-side parse.
    apply_overrides(result, subject=(request.form.get("subject") or "").strip() or None, grade=form_int(request.form.get("grade")))
    with runtime().uow() as uow:
        summary = import_file(
            uow,
            actor(),
            stored.filename,
            stored.data,
            visibility=request.form.get("visibility") or Visibility.DEPARTMENT,
            approve=request.form.get("approve") == "1",
            result=result,
            suggest_threshold=(form_float(request.form.get("suggest_threshold")) or DEFAULT_THRESHOLD)
            if request.form.get("accept_suggestions") == "1" else None,
        )
    store.delete(token)
    # Post/redirect/get: a reload of the result page must not post the import again.
    session["import_done"] = {
        "filename": stored.filename,
        "created": summary.created[:200],
        "n_created": len(summary.created),
        "counts": summary.counts(),
        "drafts": summary.drafts,
    }
    return redirect(url_for("imports.done"))


@bp.get("/import/done")
@login_required
def done():  # noqa: ANN201
    summary = session.get("import_done")
    if not summary:
        return redirect(url_for("imports.upload"))
    return render_template("imports/done.html", summary=summary, filename=summary["filename"])
