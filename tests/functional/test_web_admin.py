"""Administration pages: departments, consortia and users; everyone else is refused."""

from __future__ import annotations

import re

from qbank.app import create_app
from tests.functional.web_fixtures import as_user, web_app, world  # noqa: F401 - fixtures


def test_admin_creates_department_consortium_and_user(as_user) -> None:  # noqa: ANN001, F811
    admin = as_user("admin")
    assert "Quảng Bình" in admin.get("/admin/").get_data(as_text=True)
    admin.post("/admin/departments", data={"name": "Nghệ An", "code": "NA"})
    admin.post("/admin/consortia", data={"name": "Bắc Miền Trung", "members": ["Nghệ An", "Hà Tĩnh"]})
    page = admin.get("/admin/").get_data(as_text=True)
    consortium_id = int(re.search(r"<td>Bắc Miền Trung</td>.*?/admin/consortia/(\d+)/invite", page, re.S).group(1))
    invited = admin.post(f"/admin/consortia/{consortium_id}/invite", data={"department": "Quảng Bình"}, follow_redirects=True)
    assert "Đã gửi lời mời tới Quảng Bình" in invited.get_data(as_text=True)
    resp = admin.post("/admin/users", data={"username": "gv.na", "password": "mật khẩu dài", "role": "teacher", "department": "1"},
                      follow_redirects=True)
    html = resp.get_data(as_text=True)
    assert "Đã tạo tài khoản gv.na" in html
    assert "Nghệ An" in html and "Bắc Miền Trung" in html


def test_admin_form_errors_are_shown_not_500(as_user) -> None:  # noqa: ANN001, F811
    admin = as_user("admin")
    resp = admin.post("/admin/departments", data={"name": "Quảng Trị"}, follow_redirects=True)
    assert resp.status_code == 200 and "Sở &#39;Quảng Trị&#39; đã tồn tại" in resp.get_data(as_text=True)
    resp = admin.post("/admin/users", data={"username": "x", "password": "short", "role": "teacher", "department": "1"},
                      follow_redirects=True)
    assert resp.status_code == 200 and "flash-error" in resp.get_data(as_text=True)


def test_non_admins_are_refused(as_user) -> None:  # noqa: ANN001, F811
    for who in ("teacher", "board", "contrib"):
        client = as_user(who)
        assert client.get("/admin/").status_code == 403, who
        assert client.post("/admin/departments", data={"name": "Nghệ An"}).status_code == 403, who
        assert client.post("/admin/users", data={"username": "abc", "password": "12345678", "role": "admin",
                                                 "department": "1"}).status_code == 403, who


def test_unexpected_errors_answer_500_page_and_json(runtime, world) -> None:  # noqa: ANN001, F811
    from tests.functional.web_fixtures import token_for

    app = create_app({"SECRET_KEY": "t", "WTF_CSRF_ENABLED": False}, runtime=runtime)

    def boom() -> str:
        raise RuntimeError("kaput")

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/v1/boom", "api_boom", boom)
    client = app.test_client()
    page = client.get("/boom")
    assert page.status_code == 500 and "kaput" not in page.get_data(as_text=True) and "<html" in page.get_data(as_text=True)
    assert client.get("/api/v1/boom", headers={"Authorization": "Bearer qb_x"}).status_code == 401  # auth first
    api = client.get("/api/v1/boom", headers={"Authorization": f"Bearer {token_for(runtime, 'teacher')}"})
    assert api.status_code == 500 and api.json["error"] == "internal_server_error" and "kaput" not in api.json["message"]
