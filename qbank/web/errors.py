"""Error pages and JSON errors: one handler for both, chosen by the request path (/api/ → JSON)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

from qbank.domain.errors import (
    TRANSLATED_PARAMS,
    Conflict,
    NotFound,
    PermissionDenied,
    QBankError,
    RejectedFile,
    UnsupportedFormat,
    ValidationError,
)

log = logging.getLogger(__name__)

# Domain errors → HTTP status and a stable machine-readable name.
DOMAIN_STATUS: dict[type[QBankError], tuple[int, str]] = {
    NotFound: (404, "not_found"),
    PermissionDenied: (403, "forbidden"),
    ValidationError: (422, "invalid"),
    Conflict: (409, "conflict"),
    UnsupportedFormat: (415, "unsupported_format"),
    RejectedFile: (422, "rejected_file"),
}


def _late_mappings() -> None:
    """Errors of layers the web may not import at start-up (assembly, exporters)."""
    from qbank.domain.assembly import Unfillable

    DOMAIN_STATUS.setdefault(Unfillable, (422, "unfillable"))
    from exporters import ExportError

    # A missing converter (LibreOffice for PDF) is the server's limit, not the caller's mistake.
    DOMAIN_STATUS.setdefault(ExportError, (503, "export_unavailable"))


def error_text(exc: QBankError) -> str:
    """A domain error in the user's language: its msgid through the catalogue, its parameters filled in
    (a blueprint's problems and an unfillable blueprint's cells one by one)."""
    from qbank.domain.assembly import Unfillable
    from qbank.domain.blueprint import InvalidBlueprint

    if isinstance(exc, InvalidBlueprint):
        return "; ".join(problem_text(p) for p in exc.problems)
    if isinstance(exc, Unfillable):
        return _("cannot fill the blueprint: %(cells)s", cells="; ".join(unfillable_text(c) for c in exc.cells))
    msgid = getattr(exc, "msgid", "")
    if not msgid:
        return str(exc)
    params = {k: (_(v) if k in TRANSLATED_PARAMS and isinstance(v, str) else v) for k, v in exc.params.items()}
    text = _(msgid, **params)
    where = getattr(exc, "where", None)
    return f"{where}: {text}" if where else text


def problem_text(problem: Any) -> str:
    """A blueprint Problem in the user's language."""
    return f"{problem.where}: {_(problem.msgid, **problem.params)}"


def unfillable_text(cell: Any) -> str:
    (first, params), *why = cell.messages()
    text = _(first, **params)
    return text + (f" ({'; '.join(_(m, **p) for m, p in why)})" if why else "")


_PAGE_MESSAGES = {
    400: _l("The request could not be understood; go back and try again."),
    401: _l("Log in to see this page."),
    403: _l("You may not do this."),
    404: _l("There is nothing here: the page or object does not exist, or you may not see it."),
    405: _l("This address does not accept that kind of request."),
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, error: str, message: str, details: Any = None):  # noqa: ANN201 - a Flask response
    if wants_json():
        resp = jsonify({"error": error, "message": message, "details": details if details is not None else {}})
        resp.status_code = status
        return resp
    return render_template("errors/error.html", status=status, error=error, message=message, details=details), status


def _http_error(exc: HTTPException):  # noqa: ANN202
    status = exc.code or 500
    name = (exc.name or "error").lower().replace(" ", "_")
    details: Any = None
    data = getattr(exc, "data", None)
    if isinstance(data, dict):
        details = data.get("messages") or data.get("errors")
    message = exc.description or exc.name or "error"
    if not wants_json() and exc.description == type(exc).description and status in _PAGE_MESSAGES:
        message = _PAGE_MESSAGES[status]  # werkzeug's own English sentence: say it in the user's language
    if status == 413:
        message = _("The file is too large: the limit is %(mb)s MB.", mb=_max_mb())
    elif status == 429:
        message = _("Too many requests: wait a minute and try again.")
    resp = error_response(status, name, str(message), details)
    # Keep the headers the error carries (Allow on 405, Retry-After on 429...).
    extra = [(k, v) for k, v in exc.get_headers() if k.lower() in ("retry-after", "allow", "www-authenticate")]
    if isinstance(resp, tuple):
        return resp[0], resp[1], extra
    for key, value in extra:
        resp.headers[key] = value
    return resp


def _domain_error(exc: QBankError):  # noqa: ANN202
    status, name = next(((s, n) for cls, (s, n) in DOMAIN_STATUS.items() if isinstance(exc, cls)), (400, "error"))
    details: Any = None
    if isinstance(exc, ValidationError):
        details = {"where": exc.where, **exc.details} if exc.where or exc.details else None
    return error_response(status, name, str(exc) if wants_json() else error_text(exc), details)


def _server_error(exc: Exception):  # noqa: ANN202
    original = getattr(exc, "original_exception", None) or exc
    if isinstance(original, HTTPException) and not isinstance(original, InternalServerError):
        return _http_error(original)
    if isinstance(original, QBankError):
        return _domain_error(original)
    log.exception("unhandled error on %s %s", request.method, request.path, exc_info=original)
    return error_response(500, "internal_server_error", _("Something went wrong on the server; it has been logged."))


def _max_mb() -> int:
    from flask import current_app

    return int(current_app.config.get("MAX_UPLOAD_MB", 25))


def register_error_handlers(app: Flask) -> None:
    _late_mappings()
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(QBankError, _domain_error)
    app.register_error_handler(InternalServerError, _server_error)
