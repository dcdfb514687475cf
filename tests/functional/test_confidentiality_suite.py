"""The confidentiality suite: building and deleting a confidential exam changes nothing that a
teacher, a contributor or another department's exam board can observe, on any path they have.

Each observer records everything they can see — search hits, totals, facets and snippets (web
and API), every question page and its versions, the coverage heatmap, every picture, their
practice tests (pages, API, exports), the exam lists, usage counts — before the build, while the
exam exists (after its board has viewed and exported it) and after it is deleted. The three
recordings must be identical. Runs on SQLite with Whoosh and on PostgreSQL with its full-text
backend (QBANK_TEST_DATABASE_URL).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from typing import Any

import pytest
from sqlalchemy import func, select

from qbank.db.models import BlobRow, QuestionRow
from qbank.demo.sample_exam import mcq, png_graph
from qbank.domain.actor import SYSTEM
from qbank.domain.enums import Status, Visibility
from qbank.domain.question import Blob
from qbank.services.blobs import put_blobs
from qbank.services.consortia import share_reserved_pool
from tests import factories
from tests.functional.web_fixtures import api, as_user, web_app, world  # noqa: F401 - fixtures

TOPIC = "Logarit"
LEVEL = "Vận dụng"
OBSERVERS = ("teacher", "contrib", "board_qb")  # own teacher, own contributor, a partner's exam board
QUERIES = ("", "cau hoi so", "logarit", "Câu hỏi số 9001", "gia tri bieu thuc")
BLUEPRINT = {
    "subject": "Toán", "grade": 12, "duration_minutes": 15, "total_points": 1, "title": "Đề thi HSG tuyệt mật",
    "parts": [{"key": "I", "title": "PHẦN I", "type": "mcq"}],
    "cells": [{"part": "I", "topic": TOPIC, "level": LEVEL, "count": 2, "points": 0.5}],
}
_VOLATILE = [
    re.compile(r'(name="csrf_token"[^>]*value=")[^"]*'),
    re.compile(r'(<meta name="csrf-token" content=")[^"]*'),
    re.compile(r'(nonce=")[^"]*'),
]


@pytest.fixture
def pool(world):  # noqa: ANN001, ANN201, F811
    """Quảng Trị's reserved pool (one question sharing a picture with a visible one), visible
    questions on the same topic, and a practice test per observer made before any build."""
    rt = world.rt
    shared_pic, secret_pic = Blob(png_graph(seed=1), "image/png"), Blob(png_graph(seed=2), "image/png")
    with rt.uow() as uow:
        put_blobs(uow.session, {b.sha256: b for b in (shared_pic, secret_pic)})
        uow.commit()
    visible = {
        "cons": factories.stored(rt, mcq(9001, TOPIC, LEVEL, picture=shared_pic.sha256), "Quảng Trị", Status.APPROVED,
                                 Visibility.CONSORTIUM),
        "dept": factories.stored(rt, mcq(9002, TOPIC, LEVEL), "Quảng Trị", Status.APPROVED, Visibility.DEPARTMENT),
    }
    reserved = [
        factories.stored(rt, mcq(9101, TOPIC, LEVEL, picture=shared_pic.sha256), "Quảng Trị", Status.APPROVED, Visibility.RESERVED),
        factories.stored(rt, mcq(9102, TOPIC, LEVEL, picture=secret_pic.sha256), "Quảng Trị", Status.APPROVED, Visibility.RESERVED),
        factories.stored(rt, mcq(9103, TOPIC, LEVEL), "Quảng Trị", Status.APPROVED, Visibility.RESERVED),
        factories.stored(rt, mcq(9104, TOPIC, LEVEL), "Quảng Trị", Status.DRAFT, Visibility.RESERVED),
    ]
    return {"visible": visible, "reserved": reserved}


def _normalise(html: str) -> str:
    for pattern in _VOLATILE:
        html = pattern.sub(r"\1…", html)
    return html


def _docx_text(data: bytes) -> list[str]:
    """The document XML of every Word file in a download (a .docx or a zip of them)."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        if "word/document.xml" in names:
            return [zf.read("word/document.xml").decode()]
        for name in sorted(names):
            if name.endswith(".docx"):
                out += _docx_text(zf.read(name))
    return out


def _download(resp: Any) -> tuple[int, list[str]]:
    return resp.status_code, _docx_text(resp.data) if resp.status_code == 200 else []


