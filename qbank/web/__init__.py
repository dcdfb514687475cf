"""Server-rendered web UI (Jinja templates, no front-end framework)."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from qbank.domain.enums import Role
from qbank.http.content import content_html, snippet_html
from qbank.web.common import current_zone_label, local_time
from qbank.web.labels import label


def _nav() -> list[tuple[str, object]]:
    """(endpoint, translated label) for the current user's menu; services still decide what is allowed."""
    if not current_user.is_authenticated:
        return []
    role = current_user.actor.role
    items = [("bank.search", _l("Bank")), ("coverage.heatmap", _l("Coverage")), ("practice.builder", _l("Practice test"))]
    if role != Role.TEACHER:
        items.insert(1, ("imports.upload", _l("Import")))
        items.insert(3, ("tagging.pending", _l("Tags")))
    if role in (Role.EXAM_BOARD, Role.ADMIN):
        items += [("review.drafts", _l("Review")), ("exams.index", _l("Exams")), ("audit.log", _l("Audit log"))]
    if role == Role.ADMIN:
        items.append(("admin.index", _l("Administration")))
    return items


def register_web(app: Flask) -> None:
    from qbank.web import (
        admin,
        audit,
        auth,
        bank,
        batches,
        coverage,
        exams,
        exports,
        imports,
        practice,
        results,
        review,
        tagging,
        views,
    )
    from qbank.web.security import limit_login

    for module in (views, auth, bank, imports, batches, coverage, practice, admin, exams, exports, audit, review, tagging, results):
        app.register_blueprint(module.bp)
    limit_login(app, "auth.login_submit")
    app.jinja_env.filters["content_html"] = content_html
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["snippet_html"] = snippet_html
    app.jinja_env.globals["nav_items"] = _nav
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["request_path"] = lambda: request.full_path.rstrip("?")
    app.jinja_env.filters["dt"] = local_time
    app.jinja_env.globals["zone_label"] = current_zone_label
