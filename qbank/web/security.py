"""Security set-up: sessions (Flask-Login), CSRF, login rate limit, cookie flags, headers, locale."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin
from flask_wtf.csrf import CSRFProtect

from qbank.domain.actor import Actor

LANGUAGES = ("vi", "en")

# Scripts, styles, fonts and pictures all come from this server: nothing inline, no CDN.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class WebUser(UserMixin):
    """The logged-in user as Flask-Login sees it; views use ``.actor`` for service calls.

    The session stores ``"<user id>:<session generation>"``: the loader refuses a session whose
    generation is no longer the user's (after logout, a password change or deactivation).
    """

    def __init__(self, actor: Actor, epoch: int):
        self.actor = actor
        self.epoch = epoch

    def get_id(self) -> str:
        return f"{self.actor.user_id}:{self.epoch}"

    @property
    def username(self) -> str:
        return self.actor.username

    @property
    def role(self) -> str:
        return str(self.actor.role)


def _load_user(session_id: str) -> WebUser | None:
    from qbank.services.accounts import actor_for_session

    uid, _, epoch = session_id.partition(":")
    if not (uid.isdigit() and epoch.isdigit()) or len(uid) > 10 or len(epoch) > 10:
        return None
    with current_app.extensions["qbank"].uow() as uow:
        # None when deleted, deactivated or logged out everywhere since the session began.
        who = actor_for_session(uow, int(uid), int(epoch))
    return WebUser(who, int(epoch)) if who is not None else None


def select_locale() -> str:
    lang = session.get("lang")
    return lang if lang in LANGUAGES else "vi"


def _security_headers(response: Response) -> Response:
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Referrer-Policy", "same-origin")
    h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    # Question content must not sit in shared or browser caches: pages and API answers are
    # personal (visibility depends on who asks). Static assets and media set their own policy.
    if request.endpoint not in ("static", "web.media", "imports.media"):
        h["Cache-Control"] = "no-store"
        h.setdefault("Pragma", "no-cache")
    return response


def init_security(app: Flask) -> None:
    cfg = app.config
    cfg.setdefault("SESSION_COOKIE_HTTPONLY", True)
    cfg["SESSION_COOKIE_SAMESITE"] = cfg.get("SESSION_COOKIE_SAMESITE") or "Lax"
    cfg["SESSION_COOKIE_SECURE"] = _truthy(cfg.get("SESSION_COOKIE_SECURE", False))
    cfg["SESSION_COOKIE_NAME"] = "qbank_session"
    cfg.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    cfg.setdefault("REMEMBER_COOKIE_SECURE", cfg["SESSION_COOKIE_SECURE"])
    cfg.setdefault("WTF_CSRF_TIME_LIMIT", 8 * 3600)
    cfg.setdefault("BABEL_DEFAULT_LOCALE", "vi")
    cfg.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    cfg.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    cfg.setdefault("RATELIMIT_HEADERS_ENABLED", True)

    login = LoginManager(app)
    login.login_view = "auth.login"
    login.session_protection = "strong"
    login.user_loader(_load_user)
    login.login_message = None  # the login page explains itself; no flash in two languages

    CSRFProtect(app)
    Babel(app, locale_selector=select_locale)
    # One limiter per app (tests build many apps; memory storage must not leak between them).
    # "qbank-db://" counts in the database, shared by every worker process (qbank serve --workers).
    options: dict[str, Any] = {}
    if str(cfg["RATELIMIT_STORAGE_URI"]).startswith("qbank-db:"):
        from qbank.web.ratelimit_db import DatabaseStorage  # noqa: F401 - registers the scheme

        options["engine"] = app.extensions["qbank"].engine
    app.extensions["qbank_limiter"] = Limiter(
        get_remote_address, app=app, storage_uri=cfg["RATELIMIT_STORAGE_URI"], storage_options=options, default_limits=[]
    )
    app.after_request(_security_headers)
    proxies = int(cfg.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Behind a reverse proxy the client address (rate limit, back-off log) and the scheme
        # come from X-Forwarded-For/-Proto; trust exactly as many hops as are configured.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]


def limit_login(app: Flask, endpoint: str) -> None:
    """Apply the configured login rate limit (per client address) to every request ``endpoint`` serves.

    ``endpoint`` is the view that attempts a login; it serves POST only, and no method filter is
    given, so no method (HEAD included) can make an attempt the limit does not count.
    """
    limiter: Limiter = app.extensions["qbank_limiter"]
    rate = str(app.config.get("LOGIN_RATE_LIMIT") or "10 per minute")
    app.view_functions[endpoint] = limiter.limit(rate)(app.view_functions[endpoint])


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)
