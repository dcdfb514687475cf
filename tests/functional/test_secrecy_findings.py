"""Issue 11, findings 1, 2, 4 and 7, replayed through the API as the probing users did."""

from __future__ import annotations

from qbank.domain.enums import Status, Visibility
from tests import factories
from tests.functional.test_web_exams import stock
from tests.functional.web_fixtures import api, web_app, world  # noqa: F401 - fixtures

BLUEPRINT = {
    "subject": "Toán", "grade": 12, "duration_minutes": 45, "total_points": 1, "title": "Đề HSG",
    "parts": [{"key": "I", "title": "PHẦN I", "type": "mcq"}],
    "cells": [{"part": "I", "topic": "Hàm số", "level": "Nhận biết", "count": 4, "points": 0.25}],
}


def total(client, q: str = "") -> int:  # noqa: ANN001
    return client.get(f"/api/v1/questions?q={q}&per_page=1").json["total"]


def test_finding_1_a_department_joins_a_consortium_only_when_its_own_admin_accepts(api, world) -> None:  # noqa: ANN001, F811
    factories.user(world.rt, "admin_ht", "admin", "Hà Tĩnh")
    ht_shared = factories.stored(world.rt, factories.mcq("Câu liên kết của Hà Tĩnh"), "Hà Tĩnh", Status.APPROVED, Visibility.CONSORTIUM)
    teacher, teacher_ht = api("teacher"), api("teacher_ht")
    before = {"teacher": total(teacher), "teacher_ht": total(teacher_ht)}
    made = api("admin").post("/api/v1/consortia", json={"name": "Miền Trung", "members": ["Hà Tĩnh"]})
    assert made.status_code == 201
    # Listing Hà Tĩnh invites it; nothing is shared yet, either way.
    assert {"teacher": total(teacher), "teacher_ht": total(teacher_ht)} == before
    assert teacher.get(f"/api/v1/questions/{ht_shared}").status_code == 404
    cons = next(c for c in api("teacher").get("/api/v1/consortia").json if c["name"] == "Miền Trung")
    assert cons["members"] == ["Quảng Trị"] and cons["pending"] == ["Hà Tĩnh"]
    # Only Hà Tĩnh's admin may answer: Quảng Trị's admin cannot accept on its behalf.
    assert api("admin").get("/api/v1/invitations").json == []
    (invitation,) = api("admin_ht").get("/api/v1/invitations").json
    assert api("admin").post(f"/api/v1/invitations/{invitation['id']}/accept").status_code == 404
    assert api("teacher_ht").post(f"/api/v1/invitations/{invitation['id']}/accept").status_code == 403
    assert api("admin_ht").post(f"/api/v1/invitations/{invitation['id']}/accept").status_code == 204
    assert teacher.get(f"/api/v1/questions/{ht_shared}").status_code == 200
    # Quảng Trị cannot take Hà Tĩnh out; Hà Tĩnh's admin can, and its questions stop reaching the consortium.
    assert api("admin").delete(f"/api/v1/consortia/{cons['id']}/membership").status_code == 204  # its own department leaves
    assert api("admin_ht").delete(f"/api/v1/consortia/{cons['id']}/membership").status_code == 204
    assert teacher.get(f"/api/v1/questions/{ht_shared}").status_code == 404
    # Every step is in the audit log of the department it concerns.
    from qbank.services.exams import audit_log

    with world.rt.uow() as uow:
        from tests.functional.web_fixtures import actor_of

        actions = [e["action"] for e in audit_log(uow, actor_of(world.rt, "admin_ht"))]
    assert actions == ["consortium_leave", "consortium_join", "consortium_invite"]


def test_finding_1_the_admin_page_invites_and_the_invited_admin_accepts(web_app, world) -> None:  # noqa: ANN001, F811
    from tests.functional.web_fixtures import login

    factories.user(world.rt, "admin_ht", "admin", "Hà Tĩnh")
    qt, ht = web_app.test_client(), web_app.test_client()
    login(qt, "admin")
    login(ht, "admin_ht")
    qt.post("/admin/consortia", data={"name": "Miền Trung", "members": ["Hà Tĩnh"]})
    page = ht.get("/admin/").get_data(as_text=True)
    assert "Lời mời tham gia liên kết" in page and "Miền Trung" in page
    from qbank.services.consortia import list_invitations
    from tests.functional.web_fixtures import actor_of

    with world.rt.uow() as uow:
        (inv,) = list_invitations(uow, actor_of(world.rt, "admin_ht"))
    refused = qt.post(f"/admin/invitations/{inv.id}", data={"answer": "accept"}, follow_redirects=True)
    assert f"không tìm thấy lời mời {inv.id}" in refused.get_data(as_text=True)  # another department's answer is not ours
    ht.post(f"/admin/invitations/{inv.id}", data={"answer": "accept"})
    with world.rt.uow() as uow:
        from qbank.services.consortia import list_consortia

        cons = next(c for c in list_consortia(uow) if c.name == "Miền Trung")
    assert cons.members == ("Hà Tĩnh", "Quảng Trị") and cons.pending == ()


