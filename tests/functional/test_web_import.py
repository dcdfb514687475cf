"""Import pages: upload → preview (warnings, duplicates) → tags → confirm; the stored upload is safe."""

from __future__ import annotations

import io
import re

from qbank.app import create_app
from tests.functional.web_fixtures import SAMPLE_DOCX, SAMPLE_XLSX, as_user, login, web_app, world  # noqa: F401 - fixtures


def upload(client, path=SAMPLE_DOCX, **form):  # noqa: ANN001, ANN201
    data = {"file": (io.BytesIO(path.read_bytes()), path.name), **form}
    return client.post("/import", data=data, content_type="multipart/form-data")


def token_of(resp) -> str:  # noqa: ANN001
    return re.search(r"/import/([A-Za-z0-9_-]{32})$", resp.headers["Location"]).group(1)


def test_upload_preview_confirm(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("contrib")
    resp = upload(client)
    assert resp.status_code == 302
    token = token_of(resp)
    html = client.get(f"/import/{token}").get_data(as_text=True)
    assert "Đọc được 25 câu hỏi" in html and "<math" in html
    assert 'value="Toán"' in html  # the subject read from the paper fills the tag field
    assert "approve" not in html  # contributors cannot approve on import
    resp = client.post(f"/import/{token}", data={"subject": "Toán", "grade": "12", "visibility": "consortium"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/import/done"
    assert "Đã lưu 25 câu hỏi" in client.get("/import/done").get_data(as_text=True)
    # The upload is gone once confirmed.
    assert client.post(f"/import/{token}", data={}).status_code == 404
    html = client.get("/bank?q=mat+cau").get_data(as_text=True)
    assert "<mark>mặt</mark>" in html and "hit-title" in html


def test_second_upload_highlights_duplicates(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("board")
    token = token_of(upload(client))
    assert "approve" in client.get(f"/import/{token}").get_data(as_text=True)
    client.post(f"/import/{token}", data={"approve": "1"})
    token = token_of(upload(client))
    html = client.get(f"/import/{token}").get_data(as_text=True)
    assert "25 câu đã có trong ngân hàng (không lưu lại)" in html
    assert html.count('class="preview-item duplicate') == 25
    # Nothing to save: the button says so and cannot be clicked.
    assert re.search(r'<button type="submit" id="confirm-import" disabled>Lưu 0 câu hỏi', html)
    resp = client.post(f"/import/{token}", data={}, follow_redirects=True)
    assert "Đã lưu 0 câu hỏi" in resp.get_data(as_text=True) and "25 câu đã có sẵn trong ngân hàng nên không lưu lại" in resp.get_data(as_text=True)


def paper(*stems: str) -> io.BytesIO:
    """A small Word paper: one MCQ per stem, answer A underlined."""
    from docx import Document

    doc = Document()
    for n, stem in enumerate(stems, 1):
        doc.add_paragraph(f"Câu {n}: {stem}")
        for label, text in zip("ABCD", ("một", "hai", "ba", "bốn"), strict=True):
            para = doc.add_paragraph()
            run = para.add_run(f"{label}. {text} {stem[:5]}")
            run.underline = label == "A"
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out


def test_preview_and_done_page_give_the_same_counts_and_a_repeated_question_is_stored_once(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("contrib")
    stems = ["Tính giới hạn của dãy số un bằng bao nhiêu khi n tiến ra vô cùng?",
             "Hàm số bậc ba nghịch biến trên khoảng nào sau đây?",
             "Tính giới hạn của dãy số un bằng bao nhiêu khi n tiến ra vô cùng?"]
    resp = client.post("/import", data={"file": (paper(*stems), "lap.docx")}, content_type="multipart/form-data")
    token = token_of(resp)
    html = client.get(f"/import/{token}").get_data(as_text=True)
    assert "Đọc được 3 câu hỏi" in html
    assert "1 câu lặp lại trong tệp (chỉ lưu một lần)" in html
    assert "Trùng với câu 1 của tệp này" in html
    assert "Lưu 2 câu hỏi vào ngân hàng" in html
    done = client.post(f"/import/{token}", data={}, follow_redirects=True).get_data(as_text=True)
    assert "Đã lưu 2 câu hỏi." in done and "1 câu xuất hiện hai lần trong tệp" in done


def test_excel_upload_previews(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("contrib")
    html = client.get(f"/import/{token_of(upload(client, SAMPLE_XLSX))}").get_data(as_text=True)
    assert "preview-item" in html


def test_someone_elses_upload_token_is_not_found(as_user, world) -> None:  # noqa: ANN001, F811
    token = token_of(upload(as_user("contrib")))
    other = as_user("board")
    assert other.get(f"/import/{token}").status_code == 404
    assert other.post(f"/import/{token}", data={}).status_code == 404
    assert other.get("/import/../../etc/passwd").status_code == 404
    assert other.get("/import/" + "x" * 32).status_code == 404


def test_teacher_cannot_import(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("teacher")
    resp = upload(client)  # refused before the file is parsed: parsing costs a process and memory
    assert resp.status_code == 403 and "giáo viên tìm kiếm ngân hàng" in resp.get_data(as_text=True)


def test_unsupported_and_empty_uploads_are_explained(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("contrib")
    resp = client.post("/import", data={"file": (io.BytesIO(b"hello"), "notes.doc")}, content_type="multipart/form-data")
    assert resp.status_code == 415 or resp.status_code == 422
    assert ".docx" in resp.get_data(as_text=True)
    resp = client.post("/import", data={"file": (io.BytesIO(b"not a zip"), "broken.docx")}, content_type="multipart/form-data")
    assert resp.status_code == 422
    assert client.post("/import", data={}, content_type="multipart/form-data").status_code == 422


def test_too_large_upload_gets_a_clear_413(runtime, world) -> None:  # noqa: ANN001, F811
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False, "MAX_UPLOAD_MB": 1}, runtime=runtime)
    client = app.test_client()
    login(client, "contrib")
    body, ctype = multipart("big.docx", b"0" * (1024 * 1024 + 10))
    resp = client.post("/import", data=body, content_type=ctype)
    assert resp.status_code == 413
    assert "1 MB" in resp.get_data(as_text=True)
    resp = client.post("/api/v1/imports", data=body, content_type=ctype)
    assert resp.status_code == 413 and resp.json["error"] == "request_entity_too_large"


def multipart(filename: str, data: bytes) -> tuple[bytes, str]:
    """A raw multipart body (the test client would spool a large file to an unclosed temp file)."""
    boundary = "qbankboundary"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n\r\n'.encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_broken_zip_is_refused_after_a_good_one(runtime, world) -> None:  # noqa: ANN001, F811
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False}, runtime=runtime)
    client = app.test_client()
    login(client, "contrib")
    resp = upload(client)
    assert resp.status_code == 302
    assert "Đọc được 25 câu hỏi" in client.get(resp.headers["Location"]).get_data(as_text=True)
    bad = client.post("/import", data={"file": (io.BytesIO(b"PK\x03\x04garbage"), "x.docx")}, content_type="multipart/form-data")
    assert bad.status_code == 422


def test_the_preview_lists_doubtful_questions_first_with_their_reasons(as_user, world) -> None:  # noqa: ANN001, F811
    from tests.unit.importers.docx_builder import build, p, r

    opts = [p("A. 1"), p("B. 2"), p("C. 3"), p("D. 4")]
    paper = build(p("Câu 1. x"), *opts, p("Câu 2. y"), p("A. 1"), p(r("B. 2", u=True)), p("C. 3"), p("D. 4"),
                  p("Câu 3. z"), *opts)  # fmt: skip
    key = build(p("ĐÁP ÁN"), p("1-C 3-A"))
    client = as_user("contrib")
    resp = client.post("/import", data={"file": (io.BytesIO(paper), "de.docx"), "key": (io.BytesIO(key), "dap_an.docx")},
                       content_type="multipart/form-data")  # fmt: skip
    html = client.get(f"/import/{token_of(resp)}").get_data(as_text=True)
    order = [int(n) for n in re.findall(r'class="preview-item[^"]*" id="q(\d+)"', html)]
    assert order == [2, 1, 3]
    assert "answer from formatting only" in html and "Cần kiểm tra: độ tin cậy 0.8" in html
