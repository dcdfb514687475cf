"""Server-side session revocation and account deactivation (web, API and command line)."""

from __future__ import annotations

from sqlalchemy import select

from qbank.db.models import User
from tests import factories
from tests.functional.web_fixtures import actor_of, api, as_user, login, token_for, web_app, world  # noqa: F401 - fixtures

COOKIE = "qbank_session"


def _copy(app, client):  # noqa: ANN001, ANN202
    """A second browser holding a copy of ``client``'s session cookie (a stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def _uid(w, username: str) -> int:  # noqa: ANN001
    with w.rt.uow() as uow:
        return uow.session.scalar(select(User.id).where(User.username == username))


def test_a_cookie_copied_before_logout_fails_after_it(web_app, as_user) -> None:  # noqa: ANN001, F811
    client = as_user("teacher")
    thief = _copy(web_app, client)
    assert thief.get("/bank").status_code == 200
    assert client.post("/logout").status_code == 302
    assert thief.get("/bank").status_code == 302
    assert thief.get("/api/v1/me").status_code == 401


def test_logout_ends_every_session_of_that_user_only(as_user) -> None:  # noqa: ANN001, F811
    laptop, phone, colleague = as_user("teacher"), as_user("teacher"), as_user("board")
    laptop.post("/logout")
    assert phone.get("/bank").status_code == 302
    assert colleague.get("/bank").status_code == 200
    # Logging in again works and starts a session that lives.
    login(phone, "teacher")
    assert phone.get("/bank").status_code == 200


def test_changing_the_password_ends_every_other_session(web_app, as_user) -> None:  # noqa: ANN001, F811
    client = as_user("teacher")
    thief = _copy(web_app, client)
    new = "a new passphrase for teaching"
    resp = client.post("/account/password", data={"current": factories.PASSWORD, "new": new, "confirm": new})
    assert resp.status_code == 302
    assert client.get("/bank").status_code == 200  # the session that changed it goes on
    assert thief.get("/bank").status_code == 302
    fresh = web_app.test_client()
    login(fresh, "teacher", new)


def test_a_password_change_needs_the_current_password_and_a_strong_new_one(as_user) -> None:  # noqa: ANN001, F811
    client = as_user("teacher")
    resp = client.post("/account/password", data={"current": "wrong", "new": "a good long phrase", "confirm": "a good long phrase"})
    assert resp.status_code == 422
    client.post("/lang", data={"lang": "vi"})
    resp = client.post("/account/password", data={"current": factories.PASSWORD, "new": "12345678", "confirm": "12345678"})
    assert resp.status_code == 422
    assert "Mật khẩu này quá phổ biến" in resp.get_data(as_text=True)


def test_an_admin_deactivates_a_user_of_their_department_and_every_session_and_token_ends(web_app, world, as_user, api) -> None:  # noqa: ANN001, F811
    victim = as_user("teacher")
    thief = _copy(web_app, victim)
    token_client = api("teacher")
    assert token_client.get("/api/v1/me").status_code == 200
    admin = as_user("admin")
    resp = admin.post(f"/admin/users/{_uid(world, 'teacher')}/active", data={"active": "0"})
    assert resp.status_code == 302
    assert victim.get("/bank").status_code == 302
    assert thief.get("/bank").status_code == 302
    assert token_client.get("/api/v1/me").status_code == 401
    refused = web_app.test_client().post("/login", data={"username": "teacher", "password": factories.PASSWORD})
    assert refused.status_code == 401
    # Reactivated, the user logs in again, but the old tokens stay revoked.
    admin.post(f"/admin/users/{_uid(world, 'teacher')}/active", data={"active": "1"})
    login(web_app.test_client(), "teacher")
    assert token_client.get("/api/v1/me").status_code == 401


def test_an_admin_cannot_deactivate_another_departments_user_or_themselves(world, as_user) -> None:  # noqa: ANN001, F811
    factories.user(world.rt, "admin_qb", "admin", "Quảng Bình")
    admin_qb = as_user("admin_qb")
    assert admin_qb.post(f"/admin/users/{_uid(world, 'teacher')}/active", data={"active": "0"}).status_code == 404
    assert as_user("teacher").get("/bank").status_code == 200
    admin = as_user("admin")
    resp = admin.post(f"/admin/users/{_uid(world, 'admin')}/active", data={"active": "0"})
    assert resp.status_code == 302
    assert admin.get("/bank").status_code == 200  # refused with a message; still active
    board = as_user("board")
    assert board.post(f"/admin/users/{_uid(world, 'teacher')}/active", data={"active": "0"}).status_code == 403


def test_the_admin_page_lists_only_the_admins_own_department(world, as_user) -> None:  # noqa: ANN001, F811
    page = as_user("admin").get("/admin/").get_data(as_text=True)
    assert "teacher_qb" not in page and "teacher" in page


def test_deactivation_through_the_api(world, api) -> None:  # noqa: ANN001, F811
    teacher = api("teacher")
    uid = _uid(world, "teacher")
    resp = api("admin").patch(f"/api/v1/users/{uid}", json={"active": False})
    assert resp.status_code == 200 and resp.get_json()["active"] is False
    assert teacher.get("/api/v1/me").status_code == 401
    assert api("board_qb").patch(f"/api/v1/users/{uid}", json={"active": True}).status_code == 403
    listed = api("admin").get("/api/v1/users").get_json()
    assert {u["department"] for u in listed} == {"Quảng Trị"}


def test_deactivation_from_the_command_line(world, as_user) -> None:  # noqa: ANN001, F811
    from tests.functional.test_cli import run

    client = as_user("teacher")
    out = run(world.rt, "user", "deactivate", "teacher")
    assert out.returncode == 0, out.stderr
    assert client.get("/bank").status_code == 302
    out = run(world.rt, "user", "activate", "teacher")
    assert out.returncode == 0, out.stderr
    login(client, "teacher")
    out = run(world.rt, "user", "password", "teacher", "--password", "aaaaaaaa")
    assert out.returncode != 0 and "password" in out.stderr


def test_an_admin_creating_an_account_with_a_common_password_is_told_why_in_vietnamese(as_user) -> None:  # noqa: ANN001, F811
    admin = as_user("admin")
    admin.post("/lang", data={"lang": "vi"})
    for password, expected in (("aaaaaaaa", "quá dễ đoán"), ("qbank2026", "dựa trên tên đăng nhập hoặc tên ứng dụng"), ("password1", "quá phổ biến")):
        resp = admin.post("/admin/users", data={"username": "giaovien", "password": password, "role": "teacher", "department": "1"},
                          follow_redirects=True)
        assert expected in resp.get_data(as_text=True), password
