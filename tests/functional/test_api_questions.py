"""API: question search (facets, pagination), get, update, status, versions — and the refusals."""

from __future__ import annotations

from tests.functional.web_fixtures import api, web_app, world  # noqa: F401 - fixtures


def test_requires_authentication(web_app, world) -> None:  # noqa: ANN001, F811
    client = web_app.test_client()
    resp = client.get("/api/v1/questions")
    assert resp.status_code == 401 and resp.json["error"] == "unauthorized" and resp.headers["WWW-Authenticate"].lower().startswith("bearer")
    assert client.get("/api/v1/questions", headers={"Authorization": "Bearer qb_nope"}).status_code == 401
    assert client.get("/api/v1/questions", headers={"Authorization": "Basic abc"}).status_code == 401
    assert client.get("/api/v1/openapi.json").status_code == 200  # the spec itself is public


def test_search_without_accents_with_facets_and_paging(api, world) -> None:  # noqa: ANN001, F811
    client = api("teacher")
    body = client.get("/api/v1/questions?q=dao ham").json
    assert [i["id"] for i in body["items"]] == [world.q["deriv"]]
    assert "<mark>" in body["items"][0]["snippet"]
    assert "<math" in body["items"][0]["stem_html"] and "$y=x^{2}" in body["items"][0]["stem"]
    everything = client.get("/api/v1/questions?per_page=1").json
    assert everything["total"] == 3 and everything["pages"] == 3 and len(everything["items"]) == 1
    assert set(everything["facets"]["topic"]) == {"Hàm số", "Phương trình", "Xác suất"}
    second = client.get("/api/v1/questions?per_page=1&page=2").json
    assert second["items"][0]["id"] != everything["items"][0]["id"]
    filtered = client.get("/api/v1/questions?topic=Phương trình&grade=12").json
    assert [i["id"] for i in filtered["items"]] == [world.q["equation"]]


def test_search_validation_errors_are_422_json(api, world) -> None:  # noqa: ANN001, F811
    resp = api("teacher").get("/api/v1/questions?per_page=1000&type=poem")
    assert resp.status_code == 422
    assert resp.json["error"] == "unprocessable_entity" and "per_page" in str(resp.json["details"]) and "type" in str(resp.json["details"])


def test_get_visible_and_hidden(api, world) -> None:  # noqa: ANN001, F811
    assert api("teacher").get(f"/api/v1/questions/{world.q['deriv']}").json["options"][1]["correct"] is True
    hidden = api("teacher_ht").get(f"/api/v1/questions/{world.q['equation']}")
    missing = api("teacher_ht").get("/api/v1/questions/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json["error"] == "not_found"
    assert api("teacher").get(f"/api/v1/questions/{world.q['draft']}").status_code == 404  # teachers see approved only


def test_update_creates_a_version(api, world) -> None:  # noqa: ANN001, F811
    client = api("contrib")
    qid = world.q["equation"]
    resp = client.patch(f"/api/v1/questions/{qid}", json={"answer": "C", "tags": {"topic": "Phương trình bậc hai"}, "note": "api"})
    assert resp.status_code == 200, resp.json
    assert resp.json["version"] == 2 and resp.json["answer"] == "C" and resp.json["tags"]["topic"] == "Phương trình bậc hai"
    assert [o["correct"] for o in resp.json["options"]] == [False, False, True, False]
    versions = client.get(f"/api/v1/questions/{qid}/versions").json
    assert [v["version"] for v in versions] == [1, 2] and versions[1]["note"] == "api"
    stem = client.patch(f"/api/v1/questions/{qid}", json={"stem": "Giải $x^2=9$"}).json
    assert "<math" in stem["stem_html"] and stem["version"] == 3


def test_update_refusals(api, world) -> None:  # noqa: ANN001, F811
    qid = world.q["equation"]
    assert api("teacher").patch(f"/api/v1/questions/{qid}", json={"answer": "A"}).status_code == 403
    assert api("teacher_qb").patch(f"/api/v1/questions/{qid}", json={"answer": "A"}).status_code == 404
    bad = api("contrib").patch(f"/api/v1/questions/{qid}", json={"answer": "Z"})
    assert bad.status_code == 422 and bad.json["details"]["where"] == "answer"
    assert api("contrib").patch(f"/api/v1/questions/{qid}", json={"options": [{"text": "x"}]}).status_code == 422
    assert api("contrib").patch(f"/api/v1/questions/{qid}", json={"points": -1}).status_code == 422
    assert api("contrib").patch(f"/api/v1/questions/{qid}", data="not json", content_type="application/json").status_code in (400, 422)


def test_approve_and_retire(api, world) -> None:  # noqa: ANN001, F811
    qid = world.q["draft"]
    assert api("contrib").post(f"/api/v1/questions/{qid}/status", json={"status": "approved"}).status_code == 403
    resp = api("board").post(f"/api/v1/questions/{qid}/status", json={"status": "approved"})
    assert resp.status_code == 200 and resp.json["status"] == "approved"
    assert api("board").post(f"/api/v1/questions/{qid}/status", json={"status": "gone"}).status_code == 422
    assert api("board_qb").post(f"/api/v1/questions/{world.q['equation']}/status", json={"status": "retired"}).status_code == 404
    assert api("board").post(f"/api/v1/questions/{qid}/status", json={"status": "retired"}).json["status"] == "retired"


def test_json_errors_for_404_405(api, world) -> None:  # noqa: ANN001, F811
    client = api("teacher")
    nf = client.get("/api/v1/nothing-here")
    assert nf.status_code == 404 and set(nf.json) == {"error", "message", "details"}
    na = client.delete(f"/api/v1/questions/{world.q['deriv']}")
    assert na.status_code == 405 and na.json["error"] == "method_not_allowed" and "GET" in na.headers["Allow"]


def test_sharing_changes_through_api_and_web(api, world) -> None:  # noqa: ANN001, F811
    from tests.functional.web_fixtures import login

    qid = world.q["equation"]
    assert api("teacher_qb").get(f"/api/v1/questions/{qid}").status_code == 404
    # Sharing more widely is the exam board's call; a contributor may only narrow it.
    assert api("contrib").patch(f"/api/v1/questions/{qid}", json={"visibility": "consortium"}).status_code == 403
    resp = api("board").patch(f"/api/v1/questions/{qid}", json={"visibility": "consortium"})
    assert resp.status_code == 200 and resp.json["visibility"] == "consortium" and resp.json["version"] == 1
    assert api("teacher_qb").get(f"/api/v1/questions/{qid}").status_code == 200
    assert api("teacher").patch(f"/api/v1/questions/{qid}", json={"visibility": "public"}).status_code == 403
    web = api("contrib")  # any client; log in for the form
    login(web, "contrib")
    web.environ_base.pop("HTTP_AUTHORIZATION", None)
    assert web.post(f"/questions/{qid}/visibility", data={"visibility": "department"}).status_code == 302
    assert api("teacher_qb").get(f"/api/v1/questions/{qid}").status_code == 404
    assert web.post(f"/questions/{qid}/visibility", data={"visibility": "world"}).status_code == 422


def test_stale_edit_is_a_conflict(api, world) -> None:  # noqa: ANN001, F811
    qid = world.q["equation"]
    client = api("contrib")
    assert client.patch(f"/api/v1/questions/{qid}", json={"answer": "C", "base_version": 1}).status_code == 200
    stale = client.patch(f"/api/v1/questions/{qid}", json={"answer": "D", "base_version": 1})
    assert stale.status_code == 409 and stale.json["error"] == "conflict"
