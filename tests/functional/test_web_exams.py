"""Exam board pages: blueprint editor, build with versions, preview, export, release, audit log."""

from __future__ import annotations

from qbank.domain.enums import Status, Visibility
from tests import factories
from tests.functional.web_fixtures import as_user, web_app, world  # noqa: F401 - fixtures

BLUEPRINT_FORM = {
    "title": "Đề kiểm tra Hàm số",
    "subject": "Toán",
    "grade": "12",
    "duration_minutes": "45",
    "total_points": "1",
    "part_key": ["I", ""],
    "part_title": ["PHẦN I", ""],
    "part_type": ["mcq", ""],
    "part_instructions": ["Chọn một phương án.", ""],
    "cell_part": ["I", ""],
    "cell_topic": ["Hàm số", ""],
    "cell_level": ["Nhận biết", "Nhận biết"],
    "cell_type": ["mcq", ""],
    "cell_count": ["4", ""],
    "cell_points": ["0.25", ""],
    "versions": "2",
    "seed": "7",
    "confidential": "1",
}


def stock(rt, n: int = 6, dept: str = "Quảng Trị", visibility: Visibility = Visibility.CONSORTIUM) -> list[int]:  # noqa: ANN001
    ids = []
    for i in range(n):
        q = factories.mcq(f"Hàm số bậc {i + 2} có bao nhiêu cực trị {i}", topic="Hàm số")
        q.tags.level = "Nhận biết"
        ids.append(factories.stored(rt, q, dept, Status.APPROVED, visibility))
    return ids


def build(client, **extra) -> int:  # noqa: ANN001
    resp = client.post("/exams/new", data={**BLUEPRINT_FORM, "action": "build", **extra})
    assert resp.status_code == 302, resp.get_data(as_text=True)[-3000:]
    return int(resp.headers["Location"].rsplit("/", 1)[-1])


def test_blueprint_editor_starts_from_the_sample_matrix(as_user) -> None:  # noqa: ANN001, F811
    html = as_user("board").get("/exams/new").get_data(as_text=True)
    assert 'id="cells-table"' in html and "Nguyên hàm - Tích phân" in html and 'name="cell_count"' in html


def test_check_reports_problems_by_cell(as_user, world) -> None:  # noqa: ANN001, F811
    stock(world.rt, visibility=Visibility.RESERVED)  # the form builds a confidential exam: from the reserved pool
    client = as_user("board")
    resp = client.post("/exams/new", data={**BLUEPRINT_FORM, "total_points": "10", "action": "check"})
    assert resp.status_code == 422
    assert "Ma trận chưa dùng được" in resp.get_data(as_text=True)
    ok = client.post("/exams/new", data={**BLUEPRINT_FORM, "action": "check"})
    html = ok.get_data(as_text=True)
    assert ok.status_code == 200 and "Ma trận hợp lệ" in html and "ngân hàng đủ câu" in html
    assert '<td class="supply enough"' in html and "6 / 4" in html


