"""In Chromium: upload a .zip of papers, confirm the batch's tags, watch the progress reach 100 %, read the outcome
per file and download the report."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from qbank.jobs.worker import ThreadedWorkers
from tests.browser.conftest import ARTIFACTS, login, shot
from tests.jobs_support import PAPERS, drop_queue, mixed_zip, use_own_queue

pytestmark = pytest.mark.browser


def test_upload_an_archive_watch_progress_reach_100_and_download_the_report(page, live_server, runtime, tmp_path) -> None:  # noqa: ANN001
    use_own_queue(runtime)
    archive = tmp_path / "kho_de_hsg.zip"
    archive.write_bytes(mixed_zip(PAPERS[:3], extra={"Lop 12/anh.png": b"\x89PNG", "Lop 12/hong.docx": b"not a Word file"}))
    base = live_server
    login(page, base, "contrib")
    page.goto(f"{base}/import")
    page.click("text=Hãy nhập theo lô")
    page.set_input_files("input[name=archive]", str(archive))
    page.click("#batch-form button[type=submit]")
    page.wait_for_selector("#batch-confirm")
    assert page.input_value("input[name=school_year]") == "2019-2020"  # the folder names suggest it for the whole batch
    assert "hình ảnh, không phải bộ câu hỏi" in page.inner_text(".batch-files")
    page.fill("input[name=exam]", "HSG")
    shot(page, "batch-01-confirm")

    with ThreadedWorkers(runtime, 2):
        page.click("#batch-confirm button[type=submit]")
        page.wait_for_selector("#batch-progress")
        shot(page, "batch-02-progress")
        # The page polls its progress and reloads once the batch is done.
        page.wait_for_selector("#batch-report", timeout=120_000)
    assert page.inner_text("#batch-progress .percent") == "100 %"
    assert "5 / 5" in page.inner_text("#batch-progress .progress-text")
    table = page.inner_text(".batch-files")
    assert table.count("đã nhập") == 3 and "bị từ chối" in table and "bỏ qua" in table
    shot(page, "batch-03-done")

    with page.expect_download() as download:
        page.click("#batch-report")
    saved = ARTIFACTS / "batch-report.xlsx"
    download.value.save_as(saved)
    rows = list(load_workbook(saved)["Files"].iter_rows(min_row=3, values_only=True))
    assert sorted(r[2] for r in rows) == ["imported", "imported", "imported", "refused", "skipped"]
    drop_queue(runtime)
