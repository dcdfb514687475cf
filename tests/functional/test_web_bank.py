"""The bank pages: search and facets, question page with MathML, edit as a new version, approve/retire, media."""

from __future__ import annotations

import re

from qbank.domain.content import Content, Image, Paragraph, Text
from qbank.domain.enums import Status
from qbank.domain.question import Blob
from qbank.services.blobs import put_blobs
from tests import factories
from tests.functional.web_fixtures import api, as_user, web_app, world  # noqa: F401 - fixtures


def test_search_without_diacritics_finds_and_highlights(as_user, world) -> None:  # noqa: ANN001, F811
    html = as_user("teacher").get("/bank?q=dao+ham").get_data(as_text=True)
    assert f"/questions/{world.q['deriv']}" in html
    assert "<mark>" in html
    assert f"/questions/{world.q['equation']}" not in html


def test_search_lists_only_what_the_user_may_see(as_user, world) -> None:  # noqa: ANN001, F811
    teacher = as_user("teacher").get("/bank").get_data(as_text=True)
    assert f"/questions/{world.q['ht_public']}\"" in teacher
    assert f"/questions/{world.q['draft']}\"" not in teacher  # teachers see approved questions only
    assert f"/questions/{world.q['ht_private']}\"" not in teacher
    contrib = as_user("contrib").get("/bank").get_data(as_text=True)
    assert f"/questions/{world.q['draft']}\"" in contrib
    partner = as_user("teacher_qb").get("/bank").get_data(as_text=True)
    assert f"/questions/{world.q['deriv']}\"" in partner and f"/questions/{world.q['equation']}\"" not in partner