def test_check_reports_what_the_bank_can_supply_per_cell(as_user, world) -> None:  # noqa: ANN001, F811
    stock(world.rt, 3, visibility=Visibility.RESERVED)  # three reserved Hàm số × Nhận biết questions for a cell of four
    resp = as_user("board").post("/exams/new", data={**BLUEPRINT_FORM, "action": "check"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Ma trận hợp lệ" not in html
    assert "cần 4, ngân hàng hiện cung cấp được 3" in html
    assert '<td class="supply short"' in html and "3 / 4" in html


def test_unfillable_blueprint_names_the_cell(as_user, world) -> None:  # noqa: ANN001, F811
    resp = as_user("board").post("/exams/new", data={**BLUEPRINT_FORM, "action": "build"})
    assert resp.status_code == 422 and "Hàm số" in resp.get_data(as_text=True)


def test_build_preview_export_release_and_audit(as_user, world) -> None:  # noqa: ANN001, F811
    stock(world.rt, visibility=Visibility.RESERVED)
    board = as_user("board")
    exam_id = build(board, release_policy="department")
    page = board.get(f"/exams/{exam_id}").get_data(as_text=True)
    assert "badge confidential" in page and "101" in page and "Đáp án mã đề" in page and "cực trị" in page
    other_version = board.get(f"/exams/{exam_id}?version=102").get_data(as_text=True)
    assert 'aria-current="page">Mã đề 102' in other_version
    for fmt in ("docx", "xlsx", "zip"):
        resp = board.post(f"/exams/{exam_id}/export", data={"format": fmt})
        assert resp.status_code == 200, (fmt, resp.data[:300])
        assert resp.data[:2] == b"PK"
    audit = board.get("/audit").get_data(as_text=True)
    assert audit.count("Đã xuất") >= 3 and "Đã xem" in audit and f"exam {exam_id}" in audit
    assert as_user("teacher").get("/audit").status_code == 403
    # Release: the exam and its questions become visible to the department's teachers.
    assert as_user("teacher").get(f"/exams/{exam_id}").status_code == 404
    board.post(f"/exams/{exam_id}/release", data={"release_at": ""})
    assert as_user("teacher").get(f"/exams/{exam_id}").status_code == 200
    assert "Đã công bố" in board.get("/audit").get_data(as_text=True)


def test_exam_list_and_pages_need_the_exam_board(as_user, world) -> None:  # noqa: ANN001, F811
    stock(world.rt, visibility=Visibility.RESERVED)
    exam_id = build(as_user("board"))
    assert "Đề kiểm tra Hàm số" in as_user("board").get("/exams").get_data(as_text=True)
    assert "Đề kiểm tra Hàm số" not in as_user("teacher").get("/exams").get_data(as_text=True)
    assert as_user("contrib").post("/exams/new", data={**BLUEPRINT_FORM, "action": "build"}).status_code == 403
    assert as_user("board_qb").get(f"/exams/{exam_id}").status_code == 404
    assert as_user("board_qb").post(f"/exams/{exam_id}/export", data={"format": "docx"}).status_code == 404
    assert as_user("teacher").post(f"/exams/{exam_id}/release", data={}).status_code == 404


def test_blueprint_file_fills_the_table(as_user) -> None:  # noqa: ANN001, F811
    import io
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "qbank" / "demo" / "blueprint_toan12_2025.yaml"
    client = as_user("board")
    resp = client.post("/exams/new", data={"blueprint_file": (io.BytesIO(sample.read_bytes()), "matran.yaml")},
                       content_type="multipart/form-data")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Đã nạp ma trận" in html and "Xác suất - Thống kê" in html
    bad = client.post("/exams/new", data={"blueprint_file": (io.BytesIO(b"x"), "matran.txt")}, content_type="multipart/form-data")
    assert bad.status_code == 422
    broken = client.post("/exams/new", data={"blueprint_file": (io.BytesIO(b"subject: [unclosed"), "m.yaml")},
                         content_type="multipart/form-data")
    assert broken.status_code == 422


def test_exam_board_builds_an_official_exam_from_chosen_questions(as_user, world) -> None:  # noqa: ANN001, F811
    board = as_user("board")
    reserved = stock(world.rt, 2, visibility=Visibility.RESERVED)
    for qid in reserved:
        board.post("/practice/add", data={"qid": qid})
    assert "build-official" in board.get("/practice").get_data(as_text=True)
    resp = board.post("/practice/official", data={"title": "Đề chọn tay", "versions": "2"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[-500:]
    page = board.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Đề chọn tay" in page and "badge confidential" in page and "102" in page
    teacher = as_user("teacher")
    assert "build-official" not in teacher.get("/practice").get_data(as_text=True)
    teacher.post("/practice/add", data={"qid": world.q["deriv"]})
    assert teacher.post("/practice/official", data={"title": "x"}).status_code == 403


def test_an_official_exam_of_questions_others_see_says_it_is_not_confidential(as_user, world) -> None:  # noqa: ANN001, F811
    board = as_user("board")
    for qid in (world.q["deriv"], world.q["equation"]):
        board.post("/practice/add", data={"qid": qid})
    resp = board.post("/practice/official", data={"title": "Đề mở", "versions": "2"}, follow_redirects=True)
    page = resp.get_data(as_text=True)
    assert "Đề mở" in page and "badge confidential" not in page and "không được bảo mật" in page
    # Nothing was hidden: the department's teachers still see the questions.
    assert as_user("teacher").get(f"/questions/{world.q['deriv']}").status_code == 200


def test_the_board_deletes_an_unreleased_exam(as_user, world) -> None:  # noqa: ANN001, F811
    stock(world.rt, visibility=Visibility.RESERVED)
    board = as_user("board")
    exam_id = build(board)
    assert board.post(f"/exams/{exam_id}/delete").status_code == 302
    assert board.get(f"/exams/{exam_id}").status_code == 404
    assert "Đã xoá" in board.get("/audit").get_data(as_text=True)


def test_exam_page_prints_the_instructions_the_word_paper_prints(as_user, world) -> None:  # noqa: ANN001, F811
    from qbank.domain.exam import PaperPart

    stock(world.rt, visibility=Visibility.RESERVED)  # a confidential build draws on the reserved pool
    board = as_user("board")
    exam_id = build(board, part_instructions=["Thí sinh trả lời từ câu 1 đến câu 12.", ""])
    page = board.get(f"/exams/{exam_id}").get_data(as_text=True)
    assert "Thí sinh trả lời từ câu 1 đến câu 4." in page and "đến câu 12" not in page
    # One function for both: the exporter's part heading reads the same method.
    assert PaperPart("I", "PHẦN I", "Thí sinh trả lời từ câu 1 đến câu 12.").printed_instructions(4) == (
        "Thí sinh trả lời từ câu 1 đến câu 4.")


def test_new_exam_form_prefills_the_boards_own_department(as_user, world) -> None:  # noqa: ANN001, F811
    html = as_user("board_qb").get("/exams/new").get_data(as_text=True)
    assert 'name="department" value="QUẢNG BÌNH"' in html and "QUẢNG TRỊ" not in html


def test_release_time_typed_in_vietnam_time_shows_in_vietnam_time_with_the_zone(as_user, world) -> None:  # noqa: ANN001, F811
    from qbank.db.models import Exam

    stock(world.rt, visibility=Visibility.RESERVED)  # a confidential build draws on the reserved pool
    board = as_user("board")
    exam_id = build(board, release_at="2099-06-26T07:30")
    with world.rt.uow() as uow:
        stored = uow.session.get(Exam, exam_id).release_at
    assert (stored.day, stored.hour, stored.minute) == (26, 0, 30)  # stored in UTC
    for page in (board.get("/exams"), board.get(f"/exams/{exam_id}")):
        assert "26/06/2099 07:30 (UTC+07:00)" in page.get_data(as_text=True)
    assert "Asia/Ho_Chi_Minh" in board.get("/exams/new").get_data(as_text=True)  # the form says which zone it reads


def test_long_exports_show_progress(as_user, world) -> None:  # noqa: ANN001, F811
    stock(world.rt, visibility=Visibility.RESERVED)  # a confidential build draws on the reserved pool
    board = as_user("board")
    exam_id = build(board)
    page = board.get(f"/exams/{exam_id}").get_data(as_text=True)
    form = page[page.rindex("<form", 0, page.index('class="inline export-form"')):]
    form = form[: form.index("</form>")]
    assert f'action="/exams/{exam_id}/export-job"' in form  # a job: its page shows progress, then the download
    # (tests/functional/test_web_batches.py follows one to its download)
    board.post("/practice/add", data={"qid": world.q["deriv"]})
    practice = board.get("/practice").get_data(as_text=True)
    assert 'class="row export-form" data-busy' in practice and "busy-status" in practice
