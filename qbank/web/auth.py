"""Log in (rate-limited, with per-username back-off), log out, language switch and API tokens."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from qbank.domain.actor import Actor
from qbank.domain.errors import ValidationError
from qbank.services.accounts import change_password, end_sessions, session_epoch
from qbank.services.api_tokens import list_api_tokens, revoke_api_token
from qbank.services.login_throttle import clear_failed_logins, login_wait, record_failed_login
from qbank.services.password_policy import MAX_LENGTH, MIN_LENGTH
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
    with rt.uow() as uow:
        epoch = session_epoch(uow, who.user_id or 0)
    _start_session(who, epoch)
    return redirect(nxt)


def _start_session(who: Actor, epoch: int) -> None:
    lang = session.get("lang")
    session.clear()  # a fresh session at login: no fixation of a pre-login session
    if lang:
        session["lang"] = lang
    login_user(WebUser(who, epoch))


@bp.post("/logout")
def logout():  # noqa: ANN201
    if current_user.is_authenticated:
        # Ends every session of this user on the server: a copy of the cookie stops working too.
        with runtime().uow() as uow:
            end_sessions(uow, current_user.actor.user_id)
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


@bp.post("/account/password")
@login_required
def change_password_submit():  # noqa: ANN201
    f = request.form
    if (f.get("new") or "") != (f.get("confirm") or ""):
        return _account_page(password_error=_("The two new passwords differ."), status=422)
    try:
        with runtime().uow() as uow:
            epoch = change_password(uow, actor(), f.get("current") or "", f.get("new") or "")
    except ValidationError as exc:
        return _account_page(password_error=password_message(exc), status=422)
    # Every session ended, this one included: start a new one for the person who changed it.
    _start_session(actor(), epoch)
    flash(_("Password changed. Every other session of your account has ended."), "ok")
    return redirect(url_for("auth.account"))


def password_message(exc: ValidationError) -> str:
    """A translated sentence for a refused password (the service's reason code picks it)."""
    reason = (exc.details or {}).get("reason")
    texts = {
        "wrong_current": _("The current password is not right."),
        "too_short": _("The password needs at least %(n)s characters.", n=MIN_LENGTH),
        "too_long": _("The password may have at most %(n)s characters.", n=MAX_LENGTH),
        "common": _("This password is too common: it is on a list of common or breached passwords. A phrase of several words is best."),
        "guessable": _("This password is too easy to guess (repeats, sequences, a word with digits). A phrase of several words is best."),
        "context": _("This password is built on the username or the app's name: choose one that is not."),
    }
    return str(texts.get(reason, str(exc)))


def _account_page(new_token: str | None = None, status: int = 200, password_error: str | None = None):  # noqa: ANN202
    with runtime().uow() as uow:
        tokens = list_api_tokens(uow, actor())
    return render_template("auth/account.html", tokens=tokens, new_token=new_token, password_error=password_error,
                           min_length=MIN_LENGTH, max_length=MAX_LENGTH), status
