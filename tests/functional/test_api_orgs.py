"""API: departments, consortia, users, /me and personal tokens — admins only where it matters."""

from __future__ import annotations

from tests.functional.web_fixtures import api, web_app, world  # noqa: F401 - fixtures


def test_departments(api, world) -> None:  # noqa: ANN001, F811
    listed = api("teacher").get("/api/v1/departments").json
    assert {d["name"] for d in listed} == {"Quảng Trị", "Quảng Bình", "Hà Tĩnh"}
    assert next(d for d in listed if d["name"] == "Quảng Trị")["consortia"] == ["Bắc Trung Bộ"]
    assert api("teacher").post("/api/v1/departments", json={"name": "Nghệ An"}).status_code == 403
    made = api("admin").post("/api/v1/departments", json={"name": "Nghệ An", "code": "NA"})
    assert made.status_code == 201 and made.json["name"] == "Nghệ An"
    assert api("admin").post("/api/v1/departments", json={"name": "Nghệ An"}).status_code == 409
    assert api("admin").post("/api/v1/departments", json={}).status_code == 422


def test_consortia(api, world) -> None:  # noqa: ANN001, F811
    assert api("board").post("/api/v1/consortia", json={"name": "Miền Trung", "members": ["Hà Tĩnh"]}).status_code == 403
    resp = api("admin").post("/api/v1/consortia", json={"name": "Miền Trung", "members": ["Hà Tĩnh"]})
    assert resp.status_code == 201
    # The creator's department joins; the listed one is only invited until its own admin accepts.
    assert "Miền Trung" in next(d for d in resp.json if d["name"] == "Quảng Trị")["consortia"]
    assert "Miền Trung" not in next(d for d in resp.json if d["name"] == "Hà Tĩnh")["consortia"]
    cons = next(c for c in api("teacher").get("/api/v1/consortia").json if c["name"] == "Miền Trung")
    assert cons["pending"] == ["Hà Tĩnh"]
    assert api("admin").post(f"/api/v1/consortia/{cons['id']}/invitations", json={"department": "Hà Tĩnh"}).status_code == 409
    assert api("admin").post("/api/v1/consortia", json={"name": "X", "members": ["Atlantis"]}).status_code == 404
    assert api("admin").put(f"/api/v1/consortia/{cons['id']}/reserved-pool", json={"shared": True}).status_code == 204
    assert api("board").put(f"/api/v1/consortia/{cons['id']}/reserved-pool", json={"shared": True}).status_code == 403


def test_users(api, world) -> None:  # noqa: ANN001, F811
    assert api("teacher").get("/api/v1/users").status_code == 403
    # An administrator manages (and sees) the accounts of their own department only.
    listed = api("admin").get("/api/v1/users").json
    assert len(listed) == 4 and {u["department"] for u in listed} == {"Quảng Trị"}
    new = {"username": "newteacher", "password": "long enough pw", "role": "teacher", "department": "Quảng Trị"}
    assert api("board").post("/api/v1/users", json=new).status_code == 403
    # An admin manages their own department's accounts only (else: an exam board of their own making elsewhere).
    assert api("admin").post("/api/v1/users", json={**new, "department": "Hà Tĩnh"}).status_code == 403
    made = api("admin").post("/api/v1/users", json=new)
    assert made.status_code == 201 and made.json["department"] == "Quảng Trị" and "password" not in made.json
    assert api("admin").post("/api/v1/users", json=new).status_code == 409
    assert api("admin").post("/api/v1/users", json={**new, "username": "x y z", "role": "king"}).status_code == 422
    assert api("admin").post("/api/v1/users", json={**new, "username": "short", "password": "short"}).status_code == 422


def test_me_and_tokens(api, world) -> None:  # noqa: ANN001, F811
    client = api("teacher")
    me = client.get("/api/v1/me").json
    assert me["username"] == "teacher" and me["role"] == "teacher"
    made = client.post("/api/v1/tokens", json={"name": "script"})
    assert made.status_code == 201 and made.json["token"].startswith("qb_")
    tokens = client.get("/api/v1/tokens").json
    assert {t["name"] for t in tokens} == {"test", "script"} and all("token" not in t for t in tokens)
    script = next(t for t in tokens if t["name"] == "script")
    assert api("board").delete(f"/api/v1/tokens/{script['id']}").status_code == 404  # not theirs
    assert client.delete(f"/api/v1/tokens/{script['id']}").status_code == 204
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {made.json['token']}"}).status_code == 401


def test_session_auth_works_for_the_api(web_app, world) -> None:  # noqa: ANN001, F811
    from tests.functional.web_fixtures import login

    client = web_app.test_client()
    login(client, "board")
    assert client.get("/api/v1/me").json["username"] == "board"


def test_docs_page_lists_endpoints_without_cdn(web_app, world) -> None:  # noqa: ANN001, F811
    html = web_app.test_client().get("/api/v1/docs").get_data(as_text=True)
    assert "/api/v1/questions/{qid}" in html and "/api/v1/imports/{token}/confirm" in html
    assert "cdn" not in html.lower() and "<script src=\"/static/qbank.js\"" in html
    spec = web_app.test_client().get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.") and "bearerAuth" in spec["components"]["securitySchemes"]
    assert set(spec["components"]["schemas"]["Error"]["properties"]) == {"error", "message", "details"}


def test_coverage(api, world) -> None:  # noqa: ANN001, F811
    body = api("teacher").get("/api/v1/coverage?subject=Toán&grade=12").json
    assert body["total"] == 3 and {"topic": "Phương trình", "level": "Nhận biết", "count": 1} in body["cells"]
    assert "Hình học" not in body["topics"]  # another department's private question is not counted
    assert api("teacher_ht").get("/api/v1/coverage?subject=Toán&grade=12").json["total"] == 2
    assert api("teacher").get("/api/v1/coverage?grade=99").status_code == 422
