"""API: upload with dry run, confirm, direct import; refusals."""

from __future__ import annotations

import io

from tests.functional.web_fixtures import SAMPLE_DOCX, api, web_app, world  # noqa: F401 - fixtures


def post_file(client, path=SAMPLE_DOCX, **form):  # noqa: ANN001, ANN201
    return client.post("/api/v1/imports", data={"file": (io.BytesIO(path.read_bytes()), path.name), **form},
                       content_type="multipart/form-data")


def test_dry_run_then_confirm(api, world) -> None:  # noqa: ANN001, F811
    client = api("contrib")
    preview = post_file(client)
    assert preview.status_code == 200, preview.json
    body = preview.json
    assert len(body["questions"]) == 25 and body["duplicates"] == [] and len(body["token"]) == 32
    done = client.post(f"/api/v1/imports/{body['token']}/confirm", json={"visibility": "consortium", "grade": 12})
    assert done.status_code == 201 and len(done.json["created"]) == 25
    assert client.post(f"/api/v1/imports/{body['token']}/confirm", json={}).status_code == 404
    again = post_file(client).json
    assert len(again["duplicates"]) == 25
    found = client.get("/api/v1/questions?q=mat cau&per_page=5").json
    assert found["total"] >= 1


def test_direct_import_and_approval_rules(api, world) -> None:  # noqa: ANN001, F811
    resp = post_file(api("board"), dry_run="false", approve="true", visibility="public")
    assert resp.status_code == 201 and len(resp.json["created"]) == 25
    assert post_file(api("contrib"), dry_run="false", approve="true").status_code == 403
    assert post_file(api("teacher"), dry_run="false").status_code == 403


def test_confirm_is_bound_to_the_uploader(api, world) -> None:  # noqa: ANN001, F811
    token = post_file(api("contrib")).json["token"]
    assert api("board").post(f"/api/v1/imports/{token}/confirm", json={}).status_code == 404
    assert api("board").post("/api/v1/imports/short/confirm", json={}).status_code == 404


def test_bad_uploads(api, world) -> None:  # noqa: ANN001, F811
    client = api("contrib")
    missing = client.post("/api/v1/imports", data={}, content_type="multipart/form-data")
    assert missing.status_code == 422 and "file" in str(missing.json["details"])
    wrong = client.post("/api/v1/imports", data={"file": (io.BytesIO(b"x"), "a.pdf")}, content_type="multipart/form-data")
    assert wrong.status_code == 415 and wrong.json["error"] == "unsupported_format"
    broken = client.post("/api/v1/imports", data={"file": (io.BytesIO(b"PK\x03\x04x"), "a.docx")}, content_type="multipart/form-data")
    assert broken.status_code == 422
    assert post_file(client, visibility="everyone").status_code == 422


def test_a_paper_uploaded_with_its_answer_file_gets_the_keys_answers(api, world) -> None:  # noqa: ANN001, F811
    from tests.unit.importers.docx_builder import build, p

    opts = [p("A. 1"), p("B. 2"), p("C. 3"), p("D. 4")]
    paper = build(p("Câu 1. x"), *opts, p("Câu 2. y"), *opts)
    key = build(p("ĐÁP ÁN"), p("1-D 2-B"))
    resp = api("contrib").post("/api/v1/imports", data={"file": (io.BytesIO(paper), "de.docx"),
                                                        "key": (io.BytesIO(key), "dap_an.docx")},
                               content_type="multipart/form-data")  # fmt: skip
    assert resp.status_code == 200, resp.json
    assert [q["answer"] for q in resp.json["questions"]] == ["D", "B"]
    assert [q["confidence"] for q in resp.json["questions"]] == [1.0, 1.0]
