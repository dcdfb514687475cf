"""API: exams (build from a blueprint, practice, get, export, release) with their refusals."""

from __future__ import annotations

from qbank.domain.enums import Visibility
from tests.functional.test_web_exams import stock
from tests.functional.web_fixtures import api, web_app, world  # noqa: F401 - fixtures

BLUEPRINT = {
    "subject": "Toán", "grade": 12, "duration_minutes": 45, "total_points": 1, "title": "Đề API",
    "parts": [{"key": "I", "title": "PHẦN I", "type": "mcq"}],
    "cells": [{"part": "I", "topic": "Hàm số", "level": "Nhận biết", "count": 4, "points": 0.25}],
}


def test_build_get_export_release(api, world) -> None:  # noqa: ANN001, F811
    stock(world.rt, visibility=Visibility.RESERVED)
    board = api("board")
    resp = board.post("/api/v1/exams", json={"blueprint": BLUEPRINT, "versions": 3, "seed": 1})
    assert resp.status_code == 201, resp.json
    exam = resp.json
    assert exam["embargoed"] and exam["version_codes"] == ["101", "102", "103"] and exam["question_count"] == 4
    assert board.get(f"/api/v1/exams/{exam['id']}").json["title"] == "Đề API"
    assert [e["id"] for e in board.get("/api/v1/exams").json] == [exam["id"]]
    export = board.get(f"/api/v1/exams/{exam['id']}/export?format=xlsx")
    assert export.status_code == 200 and export.data[:2] == b"PK"
    assert board.get(f"/api/v1/exams/{exam['id']}/export?format=rtf").status_code == 422
    released = board.post(f"/api/v1/exams/{exam['id']}/release", json={})
    assert released.status_code == 200 and not released.json["embargoed"]


def test_refusals(api, world) -> None:  # noqa: ANN001, F811
    stock(world.rt, visibility=Visibility.RESERVED)
    assert api("teacher").post("/api/v1/exams", json={"blueprint": BLUEPRINT}).status_code == 403
    bad = api("board").post("/api/v1/exams", json={"blueprint": {"subject": "Toán"}})
    assert bad.status_code == 422 and bad.json["error"] == "invalid"
    assert api("board").post("/api/v1/exams", json={"blueprint": BLUEPRINT, "versions": 99}).status_code == 422
    exam_id = api("board").post("/api/v1/exams", json={"blueprint": BLUEPRINT}).json["id"]
    for who in ("teacher", "contrib", "board_qb", "teacher_qb"):
        client = api(who)
        assert client.get(f"/api/v1/exams/{exam_id}").status_code == 404, who
        assert client.get(f"/api/v1/exams/{exam_id}/export").status_code == 404, who
        assert client.post(f"/api/v1/exams/{exam_id}/release", json={}).status_code == 404, who
        assert exam_id not in [e["id"] for e in client.get("/api/v1/exams").json], who


def test_unfillable_blueprint_is_422(api, world) -> None:  # noqa: ANN001, F811
    resp = api("board").post("/api/v1/exams", json={"blueprint": BLUEPRINT})
    assert resp.status_code == 422 and "Hàm số" in resp.json["message"]


def test_practice_test(api, world) -> None:  # noqa: ANN001, F811
    teacher = api("teacher")
    resp = teacher.post("/api/v1/exams/practice", json={"question_ids": [world.q["equation"], world.q["deriv"]], "title": "Ôn tập"})
    assert resp.status_code == 201 and resp.json["kind"] == "practice" and not resp.json["embargoed"]
    docx = teacher.get(f"/api/v1/exams/{resp.json['id']}/export?format=docx")
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    assert teacher.post("/api/v1/exams/practice", json={"question_ids": [world.q["ht_private"]]}).status_code == 404
    assert teacher.post("/api/v1/exams/practice", json={"question_ids": []}).status_code == 422


def test_official_exam_from_hand_picked_questions(api, world) -> None:  # noqa: ANN001, F811
    board = api("board")
    reserved = stock(world.rt, 2, visibility=Visibility.RESERVED)
    resp = board.post("/api/v1/exams", json={"question_ids": reserved, "title": "Chọn tay", "versions": 2})
    assert resp.status_code == 201, resp.json
    assert resp.json["embargoed"] and resp.json["kind"] == "official" and resp.json["question_count"] == 2
    assert api("teacher").post("/api/v1/exams/practice", json={"question_ids": reserved[:1]}).status_code == 404
    assert board.post("/api/v1/exams", json={}).status_code == 422
    assert board.post("/api/v1/exams", json={"question_ids": [1], "blueprint": BLUEPRINT}).status_code == 422
    assert api("teacher").post("/api/v1/exams", json={"question_ids": [world.q["deriv"]]}).status_code == 403
    assert board.post("/api/v1/exams", json={"question_ids": [world.q["ht_private"]]}).status_code == 404
