"""Log in (rate-limited, with per-username back-off), log out, language switch and API tokens."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from qbank.services.api_tokens import list_api_tokens, revoke_api_token
from qbank.services.login_throttle import clear_failed_logins, login_wait, record_failed_login
from qbank.services.users import authenticate, create_api_token
from qbank.web.common import actor, form_int, runtime
from qbank.web.security import LANGUAGES, WebUser

bp = Blueprint("auth", __name__)


def safe_next(target: str | None, default: str = "/") -> str:
    """Only a path on this site: never ``//evil.example``, ``/\tevil``, ``https://...`` (open redirect).

    Browsers drop tabs and newlines and read ``\\`` as ``/``, so any control character or backslash
    refuses the target, and what is left must parse as a bare path.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


@bp.get("/login")
def login():  # noqa: ANN201
    return render_template("auth/login.html", next=safe_next(request.args.get("next")))


# GET and POST are separate views: Flask answers HEAD with the GET view, so a HEAD can never
# reach a login attempt (which would skip CSRF, as Flask-WTF does not check HEAD).
@bp.post("/login")
def login_submit():  # noqa: ANN201
    username = (request.form.get("username") or "").strip()
    password = request.form.get("password") or ""
    nxt = safe_next(request.form.get("next"))
    rt = runtime()
    with rt.uow() as uow:
        wait = login_wait(uow, username)
    if wait:
        msg = _("Too many failed attempts for this account: try again in %(s)s seconds.", s=wait)
        return render_template("auth/login.html", error=msg, username=username, next=nxt), 429, {"Retry-After": str(wait)}
    with rt.uow() as uow:
        who = authenticate(uow, username, password)
    if who is None:
        with rt.uow() as uow:
            record_failed_login(uow, username, request.remote_addr)
        msg = _("Wrong username or password.")
        return render_template("auth/login.html", error=msg, username=username, next=nxt), 401
    with rt.uow() as uow:
        clear_failed_logins(uow, username)
    lang = session.get("lang")
    session.clear()  # a fresh session at login: no fixation of a pre-login session
    if lang:
        session["lang"] = lang
    login_user(WebUser(who))
    return redirect(nxt)


@bp.post("/logout")
def logout():  # noqa: ANN201
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("auth.login"))


@bp.post("/lang")
def set_language():  # noqa: ANN201
    lang = request.form.get("lang")
    if lang not in LANGUAGES:
        abort(400)
    session["lang"] = lang
    return redirect(safe_next(request.form.get("next")))


@bp.get("/account")
@login_required
def account():  # noqa: ANN201
    return _account_page()


@bp.post("/account")
@login_required
def account_submit():  # noqa: ANN201
    rt = runtime()
    if request.form.get("revoke"):
        with rt.uow() as uow:
            revoke_api_token(uow, actor(), form_int(request.form.get("revoke")) or 0)
        flash(_("Token revoked."), "ok")
        return redirect(url_for("auth.account"))
    with rt.uow() as uow:
        new_token = create_api_token(uow, actor(), (request.form.get("name") or "token").strip())
    return _account_page(new_token)


def _account_page(new_token: str | None = None, status: int = 200):  # noqa: ANN202
    with runtime().uow() as uow:
        tokens = list_api_tokens(uow, actor())
    return render_template("auth/account.html", tokens=tokens, new_token=new_token), status