def observe(rt: Any, web: Any, client: Any, practice_id: int, max_id: int, blob_shas: list[str]) -> dict[str, Any]:
    """Everything one user can see, as comparable values."""
    seen: dict[str, Any] = {}
    for q in QUERIES:
        page = web.get(f"/bank?q={q}")
        seen[f"web search {q!r}"] = (page.status_code, _normalise(page.get_data(as_text=True)))
        body = client.get(f"/api/v1/questions?q={q}&per_page=100").json
        seen[f"api search {q!r}"] = body
    for facet, value in (("topic", TOPIC), ("level", LEVEL), ("type", "mcq"), ("subject", "Toán")):
        seen[f"web facet {facet}"] = _normalise(web.get(f"/bank?{facet}={value}").get_data(as_text=True))
        seen[f"api facet {facet}"] = client.get(f"/api/v1/questions?{facet}={value}&per_page=100").json
    for qid in range(1, max_id + 3):  # every question id there is, and a few that are not
        page = web.get(f"/questions/{qid}")
        seen[f"web question {qid}"] = (page.status_code, _normalise(page.get_data(as_text=True)))
        seen[f"web question {qid} v1"] = web.get(f"/questions/{qid}/versions/1").status_code
        api_q = client.get(f"/api/v1/questions/{qid}")
        seen[f"api question {qid}"] = (api_q.status_code, api_q.json)
        seen[f"api question {qid} versions"] = client.get(f"/api/v1/questions/{qid}/versions").status_code
    seen["web coverage"] = _normalise(web.get("/coverage?subject=Toán&grade=12").get_data(as_text=True))
    seen["web coverage index"] = _normalise(web.get("/coverage").get_data(as_text=True))
    seen["api coverage"] = client.get("/api/v1/coverage?subject=Toán&grade=12").json
    for sha in blob_shas:
        pic = web.get(f"/media/{sha}")
        body = pic.data if pic.status_code == 200 else _normalise(pic.get_data(as_text=True)).encode()
        seen[f"picture {sha[:12]}"] = (pic.status_code, hashlib.sha256(body).hexdigest())
    seen["web exams"] = _normalise(web.get("/exams").get_data(as_text=True))
    seen["api exams"] = client.get("/api/v1/exams").json
    seen["web practice test"] = (lambda r: (r.status_code, _normalise(r.get_data(as_text=True))))(web.get(f"/exams/{practice_id}"))
    seen["api practice test"] = client.get(f"/api/v1/exams/{practice_id}").json
    seen["api practice export"] = _download(client.get(f"/api/v1/exams/{practice_id}/export?format=docx"))
    seen["web practice export"] = _download(web.post(f"/exams/{practice_id}/export", data={"format": "docx"}))
    seen["web practice basket"] = _normalise(web.get("/practice").get_data(as_text=True))
    fresh = web.post("/practice/export", data={"format": "docx", "title": "Ôn tập từ giỏ"})  # a new practice test from the basket
    seen["web basket export"] = _download(fresh)
    # Put the lists back as they were: the new test is the observer's own to delete.
    for made in [e["id"] for e in client.get("/api/v1/exams").json if e["title"] == "Ôn tập từ giỏ"]:
        assert client.delete(f"/api/v1/exams/{made}").status_code == 204
    return seen


def _differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


@pytest.mark.parametrize("pool_shared", [False, True], ids=["pool-kept", "pool-shared-with-partner-boards"])
@pytest.mark.parametrize("how", ["blueprint", "hand-picked"])
def test_building_and_deleting_a_confidential_exam_changes_nothing_anyone_else_observes(
    world, pool, as_user, api, pool_shared: bool, how: str  # noqa: ANN001, F811
) -> None:
    rt = world.rt
    if pool_shared:  # the partner's exam board then sees the pool itself: still nothing may change
        with rt.uow() as uow:
            share_reserved_pool(uow, SYSTEM, "Bắc Trung Bộ", True, "Quảng Trị")
    webs = {who: as_user(who) for who in OBSERVERS}
    clients = {who: api(who) for who in OBSERVERS}
    practice = {}
    for who in OBSERVERS:
        ids = [pool["visible"]["cons"], world.q["deriv"]] if who == "board_qb" else [pool["visible"]["cons"], pool["visible"]["dept"]]
        made = clients[who].post("/api/v1/exams/practice", json={"question_ids": ids, "title": "Ôn tập trước kỳ thi"})
        assert made.status_code == 201, made.json
        practice[who] = made.json["id"]
        for qid in ids:
            webs[who].post("/practice/add", data={"qid": qid})
    with rt.uow() as uow:
        max_id = uow.session.scalar(select(func.max(QuestionRow.id)))
        shas = sorted(uow.session.scalars(select(BlobRow.sha256)))
        usage_before = dict(uow.session.execute(select(QuestionRow.id, QuestionRow.usage_count)).all())

    def record() -> dict[str, dict[str, Any]]:
        return {who: observe(rt, webs[who], clients[who], practice[who], max_id, shas) for who in OBSERVERS}

    record()  # once to settle each observer's own session state (flash messages, the basket's title)
    before = record()
    if pool_shared:
        assert before["board_qb"][f"api question {pool['reserved'][0]}"][0] == 200
    else:
        assert all(before[who][f"api question {q}"][0] == 404 for who in OBSERVERS for q in pool["reserved"])

    board = api("board")
    if how == "blueprint":
        built = board.post("/api/v1/exams", json={"blueprint": BLUEPRINT, "versions": 2, "release_at": None})
    else:
        built = board.post("/api/v1/exams", json={"question_ids": pool["reserved"][:3], "title": "Đề HSG", "release_at": None})
    assert built.status_code == 201, built.json
    exam = built.json
    assert exam["confidential"] and exam["embargoed"] and exam["messages"] == []
    assert board.get(f"/api/v1/exams/{exam['id']}").status_code == 200  # the board views and exports it (audited)
    assert board.get(f"/api/v1/exams/{exam['id']}/export?format=docx").status_code == 200
    with rt.uow() as uow:
        assert dict(uow.session.execute(select(QuestionRow.id, QuestionRow.usage_count)).all()) == usage_before
    during = record()
    assert board.delete(f"/api/v1/exams/{exam['id']}").status_code == 204
    after = record()

    import difflib
    import os
    if os.environ.get("I11_DEBUG"):
        for k in _differences(before["teacher"], during["teacher"]):
            a, b = before["teacher"][k], during["teacher"][k]
            print("KEY", k)
            print("\n".join(difflib.unified_diff(str(a).splitlines(), str(b).splitlines(), lineterm="", n=1))[:3000])
    for who in OBSERVERS:
        assert not _differences(before[who], during[who]), (who, "during", _differences(before[who], during[who]))
        assert not _differences(before[who], after[who]), (who, "after", _differences(before[who], after[who]))
