"""The audit-log API for exam boards: who viewed, exported, built, released what, when; filtered,
paginated and scoped to the caller's department."""

from __future__ import annotations

from qbank.domain.enums import Visibility
from tests import factories
from tests.functional.test_api_exams import BLUEPRINT
from tests.functional.test_web_exams import stock
from tests.functional.web_fixtures import api, web_app, world  # noqa: F401 - fixtures


def _exam(board) -> int:  # noqa: ANN001
    resp = board.post("/api/v1/exams", json={"blueprint": BLUEPRINT, "versions": 2, "seed": 1})
    assert resp.status_code == 201, resp.json
    return resp.json["id"]


def test_exam_boards_read_who_did_what_to_which_exam_and_when(api, world) -> None:  # noqa: ANN001, F811
    stock(world.rt, visibility=Visibility.RESERVED)  # the API builds a confidential exam
    board = api("board")
    exam_id = _exam(board)
    board.get(f"/api/v1/exams/{exam_id}")
    assert board.get(f"/api/v1/exams/{exam_id}/export?format=xlsx").status_code == 200
    board.post(f"/api/v1/exams/{exam_id}/release", json={})
    page = board.get("/api/v1/audit").json
    assert page["total"] == 4 and page["page"] == 1
    assert [e["action"] for e in page["items"]] == ["release", "export", "view", "build"]  # newest first
    entry = page["items"][1]
    assert entry["username"] == "board" and entry["object_type"] == "exam" and entry["object_id"] == exam_id
    assert entry["exam_title"] == "Đề API" and entry["details"]["format"] == "xlsx" and entry["at"].endswith(("Z", "+00:00"))
    assert api("admin").get("/api/v1/audit").json["total"] == 4


def test_the_audit_log_filters_and_pages(api, world) -> None:  # noqa: ANN001, F811
    stock(world.rt, 8, visibility=Visibility.RESERVED)  # the API builds a confidential exam
    board, admin = api("board"), api("admin")
    first, second = _exam(board), _exam(admin)
    for _ in range(3):
        board.get(f"/api/v1/exams/{first}")
    assert board.get(f"/api/v1/audit?exam_id={first}").json["total"] == 4
    assert board.get("/api/v1/audit?action=build").json["total"] == 2
    assert board.get("/api/v1/audit?user=admin").json["items"][0]["object_id"] == second
    page = board.get("/api/v1/audit?per_page=2&page=2").json
    assert page["total"] == 5 and page["pages"] == 3 and len(page["items"]) == 2
    assert board.get("/api/v1/audit?since=2000-01-01T00:00:00Z&until=2001-01-01T00:00:00Z").json["total"] == 0
    assert board.get("/api/v1/audit?per_page=100000").status_code == 422


def test_only_exam_boards_and_admins_read_it_and_only_their_departments(api, world) -> None:  # noqa: ANN001, F811
    stock(world.rt, visibility=Visibility.RESERVED)  # the API builds a confidential exam
    exam_id = _exam(api("board"))
    for who in ("teacher", "contrib"):
        resp = api(who).get("/api/v1/audit")
        assert resp.status_code == 403 and resp.json["error"] == "forbidden", who
    other = api("board_qb").get("/api/v1/audit").json
    assert other["total"] == 0
    assert api("board_qb").get(f"/api/v1/audit?exam_id={exam_id}").json["total"] == 0


def test_account_changes_are_in_the_audit_log(api, world) -> None:  # noqa: ANN001, F811
    factories.user(world.rt, "temp", "teacher", "Quảng Trị")
    admin = api("admin")
    uid = next(u["id"] for u in admin.get("/api/v1/users").json if u["username"] == "temp")
    admin.patch(f"/api/v1/users/{uid}", json={"active": False})
    entry = api("board").get("/api/v1/audit?action=deactivate").json["items"][0]
    assert entry["object_type"] == "user" and entry["object_id"] == uid and entry["username"] == "admin"
    assert api("board_qb").get("/api/v1/audit?action=deactivate").json["total"] == 0
