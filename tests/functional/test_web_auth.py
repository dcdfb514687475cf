"""Log in/out, back-off and rate limit, CSRF, cookie flags, security headers, language switch."""

from __future__ import annotations

import re

from qbank.app import create_app
from tests import factories
from tests.functional.web_fixtures import as_user, login, web_app, world  # noqa: F401 - fixtures


def test_pages_need_a_login_and_login_returns_to_the_page(web_app, world) -> None:  # noqa: ANN001, F811
    client = web_app.test_client()
    resp = client.get("/bank?q=x")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    resp = client.post("/login", data={"username": "teacher", "password": factories.PASSWORD, "next": "/bank?q=x"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/bank?q=x"
    assert client.get("/bank").status_code == 200


def test_login_never_redirects_off_site(web_app, world) -> None:  # noqa: ANN001, F811
    client = web_app.test_client()
    for evil in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        resp = client.post("/login", data={"username": "teacher", "password": factories.PASSWORD, "next": evil})
        assert resp.headers["Location"] == "/", evil


def test_wrong_password_is_refused_then_backs_off(web_app, world) -> None:  # noqa: ANN001, F811
    client = web_app.test_client()
    for _ in range(5):
        resp = client.post("/login", data={"username": "teacher", "password": "wrong password"})
        assert resp.status_code == 401
    # The sixth failure in a row makes the account wait, even with the right password.
    client.post("/login", data={"username": "teacher", "password": "wrong again"})
    resp = client.post("/login", data={"username": "teacher", "password": factories.PASSWORD})
    assert resp.status_code == 429
    assert int(resp.headers["Retry-After"]) >= 1
    # Another account is not affected.
    assert client.post("/login", data={"username": "board", "password": factories.PASSWORD}).status_code == 302


def test_login_rate_limit_per_address(runtime, world) -> None:  # noqa: ANN001, F811
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "3 per minute"}, runtime=runtime)
    client = app.test_client()
    codes = [client.post("/login", data={"username": f"nobody{i}", "password": "x"}).status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]
    assert client.get("/login").status_code == 200  # only POSTs count


def test_logout_needs_post_and_ends_the_session(as_user) -> None:  # noqa: ANN001, F811
    client = as_user("teacher")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/bank").status_code == 302


def test_deactivated_user_loses_the_session(as_user, world) -> None:  # noqa: ANN001, F811
    from sqlalchemy import update

    from qbank.db.models import User

    client = as_user("teacher")
    with world.rt.uow() as uow:
        uow.session.execute(update(User).where(User.username == "teacher").values(active=False))
        uow.commit()
    assert client.get("/bank").status_code == 302


def test_csrf_is_required_on_every_form(runtime, world) -> None:  # noqa: ANN001, F811
    app = create_app({"TESTING": True, "SECRET_KEY": "t"}, runtime=runtime)
    client = app.test_client()
    resp = client.post("/login", data={"username": "teacher", "password": factories.PASSWORD})
    assert resp.status_code == 400 and b"CSRF" in resp.data
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    resp = client.post("/login", data={"username": "teacher", "password": factories.PASSWORD, "csrf_token": token})
    assert resp.status_code == 302
    # Logged in: a form without the token is still refused.
    assert client.post("/practice/change", data={"action": "clear"}).status_code == 400
    # The API with the session cookie needs the header; with a bearer token it does not.
    assert client.post("/api/v1/tokens", json={"name": "x"}).status_code == 400
    page = client.get("/account").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/api/v1/tokens", json={"name": "x"}, headers={"X-CSRFToken": token}).status_code == 201


def test_session_cookie_flags(runtime, world) -> None:  # noqa: ANN001, F811
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": True}, runtime=runtime)
    resp = app.test_client().post("/login", data={"username": "teacher", "password": factories.PASSWORD})
    cookie = resp.headers["Set-Cookie"]
    assert "qbank_session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_security_headers_and_no_store(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("teacher")
    resp = client.get(f"/questions/{world.q['deriv']}")
    h = resp.headers
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["X-Frame-Options"] == "DENY"
    assert h["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in h["Content-Security-Policy"] and "unsafe-inline" not in h["Content-Security-Policy"]
    assert h["Cache-Control"] == "no-store"
    assert client.get(f"/api/v1/questions/{world.q['deriv']}").headers["Cache-Control"] == "no-store"
    static = client.get("/static/qbank.css")
    static.close()
    assert static.status_code == 200 and static.headers.get("Cache-Control") != "no-store"


def test_pages_have_no_inline_script_or_style(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("admin")
    for url in ("/", "/bank", f"/questions/{world.q['deriv']}", "/import", "/coverage", "/practice", "/exams/new", "/admin/", "/account"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), url
        assert "<style" not in html and " style=" not in html and "onclick=" not in html, url
        assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html, url


def test_language_switch_defaults_to_vietnamese(as_user) -> None:  # noqa: ANN001, F811
    client = as_user("teacher")
    assert "Đăng xuất" in client.get("/bank").get_data(as_text=True)
    resp = client.post("/lang", data={"lang": "en", "next": "/bank"})
    assert resp.headers["Location"] == "/bank"
    assert "Log out" in client.get("/bank").get_data(as_text=True)
    assert client.post("/lang", data={"lang": "fr"}).status_code == 400


def test_account_page_makes_and_revokes_api_tokens(as_user, web_app) -> None:  # noqa: ANN001, F811
    client = as_user("teacher")
    html = client.post("/account", data={"name": "laptop"}).get_data(as_text=True)
    token = re.search(r"(qb_[A-Za-z0-9_-]+)", html).group(1)
    api = web_app.test_client()
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json["username"] == "teacher"
    token_id = client.get("/api/v1/tokens").json[0]["id"]
    client.post("/account", data={"revoke": str(token_id)})
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_login_page_renders(web_app) -> None:  # noqa: ANN001, F811
    html = web_app.test_client().get("/login").get_data(as_text=True)
    assert 'name="password"' in html and "Đăng nhập" in html


def test_login_helper(web_app, world) -> None:  # noqa: ANN001, F811
    login(web_app.test_client(), "board")


def test_practice_add_never_redirects_off_site(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("teacher")
    for evil in ("//evil.example", "/\\evil.example", "https://evil.example"):
        resp = client.post("/practice/add", data={"qid": world.q["deriv"], "next": evil})
        assert resp.headers["Location"] == "/practice", evil


def test_rate_limit_uses_the_forwarded_address_only_behind_a_trusted_proxy(runtime, world) -> None:  # noqa: ANN001, F811
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "2 per minute",
                      "TRUSTED_PROXIES": 1}, runtime=runtime)
    client = app.test_client()

    def attempt(ip: str) -> int:
        return client.post("/login", data={"username": "x" + ip, "password": "y"}, headers={"X-Forwarded-For": ip}).status_code

    assert [attempt("10.0.0.1") for _ in range(3)] == [401, 401, 429]
    assert attempt("10.0.0.2") == 401  # another client behind the same proxy is not limited
