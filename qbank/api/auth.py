"""Who is calling the API: a personal token (``Authorization: Bearer qb_…``) or the web session.

A session-authenticated call that changes something must also send the CSRF token
(``X-CSRFToken``), since a browser attaches the session cookie to any site's request.
"""

from __future__ import annotations

from flask import current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized
from wtforms import ValidationError as WTFValidationError

from qbank.domain.actor import Actor
from qbank.services.users import actor_for_token

PUBLIC_PATHS = ("/api/v1/openapi.json", "/api/v1/docs")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def api_actor() -> Actor:
    return g.api_actor


def authenticate_request() -> None:
    """``before_request`` for /api/v1: resolve the actor or answer 401."""
    if not request.path.startswith("/api/") or request.path in PUBLIC_PATHS:
        return
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip().startswith("qb_"):
            _unauthorized("use Authorization: Bearer qb_…")
        with current_app.extensions["qbank"].uow() as uow:
            who = actor_for_token(uow, token.strip())
        if who is None:
            _unauthorized("unknown or revoked token")
        g.api_actor = who
        return
    if current_user.is_authenticated:
        if request.method not in SAFE_METHODS and current_app.config.get("WTF_CSRF_ENABLED", True):
            try:
                validate_csrf(request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token"))
            except WTFValidationError as exc:
                raise CSRFError(str(exc)) from None
        g.api_actor = current_user.actor
        return
    _unauthorized("log in or send a personal API token")


def _unauthorized(message: str) -> None:
    raise Unauthorized(description=message, www_authenticate=WWWAuthenticate("bearer"))