def test_finding_2_another_departments_exam_never_hides_or_locks_our_questions(api, world) -> None:  # noqa: ANN001, F811
    ours = stock(world.rt, 4)  # Quảng Trị's consortium-shared questions, which Quảng Bình's board can see
    built = api("board_qb").post("/api/v1/exams", json={"question_ids": ours, "title": "Đề của Quảng Bình", "release_at": None})
    assert built.status_code == 201
    assert built.json["confidential"] is False and not built.json["embargoed"]
    assert "not confidential" in built.json["messages"][0]
    for who in ("teacher", "contrib", "board", "admin", "teacher_qb"):
        client = api(who)
        for qid in ours:
            assert client.get(f"/api/v1/questions/{qid}").status_code == 200, (who, qid)
    # The owners can still retire and unshare them.
    board = api("board")
    assert board.patch(f"/api/v1/questions/{ours[0]}", json={"visibility": "department"}).status_code == 200
    assert board.post(f"/api/v1/questions/{ours[1]}/status", json={"status": "retired"}).status_code in (200, 204)


def test_finding_2_a_partners_board_using_our_shared_pool_changes_nothing_of_ours(api, world) -> None:  # noqa: ANN001, F811
    from qbank.domain.actor import SYSTEM
    from qbank.services.consortia import share_reserved_pool

    pool = stock(world.rt, 4, visibility=Visibility.RESERVED)
    with world.rt.uow() as uow:
        share_reserved_pool(uow, SYSTEM, "Bắc Trung Bộ", True, "Quảng Trị")
    before = {qid: api("board").get(f"/api/v1/questions/{qid}").json for qid in pool}
    built = api("board_qb").post("/api/v1/exams", json={"blueprint": BLUEPRINT, "release_policy": "public"})
    assert built.status_code == 201 and built.json["confidential"], built.json
    assert {qid: api("board").get(f"/api/v1/questions/{qid}").json for qid in pool} == before
    # Released with a "public" policy, Quảng Bình's paper is out, but our questions keep our sharing.
    assert api("board_qb").post(f"/api/v1/exams/{built.json['id']}/release", json={}).status_code == 200
    after = {qid: api("board").get(f"/api/v1/questions/{qid}").json for qid in pool}
    assert all(after[q]["visibility"] == "reserved" for q in pool)
    assert all(api("teacher").get(f"/api/v1/questions/{q}").status_code == 404 for q in pool)
    assert all(after[q]["usage_count"] == 1 for q in pool)  # the only trace: the exposure, once the paper is public


def test_finding_4_practice_tests_keep_answering_the_same_after_a_build(api, world) -> None:  # noqa: ANN001, F811
    visible = stock(world.rt, 6)
    stock(world.rt, 6, visibility=Visibility.RESERVED)
    teacher = api("teacher")
    made = teacher.post("/api/v1/exams/practice", json={"question_ids": visible, "title": "Ôn tập"}).json["id"]
    before = teacher.get(f"/api/v1/exams/{made}/export?format=docx")
    assert before.status_code == 200
    assert api("board").post("/api/v1/exams", json={"blueprint": BLUEPRINT}).status_code == 201
    assert teacher.get(f"/api/v1/exams/{made}").status_code == 200
    assert teacher.get(f"/api/v1/exams/{made}/export?format=docx").status_code == 200


def test_finding_7_confidential_false_is_honoured_and_a_hand_picked_exam_hides_nothing(api, world) -> None:  # noqa: ANN001, F811
    ids = stock(world.rt, 8)  # the blueprint at the end needs 4 not used by the two exams before it
    board = api("board")
    open_exam = board.post("/api/v1/exams", json={"question_ids": ids[:2], "confidential": False, "release_at": None})
    assert open_exam.status_code == 201 and open_exam.json["confidential"] is False and open_exam.json["messages"] == []
    by_default = board.post("/api/v1/exams", json={"question_ids": ids[2:4], "release_at": None})
    assert by_default.json["confidential"] is False and by_default.json["messages"]
    for qid in ids:
        assert api("teacher").get(f"/api/v1/questions/{qid}").status_code == 200
        assert api("teacher_qb").get(f"/api/v1/questions/{qid}").status_code == 200
    # An open official exam is no secret from its own department.
    assert api("teacher").get(f"/api/v1/exams/{open_exam.json['id']}").status_code == 200
    from_blueprint = board.post("/api/v1/exams", json={"blueprint": BLUEPRINT, "confidential": False})
    assert from_blueprint.status_code == 201 and from_blueprint.json["confidential"] is False
