"""REST API under /api/v1 (flask-smorest + marshmallow), OpenAPI 3 at /api/v1/openapi.json."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, render_template
from flask_smorest import Api

from qbank import __version__
from qbank.api.schemas import ErrorSchema


class QBankApi(Api):
    """Errors documented (and sent, by qbank.web.errors, which the app factory installs) as ``{"error", "message", "details"}``."""

    ERROR_SCHEMA = ErrorSchema


docs_bp = Blueprint("api_docs", __name__)


@docs_bp.get("/api/v1/docs")
def docs():  # noqa: ANN201
    """A self-hosted list of the endpoints, read from the spec (no CDN-hosted Swagger UI)."""
    spec = current_app.extensions["qbank_api"].spec.to_dict()
    operations = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                operations.append((path, method.upper(), op.get("summary") or "", op.get("description") or "", op.get("tags", [])))
    return render_template("api_docs.html", spec=spec, operations=operations)


def register_api(app: Flask) -> None:
    from qbank.api import audit, auth, batches, coverage, exams, formats, imports, orgs, questions, results

    app.config.setdefault("API_TITLE", "QBank API")
    app.config.setdefault("API_VERSION", __version__)
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault(
        "API_SPEC_OPTIONS",
        {
            "info": {"description": "Shared exam-question bank of the provincial Departments of Education."},
            "security": [{"bearerAuth": []}, {"cookieAuth": []}],
            "components": {
                "securitySchemes": {
                    "bearerAuth": {"type": "http", "scheme": "bearer", "description": "a personal token qb_…"},
                    "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "qbank_session"},
                }
            },
        },
    )
    api = QBankApi(app)
    for module in (questions, imports, batches, exams, coverage, orgs, audit, results, formats):
        api.register_blueprint(module.blp)
    app.extensions["qbank_api"] = api
    app.register_blueprint(docs_bp)
    csrf = app.extensions["csrf"]
    # Token calls carry no cookie, so no CSRF token either; session calls are checked in auth.
    for module in (questions, imports, batches, exams, coverage, orgs, audit, results, formats):
        csrf.exempt(module.blp)
    app.before_request(auth.authenticate_request)