def test_facets_count_and_filter(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("teacher")
    html = client.get("/bank").get_data(as_text=True)
    assert "Hàm số" in html and "Phương trình" in html
    assert "Hình học" not in html  # a hidden question's topic is not even a facet
    filtered = client.get("/bank?topic=Phương+trình").get_data(as_text=True)
    assert f"/questions/{world.q['equation']}\"" in filtered and f"/questions/{world.q['deriv']}\"" not in filtered


def test_question_page_renders_mathml_versions_and_actions(as_user, world) -> None:  # noqa: ANN001, F811
    html = as_user("board").get(f"/questions/{world.q['deriv']}").get_data(as_text=True)
    assert "<math" in html and "<mfrac>" in html
    assert "Lịch sử phiên bản" in html
    assert 'value="approved"' not in html and 'value="retired"' in html  # approved already; may retire
    teacher = as_user("teacher").get(f"/questions/{world.q['deriv']}").get_data(as_text=True)
    assert "/edit" not in teacher and 'value="retired"' not in teacher


def test_hidden_question_page_is_404(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("teacher_ht")
    assert client.get(f"/questions/{world.q['equation']}").status_code == 404
    assert client.get("/questions/999999").status_code == 404
    assert client.get(f"/questions/{world.q['equation']}/versions/1").status_code == 404


def test_edit_creates_a_new_version_and_keeps_untouched_equations(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("contrib")
    qid = world.q["deriv"]
    form = client.get(f"/questions/{qid}/edit").get_data(as_text=True)
    stem = re.search(r'<textarea name="stem"[^>]*>([^<]*)</textarea>', form).group(1)
    data = {"stem": stem.replace("&#34;", '"').replace("&amp;", "&"), "answer": "C", "topic": "Đạo hàm", "grade": "12",
            "subject": "Toán", "note": "sửa đáp án"}
    for i in range(4):
        data[f"option_{i}"] = re.search(rf'<textarea name="option_{i}"[^>]*>([^<]*)</textarea>', form).group(1)
    resp = client.post(f"/questions/{qid}/edit", data=data)
    assert resp.status_code == 302
    page = client.get(f"/questions/{qid}").get_data(as_text=True)
    assert "sửa đáp án" in page and "v2" in page and "Đạo hàm" in page
    assert "<mfrac>" in page
    old = client.get(f"/questions/{qid}/versions/1").get_data(as_text=True)
    assert "Đáp án" in old and "<b>Đáp án:</b> B" in old


def test_edit_refused_for_teacher_and_bad_answer_explained(as_user, world) -> None:  # noqa: ANN001, F811
    assert as_user("teacher").post(f"/questions/{world.q['deriv']}/edit", data={"stem": "x"}).status_code == 403
    resp = as_user("contrib").post(f"/questions/{world.q['deriv']}/edit", data={"stem": "Câu mới", "answer": "Z"})
    assert resp.status_code == 422


def test_approve_and_retire(as_user, world) -> None:  # noqa: ANN001, F811
    board = as_user("board")
    qid = world.q["draft"]
    assert board.post(f"/questions/{qid}/status", data={"status": "approved"}).status_code == 302
    assert "status-approved" in board.get(f"/questions/{qid}").get_data(as_text=True)
    board.post(f"/questions/{qid}/status", data={"status": "retired"})
    assert "status-retired" in board.get(f"/questions/{qid}").get_data(as_text=True)
    assert as_user("contrib").post(f"/questions/{qid}/status", data={"status": "approved"}).status_code == 403
    # Another department's board cannot even see a department-only question.
    assert as_user("board_qb").post(f"/questions/{world.q['equation']}/status", data={"status": "retired"}).status_code == 404


def test_approving_an_mcq_without_answer_says_why(as_user, world) -> None:  # noqa: ANN001, F811
    q = factories.mcq("Câu thiếu đáp án", answer="")
    qid = factories.stored(world.rt, q, "Quảng Trị", Status.DRAFT)
    board = as_user("board")
    resp = board.post(f"/questions/{qid}/status", data={"status": "approved"}, follow_redirects=True)
    assert "chưa thể duyệt: câu nhiều lựa chọn cần đúng một phương án đúng" in resp.get_data(as_text=True)


def test_media_only_for_logged_in_users_with_private_cache(as_user, web_app, world) -> None:  # noqa: ANN001, F811
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    blob = Blob(png, "image/png")
    with world.rt.uow() as uow:
        put_blobs(uow.session, {blob.sha256: blob})
        uow.commit()
    q = factories.mcq("Câu có hình")
    q.stem = Content([Paragraph([Text("Xem hình "), Image(blob.sha256)])])
    qid = factories.stored(world.rt, q, "Quảng Trị")
    client = as_user("teacher")
    assert f"/media/{blob.sha256}" in client.get(f"/questions/{qid}").get_data(as_text=True)
    resp = client.get(f"/media/{blob.sha256}")
    assert resp.status_code == 200 and resp.data == png and resp.mimetype == "image/png"
    assert resp.headers["Cache-Control"].startswith("private")
    assert client.get(f"/media/{blob.sha256}", headers={"If-None-Match": f'"{blob.sha256}"'}).status_code == 304
    assert client.get("/media/" + "0" * 64).status_code == 404
    assert client.get("/media/../etc").status_code == 404
    anon = web_app.test_client().get(f"/media/{blob.sha256}")
    assert anon.status_code == 302


def test_coverage_heatmap_counts_topic_by_level(as_user, world) -> None:  # noqa: ANN001, F811
    html = as_user("teacher").get("/coverage?subject=Toán&grade=12").get_data(as_text=True)
    assert 'class="heatmap"' in html and "Phương trình" in html and "Nhận biết" in html and "Vận dụng cao" in html
    assert "heat-0" in html and "heat-5" in html
    assert "Hình học" not in html  # Hà Tĩnh's department-only question is not counted
    picked = as_user("teacher").get("/coverage?pick=Toán|12").get_data(as_text=True)
    assert "Phương trình" in picked


def test_coverage_service_counts_under_visibility(world) -> None:  # noqa: ANN001, F811
    from qbank.services.coverage import coverage_matrix
    from tests.functional.web_fixtures import actor_of

    teacher_ht = actor_of(world.rt, "teacher_ht")
    with world.rt.uow() as uow:
        cov = coverage_matrix(uow, teacher_ht, "Toán", 12)
    assert cov.total == 2 and ("Hình học", "") in cov.counts  # its own private question and the public one


def test_home_counts_visible_questions(as_user, world) -> None:  # noqa: ANN001, F811
    assert "3 câu hỏi" in as_user("teacher").get("/").get_data(as_text=True)


def test_practice_builder_collects_orders_and_exports_docx(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("teacher")
    a, b = world.q["deriv"], world.q["equation"]
    client.post("/practice/add", data={"qid": a})
    client.post("/practice/add", data={"qid": b})
    client.post("/practice/add", data={"qid": world.q["ht_private"]})  # invisible: silently dropped on the page
    html = client.get("/practice").get_data(as_text=True)
    assert html.index(f'data-qid="{a}"') < html.index(f'data-qid="{b}"')
    assert f'data-qid="{world.q["ht_private"]}"' not in html
    client.post("/practice/change", data={"qid": b, "action": "up"})
    html = client.get("/practice").get_data(as_text=True)
    assert html.index(f'data-qid="{b}"') < html.index(f'data-qid="{a}"')
    client.post("/practice/change", data={"qid": world.q["ht_private"], "action": "remove"})
    resp = client.post("/practice/export", data={"format": "docx", "title": "Ôn tập chương I"})
    assert resp.status_code == 200, resp.data[:300]
    assert resp.data[:2] == b"PK" and resp.headers["Content-Disposition"].startswith("attachment")
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(resp.data)) as zf:
        names = zf.namelist()
        if "word/document.xml" in names:
            xml = zf.read("word/document.xml").decode()
            assert "m:oMath" in xml
    client.post("/practice/change", data={"action": "clear"})
    assert "data-qid" not in client.get("/practice").get_data(as_text=True)


def test_practice_export_with_a_hidden_question_is_404(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("teacher")
    with client.session_transaction() as s:
        s["practice_ids"] = [world.q["ht_private"]]
    assert client.post("/practice/export", data={"format": "docx"}).status_code == 404


def test_latex_from_a_file_cannot_inject_markup(as_user, world) -> None:  # noqa: ANN001, F811
    evil = factories.mcq("Câu độc $\\text{<img src=x onerror=alert(1)>}$ và $\\href{javascript:alert(1)}{x}$ "
                         "$\\text{<a href=//evil.example>bấm</a><form action=//evil.example>}$", topic="Độc")
    qid = factories.stored(world.rt, evil, "Quảng Trị")
    client = as_user("teacher")
    for html in (client.get(f"/questions/{qid}").get_data(as_text=True), client.get("/bank?q=cau+doc").get_data(as_text=True),
                 client.get(f"/api/v1/questions/{qid}").json["stem_html"]):
        # No tag may carry the handler or point at evil.example (escaped source text is harmless).
        assert not re.search(r"<[^>]*\bonerror\s*=", html)
        assert not re.search(r"<[^>]*(href|src|action)\s*=\s*[\"']?(javascript:|//evil)", html)
        assert not re.search(r"<form[^>]*evil", html) and not re.search(r"<a\s[^>]*evil", html)


def test_sanitizer_keeps_mathml_and_media_pictures() -> None:
    from qbank.domain.render import latex_to_mathml
    from qbank.http.sanitize import clean_html

    math = latex_to_mathml("\\frac{1}{x}+\\sqrt{2}\\,y")
    assert clean_html(math).count("<mfrac>") == 1 and "<msqrt>" in clean_html(math)
    assert clean_html('<p>a<img src="/media/abc" alt="h" class="qb-img"></p>') == '<p>a<img src="/media/abc" alt="h" class="qb-img"></p>'
    assert clean_html('<img src="https://x/y.png">') == ""
    assert clean_html("<p>1 &lt; 2 &amp; <b>b</b></p>") == "<p>1 &lt; 2 &amp; b</p>"
    assert clean_html("<mrow><mspace width=\"1em\"/><mi>x</mi></mrow>") == '<mrow><mspace width="1em"/><mi>x</mi></mrow>'
    assert clean_html("<p><em>x</p>") == "<p><em>x</em></p>"


def test_practice_export_pdf(as_user, world) -> None:  # noqa: ANN001, F811
    import shutil

    import pytest

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed: PDF export needs it")
    client = as_user("teacher")
    client.post("/practice/add", data={"qid": world.q["deriv"]})
    resp = client.post("/practice/export", data={"format": "pdf", "title": "Ôn tập"})
    assert resp.status_code == 200, resp.data[:300]
    assert resp.data[:4] == b"%PDF" and resp.mimetype == "application/pdf"  # ".pdf" is a PDF, not a zip
    docx = client.post("/practice/export", data={"format": "docx", "title": "Ôn tập"})
    names = [r.headers["Content-Disposition"].split("filename=")[-1].strip('"') for r in (resp, docx)]
    assert names[0].endswith(".pdf") and names[1].endswith(".docx") and names[0][:-4] == names[1][:-5]


def test_practice_header_takes_the_majority_subject_and_the_form_fields(as_user, world) -> None:  # noqa: ANN001, F811
    import io
    import zipfile

    from sqlalchemy import func, select

    from qbank.db.models import Exam

    bio = factories.mcq("Quá trình nguyên phân gồm mấy kì", topic="Phân bào")
    bio.tags.subject = "Sinh học"
    first = factories.stored(world.rt, bio, "Quảng Trị", Status.APPROVED)  # the lowest id is the one Sinh học question
    client = as_user("teacher")
    for qid in (first, world.q["deriv"], world.q["equation"]):
        client.post("/practice/add", data={"qid": qid})
    html = client.get("/practice").get_data(as_text=True)
    assert 'name="subject" value="Toán"' in html and 'name="duration"' in html and 'name="grade"' in html

    def download(**form):  # noqa: ANN003, ANN202
        resp = client.post("/practice/export", data={"format": "docx", "title": "Ôn tập", **form})
        assert resp.status_code == 200, resp.data[:300]
        with zipfile.ZipFile(io.BytesIO(resp.data)) as zf:
            return zf.read("word/document.xml").decode()

    xml = download(subject="Toán", grade="12", duration="60")
    assert "Môn: Toán" in xml or "MÔN: TOÁN" in xml.upper()
    assert "60 phút" in xml and "Sinh" not in xml.split("Câu 1")[0]
    download(subject="Toán", grade="12", duration="60")  # the same test again: nothing new stored
    with world.rt.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Exam).where(Exam.kind == "practice")) == 1
    download(subject="Toán", grade="12", duration="45")  # a different header is a different test
    with world.rt.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Exam).where(Exam.kind == "practice")) == 2


def test_department_facet_filters(as_user, api, world) -> None:  # noqa: ANN001, F811
    from qbank.services.orgs import find_department

    with world.rt.uow() as uow:
        ht = find_department(uow, "Hà Tĩnh").id
    html = as_user("teacher").get(f"/bank?department_id={ht}&q=xac+suat").get_data(as_text=True)
    assert f"/questions/{world.q['ht_public']}\"" in html and f"/questions/{world.q['deriv']}\"" not in html
    body = api("teacher").get(f"/api/v1/questions?department_id={ht}").json
    assert [i["id"] for i in body["items"]] == [world.q["ht_public"]]


def test_stale_edit_form_is_refused(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("contrib")
    qid = world.q["equation"]
    data = {"stem": "Phương trình $x^2-4=0$ có mấy nghiệm", "answer": "B", "base_version": "1"}
    assert client.post(f"/questions/{qid}/edit", data=data).status_code == 302
    resp = client.post(f"/questions/{qid}/edit", data={**data, "answer": "C"})
    assert resp.status_code == 409 and "phiên bản 2" in resp.get_data(as_text=True)
