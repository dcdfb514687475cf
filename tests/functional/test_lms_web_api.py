"""LMS and office formats on the web and the API: the format list, a search's export, a practice test's and an exam's,
and no confidential or unshared question in a file exported by someone who may not see it."""

from __future__ import annotations

import io
import zipfile

import pytest

from importers.base import read_file
from qbank.domain.enums import Status, Visibility
from tests import factories
from tests.functional.test_web_exams import build, stock
from tests.functional.web_fixtures import api, as_user, web_app, world  # noqa: F401 - fixtures


def _stems(data: bytes, name: str, tmp_path) -> list[str]:  # noqa: ANN001
    from qbank.domain.render import to_text

    path = tmp_path / name
    path.write_bytes(data)
    return [to_text(q.stem) for q in read_file(path).questions]


def test_the_api_lists_import_and_export_formats(api) -> None:  # noqa: ANN001, F811
    got = api("teacher").get("/api/v1/formats")
    assert got.status_code == 200
    imports = {f["name"]: f for f in got.json["import"]}
    assert imports["moodle_xml"]["extensions"] == [".xml"] and "essay" in imports["moodle_xml"]["types"]
    assert imports["aiken"]["types"] == ["mcq"] and ".zip" in imports["qti"]["extensions"]
    assert ".gift" in got.json["accept"] and ".docx" in got.json["accept"]
    assert [f["name"] for f in got.json["export"]["bank"]] == ["docx", "xlsx", "moodle-xml", "gift", "aiken", "qti21", "qti30"]
    assert {"guide", "zip", "qti30"} <= {f["name"] for f in got.json["export"]["exam"]}


def test_the_upload_page_lists_what_it_reads_and_accepts_those_files(as_user) -> None:  # noqa: ANN001, F811
    html = as_user("contrib").get("/import").get_data(as_text=True)
    assert 'id="import-formats"' in html and "Moodle XML" in html and "IMS QTI" in html
    assert ".aiken" in html.split('name="file" accept="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("fmt", ["moodle-xml", "gift", "aiken", "qti21", "qti30", "docx", "xlsx"])
def test_a_search_exports_through_the_api_in_every_bank_format(api, world, fmt: str) -> None:  # noqa: ANN001, F811
    resp = api("teacher").get(f"/api/v1/questions/export?q=&format={fmt}")
    assert resp.status_code == 200, resp.data[:300]
    assert int(resp.headers["X-QBank-Questions"]) == 3  # its department's two approved questions and a public one
    assert resp.data[:2] == b"PK" if fmt in ("qti21", "qti30", "docx", "xlsx") else resp.data.strip()


def test_an_unknown_export_format_is_refused_with_the_choices(api, world) -> None:  # noqa: ANN001, F811
    resp = api("teacher").get("/api/v1/questions/export?format=rtf")
    assert resp.status_code == 422


def test_a_searchs_export_holds_only_what_its_user_may_see(api, world, tmp_path) -> None:  # noqa: ANN001, F811
    reserved = factories.mcq("Câu dự trữ bí mật của hội đồng đề", topic="Hàm số")
    factories.stored(world.rt, reserved, "Quảng Trị", Status.APPROVED, Visibility.RESERVED)
    seen = {}
    for who in ("teacher", "teacher_qb", "teacher_ht", "board"):
        resp = api(who).get("/api/v1/questions/export?q=&format=moodle-xml")
        assert resp.status_code == 200
        seen[who] = " | ".join(_stems(resp.data, f"{who}.xml", tmp_path))
    assert "bí mật" in seen["board"]  # the exam board sees its reserved pool …
    for who in ("teacher", "teacher_qb", "teacher_ht"):
        assert "bí mật" not in seen[who], who  # … nobody else gets it in a file
        assert "nháp" not in seen[who], who  # nor a draft
    assert "Phương trình" in seen["teacher"] and "Phương trình" not in seen["teacher_qb"]  # department only
    assert "đạo hàm" in seen["teacher_qb"] and "đạo hàm" not in seen["teacher_ht"]  # consortium only
    assert "Hình học không gian riêng" in seen["teacher_ht"] and "Hình học không gian riêng" not in seen["teacher"]


def test_the_search_page_offers_the_export_and_sends_what_the_user_sees(as_user, world, tmp_path) -> None:  # noqa: ANN001, F811
    client = as_user("teacher_qb")
    html = client.get("/bank?q=").get_data(as_text=True)
    assert 'id="bank-export"' in html and 'value="qti30"' in html and 'value="xlsx"' in html
    resp = client.get("/bank/export?q=&format=gift")
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    stems = " | ".join(_stems(resp.data, "bank.gift", tmp_path))
    assert "đạo hàm" in stems and "Phương trình" not in stems


def test_a_practice_test_downloads_for_an_lms(as_user, world, tmp_path) -> None:  # noqa: ANN001, F811
    client = as_user("teacher")
    for qid in (world.q["deriv"], world.q["equation"]):
        client.post("/practice/add", data={"qid": qid})
    html = client.get("/practice").get_data(as_text=True)
    assert 'id="export-lms"' in html and 'value="qti30"' in html
    resp = client.post("/practice/export", data={"format": "lms", "lms_format": "qti30", "title": "Ôn tập"})
    assert resp.status_code == 200
    with zipfile.ZipFile(io.BytesIO(resp.data)) as zf:
        assert "imsmanifest.xml" in zf.namelist()
    assert len(_stems(resp.data, "practice.zip", tmp_path)) == 2


def test_an_exam_page_downloads_for_an_lms_and_outsiders_get_nothing(as_user, api, world, tmp_path) -> None:  # noqa: ANN001, F811
    stock(world.rt, visibility=Visibility.RESERVED)
    board = as_user("board")
    exam_id = build(board)
    html = board.get(f"/exams/{exam_id}").get_data(as_text=True)
    assert 'id="export-lms"' in html
    resp = board.post(f"/exams/{exam_id}/export", data={"format": "lms", "lms_format": "moodle-xml"})
    assert resp.status_code == 200 and resp.data.lstrip().startswith(b"<?xml")
    assert _stems(resp.data, "exam.xml", tmp_path)
    via_api = api("board").get(f"/api/v1/exams/{exam_id}/export?format=qti21")
    assert via_api.status_code == 200 and via_api.data[:2] == b"PK"
    for who in ("teacher", "teacher_qb"):  # a confidential exam: not even its existence leaks
        assert as_user(who).post(f"/exams/{exam_id}/export", data={"format": "lms", "lms_format": "gift"}).status_code == 404, who
        assert api(who).get(f"/api/v1/exams/{exam_id}/export?format=gift").status_code == 404, who
