"""A confidential exam's questions come from the reserved pool, hidden on every path — search,
facets, counts, the question's page, the API, exports — from a teacher and an exam board of
another department, until the release makes them what the exam's policy says."""

from __future__ import annotations

from datetime import timedelta

import pytest

from qbank.db.models import utcnow
from qbank.domain.blueprint import blueprint_from_dict
from qbank.domain.enums import Status, Visibility
from qbank.services.exams import build_exam, release_exam
from tests import factories
from tests.functional.web_fixtures import actor_of, api, as_user, web_app, world  # noqa: F401 - fixtures

SECRET_TOPIC = "Logarit tuyệt mật"
OUTSIDERS = ("teacher_qb", "board_qb", "teacher")  # partner department's teacher and board; own teacher


@pytest.fixture
def secret(world):  # noqa: ANN001, ANN201, F811
    """A reserved question put into a confidential exam released tomorrow, shared with the consortium on release."""
    rt = world.rt
    q = factories.mcq("Giải phương trình logarit $\\log_2 x = 3$ đặc biệt", topic=SECRET_TOPIC)
    q.tags.level = "Vận dụng"
    qid = factories.stored(rt, q, "Quảng Trị", Status.APPROVED, Visibility.RESERVED)
    bp = blueprint_from_dict({
        "subject": "Toán", "grade": 12, "duration_minutes": 15, "total_points": 1, "title": "Đề thi HSG",
        "parts": [{"key": "I", "title": "PHẦN I", "type": "mcq"}],
        "cells": [{"part": "I", "topic": SECRET_TOPIC, "level": "Vận dụng", "count": 1, "points": 1}],
    })
    board = actor_of(rt, "board")
    with rt.uow() as uow:
        exam = build_exam(uow, board, bp, versions=1, release_at=utcnow() + timedelta(days=1), release_policy="consortium")
    assert exam.embargoed
    return {"qid": qid, "exam_id": exam.id, "board": board}


def hidden_everywhere(as_user, api, world, qid: int, exam_id: int, who: str) -> None:  # noqa: ANN001, F811
    web = as_user(who)
    search = web.get("/bank?q=logarit").get_data(as_text=True)
    assert f"/questions/{qid}\"" not in search and "tuyệt mật" not in search, who
    facets = web.get("/bank").get_data(as_text=True)
    assert SECRET_TOPIC not in facets, who
    assert web.get(f"/questions/{qid}").status_code == 404, who
    assert web.get(f"/questions/{qid}/versions/1").status_code == 404, who
    assert SECRET_TOPIC not in web.get("/coverage?subject=Toán&grade=12").get_data(as_text=True), who
    assert web.get(f"/exams/{exam_id}").status_code == 404, who
    assert web.post(f"/exams/{exam_id}/export", data={"format": "docx"}).status_code == 404, who
    with web.session_transaction() as s:
        s["practice_ids"] = [qid]
    assert web.post("/practice/export", data={"format": "docx"}).status_code == 404, who
    client = api(who)
    body = client.get("/api/v1/questions?q=logarit").json
    assert qid not in [i["id"] for i in body["items"]] and body["total"] == 0, who
    everything = client.get("/api/v1/questions?per_page=100").json
    assert qid not in [i["id"] for i in everything["items"]], who
    assert SECRET_TOPIC not in everything["facets"].get("topic", {}), who
    assert client.get(f"/api/v1/questions/{qid}").status_code == 404, who
    assert client.get(f"/api/v1/questions/{qid}/versions").status_code == 404, who
    assert client.get(f"/api/v1/exams/{exam_id}").status_code == 404, who
    assert client.get(f"/api/v1/exams/{exam_id}/export?format=docx").status_code == 404, who
    assert exam_id not in [e["id"] for e in client.get("/api/v1/exams").json], who
    assert client.post("/api/v1/exams/practice", json={"question_ids": [qid]}).status_code == 404, who


def test_hidden_from_outsiders_before_release(as_user, api, world, secret) -> None:  # noqa: ANN001, F811
    for who in OUTSIDERS:
        hidden_everywhere(as_user, api, world, secret["qid"], secret["exam_id"], who)


def test_own_exam_board_sees_it_and_is_audited(as_user, api, world, secret) -> None:  # noqa: ANN001, F811
    board = as_user("board")
    assert secret["qid"] in [i["id"] for i in api("board").get("/api/v1/questions?q=logarit").json["items"]]
    assert board.get(f"/questions/{secret['qid']}").status_code == 200
    assert board.get(f"/exams/{secret['exam_id']}").status_code == 200
    assert board.post(f"/exams/{secret['exam_id']}/export", data={"format": "docx"}).status_code == 200
    log = board.get("/audit").get_data(as_text=True)
    assert "Đã xem" in log and "Đã xuất" in log


def test_visible_again_after_release(as_user, api, world, secret) -> None:  # noqa: ANN001, F811
    with world.rt.uow() as uow:
        release_exam(uow, secret["board"], secret["exam_id"])
    for who in ("teacher_qb", "teacher", "board_qb"):
        web = as_user(who)
        assert f"/questions/{secret['qid']}\"" in web.get("/bank?q=logarit").get_data(as_text=True), who
        assert SECRET_TOPIC in web.get("/bank").get_data(as_text=True), who
        assert web.get(f"/questions/{secret['qid']}").status_code == 200, who
        client = api(who)
        assert client.get(f"/api/v1/questions/{secret['qid']}").status_code == 200, who
        assert SECRET_TOPIC in client.get("/api/v1/questions").json["facets"]["topic"], who
        assert client.post("/api/v1/exams/practice", json={"question_ids": [secret["qid"]]}).status_code == 201, who
    # The exam itself stays the owning department's: other departments never see it.
    assert as_user("board_qb").get(f"/exams/{secret['exam_id']}").status_code == 404
    assert as_user("teacher").get(f"/exams/{secret['exam_id']}").status_code == 200
