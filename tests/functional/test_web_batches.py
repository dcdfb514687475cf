"""The web batch page and the API for bulk imports: upload an archive, confirm its tags, watch progress, read the
outcome per file, retry, download the report; exports as jobs over the API."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from qbank.jobs.worker import ThreadedWorkers
from tests.functional.web_fixtures import api, as_user, web_app, world  # noqa: F401 - fixtures
from tests.jobs_support import PAPERS, drop_queue, mixed_zip, use_own_queue, wait_for


@pytest.fixture
def workers(runtime, world):  # noqa: ANN001, ANN201, F811
    use_own_queue(runtime)
    with ThreadedWorkers(runtime, 2) as w:
        yield w
    drop_queue(runtime)


ARCHIVE = mixed_zip(PAPERS[:2], extra={"Lop 12/hong.docx": b"not a Word file", "Lop 12/~$khoa.docx": b"lock"})


def test_an_archive_uploaded_on_the_import_page_is_confirmed_then_imported_file_by_file(as_user, workers) -> None:  # noqa: ANN001, F811
    client = as_user("contrib")
    resp = client.post("/import", data={"file": (io.BytesIO(ARCHIVE), "kho_de.zip")})  # the ordinary import page knows an archive
    assert resp.status_code == 302 and "/import/batches/" in resp.headers["Location"]
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "4 tệp: 3 tệp cần nhập, 1 tệp bỏ qua." in page
    assert 'name="school_year" value="2019-2020"' in page  # the names agree on it: offered for the whole batch
    assert "tệp khóa" in page  # the lock file is listed as skipped, with why

    batch_url = resp.headers["Location"]
    started = client.post(batch_url + "/start", data={"school_year": "2019-2020", "exam": "HSG", "name_tags": "1"})
    assert started.status_code == 302
    wait_for(lambda: client.get(batch_url + "/progress").get_json()["finished"], 90, "the batch")
    progress = client.get(batch_url + "/progress").get_json()
    assert (progress["done"], progress["total"], progress["refused"]) == (4, 4, 1) and progress["percent"] == 100

    page = client.get(batch_url).get_data(as_text=True)
    assert 'id="batch-report"' in page and "hong.docx" in page and "Thử lại các tệp lỗi" in page
    report = client.get(batch_url + "/report.xlsx")
    assert report.status_code == 200 and report.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(report.data))["Files"].iter_rows(min_row=3, values_only=True))
    assert sorted(r[2] for r in rows) == ["imported", "imported", "refused", "skipped"]

    assert client.post(batch_url + "/retry").status_code == 302  # the refused file is tried again (and refused again)
    wait_for(lambda: client.get(batch_url + "/progress").get_json()["finished"], 60, "the retry")


def test_a_teacher_may_not_upload_an_archive_and_another_department_cannot_see_a_batch(as_user, workers) -> None:  # noqa: ANN001, F811
    teacher = as_user("teacher")
    assert teacher.post("/import/batch", data={"archive": (io.BytesIO(ARCHIVE), "kho.zip")}).status_code == 403
    contrib = as_user("contrib")
    resp = contrib.post("/import/batch", data={"archive": (io.BytesIO(ARCHIVE), "kho.zip")})
    assert resp.status_code == 302
    assert as_user("board_qb").get(resp.headers["Location"]).status_code == 404


def test_the_api_imports_an_archive_as_jobs_and_reports_each_file(api, workers) -> None:  # noqa: ANN001, F811
    client = api("contrib")
    resp = client.post("/api/v1/imports/batches", data={"archive": (io.BytesIO(ARCHIVE), "kho.zip"), "exam": "HSG"},
                       content_type="multipart/form-data")
    assert resp.status_code == 202, resp.get_json()
    batch = resp.get_json()
    assert batch["total"] == 4 and {f["status"] for f in batch["files"]} >= {"skipped"}
    url = f"/api/v1/imports/batches/{batch['id']}"
    wait_for(lambda: client.get(url).get_json()["finished"], 90, "the batch")
    done = client.get(url).get_json()
    assert {f["path"].rsplit("/", 1)[-1]: f["status"] for f in done["files"]}["hong.docx"] == "refused"
    assert done["stored"] > 0 and done["options"]["tags"] == {"exam": "HSG"}
    assert client.get(url + "/report").status_code == 200


def test_an_exam_export_from_its_page_is_a_job_whose_page_ends_with_the_download(as_user, world, workers) -> None:  # noqa: ANN001, F811
    from qbank.domain.enums import Visibility
    from tests.functional.test_web_exams import build, stock

    stock(world.rt, visibility=Visibility.RESERVED)
    board = as_user("board")
    exam_id = build(board)
    assert f"/exams/{exam_id}/export-job" in board.get(f"/exams/{exam_id}").get_data(as_text=True)
    resp = board.post(f"/exams/{exam_id}/export-job", data={"format": "zip"})
    assert resp.status_code == 302 and "/exports/" in resp.headers["Location"]
    job_url = resp.headers["Location"]
    wait_for(lambda: board.get(job_url + "/status").get_json()["finished"], 60, "the export")
    assert 'id="export-download"' in board.get(job_url).get_data(as_text=True)
    file = board.get(job_url + "/file")
    assert file.status_code == 200 and file.data[:2] == b"PK"
    assert as_user("board_qb").get(job_url).status_code == 404  # only the one who asked
